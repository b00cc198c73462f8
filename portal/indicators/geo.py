"""The map of the nine Revierkommunen as inline SVG: a choropleth and an overview of links.

Server-side SVG, so the map exists without JavaScript, in print and in downloads; every district
carries its name and value as text, the legend is drawn in and also returned as data
(`legend_classes`) for a table beside the map. Colours are presentation attributes (a standalone
SVG keeps them); map.css adjusts lines and text for dark mode, focus and print by class.
Knows no Flask: names come in as `labels`/`names`, strings from the catalog via Babel.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from xml.sax.saxutils import escape as _escape

from .geo_data import (DIRECTIONS, MapClass, MapData, Region, format_number, format_value,
                       legend_classes, map_data, translations)

__all__ = ["MapClass", "MapData", "Region", "choropleth_svg", "format_number", "format_value",
           "legend_classes", "map_data", "regions_overview_svg"]

SVG_NS = "http://www.w3.org/2000/svg"
LINE = "#3b3b3b"  # district borders: ≥ 3:1 against white and against the lightest fill
NO_DATA_FILL = "#f2f2f2"
NO_DATA_HATCH = "#6f6f6f"
OVERVIEW_FILL = "#dce7f1"
FONT = 13
ROW = 24
COLUMNS = 3


def _x(text: str) -> str:
    """Escape for XML text and double-quoted attributes."""
    return _escape(str(text), {'"': "&quot;"})


def _prefix(id_prefix: str | None, *parts: object) -> str:
    if id_prefix:
        return id_prefix
    return "map-" + hashlib.sha1(repr(parts).encode()).hexdigest()[:8]


def _svg_open(data: MapData, height: float, css: str, role: str, labelledby: str) -> str:
    _, _, width, _ = data.view_box
    return (f'<svg xmlns="{SVG_NS}" class="map {css}" viewBox="0 0 {width:g} {height:g}" '
            f'role="{role}" aria-labelledby="{labelledby}" font-family="sans-serif" font-size="{FONT}">')


def _labels(regions: list[Region], names: dict[str, str]) -> str:
    """Visible district names with a halo, above the fills; hidden from screen readers (said elsewhere)."""
    texts = "".join(
        f'<text x="{r.label[0]:g}" y="{r.label[1]:g}">{_x(names.get(r.key, r.name))}</text>' for r in regions)
    return (f'<g class="map-labels" aria-hidden="true" text-anchor="middle" dominant-baseline="middle" '
            f'paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round" fill="#111">{texts}</g>')


def _attribution(data: MapData, y: float) -> str:
    return f'<text class="map-attribution" x="4" y="{y:g}" font-size="11" fill="#333">{_x(data.attribution)}</text>'


def _darker(direction: str, lang: str) -> str:
    t = translations(lang)
    if direction == "higher_is_better":
        return t.gettext("Darker: higher value (better)")
    if direction == "lower_is_better":
        return t.gettext("Darker: lower value (better)")
    return t.gettext("Darker: higher value")


def choropleth_svg(values: dict[str, float | None], *, lang: str, title: str, description: str, unit: str,
                   decimals: int = 1, direction: str = "neutral", highlight: str | None = None,
                   sample: bool = False, labels: dict[str, str] | None = None,
                   formatter: Callable[[float | None], str] | None = None, id_prefix: str | None = None) -> str:
    """The nine districts coloured by `values` (region key -> value; None or absent: no data).

    `labels`: region key -> name in `lang` (taxonomy); `formatter` formats a value for the text
    alternatives (default: `format_value` with `unit` and `decimals`); `id_prefix` makes the ids
    unique when one page shows the same map twice (default: derived from the arguments)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    data = map_data()
    t = translations(lang)
    names = labels or {}
    show = formatter or (lambda v: format_value(v, lang, unit, decimals))
    regions = list(data.regions.values())
    present = {k: values.get(k) for k in data.regions}
    classes = legend_classes(present, lang=lang, decimals=decimals, direction=direction)
    fill_of = {key: c for c in classes for key in c.regions}
    missing = [r for r in regions if r.key not in fill_of]
    p = _prefix(id_prefix, sorted(present.items(), key=lambda kv: kv[0]), lang, title, description, highlight)
    _, _, width, map_height = data.view_box

    paths = []
    summary = []
    for r in regions:
        name = names.get(r.key, r.name)
        text = f"{name}: {show(present[r.key])}"
        if r.key == highlight:
            text += " " + t.gettext("(highlighted)")
        summary.append(text)
        cls = fill_of.get(r.key)
        fill, css = (cls.fill, f"map-shade-{cls.shade}") if cls else (f"url(#{p}-nodata)", "map-nodata")
        marked = ' data-highlight="true"' if r.key == highlight else ""
        paths.append(f'<path class="map-region {css}" data-region="{_x(r.key)}"{marked} d="{r.path}" '
                     f'fill="{fill}"><title>{_x(text)}</title></path>')
    outline = ""
    if highlight in data.regions:
        d = data.regions[highlight].path
        outline = (f'<g class="map-highlight" fill="none" stroke-linejoin="round" aria-hidden="true">'
                   f'<path d="{d}" stroke="#fff" stroke-width="5"/><path d="{d}" stroke="#000" stroke-width="2.5"/></g>')

    # legend: a heading, then the classes (and "no data") in rows of three, then attribution and notes
    y = map_height + 6 + FONT
    heading = _darker(direction, lang)
    if unit:
        heading = t.gettext("Unit: %(unit)s") % {"unit": unit} + " · " + heading
    legend = [f'<text class="map-legend-title" x="4" y="{y:g}" fill="#111">{_x(heading)}</text>']
    items = [(c.fill, c.label, f"map-shade-{c.shade}") for c in classes]
    if missing:
        items.append((f"url(#{p}-nodata)", t.gettext("no data"), "map-nodata"))
    column = width / COLUMNS
    for i, (fill, label, css) in enumerate(items):
        x, top = 4 + (i % COLUMNS) * column, y + 8 + (i // COLUMNS) * ROW
        legend.append(f'<g class="map-legend-item"><rect class="{css}" x="{x:g}" y="{top:g}" width="28" height="16" '
                      f'fill="{fill}" stroke="{LINE}" stroke-width="0.8"/>'
                      f'<text x="{x + 36:g}" y="{top + 13:g}" fill="#111">{_x(label)}</text></g>')
    y += 8 + max(1, -(-len(items) // COLUMNS)) * ROW
    if highlight in data.regions:
        y += 4
        outlined = t.gettext("Outlined: %(name)s") % {"name": names.get(highlight, data.regions[highlight].name)}
        legend.append(f'<g class="map-legend-item"><rect x="4" y="{y:g}" width="28" height="16" fill="none" '
                      f'stroke="#000" stroke-width="2.5"/><text x="40" y="{y + 13:g}" fill="#111">{_x(outlined)}</text></g>')
        y += ROW
    y += 12
    notes = [_attribution(data, y)]
    if sample:
        y += 20
        note = t.gettext("Sample data: the values are illustrative, not official statistics.")
        notes.append(f'<text class="map-sample" x="4" y="{y:g}" font-weight="bold" fill="#111">{_x(note)}</text>')
    height = y + 8

    desc = " ".join(part for part in (description.strip(), "; ".join(summary) + ".") if part)
    defs = (f'<defs><pattern id="{p}-nodata" patternUnits="userSpaceOnUse" width="6" height="6" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{NO_DATA_FILL}"/>'
            f'<path d="M0 0V6" stroke="{NO_DATA_HATCH}" stroke-width="1.6"/></pattern></defs>')
    return "".join([
        _svg_open(data, height, "map-choropleth", "img", f"{p}-title {p}-desc"),
        f'<title id="{p}-title">{_x(title)}</title><desc id="{p}-desc">{_x(desc)}</desc>', defs,
        f'<g class="map-regions" stroke="{LINE}" stroke-width="0.8" stroke-linejoin="round">', *paths, "</g>",
        outline, _labels(regions, names), '<g class="map-legend">', *legend, "</g>", *notes, "</svg>",
    ])


def regions_overview_svg(lang: str, names: dict[str, str], links: dict[str, str], *,
                         title: str | None = None, current: str | None = None,
                         id_prefix: str | None = None) -> str:
    """The nine districts as links (region key -> URL), each reachable by keyboard and named.

    `current` marks the district whose page this is (aria-current); a district without a link is
    drawn but not focusable."""
    data = map_data()
    t = translations(lang)
    heading = title or t.gettext("Map of the nine Revierkommunen")
    p = _prefix(id_prefix, lang, heading, sorted(links.items()), current)
    _, _, width, map_height = data.view_box
    regions = list(data.regions.values())
    parts = []
    for r in regions:
        name = names.get(r.key, r.name)
        path = f'<path class="map-region" d="{r.path}" fill="{OVERVIEW_FILL}"/>'
        if r.key in links:
            aria = ' aria-current="page"' if r.key == current else ""
            parts.append(f'<a class="map-link" href="{_x(links[r.key])}" aria-label="{_x(name)}"{aria}>'
                         f'<title>{_x(name)}</title>{path}</a>')
        else:
            parts.append(f'<g class="map-nolink"><title>{_x(name)}</title>{path}</g>')
    y = map_height + 14
    return "".join([
        _svg_open(data, y + 8, "map-overview", "group", f"{p}-title"),
        f'<title id="{p}-title">{_x(heading)}</title>',
        f'<g class="map-regions" stroke="{LINE}" stroke-width="0.8" stroke-linejoin="round">', *parts, "</g>",
        _labels(regions, names), _attribution(data, y), "</svg>",
    ])
