"""Monitoring benchmark: a generated catalogue of 200 indicators x 9 regions x 15 years (a quarter
with a breakdown by sex, most weighted by a population indicator), measured

  - in process: the first load of all data (content load with data.csv, then every indicator's table
    and Revier value), and one chart drawing (vl-convert) for scale;
  - over HTTP (gunicorn -w 2, one client): p50/p95 of the indicator page, the comparison and the
    region profile, warm (each URL asked once before; the charts are then in the chart folder);
  - memory: each worker's RSS after its first request and after the run;
  - weight: an indicator page with its CSS and JS, gzip-compressed.

Numbers are printed, never asserted. Usage: .venv/bin/python bench/indicator_bench.py [--pages 20] [--runs 100]
"""
from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_bench import yardstick  # noqa: E402

REGIONS = ["burgenlandkreis", "saalekreis", "mansfeld-suedharz", "anhalt-bitterfeld", "halle-saale",
           "leipzig-stadt", "landkreis-leipzig", "nordsachsen", "altenburger-land"]
FIELDS = ["demografie-arbeitsmarkt", "fachkraefte", "bildungschancen", "bildungsuebergaenge", "daseinsvorsorge"]
YEARS = range(2009, 2024)


def generate(root: Path, count: int = 200, seed: int = 11) -> None:
    rng = random.Random(seed)
    shutil.copy(ROOT / "content" / "taxonomy.yml", root / "taxonomy.yml")
    import yaml

    taxonomy = yaml.safe_load((root / "taxonomy.yml").read_text(encoding="utf-8"))
    fields = list(taxonomy.get("indicator_fields", {})) or FIELDS
    regions = [k for k, v in taxonomy["regions"].items() if isinstance(v, dict) and v.get("ags")] or REGIONS
    stages = list(taxonomy.get("education_stages", {}))
    for i in range(count):
        slug = "bevoelkerung" if i == 0 else f"kennzahl-{i:03d}"
        folder = root / "indicators" / slug
        folder.mkdir(parents=True)
        breakdown = i % 4 == 1
        aggregate = "sum" if i == 0 or i % 10 == 5 else "weighted"
        unit = "Anzahl" if aggregate == "sum" else "%"
        extra = "weight_by: bevoelkerung\n" if aggregate == "weighted" else ""
        if breakdown:
            extra += "breakdowns:\n  sex:\n    de: Geschlecht\n    en: Sex\n    values:\n      w: {de: Frauen, en: Women}\n      m: {de: Männer, en: Men}\n"
        stage = f"stage: {stages[i % len(stages)]}\n" if stages else ""
        (folder / "index.de.md").write_text(
            f"---\ntitle: Kennzahl {i}\ndate: 2025-01-01\nnumber: K-{i + 1:03d}\nfield: {fields[i % len(fields)]}\n{stage}"
            f"unit: \"{unit}\"\ndefinition: \"Zähler / Nenner\"\nsource: \"Regionaldatenbank Deutschland, Tabelle {i:05d}\"\n"
            f"aggregate: {aggregate}\ndirection: {rng.choice(['higher_is_better', 'lower_is_better', 'neutral'])}\n"
            f"decimals: {0 if unit == 'Anzahl' else 1}\nlicence: dl-de/by-2-0\nsample_data: true\n{extra}---\n\nGeneriert.\n",
            encoding="utf-8")
        lines = ["region,year,sex,value,note" if breakdown else "region,year,value,note"]
        for region in regions:
            level = rng.uniform(50_000, 600_000) if unit == "Anzahl" else rng.uniform(5, 60)
            for year in YEARS:
                level *= rng.uniform(0.97, 1.03)
                if breakdown:
                    lines += [f"{region},{year},w,{level * 0.95:.1f},", f"{region},{year},m,{level * 1.05:.1f},"]
                else:
                    lines.append(f"{region},{year},{level:.0f}," if unit == "Anzahl" else f"{region},{year},{level:.1f},")
        (folder / "data.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def first_load(root: Path) -> tuple[float, int]:
    import portal  # noqa: F401 - imported before the clock starts (a worker has it loaded already)
    from portal.content.loader import Loader
    from portal.indicators.catalogue import Catalogue

    started = time.perf_counter()
    corpus = Loader(root).load()
    cat = Catalogue(corpus)
    tables = 0
    for bundle in corpus.all("indicators"):
        data = cat.data(bundle.primary)
        data.table()
        tables += 1
        for column in data.columns:
            for value in data.choices[column]:
                data.table((value,))
                tables += 1
    return time.perf_counter() - started, tables


def one_drawing() -> float:
    from portal.indicators import charts, render

    series = [{"key": r, "label": r, "points": [(y, 10.0 + i + (y - 2009) * 0.2) for y in YEARS]} for i, r in enumerate(REGIONS)]
    spec = charts.line(series, title="T", description="D", source="S", unit="%", decimals=1, lang="de")
    started = time.perf_counter()
    render.draw_svg(spec, "de")
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port: int, path: str) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=120) as response:
            body, status = response.read(), response.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    return status, body, (time.perf_counter() - started) * 1000


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def workers(master: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().split(")")[1].split()[1]) == master:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                pass
    return sorted(found)


def pct(values: list[float]) -> str:
    ordered = sorted(values)
    return f"p50 {ordered[len(ordered) // 2]:6.1f} ms   p95 {ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20, help="indicator pages measured (each drawn once before)")
    parser.add_argument("--runs", type=int, default=100, help="requests per page type")
    args = parser.parse_args()
    print(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "·", yardstick(), "· load", os.getloadavg())
    tmp = Path(tempfile.mkdtemp(prefix="indicator-bench-"))
    content = tmp / "content"
    (content / "indicators").mkdir(parents=True)
    generate(content)
    seconds, tables = first_load(content)
    print(f"first load of all data: {seconds * 1000:.0f} ms (200 indicators x 9 regions x 15 years, {tables} tables)")
    print(f"one line chart drawn by vl-convert: {one_drawing() * 1000:.0f} ms")

    port = free_port()
    env = {**os.environ, "PORTAL_CONTENT_DIR": str(content), "PORTAL_INSTANCE_DIR": str(tmp / "instance"),
           "PORTAL_INDEX_DIR": str(tmp / "index"), "PORTAL_SEARCH_AUTOBUILD": "0", "PORTAL_RATELIMIT_ENABLED": "0",
           "PORTAL_CHART_CACHE_DIR": str(tmp / "charts"), "PORTAL_SECRET_KEY": "bench",
           "PORTAL_CHART_DRAWER_IDLE_SECONDS": "5"}
    log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
                              cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        for _ in range(600):
            try:
                if fetch(port, "/de/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        pids = workers(server.pid)
        booted = {pid: rss_mb(pid) for pid in pids}
        rng = random.Random(3)
        slugs = ["bevoelkerung"] + [f"kennzahl-{i:03d}" for i in rng.sample(range(1, 200), args.pages - 1)]
        pages = {
            "indicator page": [f"/de/kennzahlen/{s}/" for s in slugs],
            "comparison": [f"/de/kennzahlenvergleich/?indicator={s}&regions=saalekreis&regions=halle-saale&from=2012" for s in slugs[:10]]
            + [f"/de/kennzahlenvergleich/?mode=region&region=saalekreis&indicators=bevoelkerung,{s}" for s in slugs[1:11]],
            "region profile": [f"/de/regionen/{r}/" for r in REGIONS],
        }
        started = time.perf_counter()
        for paths in pages.values():
            for path in paths:
                status, _, _ = fetch(port, path)
                assert status == 200, (path, status)
        print(f"warm-up (every URL once, charts drawn): {time.perf_counter() - started:.1f} s")
        for paths in pages.values():  # again, so that both workers have seen each URL
            for path in paths * 3:
                fetch(port, path)
        before = {pid: rss_mb(pid) for pid in pids}
        for name, paths in pages.items():
            times = [fetch(port, paths[i % len(paths)])[2] for i in range(args.runs)]
            print(f"{name:15s} over HTTP (gunicorn -w 2, warm): {pct(times)}")
        after = {pid: rss_mb(pid) for pid in pids}
        for pid in pids:
            print(f"worker {pid}: RSS {booted[pid]:.0f} MB booted, {before[pid]:.0f} MB after warm-up, "
                  f"{after[pid]:.0f} MB after the run: +{after[pid] - booted[pid]:.0f} MB")
        drawing = [child for pid in pids for child in workers(pid)]
        print(f"drawing processes (vl-convert, children of the workers) after the run: "
              f"{', '.join(f'{rss_mb(c):.0f} MB' for c in drawing) or 'none'}")
        deadline = time.monotonic() + 60
        while any(workers(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.5)
        print(f"drawing processes left 60 s after the last drawing (idle limit 5 s): {sum(len(workers(p)) for p in pids)}; "
              f"workers {', '.join(f'{rss_mb(p):.0f} MB' for p in pids)}")
        weigh(port)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print(yardstick())


def weigh(port: int) -> None:
    status, html, _ = fetch(port, "/de/kennzahlen/bevoelkerung/")
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    total = len(gzip.compress(html, 6))
    parts = [f"HTML {len(html) / 1024:.0f} KB -> {total / 1024:.1f} KB"]
    for asset in dict.fromkeys(assets):
        body = fetch(port, asset.decode())[1]
        size = len(gzip.compress(body, 6))
        total += size
        parts.append(f"{asset.decode().rsplit('/', 1)[1]} {size / 1024:.1f} KB")
    print(f"indicator page weight, gzip: {total / 1024:.1f} KB in total ({', '.join(parts)}; charts and map are inline SVG)")


if __name__ == "__main__":
    main()
