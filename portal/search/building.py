"""Full builds: bundles into segments of a new index, on every core for a large corpus.

Each worker process takes one contiguous share of the bundles (shares balanced by an estimate
of their work), prepares its documents (Markdown, PDFs, compound parts) and indexes them into
its own segment of the new index; this process then commits the segments together. Whoosh
reads an index of several segments as one, with document numbers in the order of the shares,
so the numbering (and every ranking tie-break) is that of a build in one process. Whoosh's own
multiprocessing writer instead merges the workers' postings into one segment at the end, in
one process, which took as long as the indexing it had shared out (SEARCH-NOTES.md).

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

from .compounds import Splitter, vocabulary_of, word_counts
from .documents import build_cost, content_hash, make_document, vocabulary_texts
from .spelling import Spelling, doc_words
from .writer import BuildWriter

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


def add_bundles(writer, bundles: list, splitter: Splitter, make=make_document) -> Built:
    """Prepare and index `bundles` in order; the content hashes and word forms of what was added."""
    built = Built(splitter.vocab)
    for bundle in bundles:
        doc = make(bundle, splitter)
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


def build_segments(target: Path, bundles: list, workers: int) -> Built:
    """Index `bundles` into the fresh index at `target` with `workers` processes, one segment each.

    "spawn", not "fork": the portal may build from a thread. If a worker fails, the others are
    stopped and BuildFailed is raised; the caller removes the directory.
    """
    context = multiprocessing.get_context("spawn")
    running: list[tuple] = []
    try:
        for share in shares(bundles, workers):
            mine, theirs = context.Pipe()
            process = context.Process(target=_work, args=(theirs, str(target), share), daemon=True,
                                      name="search-build")
            process.start()
            theirs.close()  # so that a dying worker shows as EOF here
            running.append((process, mine))
        counts: Counter[str] = Counter()
        for process, conn in running:
            counts.update(_receive(process, conn))
        vocab = vocabulary_of(counts)
        for _, conn in running:
            conn.send(vocab)
        built = Built(vocab)
        segments, cpu = [], []
        for process, conn in running:
            segment, hashes, forms, seconds = _receive(process, conn)
            segments.append(segment)
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
    _commit(target, segments)
    log.info("search: %d documents indexed by %d worker processes (documents %s, CPU %s s)", len(built.hashes),
             len(segments), [s.doc_count_all() for s in segments], [round(c, 1) for c in cpu])
    return built


def _receive(process, conn):
    try:
        message = conn.recv()
    except EOFError:
        raise BuildFailed(f"search build worker {process.pid} died (exit code {process.exitcode})") from None
    if isinstance(message, BaseException):
        raise BuildFailed(f"search build worker failed: {message}") from message
    return message


def _commit(target: Path, segments: list) -> None:
    """One table of contents for the workers' segments, in share order (as Whoosh's MpWriter does)."""
    ix = whoosh_index.open_dir(str(target))
    writer = ix.writer()
    try:
        writer._close_segment()  # this writer's own segment stays empty and is not listed
        writer._commit_toc(segments)
    finally:
        writer._finish()
        ix.close()


def _work(conn, target: str, bundles: list) -> None:
    """In a worker process: count the share's words, wait for the vocabulary, index the share."""
    try:
        conn.send(word_counts(vocabulary_texts(bundles)))
        splitter = Splitter(conn.recv())
        ix = whoosh_index.open_dir(target)
        writer = BuildWriter(ix, _lk=False)  # the parent's flock guards the build
        built = add_bundles(writer, bundles, splitter)
        segment = writer._finalize_segment()
        conn.send((segment, built.hashes, built.spelling.counts, time.process_time()))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises
        conn.send(BuildFailed(f"{error!r}\n{traceback.format_exc()}"))
    finally:
        conn.close()
