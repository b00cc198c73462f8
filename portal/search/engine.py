"""Searching: a request in, a page of hits with snippets, facet counts and did-you-mean out.

The pieces: searchers.py (the pool of open searchers and their caches), scores.py (every match
with its BM25F score), docsets.py and facets.py (filters and counts), hits.py (the page).
"""
from __future__ import annotations

import time

from whoosh import query as wq

from .analysis import text_field
from .docsets import intersect, size
from .facets import FACETS, chosen, counts, removals
from .hits import best, make_hit, newest
from .index import IndexManager
from .query import Parsed, QueryBuilder, clean, parse
from .results import FacetValue, Hit, SearchRequest, SearchResponse
from .searchers import IndexMissing, OpenSearcher, SearcherPool
from .synonyms import SynonymSource

__all__ = ["FACETS", "FacetValue", "Hit", "IndexMissing", "SearchRequest", "SearchResponse", "SearchService"]


def clock() -> float:
    """Now, as a Unix time: scheduled items become searchable when it passes their date."""
    return time.time()


class SearchService:
    def __init__(self, manager: IndexManager, phrase_timeout: float = 0.08, synonyms: SynonymSource | None = None):
        self.manager = manager
        self.phrase_timeout = phrase_timeout
        self.pool = SearcherPool(manager)
        self.synonyms = synonyms or SynonymSource(None)

    def available(self) -> bool:
        return self.pool.available()

    # searching -----------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResponse:
        return self.pool.run(lambda state: self._search(state, request))

    def _search(self, state: OpenSearcher, request: SearchRequest) -> SearchResponse:
        response = SearchResponse(request)
        parsed = parse(request.q)
        builder = QueryBuilder(state.splitter, request.lang, self.synonyms.current(), state.searcher.doc_frequency)
        positive, negative = builder.build(parsed)
        filters = {name: values for name, values in request.filters.items() if values and name in FACETS}
        if positive is None and negative is None and not filters:
            return response
        response.searched = True
        # every match with its score, from cached scored postings: hits, total and facet counts
        scorer = state.scores
        scorer.approximate = False
        scorer.deadline = time.monotonic() + self.phrase_timeout if parsed.has_phrase else None
        scores = scorer.of(_combine(positive, negative))
        response.approximate = scorer.approximate
        docsets = state.docsets
        shown = scores > 0  # every match scores more than 0
        hidden = state.hidden(clock())
        if hidden:
            shown[hidden] = False
        matched = docsets.of_mask(shown)
        selected = {name: chosen(docsets, name, values) for name, values in filters.items()}
        allowed = intersect(matched, selected.values())
        response.total = size(allowed)
        candidates = shown if allowed == matched else docsets.mask(allowed)
        start = (request.page - 1) * request.per_page
        if request.sort == "date" or positive is None:  # newest first (without words all scores are equal)
            page = newest(candidates, state.timestamps(), start + request.per_page)[start:]
        else:
            page = best(scores, candidates, state.timestamps(), start + request.per_page)[start:]
        terms = builder.terms_by_field(positive)
        response.hits = [make_hit(state, docnum, scores[docnum], terms, request.lang) for docnum in page]
        response.facets = counts(docsets, matched, selected, filters)
        if response.total < 3 and parsed.plain_words():
            response.did_you_mean = self._did_you_mean(state, request.q, parsed, zero=response.total == 0)
        if response.total == 0:
            response.removals = removals(docsets, matched, selected, filters)
        return response

    def _did_you_mean(self, state: OpenSearcher, text: str, parsed: Parsed, zero: bool) -> str | None:
        spelling = state.spelling
        corrected = clean(text)
        changed = False
        for word in parsed.plain_words():
            lower = word.lower()
            if len(lower) < 4 or lower.isdigit() or spelling.count(lower) > 0:
                continue
            found = spelling.suggest(lower, maxdist=1, prefix=1)
            if not found and zero and len(lower) >= 7:
                found = spelling.suggest(lower, maxdist=2, prefix=1)
            if found:
                replacement = found.capitalize() if word[:1].isupper() else found
                corrected = corrected.replace(word, replacement, 1)
                changed = True
        return " ".join(corrected.split()) if changed else None

    # suggestions as you type -----------------------------------------------------------------
    def suggest(self, text: str, lang: str, limit: int = 6) -> dict:
        return self.pool.run(lambda state: self._suggest(state, text, lang, limit))

    def _suggest(self, state: OpenSearcher, text: str, lang: str, limit: int) -> dict:
        typed = [w.lower() for w in parse(text).plain_words()][:6]
        if not typed or len(typed[-1]) < 2:
            return {"titles": [], "terms": []}
        *earlier, last = typed
        clauses = [wq.Term("title_plain", w) for w in earlier] + [wq.Prefix("title_plain", last)]
        hidden = state.hidden(clock())
        results = state.searcher.search(wq.And(clauses), limit=limit, mask=set(hidden) or None)
        titles = []
        for hit in results:
            langs = (hit.get("langs") or "de").split(",")
            shown = lang if lang in langs else "de"
            titles.append({"section": hit["section"], "slug": hit["slug"], "lang": shown,
                           "title": hit.get(text_field(shown, "title")) or ""})
        candidates = state.spelling.expand(last)
        candidates.sort(key=lambda c: (-c[0], c[1]))
        prefix = " ".join(earlier)
        terms = [f"{prefix} {term}".strip() for count, term in candidates[:limit] if count >= 2 or len(candidates) < limit]
        return {"titles": titles, "terms": terms}


def _combine(positive, negative):
    q = positive if positive is not None else wq.Every()
    return wq.AndNot(q, negative) if negative is not None else q
