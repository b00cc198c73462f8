"""News of the office."""
from __future__ import annotations

from ..fields import Field, Section, _l
from .common import TAIL, head, picture

NEWS = Section("news", _l("News"), record="NewsItem", fields=head(True, True) + (
    Field("author", "string", _l("Author"), max_length=200),
) + picture() + TAIL)
