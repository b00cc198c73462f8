"""German compound splitting from the corpus's own vocabulary (plus a few domain words).

`Fachkräftemangel` -> `fachkraefte mangel`, `Bildungsmonitoring` -> `bildung monitoring`
(linking forms such as the `s` of "Bildungs" are recognised). The parts go into a separate,
lower-boosted field, and split query words search for their parts with a lower boost, so a
compound is found by its parts and the exact compound still ranks first.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .analysis import GERMAN_STOP, fold, words

MIN_PART = 4
MIN_WORD = 8
LINKERS = ("", "s", "es", "n", "en", "er", "e")

# Domain words that may not occur on their own in a small corpus.
SEED = """
arbeit arbeitsmarkt ausbildung angebot beratung betreuung bericht bildung bildungs daten
demografie entwicklung fach fachkraft fachkraefte forschung fruehe foerderung gesellschaft
hochschule jugend kinder kita kommune kommunen land lernen mangel markt monitoring netzwerk
planung politik qualitaet quote region revier schule schulen schueler sicherung sozial
steuerung strategie struktur strukturwandel studie system teilhabe uebergang uebergaenge
unterricht verwaltung wandel weiterbildung wirtschaft zukunft kennzahl kennzahlen bedarf
personal erzieher lehrkraefte lehrer angebote abschluss berufs beruf
""".split()


def word_counts(texts: Iterable[str]) -> Counter[str]:
    """In how many texts each word form occurs, as written (counted in C; folded by vocabulary_of)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(words(text)))
    return counts


def vocabulary_of(counts: Counter[str], min_count: int = 1) -> set[str]:
    """Folded words of at least MIN_PART letters counted at least `min_count` times, plus SEED.

    Separate from the counting so that build workers count their shares and one process adds
    up. Forms that fold alike (Kita, kita) add up, so a count may exceed the number of texts.
    """
    folded: Counter[str] = Counter()
    for word, count in counts.items():
        if len(word) >= MIN_PART and not word.isdigit():
            folded[fold(word)] += count
    vocab = {w for w, n in folded.items() if n >= min_count and w not in GERMAN_STOP}
    vocab.update(SEED)
    return vocab


def vocabulary(texts: Iterable[str], min_count: int = 1) -> set[str]:
    """Folded words of at least MIN_PART letters that occur in the texts, plus SEED."""
    return vocabulary_of(word_counts(texts), min_count)


class Splitter:
    """Splits folded words into known parts; results are cached per word."""

    def __init__(self, vocab: set[str]):
        self.vocab = vocab
        self._cache: dict[str, tuple[str, ...]] = {}
        self._written: dict[str, tuple[str, ...]] = {}  # the same, by the word as written (no folding)

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of a compound, or () when the word is not a known compound."""
        folded = fold(word)
        if len(folded) < MIN_WORD or not folded.isalpha():
            return ()
        cached = self._cache.get(folded)
        if cached is None:
            cached = tuple(self._split(folded) or ())
            if len(self._cache) < 500_000:
                self._cache[folded] = cached
        return cached

    def _split(self, word: str) -> list[str] | None:
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):  # longest head first
            head = word[:cut]
            if head not in self.vocab:
                continue
            rest = word[cut:]
            for linker in LINKERS:
                if linker and not rest.startswith(linker):
                    continue
                tail = rest[len(linker):]
                if len(tail) < MIN_PART:
                    continue
                if tail in self.vocab:
                    return [head, tail]
                deeper = self._split(tail) if len(tail) >= MIN_WORD else None
                if deeper:
                    return [head, *deeper]
        return None

    def parts_text(self, text: str) -> str:
        """The parts of every compound in `text` (each distinct word once), for the `parts` field."""
        found: list[str] = []
        written = self._written
        for word in set(words(text)):
            parts = written.get(word)
            if parts is None:
                parts = self.split(word)
                if len(written) < 500_000:
                    written[word] = parts
            found.extend(parts)
        return " ".join(found)
