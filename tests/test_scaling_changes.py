"""Behaviour kept by the changes that make the portal fit 10,000 documents (see bench/README.md)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from portal.content.store import now
from portal.views.common import Pagination

STUDY = """---
title: "Eine Studie {n}"
summary: "Kurz."
date: 2023-0{month}-01
authors: ["Weber, Lena"]
year: {year}
kind: working-paper
---

Text der Studie {n}.
"""


def test_body_is_read_from_the_file_and_never_breaks_a_page(app, client, content_dir):
    item = app.extensions["content"].corpus.bundle("studies", "fachkraefte-report").primary
    assert "Eigene Berechnung" in item.body
    assert "Eigene Berechnung" not in repr(item)  # the body is not held by the record
    path = content_dir / "studies" / "fachkraefte-report" / "index.de.md"
    # an edit shows before the next reload; a vanished file gives an empty body, not a 500
    path.write_text(path.read_text(encoding="utf-8").replace("Eigene Berechnung", "Neue Berechnung"), encoding="utf-8")
    assert "Neue Berechnung" in item.body
    path.unlink()
    assert item.body == ""
    assert client.get("/de/studien/fachkraefte-report/").status_code == 200


def test_inline_body_wins_over_the_file(app):
    from dataclasses import replace

    item = app.extensions["content"].corpus.bundle("studies", "fachkraefte-report").primary
    preview = replace(item, inline_body="## Vorschau\n\nNeu.")
    assert preview.body.startswith("## Vorschau")
    assert '<h2 id="vorschau">Vorschau</h2>' in preview.html


def test_pagination_window_links_few_pages():
    assert Pagination([], 1, 10, 10).window() == [1]
    assert Pagination([], 1, 10, 30).window() == [1, 2, 3]
    assert Pagination([], 5, 10, 100).window() == [1, None, 3, 4, 5, 6, 7, None, 10]
    assert Pagination([], 350, 10, 3500).window() == [1, None, 348, 349, 350]


def test_long_list_renders_a_window_of_page_links(app_factory, write_item):
    for n in range(1, 8):
        write_item("studies", f"studie-{n}", STUDY.format(n=n, month=n, year=2015 + n))
    app = app_factory(PORTAL_PAGE_SIZE=1)
    html = app.test_client().get("/de/studien/?page=5").get_data(as_text=True)
    nav = html[html.index('class="pagination"'):].split("</nav>", 1)[0]
    assert 'aria-current="page">5<' in nav
    # 9 studies: the first, the last and two either side of page 5 (4 and 6 also as prev/next)
    assert {int(n) for n in re.findall(r"page=(\d+)", nav)} == {1, 3, 4, 6, 7, 9}
    assert nav.count("…") == 2


def test_visible_upcoming_and_years_respect_drafts_and_schedule(app):
    corpus = app.extensions["content"].corpus
    moment = now()
    news = [b.slug for b in corpus.visible("news", moment)]
    assert "entwurf-meldung" not in news and "geplante-meldung" not in news
    assert news == sorted(news, key=lambda s: corpus.bundle("news", s).date, reverse=True)
    assert [b.slug for b in corpus.upcoming_events(moment)] == ["kennzahlenvergleich-fruehjahr"]
    assert corpus.upcoming_events(datetime(2100, 1, 1, tzinfo=timezone.utc)) == []
    assert corpus.study_years(moment) == [2025, 2024]
    assert corpus.study_years(datetime(2024, 12, 31, tzinfo=timezone.utc)) == [2024]


def test_content_cache_spares_parsing_on_restart_and_notices_changes(app_factory, tmp_path, write_item):
    first = app_factory()
    cache = tmp_path / "instance" / "content-cache.pickle"
    assert cache.is_file()
    titles = {b.slug: b.primary.title for b in first.extensions["content"].corpus.all("studies")}

    second = app_factory()
    loader = second.extensions["content"]._loader
    assert loader._parsed == 0  # everything came from the cache
    assert {b.slug: b.primary.title for b in second.extensions["content"].corpus.all("studies")} == titles
    assert second.extensions["content"].corpus.problems == first.extensions["content"].corpus.problems

    write_item("studies", "uebergaenge-papier", STUDY.format(n=99, month=5, year=2023))
    third = app_factory()
    assert third.extensions["content"]._loader._parsed == 1
    assert third.extensions["content"].corpus.bundle("studies", "uebergaenge-papier").primary.title == "Eine Studie 99"

    cache.write_bytes(b"not a pickle")
    fourth = app_factory()
    assert fourth.extensions["content"]._loader._parsed > 1
    assert fourth.extensions["content"].corpus.bundle("studies", "uebergaenge-papier").primary.title == "Eine Studie 99"
