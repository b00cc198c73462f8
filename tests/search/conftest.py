"""Search fixtures: one indexed app per module (building is the slow part), plus helpers."""
from __future__ import annotations

import pytest
from whoosh import index as whoosh_index

from portal import create_app
from portal.search import SearchRequest, get_search
from portal.search.index import IndexManager

from .corpus import write_corpus


def make_app(tmp, **overrides):
    settings = {
        "INSTANCE_PATH": str(tmp / "instance"),
        "PORTAL_CONTENT_DIR": str(tmp / "content"),
        "PORTAL_INDEX_DIR": str(tmp / "index"),
        "PORTAL_SECRET_KEY": "test-secret-key",
        "PORTAL_CONTENT_RELOAD_SECONDS": -1.0,
        "PORTAL_RATELIMIT_ENABLED": False,
        "PORTAL_SEARCH_AUTOBUILD": False,
        "TESTING": True,
    }
    settings.update(overrides)
    return create_app(settings)


def index_contents(path) -> tuple:
    """Every posting (with its value), term statistic, stored field and field length of an index."""
    ix = whoosh_index.open_dir(str(path))
    assert len(ix._segments()) == 1
    with ix.reader() as reader:
        postings, stats = {}, {}
        for name in ix.schema.names():
            if not ix.schema[name].indexed:
                continue
            for term in reader.lexicon(name):
                matcher = reader.postings(name, term)
                found = []
                while matcher.is_active():
                    found.append((matcher.id(), matcher.weight(), matcher.value()))
                    matcher.next()
                postings[(name, term)] = found
                info = reader.term_info(name, term)
                stats[(name, term)] = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                                       info.max_weight(), info.min_id(), info.max_id())
        documents = [(reader.stored_fields(n), [reader.doc_field_length(n, f) for f in ix.schema.scorable_names()])
                     for n in range(reader.doc_count_all())]
        totals = {f: reader.field_length(f) for f in ix.schema.scorable_names()}
    ix.close()
    return postings, stats, documents, totals


def build(app) -> IndexManager:
    manager = app.extensions["search"].manager
    with manager.write_lock(timeout=10):
        manager.build(app.extensions["content"].corpus)
    return manager


@pytest.fixture
def fresh_app(tmp_path):
    """A private app with the search corpus and a built index (tests that change content)."""
    write_corpus(tmp_path / "content")
    app = make_app(tmp_path)
    build(app)
    return app


@pytest.fixture(scope="module")
def search_app(tmp_path_factory):
    """A shared, read-only app with the search corpus indexed."""
    tmp = tmp_path_factory.mktemp("search")
    write_corpus(tmp / "content")
    app = make_app(tmp)
    build(app)
    return app


@pytest.fixture(scope="module")
def find(search_app):
    """find(q, lang="de", **filters) -> SearchResponse."""

    def run(q: str = "", lang: str = "de", sort: str = "relevance", per_page: int = 20, **filters):
        with search_app.test_request_context(f"/{lang}/"):
            return get_search().search(SearchRequest(
                q=q, lang=lang, sort=sort, per_page=per_page,
                filters={k: v if isinstance(v, list) else [v] for k, v in filters.items()},
            ))

    return run


def keys(response) -> list[str]:
    return [hit.key for hit in response.hits]
