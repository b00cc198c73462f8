"""A form token that needs no session: anonymous pages set no cookie, and CSRF protection stays real.

Flask-WTF keeps its token's secret in the session, so every page with a form (an event's sign-up,
the confirm and cancel pages) set a cookie. Here the token is signed with the secret key, bound to
the page it was made for (the event slug and the link's token) and expires after a day; and the
request must not come from another site: browsers say so in `Sec-Fetch-Site`, and older ones in
`Origin`, headers a page on another site cannot forge. (Without a session there is no victim state
a forged request could use; the origin check is what keeps another site from posting through a
visitor's browser, the signature and expiry keep forms from being made up or replayed forever.)
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms.csrf.core import CSRF

from .caching import mark_personal
from wtforms.validators import ValidationError

MAX_AGE_SECONDS = 24 * 3600


def _purpose() -> str:
    args = request.view_args or {}
    return f"{args.get('slug', '')}|{args.get('token', '')}"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="portal-form-token")


def same_origin() -> bool:
    """False when the browser says the request comes from another site."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # old browsers and non-browser clients send neither; the signed token still applies
    return urlsplit(origin).netloc == request.host


class SignedToken(CSRF):
    def generate_csrf_token(self, csrf_token_field) -> str:
        mark_personal()  # a page with a token is this visitor's, not for shared caches
        return _serializer().dumps(_purpose())

    def validate_csrf_token(self, form, field) -> None:
        try:
            purpose = _serializer().loads(field.data or "", max_age=MAX_AGE_SECONDS)
        except BadSignature:  # includes expired
            raise ValidationError("form token invalid or expired") from None
        if purpose != _purpose() or not same_origin():
            raise ValidationError("form token invalid or from another site")


class SessionlessForm(FlaskForm):
    """A FlaskForm whose CSRF token is a SignedToken (field name `csrf_token`, as before)."""

    class Meta(FlaskForm.Meta):
        csrf_class = SignedToken
