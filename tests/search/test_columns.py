"""Postings columns (columns.py): what a full build writes beside its segment, read back, gives
exactly the scores Whoosh's own blocks give, whether the build ran in one process or in workers."""
from __future__ import annotations

import pytest
from whoosh.filedb.filestore import FileStorage

from portal.search import columns as columns_module
from portal.search import index as index_module
from portal.search.columns import FOLDER
from portal.search.scores import Scorer

from .conftest import build


def scored_terms(searcher):
    for name, field in searcher.schema.items():
        if field.scorable:
            for term in searcher.reader().lexicon(name):
                yield name, term.decode("utf-8")


@pytest.mark.parametrize("workers", [1, 2])
def test_columns_give_the_scores_of_whooshs_blocks(fresh_app, monkeypatch, workers):
    monkeypatch.setattr(columns_module, "MIN_POSTINGS", 3)  # the fixture corpus is small
    if workers > 1:
        monkeypatch.setattr(index_module, "PARALLEL_MIN", 0)
        monkeypatch.setattr(index_module, "worker_count", lambda: workers)
    manager = fresh_app.extensions["search"].manager
    build(fresh_app)
    path = manager.current_path()
    assert list((path / FOLDER).glob("*.keys.npy")), "the build wrote columns"
    ix = FileStorage(str(path), supports_mmap=False).open_index()
    with ix.searcher() as searcher:
        from_columns, from_blocks = Scorer(searcher, path), Scorer(searcher)
        assert from_columns._columns[0] is not None and from_blocks._columns == [None]
        read = 0
        for name, term in scored_terms(searcher):
            assert from_columns.term(name, term) == from_blocks.term(name, term), (name, term)
            info = from_columns._info(name, term)[0]
            read += from_columns._columns[0].read(info.extent()[0]) is not None
        frequent = sum(1 for name, term in scored_terms(searcher) if searcher.doc_frequency(name, term) >= 3)
        assert read == frequent > 5, "frequent terms were read from their columns"
    ix.close()


def test_segments_written_by_updates_are_read_from_whooshs_blocks(fresh_app, monkeypatch):
    monkeypatch.setattr(columns_module, "MIN_POSTINGS", 3)
    manager = fresh_app.extensions["search"].manager
    store = fresh_app.extensions["content"]
    build(fresh_app)
    folder = store.root / "news" / "neu-aus-zeitz"
    folder.mkdir()
    (folder / "index.de.md").write_text('---\ntitle: "Bildung in Zeitz"\nsummary: "Bildung und Kommunen."\n'
                                        'date: 2024-05-02\n---\n\nBildung, Kommunen und Bildung.\n', encoding="utf-8")
    assert store.refresh_bundle("news", "neu-aus-zeitz")
    ix = FileStorage(str(manager.current_path()), supports_mmap=False).open_index()
    with ix.searcher() as searcher:
        from_columns, from_blocks = Scorer(searcher, manager.current_path()), Scorer(searcher)
        assert len(from_columns.leaves) == 2 and from_columns._columns[0] is not None
        assert from_columns._columns[1] is None  # the update's segment has none
        for name, term in scored_terms(searcher):
            assert from_columns.term(name, term) == from_blocks.term(name, term), (name, term)
        assert from_columns.term("body_de", "bildung")
    ix.close()


def test_damaged_columns_fall_back_to_whooshs_blocks(fresh_app, monkeypatch, caplog):
    monkeypatch.setattr(columns_module, "MIN_POSTINGS", 3)
    manager = fresh_app.extensions["search"].manager
    build(fresh_app)
    path = manager.current_path()
    data = next((path / FOLDER).glob("*.data"))
    data.write_bytes(data.read_bytes()[: data.stat().st_size // 2])  # cut short
    ix = FileStorage(str(path), supports_mmap=False).open_index()
    with ix.searcher() as searcher:
        damaged, from_blocks = Scorer(searcher, path), Scorer(searcher)
        for name, term in scored_terms(searcher):
            assert damaged.term(name, term) == from_blocks.term(name, term), (name, term)
    ix.close()
    assert "cut short" in caplog.text
    keys = next((path / FOLDER).glob("*.keys.npy"))
    keys.write_bytes(b"not numpy")
    columns_module._open.clear()
    assert columns_module.columns_for(path, keys.name.removesuffix(".keys.npy")) is None
