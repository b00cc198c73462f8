"""The search page, suggestions, and the JSON API checked against its OpenAPI document."""
from __future__ import annotations

import re

import jsonschema
import pytest


@pytest.fixture(scope="module")
def client(search_app):
    return search_app.test_client()


@pytest.fixture(scope="module")
def openapi(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    return document


def validate(document: dict, schema_name: str, instance) -> None:
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": document["components"]}
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(instance)


def test_search_page_shows_hits_facets_and_keeps_them_in_urls(client):
    page = client.get("/de/suche/?q=Bildung&type=studies").get_data(as_text=True)
    assert "Leitfaden Bildungsmonitoring" in page
    assert 'href="/de/suche/?q=Bildung&amp;type=studies&amp;region=burgenlandkreis"' in page
    assert 'href="/de/suche/?q=Bildung"' in page  # removing the chosen type
    assert "<mark>" in page
    english = client.get("/en/search/?q=Personalschluessel").get_data(as_text=True)
    assert "in PDF:" in english and "bericht.pdf#page=2" in english and "p. 2" in english


def test_search_page_pagination_sort_and_zero_results(client):
    first = client.get("/de/suche/?type=news").get_data(as_text=True)
    assert 'rel="next"' not in first or "page=2" in first
    assert client.get("/de/suche/?type=news&page=50").status_code == 404
    assert client.get("/de/suche/?q=Bildung&sort=date").status_code == 200
    zero = client.get("/en/search/?q=Bildungsmonitorring").get_data(as_text=True)
    assert "Bildungsmonitoring" in zero and 'href="/en/search/?q=Bildungsmonitoring"' in zero
    zero = client.get("/en/search/?q=Sprachf%C3%B6rderung&type=studies").get_data(as_text=True)
    assert 'href="/en/search/?q=Sprachf%C3%B6rderung"' in zero


def test_search_box_in_header_and_combobox_script(client):
    home = client.get("/de/").get_data(as_text=True)
    assert 'action="/de/suche/"' in home and re.search(r"js/search-suggest\.[0-9a-f]{12}\.js", home)  # fingerprinted
    script = client.get("/static/js/search-suggest.js")
    body = script.get_data()
    script.close()
    assert script.status_code == 200 and b"aria-activedescendant" in body


def test_suggestions_endpoint(client):
    data = client.get("/de/suche/suggest?q=Leitf").get_json()
    assert data["titles"][0]["title"] == "Leitfaden Bildungsmonitoring"
    assert data["titles"][0]["url"] == "/de/studien/leitfaden-bildungsmonitoring/"
    assert any(term.startswith("bildungs") for term in client.get("/de/suche/suggest?q=bildungs").get_json()["terms"])
    assert client.get("/de/suche/suggest?q=").get_json() == {"q": "", "titles": [], "terms": []}


@pytest.mark.parametrize("query", [
    "q=Bildung", "q=Personalschluessel", "q=", "type=news&type=studies", "q=Bildung&region=burgenlandkreis&year=2024",
    "q=Saalekreis&lang=en&per_page=1&page=2", "q=Bildungsmonitorring", 'q="Monitoring der Bildung"', "topic=fachkraefte",
])
def test_api_answers_match_openapi(client, openapi, query):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 200
    data = response.get_json()
    validate(openapi, "SearchResult", data)
    assert isinstance(data["total"], int)


def test_api_content(client):
    data = client.get("/api/v1/search?q=Personalschluessel").get_json()
    hit = data["hits"][0]
    assert hit["id"] == "studies/fachkraefte-report" and hit["type"] == "studies"
    assert hit["pdf"] == {"file": "bericht.pdf", "page": 2}
    assert hit["url"].endswith("/de/studien/fachkraefte-report/")
    assert {v["value"] for v in data["facets"]["type"]} == {"studies"}
    english = client.get("/api/v1/search?q=Saalekreis&lang=en").get_json()
    assert english["hits"][0]["lang"] == "en" and english["hits"][0]["url"].endswith("/en/studies/fachkraefte-report/")


def test_api_says_when_it_relaxed_or_corrected_the_query(client, openapi):
    """What the page says in words, the API says in fields: no item with every word; a misspelling."""
    exact = client.get("/api/v1/search?q=Merseburg").get_json()
    assert exact["relaxed"] is False and exact["corrected_from"] is None
    neither = client.get("/api/v1/search?q=Merseburg+Zeitz").get_json()
    assert neither["relaxed"] is True and neither["total"] >= 2
    corrected = client.get("/api/v1/search?q=Bildungsmonitorring").get_json()
    assert corrected["corrected_from"] == "Bildungsmonitorring" and corrected["did_you_mean"] and corrected["total"] >= 1
    for data in (neither, corrected):
        validate(openapi, "SearchResult", data)


@pytest.mark.parametrize("query,parameter", [
    ("per_page=0", "per_page"), ("per_page=500", "per_page"), ("per_page=x", "per_page"), ("page=0", "page"),
    ("page=-1", "page"), ("page=%C2%B2", "page"), ("type=nonsense", "type"), ("lang=fr", "lang"), ("year=20x4", "year"),
    ("year=%C2%B2%C2%B9%C2%B2%C2%B9", "year"),
    ("region=atlantis", "region"), ("sort=date", "sort"), ("q=" + "x" * 1001, "q"),
])
def test_api_errors_are_400_json(client, openapi, query, parameter):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    data = response.get_json()
    validate(openapi, "Error", data)
    assert data["error"]["parameter"] == parameter
    documented = {p["name"] for p in openapi["paths"]["/search"]["get"]["parameters"]}
    assert documented == {"q", "type", "topic", "region", "year", "lang", "page", "per_page"}


@pytest.mark.parametrize("query", [
    "", "q=Bildung", "q=Bildung&type=studies&region=saalekreis&type=news", "q=a%26b+c&sort=date&page=3",
    "type=news&q=Kita&page=2&type=studies", "q=%C3%9Cberg%C3%A4nge&topic=x%2Fy&region=a,b",
])
def test_search_links_are_what_url_for_builds(search_app, query):
    from portal.views.search import SearchLinks, _search_url_for

    changes = [{}, {"toggle": ("type", "studies")}, {"toggle": ("type", "events")}, {"toggle": ("region", "saalekreis")},
               {"sort": "date"}, {"q": "Neu & mehr"}, {"page": 2}, {"page": 4, "sort": "relevance"}]
    for lang in ("de", "en"):
        path = "/de/suche/" if lang == "de" else "/en/search/"
        with search_app.test_request_context(f"{path}?{query}"):
            search_app.preprocess_request()
            links = SearchLinks()
            for change in changes * 2:  # the second time from the encoded parameters kept
                assert links.url(**change) == _search_url_for(**change), change
