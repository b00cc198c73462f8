"""German compound splitting from a noun lexicon and the corpus's own nouns.

`Fachkräftemangel` -> `fachkraefte mangel`, `Bildungsmonitoring` -> `bildung monitoring`
(linking forms such as the `s` of "Bildungs" are recognised). The parts go into a separate,
lower-boosted field, so a compound is found by its parts and the exact compound still ranks first.
Parts are nouns only: words of the German noun lexicon (lexicon.py, Wiktionary) and words the
corpus writes capitalised and never in lower case (its own terms, names of programmes), so an
adverb such as "weit" or "weiter" is never a part and Weiterbildung stays whole. A query word is
split only when it has no matches of its own (query.py).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .analysis import GERMAN_STOP, fold, words
from .lexicon import NOT_PARTS, nouns

MIN_PART = 4
MIN_WORD = 8
LINKERS = ("", "s", "es", "n", "en", "er", "e")

# Heads that drop the final e of their noun (Schule -> Schulabschluss); not "weit" (Weite).
ELIDED = frozenset("schul sprach kirch erd grenz farb mess".split())
# Domain nouns the lexicon may lack.
SEED = """
kennzahl kennzahlen revier strukturwandel monitoring kita kitas fachkraft fachkraefte
""".split()


def word_counts(texts: Iterable[str]) -> Counter[str]:
    """In how many texts each word form occurs, as written (counted in C; folded by vocabulary_of)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(words(text)))
    return counts


def vocabulary_of(counts: Counter[str], min_count: int = 1) -> set[str]:
    """The corpus's nouns: folded words of at least MIN_PART letters counted at least `min_count`
    times, always written with a capital and never in lower case (German nouns), plus SEED.

    Separate from the counting so that build workers count their shares and one process adds
    up. Forms that fold alike (Kita, KITA) add up, so a count may exceed the number of texts.
    """
    folded: Counter[str] = Counter()
    lower: set[str] = set()
    for word, count in counts.items():
        if len(word) >= MIN_PART and not word.isdigit():
            key = fold(word)
            if word[0].islower():
                lower.add(key)
            else:
                folded[key] += count
    vocab = {w for w, n in folded.items()
             if n >= min_count and w not in lower and w not in GERMAN_STOP and w not in NOT_PARTS}
    vocab.update(SEED)
    return vocab


def vocabulary(texts: Iterable[str], min_count: int = 1) -> set[str]:
    """Folded words of at least MIN_PART letters that occur in the texts, plus SEED."""
    return vocabulary_of(word_counts(texts), min_count)


class Splitter:
    """Splits folded words into known parts; results are cached per word."""

    def __init__(self, vocab: set[str], lexicon: frozenset[str] | None = None):
        self.vocab = vocab  # the corpus's nouns (written to the build's vocab.txt)
        self._lexicon = lexicon  # the noun lexicon, read on first use
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

    def known(self, part: str) -> bool:
        """Whether `part` (folded) is a noun that may be a part of a compound."""
        if part in NOT_PARTS:
            return False
        if part in self.vocab:
            return True
        if self._lexicon is None:
            self._lexicon = nouns()
        return part in self._lexicon

    def _split(self, word: str) -> list[str] | None:
        """The parts of the first cut: the longest known head, a linking form, then the rest
        (itself cut if it is a compound)."""
        return self._cut(word)

    def finest(self, word: str) -> tuple[str, ...]:
        """The parts, and the parts of parts that are compounds themselves (Fachkräfte in
        Fachkräftesicherungs-), for the index: every level is findable."""
        found: list[str] = []
        for part in self.split(word):
            found.append(part)
            if len(part) >= MIN_WORD:
                found.extend(self.split(part))
        return tuple(dict.fromkeys(found))

    def _head(self, head: str) -> bool:
        """A known noun as the first part, or one of the few that drop their final e (Schul-)."""
        return self.known(head) or head in ELIDED

    def _tail(self, tail: str) -> bool:
        """A known noun as the last part, also inflected: dative plural -n, genitive -s."""
        return self.known(tail) or (tail[-1] in "ns" and self.known(tail[:-1]))

    def _cut(self, word: str) -> list[str] | None:
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):  # longest head first
            head = word[:cut]
            if not self._head(head):
                continue
            rest = word[cut:]
            tails = [rest[len(linker):] for linker in LINKERS if rest.startswith(linker)]
            tails = [tail for tail in tails if len(tail) >= MIN_PART]
            for tail in tails:  # a whole known tail before any deeper cut (Kindertages|einrichtungen)
                if self._tail(tail):
                    return [head, tail]
            for tail in tails:
                deeper = self._cut(tail) if len(tail) >= MIN_WORD else None
                if deeper:
                    return [head, *deeper]
        return None

    def parts_text(self, text: str) -> str:
        """The parts of the compounds in `text`, each part once, for the `parts` field.

        Once: how many compounds of a text share a part (Bildungsbericht, Bildungsmonitoring, ...)
        barely moved the ranking (nDCG@10 0.907 -> 0.906, bench/relevance), and writing each part
        once makes the field 42 % shorter, which is what the lexicon's extra parts cost a build.
        """
        found: list[str] = []
        written = self._written
        for word in set(words(text)):
            parts = written.get(word)
            if parts is None:
                parts = self.finest(word)
                if len(written) < 500_000:
                    written[word] = parts
            found.extend(parts)
        return " ".join(dict.fromkeys(found))
