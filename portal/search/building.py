"""Full builds: bundles into a new index, on every core for a large corpus.

Each worker process takes one contiguous share of the bundles (shares balanced by an estimate
of their work), prepares its documents (Markdown, PDFs, compound parts), analyses them and
encodes their posting lists; this process then joins the shares into the index's one segment
(shares.py), with document numbers in share order, so the index answers exactly as one built
in a single process. Whoosh's own multiprocessing writer instead sends the workers' postings
through its pool and writes every one of them again in one process at the end, which took as
long as the work it had shared out (SEARCH-NOTES.md).

The compound vocabulary must be complete before any document is split, so the workers first
count the words of their shares, this process adds the counts up and sends the vocabulary back.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec import default_codec

from .compounds import Splitter, vocabulary_of, word_counts
from .documents import build_cost, content_hash, make_document, vocabulary_texts
from .shares import JoinWriter, ShareWriter
from .spelling import Spelling, doc_words
from .texts import TextCache

log = logging.getLogger(__name__)

MAX_WORKERS = 4


def worker_count() -> int:
    """Processes for a large build: one per core (this process only waits for them)."""
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


class BuildFailed(RuntimeError):
    """A build worker raised or died; the half-built index is discarded."""


@dataclass
class Built:
    vocab: set[str]
    hashes: dict[str, str] = field(default_factory=dict)  # key -> content hash, in index order
    spelling: Spelling = field(default_factory=Spelling)
    texts_used: set[str] = field(default_factory=set)  # the keys of the text cache the build read or wrote


def add_bundles(writer, bundles: list, splitter: Splitter, make=make_document, texts: TextCache | None = None) -> Built:
    """Prepare and index `bundles` in order; the content hashes and word forms of what was added."""
    built = Built(splitter.vocab)
    for bundle in bundles:
        doc = make(bundle, splitter) if texts is None else make(bundle, splitter, cache=texts)
        writer.add_document(**doc)
        built.spelling.add(doc_words(doc))
        built.hashes[doc["key"]] = content_hash(bundle)
    return built


def shares(bundles: list, count: int) -> list[list]:
    """`count` contiguous slices of `bundles` with about equal estimated work (none empty)."""
    count = max(1, min(count, len(bundles)))
    costs = [max(1, build_cost(bundle)) for bundle in bundles]
    total = sum(costs)
    cuts = [0]
    running = 0
    for index, cost in enumerate(costs):
        running += cost
        while len(cuts) < count and running >= total * len(cuts) / count:
            cuts.append(min(index + 1, len(bundles) - (count - len(cuts))))
    cuts = sorted(set(cuts[:count])) + [len(bundles)]
    return [bundles[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


def build_in_workers(target: Path, bundles: list, workers: int, texts: Path | None = None) -> Built:
    """Index `bundles` into the fresh index at `target` with `workers` processes and join their shares;
    `texts`: the text cache (texts.py) they share.

    "spawn", not "fork": the portal may build from a thread. If a worker fails, the others are
    stopped and BuildFailed is raised; the caller removes the directory.
    """
    context = multiprocessing.get_context("spawn")
    running: list[tuple] = []
    began = time.monotonic()
    try:
        base = 0
        for number, share in enumerate(shares(bundles, workers)):
            mine, theirs = context.Pipe()
            path = target / f".share-{number}.pst"
            process = context.Process(target=_work, args=(theirs, str(target), share, base, str(path), texts),
                                      daemon=True, name="search-build")
            process.start()
            theirs.close()  # so that a dying worker shows as EOF here
            running.append((process, mine))
            base += len(share)
        counts: Counter[str] = Counter()
        for process, conn in running:
            counts.update(_receive(process, conn))
        counted = time.monotonic() - began
        vocab = vocabulary_of(counts)
        for _, conn in running:
            conn.send(vocab)
        built = Built(vocab)
        parts, cpu = [], []
        for process, conn in running:
            part, hashes, forms, seconds, used = _receive(process, conn)
            parts.append(part)
            built.texts_used.update(used)
            built.hashes.update(hashes)
            built.spelling.counts.update(forms)
            cpu.append(seconds)
            process.join()
    finally:
        for process, conn in running:
            if process.is_alive():
                process.terminate()
            process.join()
            conn.close()
    indexed = time.monotonic() - began
    started, sizes = time.process_time(), [len(part.records) for part in parts]
    ix = whoosh_index.open_dir(str(target))
    writer = JoinWriter(ix, parts)
    writer.commit()
    ix.close()
    for part in parts:
        os.unlink(part.path)
    log.info("search: %d documents indexed by %d worker processes (documents %s, CPU %s s; words counted after "
             "%.1f s, indexed after %.1f s), joined in %.1f s (%.1f s CPU)", len(built.hashes), len(parts), sizes,
             [round(c, 1) for c in cpu], counted, indexed, time.monotonic() - began - indexed,
             time.process_time() - started)
    return built


def _receive(process, conn):
    try:
        message = conn.recv()
    except EOFError:
        raise BuildFailed(f"search build worker {process.pid} died (exit code {process.exitcode})") from None
    if isinstance(message, BaseException):
        raise BuildFailed(f"search build worker failed: {message}") from message
    return message


def _work(conn, target: str, bundles: list, base: int, path: str, texts_path: Path | None) -> None:
    """In a worker process: count the share's words, wait for the vocabulary, index the share."""
    try:
        conn.send(word_counts(vocabulary_texts(bundles)))
        splitter = Splitter(conn.recv())
        ix = whoosh_index.open_dir(target)
        writer = ShareWriter(ix.schema, default_codec(), base)
        with TextCache(texts_path) as texts:
            built = add_bundles(writer, bundles, splitter, texts=texts)
        conn.send((writer.finish(Path(path)), built.hashes, built.spelling.counts, time.process_time(), texts.used))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises
        conn.send(BuildFailed(f"{error!r}\n{traceback.format_exc()}"))
    finally:
        conn.close()
