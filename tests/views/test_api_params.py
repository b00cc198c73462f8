"""The API's declared parameters match what it accepts: taxonomy enums, no empty values."""
from __future__ import annotations


def _params(client) -> dict:
    document = client.get("/api/v1/openapi.json").get_json()
    return {p["name"]: p for p in document["paths"]["/search"]["get"]["parameters"]}


def test_topic_and_region_are_declared_as_the_taxonomy_keys(app, client):
    params = _params(client)
    with app.app_context():
        from portal.content.store import get_corpus

        taxonomy = get_corpus().taxonomy
        topics, regions = list(taxonomy.terms("topics")), list(taxonomy.terms("regions"))
    assert topics and regions
    assert params["topic"]["schema"]["items"]["enum"] == topics or params["topic"]["schema"].get("enum") == topics
    assert params["region"]["schema"]["items"]["enum"] == regions or params["region"]["schema"].get("enum") == regions
    unknown = client.get("/api/v1/search?topic=no-such-topic")
    assert unknown.status_code == 400


def test_empty_filter_values_are_refused(client):
    for name in ("lang", "type", "topic", "region", "year"):
        response = client.get(f"/api/v1/search?{name}=")
        assert response.status_code == 400, name
        assert response.get_json()["error"]["parameter"] == name
