"""Update the translation catalogs after interface strings change.

    .venv/bin/python scripts/i18n.py          extract, update de/en, fill English, report gaps

Interface strings are written in English in the code, so the English catalog is filled with the
source strings; German translations are written by hand in translations/de/LC_MESSAGES/messages.po.
Exits non-zero while any German entry is empty or fuzzy, so a gap cannot slip through.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "translations" / "messages.pot"
BIN = Path(sys.executable).parent


def run(*args: str) -> None:
    subprocess.run([str(BIN / "pybabel"), *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def catalog_path(lang: str) -> Path:
    return ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"


def extract(target: Path = POT) -> None:
    # --ignore-dirs: Babel skips folders starting with "_" by default, and templates/_layout has strings
    run("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "--no-location", "--sort-output",
        "--ignore-dirs", ".*", "--project", "BiSMit-Portal", "-o", str(target), ".")


def main() -> int:
    extract()
    for lang in ("de", "en"):
        if catalog_path(lang).exists():
            run("update", "-i", str(POT), "-d", "translations", "-l", lang, "--no-fuzzy-matching", "--ignore-obsolete")
        else:
            run("init", "-i", str(POT), "-d", "translations", "-l", lang)
    fill_english()
    missing = german_gaps()
    for message in missing:
        print(f"untranslated (de): {message}")
    return 1 if missing else 0


def fill_english() -> None:
    path = catalog_path("en")
    with path.open("rb") as f:
        catalog = read_po(f, locale="en")
    for message in catalog:
        if message.id and not message.string or (isinstance(message.string, tuple) and not any(message.string)):
            message.string = message.id
    catalog.fuzzy = False
    with path.open("wb") as f:
        write_po(f, catalog, sort_output=True, no_location=True)


def german_gaps() -> list[str]:
    with catalog_path("de").open("rb") as f:
        catalog = read_po(f, locale="de")
    gaps = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            gaps.append(message.id if isinstance(message.id, str) else message.id[0])
    return gaps


if __name__ == "__main__":
    sys.exit(main())
