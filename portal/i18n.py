"""Language handling: the language is the first URL segment, set before each view runs.

Each public route is registered once per language with a localised path and
`defaults={"lang": ...}`, so `url_for` picks the rule of the current language by itself.
"""
from __future__ import annotations

from flask import Flask, g, request
from flask_babel import Babel

from .content.records import LANGUAGES, PRIMARY_LANGUAGE

# section -> localised first path segment after the language
SEGMENTS: dict[str, dict[str, str]] = {
    "studies": {"de": "studien", "en": "studies"},
    "news": {"de": "aktuelles", "en": "news"},
    "events": {"de": "veranstaltungen", "en": "events"},
    "indicators": {"de": "kennzahlen", "en": "indicators"},
    "pages": {"de": "seiten", "en": "pages"},
    "topics": {"de": "themen", "en": "topics"},
    "regions": {"de": "regionen", "en": "regions"},
    "search": {"de": "suche", "en": "search"},
    "comparison": {"de": "kennzahlenvergleich", "en": "comparison"},
}

babel = Babel()


def localized(blueprint, section: str | None, suffix: str = "", **options):
    """Register a view at /<lang>/<segment><suffix> for every language."""

    def decorator(view):
        for lang in LANGUAGES:
            segment = f"/{SEGMENTS[section][lang]}" if section else ""
            blueprint.add_url_rule(f"/{lang}{segment}{suffix}", view_func=view, defaults={"lang": lang}, **options)
        return view

    return decorator


def current_language() -> str:
    return getattr(g, "lang", None) or language_from_path(request.path) or preferred_language()


def language_from_path(path: str) -> str | None:
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in LANGUAGES else None


def preferred_language() -> str:
    return request.accept_languages.best_match(LANGUAGES, default=PRIMARY_LANGUAGE) or PRIMARY_LANGUAGE


def _pull_language(endpoint, values) -> None:
    if values and "lang" in values:
        g.lang = values.pop("lang")


def _add_language(endpoint, values) -> None:
    if "lang" not in values and endpoint and _app_expects_lang(endpoint):
        values["lang"] = current_language()


def _app_expects_lang(endpoint: str) -> bool:
    from flask import current_app

    return current_app.url_map.is_endpoint_expecting(endpoint, "lang")


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", PRIMARY_LANGUAGE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/Berlin")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(app.root_path + "/../translations"))
    babel.init_app(app, locale_selector=current_language)
    app.url_value_preprocessor(_pull_language)
    app.url_defaults(_add_language)
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.add_extension("jinja2.ext.do")
