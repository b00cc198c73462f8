"""The index layout: text fields scored from weights only, positions and offsets in unscored `*_pos` fields.

Scores, totals and snippets must be what the previous layout (positions and offsets in the scored
fields themselves) gave: the same postings, weights and field lengths, the same offsets.
"""
from __future__ import annotations

import json

from whoosh import fields
from whoosh import index as whoosh_index
from whoosh.formats import Characters, Frequency, Positions

from portal.search.analysis import (ANALYZERS, HIGHLIGHTED, LANGS, LAYOUT, PARTS, build_schema, positions_field,
                                   text_field)
from portal.search.compounds import Splitter, vocabulary
from portal.search.documents import indexable, make_document, vocabulary_texts
from portal.search.highlight import snippet
from portal.search.query import QueryBuilder, parse
from portal.search.scores import Scorer, as_dict

QUERIES = ["Bildung", "Fachkräfte Saalekreis", "Kita OR Schule", "Fachkräftesicherung -Merseburg", "title:Tagung",
           "children school", "Weiterbildung Halle"]


def previous_schema() -> fields.Schema:
    """build_schema as it was: positions (and for snippets offsets) in the scored text fields."""
    schema = build_schema()
    for lang in LANGS:
        for part in PARTS:
            name = text_field(lang, part)
            schema.remove(name)
            schema.remove(positions_field(name))
            schema.add(name, fields.TEXT(analyzer=ANALYZERS[lang], stored=True, chars=part in HIGHLIGHTED))
    return schema


def previous_index(tmp_path, corpus):
    """The same documents as the portal indexes them, written by Whoosh in the previous layout."""
    bundles = indexable(corpus)
    splitter = Splitter(vocabulary(vocabulary_texts(bundles)))
    ix = whoosh_index.create_in(str(tmp_path), previous_schema())
    with ix.writer() as writer:
        for bundle in bundles:
            doc = make_document(bundle, splitter)
            writer.add_document(**{k: v for k, v in doc.items() if not k.endswith("_pos")})
    return ix, splitter


def postings(reader, name: str, term, astype: str | None = None) -> list[tuple]:
    matcher = reader.postings(name, term)
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight()) if astype is None else (matcher.id(), matcher.value_as(astype)))
        matcher.next()
    return found


def test_scored_fields_hold_weights_only_and_positions_fields_are_unscored(fresh_app):
    ix = whoosh_index.open_dir(str(fresh_app.extensions["search"].manager.current_path()))
    schema = ix.schema
    for lang in LANGS:
        for part in PARTS:
            name = text_field(lang, part)
            assert type(schema[name].format) is Frequency and schema[name].scorable
            assert not schema[name].format.supports("positions")
            located = schema[positions_field(name)]
            assert type(located.format) is (Characters if part in HIGHLIGHTED else Positions)
            assert not located.scorable and not located.stored
    with ix.reader() as reader:
        values = [reader.postings("body_de", term).value() for term in list(reader.lexicon("body_de"))[:50]]
        assert values and all(len(value) == 4 for value in values)  # the frequency, nothing more
        assert reader.doc_field_length(0, "body_de_pos", None) is None  # no length column
    ix.close()


def test_postings_lengths_offsets_and_scores_equal_the_previous_layout(fresh_app, tmp_path):
    corpus = fresh_app.extensions["content"].corpus
    old_ix, splitter = previous_index(tmp_path, corpus)
    new_ix = whoosh_index.open_dir(str(fresh_app.extensions["search"].manager.current_path()))
    with old_ix.searcher() as old, new_ix.searcher() as new:
        assert old.doc_count_all() == new.doc_count_all() > 10
        assert [old.stored_fields(d)["key"] for d in range(old.doc_count_all())] == \
               [new.stored_fields(d)["key"] for d in range(new.doc_count_all())]
        for lang in LANGS:
            for part in PARTS:
                name = text_field(lang, part)
                astype = "characters" if part in HIGHLIGHTED else "positions"
                terms = list(old.reader().lexicon(name))
                assert terms == list(new.reader().lexicon(name)) == list(new.reader().lexicon(positions_field(name)))
                for term in terms:
                    assert postings(new.reader(), name, term) == postings(old.reader(), name, term)
                    assert postings(new.reader(), positions_field(name), term, astype) == \
                           postings(old.reader(), name, term, astype)
                assert old.field_length(name) == new.field_length(name)
                assert [old.doc_field_length(d, name) for d in range(old.doc_count_all())] == \
                       [new.doc_field_length(d, name) for d in range(new.doc_count_all())]
        old_scores, new_scores = Scorer(old), Scorer(new)
        matched = snippets = 0
        for text in QUERIES:
            query, _ = QueryBuilder(splitter, "de").build(parse(text))
            found = as_dict(new_scores.of(query))
            assert found == as_dict(old_scores.of(query)), text
            matched += len(found)
            for docnum in found:
                body = new.stored_fields(docnum).get("body_de", "")
                shown = snippet(new_scores.value, "body_de_pos", docnum, {"bildung", "fachkraft"}, body)
                assert shown == snippet(old_scores.value, "body_de", docnum, {"bildung", "fachkraft"}, body)
                snippets += shown is not None
        assert matched > 10 and snippets > 2
    old_ix.close()
    new_ix.close()


def test_an_index_of_the_previous_layout_is_rebuilt_on_update(fresh_app):
    manager = fresh_app.extensions["search"].manager
    meta_path = manager.current_path() / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["layout"] == LAYOUT
    del meta["layout"]  # as the previous version wrote it
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    old_path = manager.current_path()
    with manager.write_lock(timeout=10):
        result = manager.update(fresh_app.extensions["content"].corpus)
    assert result.built and manager.current_path() != old_path
    assert json.loads((manager.current_path() / "meta.json").read_text(encoding="utf-8"))["layout"] == LAYOUT
    with manager.write_lock(timeout=10):
        assert not manager.update(fresh_app.extensions["content"].corpus).built
