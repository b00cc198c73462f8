"""The index on disk: atomic swap, incremental updates, concurrency, scheduling, start-up build."""
from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from portal.search import SearchRequest, engine, get_search
from portal.search import index as index_module
from portal.search.index import IndexBusy

from .conftest import build, keys, make_app
from .corpus import write_corpus

NEWS = """---
title: "{title}"
summary: "Kurz."
date: {date}
---

{body}
"""


def search(app, q, **filters):
    with app.test_request_context("/de/"):
        return get_search().search(SearchRequest(q=q, filters=filters))


def write(app, slug, title, body="Text.", date="2024-01-01"):
    folder = app.extensions["content"].root / "news" / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.de.md").write_text(NEWS.format(title=title, body=body, date=date), encoding="utf-8")


def test_a_build_that_dies_leaves_the_old_index(fresh_app, monkeypatch):
    manager = fresh_app.extensions["search"].manager
    before = manager.current_path()
    assert keys(search(fresh_app, "Merseburg"))
    calls = {"n": 0}
    real = index_module.make_document

    def dying(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        return real(*args, **kwargs)

    monkeypatch.setattr(index_module, "make_document", dying)
    with pytest.raises(RuntimeError):
        build(fresh_app)
    assert manager.current_path() == before
    assert [p for p in manager.builds.iterdir()] == [before]  # the half-built directory is gone
    assert keys(search(fresh_app, "Merseburg"))


def test_searchers_notice_a_new_build(fresh_app):
    """Both builds are Whoosh generation 1: the searcher must compare the build, not the generation."""
    assert keys(search(fresh_app, "Quedlinburg")) == []
    write(fresh_app, "neu", "Neues aus Quedlinburg")
    fresh_app.extensions["content"].refresh.__self__._listeners.clear()  # no automatic update here
    fresh_app.extensions["content"].refresh()
    build(fresh_app)
    assert keys(search(fresh_app, "Quedlinburg")) == ["news/neu"]


def test_update_reindexes_only_what_changed(fresh_app):
    store = fresh_app.extensions["content"]
    manager = fresh_app.extensions["search"].manager
    store._listeners.clear()
    with manager.write_lock():
        assert manager.update(store.corpus).touched == 0
    write(fresh_app, "neu", "Neues aus Quedlinburg")
    store.refresh()
    with manager.write_lock():
        result = manager.update(store.corpus)
    assert (result.added, result.changed, result.removed) == (1, 0, 0)
    assert keys(search(fresh_app, "Quedlinburg")) == ["news/neu"]
    write(fresh_app, "neu", "Neues aus Wernigerode")
    store.refresh()
    with manager.write_lock():
        result = manager.update(store.corpus)
    assert (result.added, result.changed, result.removed) == (0, 1, 0)
    assert keys(search(fresh_app, "Quedlinburg")) == []
    assert keys(search(fresh_app, "Wernigerode")) == ["news/neu"]
    (store.root / "news" / "neu" / "index.de.md").unlink()
    (store.root / "news" / "neu").rmdir()
    store.refresh()
    with manager.write_lock():
        assert manager.update(store.corpus).removed == 1
    assert keys(search(fresh_app, "Wernigerode")) == []


def test_store_reload_updates_the_index(fresh_app):
    write(fresh_app, "gespeichert", "Meldung aus Bitterfeld")
    fresh_app.extensions["content"].refresh()  # what the editor does after a save
    assert keys(search(fresh_app, "Bitterfeld")) == ["news/gespeichert"]


def test_scheduled_item_appears_when_its_date_passes_without_rebuild(fresh_app, monkeypatch):
    write(fresh_app, "bald", "Ankündigung aus Sangerhausen", date="2099-06-01")
    fresh_app.extensions["content"].refresh()
    assert keys(search(fresh_app, "Sangerhausen")) == []
    assert "news/bald" not in keys(search(fresh_app, "", type=["news"]))
    later = time.mktime((2099, 6, 2, 0, 0, 0, 0, 0, 0))
    monkeypatch.setattr(engine, "clock", lambda: later)
    assert keys(search(fresh_app, "Sangerhausen")) == ["news/bald"]
    assert "news/geplante-meldung" in keys(search(fresh_app, "", type=["news"]))
    assert "news/entwurf-meldung" not in keys(search(fresh_app, "", type=["news"]))


def test_concurrent_updates_and_searches(fresh_app):
    store = fresh_app.extensions["content"]
    errors: list[BaseException] = []
    stop = threading.Event()

    def searching():
        while not stop.is_set():
            try:
                search(fresh_app, "Meldung OR Bildung")
            except BaseException as error:  # noqa: BLE001 - any error fails the test
                errors.append(error)

    def updating(worker):
        try:
            for n in range(4):
                write(fresh_app, f"parallel-{worker}-{n}", f"Meldung Nummer {worker} {n} Eisleben")
                store.refresh()
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    readers = [threading.Thread(target=searching) for _ in range(3)]
    writers = [threading.Thread(target=updating, args=(w,)) for w in range(2)]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    for thread in readers:
        thread.join()
    assert errors == []
    store.refresh()
    assert search(fresh_app, "Eisleben").total == 8


def test_the_write_lock_holds_across_processes(fresh_app):
    manager = fresh_app.extensions["search"].manager
    code = (
        "import sys, time; from portal.search.index import IndexManager;"
        "m = IndexManager(sys.argv[1]);"
        "ctx = m.write_lock(); ctx.__enter__(); print('locked', flush=True); time.sleep(3)"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(manager.root)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(IndexBusy):
            with manager.write_lock(timeout=0.2):
                pass
        # a visitor's search is unaffected by the writer
        assert keys(search(fresh_app, "Merseburg"))
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    with manager.write_lock(timeout=2):
        pass


def test_cli_build_and_update(fresh_app):
    runner = fresh_app.test_cli_runner()
    result = runner.invoke(args=["search", "build"])
    assert result.exit_code == 0, result.output
    assert "Indexed" in result.output
    write(fresh_app, "cli", "Neues aus Köthen")
    fresh_app.extensions["content"]._listeners.clear()
    fresh_app.extensions["content"].refresh()
    result = runner.invoke(args=["search", "update"])
    assert result.exit_code == 0 and "1 added" in result.output
    assert keys(search(fresh_app, "Köthen")) == ["news/cli"]


def test_portal_builds_its_index_at_start(tmp_path):
    write_corpus(tmp_path / "content")
    idle = make_app(tmp_path)
    with idle.test_client() as client:
        page = client.get("/de/suche/?q=Bildung")
    assert page.status_code == 200
    assert "Der Suchindex wird gerade aufgebaut" in page.get_data(as_text=True)
    assert client.get("/api/v1/search?q=Bildung").status_code == 503
    app = make_app(tmp_path, PORTAL_SEARCH_AUTOBUILD=True)
    builder = app.extensions["search_build_thread"]
    builder.join(timeout=900)  # a bound against a hang, not a speed limit: a loaded machine may take minutes
    assert not builder.is_alive()
    assert keys(search(app, "Merseburg")) == ["news/tagung-fachkraeftesicherung"]


def test_large_builds_prepare_documents_in_worker_processes(fresh_app, monkeypatch):
    monkeypatch.setattr(index_module, "PARALLEL_MIN", 0)  # the fixture corpus is small
    build(fresh_app)
    assert keys(search(fresh_app, "Merseburg")) == ["news/tagung-fachkraeftesicherung"]
    hit = next(h for h in search(fresh_app, "Personalschluessel").hits if h.key == "studies/fachkraefte-report")
    assert hit.pdf == ("bericht.pdf", 2)
    assert search(fresh_app, "Weiterbldung").did_you_mean == "Weiterbildung"


def test_update_notices_an_edit_of_the_body_only(fresh_app):
    store = fresh_app.extensions["content"]
    write(fresh_app, "nur-text", "Meldung", body="Ein Text ohne Besonderheiten.")
    store.refresh()
    assert keys(search(fresh_app, "Zwergpinguin")) == []
    write(fresh_app, "nur-text", "Meldung", body="Ein Text über den Zwergpinguin.")
    store.refresh()
    assert keys(search(fresh_app, "Zwergpinguin")) == ["news/nur-text"]


def test_did_you_mean_follows_updates(fresh_app):
    store = fresh_app.extensions["content"]
    assert search(fresh_app, "Quedlinbrg").did_you_mean is None
    write(fresh_app, "neu", "Neues aus Quedlinburg")
    store.refresh()
    assert search(fresh_app, "Quedlinbrg").did_you_mean == "Quedlinburg"
    (store.root / "news" / "neu" / "index.de.md").unlink()
    (store.root / "news" / "neu").rmdir()
    store.refresh()
    assert search(fresh_app, "Quedlinbrg").did_you_mean is None


def test_an_editor_save_updates_just_that_document(fresh_app, monkeypatch):
    store = fresh_app.extensions["content"]
    manager = fresh_app.extensions["search"].manager
    hashed = []
    real_hash = index_module.content_hash
    monkeypatch.setattr(index_module, "content_hash", lambda bundle: hashed.append(bundle.slug) or real_hash(bundle))
    write(fresh_app, "gespeichert", "Meldung aus Bitterfeld")
    assert store.refresh_bundle("news", "gespeichert")  # what publish_changes does after a save
    assert keys(search(fresh_app, "Bitterfeld")) == ["news/gespeichert"]
    assert hashed == ["gespeichert"]  # not every bundle's hash
    write(fresh_app, "gespeichert", "Meldung aus Wolfen")
    assert store.refresh_bundle("news", "gespeichert")
    assert keys(search(fresh_app, "Bitterfeld")) == [] and keys(search(fresh_app, "Wolfen")) == ["news/gespeichert"]
    assert not store.refresh_bundle("news", "gespeichert")  # unchanged: nothing to do
    with manager.write_lock():  # the safety net agrees: the hashes it keeps are current
        assert manager.update(store.corpus).touched == 0
    (store.root / "news" / "gespeichert" / "index.de.md").unlink()
    (store.root / "news" / "gespeichert").rmdir()
    assert store.refresh_bundle("news", "gespeichert")
    assert keys(search(fresh_app, "Wolfen")) == []
    assert not store.refresh(), "a full check afterwards finds nothing the targeted reload missed"


def test_a_draft_saved_by_the_editor_leaves_the_index(fresh_app):
    store = fresh_app.extensions["content"]
    write(fresh_app, "entwurf-spaeter", "Meldung aus Zerbst")
    store.refresh_bundle("news", "entwurf-spaeter")
    assert keys(search(fresh_app, "Zerbst")) == ["news/entwurf-spaeter"]
    path = store.root / "news" / "entwurf-spaeter" / "index.de.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n\n", "draft: true\n---\n\n", 1), encoding="utf-8")
    store.refresh_bundle("news", "entwurf-spaeter")
    assert keys(search(fresh_app, "Zerbst")) == []


def test_small_segments_of_editor_saves_are_searched_through_their_term_sets(fresh_app, monkeypatch):
    """Every save writes a small segment; a query looks its terms up in a set of the segment's terms
    (postings.small_lexicon) instead of the segment's term table, with the same answers."""
    from whoosh.filedb.filestore import FileStorage

    from portal.search import postings
    from portal.search.scores import Scorer

    store = fresh_app.extensions["content"]
    manager = fresh_app.extensions["search"].manager
    towns = ["Bitterfeld", "Wolfen", "Pegau", "Groitzsch"]
    for n, town in enumerate(towns):
        write(fresh_app, f"meldung-{n}", f"Meldung aus {town}", body=f"Bildung in {town} und Kommunen.")
        assert store.refresh_bundle("news", f"meldung-{n}")
    write(fresh_app, "meldung-0", "Meldung aus Markranstädt")  # an edit deletes in a small segment
    assert store.refresh_bundle("news", "meldung-0")
    for n, town in enumerate(towns[1:], start=1):
        assert keys(search(fresh_app, town)) == [f"news/meldung-{n}"]
    assert keys(search(fresh_app, "Bitterfeld")) == [] and keys(search(fresh_app, "Markranstädt")) == ["news/meldung-0"]
    ix = FileStorage(str(manager.current_path()), supports_mmap=False).open_index()
    for town in ("Zörbig", "Brehna"):  # small segments beside the others (at this corpus's size Whoosh merges all)
        writer = ix.writer()
        writer.add_document(key=f"news/{town}", section="news", slug=town, langs="de", body_de=f"Bildung in {town}",
                            title_de=town, title_plain=town.lower())
        writer.commit(merge=False)
    with ix.searcher() as searcher:
        with_sets = Scorer(searcher, manager.current_path())
        assert len(with_sets.leaves) > 2 and sum(lexicon is not None for lexicon in with_sets._lexicons) >= 2
        monkeypatch.setattr(postings, "SMALL_SEGMENT", -1)
        without = Scorer(searcher)
        assert all(lexicon is None for lexicon in without._lexicons)
        for name in ("body_de", "title_de", "title_plain", "parts"):
            for term in ["bildung", "kommun", "pegau", "wolf", "markranstadt", "fehlt", "meldung", "zorbig", "brehna"]:
                assert with_sets.term(name, term) == without.term(name, term), (name, term)
                assert with_sets.doc_frequency(name, term) == without.doc_frequency(name, term)
    ix.close()
