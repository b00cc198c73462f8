"""The index's own vocabulary of word forms with document counts: did-you-mean and suggestions.

Kept beside the index (spelling.tsv in the build directory) instead of in an unstemmed Whoosh
field: such a field held almost half of all postings and so almost half of the build time, for a
list of some ten thousand words.
"""
from __future__ import annotations

import os
import uuid
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from whoosh.spelling import ListCorrector

from .analysis import LANGS, text_field, words

FILE = "spelling.tsv"


def doc_words(doc: Mapping) -> set[str]:
    """The distinct word forms of a document's titles, summaries and bodies (not its PDFs)."""
    found: set[str] = set()
    for lang in LANGS:
        for part in ("title", "summary", "body"):
            text = doc.get(text_field(lang, part))
            if text:  # distinct words first: most words of a text repeat
                found.update(w.lower() for w in set(words(text)) if len(w) > 2 and not w.isdigit())
    return found


class Spelling:
    """Word forms and the number of documents that contain each."""

    def __init__(self, counts: Counter[str] | None = None):
        self.counts: Counter[str] = counts or Counter()
        self._sorted: list[str] | None = None

    # building ------------------------------------------------------------------------------
    def add(self, forms: Iterable[str], sign: int = 1) -> None:
        self._sorted = None
        if sign == 1:
            self.counts.update(forms)  # counting in C: the build adds every document's words
            return
        for form in forms:
            self.counts[form] += sign
            if self.counts[form] <= 0:
                del self.counts[form]

    def save(self, directory: Path) -> None:
        tmp = directory / f".{FILE}.{uuid.uuid4().hex}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.writelines(f"{w}\t{n}\n" for w, n in sorted(self.counts.items()))
        os.replace(tmp, directory / FILE)

    @classmethod
    def load(cls, directory: Path) -> "Spelling":
        counts: Counter[str] = Counter()
        try:
            with open(directory / FILE, encoding="utf-8") as handle:
                for line in handle:
                    word, _, count = line.rstrip("\n").partition("\t")
                    counts[word] = int(count or 1)
        except FileNotFoundError:
            pass
        return cls(counts)

    # reading -------------------------------------------------------------------------------
    def _words(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self.counts)
        return self._sorted

    def count(self, word: str) -> int:
        return self.counts.get(word, 0)

    def suggest(self, word: str, maxdist: int = 1, prefix: int = 1) -> str | None:
        """The most frequent known form within `maxdist` edits (nearer ones first), or None."""
        best = None
        candidates = ListCorrector(self._words())._suggestions(word, maxdist, prefix) if self._words() else ()
        for score, form in candidates:  # score = -distance
            if form == word:
                continue
            key = (score, self.counts[form], form)
            if best is None or key[:2] > best[:2]:
                best = key
        return best[2] if best else None

    def expand(self, prefix: str, limit: int = 300) -> list[tuple[int, str]]:
        """(count, form) of up to `limit` forms that start with `prefix`, in alphabetical order."""
        forms = self._words()
        out = []
        for i in range(bisect_left(forms, prefix), min(len(forms), bisect_left(forms, prefix) + limit)):
            if not forms[i].startswith(prefix):
                break
            out.append((self.counts[forms[i]], forms[i]))
        return out
