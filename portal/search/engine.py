"""Searching: a pool of searchers that notice new index versions, facets, hits, did-you-mean.

A searcher is reused across requests (one per concurrently searching thread); before each use
it is checked against the `current` link (a new build) and `up_to_date()` (an update).
"""
from __future__ import annotations

import heapq
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo
from pathlib import Path

from markupsafe import Markup
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage

from .analysis import LANGS, text_field
from .compounds import Splitter
from .scores import Scorer
from .spelling import FILE as SPELLING_FILE
from .spelling import Spelling
from .highlight import pdf_location, plain_snippet, snippet
from .index import IndexManager
from .query import Parsed, QueryBuilder, clean, parse

log = logging.getLogger(__name__)

# facet name (URL parameter) -> index field
FACETS = {"type": "section", "topic": "topic", "field": "field", "region": "region", "year": "year", "language": "langs"}


BERLIN = ZoneInfo("Europe/Berlin")
TIE_SLACK = 10  # candidates beyond the page, so that equal scores at its end sort by recency


def clock() -> float:
    """Now, as a Unix time: scheduled items become searchable when it passes their date."""
    return time.time()


# Idle searchers kept per process (each holds its own score caches): one per worker thread is enough.
IDLE_SEARCHERS = 4


class IndexMissing(RuntimeError):
    """No index has been built yet (the portal builds one at start)."""


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"  # relevance | date
    page: int = 1
    per_page: int = 10
    lang: str = "de"  # the visitor's language: its texts rank first and are shown


@dataclass
class Hit:
    key: str
    section: str
    slug: str
    lang: str  # language of the title shown
    title: str
    snippet: Markup
    snippet_lang: str
    date: datetime | None
    score: float
    langs: tuple[str, ...]
    pdf: tuple[str, int] | None = None  # (file, page) when the match is in an attachment


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool


@dataclass
class SearchResponse:
    request: SearchRequest
    searched: bool = False
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    did_you_mean: str | None = None
    approximate: bool = False  # a phrase took too long and was searched as all its words
    removals: list[tuple[str, str, int]] = field(default_factory=list)  # (facet, value, total without it)


class _State:
    """One open searcher with caches that live as long as it does."""

    def __init__(self, path: Path, splitter: Splitter, spelling: Spelling):
        self.path = path
        # Without mmap: whoosh-reloaded wraps each mapped range in BytesIO, which copies it, so every
        # searcher held a private copy of the segment (a worker grew to 2.5 GB at 10,000 documents).
        # Plain file reads go through the OS page cache, shared by all searchers and processes.
        self.index = FileStorage(str(path), supports_mmap=False).open_index()
        self.searcher = self.index.searcher()
        self.splitter = splitter
        self.spelling = spelling
        self.scores = Scorer(self.searcher)
        self.opened = time.time()
        self._facets: dict[str, dict[str, frozenset[int]]] = {}
        self._ts = None
        future = self.searcher.docs_for_query(wq.NumericRange("ts", int(self.opened) + 1, None))
        column = self.timestamps()
        self.future = {docnum: column[docnum] for docnum in future}

    def timestamps(self):
        if self._ts is None:
            self._ts = self.searcher.reader().column_reader("ts")
        return self._ts

    def facet(self, fieldname: str) -> dict[str, frozenset[int]]:
        cached = self._facets.get(fieldname)
        if cached is None:
            reader = self.searcher.reader()
            cached = {}
            for raw in reader.lexicon(fieldname):
                value = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                cached[value] = frozenset(self.searcher.postings(fieldname, value).all_ids())
            self._facets[fieldname] = cached
        return cached

    def mask(self, now: float) -> set[int]:
        return {docnum for docnum, ts in self.future.items() if ts > now}

    def fresh(self, path: Path | None) -> bool:
        return path == self.path and self.searcher.up_to_date()

    def close(self) -> None:
        try:
            self.searcher.close()
            self.index.close()
        except Exception:
            pass


class SearchService:
    def __init__(self, manager: IndexManager, phrase_timeout: float = 0.08):
        self.manager = manager
        self.phrase_timeout = phrase_timeout
        self._idle: list[_State] = []
        self._lock = threading.Lock()
        self._splitters: dict[Path, Splitter] = {}
        self._spellings: tuple[tuple | None, Spelling] = (None, Spelling())

    # the pool ------------------------------------------------------------------------------
    def _acquire(self) -> _State:
        path = self.manager.current_path()
        if path is None:
            raise IndexMissing("no search index yet")
        while True:
            with self._lock:
                state = self._idle.pop() if self._idle else None
            if state is None:
                break
            if state.fresh(path):
                return state
            state.close()
        with self._lock:
            splitter = self._splitters.get(path)
            if splitter is None:
                splitter = self.manager.load_splitter(path)
                self._splitters = {path: splitter}
            spelling = self._spelling(path)
        return _State(path, splitter, spelling)

    def _spelling(self, path: Path) -> Spelling:
        """The did-you-mean vocabulary of `path`, read again only when an update rewrote it."""
        try:
            version = (path, (path / SPELLING_FILE).stat().st_mtime_ns)
        except OSError:
            version = (path, 0)
        if self._spellings[0] != version:
            self._spellings = (version, Spelling.load(path))
        return self._spellings[1]

    def _release(self, state: _State) -> None:
        with self._lock:
            if len(self._idle) < IDLE_SEARCHERS:
                self._idle.append(state)
                return
        state.close()

    def available(self) -> bool:
        return self.manager.current_path() is not None

    def _with_state(self, work):
        state = self._acquire()
        try:
            result = work(state)
        except (OSError, whoosh_index.IndexError) as error:
            # an old build vanished under us: open the current one and try once more
            log.info("search: reopening index after %r", error)
            state.close()
            state = self._acquire()
            result = work(state)
        self._release(state)
        return result

    # searching -----------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResponse:
        return self._with_state(lambda state: self._search(state, request))

    def _search(self, state: _State, request: SearchRequest) -> SearchResponse:
        response = SearchResponse(request)
        parsed = parse(request.q)
        builder = QueryBuilder(state.splitter, request.lang)
        positive, negative = builder.build(parsed)
        filters = {name: values for name, values in request.filters.items() if values and name in FACETS}
        if positive is None and negative is None and not filters:
            return response
        response.searched = True
        mask = state.mask(clock())
        q = _combine(positive, negative)
        # every match with its score, from cached scored postings: hits, total and facet counts
        state.scores.approximate = False
        state.scores.deadline = time.monotonic() + self.phrase_timeout if parsed.has_phrase else None
        scores = state.scores.of(q)
        response.approximate = state.scores.approximate
        matched = set(scores).difference(mask) if mask else set(scores)
        selected = {name: self._union(state, name, values) for name, values in filters.items()}
        allowed = _intersect(matched, selected.values())
        ts = state.timestamps()
        response.total = len(allowed)
        start = (request.page - 1) * request.per_page
        if request.sort == "date" or positive is None:
            # newest first (a browse without words: all scores are equal)
            page = heapq.nsmallest(start + request.per_page, allowed, key=lambda d: (-ts[d], d))[start:]
        else:
            page = _best(scores, allowed, ts, start + request.per_page)[start:]
        items = [(scores.get(docnum, 1.0), docnum) for docnum in page]
        terms = builder.terms_by_field(positive)
        response.hits = [self._hit(state, docnum, score, terms, request.lang) for score, docnum in items]
        response.facets = self._facets(state, matched, selected, filters)
        if response.total < 3 and parsed.plain_words():
            response.did_you_mean = self._did_you_mean(state, request.q, parsed, zero=response.total == 0)
        if response.total == 0:
            for name, values in filters.items():
                for value in values:
                    rest = dict(selected)
                    rest[name] = self._union(state, name, [v for v in values if v != value]) if len(values) > 1 else None
                    count = len(_intersect(matched, [s for s in rest.values() if s is not None]))
                    response.removals.append((name, value, count))
        return response

    def _union(self, state: _State, name: str, values: list[str]) -> set[int]:
        docsets = state.facet(FACETS[name])
        union: set[int] = set()
        for value in values:
            union |= docsets.get(value, frozenset())
        return union

    def _facets(self, state, matched: set[int], selected: dict[str, set[int]], filters) -> dict[str, list[FacetValue]]:
        """Counts per value over the results filtered by every *other* facet (combinable facets)."""
        out: dict[str, list[FacetValue]] = {}
        for name, fieldname in FACETS.items():
            base = _intersect(matched, [s for other, s in selected.items() if other != name])
            chosen = set(filters.get(name, []))
            values = []
            for value, docs in state.facet(fieldname).items():
                count = len(base & docs) if len(base) < len(docs) else len(docs & base)
                if count or value in chosen:
                    values.append(FacetValue(value, count, value in chosen))
            values.sort(key=lambda v: (-int(v.value), 0) if name == "year" and v.value.isdigit() else (-v.count, v.value))
            out[name] = values
        return out

    def _hit(self, state: _State, docnum: int, score: float, terms: dict[str, set[str]], lang: str) -> Hit:
        searcher = state.searcher
        stored = searcher.stored_fields(docnum)
        langs = tuple(l for l in (stored.get("langs") or "de").split(",") if l)
        shown = lang if lang in langs else ("de" if "de" in langs else langs[0])
        title = stored.get(text_field(shown, "title")) or ""
        order = [shown] + [l for l in LANGS if l != shown]
        found = None
        for text_lang in order:
            for part in ("summary", "body", "pdf"):
                name = text_field(text_lang, part)
                result = snippet(searcher, name, docnum, terms.get(name, set()), stored.get(name) or "")
                if result is not None:
                    found = (result, text_lang, part)
                    break
            if found:
                break
        pdf = None
        if found is None:
            html, snippet_lang = plain_snippet(stored.get(text_field(shown, "summary")) or ""), shown
        else:
            (html, offset), snippet_lang, part = found
            if part == "pdf":
                pdf = pdf_location((stored.get("pdf_map") or {}).get(snippet_lang, []), offset)
        ts = stored.get("ts") or 0
        return Hit(
            key=stored["key"], section=stored["section"], slug=stored["slug"], lang=shown, title=title,
            snippet=html, snippet_lang=snippet_lang, score=float(score), langs=langs, pdf=pdf,
            date=datetime.fromtimestamp(ts, BERLIN) if ts else None,
        )

    def _did_you_mean(self, state: _State, text: str, parsed: Parsed, zero: bool) -> str | None:
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
        return self._with_state(lambda state: self._suggest(state, text, lang, limit))

    def _suggest(self, state: _State, text: str, lang: str, limit: int) -> dict:
        typed = [w.lower() for w in parse(text).plain_words()][:6]
        if not typed or len(typed[-1]) < 2:
            return {"titles": [], "terms": []}
        *earlier, last = typed
        searcher = state.searcher
        clauses = [wq.Term("title_plain", w) for w in earlier] + [wq.Prefix("title_plain", last)]
        results = searcher.search(wq.And(clauses), limit=limit, mask=state.mask(clock()) or None)
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


def _best(scores: dict[int, float], allowed: set[int], ts, n: int) -> list[int]:
    """The n best documents by score, equal scores by recency (reads dates only for the few candidates)."""
    if not allowed or n <= 0:
        return []
    key = lambda d: round(scores[d], 6)  # noqa: E731
    top = heapq.nlargest(n + TIE_SLACK, allowed, key=scores.__getitem__)
    if len(top) > n and key(top[-1]) == key(top[n - 1]):  # a tie runs past the spares: take all of it
        cutoff = key(top[n - 1])
        top = set(top) | {d for d in allowed if key(d) == cutoff}
    return sorted(top, key=lambda d: (-key(d), -ts[d], d))[:n]


def _combine(positive, negative):
    q = positive if positive is not None else wq.Every()
    return wq.AndNot(q, negative) if negative is not None else q


def _intersect(base: set[int], others) -> set[int]:
    result = base
    for other in others:
        result = result & other if len(result) < len(other) else other & result
    return set(result)
