"""The build's writer writes exactly the segment files Whoosh's own SegmentWriter writes."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import SegmentWriter

from portal.search.analysis import PARTS, build_schema, positions_field
from portal.search.shares import JoinWriter, ShareWriter
from portal.search.writer import BuildWriter

from .conftest import index_contents

TRICKY = [
    "Fachkräfte, Fachkraefte und die Straße (Strasse) im Saalekreis 2024: der, die, das.",
    "İstanbul Ⅻ ǅ ß ẞ ﬁ x a I 12 3,5 % Kita-Gesetz Kitas Kita's „Anführung“ Über ÜBER über",
    "Children were running to the schools; the school ran. A an and of",
    "",
    "   ",
    "Zeile eins\n\nZeile zwei\tTab — Gedankenstrich… Ende",
]


def documents(texts: list[str]) -> list[dict]:
    docs = []
    for n, text in enumerate(texts):
        doc = {
            "key": f"news/n{n}", "section": "news", "slug": f"n{n}", "langs": "de,en" if n % 2 else "de",
            "topic": "fachkraefte,weiterbildung" if n % 3 else "", "region": "saalekreis", "ts": 1_700_000_000 + n * 86_400,
            "title_de": text[:40], "summary_de": text[::-1], "body_de": (text + " ") * (n % 4 + 1),
            "parts": "fachkraft mangel fachkraft bildung", "title_plain": text[:40],
        }
        if n % 2:
            doc.update(title_en=text[:30], summary_en=text, body_en=text * 2)
        if n % 3 == 0:
            doc.update(year="2024", pdf_de=text + "\n\n" + text, pdf_map={"de": [[0, "a.pdf", 1], [len(text) + 2, "a.pdf", 2]]})
        if n % 5 == 4:
            doc["field"] = "kita"
            del doc["summary_de"]
        for name in [f"{part}_{lang}" for part in PARTS for lang in ("de", "en") if f"{part}_{lang}" in doc]:
            doc[positions_field(name)] = doc[name]  # as make_document does: the same string object
        docs.append(doc)
    return docs


def segment_files(tmp: Path, writer_class, docs: list[dict]) -> tuple[dict[str, bytes], list]:
    tmp.mkdir()
    ix = whoosh_index.create_in(str(tmp), build_schema())
    writer = writer_class(ix, compound=False)  # one file per part of the segment, to compare them
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    segment = ix._segments()[0]
    prefix = f"MAIN_{segment.segid}."
    files = {p.name[len(prefix):]: p.read_bytes() for p in tmp.iterdir() if p.name.startswith(prefix)}
    return files, [segment.doc_count_all(), dict(segment._fieldlengths)]


def assert_same_segments(tmp_path: Path, docs: list[dict]) -> None:
    theirs, their_stats = segment_files(tmp_path / "whoosh", SegmentWriter, docs)
    ours, our_stats = segment_files(tmp_path / "ours", BuildWriter, docs)
    assert sorted(ours) == sorted(theirs)
    assert {"pst", "trm", "_stored.col"} <= set(ours)
    for name, data in theirs.items():
        assert ours[name] == data, name
    assert our_stats == their_stats


def test_build_writer_writes_the_files_whoosh_writes(tmp_path):
    assert_same_segments(tmp_path, documents(TRICKY * 50))  # 300 documents: terms span several blocks of 128


@settings(max_examples=20, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=120), min_size=1, max_size=6))
def test_build_writer_matches_whoosh_on_any_text(tmp_path_factory, texts):
    assert_same_segments(tmp_path_factory.mktemp("writer"), documents(texts))


@pytest.mark.parametrize("cuts", [[0], [0, 7], [0, 3, 150, 151], [0, 100, 100, 200]])
def test_joined_shares_are_the_index_one_writer_writes(tmp_path, cuts):
    """Posting lists of up to four blocks per share (blocks of 4): joined, they read as one list."""
    docs = documents(TRICKY * 35)  # 210 documents
    codec = W3Codec(blocklimit=4)
    whole, joined = tmp_path / "whole", tmp_path / "joined"
    whole.mkdir()
    joined.mkdir()
    ix = whoosh_index.create_in(str(whole), build_schema())
    writer = SegmentWriter(ix, codec=codec)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    ix = whoosh_index.create_in(str(joined), build_schema())
    shares = []
    for number, (start, end) in enumerate(zip(cuts, cuts[1:] + [len(docs)])):
        share = ShareWriter(ix.schema, codec, start)
        for doc in docs[start:end]:
            share.add_document(**doc)
        shares.append(share.finish(tmp_path / f"share-{number}.pst"))
    JoinWriter(ix, shares, codec=codec).commit()
    assert index_contents(joined) == index_contents(whole)
