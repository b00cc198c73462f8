"""Foundation benchmark: start-up, memory and HTTP throughput of the portal under gunicorn.

For the demo corpus and a generated corpus (bench/corpus.py) it starts gunicorn on 127.0.0.1 with
PORTAL_CONTENT_DIR set and measures
  - start-up: from launching gunicorn to the first 200 of /de/, cold (a fresh instance folder: every
    file parsed) and warm (a restart: parsed bundles come from the instance folder's content cache),
  - memory: VmRSS of every worker (and the master) when idle after start-up, and after the load,
  - requests/s and latency percentiles for the home page, a list page (studies, page 2), a
    detail page (one study) and, for information, study pages spread over all studies,
    measured by a load generator in another process (threads with keep-alive connections).

    .venv/bin/python bench/foundation_bench.py                      # demo + 10,000 documents
    .venv/bin/python bench/foundation_bench.py --corpus generated --docs 2000 --duration 5

Not a test: pytest never collects it (testpaths = tests). Results go to stdout and bench/results/.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
PYTHON = sys.executable
TARGETS = {"startup_s": 3.0, "worker_rss_mb": 250.0, "detail_rps": 300.0, "detail_p95_ms": 20.0}


# --- the load generator (runs in its own process) -------------------------------------------

def load_client(host: str, port: int, paths: list[str], index: int, start_at: float, duration: float) -> dict:
    """One keep-alive connection in a closed loop from `start_at` (wall clock) for `duration` s.

    Each connection runs in a process of its own: threads of one Python client would queue for
    its GIL and add their waiting to the latencies measured (up to 10 ms at p95 on 2 cores).
    """
    rng = random.Random(index)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    latencies: list[float] = []
    errors: list[str] = []
    stop_at = start_at + duration
    while True:
        t0 = time.time()
        if t0 >= stop_at:
            break
        path = paths[0] if len(paths) == 1 else rng.choice(paths)
        try:
            conn.request("GET", path, headers={"Accept-Language": "de"})
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
            status = f"{type(exc).__name__}"
        t1 = time.time()
        if t0 >= start_at:  # the warm-up fills caches and connections, then is forgotten
            if status == 200:
                latencies.append(t1 - t0)
            else:
                errors.append(f"{status} {path}")
    conn.close()
    return {"latencies": latencies, "errors": errors}


def run_load(port: int, paths: list[str], duration: float, concurrency: int, warmup: float) -> dict:
    """`concurrency` client processes (one connection each), started together; merged percentiles."""
    start_at = time.time() + warmup + 0.5  # the clients' start-up is not measured
    clients = []
    for index in range(concurrency):
        spec = json.dumps({"port": port, "paths": paths, "index": index, "start_at": start_at, "duration": duration})
        clients.append(subprocess.Popen([PYTHON, __file__, "--load-client", spec], stdout=subprocess.PIPE, text=True))
    latencies: list[float] = []
    errors: list[str] = []
    for client in clients:
        out, _ = client.communicate()
        if client.returncode:
            raise RuntimeError(f"a load client failed with exit code {client.returncode}")
        result = json.loads(out)
        latencies.extend(result["latencies"])
        errors.extend(result["errors"])
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 2) if latencies else float("nan")

    return {
        "requests": len(latencies),
        "errors": len(errors),
        "error_samples": errors[:5],
        "rps": round(len(latencies) / duration, 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2) if latencies else float("nan"),
    }


# --- gunicorn and /proc ---------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def get(port: int, path: str) -> int | None:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.status
    except OSError:
        return None


class Gunicorn:
    def __init__(self, content: Path, workers: int, threads: int, preload: bool):
        self.content = content
        self.workers = workers
        self.threads = threads
        self.preload = preload
        self.port = free_port()
        self.tmp = tempfile.TemporaryDirectory(prefix="portal-bench-")
        self.proc: subprocess.Popen | None = None

    def start(self) -> float:
        """Launch gunicorn; return the seconds until the first 200 of the home page."""
        env = {
            **os.environ,
            "PORTAL_CONTENT_DIR": str(self.content),
            "PORTAL_INSTANCE_DIR": self.tmp.name,
            "PORTAL_INDEX_DIR": str(Path(self.tmp.name) / "index"),
            "PORTAL_SECRET_KEY": "bench",
            "PORTAL_RATELIMIT_ENABLED": "0",
            "PORTAL_SEARCH_AUTOBUILD": "0",  # the search benchmark measures the index; here it would compete for the CPU
        }
        cmd = [PYTHON, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
               "--threads", str(self.threads), "--log-level", "warning", "wsgi:app"]
        if self.preload:
            cmd.insert(-1, "--preload")
        log = open(Path(self.tmp.name) / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process
        started = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        while time.perf_counter() - started < 120:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {(Path(self.tmp.name) / 'gunicorn.log').read_text()[-2000:]}")
            if get(self.port, "/de/") == 200:
                return time.perf_counter() - started
            time.sleep(0.02)
        raise RuntimeError("gunicorn gave no 200 within 120 s")

    def worker_pids(self) -> list[int]:
        return children(self.proc.pid)

    def wait_idle(self, quiet: float = 0.6, limit: float = 120) -> float:
        """Wait until all workers exist and burn no CPU (every one has loaded the corpus)."""
        started = time.perf_counter()
        last: dict[int, int] = {}
        still_since = None
        while time.perf_counter() - started < limit:
            pids = self.worker_pids()
            ticks = {pid: cpu_ticks(pid) for pid in pids}
            if len(pids) == self.workers and ticks == last:
                still_since = still_since or time.perf_counter()
                if time.perf_counter() - still_since >= quiet:
                    return time.perf_counter() - started
            else:
                still_since = None
            last = ticks
            time.sleep(0.1)
        return time.perf_counter() - started

    def memory(self) -> dict:
        return {"master_mb": rss_mb(self.proc.pid), "workers_mb": [rss_mb(pid) for pid in self.worker_pids()]}

    def stop(self, cleanup: bool = True) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if cleanup:
            self.tmp.cleanup()


# --- one corpus -----------------------------------------------------------------------------

def corpus_facts(content: Path) -> dict:
    """Bundles, language files and bytes of text, and the study slugs to request."""
    bundles = files = text_bytes = 0
    studies: list[tuple[int, str]] = []
    for section in sorted(p for p in content.iterdir() if p.is_dir()):
        for bundle in section.iterdir():
            texts = list(bundle.glob("index.*.md"))
            if not texts:
                continue
            bundles += 1
            files += len(texts)
            size = sum(t.stat().st_size for t in texts)
            text_bytes += size
            if section.name == "studies":
                studies.append((size, bundle.name))
    studies.sort()
    return {"bundles": bundles, "language_files": files, "text_mb": round(text_bytes / 1e6, 1),
            "study_slugs": [slug for _, slug in studies]}


def visible_study_slugs(port: int, slugs: list[str]) -> list[str]:
    """Drop drafts and scheduled studies (they answer 404)."""
    return [s for s in slugs if get(port, f"/de/studien/{s}/") == 200]


def bench_corpus(name: str, content: Path, args) -> dict:
    facts = corpus_facts(content)
    print(f"\n== {name}: {facts['bundles']} bundles, {facts['language_files']} language files, "
          f"{facts['text_mb']} MB of Markdown ({content})", flush=True)
    server = Gunicorn(content, args.workers, args.threads, args.preload)
    try:
        load_before = os.getloadavg()[0]
        # cold: a fresh instance folder, every file parsed; warm: a restart, parsed bundles cached there
        cold = server.start()
        cold_settle = server.wait_idle()
        print(f"cold start-up to first 200: {cold:.2f} s (all {args.workers} workers idle after {cold_settle:.1f} s more)", flush=True)
        server.stop(cleanup=False)
        startup = server.start()
        settle = server.wait_idle()
        idle = server.memory()
        print(f"warm start-up to first 200: {startup:.2f} s (all {args.workers} workers idle after {settle:.1f} s more); "
              f"RSS master {idle['master_mb']} MB, workers {idle['workers_mb']} MB", flush=True)
        slugs = facts["study_slugs"]
        # the median-sized study for the single detail page; a sample of all studies for the spread
        candidates = slugs[len(slugs) // 2:] + slugs[: len(slugs) // 2]
        detail = next(s for s in candidates if get(server.port, f"/de/studien/{s}/") == 200)
        spread = visible_study_slugs(server.port, random.Random(7).sample(slugs, min(len(slugs), args.spread)))
        endpoints = {
            "home /de/": ["/de/"],
            "list /de/studien/?page=2": ["/de/studien/?page=2"],
            f"detail /de/studien/{detail}/": [f"/de/studien/{detail}/"],
            f"detail, {len(spread)} studies at random": [f"/de/studien/{s}/" for s in spread],
        }
        results = {}
        wanted = [w.strip() for w in args.endpoints.split(",") if w.strip()]
        for label, paths in endpoints.items():
            if wanted and not any(label.startswith(w) for w in wanted):
                continue
            result = run_load(server.port, paths, args.duration, args.concurrency, args.warmup)
            result["loadavg"] = round(os.getloadavg()[0], 2)
            results[label] = result
            print(f"{label:55s} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:6.2f} ms  p95 {result['p95_ms']:6.2f} ms  "
                  f"p99 {result['p99_ms']:6.2f} ms  errors {result['errors']}  (load avg {result['loadavg']})", flush=True)
        after = server.memory()
        print(f"RSS after the load: master {after['master_mb']} MB, workers {after['workers_mb']} MB", flush=True)
        return {"corpus": name, "content": str(content), **{k: v for k, v in facts.items() if k != "study_slugs"},
                "cold_startup_s": round(cold, 3), "startup_s": round(startup, 3), "settle_s": round(settle, 2), "memory_idle": idle,
                "memory_after_load": after, "endpoints": results, "loadavg_before": round(load_before, 2)}
    finally:
        server.stop()


def generated_corpus(n: int, seed: int) -> Path:
    """Generate once and reuse (bench/results/ is ignored by git)."""
    sys.path.insert(0, str(REPO / "bench"))
    from corpus import generate

    root = RESULTS / f"corpus-{n}-seed{seed}"
    marker = root / ".generated"
    if not marker.exists():
        started = time.perf_counter()
        generate(root, n, seed)
        marker.write_text(f"{n} {seed}\n")
        print(f"generated {n} bundles in {time.perf_counter() - started:.1f} s", flush=True)
    return root


def verdict(report: dict) -> list[str]:
    lines = []
    detail = next((v for k, v in report["endpoints"].items() if k.startswith("detail /")), None)
    checks = [
        ("start-up (warm)", report["startup_s"], "<", TARGETS["startup_s"], "s"),
        ("start-up (cold)", report["cold_startup_s"], "<", TARGETS["startup_s"], "s"),
        ("worker RSS (max, after load)", max(report["memory_after_load"]["workers_mb"]), "<", TARGETS["worker_rss_mb"], "MB"),
    ]
    if detail is not None:
        checks += [("detail req/s", detail["rps"], ">=", TARGETS["detail_rps"], ""),
                   ("detail p95", detail["p95_ms"], "<", TARGETS["detail_p95_ms"], "ms")]
    for name, value, op, target, unit in checks:
        ok = value < target if op == "<" else value >= target
        lines.append(f"  {'met   ' if ok else 'MISSED'} {name}: {value} {unit} (target {op} {target} {unit})")
    return lines


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--load-client":
        spec = json.loads(sys.argv[2])
        print(json.dumps(load_client("127.0.0.1", spec["port"], spec["paths"], spec["index"], spec["start_at"], spec["duration"])))
        return
    parser = argparse.ArgumentParser(description="Start-up, memory and HTTP throughput of the portal under gunicorn.")
    parser.add_argument("--corpus", default="demo,generated", help="demo, generated or both (comma-separated)")
    parser.add_argument("--demo-dir", type=Path, default=REPO / "content", help="the demo corpus (default: content/)")
    parser.add_argument("--docs", type=int, default=10_000, help="bundles in the generated corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--preload", action="store_true", help="gunicorn --preload (load once, fork workers)")
    parser.add_argument("--endpoints", default="", help="only these (comma-separated prefixes: home, list, detail)")
    parser.add_argument("--concurrency", type=int, default=4, help="keep-alive connections of the load generator")
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per endpoint")
    parser.add_argument("--warmup", type=float, default=1.0, help="unmeasured seconds before each measurement")
    parser.add_argument("--spread", type=int, default=500, help="studies requested at random in the spread run")
    args = parser.parse_args()

    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; gunicorn {args.workers} workers x "
          f"{args.threads} threads{' --preload' if args.preload else ''}; load generator: {args.concurrency} "
          f"keep-alive connections, {args.warmup} s warm-up + {args.duration} s per endpoint", flush=True)
    reports = []
    for name in [c.strip() for c in args.corpus.split(",") if c.strip()]:
        content = args.demo_dir if name == "demo" else generated_corpus(args.docs, args.seed)
        reports.append(bench_corpus(name if name == "demo" else f"generated {args.docs}", content.resolve(), args))
        print("\n".join(verdict(reports[-1])), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"foundation-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()}, "reports": reports}, indent=2))
    print(f"\nwritten to {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
