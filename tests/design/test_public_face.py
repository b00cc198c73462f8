"""Issue 12 without a browser: layout parts, pictures, icons and the content bugs seen on the way."""
from __future__ import annotations

import json
import re
from io import BytesIO

import pytest
from PIL import Image

from portal.template_html import scroll_tables, shift_headings

INDICATOR = """---
title: "{title}"
date: 2025-01-15
number: {number}
field: bildungschancen
unit: "%"
definition: "Anteil"
source: "Statistik"
topics: [fruehe-bildung]
---
{body}
"""


def fetch(client, url: str):
    """GET a file response and close it (send_file keeps the file open until then)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def test_favicon_touch_icon_and_manifest_are_served(client):
    icon = fetch(client, "/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon"
    assert Image.open(BytesIO(icon.data)).format == "ICO"
    touch = fetch(client, "/apple-touch-icon.png")
    assert touch.status_code == 200 and Image.open(BytesIO(touch.data)).size == (180, 180)
    manifest = client.get("/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    data = manifest.get_json()
    assert data["short_name"] == "BiSMit" and {i["sizes"] for i in data["icons"]} >= {"192x192", "512x512"}
    for entry in data["icons"]:
        assert fetch(client, entry["src"]).status_code == 200
    html = client.get("/de/").get_data(as_text=True)
    assert 'rel="manifest"' in html and 'rel="apple-touch-icon"' in html and 'type="image/svg+xml"' in html


def test_preloaded_fonts_are_the_ones_the_stylesheet_uses(client):
    """A preload of another URL than the @font-face's downloads every font twice and lets the
    headings reflow when the late copy arrives (CLS 0.24 on a German news page)."""
    html = client.get("/de/").get_data(as_text=True)
    preloads = re.findall(r'<link rel="preload" href="([^"]+\.woff2)" as="font"', html)
    stylesheet = re.search(r'href="(/static/vendor/kern-foundation[^"]*\.css)"', html)[1]
    faces = re.findall(r'url\("(fonts/[^"]+)"\)', fetch(client, stylesheet).get_data(as_text=True))
    used = {"/static/vendor/" + url for url in faces}
    assert len(preloads) == 2 and set(preloads) <= used
    for url in used:
        font = fetch(client, url)
        assert font.status_code == 200 and "immutable" in font.headers["Cache-Control"]


def test_header_has_word_mark_menu_button_and_search_and_footer_names_dji_and_ministry(client):
    html = client.get("/de/").get_data(as_text=True)
    assert re.search(r'<img class="brand-mark" src="[^"]+mark(\.[0-9a-f]{12})?\.svg" width="40" height="40" alt="">', html)
    assert '<a class="menu-toggle" href="#main-nav" data-menu-toggle>Menü</a>' in html
    assert 'id="main-nav"' in html and 'id="site-search"' in html
    assert "Deutschen Jugendinstituts" in html and "Bundesministerium für Bildung, Familie, Senioren, Frauen und Jugend" in html
    english = client.get("/en/").get_data(as_text=True)
    assert "Federal Ministry of Education, Family Affairs, Senior Citizens, Women and Youth" in english


def test_detail_pages_have_breadcrumbs_last_updated_and_a_share_line_without_third_parties(client):
    html = client.get("/de/studien/fachkraefte-report/").get_data(as_text=True)
    crumbs = html.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/de/"' in crumbs and 'href="/de/studien/"' in crumbs and 'aria-current="page"' in crumbs
    tools = html.split('class="page-tools"', 1)[1].split("</aside>", 1)[0]
    assert "Zuletzt aktualisiert" in tools or "Last updated" in tools
    assert "mailto:?subject=" in tools and "data-copy-link=" in tools
    assert not re.search(r"facebook|twitter|linkedin|x\.com|whatsapp", tools, re.I)
    assert 'class="breadcrumbs"' not in client.get("/de/studien/").get_data(as_text=True)  # lists have none


def test_study_cover_is_rendered_from_the_pdf_in_several_widths(client):
    html = client.get("/de/studien/fachkraefte-report/").get_data(as_text=True)
    picture = html.split('<div class="study-cover">', 1)[1].split("</picture>", 1)[0]
    assert 'type="image/webp"' in picture
    img = re.search(r"<img [^>]*>", picture).group(0)
    assert re.search(r'alt="Titelseite des Studienberichts „[^"]+“"', img)
    assert re.search(r'width="192" height="\d+"', img)
    webp = re.findall(r"(/bilder/studies/fachkraefte-report/[0-9a-f]{12}-(\d+)\.webp) \d+w", picture)
    assert len(webp) >= 2
    for url, width in webp:
        response = fetch(client, url)
        assert response.status_code == 200 and response.mimetype == "image/webp"
        assert Image.open(BytesIO(response.data)).size[0] == int(width)
        assert "max-age=31536000" in response.headers["Cache-Control"]
    jpg = re.search(r'src="([^"]+\.jpg)"', img).group(1)
    assert fetch(client, jpg).mimetype == "image/jpeg"
    listing = client.get("/en/studies/").get_data(as_text=True)
    assert re.search(r'<img [^>]*alt="Cover page of the study report “[^"]+”"[^>]*loading="lazy"', listing)
    assert client.get("/bilder/studies/fachkraefte-report/000000000000-160.webp").status_code == 404
    assert client.get("/bilder/studies/fachkraefte-report/..%2Fsecret").status_code == 404


def test_pictures_build_command_renders_covers_ahead(runner, app):
    result = runner.invoke(args=["pictures", "build"])
    assert result.exit_code == 0 and "ready" in result.output
    assert list((app.instance_path and __import__("pathlib").Path(app.instance_path) / "pictures" / "studies").rglob("*.webp"))


def test_english_pages_call_the_revierkommunen_districts_and_cities(client):
    html = client.get("/en/regions/").get_data(as_text=True) if client.get("/en/regions/").status_code == 200 else ""
    if not html:
        pytest.skip("no English regions overview")
    assert "Revierkommune" not in re.sub(r'lang="de"[^>]*>[^<]*', "", html)
    assert "Districts and cities" in html
    german = client.get("/de/regionen/").get_data(as_text=True)
    assert "Revierkommunen" in german


@pytest.mark.parametrize("path", ["/en/", "/en/indicators/", "/en/indicators/betreuungsquote/", "/en/comparison/",
                                  "/en/regions/saalekreis/", "/en/search/?q=Kita", "/en/events/"])
def test_english_pages_speak_english_outside_german_content(client, path):
    """German names of the office's work ("Revierkommunen", "Kennzahlenvergleich") only where a
    German text is shown as such (marked lang="de"), never in the interface of an English page."""
    from lxml import html as lxml_html

    response = client.get(path)
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.get_data(as_text=True))
    for german in tree.xpath('//*[@lang="de"]'):
        german.drop_tree()
    text = tree.text_content()
    assert "Revierkommune" not in text and "Kennzahlenvergleich" not in text


def test_the_easy_read_page_is_called_what_it_is(client, write_item):
    write_item("pages", "leichte-sprache", "---\ntitle: Easy Read\nmenu: footer\n---\nText.\n", lang="en")
    client.application.extensions["content"].refresh()
    english = client.get("/en/").get_data(as_text=True)
    assert "Easy English" not in english and "Easy Read" in english
    assert "Leichte Sprache (easy German)" not in english


def test_catalogue_numbers_do_not_break_and_topic_pages_order_indicators_and_interpretation_has_content(client, write_item):
    write_item("indicators", "zweite-kennzahl", INDICATOR.format(title="Zweite", number="K-02", body="## Lesart\n\nText."))
    write_item("indicators", "zehnte-kennzahl", INDICATOR.format(title="Zehnte", number="K-10", body="Text."))
    client.application.extensions["content"].refresh()
    catalogue = client.get("/de/kennzahlen/").get_data(as_text=True)
    assert '<span class="number nowrap">K-02</span>' in catalogue
    topic = client.get("/de/themen/fruehe-bildung/").get_data(as_text=True)
    numbers = re.findall(r"K-\d\d", topic)
    assert numbers == sorted(numbers, key=lambda n: int(n[2:])) and len(set(numbers)) == 3
    detail = client.get("/de/kennzahlen/zweite-kennzahl/").get_data(as_text=True)
    after = detail.split(">Interpretation</h2>", 1)[1] if ">Interpretation</h2>" in detail else detail.split(">Einordnung</h2>", 1)[1]
    assert re.search(r"<h3[^>]*>Lesart</h3>", after)  # below the section heading, not beside it


def test_wide_tables_in_bodies_scroll_in_a_labelled_focusable_region(app):
    with app.test_request_context("/de/"):
        html = str(scroll_tables("<p>x</p><table><tr><td>1</td></tr></table>"))
    assert html.startswith("<p>x</p><div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=")
    assert html.endswith("</table></div>")
    assert str(shift_headings('<h2 id="a">A</h2><h5>B</h5>')) == '<h3 id="a">A</h3><h6>B</h6>'


@pytest.mark.parametrize(("lang", "expected"), [("de", "1. März 2027, 09:05 Uhr"), ("en", "March 1, 2027, 09:05")])
def test_date_and_time_filter_has_24_hour_times_without_seconds(app, lang, expected):
    """The `datetime` filter of pages, mails and the editor's dashboard."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    with app.test_request_context(f"/{lang}/"):
        app.preprocess_request()
        rendered = app.jinja_env.from_string("{{ when|datetime('long') }}").render(
            when=datetime(2027, 3, 1, 9, 5, 30, tzinfo=ZoneInfo("Europe/Berlin")))
    assert rendered == expected


def test_german_time_holds_after_2037(app):
    """Summer time in 2040 and an event across midnight in UTC: days and hours in German time.
    (pytz, which Flask-Babel converts with, knows no summer time after 2037.)"""
    from datetime import datetime, timezone

    from portal.templating import event_when

    with app.test_request_context("/de/"):
        app.preprocess_request()
        summer = event_when(datetime(2040, 7, 5, 8, 0, tzinfo=timezone.utc), datetime(2040, 7, 5, 14, 30, tzinfo=timezone.utc))
        late = app.jinja_env.from_string("{{ when|date('long') }}").render(when=datetime(2040, 7, 5, 22, 30, tzinfo=timezone.utc))
    assert summer == "Donnerstag, 5. Juli 2040, 10:00–16:30 Uhr"
    assert late == "6. Juli 2040"  # 00:30 in Halle


def _picture_item(content_dir, section: str, slug: str, front: str) -> None:
    folder = content_dir / section / slug
    folder.mkdir(parents=True)
    Image.new("RGB", (1200, 800), (158, 188, 218)).save(folder / "bild.png")
    (folder / "index.de.md").write_text(f"---\n{front}image: bild.png\nimage_alt: \"Karte des Reviers\"\n"
                                        "topics: [fachkraefte]\nregions: [revier]\n---\nText.\n", encoding="utf-8")


@pytest.mark.parametrize(("section", "segment", "front"), [
    ("news", "aktuelles", 'title: "Mit Bild"\nsummary: "Kurz."\ndate: 2025-01-10\n'),
    ("events", "veranstaltungen", 'title: "Tagung mit Bild"\nsummary: "Kurz."\ndate: 2025-01-10\n'
                                  'start: 2099-03-01T10:00\nformat: online\n'),
])
def test_news_and_events_show_their_picture_on_the_page_in_lists_and_for_link_previews(client, content_dir, section, segment, front):
    _picture_item(content_dir, section, "mit-bild", front)
    client.application.extensions["content"].refresh()
    html = client.get(f"/de/{segment}/mit-bild/").get_data(as_text=True)
    lead = html.split('<div class="lead-picture">', 1)[1].split("</picture>", 1)[0]
    img = re.search(r"<img [^>]*>", lead)[0]
    assert 'alt="Karte des Reviers"' in img and re.search(r'width="\d+" height="\d+"', img)
    assert 'type="image/webp"' in lead and re.search(r"\d+w", lead)
    original = re.search(r'<meta property="og:image" content="http://[^/]+(/de/[^"]+/bild\.png)">', html)[1]
    assert fetch(client, original).mimetype == "image/png"
    records = [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    assert [r["image"] for r in records if r.get("@type") in ("NewsArticle", "Event")] == [f"http://localhost{original}"]
    listing = client.get(f"/de/{segment}/").get_data(as_text=True)
    card = listing.split('href="/de/' + segment + '/mit-bild/"', 1)[0].rsplit("<article", 1)[1]
    assert re.search(r'<img [^>]*alt="Karte des Reviers"[^>]*loading="lazy"', card)
