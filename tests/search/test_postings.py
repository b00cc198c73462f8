"""Postings read in bulk (postings.py, scores.py) give exactly what Whoosh's matcher and scorer give."""
from __future__ import annotations

import random

import pytest
from whoosh import fields
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import CLEAR

from portal.search.postings import field_lengths
from portal.search.scores import Scorer

WORDS = ["bildung", "schule", "kita", "region", "planung", "bedarf", "quote", "hort"]


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS[: rng.randint(1, len(WORDS))]) for _ in range(rng.randint(1, 60)))


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    """Three segments, more than one block (128 postings) per common term, deleted documents."""
    folder = tmp_path_factory.mktemp("postings")
    schema = fields.Schema(key=fields.ID(stored=True, unique=True), body=fields.TEXT(chars=True),
                           title=fields.TEXT(phrase=False))
    ix = FileStorage(str(folder)).create_index(schema)
    rng = random.Random(7)
    for start, count, mergetype in ((0, 700, CLEAR), (700, 150, None), (850, 3, None)):
        writer = ix.writer()
        for n in range(start, start + count):
            writer.add_document(key=str(n), body=_text(rng), title=_text(rng)[:30])
        for n in range(0, start, 9):
            writer.delete_by_term("key", str(n))
        writer.commit(merge=False, **({"mergetype": mergetype} if mergetype else {}))
    ix = FileStorage(str(folder), supports_mmap=False).open_index()
    with ix.searcher() as opened:
        assert len(opened.reader().leaf_readers()) == 3 and opened.reader().has_deletions()
        yield opened
    ix.close()


def _whoosh(searcher, fieldname: str, text: str) -> dict[int, float]:
    matcher = searcher.postings(fieldname, text)
    scorer = searcher.weighting.scorer(searcher, fieldname, text)
    found = {}
    while matcher.is_active():
        found[matcher.id()] = scorer.score(matcher)
        matcher.next()
    return found


@pytest.mark.parametrize("fieldname", ["body", "title"])
def test_scores_are_whooshs_own(searcher, fieldname):
    scorer = Scorer(searcher)
    for word in WORDS:
        expected = _whoosh(searcher, fieldname, word)
        assert expected, word
        assert scorer.term(fieldname, word) == expected  # the same floats, not just close
    assert scorer.term(fieldname, "fehlt") == {}
    assert scorer.term("nofield", "bildung") == {}


def test_match_offsets_are_read_from_one_block(searcher):
    scorer = Scorer(searcher)
    checked = 0
    for word in ("bildung", "hort"):
        matcher = searcher.postings("body", word)
        while matcher.is_active():
            docnum = matcher.id()
            if docnum % 7 == 0:
                assert scorer.value("body", word, docnum, "characters") == matcher.value_as("characters")
                checked += 1
            matcher.next()
    assert checked > 50
    assert scorer.value("body", "bildung", 0, "characters") is None  # deleted


def test_field_lengths_match_the_length_column(searcher):
    for reader, _ in searcher.reader().leaf_readers():
        lengths = field_lengths(reader, "body")
        assert len(lengths) == reader.doc_count_all()
        for docnum in range(0, reader.doc_count_all(), 13):
            assert lengths[docnum] == (reader.doc_field_length(docnum, "body") or 0)


def test_positions_are_whooshs_own(searcher):
    scorer = Scorer(searcher)
    for word in ("bildung", "hort", "fehlt"):
        expected = {}
        if word != "fehlt":
            matcher = searcher.postings("body", word)
            while matcher.is_active():
                expected[matcher.id()] = matcher.value_as("positions")
                matcher.next()
        assert scorer.positions("body", word, range(searcher.doc_count_all())) == expected


def test_an_and_read_only_where_its_rarer_part_matched_gives_the_same_answer(searcher, monkeypatch):
    from whoosh import query as wq

    from portal.search import scores as scores_module

    def word(text: str) -> wq.Query:
        return wq.Or([wq.Term("body", text, boost=1.0), wq.Term("title", text, boost=5.0)])

    queries = [wq.And([word("hort"), word("bildung")]), wq.And([word("bildung"), wq.And([word("quote"), word("hort")])]),
               wq.AndNot(word("hort"), word("schule"))]
    monkeypatch.setattr(scores_module, "RESTRICT_RATIO", 10**9)  # never restricted
    expected = [scores_module.as_dict(Scorer(searcher).of(q)) for q in queries]
    monkeypatch.setattr(scores_module, "RESTRICT_RATIO", 1)  # always restricted
    restricted = Scorer(searcher)
    assert [scores_module.as_dict(restricted.of(q)) for q in queries] == expected
    assert all(expected)
