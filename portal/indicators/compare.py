"""The Kennzahlenvergleich's state, read from the URL's arguments (plain mapping of lists, no request):
(a) one indicator, some Revierkommunen, a year range; (b) one Revierkommune, several indicators,
indexed to a base year where their units differ.

`read_state` never raises on what a visitor typed: a malformed URL (a year that is no year, a list
too long) sets `malformed` (the view answers 400), an unknown choice becomes a message and is left out.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..content.records import Indicator
from .catalogue import Catalogue
from .series import ALL, Table, index_series, selection_key

MAX_CHOICES = 12
_YEAR = re.compile(r"^\d{4}$")
_TOKEN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


@dataclass
class State:
    mode: str = "indicator"  # indicator | region
    indicator: Indicator | None = None
    regions: list[str] = field(default_factory=list)
    start: int | None = None
    end: int | None = None
    chosen: dict[str, str] = field(default_factory=dict)
    region: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    base: int | None = None
    messages: list[str] = field(default_factory=list)
    malformed: bool = False

    def query(self) -> dict:
        """The state as URL arguments (for links to downloads and the embed)."""
        if self.mode == "region":
            q = {"mode": "region", "region": self.region, "indicators": [i.slug for i in self.indicators]}
            if self.base:
                q["base"] = self.base
            return q
        q = {"indicator": self.indicator.slug if self.indicator else None, "regions": self.regions, **self.chosen}
        if self.start:
            q["from"] = self.start
        if self.end:
            q["to"] = self.end
        return q


def _one(args, name: str, state: State) -> str:
    values = args.getlist(name)
    if len(values) > 1:
        state.malformed = True
    return (values[0] if values else "").strip()


def _year(args, name: str, state: State) -> int | None:
    raw = _one(args, name, state)
    if not raw:
        return None
    if not (raw.isascii() and _YEAR.match(raw)):
        state.malformed = True
        return None
    return int(raw)


def _tokens(args, name: str, state: State) -> list[str]:
    values = [v.strip() for raw in args.getlist(name) for v in raw.split(",") if v.strip()]
    if len(values) > MAX_CHOICES * 2 or any(not (v.isascii() and _TOKEN.match(v)) for v in values):
        state.malformed = True
        return []
    return list(dict.fromkeys(values))


def read_state(args, cat: Catalogue, visible: dict[str, Indicator], _: Callable) -> State:
    """The comparison asked for by `args` (a MultiDict); `visible` = slug -> published indicator."""
    state = State()
    mode = _one(args, "mode", state) or "indicator"
    if mode not in ("indicator", "region"):
        state.malformed = True
        mode = "indicator"
    state.mode = mode
    if mode == "region":
        region = _one(args, "region", state) or (cat.regions[0] if cat.regions else "")
        if region not in cat.regions:
            state.messages.append(_("There is no Revierkommune “%(value)s”.", value=region[:40]))
            region = cat.regions[0] if cat.regions else None
        state.region = region
        for slug in _tokens(args, "indicators", state):
            if slug in visible:
                state.indicators.append(visible[slug])
            else:
                state.messages.append(_("There is no indicator “%(value)s”.", value=slug))
        state.indicators = state.indicators[:MAX_CHOICES]
        state.base = _year(args, "base", state)
        return state
    slug = _one(args, "indicator", state)
    if slug and slug not in visible:
        state.messages.append(_("There is no indicator “%(value)s”.", value=slug[:40]))
    state.indicator = visible.get(slug) or (visible[min(visible)] if visible else None)
    for key in _tokens(args, "regions", state):
        if key in cat.regions:
            state.regions.append(key)
        else:
            state.messages.append(_("There is no Revierkommune “%(value)s”.", value=key))
    state.start, state.end = _year(args, "from", state), _year(args, "to", state)
    if state.start and state.end and state.start > state.end:
        state.messages.append(_("The first year comes after the last; they were swapped."))
        state.start, state.end = state.end, state.start
    if state.indicator is not None:
        data = cat.data(state.indicator)
        for column in data.columns:
            value = _one(args, column, state)
            if value and value != ALL:
                if value in data.choices[column]:
                    state.chosen[column] = value
                else:
                    state.messages.append(_("There is no value “%(value)s” for %(column)s.", value=value[:40], column=column))
        years = data.table().years
        for year in (state.start, state.end):
            if year and years and not years[0] <= year <= years[-1]:
                state.messages.append(_("There are no values for %(year)s; the years available are %(first)s to %(last)s.",
                                        year=year, first=years[0], last=years[-1]))
    return state


def indicator_table(cat: Catalogue, state: State) -> tuple[Table, tuple[str, ...]]:
    """Mode (a): the indicator's table cut to the regions and years asked for (all when none)."""
    data = cat.data(state.indicator)
    selection = selection_key(data.columns, state.chosen)
    full = data.table(selection)
    regions = [r for r in full.regions if not state.regions or r in state.regions]
    years = [y for y in full.years if (not state.start or y >= state.start) and (not state.end or y <= state.end)]
    cells = {k: c for k, c in full.cells.items() if k[0] in regions and k[1] in years}
    return Table(years, regions, cells, {y: v for y, v in full.revier.items() if y in years}), selection


def region_series(cat: Catalogue, state: State) -> tuple[list[dict], bool, int | None]:
    """Mode (b): one series per indicator in the region; indexed (base year = 100) when units differ.
    Returns (series, indexed, base year)."""
    series = [(item, cat.data(item).table().series(state.region)) for item in state.indicators]
    indexed = len({item.unit for item, _ in series}) > 1
    base = state.base
    if indexed:
        common = [y for y in sorted({y for _, pts in series for y, _ in pts})
                  if all(dict(pts).get(y) for _, pts in series)]
        if base not in common:
            base = common[0] if common else None
        series = [(item, index_series(pts, base) if base else [(y, None) for y, _ in pts]) for item, pts in series]
    return [{"key": item.slug, "label": f"{item.number} {item.title}", "points": pts, "item": item} for item, pts in series], indexed, base
