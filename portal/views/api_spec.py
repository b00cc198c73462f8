"""The OpenAPI 3.1 document of the JSON API (its schemas are JSON Schema 2020-12; a test
validates real responses against them)."""
from __future__ import annotations

from ..content.records import LANGUAGES, SECTIONS
from ..search import FACETS

MAX_PER_PAGE = 50

_FACET_VALUE = {
    "type": "object",
    "required": ["value", "count", "selected"],
    "additionalProperties": False,
    "properties": {
        "value": {"type": "string"},
        "count": {"type": "integer", "minimum": 0},
        "selected": {"type": "boolean"},
    },
}

SCHEMAS = {
    "Hit": {
        "type": "object",
        "required": ["id", "type", "title", "url", "date", "lang", "snippet", "score"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "description": "section/slug", "pattern": "^[a-z]+/[a-z0-9-]+$"},
            "type": {"type": "string", "enum": list(SECTIONS)},
            "title": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
            "date": {"type": ["string", "null"], "format": "date", "description": "publication date"},
            "lang": {"type": "string", "enum": list(LANGUAGES), "description": "language of title and url"},
            "snippet": {"type": "string", "description": "HTML: escaped text with matched words in <mark>"},
            "snippet_lang": {"type": "string", "enum": list(LANGUAGES)},
            "pdf": {
                "type": ["object", "null"],
                "description": "the attachment and page the snippet comes from",
                "required": ["file", "page"],
                "additionalProperties": False,
                "properties": {"file": {"type": "string"}, "page": {"type": "integer", "minimum": 1}},
            },
            "score": {"type": "number"},
        },
    },
    "SearchResult": {
        "type": "object",
        "required": ["query", "total", "page", "per_page", "hits", "facets", "did_you_mean"],
        "additionalProperties": False,
        "properties": {
            "query": {"type": "string"},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
            "facets": {
                "type": "object",
                "additionalProperties": False,
                "properties": {name: {"type": "array", "items": _FACET_VALUE} for name in FACETS},
            },
            "did_you_mean": {"type": ["string", "null"]},
            "approximate": {"type": "boolean", "description": "a slow phrase was searched as all its words"},
            "relaxed": {"type": "boolean", "description": "no item has every word: the hits have all but one"},
            "corrected_from": {"type": ["string", "null"],
                               "description": "nothing matched this query as typed: the hits are for did_you_mean"},
        },
    },
    "Error": {
        "type": "object",
        "required": ["error"],
        "additionalProperties": False,
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "message", "parameter"],
                "additionalProperties": False,
                "properties": {
                    "status": {"type": "integer"},
                    "message": {"type": "string"},
                    "parameter": {"type": ["string", "null"]},
                },
            }
        },
    },
}


def _param(name: str, schema: dict, description: str, array: bool = False) -> dict:
    param = {"name": name, "in": "query", "required": False, "description": description}
    if array:
        param.update(schema={"type": "array", "items": schema}, style="form", explode=True)
    else:
        param["schema"] = schema
    return param


def openapi_document(server: str, topics=(), regions=()) -> dict:
    """The document; topic and region values are the taxonomy's keys (the API refuses others)."""
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {"title": "BiSMit portal search API", "version": "1.0.0",
                 "description": "Full-text search over studies (with their PDFs), news, events, indicators and pages."},
        "servers": [{"url": server}],
        "paths": {
            "/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Search the portal",
                    "parameters": [
                        _param("q", {"type": "string", "maxLength": 1000},
                               'Words (all must match), "phrases", -exclusions, OR, title:word. Empty: browse.'),
                        _param("type", {"type": "string", "enum": list(SECTIONS)}, "Item type (any of)", True),
                        _param("topic", {"type": "string", "enum": list(topics or ())}, "Topic key from the taxonomy (any of)", True),
                        _param("region", {"type": "string", "enum": list(regions or ())}, "Revierkommune key from the taxonomy (any of)", True),
                        _param("year", {"type": "string", "pattern": "^[0-9]{4}$"}, "Year (any of)", True),
                        _param("lang", {"type": "string", "enum": list(LANGUAGES)},
                               "Only items with a text in this language; titles and URLs in it", True),
                        _param("page", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 1}, "Page"),
                        _param("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10},
                               "Hits per page"),
                    ],
                    "responses": {
                        "200": {"description": "Hits, facet counts and the total",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResult"}}}},
                        "400": {"description": "A parameter is invalid", **error},
                        "503": {"description": "The index is being built", **error},
                    },
                }
            }
        },
        "components": {"schemas": SCHEMAS},
    }
