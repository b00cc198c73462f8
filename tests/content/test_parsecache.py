"""The parse cache file is used only by the code that wrote it, the registered bundle readers included:
what a reader returns is pickled with the bundles, so a stale reader's output must never come back."""
from __future__ import annotations

import importlib
import sys

import pytest

from portal.content import loader as loader_module
from portal.content.loader import Loader

READER = '''from portal.content.problems import Problem


def read(directory, taxonomy):
    return {{}}, [Problem(str(directory), None, None, "{message}")]
'''


@pytest.fixture
def reader_module(tmp_path, monkeypatch):
    """A bundle reader in a module file of its own folder, whose source a test can change."""
    folder = tmp_path / "readers"
    folder.mkdir()
    source = folder / "news_reader_for_cache_test.py"
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # a rewrite within the same second is read again

    def write(message: str):
        source.write_text(READER.format(message=message), encoding="utf-8")
        importlib.invalidate_caches()
        name = source.stem
        module = importlib.reload(sys.modules[name]) if name in sys.modules else importlib.import_module(name)
        monkeypatch.setitem(loader_module.BUNDLE_READERS, "news", module.read)
        return module

    yield write
    sys.modules.pop(source.stem, None)


def reader_messages(corpus) -> set[str]:
    return {p.message for p in corpus.problems if p.message.startswith("reader ")}


def test_a_changed_reader_source_drops_the_cache(content_dir, tmp_path, reader_module):
    cache = tmp_path / "instance" / "content-cache.pickle"
    reader_module("reader one")
    assert reader_messages(Loader(content_dir, cache_file=cache).load()) == {"reader one"}
    assert cache.exists()
    reader_module("reader two, changed")
    assert reader_messages(Loader(content_dir, cache_file=cache).load()) == {"reader two, changed"}


def test_a_process_with_another_set_of_readers_does_not_take_the_cache(content_dir, tmp_path, reader_module, monkeypatch):
    cache = tmp_path / "instance" / "content-cache.pickle"
    monkeypatch.delitem(loader_module.BUNDLE_READERS, "news", raising=False)
    assert reader_messages(Loader(content_dir, cache_file=cache).load()) == set()
    reader_module("reader registered")
    assert reader_messages(Loader(content_dir, cache_file=cache).load()) == {"reader registered"}


def test_an_unchanged_process_takes_the_cache(content_dir, tmp_path, monkeypatch):
    cache = tmp_path / "instance" / "content-cache.pickle"
    Loader(content_dir, cache_file=cache).load()
    parsed = []
    monkeypatch.setattr(loader_module, "load_bundle", lambda *args, **kw: parsed.append(args) or None)
    Loader(content_dir, cache_file=cache).load()
    assert parsed == []
