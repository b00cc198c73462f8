"""The set of all documents a query matches, without scoring: for totals and facet counts.

Whoosh's `docs_for_query` walks the query's matcher tree document by document in Python; for a
word that is searched in a dozen fields and occurs in most documents that costs tens of ms.
Here each term's postings become a set once (cached for the life of the searcher, bounded), and
And/Or/AndNot are set operations. Phrases (positions) are left to Whoosh.
"""
from __future__ import annotations

from collections import OrderedDict

from whoosh import query as wq
from whoosh.reading import TermNotFound

CACHE_IDS = 400_000  # document numbers kept per searcher (ints in frozensets: roughly 15-30 MB)


class DocSets:
    """Matching document numbers per query, with an LRU cache of term postings."""

    def __init__(self, searcher):
        self.searcher = searcher
        self._terms: OrderedDict[tuple[str, str], frozenset[int]] = OrderedDict()
        self._size = 0
        self._all: frozenset[int] | None = None

    def all(self) -> frozenset[int]:
        if self._all is None:
            self._all = frozenset(self.searcher.reader().all_doc_ids())
        return self._all

    def term(self, fieldname: str, text) -> frozenset[int]:
        key = (fieldname, text)
        found = self._terms.get(key)
        if found is not None:
            self._terms.move_to_end(key)
            return found
        try:
            found = frozenset(self.searcher.postings(fieldname, text).all_ids())
        except (TermNotFound, KeyError):
            found = frozenset()
        self._terms[key] = found
        self._size += len(found)
        while self._size > CACHE_IDS and len(self._terms) > 1:
            _, dropped = self._terms.popitem(last=False)
            self._size -= len(dropped)
        return found

    def of(self, q: wq.Query) -> frozenset[int] | set[int]:
        """Every live document that `q` matches."""
        if isinstance(q, wq.Term):
            return self.term(q.fieldname, q.text)
        if isinstance(q, wq.Every):
            return self.all()
        if isinstance(q, wq.AndNot):
            return self.of(q.a) - self.of(q.b)
        if isinstance(q, wq.And):
            return _intersection([self.of(sub) for sub in q.subqueries])
        if isinstance(q, wq.Or):
            result: set[int] = set()
            for sub in q.subqueries:
                result |= self.of(sub)
            return result
        if isinstance(q, wq.Phrase):
            if not _intersection([self.term(q.fieldname, word) for word in q.words]):
                return frozenset()  # a word is missing: no position to check
        return set(self.searcher.docs_for_query(q))


def _intersection(sets: list) -> set[int] | frozenset[int]:
    if not sets:
        return frozenset()
    sets = sorted(sets, key=len)
    result = sets[0]
    for other in sets[1:]:
        if not result:
            break
        result = result & other
    return result

