"""JSON-LD, OpenGraph, canonical and hreflang as extruct (a real structured-data extractor) reads them."""
from __future__ import annotations

from datetime import datetime, timezone

import extruct
import pytest
from flask_migrate import upgrade
from lxml import html as lxml_html


def extract(client, url, base="http://localhost/"):
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    data = extruct.extract(page, base_url=base + url.lstrip("/"), syntaxes=["json-ld", "opengraph"], uniform=True)
    return page, {item["@type"]: item for item in data["json-ld"]}, data["opengraph"]


def og_values(opengraph) -> dict:
    [og] = opengraph
    return og


def test_study_is_a_report_with_authors_doi_and_pdf(client):
    _, ld, opengraph = extract(client, "/de/studien/fachkraefte-report/")
    study = ld["Report"]
    assert study["name"] == "Fachkräftesicherung im Revier"
    assert [a["familyName"] for a in study["author"]] == ["Schneider", "Krüger"]
    assert study["author"][0]["givenName"] == "Anna"
    assert study["datePublished"].startswith("2025-03-14")
    assert study["inLanguage"] == "de"
    assert study["publisher"]["name"] == "Deutsches Jugendinstitut e. V."
    assert {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1234/bismit.2025.01"} in study["identifier"]
    [pdf] = study["encoding"]
    assert pdf["contentUrl"] == "http://localhost/de/studien/fachkraefte-report/bericht.pdf"
    assert pdf["encodingFormat"] == "application/pdf"
    download = client.get("/de/studien/fachkraefte-report/bericht.pdf")
    assert download.status_code == 200
    download.close()
    og = og_values(opengraph)
    assert og["og:title"] == "Fachkräftesicherung im Revier" and og["@type"] == "article"
    assert og["og:url"] == "http://localhost/de/studien/fachkraefte-report/"
    crumbs = ld["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Startseite", "Studien", "Fachkräftesicherung im Revier"]
    assert crumbs[-1]["item"] == study["url"]


def test_english_study_in_english(client):
    _, ld, opengraph = extract(client, "/en/studies/fachkraefte-report/")
    assert ld["Report"]["inLanguage"] == "en"
    assert ld["Report"]["name"] == "Securing skilled workers in the mining region"
    assert og_values(opengraph)["og:locale"] == "en_GB"


def test_news_article(client):
    _, ld, _ = extract(client, "/de/aktuelles/kennzahlenbericht-erschienen/")
    assert ld["NewsArticle"]["headline"] == "Kennzahlenbericht 2025 erschienen"
    assert ld["NewsArticle"]["publisher"]["name"]


def test_event_with_location_times_status_and_no_database(client):
    # the test app has no tables: availability cannot be read, the page still answers
    _, ld, _ = extract(client, "/de/veranstaltungen/kennzahlenvergleich-fruehjahr/")
    event = ld["Event"]
    assert event["startDate"] == "2099-04-22T10:00:00+02:00"
    assert event["endDate"] == "2099-04-22T15:30:00+02:00"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place = event["location"][0]
    assert place["address"]["streetAddress"] == "Franckeplatz 1" and place["address"]["postalCode"] == "06110"
    assert event["organizer"]["name"] and event["organizer"]["email"] == "bismit@example.org"
    assert event["offers"]["url"] == event["url"] and "availability" not in event["offers"]


def test_event_offer_shows_the_live_place_count(app_factory, tmp_path):
    app = app_factory(PORTAL_DATABASE_URL=f"sqlite:///{tmp_path / 'places.sqlite3'}")
    with app.app_context():
        upgrade()
    client = app.test_client()
    url = "/de/veranstaltungen/kennzahlenvergleich-fruehjahr/"
    _, ld, _ = extract(client, url)
    assert ld["Event"]["offers"]["availability"] == "https://schema.org/InStock"
    assert ld["Event"]["offers"]["inventoryLevel"]["value"] == 3
    from portal.db import db
    from portal.registration.models import EventSlot

    with app.app_context():
        db.session.add(EventSlot(slug="kennzahlenvergleich-fruehjahr", capacity=3, taken=3, waitlist=True,
                                 ends_at=datetime(2099, 4, 22, 14, tzinfo=timezone.utc).replace(tzinfo=None)))
        db.session.commit()
    _, ld, _ = extract(client, url)
    assert ld["Event"]["offers"]["availability"] == "https://schema.org/LimitedAvailability"  # waiting list
    assert ld["Event"]["offers"]["inventoryLevel"]["value"] == 0


def test_indicator_is_a_dataset_with_its_csv(client):
    _, ld, _ = extract(client, "/de/kennzahlen/betreuungsquote/")
    dataset = ld["Dataset"]
    assert dataset["variableMeasured"]["unitText"] == "%"
    assert dataset["temporalCoverage"] == "2022/2023"
    assert {p["name"] for p in dataset["spatialCoverage"]} >= {"Saalekreis", "Stadt Leipzig"}
    [csv] = dataset["distribution"]
    assert csv["contentUrl"] == "http://localhost/de/kennzahlen/betreuungsquote/data.csv"
    download = client.get("/de/kennzahlen/betreuungsquote/data.csv")
    assert download.status_code == 200
    download.close()


def test_home_names_the_organisation(client):
    _, ld, _ = extract(client, "/de/")
    assert ld["Organization"]["name"] == "Bildung im Strukturwandel in Mitteldeutschland"
    assert ld["Organization"]["url"] == "http://localhost/de/"


def test_script_in_content_cannot_close_the_json_ld(client, app, write_item):
    evil = '</script><script>alert(1)</script> & <!-- x'
    write_item("news", "boese", f"---\ntitle: '{evil}'\nsummary: Kurz.\ndate: 2025-01-02\n---\nText.\n")
    app.extensions["content"].refresh()
    page, ld, _ = extract(client, "/de/aktuelles/boese/")
    assert ld["NewsArticle"]["headline"] == evil
    assert "<script>alert(1)" not in page


def head(client, url, base=None):
    return lxml_html.fromstring(client.get(url).data).find("head")


def test_canonical_and_absolute_hreflang_with_x_default(client):
    tree = head(client, "/en/studies/fachkraefte-report/?utm_source=x")
    assert tree.xpath('link[@rel="canonical"]/@href') == ["http://localhost/en/studies/fachkraefte-report/"]
    hreflang = {l.get("hreflang"): l.get("href") for l in tree.xpath('link[@rel="alternate"][@hreflang]')}
    assert hreflang["de"].startswith("http://localhost/de/studien/fachkraefte-report/")
    assert hreflang["en"].startswith("http://localhost/en/studies/fachkraefte-report/")
    assert hreflang["x-default"] == hreflang["de"]


def test_untranslated_item_points_to_the_german_page(client):
    tree = head(client, "/en/studies/uebergaenge-papier/")
    assert tree.xpath('link[@rel="canonical"]/@href') == ["http://localhost/de/studien/uebergaenge-papier/"]
    assert {l.get("hreflang") for l in tree.xpath('link[@rel="alternate"][@hreflang]')} == {"de"}


def test_base_url_setting_is_used(app_factory):
    client = app_factory(PORTAL_BASE_URL="https://bismit.example.org").test_client()
    tree = head(client, "/de/aktuelles/")
    assert tree.xpath('link[@rel="canonical"]/@href') == ["https://bismit.example.org/de/aktuelles/"]
    assert all(h.startswith("https://bismit.example.org/") for h in tree.xpath('link[@hreflang]/@href'))


@pytest.mark.parametrize("url, noindex", [("/de/suche/?q=kita", True), ("/en/search/", True),
                                          ("/de/studien/", False), ("/de/", False)])
def test_search_result_pages_are_noindex(client, url, noindex):
    robots = head(client, url).xpath('meta[@name="robots"]/@content')
    assert bool(robots and "noindex" in robots[0]) == noindex


def test_list_page_canonical_keeps_only_the_page_number(client):
    tree = head(client, "/de/studien/?topic=fachkraefte")
    assert tree.xpath('link[@rel="canonical"]/@href') == ["http://localhost/de/studien/"]


@pytest.mark.parametrize("url", ["/de/studien/gibt-es-nicht/", "/de/gibt-es-nicht"])
def test_error_pages_are_noindex_without_canonical(client, url):
    response = client.get(url)
    assert response.status_code == 404
    tree = lxml_html.fromstring(response.data).find("head")
    assert "noindex" in tree.xpath('meta[@name="robots"]/@content')[0]
    assert not tree.xpath('link[@rel="canonical"]') and not tree.xpath('script[@type="application/ld+json"]')


def test_made_up_hosts_do_not_grow_the_kept_answers_without_end(app, client, monkeypatch):
    from portal.views import snapshot

    monkeypatch.setattr(snapshot, "MAX_ENTRIES", 8)
    for n in range(20):
        assert client.get("/de/aktuelles/feed.xml", headers={"Host": f"h{n}.example"}).status_code == 200
    assert len(app.extensions["content"].corpus.fragments["syndication"]) <= snapshot.MAX_ENTRIES
