"""Full search-index build alone: wall time, CPU of this process and of its worker processes.

    .venv/bin/python bench/search_build_bench.py CONTENT_DIR [--profile out.prof]

CONTENT_DIR is a corpus written by bench/corpus.py (it is only read). The index goes to a
temporary directory that is removed afterwards. The machine's load average is printed before
and after, since the two cores are shared. Not part of the test suite.
"""
from __future__ import annotations

import argparse
import cProfile
import logging
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.content.store import ContentStore  # noqa: E402
from portal.search.index import IndexManager  # noqa: E402


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", type=Path)
    parser.add_argument("--profile", type=Path, help="write a cProfile of this process's part of the build")
    parser.add_argument("--keep", type=Path, help="build into this directory and keep it")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")  # the build logs its workers' shares and CPU
    store = ContentStore(args.content, reload_seconds=-1)
    print(f"documents: {store.corpus.count()}; load average before: {os.getloadavg()}")
    root = args.keep or Path(tempfile.mkdtemp(prefix="search-build-"))
    manager = IndexManager(root)
    profiler = cProfile.Profile() if args.profile else None
    wall, cpu, child = time.perf_counter(), time.process_time(), children_cpu()
    with manager.write_lock():
        if profiler:
            profiler.enable()
        count = manager.build(store.corpus)
        if profiler:
            profiler.disable()
    wall, cpu, child = time.perf_counter() - wall, time.process_time() - cpu, children_cpu() - child
    path = manager.current_path()
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    print(f"built {count} documents in {wall:.1f} s wall; CPU {cpu:.1f} s this process + {child:.1f} s "
          f"worker processes; index {size / 1024 / 1024:.1f} MB; load average after: {os.getloadavg()}")
    print(f"peak memory (max RSS): this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
          f"largest worker {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
    if profiler:
        profiler.dump_stats(args.profile)
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
