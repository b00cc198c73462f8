"""JSON API: GET /api/v1/search and its OpenAPI 3.1 description at /api/v1/openapi.json."""
from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from ..content.records import LANGUAGES, SECTIONS
from ..content.store import get_corpus
from ..search import IndexMissing, SearchRequest, get_search, read_filters
from .api_spec import MAX_PER_PAGE, openapi_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")

PARAMETERS = ("q", "type", "topic", "region", "year", "lang", "page", "per_page")


class BadRequest(Exception):
    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@bp.errorhandler(BadRequest)
def _bad_request(error: BadRequest):
    return jsonify({"error": {"status": 400, "parameter": error.parameter, "message": error.message}}), 400


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6 or not low <= int(raw) <= high:
        raise BadRequest(name, f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def _check(filters: dict[str, list[str]]) -> None:
    taxonomy = get_corpus().taxonomy
    allowed = {
        "type": set(SECTIONS),
        "lang": set(LANGUAGES),
        "topic": set(taxonomy.terms("topics")),
        "region": set(taxonomy.terms("regions")),
    }
    for name, values in filters.items():
        for value in values:
            if name == "year" and not (value.isascii() and value.isdigit() and len(value) == 4):
                raise BadRequest(name, "year must have four digits")
            if name in allowed and value not in allowed[name]:
                raise BadRequest(name, f"unknown {name}: {value}")


@bp.get("/search")
def search():
    unknown = sorted(set(request.args) - set(PARAMETERS))
    if unknown:
        raise BadRequest(unknown[0], f"unknown parameter: {unknown[0]}")
    q = request.args.get("q", "")
    if len(q) > 1000:
        raise BadRequest("q", "q may have at most 1000 characters")
    page = _int("page", 1, 1, 1000)
    per_page = _int("per_page", 10, 1, MAX_PER_PAGE)
    for name in ("type", "topic", "region", "year", "lang"):
        if "" in request.args.getlist(name):
            raise BadRequest(name, f"{name} must not be empty")
    filters = read_filters(request.args, ("type", "topic", "region", "year", "lang"))
    _check(filters)
    if "lang" in filters:
        filters["language"] = filters.pop("lang")
    shown = filters.get("language", ["de"])[0]
    try:
        result = get_search().search(
            SearchRequest(q=q, filters=filters, sort="relevance" if q.strip() else "date",
                          page=page, per_page=per_page, lang=shown)
        )
    except IndexMissing:
        return jsonify({"error": {"status": 503, "parameter": None,
                                  "message": "the search index is being built; try again shortly"}}), 503
    hits = [
        {
            "id": hit.key,
            "type": hit.section,
            "title": hit.title,
            "url": url_for(f"{hit.section}.detail", slug=hit.slug, lang=hit.lang, _external=True),
            "date": hit.date.date().isoformat() if hit.date else None,
            "lang": hit.lang,
            "snippet": str(hit.snippet),
            "snippet_lang": hit.snippet_lang,
            "pdf": {"file": hit.pdf[0], "page": hit.pdf[1]} if hit.pdf else None,
            "score": round(hit.score, 4),
        }
        for hit in result.hits
    ]
    facets = {
        name: [{"value": v.value, "count": v.count, "selected": v.selected} for v in values]
        for name, values in result.facets.items()
    }
    return jsonify({
        "query": q, "total": result.total, "page": page, "per_page": per_page, "hits": hits,
        "facets": facets, "did_you_mean": result.did_you_mean, "approximate": result.approximate,
        "relaxed": result.relaxed, "corrected_from": result.corrected_from,
    })


@bp.get("/openapi.json")
def openapi():
    taxonomy = get_corpus().taxonomy
    return jsonify(openapi_document(url_for("api.search", _external=True).rsplit("/search", 1)[0],
                                    topics=taxonomy.terms("topics"), regions=taxonomy.terms("regions")))
