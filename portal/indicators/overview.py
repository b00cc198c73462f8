"""The catalogue overview and the region profile: per indicator its latest value, a sparkline of
the last years with words for it, and its rank among the nine."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from statistics import median

from markupsafe import Markup

from ..content.records import Bundle
from .catalogue import Catalogue
from .numbers import fmt
from .series import REVIER, ranks, trend
from .sparkline import sparkline

SPARK_YEARS = 5


@dataclass
class Line:
    """One indicator in a list: for the Revier (catalogue) or for one Revierkommune (profile)."""

    bundle: Bundle
    item: object
    year: int | None
    value: str  # formatted with unit
    spark: Markup
    words: str  # the sparkline's text alternative
    rank: int | None = None
    of: int = 0
    revier: str = ""  # the Revier's value, formatted


def _words(points, item, lang: str, _: Callable) -> str:
    found = trend(points, item.decimals, SPARK_YEARS)
    if found is None:
        return ""
    kind, first, last, y0, y1 = found
    a, b = fmt(first, item.decimals, lang, item.unit), fmt(last, item.decimals, lang, item.unit)
    return {"rising": _("rising from %(first)s to %(last)s (%(y0)s–%(y1)s)", first=a, last=b, y0=y0, y1=y1),
            "falling": _("falling from %(first)s to %(last)s (%(y0)s–%(y1)s)", first=a, last=b, y0=y0, y1=y1),
            "steady": _("steady at %(last)s (%(y0)s–%(y1)s)", last=b, y0=y0, y1=y1)}[kind]


def revier_points(cat: Catalogue, item) -> tuple[list, bool]:
    """The Revier's series, or the median of the nine where no Revier value is formed; and which."""
    table = cat.data(item).table()
    if any(v is not None for v in table.revier.values()):
        return table.series(REVIER), True
    points = []
    for year in table.years:
        values = [v for r in table.regions if (v := table.value(r, year)) is not None]
        points.append((year, median(values) if values else None))
    return points, False


def _tail(points):
    present = [p for p in points if p[1] is not None]
    last = present[-1][0] if present else 0
    return [(y, v) for y, v in points if y > last - SPARK_YEARS]


def catalogue_line(cat: Catalogue, bundle: Bundle, lang: str, _: Callable) -> Line:
    item = bundle.text(lang)
    points, is_revier = revier_points(cat, bundle.primary)
    present = [(y, v) for y, v in points if v is not None]
    year, value = present[-1] if present else (None, None)
    words = _words(points, item, lang, _)
    who = _("Revier") if is_revier else _("median of the nine")
    return Line(bundle, item, year, fmt(value, item.decimals, lang, item.unit), sparkline(_tail(points), f"{who}: {words}"),
                f"{who}: {words}" if words else who)


def catalogue_groups(cat: Catalogue, bundles: list[Bundle], lang: str, stage: str, _: Callable) -> list:
    """[(field term, [Line])] in catalogue-number order, only the stage asked for (if any)."""
    chosen = sorted((b for b in bundles if not stage or b.primary.stage == stage), key=lambda b: number_key(b.primary.number))
    return [(term, [catalogue_line(cat, b, lang, _) for b in chosen if b.primary.field == key])
            for key, term in cat.corpus.taxonomy.terms("indicator_fields").items()]


def region_lines(cat: Catalogue, bundles: list[Bundle], region: str, lang: str, _: Callable) -> list[Line]:
    """Every indicator's latest value in `region`, its trend, rank among the nine and the Revier value."""
    lines = []
    for bundle in sorted(bundles, key=lambda b: number_key(b.primary.number)):
        item = bundle.text(lang)
        table = cat.data(bundle.primary).table()
        points = table.series(region)
        present = [(y, v) for y, v in points if v is not None]
        if not present:
            continue
        year, value = present[-1]
        ranked = ranks({r: table.value(r, year) for r in table.regions}, bundle.primary.direction)
        words = _words(points, item, lang, _)
        lines.append(Line(bundle, item, year, fmt(value, item.decimals, lang, item.unit),
                          sparkline(_tail(points), words), words, ranked.get(region), len(ranked),
                          fmt(table.revier.get(year), item.decimals, lang, item.unit) if table.revier.get(year) is not None else ""))
    return lines


def number_key(number: str) -> tuple:
    digits = "".join(c for c in number if c.isdigit())
    return (number.rstrip("0123456789"), int(digits) if digits else 0, number)
