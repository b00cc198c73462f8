"""The fields every section has (docs/content.md, "Fields for every section")."""
from __future__ import annotations

from ..fields import Field, When, _l


def head(summary_required: bool, date_required: bool) -> tuple[Field, ...]:
    """title, summary, date, updated, draft: what files start with."""
    return (
        Field("title", "string", _l("Title"), required=True, per_language=True, inherited=False, max_length=300),
        Field("summary", "text", _l("Summary (1–3 sentences)"), required=summary_required, per_language=True,
              inherited=False, max_length=1200,
              help=_l("Shown in lists, search results and feeds, and as the description for search engines.")),
        Field("date", "datetime", _l("Publication date and time"), required=date_required,
              contract_type="ISO date or datetime"),
        Field("updated", "date", _l("Last substantial revision"), contract_type="ISO date",
              help=_l("Only for a substantial revision; shown beside the publication date.")),
        Field("draft", "bool", _l("Status"), inherited=False, widget="status",
              help=_l("A draft is never shown, listed, found or put in a feed.")),
    )


def picture() -> tuple[Field, ...]:
    """image, image_alt: the picture news and events show in lists and on their page."""
    return (
        Field("image", "image", _l("Image from the item's folder"), contract_type="image file in the bundle",
              help=_l("Describe the image in the “text alternative” field of each language.")),
        Field("image_alt", "string", _l("Text alternative of the image"), per_language=True, max_length=500,
              required_when=When("image"), required_message=_l("an image needs a text alternative for people who cannot see it"),
              help=_l("What the image shows, for people who cannot see it.")),
    )


TAIL = (
    Field("topics", "list of keys", _l("Topics"), vocabulary="topics", search="facet:topic"),
    Field("regions", "list of keys", _l("Regions"), vocabulary="regions", search="facet:region",
          help=_l("The Revierkommunen the item concerns; “Mitteldeutsches Revier” for the whole region.")),
    Field("aliases", "list of paths", _l("Old addresses (one path per line, e.g. /alt/seite.html)"), inherited=False,
          contract_type="list of old URL paths",
          help=_l("Addresses of the previous website that lead here from now on.")),
)
"""topics, regions, aliases: what files end with."""

COMMON = frozenset(f.name for f in head(True, True) + TAIL)
"""The names every section shares (the editor shows them apart from the section's own)."""
