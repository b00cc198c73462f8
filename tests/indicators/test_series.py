"""Series, breakdowns, aggregation and ranks against values computed by hand."""
from pathlib import Path

import pytest

from portal.content.records import DataRow, Indicator
from portal.indicators.series import ALL, IndicatorData, aggregate, index_series, ranks, trend

REGIONS = ["a", "b", "c"]


def indicator(rows, aggregate="mean", columns=(), slug="x", **fields):
    return Indicator(section="indicators", slug=slug, lang="de", title="T", path=Path("x"), aggregate=aggregate,
                     data=tuple(rows), breakdown_columns=columns, **fields)


def rows(values: dict, year=2020, breakdown=()):
    return [DataRow(region, year, value, "", breakdown) for region, value in values.items()]


def test_sum_and_mean_to_the_revier():
    data = rows({"a": 10.0, "b": 20.0, "c": 40.0}) + rows({"a": 1.0, "b": None, "c": 2.0}, year=2021)
    assert IndicatorData(indicator(data, "sum"), REGIONS).table().revier == {2020: 70.0, 2021: None}
    mean = IndicatorData(indicator(data, "mean"), REGIONS).table().revier
    assert mean[2020] == pytest.approx(70 / 3) and mean[2021] is None
    assert IndicatorData(indicator(data, "none"), REGIONS).table().revier == {}


def test_weighted_mean_uses_the_weights_of_the_same_region_and_year():
    population = IndicatorData(indicator(rows({"a": 100.0, "b": 300.0, "c": 600.0}), "sum", slug="pop"), REGIONS)
    rate = IndicatorData(indicator(rows({"a": 10.0, "b": 20.0, "c": 5.0}), "weighted", weight_by="pop"), REGIONS, population)
    # (10*100 + 20*300 + 5*600) / 1000 = 10.0
    assert rate.table().revier == {2020: pytest.approx(10.0)}
    assert aggregate("weighted", [1.0, 3.0], [1.0, None]) is None


def test_breakdown_selection_and_all():
    data = rows({"a": 8.0, "b": 6.0, "c": 10.0}, breakdown=(("sex", "w"),)) + \
        rows({"a": 10.0, "b": 8.0, "c": 12.0}, breakdown=(("sex", "m"),))
    data_ = IndicatorData(indicator(data, "mean", ("sex",)), REGIONS)
    assert data_.choices == {"sex": ["w", "m"]}
    women = data_.table(("w",))
    assert women.value("a", 2020) == 8.0 and women.revier[2020] == pytest.approx(8.0)
    together = data_.table((ALL,))
    assert together.value("a", 2020) == 9.0 and together.cells[("a", 2020)].derived
    assert data_.valid_selection(("m",)) and not data_.valid_selection(("x",)) and not data_.valid_selection(())


def test_a_total_row_is_preferred_over_combining():
    data = rows({"a": 8.0}, breakdown=(("sex", "w"),)) + rows({"a": 10.0}, breakdown=(("sex", "m"),)) + \
        rows({"a": 8.7}, breakdown=(("sex", ""),))
    assert IndicatorData(indicator(data, "sum", ("sex",)), REGIONS).table().value("a", 2020) == 8.7


def test_ranks_follow_the_direction_and_share_ties():
    values = {"a": 5.0, "b": 7.0, "c": 7.0, "d": None}
    assert ranks(values, "higher_is_better") == {"b": 1, "c": 1, "a": 3}
    assert ranks(values, "lower_is_better") == {"a": 1, "b": 2, "c": 2}


def test_trend_and_index():
    points = [(2015, 1.0), (2018, 7.9), (2019, 8.0), (2020, None), (2021, 8.1), (2022, 8.4)]
    assert trend(points, 1) == ("rising", 7.9, 8.4, 2018, 2022)
    assert trend([(2020, 3.04), (2021, 3.01)], 1)[0] == "steady"
    assert trend([(2020, 3.0)], 1) is None
    assert index_series([(2020, 4.0), (2021, 5.0), (2022, None)], 2020) == [(2020, 100.0), (2021, 125.0), (2022, None)]
    assert index_series([(2020, 0.0), (2021, 5.0)], 2020) == [(2020, None), (2021, None)]
