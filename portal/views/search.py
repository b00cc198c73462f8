"""The search page (/de/suche, /en/search) and suggestions as you type (JSON)."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from ..i18n import current_language, localized
from ..search import FACETS, FacetValue, IndexMissing, SearchRequest, get_search, read_filters
from ..content.sections import search_facets
from ..content.store import get_corpus
from ..content.store import now as content_now
from ..templating import count_format, section_headings
from . import answers
from .common import page_number

bp = Blueprint("search", __name__)

class SearchLinks:
    """Links to the current search with one change: toggle=(facet, value), sort=..., q=..., page=n.

    The page links every facet value (~50 links): the query string is built here from the current
    one, the same as url_for would build it, with the path and each parameter encoded once per page.
    """

    def __init__(self):
        self.path = url_for("search.index")
        self.args = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
        self.by_url_for = "lang" in request.args  # url_for would take it as the route's language
        self._encoded: dict[tuple[str, str], str] = {}

    def url(self, page: int | None = None, **changes) -> str:
        if self.by_url_for:
            return _search_url_for(page, **changes)
        args = list(self.args)
        toggle = changes.get("toggle")
        if toggle:
            name, value = toggle
            if (name, value) in args:
                args = [(k, v) for k, v in args if (k, v) != (name, value)]
            else:
                args.append((name, value))
        for key in ("sort", "q"):
            if key in changes:
                args = _set(args, key, changes[key])
        if page and page > 1:
            args.append(("page", str(page)))
        args.sort(key=_order(args))
        return f"{self.path}?{'&'.join(map(self._encode, args))}" if args else self.path

    def _encode(self, pair: tuple[str, str]) -> str:
        """One parameter as urlencode writes it."""
        found = self._encoded.get(pair)
        if found is None:
            found = self._encoded[pair] = urlencode([pair], safe=URL_SAFE)
        return found


URL_SAFE = "!$'()*,/:;?@"  # what werkzeug's url_for leaves unescaped in query strings


def _set(args: list[tuple[str, str]], key: str, value: str) -> list[tuple[str, str]]:
    """Like MultiDict's item assignment: the first occurrence takes the value, the others go."""
    out, done = [], False
    for k, v in args:
        if k == key:
            if not done:
                out.append((k, value))
                done = True
        else:
            out.append((k, v))
    return out if done else [*out, (key, value)]


def _order(args: list[tuple[str, str]]):
    """url_for groups the values of a key where the key first occurs (MultiDict.to_dict(flat=False))."""
    first: dict[str, int] = {}
    for index, (key, _) in enumerate(args):
        first.setdefault(key, index)
    return lambda item: first[item[0]]


def _search_url_for(page: int | None = None, **changes) -> str:
    args = MultiDict(request.args)
    args.pop("page", None)
    toggle = changes.get("toggle")
    if toggle:
        name, value = toggle
        values = args.getlist(name)
        args.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    if "sort" in changes:
        args["sort"] = changes["sort"]
    if "q" in changes:
        args["q"] = changes["q"]
    if page and page > 1:
        args["page"] = str(page)
    return url_for("search.index", **args.to_dict(flat=False))


# facet -> taxonomy vocabulary of its values' labels
VOCABULARIES = {name: f.vocabulary for name, f in search_facets().items()}


@dataclass(frozen=True)
class FacetLink:
    """One value of a facet in the sidebar: its label, its count, the link that toggles it."""

    label: str
    count: str
    url: str
    selected: bool


def facet_labeller():
    """facet_label(name, value) for this page: a facet value's name in the page's language."""
    lang = current_language()
    taxonomy = get_corpus().taxonomy
    headings = section_headings()

    def facet_label(name: str, value: str) -> str:
        if name == "type":
            return headings.get(value, "")
        if name in VOCABULARIES:
            return taxonomy.label(VOCABULARIES[name], value, lang)
        if name == "language":
            return "Deutsch" if value == "de" else "English"
        return value

    return facet_label


def facet_links(facets: dict[str, list[FacetValue]], links: SearchLinks, facet_label) -> list[tuple[str, list[FacetLink]]]:
    """The sidebar's ~50 links, made here: as template macros and filters they were a third of
    the search page's rendering."""
    count = count_format()
    return [(name, [FacetLink(facet_label(name, v.value), count(v.count), links.url(toggle=(name, v.value)), v.selected)
                    for v in values])
            for name, values in facets.items() if values]


@localized(bp, "search", "/")
def index():
    q = request.args.get("q", "")[:1000]
    filters = read_filters(request.args)
    sort = request.args.get("sort", "")
    if sort not in ("relevance", "date"):
        sort = "relevance" if q.strip() else "date"
    page = page_number()
    per_page = current_app.config["PORTAL_PAGE_SIZE"]
    service = get_search()
    response = None
    try:
        response = service.search(
            SearchRequest(q=q, filters=filters, sort=sort, page=page, per_page=per_page, lang=current_language())
        )
    except IndexMissing:
        pass
    if response is not None and page > 1 and (page - 1) * per_page >= response.total:
        abort(404)
    pages = max(1, -(-response.total // per_page)) if response else 1
    links, facet_label = SearchLinks(), facet_labeller()
    answer = None
    if page == 1 and q.strip():
        answer = answers.find(q, get_corpus(), current_language(), content_now(), service.synonyms.current(), gettext)
    return render_template(
        "search/index.html", q=q, filters=filters, sort=sort, response=response, answer=answer,
        building=response is None, page=page, pages=pages, search_url=links.url, facet_label=facet_label,
        facets=facet_links(response.facets, links, facet_label) if response is not None else [],
    )


@localized(bp, "search", "/suggest")
def suggest():
    """Titles and frequent words that start like the typed text (for the combobox)."""
    text = request.args.get("q", "")[:200]
    lang = current_language()
    try:
        found = get_search().suggest(text, lang)
    except IndexMissing:
        found = {"titles": [], "terms": []}
    titles = [
        {"title": t["title"], "lang": t["lang"], "type": t["section"],
         "url": url_for(f"{t['section']}.detail", slug=t["slug"], lang=lang)}
        for t in found["titles"]
    ]
    response = jsonify({"q": text, "titles": titles, "terms": found["terms"]})
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
