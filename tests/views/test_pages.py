"""Every page type answers in both languages; fallback, hreflang, redirects and 404s behave."""
import re

import pytest

PAGES = [
    ("/de/", "/en/"),
    ("/de/studien/", "/en/studies/"),
    ("/de/studien/fachkraefte-report/", "/en/studies/fachkraefte-report/"),
    ("/de/studien/uebergaenge-papier/", "/en/studies/uebergaenge-papier/"),
    ("/de/aktuelles/", "/en/news/"),
    ("/de/aktuelles/kennzahlenbericht-erschienen/", "/en/news/kennzahlenbericht-erschienen/"),
    ("/de/veranstaltungen/", "/en/events/"),
    ("/de/veranstaltungen/kennzahlenvergleich-fruehjahr/", "/en/events/kennzahlenvergleich-fruehjahr/"),
    ("/de/veranstaltungen/werkstatt-vergangen/", "/en/events/werkstatt-vergangen/"),
    ("/de/kennzahlen/", "/en/indicators/"),
    ("/de/kennzahlen/betreuungsquote/", "/en/indicators/betreuungsquote/"),
    ("/de/themen/", "/en/topics/"),
    ("/de/themen/fachkraefte/", "/en/topics/fachkraefte/"),
    ("/de/regionen/", "/en/regions/"),
    ("/de/regionen/saalekreis/", "/en/regions/saalekreis/"),
    ("/de/seiten/impressum/", "/en/pages/impressum/"),
    ("/de/seiten/leichte-sprache/", "/en/pages/leichte-sprache/"),
]


@pytest.mark.parametrize("german, english", PAGES)
def test_every_page_type_answers_in_both_languages(client, german, english):
    for url, lang in ((german, "de"), (english, "en")):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert f'<html lang="{lang}">' in html
        assert "<h1" in html


@pytest.mark.parametrize("german, english", PAGES)
def test_language_switch_leads_to_the_same_page(client, german, english):
    html = client.get(german).get_data(as_text=True)
    assert f'href="{english}" hreflang="en"' in html
    html = client.get(english).get_data(as_text=True)
    assert f'href="{german}" hreflang="de"' in html


def test_interface_is_translated(client):
    assert "Kennzahlenkatalog" in client.get("/de/kennzahlen/").get_data(as_text=True)
    assert "Indicator catalogue" in client.get("/en/indicators/").get_data(as_text=True)
    assert "Zum Inhalt springen" in client.get("/de/").get_data(as_text=True)
    assert "Skip to content" in client.get("/en/").get_data(as_text=True)


def test_english_page_of_a_german_only_item_shows_german_marked(client):
    html = client.get("/en/studies/uebergaenge-papier/").get_data(as_text=True)
    assert "This text is not available in English" in html
    assert '<article lang="de">' in html
    assert "Übergänge nach der Grundschule" in html


def test_translated_item_has_no_notice_and_english_text(client):
    html = client.get("/en/studies/fachkraefte-report/").get_data(as_text=True)
    assert "not available in English" not in html
    assert '<article lang="en">' in html and "Securing skilled workers" in html


def test_hreflang_names_only_existing_translations(client):
    html = client.get("/en/studies/uebergaenge-papier/").get_data(as_text=True)
    alternates = re.findall(r'<link rel="alternate" hreflang="(\w+)"', html)
    assert alternates == ["de"]
    html = client.get("/de/studien/fachkraefte-report/").get_data(as_text=True)
    assert re.findall(r'<link rel="alternate" hreflang="(\w+)"', html) == ["de", "en"]


def test_english_lists_mark_german_only_items(client):
    html = client.get("/en/studies/").get_data(as_text=True)
    assert re.search(r'<span lang="de">Übergänge nach der Grundschule</span></a>\s*<span class="badge" lang="en">German</span>', html)
    assert '<span lang="en">Securing skilled workers in the mining region</span>' in html


@pytest.mark.parametrize(
    "accept, target",
    [("de-DE,de;q=0.9", "/de/"), ("en-GB,en;q=0.8", "/en/"), ("fr-FR", "/de/"), ("", "/de/"), ("en;q=0.5,de;q=0.9", "/de/")],
)
def test_root_redirects_by_accept_language(client, accept, target):
    response = client.get("/", headers={"Accept-Language": accept} if accept else {})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(target)
    assert "Accept-Language" in response.headers["Vary"]


def test_aliases_redirect_permanently(client):
    response = client.get("/alt/fachkraefte.html")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/de/studien/fachkraefte-report/")


@pytest.mark.parametrize(
    "url, lang",
    [
        ("/de/studien/gibt-es-nicht/", "de"),
        ("/en/studies/does-not-exist/", "en"),
        ("/fr/", "de"),
        ("/de/unbekannt/", "de"),
        ("/en/nothing-here/", "en"),
        ("/de/aktuelles/entwurf-meldung/", "de"),
        ("/de/aktuelles/geplante-meldung/", "de"),
        ("/de/aktuelles/kaputtes-yaml/", "de"),
        ("/de/themen/raumfahrt/", "de"),
        ("/de/studien/?page=abc", "de"),
        ("/de/studien/?page=%C2%B9", "de"),  # "¹": a digit to str.isdigit, not to int()
        ("/de/studien/?page=99", "de"),
    ],
)
def test_unknown_hidden_and_broken_items_answer_a_localised_404(client, url, lang):
    response = client.get(url)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert ("Seite nicht gefunden" if lang == "de" else "Page not found") in html


@pytest.mark.parametrize(
    "url",
    [
        "/de/studien/../../../etc/passwd",
        "/de/studien/..%2F..%2Ftaxonomy.yml",
        "/de/studien/fachkraefte-report/..%2F..%2Ftaxonomy.yml",
        "/de/studien/fachkraefte-report/index.de.md",
        "/de/studien/fachkraefte-report/%2e%2e%2f%2e%2e%2ftaxonomy.yml",
        "/de/kennzahlen/betreuungsquote/..%2F..%2F..%2Fportal%2Fconfig.py",
        "/de/studien/%2e%2e/",
    ],
)
def test_paths_that_try_to_leave_the_content_folder_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert b"root:" not in response.data and b"regions:" not in response.data


def test_attachments_are_served_from_the_bundle(client):
    with client.get("/de/studien/fachkraefte-report/bericht.pdf") as response:
        assert response.status_code == 200
        assert response.data.startswith(b"%PDF")
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_study_page_lists_attachment_with_size_and_language(client):
    html = client.get("/de/studien/fachkraefte-report/").get_data(as_text=True)
    assert 'href="/de/studien/fachkraefte-report/bericht.pdf"' in html
    assert re.search(r"\(PDF, \d+ KB, Deutsch\)", html)
    assert "https://doi.org/10.1234/bismit.2025.01" in html


def test_drafts_and_scheduled_items_are_not_listed(client):
    html = client.get("/de/aktuelles/").get_data(as_text=True)
    assert "Kennzahlenbericht 2025 erschienen" in html
    assert "Unveröffentlichter Entwurf" not in html
    assert "Geplante Meldung" not in html


def test_study_filters(client):
    html = client.get("/de/studien/?topic=fachkraefte").get_data(as_text=True)
    assert "Fachkräftesicherung im Revier" in html and "Übergänge nach der Grundschule" not in html
    html = client.get("/de/studien/?year=2024&kind=working-paper").get_data(as_text=True)
    assert "Übergänge nach der Grundschule" in html and "Fachkräftesicherung im Revier" not in html
    html = client.get("/de/studien/?region=nordsachsen").get_data(as_text=True)
    assert "Keine Studie passt zu diesen Filtern." in html


def test_pagination(app_factory, content_dir, write_item):
    for n in range(12):
        write_item("news", f"meldung-{n}", f"---\ntitle: Meldung {n}\nsummary: S\ndate: 2024-01-{n + 1:02d}\n---\n")
    client = app_factory(PORTAL_PAGE_SIZE=5).test_client()
    first = client.get("/de/aktuelles/").get_data(as_text=True)
    assert 'aria-label="Seite 3"' in first and 'rel="next"' in first
    third = client.get("/de/aktuelles/?page=3").get_data(as_text=True)
    assert "Meldung 0" in third and 'rel="prev"' in third
    assert client.get("/de/aktuelles/?page=4").status_code == 404


def test_dates_and_numbers_are_formatted_per_language(client):
    german = client.get("/de/aktuelles/kennzahlenbericht-erschienen/").get_data(as_text=True)
    english = client.get("/en/news/kennzahlenbericht-erschienen/").get_data(as_text=True)
    assert "3. November 2025" in german and "November 3, 2025" in english
    de_indicator = client.get("/de/kennzahlen/betreuungsquote/").get_data(as_text=True)
    en_indicator = client.get("/en/indicators/betreuungsquote/").get_data(as_text=True)
    assert "56,1" in de_indicator and "56.1" in en_indicator


def test_event_times_are_shown_in_berlin_time(client):
    html = client.get("/de/veranstaltungen/kennzahlenvergleich-fruehjahr/").get_data(as_text=True)
    assert "22. April 2099 um 10:00:00 MESZ" in html or "22. April 2099" in html and "10:00" in html
    assert "video.example.org" not in html  # the online link is never public


def test_sample_data_is_flagged_beside_the_table_and_download(client):
    html = client.get("/de/kennzahlen/betreuungsquote/").get_data(as_text=True)
    assert "Beispieldaten zur Veranschaulichung" in html
    assert html.count("Beispieldaten") >= 3  # notice, table caption, download link


def test_footer_links_legal_pages_and_home_links_leichte_sprache(client):
    html = client.get("/de/").get_data(as_text=True)
    footer = html.split('<footer class="site-footer">')[1]
    for slug in ("impressum", "barrierefreiheit", "leichte-sprache"):
        assert f"/de/seiten/{slug}/" in footer
    assert 'class="easy-read" href="/de/seiten/leichte-sprache/"' in html


def test_security_headers_forbid_third_party_requests(client):
    response = client.get("/de/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    html = response.get_data(as_text=True)
    # absolute URLs of the portal itself (canonical, hreflang) are fine; nothing from another host
    assert not re.search(r'(src|href)="(https?:)?//(?!localhost/)', html.split("<main")[0])
