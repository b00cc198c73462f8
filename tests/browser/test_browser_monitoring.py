"""The monitoring's pages in a real browser (demo corpus): series and points drawn, the breakdown
selector, tooltips and keyboard stepping, JavaScript off, the embed page, and axe-core on every new
page type in both languages."""
from __future__ import annotations

from pathlib import Path

import pytest

if not Path("/usr/bin/chromium").exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium", allow_module_level=True)

pytestmark = pytest.mark.browser

POINTS = "#chart-line .mark-symbol path[aria-label]"
AXE_PATHS = [
    "/de/kennzahlen/arbeitslosenquote/?highlight=saalekreis",
    "/en/indicators/arbeitslosenquote/?sex=w",
    "/de/kennzahlenvergleich/?indicator=bevoelkerung&regions=saalekreis&regions=halle-saale",
    "/en/comparison/?mode=region&region=saalekreis&indicators=bevoelkerung,arbeitslosenquote",
    "/de/regionen/saalekreis/",
    "/en/regions/saalekreis/",
    "/de/regionen/",
    "/en/regions/",
    "/de/kennzahlen/",
    "/en/indicators/?stage=fruehe-bildung",
    "/de/kennzahlen/bevoelkerung/embed/",
]
OTHER_PATHS = [
    "/de/kennzahlen/arbeitslosenquote/", "/de/kennzahlen/arbeitslosenquote/?sex=w", "/en/indicators/bevoelkerung/",
    "/de/kennzahlenvergleich/?indicator=arbeitslosenquote", "/de/kennzahlenvergleich/?indicator=bevoelkerung",
    "/de/kennzahlenvergleich/?indicator=bevoelkerung&regions=saalekreis", "/en/indicators/arbeitslosenquote/embed/?sex=m",
]


@pytest.fixture(scope="module", autouse=True)
def drawn(demo_server):
    """Draw the charts before the browser asks (a drawing takes 0.1-0.2 s, far more on a busy machine);
    the pages then come from the chart folder, as they do for visitors once the portal is warm."""
    client = demo_server.app.test_client()
    for path in AXE_PATHS + OTHER_PATHS:
        assert client.get(path).status_code == 200, path


def filled_cells(page) -> int:
    """Values in the table (body and the Revier row), i.e. the points the chart should have."""
    return page.eval_on_selector_all("#values tbody td:not(:last-child), #values tfoot td:not(:last-child)",
                                     "cells => cells.filter(c => /\\d/.test(c.textContent) && !c.textContent.includes('(')).length")


def test_chart_has_a_line_per_region_and_a_point_per_value_and_the_breakdown_changes_it(demo_visitor):
    page = demo_visitor.page
    demo_visitor.open("/de/kennzahlen/arbeitslosenquote/")
    assert page.locator("#chart-line .mark-line path").count() == 10  # nine Revierkommunen and the Revier
    assert page.locator(POINTS).count() == filled_cells(page)
    first = page.locator(POINTS).first.get_attribute("aria-label")
    page.select_option("#choice-sex", "w")
    page.click(".chart-choices button[type=submit]")
    page.wait_for_url("**sex=w**")
    assert "Frauen" in page.locator("#chart-line svg title").text_content()
    assert page.locator(POINTS).count() == filled_cells(page)
    assert page.locator(POINTS).first.get_attribute("aria-label") != first


def test_tooltip_and_keyboard_stepping(demo_visitor):
    page = demo_visitor.page
    demo_visitor.open("/en/indicators/bevoelkerung/")
    page.locator("#chart-bar .mark-rect path").first.hover()
    assert page.locator("#chart-bar .chart-tip").is_visible()
    # Tab reaches the chart; arrow keys step through its points, each announced
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#chart-line') !== null"):
            break
    else:
        pytest.fail("the line chart is not reachable by keyboard")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    announced = page.locator("#chart-line [aria-live]").text_content()
    assert announced == page.locator(POINTS).nth(1).get_attribute("aria-label")


def test_legend_buttons_hide_and_show_a_line_with_its_points(demo_visitor):
    page = demo_visitor.page
    demo_visitor.open("/de/kennzahlen/arbeitslosenquote/")
    toggles = page.locator("#chart-line .chart-toggles button[aria-pressed]")
    assert toggles.count() == 10
    name = toggles.nth(1).text_content().strip()
    own = page.locator(f"{POINTS}[aria-label^='{name}, ']")
    line = page.locator(f"#chart-line .mark-line path[aria-label='{name}']")
    assert own.count() > 0 and line.is_visible()
    toggles.nth(1).focus()
    page.keyboard.press("Enter")
    assert toggles.nth(1).get_attribute("aria-pressed") == "false"
    assert not line.is_visible() and all(not own.nth(i).is_visible() for i in range(own.count()))
    assert page.locator(POINTS).first.is_visible()  # the other lines stay
    # stepping with the arrow keys skips the hidden points
    page.locator("#chart-line .chart-box").focus()
    announced = set()
    for _ in range(page.locator(POINTS).count()):
        page.keyboard.press("ArrowRight")
        announced.add(page.locator("#chart-line [aria-live]").text_content())
    assert announced and not any(a.startswith(name + ", ") for a in announced)
    toggles.nth(1).click()
    assert toggles.nth(1).get_attribute("aria-pressed") == "true" and line.is_visible()


def test_every_control_is_reachable_by_keyboard(demo_visitor):
    page = demo_visitor.page
    demo_visitor.open("/de/kennzahlenvergleich/?indicator=arbeitslosenquote")
    controls = page.eval_on_selector_all("main select, main input, main button, main a[href], main [tabindex='0']",
                                         "els => els.filter(e => e.offsetParent !== null).length")
    reached = set()
    for _ in range(controls + 40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("(() => { const e = document.activeElement; return e.closest('main') ? e.outerHTML.slice(0, 120) + e.textContent : '' })()"))
    reached.discard("")
    assert len(reached) >= controls


def test_works_without_javascript(browser, demo_server):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(demo_server.url + "/de/kennzahlenvergleich/?indicator=bevoelkerung")
        assert page.locator("#chart-compare svg[role=img]").count() == 1
        page.check("#c-r-saalekreis")
        page.click(".compare-form button[type=submit]")
        page.wait_for_url("**regions=saalekreis**")
        assert page.locator("#compare-values tbody tr").count() == 1
        page.goto(demo_server.url + "/de/kennzahlen/arbeitslosenquote/")
        assert page.locator("#chart-line svg[role=img]").count() == 1 and page.locator("#values").count() == 1
    finally:
        context.close()


def test_embed_page_shows_the_chart_and_its_source(demo_visitor):
    page = demo_visitor.page
    demo_visitor.open("/en/indicators/arbeitslosenquote/embed/?sex=m")
    assert page.locator("svg[role=img]").is_visible()
    assert "Source:" in page.locator(".source-line").text_content()
    assert "Sample data" in page.locator(".sample-mark").text_content()


@pytest.mark.parametrize("path", AXE_PATHS)
def test_axe_finds_no_violation(demo_visitor, path):
    demo_visitor.open(path)
    assert demo_visitor.axe_violations() == []
    assert demo_visitor.foreign_requests() == []
