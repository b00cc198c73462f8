"""The indicator fields added to the contract: direction, decimals, licence, weight_by, breakdowns."""
from __future__ import annotations

from portal.content.loader import Loader

BASE = """---
title: "Anteil"
date: 2025-01-15
number: K-99
field: bildungschancen
unit: "%"
definition: "A je 100 B"
source: "Statistik"
{extra}
---

Text.
"""


def _load(content_dir, write_item, extra: str, slug: str = "anteil"):
    write_item("indicators", slug, BASE.format(extra=extra))
    corpus = Loader(content_dir).load()
    mine = [p for p in corpus.problems if f"/{slug}/index" in p.path]
    return corpus.bundle("indicators", slug), [(p.field, p.message) for p in mine]


def test_defaults_when_absent(content_dir, write_item):
    bundle, problems = _load(content_dir, write_item, "")
    item = bundle.primary
    assert problems == []
    assert (item.direction, item.decimals, item.licence, item.weight_by, item.breakdowns) == ("neutral", 1, None, None, {})


def test_all_set(content_dir, write_item):
    extra = ("direction: lower_is_better\ndecimals: 0\nlicence: dl-de/by-2-0\naggregate: weighted\n"
             "weight_by: betreuungsquote\nbreakdowns:\n  sex:\n    de: Geschlecht\n    en: Sex\n"
             "    values: {w: {de: weiblich, en: female}, m: {de: männlich, en: male}}")
    bundle, problems = _load(content_dir, write_item, extra)
    item = bundle.primary
    assert problems == []
    assert (item.direction, item.decimals, item.licence, item.weight_by) == ("lower_is_better", 0, "dl-de/by-2-0", "betreuungsquote")
    assert item.breakdowns == {"sex": {"de": "Geschlecht", "en": "Sex", "values": {
        "w": {"de": "weiblich", "en": "female"}, "m": {"de": "männlich", "en": "male"}}}}


def test_broken_values_are_reported_and_leave_the_item_out(content_dir, write_item):
    cases = {
        "direction: upwards": ("direction", "'upwards' is not one of: neutral, higher_is_better, lower_is_better"),
        "decimals: 4": ("decimals", "must be at most 3"),
        "decimals: -1": ("decimals", "must be at least 0"),
        "aggregate: weighted": ("weight_by", "a weighted mean needs 'weight_by': the indicator whose values weight it"),
        "weight_by: Not A Slug": ("weight_by", "not a slug: Not A Slug"),
        "breakdowns: {sex: {de: Geschlecht}}": ("breakdowns", "sex: the label in en is missing"),
        "breakdowns: {year: {de: Jahr, en: Year}}": ("breakdowns", "'year' is not a breakdown column of data.csv"),
        "breakdowns: {sex: {de: G, en: S, values: {w: weiblich}}}": ("breakdowns", "sex.w: expected {de, en}"),
    }
    for number, (extra, expected) in enumerate(cases.items()):
        bundle, problems = _load(content_dir, write_item, extra, slug=f"kaputt-{number}")
        assert bundle is None and problems == [expected], extra


def test_weight_by_must_name_an_existing_indicator(content_dir, write_item):
    bundle, problems = _load(content_dir, write_item, "aggregate: weighted\nweight_by: gibt-es-nicht")
    assert bundle is not None  # served; the check lists the problem
    assert problems == [("weight_by", "no indicator named 'gibt-es-nicht'")]


def test_related_indicators_must_exist_too(content_dir, write_item):
    """Every field declared with `refers_to` is checked, lists included, by the same code."""
    bundle, problems = _load(content_dir, write_item, "related: [betreuungsquote, verschwunden]")
    assert bundle is not None and problems == [("related", "no indicator named 'verschwunden'")]


def test_the_check_command_lists_it(content_dir, write_item, runner):
    write_item("indicators", "anteil", BASE.format(extra="aggregate: weighted\nweight_by: gibt-es-nicht"))
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code != 0 and "[weight_by] no indicator named 'gibt-es-nicht'" in result.output
