"""The search page (/de/suche, /en/search) and suggestions as you type (JSON)."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, g, jsonify, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from ..i18n import current_language, localized
from ..search import FACETS, IndexMissing, SearchRequest, get_search
from .common import page_number

bp = Blueprint("search", __name__)

MAX_VALUES = 20


def read_filters(args: MultiDict, names=FACETS) -> dict[str, list[str]]:
    """Facet values from the query string, de-duplicated and bounded."""
    filters: dict[str, list[str]] = {}
    for name in names:
        values = [v[:100] for v in dict.fromkeys(args.getlist(name)) if v]
        if values:
            filters[name] = values[:MAX_VALUES]
    return filters


def search_url(page: int | None = None, **changes) -> str:
    """The current search with one change: toggle=(facet, value), sort=..., q=..., page=n.

    The page links every facet value (~50 links): the query string is built here from the current
    one, the same as url_for would build it, and the path only once per request.
    """
    if "lang" in request.args:  # url_for would take it as the route's language
        return _search_url_for(page, **changes)
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
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
    path = g.get("search_path")
    if path is None:
        path = g.search_path = url_for("search.index")
    return f"{path}?{urlencode(args, safe=URL_SAFE)}" if args else path


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
    return render_template(
        "search/index.html", q=q, filters=filters, sort=sort, response=response,
        building=response is None, page=page, pages=pages, search_url=search_url,
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
