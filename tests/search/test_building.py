"""Full builds in worker processes, joined into one segment: the index a build in one process writes."""
from __future__ import annotations

import json
import multiprocessing
import os

import pytest

from portal.search import SearchRequest, get_search
from portal.search import index as index_module
from portal.search.building import BuildFailed, shares

from .conftest import build, index_contents, keys

QUERIES = [
    ("Merseburg", {}), ("Bildungsmonitoring", {}), ("Kommunen Kennzahlen", {}), ("Fachkräfte", {}),
    ('"Bildungsmonitoring einer Kommune"', {}), ("title:Leitfaden", {}), ("Personalschluessel", {}),
    ("Weiterbldung", {}), ("Bildung -Kita", {}), ("Kita OR Hort", {}), ("", {"type": ["news"]}),
    ("Bildung", {"type": ["studies"]}), ("Bildung", {"region": ["saalekreis", "nordsachsen"]}),
]


def answers(app) -> list:
    """Everything a visitor sees for QUERIES, in both languages and both orders, and suggestions."""
    seen = []
    with app.test_request_context("/de/"):
        service = get_search()
        for q, filters in QUERIES:
            for lang in ("de", "en"):
                for sort in ("relevance", "date"):
                    r = service.search(SearchRequest(q=q, filters=filters, lang=lang, sort=sort, per_page=50))
                    seen.append((r.total, [(h.key, h.score, str(h.snippet), h.snippet_lang, h.pdf, h.title) for h in r.hits],
                                 r.facets, r.did_you_mean, r.approximate, r.removals))
        for typed in ("Bil", "Leitfaden Bil", "Fach"):
            seen.append(service.suggest(typed, "de"))
    return seen


def side_files(path) -> dict:
    return {name: (path / name).read_text(encoding="utf-8") for name in ("vocab.txt", "spelling.tsv")} | {
        "hashes": json.loads((path / "meta.json").read_text(encoding="utf-8"))["hashes"]}


@pytest.mark.parametrize("workers", [2, 3])
def test_a_build_in_worker_processes_is_the_index_one_process_builds(fresh_app, monkeypatch, workers):
    manager = fresh_app.extensions["search"].manager
    here, files, index = answers(fresh_app), side_files(manager.current_path()), index_contents(manager.current_path())
    monkeypatch.setattr(index_module, "PARALLEL_MIN", 0)  # the fixture corpus is small
    monkeypatch.setattr(index_module, "worker_count", lambda: workers)
    build(fresh_app)
    assert index_contents(manager.current_path()) == index
    assert side_files(manager.current_path()) == files
    assert list(side_files(manager.current_path())["hashes"]) == list(files["hashes"])  # same order
    assert not [p for p in manager.current_path().iterdir() if p.name.startswith(".share")]
    assert answers(fresh_app) == here


class Broken:
    """A bundle that cannot become a document (its primary text has no fields)."""

    section, slug, texts, primary = "news", "kaputt", {}, object()


class Dying(Broken):
    """A bundle whose worker process ends the moment it receives it."""

    def __reduce__(self):
        return os._exit, (3,)


@pytest.mark.parametrize("poison, message", [(Broken, "AttributeError"), (Dying, "died")])
def test_a_failing_worker_leaves_the_old_index(fresh_app, monkeypatch, poison, message):
    manager = fresh_app.extensions["search"].manager
    before = manager.current_path()
    real = index_module.indexable
    monkeypatch.setattr(index_module, "indexable", lambda corpus: real(corpus) + [poison()])  # in the second share
    monkeypatch.setattr(index_module, "PARALLEL_MIN", 0)
    monkeypatch.setattr(index_module, "worker_count", lambda: 2)
    with pytest.raises(BuildFailed, match=message):
        build(fresh_app)
    assert manager.current_path() == before
    assert [p for p in manager.builds.iterdir()] == [before]  # the half-built directory is gone
    assert not [p for p in multiprocessing.active_children() if p.name == "search-build"]
    with fresh_app.test_request_context("/de/"):
        assert keys(get_search().search(SearchRequest(q="Merseburg"))) == ["news/tagung-fachkraeftesicherung"]


class Sized:
    """A stand-in bundle with a given build cost."""

    def __init__(self, cost):
        self.cost = cost


@pytest.mark.parametrize("costs, count, expected", [
    ([1] * 10, 2, [5, 5]),
    ([9, 1, 1, 1, 1, 1, 1, 1, 1, 1], 2, [1, 9]),
    ([1, 1, 1, 1, 1, 1, 1, 1, 1, 9], 2, [9, 1]),
    ([1] * 9, 3, [3, 3, 3]),
    ([5], 2, [1]),
    ([100, 1], 2, [1, 1]),
])
def test_shares_are_contiguous_and_balanced(monkeypatch, costs, count, expected):
    monkeypatch.setattr("portal.search.building.build_cost", lambda bundle: bundle.cost)
    bundles = [Sized(c) for c in costs]
    parts = shares(bundles, count)
    assert [len(p) for p in parts] == expected
    assert [b for p in parts for b in p] == bundles
