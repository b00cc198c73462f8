"""Issue 14: compounds from the lexicon, words that stay whole, synonyms, ranking signals, results
that read well and direct answers, on the fixture corpus plus a few items made for them."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from portal.content import synonyms as content_synonyms
from portal.search import engine
from portal.search.compounds import Splitter, vocabulary
from portal.search.highlight import SEPARATOR, snippet

from .conftest import build, keys, make_app
from .corpus import write_corpus

ROOT = Path(__file__).resolve().parents[2]

EXTRA = {
    ("news", "schulgarten", "de"): """---
title: "Preise für Schulen"
summary: "Drei Schulen ausgezeichnet."
date: 2025-02-03
---

Der Schulgartenwettbewerb des Landkreises geht in die zweite Runde.
""",
    ("news", "weit-mehr", "de"): """---
title: "Ein Blick auf die Beschäftigung"
summary: "Ein Überblick."
date: 2025-02-04
---

Weit mehr Beschäftigte als erwartet gehen in Rente. Die Bildung der Jüngeren wird wichtiger.
""",
    ("news", "volkshochschule", "de"): """---
title: "Kurse an der Volkshochschule"
summary: "Das Programm für den Herbst."
date: 2025-02-05
---

Die Volkshochschule bietet neue Kurse an.
""",
    ("news", "vhs-programm", "de"): """---
title: "Das VHS-Programm"
summary: "Neue Kurse."
date: 2024-02-05
---

Die VHS hat ihr Programm veröffentlicht.
""",
    ("news", "gespraechskreis", "de"): """---
title: "Ein offener Gesprächskreis"
summary: "Jeden Monat."
date: 2025-02-06
---

Der Gesprächskreis trifft sich im Rathaus.
""",
    ("events", "sommerforum-bald", "de"): """---
title: "Sommerforum Ganztag"
summary: "Ein Forum zum Ganztag."
date: 2025-01-01
start: 2026-12-20T10:00
format: onsite
location: {name: "Stadthaus", street: "Markt 1", postcode: "06108", city: "Halle (Saale)"}
---

Das Sommerforum diskutiert den Ganztag.
""",
    ("events", "sommerforum-damals", "de"): """---
title: "Sommerforum Ganztag"
summary: "Ein Forum zum Ganztag."
date: 2025-01-01
start: 2025-06-20T10:00
format: onsite
location: {name: "Stadthaus", street: "Markt 1", postcode: "06108", city: "Halle (Saale)"}
---

Das Sommerforum diskutiert den Ganztag.
""",
}


@pytest.fixture(scope="module")
def app14(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("finding")
    content = write_corpus(tmp / "content")
    for (section, slug, lang), text in EXTRA.items():
        folder = content / section / slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"index.{lang}.md").write_text(text, encoding="utf-8")
    app = make_app(tmp)
    build(app)
    return app


@pytest.fixture
def find14(app14, monkeypatch):
    from portal.search import SearchRequest, get_search

    monkeypatch.setattr(engine, "clock", lambda: 1_796_000_000.0)  # 2026-11-30

    def run(q: str, lang: str = "de", **filters):
        with app14.test_request_context(f"/{lang}/"):
            return get_search().search(SearchRequest(q=q, lang=lang, per_page=20, filters=filters))

    return run


# compounds -----------------------------------------------------------------------------------------
def test_a_part_found_nowhere_else_comes_from_the_lexicon(find14):
    # "Wettbewerb" and "Garten" occur only inside "Schulgartenwettbewerb"
    assert "news/schulgarten" in keys(find14("Wettbewerb"))
    assert "news/schulgarten" in keys(find14("Garten"))


def test_weiterbildung_is_not_split_into_weit_and_bildung(find14):
    assert Splitter(set()).split("Weiterbildung") == ()
    found = keys(find14("Weiterbildung"))
    assert "news/weiterbildungen-lehrkraefte" in found
    assert "news/weit-mehr" not in found  # only "weit mehr" and "Bildung"


def test_parts_are_nouns_only():
    vocab = vocabulary(["Es kamen weit mehr. Die Weite des Landes.", "weiter so"])
    assert "weit" not in vocab and "weiter" not in vocab
    splitter = Splitter(vocab)
    assert splitter.split("Fachkräftemangel") == ("fachkraefte", "mangel")
    assert splitter.split("Weiterbildungsbeteiligung") == ("weiterbildung", "beteiligung")


def test_a_query_word_is_split_only_when_it_has_no_matches(find14):
    # "Gartenwettbewerb" occurs nowhere: its parts find the Schulgartenwettbewerb, below nothing else
    assert keys(find14("Gartenwettbewerb")) == ["news/schulgarten"]
    # "Fachkräftesicherung" has matches of its own: hits about "Sicherung" alone do not come in
    found = keys(find14("Fachkräftesicherung"))
    assert found[0] in ("studies/fachkraefte-report", "news/tagung-fachkraeftesicherung")


# synonyms --------------------------------------------------------------------------------------------
def test_synonyms_find_and_rank_below_the_exact_word(find14):
    found = keys(find14("VHS"))
    assert "news/volkshochschule" in found and "news/vhs-programm" in found
    assert found.index("news/vhs-programm") < found.index("news/volkshochschule")


def test_synonyms_from_the_content_folder(app14, find14):
    assert "news/gespraechskreis" not in keys(find14("Quasselrunde"))
    path = Path(app14.config["PORTAL_CONTENT_DIR"]) / "synonyms.yml"
    path.write_text("- [Gesprächskreis, Quasselrunde]\n", encoding="utf-8")
    try:
        assert keys(find14("Quasselrunde")) == ["news/gespraechskreis"]
    finally:
        path.unlink()


def test_the_content_check_validates_synonyms(tmp_path):
    groups, problems = content_synonyms.parse("- [Kita, Kindertagesstätte]\n- Kita\n- [VHS]\n- [a, {b: c}]\n", "s.yml")
    assert groups == [("Kita", "Kindertagesstätte")]
    assert [p.line for p in problems] == [2, 3, 4]
    assert content_synonyms.parse("- [a, b\n", "s.yml")[1][0].message.startswith("not valid YAML")
    content = write_corpus(tmp_path / "content")
    (content / "synonyms.yml").write_text("- [nur eins]\n", encoding="utf-8")
    app = make_app(tmp_path)
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert "synonyms.yml:1: a group needs at least two different words" in result.output


# ranking signals --------------------------------------------------------------------------------------
def test_events_rank_by_how_soon_they_take_place(find14):
    found = keys(find14("Sommerforum"))
    assert found[:2] == ["events/sommerforum-bald", "events/sommerforum-damals"]


# results that read well -------------------------------------------------------------------------------
def test_results_page_badges_events_and_language_facet(app14, monkeypatch):
    monkeypatch.setattr(engine, "clock", lambda: 1_796_000_000.0)
    client = app14.test_client()
    page = client.get("/de/suche/?q=Sommerforum").get_data(as_text=True)
    assert 'class="badge"' not in page  # German hits on the German site carry no language badge
    assert "20.12.2026, 10:00" in page and "Stadthaus, Halle (Saale)" in page  # the event's date and place
    page = client.get("/de/suche/?q=transitions&language=en").get_data(as_text=True)
    assert 'lang="en"' in page and 'class="badge">English<' in page  # shown in English, marked as such


def test_a_snippet_keeps_to_one_piece_with_one_ellipsis_per_cut():
    text = ("Wort " * 60) + "Fachkräften." + SEPARATOR + "K-02 Summe der Werte " + ("Zahl " * 40) + "Fachkräften."
    starts = [m.start() for m in re.finditer("Fachkräften", text)]

    def value(fieldname, term, docnum, kind):
        return [(0, s, s + len("Fachkräften")) for s in starts]

    html, _ = snippet(value, "summary_de_pos", 0, {"fachkraft"}, text)
    assert "… …" not in html and str(html).count("…") <= 3
    for piece in str(html).split(" … "):
        assert "Fachkräften." not in piece or "K-02" not in piece  # never runs the two pieces together


# direct answers ----------------------------------------------------------------------------------------
def test_direct_answers(app14):
    client = app14.test_client()
    page = client.get("/de/suche/?q=Betreuungsquote").get_data(as_text=True)
    assert 'class="direct-answer"' in page and "/de/kennzahlen/betreuungsquote/" in page
    assert 'role="img"' in page  # the sparkline, with its words as its name
    page = client.get("/de/suche/?q=K-05%20Saalekreis").get_data(as_text=True)
    assert "57,3" in page and "Saalekreis, 2023" in page
    page = client.get("/de/suche/?q=Saalekreis").get_data(as_text=True)
    assert "/de/regionen/saalekreis/" in page.split('class="direct-answer"')[1].split("</section>")[0]
    page = client.get("/de/suche/?q=10.1234/bismit.2025.01").get_data(as_text=True)
    assert "/de/studien/fachkraefte-report/" in page.split('class="direct-answer"')[1].split("</section>")[0]
    assert 'class="direct-answer"' not in client.get("/de/suche/?q=Tagung").get_data(as_text=True)


# the relevance benchmark as a smoke test ----------------------------------------------------------------
def test_relevance_script_runs_on_a_subset(tmp_path):
    sys.path.insert(0, str(ROOT / "bench" / "relevance"))
    try:
        import relevance
    finally:
        sys.path.remove(str(ROOT / "bench" / "relevance"))
    queries = [q for q in relevance.load_queries(ROOT / "bench" / "relevance" / "queries.yml")
               if q["q"] in ("Kita", "Arbeitslosenquote", "childcare")]
    results = relevance.run(ROOT / "content", queries, tmp_path)
    assert set(results) == {"portal", "whoosh", "fts5"}
    for result in results.values():
        assert len(result["rows"]) == 3 and 0.0 <= result["ndcg"] <= 1.0
    assert "nDCG@10" in relevance.table(results, queries)
