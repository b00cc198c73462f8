"""Feeds read back by feedparser: every section, format and language, filters, 304s and bad input."""
from __future__ import annotations

import feedparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

FEEDS = [
    f"/{lang}/{segment}/{name}"
    for lang, segments in (("de", ("aktuelles", "studien", "veranstaltungen")), ("en", ("news", "studies", "events")))
    for segment in segments
    for name in ("feed.atom", "feed.xml")
]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return response, parsed


@pytest.mark.parametrize("url", FEEDS)
def test_every_feed_parses_without_bozo(client, url):
    response, parsed = parse(client, url)
    assert parsed.version == ("atom10" if url.endswith(".atom") else "rss20")
    assert response.mimetype == ("application/atom+xml" if url.endswith(".atom") else "application/rss+xml")
    assert parsed.feed.language.startswith(url[1:3])
    assert parsed.entries, url
    for entry in parsed.entries:
        assert entry.link.startswith("http://localhost/" + url[1:3] + "/")
        assert entry.title and entry.published_parsed


def test_rss_news_feed_matches_the_atom_feed_and_skips_drafts_and_scheduled(client):
    _, rss = parse(client, "/de/aktuelles/feed.xml")
    _, atom = parse(client, "/de/aktuelles/feed.atom")
    titles = [e.title for e in rss.entries]
    assert titles == [e.title for e in atom.entries] == ["Kennzahlenbericht 2025 erschienen", "Rückblick auf den Fachtag in Zeitz"]
    links = " ".join(e.link for e in rss.entries)
    assert "entwurf-meldung" not in links and "geplante-meldung" not in links


def test_english_feed_uses_translations(client):
    _, parsed = parse(client, "/en/studies/feed.xml")
    assert "Securing skilled workers in the mining region" in [e.title for e in parsed.entries]
    assert all(e.link.startswith("http://localhost/en/studies/") for e in parsed.entries)


def test_studies_feed_names_authors_in_both_formats(client):
    _, atom = parse(client, "/de/studien/feed.atom")
    _, rss = parse(client, "/de/studien/feed.xml")
    for parsed in (atom, rss):
        entry = next(e for e in parsed.entries if e.title == "Fachkräftesicherung im Revier")
        assert "Schneider, Anna" in [a.get("name") for a in entry.authors]


def test_topic_and_region_filters(client):
    _, all_studies = parse(client, "/de/studien/feed.xml")
    _, topic = parse(client, "/de/studien/feed.xml?topic=fachkraefte")
    assert 0 < len(topic.entries) < len(all_studies.entries)
    assert all("Fachkräfte" in [t.term for t in e.tags] for e in topic.entries)  # RSS: the label
    assert topic.feed.title.startswith("Studien · ")
    assert "topic=fachkraefte" in next(link.href for link in topic.feed.links if link.rel == "self")
    _, region = parse(client, "/de/veranstaltungen/feed.atom?region=revier")
    assert [e.title for e in region.entries] == ["Kennzahlenvergleich: Frühjahrstreffen"]


@pytest.mark.parametrize("query, status", [
    ("?topic=gibt-es-nicht", 404), ("?region=atlantis", 404), ("?topic=%00", 400),
    ("?topic=weiterbildung&topic=fachkraefte", 400), ("?topic=" + "x" * 5000, 404),
])
def test_bad_filters_are_4xx_never_500(client, query, status):
    assert client.get("/de/studien/feed.xml" + query).status_code == status
    assert client.get("/en/events/feed.atom" + query).status_code == status


def test_unknown_arguments_and_empty_filters_are_ignored(client):
    assert client.get("/de/aktuelles/feed.xml?utm_source=reader&topic=").status_code == 200


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(max_size=40))
def test_any_filter_value_is_answered_without_error(client, value):
    response = client.get("/de/studien/feed.atom", query_string={"topic": value, "region": value})
    assert response.status_code in (200, 400, 404)


def test_conditional_get_answers_304(client):
    first = client.get("/de/studien/feed.atom")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert client.get("/de/studien/feed.atom", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/de/studien/feed.atom", headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get("/de/studien/feed.atom", headers={"If-None-Match": '"other"'}).status_code == 200
    other = client.get("/en/studies/feed.atom")
    assert other.headers["ETag"] != etag


def test_etag_changes_when_the_content_changes(app, client, write_item):
    etag = client.get("/de/aktuelles/feed.xml").headers["ETag"]
    write_item("news", "neue-meldung", "---\ntitle: Neue Meldung\nsummary: Kurz.\ndate: 2025-11-20\n---\nText.\n")
    app.extensions["content"].refresh()
    response = client.get("/de/aktuelles/feed.xml", headers={"If-None-Match": etag})
    assert response.status_code == 200 and b"Neue Meldung" in response.data


@pytest.mark.parametrize("page, section", [("/de/aktuelles/", "aktuelles"), ("/en/studies/", "studies"),
                                           ("/de/veranstaltungen/", "veranstaltungen")])
def test_list_pages_link_their_feeds(client, page, section):
    tree = lxml_html.fromstring(client.get(page).data)
    links = {(l.get("type"), l.get("href")) for l in tree.xpath('//head/link[@rel="alternate"][@type]')}
    lang = page[1:3]
    assert ("application/atom+xml", f"/{lang}/{section}/feed.atom") in links
    assert ("application/rss+xml", f"/{lang}/{section}/feed.xml") in links
    for _, href in links:
        assert client.get(href).status_code == 200


def test_filtered_studies_list_links_the_filtered_feed(client):
    tree = lxml_html.fromstring(client.get("/de/studien/?topic=fachkraefte").data)
    hrefs = tree.xpath('//head/link[@type="application/rss+xml"]/@href')
    assert "/de/studien/feed.xml?topic=fachkraefte" in hrefs


def test_topic_and_region_pages_link_their_filtered_feeds(client):
    tree = lxml_html.fromstring(client.get("/de/themen/weiterbildung/").data)
    hrefs = tree.xpath('//head/link[@type="application/atom+xml"]/@href')
    assert "/de/aktuelles/feed.atom?topic=weiterbildung" in hrefs
    assert "/de/veranstaltungen/feed.atom?topic=weiterbildung" in hrefs
    tree = lxml_html.fromstring(client.get("/en/regions/saalekreis/").data)
    titles = tree.xpath('//head/link[@type="application/rss+xml"]/@title')
    assert "Studies · Saalekreis (RSS) – BiSMit" in titles
    for href in tree.xpath('//head/link[@type="application/rss+xml"]/@href'):
        assert client.get(href).status_code == 200
