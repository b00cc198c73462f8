"""Relevance benchmark: nDCG@10, MRR and first-hit-right of the portal's search against two baselines.

    .venv/bin/python bench/relevance/relevance.py [--content content] [--queries bench/relevance/queries.yml]
                                                  [--only de,en] [--show]

The judged queries (queries.yml) are run, in one process and on the same corpus, against
- portal: the portal's own search (portal/search: build, SearchService) as a visitor of that language gets it;
- whoosh: plain Whoosh 2.7 with its stock LanguageAnalyzer (Snowball stemming) per language, BM25F,
  title/summary/body/pdf fields of both languages through a MultifieldParser (its default AND);
- fts5: SQLite FTS5, bm25 over the same four columns, tokenize 'unicode61 remove_diacritics 2', the
  query's words AND-ed.
All three see exactly the same texts (the portal's documents for the search index) and the same visible
items (no drafts, nothing scheduled after the benchmark's clock, 2026-12-02 12:00 Europe/Berlin, the date
the judgements were written for).

Metrics, per query, then averaged: nDCG@10 (gain 2^grade - 1, ideal order from the judgements),
MRR (reciprocal rank of the first hit graded 2 or 3, within 10) and first hit right (the first hit has
the query's highest grade). Numbers are printed, never asserted.
"""
from __future__ import annotations

import argparse
import math
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=ZoneInfo("Europe/Berlin")).timestamp()
TOP = 10
TEXT_PARTS = ("title", "summary", "body", "pdf")
Search = Callable[[str, str], list[str]]  # (query, page language) -> keys of the first hits


def load_queries(path: Path) -> list[dict]:
    queries = yaml.safe_load(path.read_text(encoding="utf-8"))
    for q in queries:
        q["q"] = str(q["q"])
    return queries


# metrics ------------------------------------------------------------------------------------
def ndcg(found: list[str], judged: dict[str, int], k: int = TOP) -> float:
    dcg = sum((2 ** judged.get(key, 0) - 1) / math.log2(rank + 2) for rank, key in enumerate(found[:k]))
    ideal = sorted(judged.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(rank + 2) for rank, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def reciprocal_rank(found: list[str], judged: dict[str, int], k: int = TOP) -> float:
    for rank, key in enumerate(found[:k], start=1):
        if judged.get(key, 0) >= 2:
            return 1.0 / rank
    return 0.0


def first_right(found: list[str], judged: dict[str, int]) -> bool:
    return bool(found) and judged.get(found[0], 0) == max(judged.values())


def evaluate(search: Search, queries: list[dict]) -> dict:
    rows = []
    for q in queries:
        found = search(q["q"], q["lang"])
        rows.append({"q": q["q"], "lang": q["lang"], "found": found, "ndcg": ndcg(found, q["judged"]),
                     "rr": reciprocal_rank(found, q["judged"]), "first": first_right(found, q["judged"])})
    n = len(rows) or 1
    return {"rows": rows, "ndcg": sum(r["ndcg"] for r in rows) / n, "mrr": sum(r["rr"] for r in rows) / n,
            "first": sum(r["first"] for r in rows) / n}


# the corpus the three systems share -----------------------------------------------------------
def visible_documents(store) -> list[dict]:
    """The portal's index documents for the items visible at NOW (text fields per language)."""
    from portal.search.compounds import Splitter
    from portal.search.documents import indexable, make_document

    docs = []
    for bundle in indexable(store.corpus):
        date = bundle.primary.date
        if date is not None and date.timestamp() > NOW:
            continue
        docs.append(make_document(bundle, Splitter(set())))
    return docs


# the portal ------------------------------------------------------------------------------------
def portal_search(store, folder: Path) -> Search:
    from portal.search import engine
    from portal.search.engine import SearchRequest, SearchService
    from portal.search.index import IndexManager

    manager = IndexManager(folder)
    with manager.write_lock(timeout=30):
        manager.build(store.corpus)
    try:
        from portal.search.synonyms import SynonymSource

        service = SearchService(manager, synonyms=SynonymSource(store.root))
    except ImportError:  # the search before issue 14
        service = SearchService(manager)
    engine.clock = lambda: NOW  # the judgements' date: what is scheduled, what is upcoming

    def search(q: str, lang: str) -> list[str]:
        return [hit.key for hit in service.search(SearchRequest(q=q, lang=lang, per_page=TOP)).hits]

    return search


# plain Whoosh -----------------------------------------------------------------------------------
def whoosh_search(docs: list[dict], folder: Path) -> Search:
    from whoosh import fields, index
    from whoosh.analysis import LanguageAnalyzer
    from whoosh.qparser import MultifieldParser

    schema = fields.Schema(key=fields.ID(stored=True, unique=True))
    names = []
    for lang in ("de", "en"):
        for part in TEXT_PARTS:
            name = f"{part}_{lang}"
            names.append(name)
            schema.add(name, fields.TEXT(analyzer=LanguageAnalyzer(lang)))
    folder.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(folder), schema)
    with ix.writer() as writer:
        for doc in docs:
            writer.add_document(key=doc["key"], **{n: doc[n] for n in names if doc.get(n)})
    parser = MultifieldParser(names, ix.schema)
    searcher = ix.searcher()

    def search(q: str, lang: str) -> list[str]:
        try:
            query = parser.parse(q)
        except Exception:  # the stock parser raises on some input; count it as no hits
            return []
        return [hit["key"] for hit in searcher.search(query, limit=TOP)]

    return search


# SQLite FTS5 ------------------------------------------------------------------------------------
def fts5_search(docs: list[dict]) -> Search:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, title, summary, body, pdf, "
                "tokenize='unicode61 remove_diacritics 2')")
    for doc in docs:
        values = [" ".join(doc.get(f"{part}_{lang}", "") for lang in ("de", "en")) for part in TEXT_PARTS]
        con.execute("INSERT INTO docs(key, title, summary, body, pdf) VALUES (?,?,?,?,?)", [doc["key"], *values])

    def search(q: str, lang: str) -> list[str]:
        words = re.findall(r"\w+", q)
        if not words:
            return []
        match = " ".join('"' + w.replace('"', "") + '"' for w in words)
        rows = con.execute("SELECT key FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (match, TOP))
        return [key for (key,) in rows]

    return search


# running --------------------------------------------------------------------------------------
def run(content: Path, queries: list[dict], work: Path, systems=("portal", "whoosh", "fts5")) -> dict[str, dict]:
    from portal.content.store import ContentStore

    store = ContentStore(content, reload_seconds=-1)
    docs = visible_documents(store)
    makers = {
        "portal": lambda: portal_search(store, work / "portal"),
        "whoosh": lambda: whoosh_search(docs, work / "whoosh"),
        "fts5": lambda: fts5_search(docs),
    }
    from portal.search import engine

    clock = engine.clock
    try:
        return {name: evaluate(makers[name](), queries) for name in systems}
    finally:
        engine.clock = clock  # portal_search fixed it at NOW


def table(results: dict[str, dict], queries: list[dict]) -> str:
    lines = [f"{'':22}" + "".join(f"{name:>10}" for name in results)]
    subsets = {"all": lambda q: True, "German": lambda q: q["lang"] == "de", "English": lambda q: q["lang"] == "en"}
    for label, keep in subsets.items():
        chosen = [i for i, q in enumerate(queries) if keep(q)]
        if not chosen:
            continue
        for metric, title in (("ndcg", "nDCG@10"), ("rr", "MRR"), ("first", "first hit right")):
            cells = []
            for result in results.values():
                values = [float(result["rows"][i][metric]) for i in chosen]
                cells.append(f"{sum(values) / len(values):10.3f}")
            lines.append(f"{label + ' ' + title:22}" + "".join(cells))
        lines.append(f"{'  (' + str(len(chosen)) + ' queries)':22}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--queries", type=Path, default=Path(__file__).with_name("queries.yml"))
    parser.add_argument("--only", default="de,en", help="languages of the queries to run")
    parser.add_argument("--show", action="store_true", help="list each query's first hits and scores")
    args = parser.parse_args()
    queries = [q for q in load_queries(args.queries) if q["lang"] in args.only.split(",")]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        results = run(args.content, queries, Path(tmp))
    print(f"relevance of {len(queries)} judged queries, {datetime.now():%Y-%m-%d %H:%M} "
          f"({time.perf_counter() - started:.0f} s)")
    print(table(results, queries))
    if args.show:
        for i, q in enumerate(queries):
            print(f"\n[{q['lang']}] {q['q']}")
            for name, result in results.items():
                row = result["rows"][i]
                marks = " ".join(str(q["judged"].get(k, 0)) for k in row["found"])
                print(f"  {name:7} ndcg {row['ndcg']:.2f} first {'+' if row['first'] else '-'}  {marks}  "
                      f"{', '.join(k.split('/')[1][:22] for k in row['found'][:3])}")


if __name__ == "__main__":
    main()
