"""Translated messages for problems the services report in English or as codes."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..content.sections import DECLARATIONS
from .a11y import Hint

CONTRACT = {
    "this field is required": _l("This field is required."),
    "an image needs a text alternative for people who cannot see it": _l("An image needs a text alternative for people who cannot see it."),
    "write each author as 'Family, Given'": _l("Write each author as “Family, Given”."),
    "the event ends before it starts": _l("The event ends before it starts."),
    "registration closes before it opens": _l("Registration closes before it opens."),
    "'capacity' is required: the number of places": _l("Please give the number of places."),
    "expected {name, street, postcode, city}": _l("Please name the venue."),
    "a weighted mean needs 'weight_by': the indicator whose values weight it":
        _l("A weighted mean needs the indicator whose values weight it."),
    "duplicate": _l("An item with this address exists already. Please choose another one."),
    "cannot_delete_german": _l("The German text cannot be removed."),
    "upload:empty": _l("The file is empty."),
    "upload:too_large": _l("The file is too large."),
    "upload:type": _l("Only PNG, JPEG, GIF, WebP images and PDF documents can be uploaded."),
    "upload:mismatch": _l("The file's content does not match its name (e.g. not really a PDF)."),
    "upload:not_image": _l("Please choose an image (PNG, JPEG, GIF or WebP)."),
    "upload:broken": _l("The image cannot be read."),
    "upload:csv": _l("The data must be a UTF-8 CSV file starting with the columns region,year,value."),
}


def declared_messages() -> frozenset[str]:
    """The messages the section declarations give their rules (extracted into the catalogs as `_l`)."""
    return frozenset(m for section in DECLARATIONS.values() for f in section.fields
                     for m in (f.required_message, f.not_before_message) if m)


def contract(message: str) -> str:
    """The localised form of a contract message; dynamic ones get a general wording plus the detail.

    CONTRACT rewords some for editors (no front-matter keys); any other declared message is shown as
    its catalog translation, so a new field's rule needs no entry here."""
    if message in CONTRACT:
        return str(CONTRACT[message])
    if message in declared_messages():
        text = _(message)
        return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
    if message.startswith("unknown ") and "key" in message:
        return _("Unknown key (see the taxonomy): %(detail)s", detail=message)
    if "is not an ISO date" in message:
        return _("Not a valid date.")
    return _("Not valid: %(detail)s", detail=message)


def hint(h: Hint) -> str:
    if h.code == "img_alt":
        return _("An image has no text alternative: %(src)s. Write ![description](file) instead.", src=h.detail)
    if h.code == "heading_skip":
        return _("A heading level is skipped (%(levels)s). Use one level more than the heading above.", levels=h.detail)
    if h.code == "vague_link":
        return _("A link is named “%(text)s”. Name the link after its target, so it makes sense on its own.", text=h.detail)
    return _("A table has no header row. Start tables with a header row followed by a line of dashes.")
