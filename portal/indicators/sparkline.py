"""Sparklines: a few years of one series as a tiny line, with its text alternative.

Drawn as a plain polyline rather than through Vega: a profile page shows twenty of them, the
catalogue hundreds, and vl-convert takes ~0.1 s per picture; a sparkline has no axes, legend or
labels for a charting library to get right. Its words ("rising from 7,9 to 8,4") carry the content.
"""
from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 96, 28, 3


def sparkline(points: list[tuple[int, float | None]], label: str) -> Markup:
    """An SVG of the values present (aria-hidden is not used: role="img" with the text as its name)."""
    present = [(y, v) for y, v in points if v is not None]
    if len(present) < 2:
        return Markup("")
    years = [y for y, _ in present]
    values = [v for _, v in present]
    y0, y1 = min(years), max(years)
    low, high = min(values), max(values)
    span_x = (y1 - y0) or 1
    span_y = (high - low) or 1

    def xy(year: int, value: float) -> str:
        x = PAD + (year - y0) / span_x * (WIDTH - 2 * PAD)
        y = HEIGHT - PAD - (value - low) / span_y * (HEIGHT - 2 * PAD)
        return f"{x:.1f},{y:.1f}"

    line = " ".join(xy(y, v) for y, v in present)
    end = xy(*present[-1]).split(",")
    return Markup(
        f'<svg class="sparkline" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-label="{escape(label)}" focusable="false"><polyline points="{line}" fill="none" stroke="currentColor" '
        f'stroke-width="1.6" stroke-linejoin="round"/><circle cx="{end[0]}" cy="{end[1]}" r="2.4" fill="currentColor"/></svg>')
