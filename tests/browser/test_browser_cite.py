"""The study page's Cite block in a browser: the copy button appears with JavaScript, copies the
citation's text by keyboard and says so in its status line."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_copy_citation_by_keyboard(browser, live_server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/en/studies/fachkraefte-report/")
        button = page.get_by_role("button", name="Copy citation").first
        button.wait_for(state="visible")
        button.focus()
        page.keyboard.press("Enter")
        page.get_by_role("status").filter(has_text="Citation copied").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("Schneider, A., & Krüger, J. (2025). Fachkräftesicherung im Revier [Study report].")
        link = page.get_by_role("link", name="BibTeX")
        assert link.get_attribute("href") == "/en/studies/fachkraefte-report/cite/bibtex"
    finally:
        context.close()
