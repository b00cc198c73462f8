"""Events: dates, format, venue and the registration form."""
from __future__ import annotations

from .. import mappings
from ..fields import Field, Section, When, _l
from ..records_base import EventBase
from .common import TAIL, head, picture

FORMATS = (("onsite", _l("On site")), ("online", _l("Online")), ("hybrid", _l("Hybrid")))
STATUSES = (("scheduled", _l("Takes place")), ("cancelled", _l("Cancelled")))

EVENTS = Section("events", _l("Event"), record="Event", base=EventBase, fields=head(True, True) + (
    Field("start", "datetime", _l("Start"), required=True, contract_type="ISO datetime"),
    Field("end", "datetime", _l("End"), not_before="start",
          not_before_message=_l("the event ends before it starts"), contract_type="ISO datetime"),
    Field("format", "choice", _l("Format"), required=True, choices=FORMATS, default="onsite", widget="radio"),
    Field("location", "mapping", _l("Venue (for on-site and hybrid events)"), parse=mappings.location,
          required_when=When("format", ("onsite", "hybrid")), widget="location", search="summary",
          contract_type="mapping `{name, street, postcode, city}`"),
    Field("online_url", "url", _l("Online address (only sent to confirmed participants)"), contract_type="URL",
          help=_l("Never shown on the site.")),
    Field("series", "key", _l("Series"), vocabulary="event_series"),
    Field("contact", "email", _l("Contact e-mail"), contract_type="e-mail address"),
    Field("registration", "mapping", _l("Registration"), parse=mappings.registration, widget="registration",
          contract_type="mapping, below",
          help=_l("Without it the event has no registration form.")),
    Field("status", "choice", _l("Status"), choices=STATUSES, default="scheduled", widget="radio",
          help=_l("A cancelled event stays on the site with a notice, takes no sign-ups and is cancelled in calendars.")),
) + picture() + TAIL)
