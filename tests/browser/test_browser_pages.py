"""A real browser visits the portal: language, headings, the language switch, keyboard access, fallback.

Runs on the fixture corpus (tests/fixtures/content) served by a real WSGI server; needs compiled
translations (`.venv/bin/pybabel compile -d translations`, done by scripts/test.sh).
"""
from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

if not CHROMIUM.exists():
    pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.browser

# (German path, English path, German h1, English h1, English text exists)
ITEMS = {
    "home": ("/de/", "/en/", "Bildung im Strukturwandel in Mitteldeutschland",
             "Education in Structural Change in Central Germany", True),
    "study": ("/de/studien/fachkraefte-report/", "/en/studies/fachkraefte-report/",
              "Fachkräftesicherung im Revier", "Securing skilled workers in the mining region", True),
    "event": ("/de/veranstaltungen/kennzahlenvergleich-fruehjahr/", "/en/events/kennzahlenvergleich-fruehjahr/",
              "Kennzahlenvergleich: Frühjahrstreffen", "Kennzahlenvergleich: Frühjahrstreffen", False),
    "indicator": ("/de/kennzahlen/betreuungsquote/", "/en/indicators/betreuungsquote/",
                  "K-05 Betreuungsquote unter Dreijähriger", "K-05 Betreuungsquote unter Dreijähriger", False),
}
FALLBACK_NOTICE = "This text is not available in English. It is shown in German."


def _h1(page) -> str:
    return " ".join(page.locator("h1").inner_text().split())


@pytest.mark.parametrize("name", ITEMS)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_page_language_heading_and_switch(visitor, name, lang):
    de_path, en_path, de_h1, en_h1, has_english = ITEMS[name]
    path, other_path, other = (de_path, en_path, "en") if lang == "de" else (en_path, de_path, "de")
    page = visitor.page
    visitor.open(path)

    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1
    assert _h1(page) == (de_h1 if lang == "de" else en_h1)
    # the interface speaks the page's language even where the text falls back to German
    skip = page.locator("a.skip-link")
    assert skip.inner_text() == ("Zum Inhalt springen" if lang == "de" else "Skip to content")
    # the fallback notice appears exactly where an English page shows German text
    notices = page.locator("p.notice", has_text="English")
    fallback = lang == "en" and not has_english and name != "home"
    assert notices.count() == (1 if fallback else 0)
    # the stylesheet arrived and CSP let it apply (the header is coloured, not the default transparent)
    header_bg = page.locator(".site-header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header_bg not in ("rgba(0, 0, 0, 0)", "transparent")

    # the switch is a real link, marked with the target language, leading to the same item
    switch = page.locator(f'nav.lang-switch a[hreflang="{other}"]')
    assert switch.get_attribute("lang") == other
    page.locator("nav.lang-switch").get_by_role("link").click()
    page.wait_for_url(visitor.server.url + other_path)
    assert page.locator("html").get_attribute("lang") == other
    assert _h1(page) == (en_h1 if other == "en" else de_h1)
    # the current language is shown, not linked
    assert page.locator(f'nav.lang-switch [aria-current="true"][lang="{other}"]').count() == 1

    # hreflang alternates name exactly the languages that have a text
    alternates = sorted(page.locator('link[rel="alternate"][hreflang]').evaluate_all("els => els.map(e => e.hreflang)"))
    assert alternates == (["de", "en", "x-default"] if has_english else ["de"])
    assert not visitor.foreign_requests()


@pytest.mark.parametrize("path", ["/de/", "/en/studies/fachkraefte-report/", "/de/kennzahlen/betreuungsquote/"])
def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(visitor, path):
    page = visitor.page
    visitor.open(path)
    page.keyboard.press("Tab")
    focused = page.evaluate("() => ({cls: document.activeElement.className, href: document.activeElement.getAttribute('href')})")
    assert focused == {"cls": "skip-link", "href": "#main"}
    # the focused skip link is on screen and has a visible focus indicator
    box = page.locator("a.skip-link").bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 0
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"
    # the next Tab continues inside the main content, not back in the header
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


@pytest.mark.parametrize("path", ["/en/studies/uebergaenge-papier/", "/en/events/kennzahlenvergleich-fruehjahr/"])
def test_english_fallback_is_marked_german(visitor, path):
    page = visitor.page
    visitor.open(path)
    assert page.locator("html").get_attribute("lang") == "en"
    notice = page.get_by_text(FALLBACK_NOTICE)
    assert notice.is_visible()
    assert notice.get_attribute("lang") == "en"
    # the German text is marked as German for screen readers and hyphenation
    article = page.locator("main article")
    assert article.get_attribute("lang") == "de"
    assert page.locator("h1").evaluate("el => el.closest('[lang]').lang") == "de"
    # no English alternate is announced for a text that does not exist
    hreflangs = page.locator('link[rel="alternate"][hreflang]').evaluate_all("els => els.map(e => e.hreflang)")
    assert hreflangs == ["de"]


def test_english_list_marks_german_only_items(visitor):
    page = visitor.page
    visitor.open("/en/studies/")  # page 1: the newest study, which has an English text
    card = page.locator("article.card", has_text="Securing skilled workers in the mining region")
    assert card.count() == 1
    assert card.locator('span[lang="en"]').count() == 1
    assert card.locator(".badge").count() == 0
    visitor.open("/en/studies/?page=2")  # one study per page on the live server; page 2 is the older one
    card = page.locator("article.card", has_text="Übergänge nach der Grundschule")
    assert card.count() == 1
    assert card.locator('span[lang="de"]', has_text="Übergänge nach der Grundschule").count() == 1
    assert card.locator(".badge").inner_text().strip().lower() == "german"


def test_not_found_page_is_localised(visitor):
    page = visitor.page
    visitor.open("/en/studies/no-such-study/", status=404)
    assert page.locator("html").get_attribute("lang") == "en"
    assert _h1(page) == "Page not found"
    visitor.open("/de/studien/gibt-es-nicht/", status=404)
    assert page.locator("html").get_attribute("lang") == "de"
    assert _h1(page) == "Seite nicht gefunden"


def test_root_sends_browser_to_its_language(browser, live_server):
    for locale, expected in (("en-GB", "/en/"), ("de-DE", "/de/")):
        context = browser.new_context(locale=locale)
        try:
            page = context.new_page()
            page.goto(live_server.url + "/")
            assert page.url == live_server.url + expected
        finally:
            context.close()
