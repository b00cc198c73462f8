"""The sign-up form: Flask-WTF with CSRF, a honeypot and a signed start time (spam without third parties).

The hidden `started` value is signed with the secret key and carries a random nonce, the moment
the form was served and the privacy notice version shown. A form sent faster than
PORTAL_REGISTRATION_MIN_FILL_SECONDS, or older than a day, or a second time, is refused.
"""
from __future__ import annotations

import re
import secrets
import time
from functools import lru_cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from ..formtoken import SessionlessForm
from wtforms.fields.choices import SelectChoice
from wtforms import BooleanField, EmailField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

FORM_MAX_AGE_SECONDS = 24 * 3600
CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def single_line(form, field) -> None:
    """No line breaks or control characters (they could forge mail headers)."""
    if field.data and CONTROL.search(field.data):
        raise ValidationError(_l("Please use a single line without line breaks."))


def _line(label, limit: int, required: bool = False):
    checks = [DataRequired(message=_l("Please fill in this field."))] if required else [Optional()]
    return StringField(label, validators=[*checks, Length(max=limit, message=_l("Please use at most %(max)d characters.")), single_line])


def _text(label, limit: int):
    return TextAreaField(label, validators=[Optional(), Length(max=limit, message=_l("Please use at most %(max)d characters."))])


EXTRA_FIELDS = {
    "organisation": lambda: _line(_l("Organisation"), 200),
    "position": lambda: _line(_l("Position"), 200),
    "phone": lambda: _line(_l("Phone"), 50),
    "dietary": lambda: _text(_l("Dietary requirements"), 500),
    "accessibility_needs": lambda: _text(_l("Accessibility needs"), 1000),
    "comment": lambda: _text(_l("Comment"), 2000),
}


class BaseRegistrationForm(SessionlessForm):
    name = _line(_l("Name"), 200, required=True)
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(message=_l("Please fill in this field.")),
            Length(max=254, message=_l("Please use at most %(max)d characters.")),
            single_line,
            Email(message=_l("Please enter a valid e-mail address, such as name@example.org."), check_deliverability=False),
        ],
    )
    mail_language = RadioField(_l("Language of our mails"), choices=[SelectChoice("de", "Deutsch"), SelectChoice("en", "English")], default="de")
    consent = BooleanField(_l("Consent to the privacy notice"), validators=[DataRequired(message=_l("Please agree to the privacy notice to sign up."))])
    website = StringField(_l("Leave this field empty"))  # honeypot: people do not see it
    started = HiddenField()



@lru_cache(maxsize=64)
def form_class(fields: tuple[str, ...]) -> type[BaseRegistrationForm]:
    """A form class with the event's extra questions, in the order the event lists them."""
    extras = {key: EXTRA_FIELDS[key]() for key in fields if key in EXTRA_FIELDS}
    return type("RegistrationForm", (BaseRegistrationForm,), extras)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="event-registration-form")


def start_token(slug: str, privacy_version: str) -> str:
    return _serializer().dumps({"n": secrets.token_hex(16), "e": slug, "p": privacy_version})


def check_start(token: str, slug: str) -> tuple[str, dict | None]:
    """'ok', 'too_fast', 'expired' or 'invalid', and the signed data when it is genuine."""
    try:
        data, signed_at = _serializer().loads(token or "", max_age=FORM_MAX_AGE_SECONDS, return_timestamp=True)
    except SignatureExpired:
        return "expired", None
    except BadSignature:
        return "invalid", None
    if not isinstance(data, dict) or data.get("e") != slug or not isinstance(data.get("n"), str):
        return "invalid", None
    elapsed = time.time() - signed_at.timestamp()
    if elapsed < current_app.config["PORTAL_REGISTRATION_MIN_FILL_SECONDS"]:
        return "too_fast", data
    return "ok", data
