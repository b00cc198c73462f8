"""An event's registration state in one word for lists: places left, waiting list, full, closed."""
from __future__ import annotations

import logging

from flask_babel import gettext as _
from flask_babel import ngettext

from ..content.records import Bundle
from ..content.store import now
from ..db import db
from . import availability
from .unavailable import DATABASE_ERRORS

log = logging.getLogger(__name__)


def registration_state(bundle: Bundle) -> tuple[str, str] | None:
    """(key, label) for an event card; None when the event takes no registrations or is over.

    key is one of open, waitlist, full, closed, not_open (a CSS class picks the badge's colour).
    """
    event = bundle.primary
    if event.registration is None:
        return None
    moment = now()
    if (event.end or event.start) < moment:
        return None  # a past event says "took place" by its date
    try:
        places = availability.availability(event, moment)
    except DATABASE_ERRORS:
        db.session.rollback()
        log.warning("registration availability of %s could not be read", event.slug)
        return None
    reason = availability.closed_reason(event, moment, places)
    if reason == "not_open":
        return "not_open", _("Registration opens soon")
    if reason in ("closed", "started"):
        return "closed", _("Registration closed")
    if reason == "full":
        return "full", _("Fully booked")
    if places.left > 0:
        return "open", ngettext("%(num)d place left", "%(num)d places left", places.left)
    return "waitlist", _("Waiting list")
