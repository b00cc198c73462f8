"""The sitemap validated against the sitemaps.org schemas (shipped offline by the sitemap-verify package)."""
from __future__ import annotations

from importlib import resources

import pytest
from lxml import etree

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def schema(name: str) -> etree.XMLSchema:
    path = resources.files("sitemap_verify") / "schemas" / name
    return etree.XMLSchema(etree.parse(str(path)))


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "application/xml"
    return etree.fromstring(response.data)


def test_sitemap_validates_and_names_alternates_and_lastmod(client):
    root = fetch(client, "/sitemap.xml")
    schema("sitemap.xsd").assertValid(root)
    urls = {u.findtext("s:loc", namespaces=NS): u for u in root.findall("s:url", NS)}
    study = urls["http://localhost/de/studien/fachkraefte-report/"]
    assert study.findtext("s:lastmod", namespaces=NS) == "2025-03-14"
    alternates = {l.get("hreflang"): l.get("href") for l in study.findall("x:link", NS)}
    assert alternates == {"de": "http://localhost/de/studien/fachkraefte-report/",
                          "en": "http://localhost/en/studies/fachkraefte-report/",
                          "x-default": "http://localhost/de/studien/fachkraefte-report/"}
    assert "http://localhost/en/studies/fachkraefte-report/" in urls
    assert "http://localhost/en/studies/uebergaenge-papier/" not in urls  # no English text
    assert "http://localhost/de/" in urls and "http://localhost/en/events/" in urls
    assert not any("entwurf" in u or "geplante" in u for u in urls)
    for url in urls:
        assert url.startswith("http://localhost/")
        assert client.get(url[len("http://localhost"):]).status_code == 200, url


def test_sitemap_index_past_the_limit(app_factory):
    client = app_factory(PORTAL_SITEMAP_MAX_URLS=5).test_client()
    index = fetch(client, "/sitemap.xml")
    schema("siteindex.xsd").assertValid(index)
    assert etree.QName(index).localname == "sitemapindex"
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert parts[0] == "http://localhost/sitemap-1.xml" and len(parts) > 1
    seen = []
    for part in parts:
        root = fetch(client, part[len("http://localhost"):])
        schema("sitemap.xsd").assertValid(root)
        locs = [u.findtext("s:loc", namespaces=NS) for u in root.findall("s:url", NS)]
        assert 0 < len(locs) <= 5
        seen += locs
    whole = fetch(app_factory().test_client(), "/sitemap.xml")
    assert sorted(seen) == sorted(u.findtext("s:loc", namespaces=NS) for u in whole.findall("s:url", NS))
    assert client.get(f"/sitemap-{len(parts) + 1}.xml").status_code == 404
    assert client.get("/sitemap-0.xml").status_code == 404


@pytest.mark.parametrize("url", ["/sitemap-1.xml", "/sitemap-x.xml", "/sitemap-99999999999999999999.xml"])
def test_parts_without_an_index_are_404(client, url):
    assert client.get(url).status_code == 404


def test_robots_names_the_sitemap(app_factory):
    client = app_factory(PORTAL_BASE_URL="https://bismit.example.org").test_client()
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: https://bismit.example.org/sitemap.xml" in text.splitlines()
    assert "Disallow: /editor/" in text
