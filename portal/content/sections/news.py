"""News of the office."""
from __future__ import annotations

from ..fields import Field, Section, When, _l
from .common import TAIL, head

NEWS = Section("news", _l("News"), record="NewsItem", fields=head(True, True) + (
    Field("author", "string", _l("Author"), max_length=200),
    Field("image", "image", _l("Image from the item's folder"), contract_type="image file in the bundle",
          help=_l("Describe the image in the “text alternative” field of each language.")),
    Field("image_alt", "string", _l("Text alternative of the image"), per_language=True, max_length=500,
          required_when=When("image"), required_message="an image needs a text alternative for people who cannot see it",
          help=_l("What the image shows, for people who cannot see it.")),
) + TAIL)
