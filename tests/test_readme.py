"""The README's configuration table names every setting the portal reads (operators configure from it)."""
import re

from portal.config import REPO_ROOT, SETTINGS


def test_every_setting_is_in_the_readme_and_nothing_else_is():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `(PORTAL_[A-Z0-9_]+)` \|", readme, re.M))
    expected = {f"PORTAL_{name}" for name in SETTINGS} | {"PORTAL_INSTANCE_DIR"}  # the factory reads that one itself
    assert rows == expected
