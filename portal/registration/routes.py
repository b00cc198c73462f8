"""Localised URL rules of the registration blueprint (German and English paths)."""
from __future__ import annotations

from flask import Blueprint

from ..content.records import LANGUAGES
from ..i18n import SEGMENTS
from .unavailable import DATABASE_ERRORS, unavailable

bp = Blueprint("registration", __name__)

PATHS: dict[str, dict[str, str]] = {
    "sign_up": {"de": "/<slug>/anmeldung", "en": "/<slug>/registration"},
    "sent": {"de": "/<slug>/anmeldung/gesendet", "en": "/<slug>/registration/sent"},
    "confirm": {"de": "/<slug>/anmeldung/bestaetigen/<token>", "en": "/<slug>/registration/confirm/<token>"},
    "cancel": {"de": "/<slug>/anmeldung/abmelden/<token>", "en": "/<slug>/registration/cancel/<token>"},
}


def route(name: str, methods: tuple[str, ...]):
    """Register a view at /<lang>/<events segment><path> for every language."""

    def decorator(view):
        for lang in LANGUAGES:
            rule = f"/{lang}/{SEGMENTS['events'][lang]}{PATHS[name][lang]}"
            bp.add_url_rule(rule, endpoint=name, view_func=view, defaults={"lang": lang}, methods=list(methods))
        return view

    return decorator


def _database_unavailable(error: Exception):
    return unavailable("database", error)


for _error in DATABASE_ERRORS:
    bp.register_error_handler(_error, _database_unavailable)
