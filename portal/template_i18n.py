"""Template translations bound once per render instead of looked up for every string.

Flask-Babel's template callables resolve the request, the domain and the locale again for each
of the ~30 strings of a page (about an eighth of a detail page's CPU). Flask runs context
processors at the start of every `render_template` (also inside `force_locale`, when a mail is
rendered in the registrant's language), so `_bind` fetches the current translations there once
and the callables below use them for the rest of that render. All templates of the portal are
rendered through Flask's functions; outside a render the callables fall back to Flask-Babel.
"""
from __future__ import annotations

from contextvars import ContextVar

from flask import Flask
from flask_babel import get_translations

_current: ContextVar = ContextVar("portal_template_translations", default=None)


def _translations():
    return _current.get() or get_translations()


def _bind() -> dict:
    _current.set(get_translations())
    return {}


def _gettext(string: str) -> str:
    return _translations().ugettext(string)


def _ngettext(singular: str, plural: str, number: int) -> str:
    return _translations().ungettext(singular, plural, number)


def _pgettext(context: str, string: str) -> str:
    return _translations().upgettext(context, string)


def _npgettext(context: str, singular: str, plural: str, number: int) -> str:
    return _translations().unpgettext(context, singular, plural, number)


def init_app(app: Flask) -> None:
    """Call after Flask-Babel's init_app: replaces the callables it installed."""
    app.context_processor(_bind)
    app.jinja_env.install_gettext_callables(
        gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, npgettext=_npgettext, newstyle=True
    )
