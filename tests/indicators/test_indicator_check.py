"""`flask content check` knows the new indicator fields and weight_by's references."""
INDICATOR = """---
title: Quote
date: 2025-01-15
number: K-99
field: bildungschancen
unit: "%"
definition: "a / b"
source: "Statistik"
{extra}---

Text.
"""


def check(runner, content_dir):
    return runner.invoke(args=["content", "check", "--path", str(content_dir)]).output


def test_new_fields_are_validated(runner, content_dir, write_item):
    write_item("indicators", "quote", INDICATOR.format(extra="direction: up\ndecimals: 5\naggregate: weighted\nbreakdowns: [sex]\n"))
    out = check(runner, content_dir)
    assert "[direction] 'up' is not one of" in out
    assert "[decimals] must be at most 3" in out
    assert "[weight_by] a weighted mean needs 'weight_by'" in out
    assert "[breakdowns] expected a mapping" in out


def test_weight_by_must_name_an_unweighted_indicator(runner, content_dir, write_item):
    path = write_item("indicators", "quote", INDICATOR.format(extra="aggregate: weighted\nweight_by: einwohner\n"))
    (path.parent / "data.csv").write_text("region,year,value,note\nsaalekreis,2023,1.5,\n")
    out = check(runner, content_dir)
    assert "indicators/quote/index.de.md: [weight_by] no indicator named 'einwohner'" in out


def test_a_page_with_bad_rows_shows_the_valid_ones_and_says_so(app_factory):
    html = app_factory().test_client().get("/de/kennzahlen/betreuungsquote/").get_data(as_text=True)
    assert "konnten nicht gelesen werden" in html
    assert "56,1\u202f%" in html  # Saalekreis 2022, a valid row


def test_charts_are_drawn_ahead_and_cleared(app_factory, tmp_path):
    app = app_factory(PORTAL_CHART_CACHE_DIR=str(tmp_path / "charts"))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["indicators", "draw"])
    assert "6 charts and maps ready" in result.output, result.output  # one indicator, two languages, line+bar+map
    assert len(list((tmp_path / "charts").glob("*.svg"))) == 6
    assert "6 file(s) removed" in runner.invoke(args=["indicators", "clear-charts"]).output
