"""The systemd units as shipped: every timer has its service, each service runs a command the portal
has, and the README's install line enables every timer (an operator copies it as it stands)."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"


def test_every_timer_has_a_service_with_a_portal_command(app_factory):
    app = app_factory()
    timers = sorted(UNITS.glob("*.timer"))
    assert timers
    for timer in timers:
        service = timer.with_suffix(".service").read_text()
        command = re.search(r"^ExecStart=\S+/flask --app wsgi (.+)$", service, re.M)
        assert command, timer.name
        # the command exists: its --help answers (a renamed command would fail here, not at 3 a.m.)
        result = app.test_cli_runner().invoke(args=[*command.group(1).split(), "--help"])
        assert result.exit_code == 0, (timer.name, result.output)


def test_the_readme_and_the_portal_unit_enable_every_timer():
    timers = {t.name for t in UNITS.glob("*.timer")}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = re.search(r"systemctl enable --now(.*?)`", readme, re.S).group(1)
    assert timers <= set(install.split())
    unit = (UNITS / "bismit-portal.service").read_text()
    assert timers <= set(re.search(r"enable --now(.*?)\n\[Unit\]", unit, re.S).group(1).replace("#", " ").replace("\\", " ").split())
