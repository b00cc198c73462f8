"""What an indicator page shows, made from records and plain arguments: the chosen table, the Revier,
ranks and the two charts (drawn once per data version, language and choice; render.py).

Texts come through `_` (the caller's gettext), so this module needs no request and the strings are
still extracted for translation.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..content.records import Indicator
from . import charts, geo, render
from .catalogue import Catalogue
from .numbers import fmt
from .series import ALL, REVIER, Table, ranks, selection_key

Gettext = Callable[..., str]


@dataclass
class Figure:
    """One indicator as shown for one choice of breakdowns."""

    indicator: Indicator
    table: Table
    selection: tuple[str, ...]
    latest: int | None
    ranks: dict[str, int]
    labels: dict[str, str]  # region key -> label in the page's language
    choice_label: str  # e.g. "Frauen", empty for all


def breakdown_label(indicator: Indicator, column: str, lang: str) -> str:
    spec = indicator.breakdowns.get(column) or {}
    return spec.get(lang) or spec.get("de") or column


def value_label(indicator: Indicator, column: str, key: str, lang: str) -> str:
    spec = ((indicator.breakdowns.get(column) or {}).get("values") or {}).get(key) or {}
    return spec.get(lang) or spec.get("de") or key


def figure(cat: Catalogue, item: Indicator, lang: str, chosen: dict[str, str] | None) -> Figure:
    data = cat.data(item)
    selection = selection_key(data.columns, chosen)
    table = data.table(selection)
    latest = table.latest_year()
    labels = {key: cat.corpus.taxonomy.label("regions", key, lang) for key in (*cat.regions, REVIER)}
    latest_values = {r: table.value(r, latest) for r in table.regions} if latest else {}
    choice = ", ".join(value_label(item, c, s, lang) for c, s in zip(data.columns, selection) if s != ALL)
    return Figure(item, table, selection, latest, ranks(latest_values, item.direction), labels, choice)


def source_line(fig: Figure, _: Gettext) -> str:
    item = fig.indicator
    text = _("Source: %(source)s", source=item.source)
    if item.licence:
        text += " · " + _("Licence: %(licence)s", licence=item.licence)
    if item.sample_data:
        text += " · " + _("Illustrative sample data, not official statistics")
    return text


def chart_title(fig: Figure) -> str:
    item = fig.indicator
    title = f"{item.number} {item.title}"
    return f"{title} ({fig.choice_label})" if fig.choice_label else title


def line_series(fig: Figure, regions: list[str] | None = None) -> list[dict]:
    keys = regions or fig.table.regions
    series = [{"key": r, "label": fig.labels[r], "points": fig.table.series(r)} for r in keys]
    if any(v is not None for v in fig.table.revier.values()):
        series.append({"key": REVIER, "label": fig.labels[REVIER], "points": fig.table.series(REVIER), "revier": True})
    return series


def line_description(fig: Figure, lang: str, _: Gettext) -> str:
    item, table = fig.indicator, fig.table
    if not table.years:
        return _("No values are available yet.")
    text = _("Line chart of %(title)s in %(unit)s, %(first)s to %(last)s, one line per Revierkommune.",
             title=chart_title(fig), unit=item.unit, first=table.years[0], last=table.years[-1])
    if fig.latest and fig.ranks:
        best = min(fig.ranks, key=fig.ranks.get)
        worst = max(fig.ranks, key=fig.ranks.get)
        text += " " + _("In %(year)s the highest-ranked is %(best)s (%(best_value)s), the lowest-ranked %(worst)s (%(worst_value)s).",
                        year=fig.latest, best=fig.labels[best], worst=fig.labels[worst],
                        best_value=fmt(table.value(best, fig.latest), item.decimals, lang, item.unit),
                        worst_value=fmt(table.value(worst, fig.latest), item.decimals, lang, item.unit))
    revier = table.revier.get(fig.latest) if fig.latest else None
    if revier is not None:
        text += " " + _("The Revier as a whole: %(value)s.", value=fmt(revier, item.decimals, lang, item.unit))
    return text + " " + _("The exact values are in the table.")


def line_svg(cat: Catalogue, fig: Figure, lang: str, _: Gettext, highlight: str | None = None) -> str:
    item = fig.indicator
    title, description = chart_title(fig), line_description(fig, lang, _)
    key = (cat.version(item), lang, "line", fig.selection, highlight)
    return render.svg(key, lambda: line_spec(fig, lang, _, highlight), lang=lang, title=title, description=description)


def line_spec(fig: Figure, lang: str, _: Gettext, highlight: str | None = None) -> charts.Chart:
    item = fig.indicator
    return charts.line(line_series(fig), title=chart_title(fig), description=line_description(fig, lang, _),
                       source=source_line(fig, _), unit=item.unit, decimals=item.decimals, lang=lang, highlight=highlight)


def bar_svg(cat: Catalogue, fig: Figure, lang: str, _: Gettext, highlight: str | None = None) -> str:
    item = fig.indicator
    if not fig.latest:
        return ""
    title = _("%(title)s in %(year)s, ranked", title=chart_title(fig), year=fig.latest)
    order = {"higher_is_better": _("highest value first, higher is better"),
             "lower_is_better": _("lowest value first, lower is better"),
             "neutral": _("highest value first; neither higher nor lower is better")}[item.direction]
    description = _("Bar chart of the Revierkommunen in %(year)s, %(order)s.", year=fig.latest, order=order)

    def build() -> charts.Chart:
        ranked = sorted(fig.ranks, key=lambda r: (fig.ranks[r], fig.labels[r]))
        bars = [{"key": r, "label": f"{fig.ranks[r]}. {fig.labels[r]}", "value": fig.table.value(r, fig.latest)} for r in ranked]
        revier = fig.table.revier.get(fig.latest)
        if revier is not None:
            bars.append({"key": REVIER, "label": fig.labels[REVIER], "value": revier, "revier": True})
        return charts.bar(bars, title=title, description=description, source=source_line(fig, _), unit=item.unit,
                          decimals=item.decimals, lang=lang, highlight=highlight)

    key = (cat.version(item), lang, "bar", fig.selection, highlight)
    return render.svg(key, build, lang=lang, title=title, description=description)


def citation(item: Indicator, site: str, url: str, year: int, accessed: str, _: Gettext) -> str:
    """'BiSMit (2026): K-03 Arbeitslosenquote. Kennzahlenkatalog … URL (abgerufen am …)'."""
    return _("%(site)s (%(year)s): %(number)s %(title)s. Indicator catalogue of the regional education monitoring. %(url)s (accessed %(date)s)",
             site=site, year=year, number=item.number, title=item.title, url=url, date=accessed)


def map_svg(cat: Catalogue, fig: Figure, lang: str, _: Gettext, highlight: str | None = None) -> str:
    """The choropleth of the latest year shown (geo.py), kept per data version and choice."""
    item = fig.indicator
    if not fig.latest:
        return ""
    values = {r: fig.table.value(r, fig.latest) for r in fig.table.regions}
    title = f"{chart_title(fig)}, {fig.latest}"

    def build() -> str:
        return geo.choropleth_svg(values, lang=lang, title=title,
                                  description=_("Map of the Revierkommunen coloured by their value in %(year)s.", year=fig.latest),
                                  unit=item.unit, decimals=item.decimals, direction=item.direction, highlight=highlight,
                                  sample=item.sample_data, labels=fig.labels,
                                  formatter=lambda v: fmt(v, item.decimals, lang, item.unit))

    key = (cat.version(item), lang, "map", fig.selection, tuple(sorted(values.items())), fig.latest, highlight)
    return render.markup(key, build)
