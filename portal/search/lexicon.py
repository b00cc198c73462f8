"""The German noun lexicon that compound splitting draws its parts from.

~120,000 folded noun forms (lemmas and plurals of Wiktionary's common nouns, via german-nouns 1.2.5;
scripts/build_lexicon.py) shipped gzipped with the code, read once per process on first use. With
it a part is found although it never stands alone in the corpus, and only nouns are parts
(no `weit`, no `weiter`: Weiterbildung stays whole).
"""
from __future__ import annotations

import gzip
import threading
from pathlib import Path

LEXICON_FILE = Path(__file__).with_name("lexicon_data") / "nouns-de.txt.gz"
MIN_LEN = 4
MAX_LEN = 30
# Nouns that are also derivational endings: as parts they split words that are not compounds
# (Landschaft is not Land + Schaft, Wanderung not Wand + erung).
NOT_PARTS = frozenset("""
schaft schaften heit heiten keit keiten tung ling linge nisse tums erei ereien chen lein ismus
rung rungen lung nung ation ationen ende enden erin innen tion tionen sein seins
""".split())

_lock = threading.Lock()
_nouns: frozenset[str] | None = None


def nouns() -> frozenset[str]:
    """The folded noun forms (ä -> ae, ß -> ss, lower case); empty when the data file is missing."""
    global _nouns
    if _nouns is None:
        with _lock:
            if _nouns is None:
                try:
                    _nouns = frozenset(gzip.decompress(LEXICON_FILE.read_bytes()).decode("ascii").split())
                except OSError:
                    _nouns = frozenset()
    return _nouns
