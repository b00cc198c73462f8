"""The editing pages: every section's form round-trips its file, problems show at their fields, previews, lists."""
from __future__ import annotations

from pathlib import Path

import pytest

from portal.content import frontmatter
from portal.content.loader import load_bundle

from .conftest import post_data

ITEMS = [("news", "kennzahlenbericht-erschienen"), ("studies", "fachkraefte-report"),
         ("events", "kennzahlenvergleich-fruehjahr"), ("indicators", "betreuungsquote"), ("pages", "impressum")]


@pytest.mark.parametrize("section,slug", ITEMS)
def test_each_section_form_round_trips_its_file(editor_client, editor_app, content_dir, section, slug):
    """Opening and saving unchanged gives the same record: the form covers every field the file uses."""
    taxonomy = editor_app.extensions["content"].corpus.taxonomy
    before = load_bundle(section, content_dir / section / slug, taxonomy).bundle
    response = editor_client.post(f"/editor/{section}/{slug}/edit", data=post_data(editor_app, section, slug))
    assert response.status_code == 302, response.data.decode()[-3000:]
    after = load_bundle(section, content_dir / section / slug, taxonomy).bundle
    for lang, item in before.texts.items():
        assert after.texts[lang] == item


def test_event_form_writes_the_registration_block(editor_client, editor_app, content_dir):
    data = post_data(editor_app, "events", "kennzahlenvergleich-fruehjahr", capacity="40", waitlist=False,
                     reg_fields=["organisation", "accessibility_needs"], closes="2099-04-20T12:00")
    assert editor_client.post("/editor/events/kennzahlenvergleich-fruehjahr/edit", data=data).status_code == 302
    meta, _, _ = frontmatter.parse((content_dir / "events/kennzahlenvergleich-fruehjahr/index.de.md").read_text())
    assert meta["registration"] == {"capacity": 40, "closes": "2099-04-20T12:00", "waitlist": False,
                                    "fields": ["organisation", "accessibility_needs"], "retention_days": 30}
    assert meta["location"]["city"] == "Halle (Saale)" and meta["format"] == "hybrid"


def test_problems_are_shown_at_their_fields_and_the_form_stays_filled(editor_client, content_dir):
    response = editor_client.post("/editor/events/new", data={
        "status": "published", "date": "2025-01-01T10:00", "de-title": "Werkstatt Übergänge", "de-summary": "",
        "de-body": "Mein Entwurf bleibt erhalten.", "format": "onsite", "series": "erfunden", "registration": "y"})
    page = response.data.decode()
    assert response.status_code == 422
    assert "Mein Entwurf bleibt erhalten." in page and 'value="Werkstatt Übergänge"' in page
    for field_id in ("de-summary", "start", "location_name", "series", "capacity"):
        assert f'id="{field_id}-error"' in page, field_id
        assert f'aria-describedby="{field_id}-error"' in page or f'aria-describedby="{field_id}-hint {field_id}-error"' in page
    assert not (content_dir / "events/werkstatt-uebergaenge").exists()


def test_duplicate_slug_refused_at_the_slug_field(editor_client):
    response = editor_client.post("/editor/news/new", data={
        "status": "published", "slug": "fachtag-rueckblick", "de-title": "Neu", "de-summary": "S", "de-body": "B"})
    assert response.status_code == 422 and 'id="slug-error"' in response.data.decode()


def test_conflicting_save_shows_both_versions(editor_client, editor_app, content_dir):
    data = post_data(editor_app, "news", "fachtag-rueckblick", **{"de-body": "Meine Fassung."})
    path = content_dir / "news/fachtag-rueckblick/index.de.md"
    path.write_text(path.read_text().rstrip() + "\n\nFassung der Kollegin.\n")
    response = editor_client.post("/editor/news/fachtag-rueckblick/edit", data=data)
    page = response.data.decode()
    assert response.status_code == 409
    assert "Fassung der Kollegin." in page and "Meine Fassung." in page
    assert "Fassung der Kollegin." in path.read_text()


def test_accessibility_hints_and_preview(editor_client):
    text = "### Zu tief\n\n![](foto.png)\n\n[hier](https://example.org)\n\n<table><tr><td>1</td></tr></table>\n"
    response = editor_client.post("/editor/preview", json={"markdown": text}, headers={"Accept-Language": "en"})
    data = response.get_json()
    assert "<h3" in data["html"] and "<script" not in data["html"]
    joined = " ".join(data["hints"])
    assert "text alternative" in joined and "heading level" in joined and "“hier”" in joined and "header row" in joined
    clean = editor_client.post("/editor/preview", json={"markdown": "## Gut\n\n[Bericht 2025](https://example.org)"}).get_json()
    assert clean["hints"] == []


def test_dashboard_filters_and_translation_list(editor_client):
    page = editor_client.get("/editor/?section=news&status=scheduled").data.decode()
    assert "geplante-meldung" in page and "fachtag-rueckblick" not in page
    page = editor_client.get("/editor/?status=draft").data.decode()
    assert "entwurf-meldung" in page and "geplante-meldung" not in page
    page = editor_client.get("/editor/?q=kaputt").data.decode()
    assert "kaputtes-yaml" in page and "not valid YAML" in page
    page = editor_client.get("/editor/translations").data.decode()
    assert "fachtag-rueckblick" in page and "kennzahlenbericht-erschienen" not in page


def test_new_item_scheduled_then_visible(editor_client, editor_app, content_dir):
    response = editor_client.post("/editor/news/new", data={
        "status": "published", "date": "2099-12-31T23:00", "de-title": "Späte Meldung", "de-summary": "S", "de-body": "B",
        "en-title": "Late news", "en-summary": "S", "en-body": "B"})
    assert response.headers["Location"] == "/editor/news/spaete-meldung/edit"
    public = editor_app.test_client()
    assert public.get("/de/aktuelles/spaete-meldung/").status_code == 404
    path = content_dir / "news/spaete-meldung/index.de.md"
    path.write_text(path.read_text().replace("2099-12-31T23:00", "2020-01-01T00:00"))
    editor_app.extensions["content"].refresh()
    assert public.get("/en/news/spaete-meldung/").status_code == 200


def test_history_page_and_restore_over_http(editor_client, editor_app, content_dir):
    editor_client.post("/editor/news/fachtag-rueckblick/edit",
                       data=post_data(editor_app, "news", "fachtag-rueckblick", **{"de-body": "Zweite Fassung."}))
    page = editor_client.get("/editor/news/fachtag-rueckblick/history").data.decode()
    assert "outside" in page or "Änderung außerhalb" in page
    from portal.editor import revisions

    with editor_app.app_context():
        ids = [r.id for r in revisions.history("news", "fachtag-rueckblick", "de")]
    diff = editor_client.get(f"/editor/news/fachtag-rueckblick/diff?a={ids[1]}&b={ids[0]}").data.decode()
    assert "Zweite Fassung." in diff
    assert editor_client.post(f"/editor/revisions/{ids[1]}/restore").status_code == 302
    assert "Zweite Fassung." not in (content_dir / "news/fachtag-rueckblick/index.de.md").read_text()
