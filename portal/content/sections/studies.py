"""Studies: reports, working papers, infographics with their attachments."""
from __future__ import annotations

from .. import mappings
from ..fields import Field, Section, When, _l
from .common import TAIL, head

STUDIES = Section("studies", _l("Study"), record="Study", fields=head(True, True) + (
    Field("authors", "list of strings", _l("Authors (one per line, “Family, Given”)"), required=True,
          check=mappings.authors, search="summary", contract_type='list of strings ("Family, Given")'),
    Field("year", "int", _l("Year of publication"), required=True, minimum=1900, maximum=2999),
    Field("kind", "key", _l("Kind of publication"), required=True, vocabulary="study_kinds"),
    Field("publisher", "string", _l("Publisher (empty: the institute)")),
    Field("doi", "string", _l("DOI"), help=_l("Without https://doi.org/, e.g. 10.1234/abcd.")),
    Field("isbn", "string", _l("ISBN")),
    Field("urn", "string", _l("URN")),
    Field("files", "list of files", _l("Attachments (upload files below first)"), parse=mappings.attachments,
          contract_type="list of `{file, title, lang}`",
          help=_l("Files of the item's folder; the text of PDFs is searchable.")),
    Field("cover", "image", _l("Cover image from the item's folder"), contract_type="image file in the bundle"),
    Field("cover_alt", "string", _l("Text alternative of the cover"), per_language=True, max_length=500,
          required_when=When("cover"), required_message=_l("an image needs a text alternative for people who cannot see it"),
          help=_l("What the cover shows, for people who cannot see it.")),
) + TAIL)
