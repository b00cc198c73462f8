"""Filters on rendered body HTML that the layout needs: wide tables scroll inside a labelled,
focusable region (no page scrolls sideways on a phone), and a body's headings moved a level down
when the page puts its own heading above the body."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from markupsafe import Markup, escape

_TABLE = re.compile(r"<table\b(.*?)</table>", re.S)
_HEADING = re.compile(r"<(/?)h([1-5])\b")


def scroll_tables(html: str) -> Markup:
    """Each <table> wrapped in <div class="table-scroll" role="region" tabindex="0" aria-label=…>."""
    if "<table" not in html:
        return Markup(html)
    label = escape(_("Table (scrolls sideways on small screens)"))
    wrapped = _TABLE.sub(
        lambda m: f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}">{m.group(0)}</div>', str(html))
    return Markup(wrapped)


def shift_headings(html: str, by: int = 1) -> Markup:
    """<h2> becomes <h3> and so on (at most <h6>), keeping attributes such as the anchors' ids."""
    return Markup(_HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + by)}", str(html)))
