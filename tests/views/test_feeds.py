"""Feeds and sitemap list only what a visitor may see."""
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    return root, [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]


def test_news_feed_lists_published_news_newest_first(client):
    root, titles = entries(client, "/de/aktuelles/feed.atom")
    assert titles == ["Kennzahlenbericht 2025 erschienen", "Rückblick auf den Fachtag in Zeitz"]
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith("/de/aktuelles/feed.atom")


def test_english_feed_uses_translations_and_falls_back(client):
    _, titles = entries(client, "/en/news/feed.atom")
    assert titles == ["Indicator report 2025 published", "Rückblick auf den Fachtag in Zeitz"]


def test_studies_feed_names_authors(client):
    root, titles = entries(client, "/de/studien/feed.atom")
    assert "Fachkräftesicherung im Revier" in titles
    names = [n.text for n in root.iter(f"{ATOM}name")]
    assert "Schneider, Anna" in names


def test_base_url_setting_makes_absolute_links(app_factory):
    client = app_factory(PORTAL_BASE_URL="https://bismit.example.org").test_client()
    root, _ = entries(client, "/de/aktuelles/feed.atom")
    assert root.find(f"{ATOM}id").text == "https://bismit.example.org/de/aktuelles/"


def test_sitemap_names_only_visible_items_and_existing_translations(client):
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/de/studien/uebergaenge-papier/" in xml
    assert "/en/studies/uebergaenge-papier/" not in xml  # no English text: not an English page of its own
    assert "/en/studies/fachkraefte-report/" in xml
    assert "entwurf-meldung" not in xml and "geplante-meldung" not in xml


def test_robots_points_to_sitemap(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in text and "Disallow: /editor/" in text
