"""Issue 12 in a real browser: phones (320, 390 px) and a desktop (1366 px), every page type in both
languages, light and dark. One chromium session; one tab per viewport and colour scheme."""
from __future__ import annotations

from pathlib import Path

import pytest
from page_types import PAGE_TYPES

if not Path("/usr/bin/chromium").exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium", allow_module_level=True)

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 1366)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PATHS = [path for pair in PAGE_TYPES.values() for path in pair]

# no sideways scrolling; every image has alt text (possibly empty) and its dimensions
LAYOUT_CHECK = """() => {
  const root = document.documentElement;
  const images = [...document.images].filter(i => !i.hasAttribute('alt') || !i.getAttribute('width') || !i.getAttribute('height'));
  return {overflow: root.scrollWidth - root.clientWidth, badImages: images.map(i => i.outerHTML.slice(0, 120))};
}"""


@pytest.fixture(scope="module")
def tabs(browser, demo_server):
    """(width, scheme) -> a page; created on first use, closed at the end of the module."""
    contexts, pages = [], {}

    def get(width: int, scheme: str = "light", javascript: bool = True):
        key = (width, scheme, javascript)
        if key not in pages:
            context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme,
                                          locale="de-DE", java_script_enabled=javascript)
            contexts.append(context)
            page = context.new_page()
            page.set_default_timeout(30_000)  # an upper bound for a loaded machine, not a speed limit
            pages[key] = page
        return pages[key]

    get.url = demo_server.url
    yield get
    for context in contexts:
        context.close()


@pytest.mark.parametrize("path", PATHS)
def test_no_page_scrolls_sideways_and_images_have_alt_and_size(tabs, path):
    for width in WIDTHS:
        page = tabs(width)
        response = page.goto(tabs.url + path)
        assert response.status == 200, path
        found = page.evaluate(LAYOUT_CHECK)
        assert found["overflow"] <= 0, f"{path} at {width}px scrolls sideways by {found['overflow']}px"
        assert found["badImages"] == [], path


@pytest.mark.parametrize("path", PATHS)
def test_axe_finds_nothing_in_light_and_dark_mode(tabs, path):
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    for width, scheme in ((1366, "light"), (390, "dark")):
        page = tabs(width, scheme)
        page.goto(tabs.url + path)
        violations = Axe().run(page, options=options).response["violations"]
        assert [f"{v['id']}: {n['target']} {n.get('failureSummary', '')[:200]}" for v in violations for n in v["nodes"]] == [], (path, scheme)


def test_menu_button_opens_and_closes_by_keyboard(tabs):
    page = tabs(390)
    page.goto(tabs.url + "/de/studien/")
    nav = page.locator("#main-nav")
    button = page.locator("button.menu-toggle")
    assert nav.is_hidden() and button.get_attribute("aria-expanded") == "false"
    for _ in range(10):  # skip link, brand, language, then the menu button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('menu-toggle')"):
            break
    else:
        pytest.fail("the menu button is not reached by Tab")
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and nav.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#main-nav, .search-box') !== null")
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and nav.is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
    assert page.locator("#site-search").is_visible()  # the search box is there at once on a phone


def test_menu_works_without_javascript(tabs):
    page = tabs(390, javascript=False)
    page.goto(tabs.url + "/en/")
    assert page.locator("#main-nav").is_hidden()
    page.locator("a.menu-toggle").click()
    assert page.locator("#main-nav").is_visible() and page.url.endswith("#main-nav")


def test_print_shows_the_content_without_navigation(tabs):
    page = tabs(1366)
    page.goto(tabs.url + "/de/studien/kennzahlenbericht-2025/")
    page.emulate_media(media="print")
    try:
        for selector in (".site-header", ".main-nav", ".search-box", ".breadcrumbs", ".page-tools"):
            assert page.locator(selector).first.is_hidden(), selector
        assert page.locator("main h1").is_visible()
        brand = page.locator("img.print-brand")
        brand.evaluate("img => img.decode()")  # a lazy image is loaded for printing
        assert brand.is_visible() and brand.evaluate("img => img.naturalWidth") > 0
        address = page.locator(".print-address")
        assert address.is_visible() and tabs.url + "/de/studien/kennzahlenbericht-2025/" in address.inner_text()
        link = page.locator(".prose a[href^='/'], .prose a[href^='http']").first
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert link.get_attribute("href") in after  # the address after the link's text
        assert page.locator(".prose table").first.evaluate("t => getComputedStyle(t).breakInside") == "avoid"
        assert page.pdf(format="A4")[:4] == b"%PDF"
    finally:
        page.emulate_media(media="screen")
    assert page.locator(".print-address").is_hidden() and page.locator("img.print-brand").is_hidden()  # only on paper


def test_registration_errors_are_readable_in_dark_mode(browser, registration_server):
    """The registration box is on the design tokens: its error summary, messages and hints keep AA
    contrast on the dark theme's background (they were fixed reds and greys made for white)."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 390, "height": 800}, color_scheme="dark", locale="de-DE")
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(registration_server.url + "/de/veranstaltungen/kennzahlenvergleich-fruehjahr/")
        page.locator(".registration-form button[type=submit]").click()
        page.locator("#error-summary").wait_for()
        for selector in ("#error-summary a", ".field-error", ".form-hint"):
            assert page.locator(selector).first.evaluate(CONTRAST) >= 4.5, selector
        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
        violations = Axe().run(page, options=options).response["violations"]
        assert [f"{v['id']}: {n['target']}" for v in violations for n in v["nodes"]] == []
    finally:
        context.close()


CONTRAST = """(el) => {
  const ctx = document.createElement('canvas').getContext('2d', {willReadFrequently: true});
  const rgb = c => { ctx.clearRect(0, 0, 1, 1); ctx.fillStyle = c; ctx.fillRect(0, 0, 1, 1); return [...ctx.getImageData(0, 0, 1, 1).data].slice(0, 3); };
  const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let bg = el, style;
  while (bg) { style = getComputedStyle(bg); if (style.backgroundColor !== 'rgba(0, 0, 0, 0)') break; bg = bg.parentElement; }
  const a = lum(getComputedStyle(el).color), b = lum(style.backgroundColor);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_header_search_suggestions_are_readable(tabs, scheme):
    page = tabs(1366, scheme)
    page.goto(tabs.url + "/de/aktuelles/")
    page.locator("#site-search").fill("Kit")
    option = page.locator(".site-header .suggestions li").first
    option.wait_for(state="visible")
    assert option.evaluate(CONTRAST) >= 4.5


def test_search_results_come_first_on_a_phone(tabs):
    page = tabs(390)
    page.goto(tabs.url + "/de/suche/?q=Kita")
    first_result = page.locator(".direct-answer, .hit").first  # "Kita" names an indicator: its answer leads
    assert first_result.bounding_box()["y"] < 800  # in the first screen, not below the filters
    panel = page.locator("details.facet-panel")
    assert not panel.evaluate("d => d.open")
    panel.locator("summary").click()
    assert page.locator(".facet").first.is_visible()


def test_search_filters_show_on_a_wide_screen_without_a_button(tabs):
    page = tabs(1366)
    page.goto(tabs.url + "/de/suche/?q=Kita")
    assert page.locator(".facet").first.is_visible()
    assert page.locator("details.facet-panel > summary").is_hidden()
