"""What records have besides their declared fields: where the text is, its body, behaviour.

A record does not keep its Markdown body in memory: `body` reads it from the file when asked
(the body is most of a corpus's bytes: ~110 MB of 160 MB at 10,000 documents, per worker), and
`html`/`toc`/`plain_text` render it through the one shared renderer (an LRU cache). So start-up
parses front matter only and memory stays bounded however large the corpus.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import frontmatter
from . import markdown as md
from .values import DataRow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Item:
    """One language file of a bundle. The declared fields (title, summary, date, ... and the
    section's own) are added by records.py from the section's declaration."""

    section: str
    slug: str
    lang: str  # the language this text is written in
    path: Path  # the index.<lang>.md file
    # the Markdown body when it is not to be read from `path` (an editor's preview, tests)
    inline_body: str | None = field(default=None, repr=False, compare=False)

    @property
    def body(self) -> str:
        """The Markdown source, read from the file on demand.

        Between an edit and the store's next reload the file may hold newer text or be gone:
        the newer body is shown, a vanished or broken file gives an empty body (never a 500).
        """
        if self.inline_body is not None:
            return self.inline_body
        try:
            return frontmatter.split(self.path.read_text(encoding="utf-8"))[1]
        except (OSError, UnicodeDecodeError, frontmatter.FrontMatterError) as exc:
            log.warning("content: cannot read the body of %s: %s", self.path, exc)
            return ""

    @property
    def bundle_dir(self) -> Path:
        return self.path.parent

    @property
    def id(self) -> str:
        """Stable identifier of this text: section/slug/lang."""
        return f"{self.section}/{self.slug}/{self.lang}"

    @property
    def html(self) -> str:
        return md.render(self.body).html

    @property
    def toc(self) -> list[dict]:
        return md.render(self.body).toc

    @property
    def plain_text(self) -> str:
        """The body as plain text, for the search index and feeds."""
        return md.render(self.body).text


@dataclass(frozen=True)
class EventBase(Item):
    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def registration_closes(self) -> datetime | None:
        if self.registration is None:
            return None
        return self.registration.closes or self.start


@dataclass(frozen=True)
class IndicatorBase(Item):
    """The values come from data.csv, not from the front matter."""

    data: tuple[DataRow, ...] = ()
    breakdown_columns: tuple[str, ...] = ()

    @property
    def years(self) -> list[int]:
        return sorted({row.year for row in self.data})
