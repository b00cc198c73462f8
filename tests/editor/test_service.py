"""The content service: save, validate, conflicts, atomic writes, revisions, restore, outside changes."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from portal.content import frontmatter
from portal.db import db
from portal.editor import revisions, service, storage
from portal.editor.models import Revision


def _sub(**overrides) -> service.Submission:
    values = dict(section="news", slug="neue-meldung", is_new=True,
                  shared={"date": "2025-02-01T09:30", "topics": ["weiterbildung"], "draft": False},
                  texts={"de": {"title": "Neue Meldung", "summary": "Kurz gesagt.", "body": "## Text\n\nInhalt."},
                         "en": {"title": "", "summary": "", "body": ""}})
    values.update(overrides)
    return service.Submission(**values)


@pytest.fixture
def ctx(editor_app):
    with editor_app.test_request_context():
        yield editor_app, Path(editor_app.config["PORTAL_CONTENT_DIR"]), editor_app.extensions["content"]


def test_save_writes_the_file_keeps_a_revision_and_refreshes_the_site(ctx):
    app, root, store = ctx
    saved = service.save(root, _sub(), store.corpus.taxonomy, None, 10**6)
    path = root / "news" / "neue-meldung" / "index.de.md"
    meta, body, _ = frontmatter.parse(path.read_text())
    assert meta == {"title": "Neue Meldung", "summary": "Kurz gesagt.", "date": "2025-02-01T09:30", "topics": ["weiterbildung"]}
    assert body.strip() == "## Text\n\nInhalt."
    assert not (root / "news" / "neue-meldung" / "index.en.md").exists()
    assert saved.written == ("de",)
    assert [r.kind for r in revisions.history("news", "neue-meldung")] == ["save"]
    assert store.corpus.find("news", "neue-meldung", store.corpus.bundle("news", "neue-meldung").date) is not None
    assert app.test_client().get("/de/aktuelles/neue-meldung/").status_code == 200


def test_invalid_values_duplicate_slug_and_missing_fields_are_refused_with_field_names(ctx):
    _, root, store = ctx
    with pytest.raises(service.Problems) as caught:
        service.save(root, _sub(shared={"date": "2025-02-01T09:30", "topics": ["gibt-es-nicht"]}), store.corpus.taxonomy, None, 10**6)
    assert ("", "topics") in caught.value.fields
    with pytest.raises(service.Problems) as caught:
        service.save(root, _sub(slug="fachtag-rueckblick"), store.corpus.taxonomy, None, 10**6)
    assert caught.value.fields == {("", "slug"): "duplicate"}
    english = {"title": "Only a title", "summary": "", "body": "x"}
    with pytest.raises(service.Problems) as caught:
        service.save(root, _sub(texts={"de": {"title": "T", "summary": "", "body": ""}, "en": english}), store.corpus.taxonomy, None, 10**6)
    assert ("de", "summary") in caught.value.fields and ("en", "summary") in caught.value.fields
    assert not (root / "news" / "neue-meldung").exists()  # nothing written, not even a folder


def test_image_needs_alt_text_and_is_checked_by_content(ctx, tiny_png):
    _, root, store = ctx
    sub = _sub(uploads={"image": ("Foto Zeitz.png", tiny_png)})
    with pytest.raises(service.Problems) as caught:
        service.save(root, sub, store.corpus.taxonomy, None, 10**6)
    assert ("de", "image_alt") in caught.value.fields
    sub.texts["de"]["image_alt"] = "Teilnehmende im Saal"
    service.save(root, sub, store.corpus.taxonomy, None, 10**6)
    meta, _, _ = frontmatter.parse((root / "news/neue-meldung/index.de.md").read_text())
    assert meta["image"] == "foto-zeitz.png" and (root / "news/neue-meldung/foto-zeitz.png").read_bytes() == tiny_png
    fake = _sub(slug="zweite", uploads={"image": ("bild.png", b"<svg onload=alert(1)></svg>")})
    fake.texts["de"]["image_alt"] = "x"
    with pytest.raises(service.Problems) as caught:
        service.save(root, fake, store.corpus.taxonomy, None, 10**6)
    assert caught.value.fields == {("", "image"): "upload:type"}


def test_conflict_when_the_file_changed_since_it_was_opened(ctx, editor_app):
    _, root, store = ctx
    path = root / "news" / "fachtag-rueckblick" / "index.de.md"
    opened = storage.sha256(path.read_text())
    path.write_text(path.read_text().replace("title:", "title: Geändert von nebenan\nx_old_title:", 1))
    sub = _sub(slug="fachtag-rueckblick", is_new=False, base_hashes={"de": opened, "en": ""})
    with pytest.raises(service.Conflict) as caught:
        service.save(root, sub, store.corpus.taxonomy, None, 10**6)
    assert "Geändert von nebenan" in caught.value.disk_text and "Neue Meldung" in caught.value.mine_text
    assert "Geändert von nebenan" in path.read_text()
    # the outside change was recorded before the refusal
    assert [r.kind for r in revisions.history("news", "fachtag-rueckblick", "de")] == ["outside"]


def test_a_failing_disk_write_leaves_the_previous_file(ctx, monkeypatch):
    _, root, store = ctx
    path = root / "news" / "fachtag-rueckblick" / "index.de.md"
    before = path.read_text()

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    sub = _sub(slug="fachtag-rueckblick", is_new=False, base_hashes={"de": storage.sha256(before), "en": ""})
    with pytest.raises(storage.WriteFailed):
        service.save(root, sub, store.corpus.taxonomy, None, 10**6)
    assert path.read_text() == before
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".tmp-")]


def test_history_diff_restore_and_outside_changes(ctx):
    _, root, store = ctx
    service.save(root, _sub(), store.corpus.taxonomy, None, 10**6)
    path = root / "news" / "neue-meldung" / "index.de.md"
    first = path.read_text()
    second_sub = _sub(is_new=False, base_hashes={"de": storage.sha256(first), "en": ""})
    second_sub.texts["de"]["body"] = "## Text\n\nGanz anderer Inhalt."
    service.save(root, second_sub, store.corpus.taxonomy, None, 10**6)
    path.write_text(path.read_text() + "\nVon Hand ergänzt.\n")  # e.g. a git pull
    store.refresh()  # the change listener records it
    kinds = [r.kind for r in revisions.history("news", "neue-meldung", "de")]
    assert kinds == ["outside", "save", "save"]
    old, new = revisions.history("news", "neue-meldung", "de")[2], revisions.history("news", "neue-meldung", "de")[1]
    lines = revisions.diff(old.text, new.text)
    assert ("removed", "Inhalt.") in [(line.kind, line.text) for line in lines]
    assert ("added", "Ganz anderer Inhalt.") in [(line.kind, line.text) for line in lines]
    service.restore(root, old.id, store.corpus.taxonomy, None)
    assert path.read_text() == first
    assert revisions.history("news", "neue-meldung", "de")[0].kind == "restore"
    assert store.corpus.bundle("news", "neue-meldung").primary.body.strip().endswith("Inhalt.")


def test_search_updater_is_called_when_present(ctx):
    app, root, store = ctx
    calls = []

    class Recorder:  # the duck-typed interface the search feature offers
        def update(self):
            calls.append(True)

    app.extensions["search"] = Recorder()
    service.save(root, _sub(), store.corpus.taxonomy, None, 10**6)
    assert calls == [True]


@pytest.mark.parametrize("slug", ["../../etc", "..", "a/b", "Grosse", "", "x/../../y", "%2e%2e"])
def test_no_slug_leaves_the_content_folder(ctx, slug):
    _, root, _ = ctx
    with pytest.raises(storage.UnsafePath):
        storage.bundle_dir(root, "news", slug)


@pytest.mark.parametrize("name", ["../index.de.md", "index.de.md", ".htaccess", "a/b.png", "..\\x.png", "/etc/passwd"])
def test_no_file_name_leaves_the_bundle(ctx, name):
    _, root, _ = ctx
    with pytest.raises(storage.UnsafePath):
        storage.bundle_file(root, "news", "fachtag-rueckblick", name)


def test_slugs_proposed_from_german_titles():
    assert storage.slugify("Übergänge in Größe & Maß: Straße 2025!") == "uebergaenge-in-groesse-mass-strasse-2025"
    assert storage.slugify("Café São Paulo") == "cafe-sao-paulo"


def test_revision_rows_name_their_author(ctx, make_account):
    app, root, store = ctx
    account_id = make_account()
    from portal.editor.models import Account

    service.save(root, _sub(), store.corpus.taxonomy, db.session.get(Account, account_id), 10**6)
    assert db.session.scalar(db.select(Revision)).account.email == "editor@example.org"


def test_a_save_reads_only_its_bundle_again_and_records_an_outside_change_elsewhere_later(ctx, monkeypatch):
    app, root, store = ctx
    other = root / "news" / "fachtag-rueckblick" / "index.de.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nVon außen geändert.\n", encoding="utf-8")
    before = [r.kind for r in revisions.history("news", "fachtag-rueckblick")]
    reloaded = []
    real_reload = store._loader.reload
    monkeypatch.setattr(store._loader, "reload", lambda section, slug: reloaded.append(slug) or real_reload(section, slug))
    service.save(root, _sub(), store.corpus.taxonomy, None, 10**6)
    assert reloaded == ["neue-meldung"]
    assert store.corpus.bundle("news", "neue-meldung") is not None
    assert [r.kind for r in revisions.history("news", "fachtag-rueckblick")] == before  # not scanned by the save
    assert store.refresh()  # the next full check finds the outside change, as before
    assert revisions.history("news", "fachtag-rueckblick")[0].kind == "outside"
