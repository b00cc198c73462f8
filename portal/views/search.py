"""The search page (/de/suche, /en/search) and suggestions as you type (JSON)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
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
    """The current search with one change: toggle=(facet, value), drop=facet, sort=..."""
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
