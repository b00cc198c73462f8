"""Searching: a request in, a page of hits with snippets, facet counts and did-you-mean out.

The pieces: searchers.py (the pool of open searchers and their caches), scores.py (every match
with its BM25F score), docsets.py and facets.py (filters and counts), hits.py (the page).
"""
from __future__ import annotations

import time
from dataclasses import replace

from whoosh import query as wq

from .. import lazy
from .analysis import LANGS, text_field
from .docsets import intersect, size
from .facets import FACETS, chosen, counts, removals
from .hits import best, make_hit, newest
from .index import IndexManager
from .query import Parsed, QueryBuilder, clean, parse
from .results import FacetValue, Hit, SearchRequest, SearchResponse
from .places import split as split_places
from .searchers import IndexMissing, OpenSearcher, SearcherPool
from .signals import factors
from .synonyms import SynonymSource

np = lazy.module("numpy")  # imported on first use: start-up does without it

__all__ = ["FACETS", "FacetValue", "Hit", "IndexMissing", "SearchRequest", "SearchResponse", "SearchService"]


def clock() -> float:
    """Now, as a Unix time: scheduled items become searchable when it passes their date (the
    content store's clock, so tests move pages and search together)."""
    from ..content.store import now

    return now().timestamp()


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

    def _search(self, state: OpenSearcher, request: SearchRequest, correct: bool = True) -> SearchResponse:
        response = SearchResponse(request)
        synonyms = self.synonyms.current()
        parsed = parse(request.q)
        parsed, places, regions = split_places(parsed, state.place_names(), synonyms)
        builder = QueryBuilder(state.splitter, request.lang, synonyms, state.searcher.doc_frequency)
        positive, negative = builder.build(parsed)
        filters = {name: values for name, values in request.filters.items() if values and name in FACETS}
        if positive is None and negative is None and not filters:
            return response
        response.searched = True
        # every match with its score, from cached scored postings: hits, total and facet counts
        scorer = state.scores
        scorer.approximate = False
        scorer.deadline = time.monotonic() + self.phrase_timeout if parsed.has_phrase else None
        now = clock()
        scores = scorer.of(_combine(positive, negative))
        if positive is not None and not scores.any() and len(parsed.groups) > 1:
            scores, response.relaxed = relaxed(scorer, builder, parsed, negative), True
        if places and positive is not None:
            scores = with_places(scores, scorer, builder, places, state.docsets.mask(state.region_set(regions)))
        if positive is not None:
            scores = scores * factors(state, now)
        response.approximate = scorer.approximate
        docsets = state.docsets
        shown = scores > 0  # every match scores more than 0
        hidden = state.hidden(now)
        if hidden:
            shown[hidden] = False
        matched = docsets.of_mask(shown)
        selected = {name: chosen(docsets, name, values) for name, values in filters.items()}
        allowed = intersect(matched, selected.values())
        response.total = size(allowed)
        if response.total == 0 and correct and parsed.plain_words():
            corrected = self._did_you_mean(state, request.q, parsed, zero=True)
            if corrected:
                retry = self._search(state, replace(request, q=corrected), correct=False)
                if retry.total:
                    retry.corrected_from, retry.did_you_mean = request.q, corrected
                    return retry
        candidates = shown if allowed == matched else docsets.mask(allowed)
        start = (request.page - 1) * request.per_page
        if request.sort == "date" or positive is None:  # newest first (without words all scores are equal)
            page = newest(candidates, state.timestamps(), start + request.per_page)[start:]
        else:
            page = best(scores, candidates, state.timestamps(), start + request.per_page)[start:]
        terms = builder.terms_by_field(positive)
        shown_lang = _shown_language(request)
        response.hits = [make_hit(state, docnum, scores[docnum], terms, shown_lang) for docnum in page]
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

    # whole result lists (citation exports) ---------------------------------------------------
    def ranked_keys(self, request: SearchRequest, limit: int) -> tuple[int, list[str]]:
        """The total and the keys ("section/slug") of the first `limit` matches in the search page's
        order: an export of a whole result list needs no snippets, which are most of a page's cost."""
        return self.pool.run(lambda state: self._ranked_keys(state, request, limit))

    def _ranked_keys(self, state: OpenSearcher, request: SearchRequest, limit: int) -> tuple[int, list[str]]:
        parsed = parse(request.q)
        positive, negative = QueryBuilder(state.splitter, request.lang).build(parsed)
        filters = {name: values for name, values in request.filters.items() if values and name in FACETS}
        if positive is None and negative is None and not filters:
            return 0, []
        scorer = state.scores
        scorer.approximate = False
        scorer.deadline = time.monotonic() + self.phrase_timeout if parsed.has_phrase else None
        scores = scorer.of(_combine(positive, negative))
        shown = scores > 0
        hidden = state.hidden(clock())
        if hidden:
            shown[hidden] = False
        docsets = state.docsets
        allowed = intersect(docsets.of_mask(shown), [chosen(docsets, n, v) for n, v in filters.items()])
        candidates = docsets.mask(allowed)
        if request.sort == "date" or positive is None:
            order = newest(candidates, state.timestamps(), limit)
        else:
            order = best(scores, candidates, state.timestamps(), limit)
        return size(allowed), [state.searcher.stored_fields(d)["key"] for d in order]

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


def _shown_language(request: SearchRequest) -> str:
    """The language hits are shown in: the page's, or the one language the facet asks for
    ("available in English" on the German site lists the English texts)."""
    chosen_langs = request.filters.get("language") or []
    return chosen_langs[0] if len(chosen_langs) == 1 and chosen_langs[0] in LANGS else request.lang


def relaxed(scorer, builder: QueryBuilder, parsed: Parsed, negative):
    """No item has every word: the items with all words but one, by their scores."""
    parts = [builder.build(Parsed(groups=[group]))[0] for group in parsed.groups]
    arrays = [scorer.of(_combine(q, negative)) for q in parts if q is not None]
    if len(arrays) < 2:
        return arrays[0] if arrays else scorer.all() * 0
    total = np.sum(arrays, axis=0)
    matched = np.sum([a > 0 for a in arrays], axis=0)
    return np.where(matched >= len(arrays) - 1, total, 0.0)


PLACE_REGION = 1.3  # items tagged with the district a query names


def with_places(scores, scorer, builder: QueryBuilder, places, in_region):
    """The place words of a query add to the score of hits that mention them; hits tagged with the
    place rank higher; neither is required."""
    extra = np.zeros_like(scores)
    for clause in places:
        q = builder.clause(clause)
        if q is not None:
            extra = extra + scorer.of(q)
    lifted = (scores + extra) * np.where(in_region, PLACE_REGION, 1.0)
    return np.where(scores > 0, lifted, 0.0)


def _combine(positive, negative):
    q = positive if positive is not None else wq.Every()
    return wq.AndNot(q, negative) if negative is not None else q
