"""Vega-Lite specifications (built with Altair) of the monitoring's charts; render.py draws them.

A worker only names a chart and its plain-data arguments (`line(...)`, `bar(...)`: a `Chart`); the
drawing process (drawer.py) builds the spec and draws it, so neither Altair (~35 MB with what it
imports) nor vl-convert's engine is ever loaded into a web worker.

Colour-blind safe (Okabe-Ito) and separable in greyscale: every Revierkommune also has its own dash
pattern and point shape; the Revier is a thick black line. Axes carry the unit, numbers follow the
language (d3 locale in render.py), and the source line is part of the picture, so a downloaded SVG
or PNG keeps it.
"""
from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, NamedTuple

from .numbers import d3_format, fmt

if TYPE_CHECKING:
    import altair as alt

# Okabe & Ito (2008), plus a dark grey for the ninth series
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C6D00", "#000000", "#6E6E6E"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [10, 2], [1, 3], [6, 2, 2, 2, 2, 2], [12, 4]]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-right", "triangle-left", "stroke"]
REVIER_COLOUR = "#111111"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
WIDTH, HEIGHT = 640, 320


class Chart(NamedTuple):
    """A chart to draw: the spec function's name and its arguments (JSON-able plain data)."""
    function: str
    args: dict


def line(series: list[dict], **args) -> Chart:
    """A `line_chart` to draw (arguments as there; of each series only what the chart shows)."""
    plain = [{"key": s["key"], "label": s["label"], "points": s["points"], "revier": s.get("revier", False)} for s in series]
    return Chart("line_chart", {"series": plain, **args})


def bar(bars: list[dict], **args) -> Chart:
    """A `bar_chart` to draw (arguments as there)."""
    return Chart("bar_chart", {"bars": bars, **args})


def spec(chart: Chart) -> dict:
    """The Vega-Lite spec of a chart (called in the drawing process)."""
    return {"line_chart": line_chart, "bar_chart": bar_chart}[chart.function](**chart.args)


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure(font=FONT, background="white").configure_axis(
        labelFontSize=12, titleFontSize=12, labelColor="#222", titleColor="#222", gridColor="#e4e4e4"
    ).configure_legend(labelFontSize=12, titleFontSize=12, symbolStrokeWidth=2, labelLimit=220).configure_view(stroke=None)


def _title(title: str, source: str, width: int = WIDTH) -> alt.TitleParams:
    import altair as alt  # noqa: PLC0415 - on first chart, not at start-up (about 1 s)
    lines = [line for part in source.split(" · ") for line in textwrap.wrap(part, width // 6)]
    return alt.TitleParams(text=textwrap.wrap(title, width // 9) or [""], subtitle=lines, anchor="start", fontSize=15, subtitleFontSize=11,
                           subtitleColor="#333", orient="top", limit=WIDTH, subtitlePadding=4)


def line_chart(series: list[dict], *, title: str, description: str, source: str, unit: str, decimals: int,
               lang: str, highlight: str | None = None, direct_labels: bool = False) -> dict:
    """Lines over the years, one per series: `series` = [{key, label, points: [(year, value)], revier}]."""
    import altair as alt  # noqa: PLC0415 - on first chart, not at start-up (about 1 s)
    rows, domain, colours, dashes, shapes = [], [], [], [], []
    for i, s in enumerate(series):
        domain.append(s["label"])
        revier = s.get("revier", False)
        colours.append(REVIER_COLOUR if revier else PALETTE[i % len(PALETTE)])
        dashes.append([1, 0] if revier else DASHES[i % len(DASHES)])
        shapes.append("square" if revier else SHAPES[i % len(SHAPES)])
        emphasis = 3.5 if revier or s["key"] == highlight else (1.2 if highlight else 2)
        for year, value in s["points"]:
            if value is not None:
                shown = fmt(value, decimals, lang, unit)
                rows.append({"series": s["label"], "year": year, "value": value, "w": emphasis, "shown": shown,
                             "desc": f"{s['label']}, {year}: {shown}",
                             "o": 0.35 if highlight and s["key"] != highlight and not revier else 1})
    data = alt.Data(values=rows)
    colour = alt.Color("series:N", scale=alt.Scale(domain=domain, range=colours), sort=domain,
                       legend=None if direct_labels else alt.Legend(title=None, orient="bottom", columns=3))
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", title=unit, axis=alt.Axis(format=d3_format(decimals)), scale=alt.Scale(zero=False))
    tooltip = [alt.Tooltip("series:N", title=""), alt.Tooltip("year:O", title=""), alt.Tooltip("shown:N", title="")]
    base = alt.Chart(data)
    lines = base.mark_line().encode(
        x=x, y=y, color=colour, detail="series:N", description="series:N",  # the line's name, for legend toggles
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=domain, range=dashes), legend=None),
        strokeWidth=alt.StrokeWidth("w:Q", scale=None, legend=None),
        opacity=alt.Opacity("o:Q", scale=None, legend=None))
    points = base.mark_point(filled=True, size=36).encode(
        x=x, y=y, color=colour, shape=alt.Shape("series:N", scale=alt.Scale(domain=domain, range=shapes), legend=None),
        opacity=alt.Opacity("o:Q", scale=None, legend=None), tooltip=tooltip, description="desc:N")
    layers = [lines, points]
    if direct_labels:
        ends = base.transform_window(rank="rank()", sort=[alt.SortField("year", order="descending")], groupby=["series"]) \
            .transform_filter("datum.rank == 1").mark_text(align="left", dx=6, fontSize=12).encode(x=x, y=y, text="series:N", color=colour)
        layers.append(ends)
    chart = alt.layer(*layers).properties(width=WIDTH - (150 if direct_labels else 0), height=HEIGHT,
                                          title=_title(title, source), description=description)
    return _config(chart).to_dict(validate=False)


def bar_chart(bars: list[dict], *, title: str, description: str, source: str, unit: str, decimals: int,
              lang: str, highlight: str | None = None) -> dict:
    """Horizontal bars ranked best first: `bars` = [{key, label, value, revier}] in rank order."""
    import altair as alt  # noqa: PLC0415 - on first chart, not at start-up (about 1 s)
    rows = [{"label": b["label"], "value": b["value"], "shown": fmt(b["value"], decimals, lang, unit),
             "desc": f'{b["label"]}: {fmt(b["value"], decimals, lang, unit)}',
             "fill": REVIER_COLOUR if b.get("revier") else ("#D55E00" if b["key"] == highlight else "#0072B2")}
            for b in bars if b["value"] is not None]
    order = [r["label"] for r in rows]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("value:Q", title=unit, axis=alt.Axis(format=d3_format(decimals))))
    bars_mark = base.mark_bar(height=18).encode(color=alt.Color("fill:N", scale=None), description="desc:N",
                                                tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("shown:N", title="")])
    labels = base.mark_text(align="left", dx=4, fontSize=12, color="#222", aria=False).encode(text="shown:N")
    chart = alt.layer(bars_mark, labels).properties(width=WIDTH - 220, height=alt.Step(26),
                                                    title=_title(title, source, WIDTH - 80), description=description)
    return _config(chart).to_dict(validate=False)
