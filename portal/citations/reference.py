"""The facts a citation needs, gathered once from a study: every format is written from these."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..content.records import Study


@dataclass(frozen=True)
class Name:
    family: str
    given: str = ""
    literal: str = ""  # an organisation, or a name written without "Family, Given"

    @classmethod
    def parse(cls, text: str) -> "Name":
        """docs/content.md writes authors as "Family, Given"; anything else is kept whole (an organisation)."""
        family, sep, given = text.partition(",")
        if sep and family.strip() and given.strip():
            return cls(family=family.strip(), given=given.strip())
        return cls(family="", literal=text.strip())

    @property
    def display(self) -> str:
        return self.literal or f"{self.family}, {self.given}"


@dataclass(frozen=True)
class Reference:
    id: str  # "studies/<slug>": stable, also the CSL-JSON id
    slug: str
    title: str
    authors: tuple[Name, ...]
    year: int
    date: str  # the portal's publication date, ISO (YYYY-MM-DD)
    publisher: str
    place: str
    kind: str  # the kind's label in the reference's language, e.g. "Studienbericht"
    language: str  # the study's own language (its German text is the original)
    url: str  # the study page
    pdf_urls: tuple[str, ...] = ()
    doi: str = ""
    isbn: str = ""
    urn: str = ""
    abstract: str = ""
    keywords: tuple[str, ...] = field(default=())

    @property
    def publication_date(self) -> str:
        """The day of publication when it lies in `year`, else just the year."""
        return self.date if self.date[:4] == str(self.year) else str(self.year)

    @property
    def key(self) -> str:
        """A BibTeX key: the first author's family name in ASCII, the year, the slug's first word."""
        first = self.authors[0] if self.authors else Name("", literal=self.publisher)
        name = _ascii(first.family or first.literal.split(" ")[0]) or "Anon"
        return f"{name}{self.year}{self.slug.split('-')[0]}"


def _ascii(text: str) -> str:
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]", "", text)


def reference_for(study: Study, *, kind_label: str, default_publisher: str, default_place: str, url: str,
                  pdf_urls: list[str] | tuple[str, ...] = (), keywords: list[str] | tuple[str, ...] = ()) -> Reference:
    """A study's reference. The place is the institute's: it is given only when the institute published it
    (a study of another publisher names none, since the content contract has no field for it)."""
    publisher = study.publisher or default_publisher
    return Reference(
        id=f"studies/{study.slug}",
        slug=study.slug,
        title=study.title,
        authors=tuple(Name.parse(a) for a in study.authors),
        year=study.year,
        date=study.date.date().isoformat() if study.date else f"{study.year}-01-01",
        publisher=publisher,
        place=default_place if publisher == default_publisher else "",
        kind=kind_label,
        language=study.lang,
        url=url,
        pdf_urls=tuple(pdf_urls),
        doi=study.doi,
        isbn=study.isbn,
        urn=study.urn,
        abstract=study.summary,
        keywords=tuple(keywords),
    )
