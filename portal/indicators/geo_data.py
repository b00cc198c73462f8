"""The map of the nine Revierkommunen: boundaries, colour classes and locale-formatted values.

The boundaries come from portal/indicators/regions.json (official BKG districts, simplified by
scripts/make_region_map.py), read once per process. Values are keyed by region key (taxonomy.yml).
Plain functions without Flask; geo.py draws the SVG from them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

REGIONS_FILE = Path(__file__).with_name("regions.json")
TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
DIRECTIONS = ("higher_is_better", "lower_is_better", "neutral")
MAX_CLASSES = 5
COUNT_UNITS = ("", "Anzahl", "Number", "number", "count")

# ColorBrewer YlGnBu (Brewer & Harrower): colour-blind safe, lightness falls steadily, so the
# classes stay apart in greyscale and print. One palette per number of classes.
PALETTES: dict[int, tuple[str, ...]] = {
    1: ("#41b6c4",),
    2: ("#a1dab4", "#225ea8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
}


@dataclass(frozen=True)
class Region:
    """One district as drawn: SVG path data in the file's user units and a point for its label."""

    key: str
    ags: str
    name: str
    path: str
    label: tuple[float, float]


@dataclass(frozen=True)
class MapData:
    attribution: str
    licence: str
    view_box: tuple[float, float, float, float]
    regions: dict[str, Region]  # by region key, in the file's (AGS) order


@dataclass(frozen=True)
class MapClass:
    """One class of a choropleth legend: a value range, its fill and the regions in it.

    `shade` counts from 1 (lightest) to the number of classes (darkest); `label` is the range
    formatted for the language, from the smallest to the largest value in the class."""

    lower: float
    upper: float
    shade: int
    fill: str
    label: str
    regions: tuple[str, ...]


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _path(polygons: list) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
            head, *rest = points
            parts.append(f"M{_number(head[0])} {_number(head[1])}")
            parts.append("L" + " ".join(f"{_number(x)} {_number(y)}" for x, y in rest) + "Z")
    return "".join(parts)


@lru_cache(maxsize=None)
def map_data(path: Path = REGIONS_FILE) -> MapData:
    """The shipped boundaries, parsed once per process (the file is part of the code, not content)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    regions = {}
    for ags, item in raw["regions"].items():
        regions[item["region"]] = Region(
            key=item["region"], ags=ags, name=item["name"], path=_path(item["coordinates"]),
            label=(float(item["label"][0]), float(item["label"][1])),
        )
    meta = raw["meta"]
    return MapData(meta["attribution"], meta["licence"], tuple(meta["view_box"]), regions)


@lru_cache(maxsize=8)
def translations(lang: str) -> NullTranslations:
    """The portal's catalog for `lang`, read with Babel alone (English strings when it is missing)."""
    return Translations.load(str(TRANSLATIONS), [lang], domain="messages")


def _rounded(value: float, decimals: int) -> float:
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def format_number(value: float, lang: str, decimals: int = 1) -> str:
    """12.4 -> "12,4" (de) / "12.4" (en), always `decimals` places, rounded half up, a real minus sign."""
    shown = _rounded(value, decimals) + 0.0  # + 0.0: no "-0,0"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(abs(shown), format=pattern, locale=lang, decimal_quantization=True)
    return "\u2212" + text if shown < 0 else text


def format_value(value: float | None, lang: str, unit: str = "", decimals: int = 1) -> str:
    """A value as the portal's tables write it: "12,4\u202f%" (de), "12.4%" (en), "3,2 je 1.000
    Einwohner", counts bare; "no data" when None."""
    if value is None:
        return translations(lang).gettext("no data")
    number = format_number(value, lang, decimals)
    if unit == "%":
        return number + ("%" if lang == "en" else "\u202f%")
    if unit in COUNT_UNITS:
        return number
    return f"{number} {unit}"


def legend_classes(values: dict[str, float | None], *, lang: str, decimals: int = 1,
                   direction: str = "neutral") -> list[MapClass]:
    """Quantile classes of the known values, as data (for the map's legend and a table beside it).

    Nine values go into up to five classes of nearly equal size; equal values stay in one class,
    so no class is empty and no two labels overlap. Values are classed as shown (rounded to
    `decimals`). The fill darkens towards the better end: with `lower_is_better` the lowest
    class is darkest, otherwise the highest (for `neutral`: darker means more)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    known = sorted((_rounded(v, decimals), k) for k, v in values.items() if v is not None)
    if not known:
        return []
    shown = [v for v, _ in known]
    count = min(MAX_CLASSES, len(set(shown)))
    # the class of a value: its rank among all values (equal values share the lowest rank) scaled to the classes
    raw = [count * shown.index(v) // len(shown) for v in shown]
    used = sorted(set(raw))
    index = [used.index(r) for r in raw]
    palette = PALETTES[len(used)]
    classes = []
    for i in range(len(used)):
        members = [(v, k) for (v, k), c in zip(known, index) if c == i]
        lower, upper = members[0][0], members[-1][0]
        shade = len(used) - i if direction == "lower_is_better" else i + 1
        label = format_number(lower, lang, decimals)
        if upper != lower:
            label += "–" + format_number(upper, lang, decimals)
        classes.append(MapClass(lower, upper, shade, palette[shade - 1], label, tuple(sorted(k for _, k in members))))
    return classes

