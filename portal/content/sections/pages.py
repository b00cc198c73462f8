"""Pages: about, imprint, privacy, accessibility statement, ..."""
from __future__ import annotations

from ..fields import Field, Section, _l
from .common import TAIL, head

MENUS = (("main", _l("Main menu")), ("footer", _l("Footer")))

PAGES = Section("pages", _l("Page"), record="Page", fields=head(False, False) + (
    Field("menu", "choice", _l("Menu"), choices=MENUS, contract_type="`main`, `footer` or none",
          help=_l("Where the page is linked.")),
    Field("weight", "int", _l("Order in the menu"), help=_l("Smaller numbers come first.")),
) + TAIL)
