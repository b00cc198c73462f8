"""The monitoring's pages on the demo corpus: indicator page, downloads read back, comparison URL
states (good and bad), region profile, catalogue overview. One app for the module: charts are drawn
once (the session's shared chart folder) and reused."""
import csv
import io
import json

import pytest

from portal.config import REPO_ROOT

SOURCE = REPO_ROOT / "content" / "indicators"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from portal import create_app

    app = create_app({
        "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
        "PORTAL_CONTENT_DIR": str(REPO_ROOT / "content"),
        "PORTAL_INDEX_DIR": str(tmp_path_factory.mktemp("index")),
        "PORTAL_CONTENT_RELOAD_SECONDS": -1.0,
        "PORTAL_SEARCH_AUTOBUILD": False,
        "PORTAL_SECRET_KEY": "test",
        "TESTING": True,
    })
    return app.test_client()


def source_rows(slug: str, **breakdown) -> list[dict]:
    with open(SOURCE / slug / "data.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if all(r.get(k) == v for k, v in breakdown.items())]


def read_csv(data: bytes) -> list[dict]:
    return [r for r in csv.DictReader(io.StringIO(data.decode("utf-8"))) if r["region"] != "revier"]


def test_indicator_page_formats_per_locale_and_shows_the_breakdown(client):
    # Burgenlandkreis 2017, women: 7.8 in data.csv
    de = client.get("/de/kennzahlen/arbeitslosenquote/?sex=w").get_data(as_text=True)
    en = client.get("/en/indicators/arbeitslosenquote/?sex=w").get_data(as_text=True)
    assert "7,8\u202f%" in de and "7.8%" in en
    assert 'role="img"' in de and "<title" in de and "Beispieldaten" in de and "Quelle:" in de
    assert '<option value="w" selected>Frauen</option>' in de
    # "all" (the default) combines women and men: (7.8 + 9.4) / 2 = 8.6
    assert "8,6\u202f%" in client.get("/de/kennzahlen/arbeitslosenquote/").get_data(as_text=True)


def test_unknown_choices_answer_400_with_a_message(client):
    response = client.get("/de/kennzahlen/arbeitslosenquote/?sex=x&highlight=atlantis")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Es gibt keine Revierkommune „atlantis“" in html and "den Wert „x“ nicht" in html


@pytest.mark.parametrize("slug, query, breakdown", [
    ("bevoelkerung", "", {}),
    ("arbeitslosenquote", "?sex=m", {"sex": "m"}),
])
def test_csv_download_reads_back_equal_to_the_source_rows(client, slug, query, breakdown):
    response = client.get(f"/de/kennzahlen/{slug}/export/values.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    key = lambda r: (r["region"], r["year"])  # noqa: E731
    got = sorted(read_csv(response.data), key=key)
    want = sorted(source_rows(slug, **breakdown), key=key)
    assert [(r["region"], r["year"], float(r["value"]) if r["value"] else None) for r in got] == \
        [(r["region"], r["year"], float(r["value"]) if r["value"] else None) for r in want]


def test_metadata_chart_and_embed(client):
    meta = json.loads(client.get("/en/indicators/arbeitslosenquote/export/metadata.json?sex=w").data)
    assert meta["licence"] and meta["sample_data"] is True and meta["breakdown"] == "Women"
    assert meta["citation"].startswith("BiSMit (2026): K-03")
    svg = client.get("/de/kennzahlen/arbeitslosenquote/export/chart.svg").get_data(as_text=True)
    assert 'role="img"' in svg and "Quelle:" in svg
    assert client.get("/de/kennzahlen/bevoelkerung/export/chart.png").data[:8] == b"\x89PNG\r\n\x1a\n"
    embed = client.get("/en/indicators/bevoelkerung/embed/")
    assert embed.status_code == 200 and b'role="img"' in embed.data and b"Source:" in embed.data
    assert client.get("/de/kennzahlen/bevoelkerung/export/nothing.txt").status_code == 404


@pytest.mark.parametrize("query, status, expected", [
    ("", 200, "Mitteldeutsches Revier"),
    ("?indicator=bevoelkerung&regions=saalekreis&regions=halle-saale&from=2019&to=2021", 200, "Saalekreis"),
    ("?indicator=arbeitslosenquote&sex=w&regions=saalekreis", 200, "Frauen"),
    ("?mode=region&region=saalekreis&indicators=bevoelkerung,arbeitslosenquote&base=2018", 200, "Index (2018 = 100)"),
    ("?indicator=raumfahrt", 200, "Es gibt keine Kennzahl „raumfahrt“"),
    ("?indicator=bevoelkerung&regions=atlantis", 200, "Es gibt keine Revierkommune „atlantis“"),
    ("?indicator=bevoelkerung&from=1990", 200, "Für 1990 gibt es keine Werte"),
    ("?indicator=bevoelkerung&from=2021&to=2019", 200, "getauscht"),
    ("?from=20x1", 400, "nicht lesbar"),
    ("?mode=karte", 400, "nicht lesbar"),
    ("?indicator=a&indicator=b", 400, "nicht lesbar"),
    ("?regions=%C3%BC", 400, "nicht lesbar"),
    ("?from=%C2%B9%C2%B9%C2%B9%C2%B9", 400, "nicht lesbar"),
])
def test_comparison_url_states(client, query, status, expected):
    response = client.get("/de/kennzahlenvergleich/" + query)
    assert response.status_code == status
    assert expected in response.get_data(as_text=True)


def test_comparison_csv_is_the_table_shown(client):
    response = client.get("/en/comparison/?indicator=bevoelkerung&regions=saalekreis&from=2019&to=2020&format=csv")
    rows = read_csv(response.data)
    assert [(r["region"], r["year"]) for r in rows] == [("saalekreis", "2019"), ("saalekreis", "2020")]
    want = {r["year"]: float(r["value"]) for r in source_rows("bevoelkerung", region="saalekreis")}
    assert [float(r["value"]) for r in rows] == [want["2019"], want["2020"]]


def test_region_profile_and_overview(client):
    html = client.get("/de/regionen/saalekreis/").get_data(as_text=True)
    assert "Kennzahlen für Saalekreis" in html and " von 9" in html
    assert 'class="sparkline"' in html and ("steigend von" in html or "fallend von" in html)
    overview = client.get("/en/regions/").get_data(as_text=True)
    assert "map-overview" in overview and "/en/regions/saalekreis/" in overview


def test_catalogue_overview_filters_by_stage(client):
    html = client.get("/de/kennzahlen/?stage=fruehe-bildung").get_data(as_text=True)
    assert "Betreuungsquote" in html and "Arbeitslosenquote" not in html and 'class="sparkline"' in html
    assert client.get("/de/kennzahlen/?stage=mond").status_code == 400
