"""The index on disk: fresh builds swapped in atomically, incremental updates by content hash.

Layout under PORTAL_INDEX_DIR:
  current -> builds/<id>   a symlink, replaced atomically (os.replace) after a build is complete
  builds/<id>/             a Whoosh index + meta.json (content hashes) + vocab.txt (compound words)
  write.lock               flock'ed by the one process that writes (build or update)
Readers resolve `current` on every search, so a new build is noticed at once (both builds sit
at Whoosh generation 1, so `up_to_date()` alone would not see the swap).
"""
from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from ..content.corpus import Corpus
from .analysis import LAYOUT, build_schema
from .building import Built, add_bundles, build_in_workers, worker_count
from .compounds import Splitter, vocabulary
from .documents import content_hash, indexable, make_document, vocabulary_texts
from .spelling import Spelling, doc_words
from .texts import FILE as TEXTS_FILE
from .texts import TextCache
from .writer import BuildWriter

log = logging.getLogger(__name__)


PARALLEL_MIN = 400  # bundles; below this, starting worker processes costs more than it saves


class IndexBusy(RuntimeError):
    """Another process holds the write lock."""


@dataclass(frozen=True)
class UpdateResult:
    added: int = 0
    changed: int = 0
    removed: int = 0
    built: bool = False

    @property
    def touched(self) -> int:
        return self.added + self.changed + self.removed


def _write_atomic(path: Path, data: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


class IndexManager:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.link = self.root / "current"
        self.builds = self.root / "builds"
        self.texts_path = self.root / TEXTS_FILE  # rendered bodies and PDF pages kept between full builds

    # reading -----------------------------------------------------------------------------
    def current_path(self) -> Path | None:
        """The directory of the index being served, or None when there is none yet."""
        try:
            target = os.readlink(self.link)
        except OSError:
            return None
        path = (self.root / target).resolve()
        return path if (path / "meta.json").exists() else None

    def load_splitter(self, path: Path) -> Splitter:
        vocab_file = path / "vocab.txt"
        words = vocab_file.read_text(encoding="utf-8").split() if vocab_file.exists() else []
        return Splitter(set(words))

    # writing -----------------------------------------------------------------------------
    @contextmanager
    def write_lock(self, timeout: float = 0.0):
        """The one-writer guard across threads and processes (flock on write.lock)."""
        self.root.mkdir(parents=True, exist_ok=True)
        handle = open(self.root / "write.lock", "a+")
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        raise IndexBusy(f"the search index at {self.root} is being written by another process")
                    time.sleep(0.05)
            yield
        finally:
            handle.close()  # closing releases the lock

    def build(self, corpus: Corpus) -> int:
        """Build a complete new index in a fresh directory, then swap it in. Caller holds the lock.

        A large corpus is indexed by one worker process per core, each into its own segment
        (building.py); a small one here, in one segment.
        """
        self.builds.mkdir(parents=True, exist_ok=True)
        build_id = f"{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        target = self.builds / build_id
        target.mkdir()
        try:
            bundles = indexable(corpus)
            ix = whoosh_index.create_in(str(target), build_schema())
            workers = worker_count()
            if len(bundles) >= PARALLEL_MIN and workers > 1:
                ix.close()
                TextCache(self.texts_path).close()  # created here, so the workers only open it
                built = build_in_workers(target, bundles, workers, self.texts_path)
            else:
                built = self._build_here(ix, bundles)
            with TextCache(self.texts_path) as texts:
                texts.keep_only(built.texts_used)  # texts of items gone or changed
            (target / "vocab.txt").write_text("\n".join(sorted(built.vocab)), encoding="utf-8")
            built.spelling.save(target)
            meta = {"build": build_id, "layout": LAYOUT, "hashes": built.hashes}
            _write_atomic(target / "meta.json", json.dumps(meta))
            self._swap(target)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        self._clean_old(keep={target.name})
        log.info("search: built index %s with %d documents", build_id, len(built.hashes))
        return len(built.hashes)

    def _build_here(self, ix, bundles: list) -> Built:
        splitter = Splitter(vocabulary(vocabulary_texts(bundles)))
        writer = BuildWriter(ix)
        with TextCache(self.texts_path) as texts:
            try:
                built = add_bundles(writer, bundles, splitter, make_document, texts)
            except BaseException:
                writer.cancel()
                raise
        writer.commit()
        ix.close()
        built.texts_used = texts.used
        return built

    def _swap(self, target: Path) -> None:
        tmp = self.root / f".current.{uuid.uuid4().hex}"
        os.symlink(os.path.relpath(target, self.root), tmp)
        os.replace(tmp, self.link)  # atomic: readers see the old or the new build, never a mix
        dir_fd = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def _clean_old(self, keep: set[str]) -> None:
        """Remove builds older than the previous one (readers of the previous may still be open)."""
        builds = sorted((p for p in self.builds.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
        survivors = [p for p in builds if p.name not in keep]
        for old in survivors[:-1]:
            shutil.rmtree(old, ignore_errors=True)

    def update(self, corpus: Corpus, keys: Iterable[str] | None = None) -> UpdateResult:
        """Re-index the bundles whose content hash changed. Caller holds the lock.

        Without `keys` every bundle's hash is compared (the safety net: `flask search update`, the
        background reload). With `keys` ("section/slug", e.g. the bundle an editor just saved) only
        those are: at 10,000 documents hashing them all is most of an update's time.
        """
        path = self.current_path()
        if path is None:
            return UpdateResult(added=self.build(corpus), built=True)
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if meta.get("layout", 1) != LAYOUT:  # built by an older version: its fields differ
            return UpdateResult(added=self.build(corpus), built=True)
        old: dict[str, str] = meta.get("hashes", {})
        if keys is None:
            bundles = {f"{b.section}/{b.slug}": b for b in indexable(corpus)}
            new = {key: content_hash(bundle) for key, bundle in bundles.items()}
            removed = [key for key in old if key not in new]
            hashes = new
        else:
            bundles = {key: bundle for key in sorted(set(keys)) if (bundle := _indexable(corpus, key)) is not None}
            new = {key: content_hash(bundle) for key, bundle in bundles.items()}
            removed = [key for key in sorted(set(keys)) if key not in new and key in old]
            hashes = {key: digest for key, digest in {**old, **new}.items() if key not in removed}
        changed = [key for key, digest in new.items() if old.get(key) != digest]
        if not changed and not removed:
            return UpdateResult()
        self._write_changes(path, bundles, changed, removed)
        meta["hashes"] = hashes
        _write_atomic(path / "meta.json", json.dumps(meta))
        added = sum(1 for key in changed if key not in old)
        return UpdateResult(added=added, changed=len(changed) - added, removed=len(removed))

    def _write_changes(self, path: Path, bundles: dict, changed: list[str], removed: list[str]) -> None:
        """Replace or delete documents in one Whoosh commit; keep spelling.tsv's counts in step."""
        splitter = self.load_splitter(path)
        # Without mmap, like the searchers: whoosh-reloaded copies each mapped segment into memory
        # (150 MB, ~70 ms at 10,000 documents) just to look up the old documents.
        ix = FileStorage(str(path), supports_mmap=False).open_index()
        writer = ix.writer(timeout=5.0)
        spelling = Spelling.load(path)
        with TextCache(self.texts_path) as texts:  # an edited text, kept for the next full build
            try:
                with writer.searcher() as searcher:  # the writer's own view: no second reader to open
                    for key in [*removed, *changed]:
                        old_doc = searcher.document(key=key)
                        if old_doc is not None:
                            spelling.add(doc_words(old_doc), sign=-1)
                for key in removed:
                    writer.delete_by_term("key", key)
                for key in changed:
                    doc = make_document(bundles[key], splitter, cache=texts)
                    writer.update_document(**doc)
                    spelling.add(doc_words(doc))
            except BaseException:
                writer.cancel()
                raise
        writer.commit()
        ix.close()
        spelling.save(path)


def _indexable(corpus: Corpus, key: str):
    """The bundle `key` ("section/slug") if it exists and may ever be shown (not a draft), else None."""
    section, _, slug = key.partition("/")
    bundle = corpus.bundle(section, slug)
    return bundle if bundle is not None and not bundle.primary.draft else None
