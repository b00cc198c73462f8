"""One indicator's values as tables: a breakdown chosen, regions by years, the Revier beside them.

Pure: records and plain arguments in, plain data out. `IndicatorData` indexes an indicator's rows
once (per content snapshot, see catalogue.py); every table it makes is memoised on it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..content.records import Indicator

ALL = "all"  # a breakdown column not chosen: its values taken together
REVIER = "revier"  # the region key of the whole Revier (taxonomy.yml)


@dataclass(frozen=True)
class Cell:
    value: float | None
    note: str = ""
    derived: bool = False  # combined from breakdown values, not a row of data.csv


@dataclass
class Table:
    """Values by region and year for one choice of breakdowns."""

    years: list[int]
    regions: list[str]  # the Revierkommunen present, in the order given
    cells: dict[tuple[str, int], Cell]
    revier: dict[int, float | None] = field(default_factory=dict)  # year -> the whole Revier's value

    def value(self, region: str, year: int) -> float | None:
        cell = self.cells.get((region, year))
        return cell.value if cell else None

    def series(self, region: str) -> list[tuple[int, float | None]]:
        if region == REVIER:
            return [(year, self.revier.get(year)) for year in self.years]
        return [(year, self.value(region, year)) for year in self.years]

    def latest_year(self) -> int | None:
        """The newest year with a value for any Revierkommune."""
        years = [y for y in self.years if any(self.value(r, y) is not None for r in self.regions)]
        return years[-1] if years else None


def selection_key(columns: tuple[str, ...], chosen: dict[str, str] | None) -> tuple[str, ...]:
    """The breakdown choice as a tuple in column order; a column not chosen is ALL."""
    chosen = chosen or {}
    return tuple(chosen.get(column) or ALL for column in columns)


class IndicatorData:
    """An indicator's rows indexed by breakdown, region and year; tables made on first use."""

    def __init__(self, indicator: Indicator, regions: list[str], weights: "IndicatorData | None" = None):
        self.indicator = indicator
        self.regions = regions  # the nine Revierkommunen, in display order
        self.weights = weights
        self.columns = indicator.breakdown_columns
        self.choices: dict[str, list[str]] = {c: [] for c in self.columns}
        for row in indicator.data:
            for column, value in row.breakdown:
                if value and value not in self.choices[column]:
                    self.choices[column].append(value)
        self._tables: dict[tuple[str, ...], Table] = {}

    def table(self, selection: tuple[str, ...] = ()) -> Table:
        selection = selection or tuple(ALL for _ in self.columns)
        table = self._tables.get(selection)
        if table is None:
            table = self._tables[selection] = self._make_table(selection)
        return table

    def valid_selection(self, selection: tuple[str, ...]) -> bool:
        return len(selection) == len(self.columns) and all(
            value == ALL or value in self.choices[column] for column, value in zip(self.columns, selection))

    def _make_table(self, selection: tuple[str, ...]) -> Table:
        groups: dict[tuple[str, int], list] = defaultdict(list)
        for row in self.indicator.data:
            values = dict(row.breakdown)
            if all(chosen == ALL or values.get(column) == chosen for column, chosen in zip(self.columns, selection)):
                groups[(row.region, row.year)].append(row)
        cells = {key: self._combine(rows, selection) for key, rows in groups.items()}
        years = sorted({year for _, year in cells})
        present = [r for r in self.regions if any(region == r for region, _ in cells)]
        table = Table(years, present, {k: c for k, c in cells.items() if k[0] != REVIER})
        table.revier = self._revier(table, cells, selection)
        return table

    def _combine(self, rows: list, selection: tuple[str, ...]) -> Cell:
        """One cell from the rows of a region and year: the row itself, the rows marked as the total
        (empty breakdown values), or the breakdown values summed (aggregate: sum) or averaged."""
        if len(rows) == 1 and all(s != ALL for s in selection):
            return Cell(rows[0].value, rows[0].note)
        open_columns = [i for i, s in enumerate(selection) if s == ALL]
        totals = [r for r in rows if all(not r.breakdown[i][1] for i in open_columns)]
        if totals:
            return Cell(totals[0].value, totals[0].note)
        if len(rows) == 1:
            return Cell(rows[0].value, rows[0].note)
        values = [r.value for r in rows]
        if any(v is None for v in values):
            return Cell(None, next((r.note for r in rows if r.note), ""), derived=True)
        combined = sum(values) if self.indicator.aggregate == "sum" else sum(values) / len(values)
        return Cell(combined, derived=True)

    def _revier(self, table: Table, cells: dict, selection: tuple[str, ...]) -> dict[int, float | None]:
        """The whole Revier per year: its own rows if data.csv has them, else formed by `aggregate`
        from all nine (a year with a Revierkommune missing gets no Revier value)."""
        own = {year: cell.value for (region, year), cell in cells.items() if region == REVIER}
        if own:
            return own
        how = self.indicator.aggregate
        if how == "none" or not table.regions:
            return {}
        weights = self.weights.table() if how == "weighted" and self.weights is not None else None
        if how == "weighted" and weights is None:
            return {}
        result = {}
        for year in table.years:
            values = [table.value(region, year) for region in self.regions]
            if any(v is None for v in values):
                result[year] = None
                continue
            result[year] = aggregate(how, values, [weights.value(r, year) for r in self.regions] if weights else None)
        return result


def aggregate(how: str, values: list[float], weights: list[float | None] | None = None) -> float | None:
    """sum, mean or weighted mean of complete values (None when a weight is missing or all are 0)."""
    if how == "sum":
        return sum(values)
    if how == "mean":
        return sum(values) / len(values)
    if how == "weighted":
        if not weights or any(w is None for w in weights) or not sum(weights):
            return None
        return sum(v * w for v, w in zip(values, weights)) / sum(weights)
    return None


def ranks(values: dict[str, float | None], direction: str) -> dict[str, int]:
    """Rank 1 = best: highest for higher_is_better and neutral (then: simply the highest), lowest for
    lower_is_better. Ties share a rank ("1, 2, 2, 4"); regions without a value get none."""
    present = {k: v for k, v in values.items() if v is not None}
    sign = 1 if direction == "lower_is_better" else -1
    ordered = sorted(present.values(), key=lambda v: sign * v)
    return {k: 1 + sum(1 for other in ordered if sign * other < sign * v) for k, v in present.items()}


def trend(points: list[tuple[int, float | None]], decimals: int, years: int = 5) -> tuple[str, float, float, int, int] | None:
    """(rising | falling | steady, first value, last value, first year, last year) over the last
    `years` years that have values; steady when the change rounds to zero at `decimals` places."""
    present = [(y, v) for y, v in points if v is not None]
    if len(present) < 2:
        return None
    last_year = present[-1][0]
    window = [(y, v) for y, v in present if y > last_year - years]
    if len(window) < 2:
        return None
    (y0, first), (y1, last) = window[0], window[-1]
    change = round(last - first, decimals)
    kind = "steady" if change == 0 else ("rising" if change > 0 else "falling")
    return kind, first, last, y0, y1


def index_series(points: list[tuple[int, float | None]], base_year: int) -> list[tuple[int, float | None]]:
    """Values as an index, the base year = 100 (all None when the base year has no value or is 0)."""
    base = dict(points).get(base_year)
    if not base:
        return [(y, None) for y, _ in points]
    return [(y, None if v is None else v / base * 100) for y, v in points]
