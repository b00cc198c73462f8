"""axe-core audits (WCAG 2.0/2.1 A and AA) and the portal's self-containment, in a real browser.

Every audited page must load nothing from another host (no CDN, no fonts, no trackers) and
trigger no Content-Security-Policy error.
"""
from __future__ import annotations

import re

from pathlib import Path

import pytest

from portal.content.records import SECTIONS
from portal.content.store import now
from portal.i18n import SEGMENTS

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.browser

# (path, expected status) on the fixture corpus; one item per list page, so lists paginate
AUDITED = [
    ("/de/", 200),
    ("/en/", 200),
    ("/de/studien/fachkraefte-report/", 200),
    ("/en/studies/fachkraefte-report/", 200),
    ("/en/studies/uebergaenge-papier/", 200),  # English fallback to German
    ("/de/veranstaltungen/kennzahlenvergleich-fruehjahr/", 200),
    ("/en/events/kennzahlenvergleich-fruehjahr/", 200),
    ("/de/kennzahlen/betreuungsquote/", 200),
    ("/en/indicators/betreuungsquote/", 200),
    ("/de/studien/", 200),
    ("/en/studies/?page=2", 200),
    ("/de/kennzahlen/", 200),
    ("/en/indicators/", 200),
    ("/de/veranstaltungen/", 200),
    ("/en/events/", 200),
    ("/de/aktuelles/", 200),
    ("/de/regionen/saalekreis/", 200),
    ("/de/seiten/impressum/", 200),
    ("/de/suche/?q=Fachkr%C3%A4fte", 200),  # results, facets, highlights
    ("/en/search/?q=skilled+workers&type=studies", 200),  # a facet chosen
    ("/de/suche/?q=Weiterbldung", 200),  # did you mean
    ("/de/suche/?q=xyzzy+quux", 200),  # zero results
    ("/de/suche/?topic=fachkraefte", 200),  # browsing by facet without words
    ("/de/suche/?q=Betreuungsquote%20Saalekreis", 200),  # a direct answer with a sparkline
    ("/en/search/?q=Sommer+Herbst&language=de", 200),  # relaxed words, hits in another language
    ("/de/gibt-es-nicht/", 404),
    ("/en/studies/no-such-study/", 404),
]


def _csp_errors(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m or "Refused to" in m]


@pytest.mark.parametrize(("path", "status"), AUDITED)
def test_page_passes_axe_and_stays_on_own_host(visitor, path, status):
    visitor.open(path, status=status)
    assert visitor.axe_violations() == []
    assert visitor.foreign_requests() == []
    assert _csp_errors(visitor.console_errors) == []
    # every request went to the portal itself, and the stylesheet was among them
    assert any(re.search(r"/static/css/portal\.[0-9a-f]{12}\.css$", url) for url in visitor.requests)  # fingerprinted


def _demo_paths(app) -> list[str]:
    """Home, every list and, per section, the first published item of the demo corpus, in both languages."""
    corpus = app.extensions["content"].corpus
    moment = now()
    paths = []
    for lang in ("de", "en"):
        paths.append(f"/{lang}/")
        for section in ("studies", "news", "events", "indicators"):
            paths.append(f"/{lang}/{SEGMENTS[section][lang]}/")
        for section in SECTIONS:
            visible = corpus.visible(section, moment)
            # prefer a German-only item in English (the fallback) and a translated one in German
            picks = [b for b in visible if ("en" in b.texts) == (lang == "de")] or visible
            if picks:
                paths.append(f"/{lang}/{SEGMENTS[section][lang]}/{picks[0].slug}/")
        paths.append(f"/{lang}/{SEGMENTS['topics'][lang]}/")
        paths.append(f"/{lang}/{SEGMENTS['regions'][lang]}/")
    return paths


def test_demo_corpus_pages_pass_axe_and_stay_on_own_host(demo_visitor):
    """The demo corpus has long texts, tables, attachments and footnotes that the fixtures lack."""
    problems: dict[str, list[str]] = {}
    for path in _demo_paths(demo_visitor.server.app):
        demo_visitor.open(path)
        found = demo_visitor.axe_violations() + _csp_errors(demo_visitor.console_errors)
        demo_visitor.console_errors.clear()
        if found:
            problems[path] = found
    assert problems == {}
    assert demo_visitor.foreign_requests() == []


def test_foreign_request_would_be_caught(visitor):
    """The request log sees sub-resources: a page that pulled an outside font would fail the audit."""
    visitor.open("/de/")
    visitor.page.evaluate("() => { const l = document.createElement('link'); l.rel = 'stylesheet';"
                          " l.href = 'http://fonts.example.invalid/x.css'; document.head.appendChild(l); }")
    visitor.page.wait_for_timeout(100)
    # CSP blocks it before it goes out, and says so; either way the audit would notice
    assert visitor.foreign_requests() or _csp_errors(visitor.console_errors)
