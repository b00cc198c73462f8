"""The text cache (texts.py): a full build reuses the bodies' plain texts and the PDFs' pages the
build before derived, indexes exactly what deriving them afresh gives, and keeps only what it used."""
from __future__ import annotations

import sqlite3

import pytest

from portal.content import records
from portal.search import documents
from portal.search import index as index_module
from portal.search.texts import FILE

from .conftest import build, index_contents


def counted(monkeypatch) -> dict:
    """Count how often bodies are rendered and PDFs read (the work the cache spares)."""
    calls = {"bodies": 0, "pdfs": 0}
    render, extract = records.Item.plain_text.fget, documents.extract_pdf

    def plain_text(item):
        calls["bodies"] += 1
        return render(item)

    def extract_pdf(*args):
        calls["pdfs"] += 1
        return extract(*args)

    monkeypatch.setattr(records.Item, "plain_text", property(plain_text))
    monkeypatch.setattr(documents, "extract_pdf", extract_pdf)
    return calls


def rows(manager) -> int:
    with sqlite3.connect(manager.root / FILE) as db:
        return db.execute("SELECT count(*) FROM texts").fetchone()[0]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_second_build_reuses_the_texts_and_indexes_the_same(fresh_app, monkeypatch, workers):
    if workers > 1:  # worker processes are spawned: the counting below sees only this process
        monkeypatch.setattr(index_module, "PARALLEL_MIN", 0)
        monkeypatch.setattr(index_module, "worker_count", lambda: workers)
    manager = fresh_app.extensions["search"].manager
    (manager.root / FILE).unlink()
    build(fresh_app)  # derives every text and keeps it
    first, kept = index_contents(manager.current_path()), rows(manager)
    assert kept > 10
    calls = counted(monkeypatch)
    build(fresh_app)
    assert index_contents(manager.current_path()) == first
    assert rows(manager) == kept
    if workers == 1:
        assert calls == {"bodies": 0, "pdfs": 0}


def test_changed_texts_are_derived_again_and_old_ones_dropped(fresh_app, monkeypatch):
    manager = fresh_app.extensions["search"].manager
    store = fresh_app.extensions["content"]
    kept = rows(manager)
    studies = [b for b in store.corpus.all("studies") if not b.primary.draft]
    edited = next(b for b in studies if not b.primary.files)
    edited.primary.path.write_text(edited.primary.path.read_text(encoding="utf-8")
                                   + "\nNeu: Braunkohleausstieg in Profen.\n", encoding="utf-8")
    pdfs = sorted({a.path for b in studies for a in b.primary.files if a.path.suffix == ".pdf"}, key=lambda p: p.stat().st_size)
    pdfs[0].write_bytes(pdfs[-1].read_bytes())  # another PDF's pages under this name
    gone = next(b for b in store.corpus.all("news") if not b.primary.draft and len(b.texts) == 1)
    for path in gone.primary.path.parent.iterdir():
        path.unlink()
    gone.primary.path.parent.rmdir()
    calls = counted(monkeypatch)
    store.refresh()  # the portal's update derives the changed texts (and keeps them)
    build(fresh_app)  # which the build then finds
    assert calls == {"bodies": 1, "pdfs": 1}
    assert rows(manager) == kept - 1  # the removed news item's body dropped; the old body and PDF replaced
    with fresh_app.test_request_context("/de/"):
        from portal.search import SearchRequest, get_search

        assert get_search().search(SearchRequest(q="Profen")).total == 1


def test_a_damaged_cache_is_ignored_and_the_build_succeeds(fresh_app, caplog):
    manager = fresh_app.extensions["search"].manager
    expected = index_contents(manager.current_path())
    for suffix in ("", "-wal", "-shm"):
        (manager.root / (FILE + suffix)).unlink(missing_ok=True)
    (manager.root / FILE).write_bytes(b"not a database" * 100)
    build(fresh_app)
    assert index_contents(manager.current_path()) == expected
    assert "text cache" in caplog.text


def test_a_text_an_editor_saved_is_not_derived_again_by_the_next_build(fresh_app, monkeypatch):
    """Updates keep the texts they derive, so only a portal's very first build renders everything."""
    store = fresh_app.extensions["content"]
    folder = store.root / "news" / "neu-aus-borna"
    folder.mkdir()
    (folder / "index.de.md").write_text('---\ntitle: "Neu aus Borna"\nsummary: "Kurz."\ndate: 2024-05-02\n---\n\n'
                                        "Der *Bildungsbericht* für Borna ist erschienen.\n", encoding="utf-8")
    assert store.refresh_bundle("news", "neu-aus-borna")  # the editor's save: one update
    calls = counted(monkeypatch)
    build(fresh_app)
    assert calls == {"bodies": 0, "pdfs": 0}
    with fresh_app.test_request_context("/de/"):
        from portal.search import SearchRequest, get_search

        assert get_search().search(SearchRequest(q="Bildungsbericht Borna")).total == 1
