"""No query string, however broken, produces an error (property-based)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.search.query import parse

NASTY = ['"unbalanced', 'x NOT AND y', "OR", "-", "- -", "title:", 'title:"', "OR OR a OR", "a OR", '""',
         "\x00\x01\x7f", "*", "a* ?b [c TO d] {e} f^3 ~2", "x" * 10_000, "wort " * 3000, "\u202e\ufeff𝔘𝔫𝔦",
         "(((", ")))", "field:value", "-\"a b\"", "AND", "NOT", "💥 Übergänge", "ß" * 500]
WORDS = st.sampled_from(["Bildung", "OR", "-", '"', "title:", "AND", "NOT", "(", ")", "Fachkräfte", "-Kita", "*", ":", "\x00"])


@pytest.mark.parametrize("text", NASTY)
def test_nasty_inputs_search_as_plain_words(find, text):
    response = find(text)
    assert response.total >= 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_any_text_never_fails(find, text):
    find(text, lang="en")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WORDS, max_size=12).map(" ".join))
def test_operator_soup_never_fails(find, text):
    find(text)
    parse(text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=80), page=st.text(max_size=4), per_page=st.text(max_size=4), kind=st.text(max_size=10))
def test_page_and_api_never_500(search_app, q, page, per_page, kind):
    client = search_app.test_client()
    assert client.get("/de/suche/", query_string={"q": q, "page": page, "type": kind}).status_code in (200, 400, 404)  # 400: control characters are refused at the edge
    response = client.get("/api/v1/search", query_string={"q": q, "page": page, "per_page": per_page})
    assert response.status_code in (200, 400)
    assert response.is_json


def test_parse_keeps_the_allowed_syntax():
    parsed = parse('Bildung "frühe Förderung" -Kita Halle OR Leipzig title:Bericht')
    texts = [[c.text() for c in group] for group in parsed.groups]
    assert texts == [["Bildung"], ['"frühe Förderung"'], ["Halle", "Leipzig"], ["title:Bericht"]]
    assert [c.text() for c in parsed.excluded] == ["Kita"]
