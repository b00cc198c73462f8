"""Relevance on the small search corpus: every behaviour issue 3 lists."""
from __future__ import annotations

from .conftest import keys

REPORT = "studies/fachkraefte-report"
TAGUNG = "news/tagung-fachkraeftesicherung"
LEITFADEN = "studies/leitfaden-bildungsmonitoring"
PAPIER = "studies/uebergaenge-papier"
KURSE = "news/weiterbildungen-lehrkraefte"
STRASSE = "news/strasse-der-bildung"
ENGLISH = "news/english-transitions"


def test_inflected_forms_find_each_other(find):
    assert KURSE in keys(find("Weiterbildung"))  # the text says "Weiterbildungen"
    assert KURSE in keys(find("Studien"))  # the text says "Studie"


def test_umlauts_and_sharp_s_match_transliterations_both_ways(find):
    for query in ("Übergänge", "Uebergaenge", "übergänge", "ÜBERGÄNGE"):
        assert PAPIER in keys(find(query)), query
    assert STRASSE in keys(find("Strasse"))
    assert STRASSE in keys(find("Straße"))
    assert REPORT in keys(find("Personalschlüssel"))  # the PDF writes "Personalschluessel"


def test_compound_parts_are_found(find):
    found = keys(find("Fachkräfte"))
    assert TAGUNG in found  # only says "Fachkräftesicherung"
    assert REPORT in found  # only says "Fachkräftemangel" (and its title "Fachkräftesicherung")
    assert TAGUNG in keys(find("Fachkraefte"))


def test_a_query_compound_with_matches_of_its_own_is_not_split(find):
    found = keys(find("Bildungsmonitoring"))
    assert LEITFADEN in found
    assert PAPIER not in found  # only "regionales Monitoring der Bildung" (issue 14: no split while it has matches)


def test_title_ranks_above_body(find):
    found = keys(find("Tagung"))
    assert found[0] == TAGUNG  # in the title; the English-transitions news has it in its German title too
    found = keys(find("Leitfaden OR Kommune"))
    assert found[0] == LEITFADEN


def test_english_stemming_and_cross_language(find):
    assert ENGLISH in keys(find("transition", lang="en"))
    assert ENGLISH in keys(find("transitions", lang="de"))  # a German visitor finds the English text
    hit = next(h for h in find("transitions", lang="de").hits if h.key == ENGLISH)
    assert hit.snippet_lang == "en" and "<mark>" in str(hit.snippet)
    # an English visitor finds German-only items, labelled German
    hit = next(h for h in find("Übergänge", lang="en").hits if h.key == PAPIER)
    assert hit.lang == "de"


def test_visitor_language_is_shown_first(find):
    hit = next(h for h in find("Saalekreis", lang="en").hits if h.key == REPORT)
    assert hit.lang == "en" and hit.title.startswith("Securing")
    hit = next(h for h in find("Saalekreis", lang="de").hits if h.key == REPORT)
    assert hit.lang == "de"


def test_phrase_exclusion_or_and_title(find):
    assert keys(find('"Monitoring der Bildung"')) == [PAPIER]
    assert LEITFADEN not in keys(find('"Monitoring der Bildung"'))
    assert PAPIER not in keys(find("Bildung -Monitoring"))
    assert STRASSE in keys(find("Bildung -Monitoring"))
    either = keys(find("Merseburg OR Zeitz"))
    assert TAGUNG in either and STRASSE in either
    neither = find("Merseburg Zeitz")  # no item has both: those with all words but one, said so
    assert neither.relaxed and set(keys(neither)) == set(either)
    assert keys(find("title:Bildungsmonitoring")) == [LEITFADEN]


def test_facets_count_and_combine(find):
    everything = find("Bildung")
    types = {v.value: v.count for v in everything.facets["type"]}
    assert types["news"] >= 1 and types["studies"] >= 2
    studies = find("Bildung", type="studies")
    assert all(h.section == "studies" for h in studies.hits)
    assert studies.total == types["studies"]
    # counts of the chosen facet stay those of the other facets' results (combinable)
    assert {v.value: v.count for v in studies.facets["type"]} == types
    both = find("Bildung", type=["studies", "news"])
    assert both.total == types["studies"] + types["news"]
    narrowed = find("Bildung", type="studies", region="burgenlandkreis")
    assert keys(narrowed) == [LEITFADEN]
    browse = find("", type="indicators")
    assert keys(browse) == ["indicators/betreuungsquote"]
    assert {v.value for v in browse.facets["field"]} == {"bildungschancen"}


def test_year_and_language_facets(find):
    assert set(keys(find("", year="2024", type="studies"))) == {LEITFADEN, PAPIER}
    english = find("", language="en")
    assert ENGLISH in keys(english) and REPORT in keys(english) and PAPIER not in keys(english)


def test_sort_by_date_and_ties_by_recency(find):
    dated = [h.date for h in find("", type="news", sort="date").hits]
    assert dated == sorted(dated, reverse=True)
    browse = find("", type="studies")  # equal scores: newest first
    dates = [h.date for h in browse.hits]
    assert dates == sorted(dates, reverse=True)


def test_did_you_mean(find):
    assert find("Bildungsmonitorring").did_you_mean == "Bildungsmonitoring"
    assert find("Weiterbldung").did_you_mean == "Weiterbildung"
    assert find("Bildungsmonitoring").did_you_mean is None


def test_zero_results_offer_removing_facets(find):
    response = find("Sprachförderung", type="studies")
    assert response.total == 0
    assert ("type", "studies", 1) in response.removals


def test_highlights_are_escaped(find):
    hit = next(h for h in find("Quelltext").hits if h.key == "news/markup-im-text")
    html = str(hit.snippet)
    assert "<mark>Quelltext</mark>" in html
    assert "<img" not in html and "<b>" not in html and "<script" not in html
    assert "&lt;img" in html


def test_pdf_match_names_file_and_page(find):
    hit = next(h for h in find("Personalschluessel").hits if h.key == REPORT)
    assert hit.pdf == ("bericht.pdf", 2)
    hit = next(h for h in find("Quereinsteigern").hits if h.key == REPORT)
    assert hit.pdf == ("bericht.pdf", 1)


def test_broken_and_encrypted_pdfs_are_skipped(find):
    assert "studies/kaputte-anhaenge" in keys(find("Schulsozialarbeit"))


def test_drafts_and_scheduled_items_are_not_found(find):
    assert "news/entwurf-meldung" not in keys(find("", type="news"))
    assert "news/geplante-meldung" not in keys(find("", type="news"))
    assert "news/geplante-meldung" not in keys(find("Geplante Meldung"))


def test_a_slow_phrase_is_searched_as_its_words_and_says_so(search_app):
    from portal.search import SearchRequest, SearchService

    impatient = SearchService(search_app.extensions["search"].manager, phrase_timeout=-1.0)
    response = impatient.search(SearchRequest(q='"Monitoring der Bildung"'))
    assert response.approximate
    assert PAPIER in keys(response)
    exact = SearchService(search_app.extensions["search"].manager).search(SearchRequest(q='"Monitoring der Bildung"'))
    assert not exact.approximate and keys(exact) == [PAPIER]
