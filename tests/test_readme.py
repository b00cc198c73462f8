"""The README is what a newcomer follows: its settings table, its commands and how it spells them."""
import re

from portal.config import REPO_ROOT, SETTINGS

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)
SPAN = re.compile(r"`([^`\n]+)`")
# `flask …` not called by a path: another Python's flask, without the portal's commands
BARE_FLASK = re.compile(r"(?<![/\w.-])flask (?:--app|[a-z][\w-]*)")
VENV_FLASK = ".venv/bin/flask --app wsgi"
COMMANDS = README.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]


def code(text: str) -> list[str]:
    """Fenced blocks (their comments included) and the inline code spans of the prose around them."""
    return FENCE.findall(text) + SPAN.findall(FENCE.sub("", text))


def test_every_setting_is_in_the_readme_and_nothing_else_is():
    rows = set(re.findall(r"^\| `(PORTAL_[A-Z0-9_]+)` \|", README, re.M))
    expected = {f"PORTAL_{name}" for name in SETTINGS} | {"PORTAL_INSTANCE_DIR"}  # the factory reads that one itself
    assert rows == expected


def test_code_finds_spans_and_blocks_and_the_check_finds_a_bare_flask():
    sample = "Run `flask db upgrade`.\n\n```sh\nbash x.sh  # then `flask content check`\n/srv/p/.venv/bin/flask --app wsgi db upgrade\n```\n"
    found = [m.group(0) for part in code(sample) for m in BARE_FLASK.finditer(part)]
    assert found == ["flask content", "flask db"]


def test_every_flask_command_is_called_by_the_venv_path_with_the_app():
    bare = sorted({m.group(0) for part in code(README) for m in BARE_FLASK.finditer(part)})
    assert bare == [], f"call these as `{VENV_FLASK} …`: {bare}"
    without_app = re.findall(r"\.venv/bin/flask (?!--app wsgi )\S+", README)
    assert without_app == []


def test_the_commands_section_lists_every_command_of_the_portal(app_factory):
    app = app_factory()
    wanted = [f"{group} {name}" for group, command in app.cli.commands.items()
              for name, sub in getattr(command, "commands", {}).items()
              if sub.callback.__module__.startswith("portal.") or (group, name) == ("db", "upgrade")]
    assert "registrations send-outbox" in wanted and "search build" in wanted
    missing = [name for name in wanted if f"`{VENV_FLASK} {name}" not in COMMANDS]
    assert missing == []


def test_every_test_marker_is_explained():
    """pytest.ini's markers are the README's: a new one must say what it needs and how it skips."""
    ini = (REPO_ROOT / "pytest.ini").read_text(encoding="utf-8")
    block = re.search(r"^markers =\n((?:[ \t]+.*\n)+)", ini, re.M).group(1)
    declared = set(re.findall(r"^\s+(\w+):", block, re.M))
    explained = set(re.findall(r"^  - `(\w+)`", COMMANDS, re.M))
    assert "proxy" in declared and declared == explained
