"""What the noun lexicon costs compound splitting: `Splitter.parts_text` over the same texts with the
lexicon and with the corpus's own nouns only, in turn, twice. Prints CPU seconds and how much parts
text each finds (indexing that text is the rest of the lexicon's cost in a build).

    .venv/bin/python bench/lexicon_bench.py [CONTENT_DIR] [--bundles 2000]

CONTENT_DIR defaults to the corpus foundation_bench.py generates (bench/results/corpus-10000-seed1).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.content.store import ContentStore  # noqa: E402
from portal.search.compounds import Splitter, vocabulary_of, word_counts  # noqa: E402
from portal.search.documents import vocabulary_texts  # noqa: E402
from portal.search.lexicon import nouns  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", type=Path, nargs="?", default=ROOT / "bench" / "results" / "corpus-10000-seed1")
    parser.add_argument("--bundles", type=int, default=2000, help="studies and news, half each")
    args = parser.parse_args()
    corpus = ContentStore(args.content, reload_seconds=-1).corpus
    half = args.bundles // 2
    texts = list(vocabulary_texts(list(corpus.all("studies"))[:half] + list(corpus.all("news"))[:half]))
    vocab = vocabulary_of(word_counts(texts))
    nouns()  # read once before timing, as a build worker does
    for round_ in (1, 2):
        for label, lexicon in (("with the lexicon", None), ("corpus nouns only", frozenset())):
            splitter = Splitter(vocab, lexicon=lexicon)
            started = time.process_time()
            parts = [splitter.parts_text(text) for text in texts]
            print(f"round {round_}, {label:18s} {time.process_time() - started:5.2f} s CPU for {len(texts)} texts; "
                  f"parts text {sum(map(len, parts)) / 1e6:.2f} M characters")


if __name__ == "__main__":
    main()
