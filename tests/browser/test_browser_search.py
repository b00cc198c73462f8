"""Suggestions as you type: the ARIA combobox works by keyboard and speaks the visitor's language."""
import pytest

pytestmark = pytest.mark.browser


def test_suggestions_by_keyboard(visitor):
    visitor.open("/de/")
    page = visitor.page
    box = page.locator("#site-search")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    box.click()
    box.type("Fachkr", delay=30)
    page.wait_for_selector("#site-search[aria-expanded='true']")
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    assert listbox.get_attribute("role") == "listbox" and listbox.get_attribute("aria-label") == "Vorschläge"
    options = listbox.locator("[role=option]")
    assert options.count() >= 1
    status = page.locator(".has-suggestions [role=status]").first
    assert "Vorschläge, mit den Pfeiltasten auswählen" in status.inner_text()

    box.press("ArrowDown")
    first = options.nth(0)
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false" and box.get_attribute("aria-activedescendant") is None

    box.press("ArrowDown")  # reopens
    page.wait_for_selector("#site-search[aria-expanded='true']")
    box.press("ArrowDown")
    with page.expect_navigation():
        box.press("Enter")
    assert page.url != visitor.server.url + "/de/"
    assert visitor.foreign_requests() == []


def test_english_suggestions_are_labelled_in_english(visitor):
    visitor.open("/en/")
    page = visitor.page
    box = page.locator("#site-search")
    box.click()
    box.type("skill", delay=30)
    page.wait_for_selector("#site-search[aria-expanded='true']")
    assert page.locator(f"#{box.get_attribute('aria-controls')}").get_attribute("aria-label") == "Suggestions"


def test_search_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/de/")
        page.fill("#site-search", "Fachkräfte")
        page.press("#site-search", "Enter")
        page.wait_for_load_state()
        assert "/de/suche/" in page.url
        assert page.locator("main ol li, main .result").count() >= 1
    finally:
        context.close()
