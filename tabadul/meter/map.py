"""Maps of a body's projects, drawn on the server as SVG (issue 19, "Where the projects are").

No outside service: the outlines are Natural Earth's first-level divisions shipped in `data/outlines.json` (see
`data/NOTICE.md`), projected here with Web Mercator (the projection of map tiles, so an optional tile background
from `settings.METER_MAP_TILE_URL` lines up) into an SVG whose markers are links. The same numbers let the
project form's small script (`static/js/map-pick.js`) turn a click back into a latitude and a longitude: the
SVG carries its frame in `data-` attributes and `point_at` is the inverse the script follows.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tabadul.core.formats import format_number

from .schedule import status_of

OUTLINES_PATH = Path(__file__).parent / "data" / "outlines.json"
EARTH_CIRCUMFERENCE_M = 40_075_016.686
WIDTH = 600  # the SVG's own units; it is stretched to the width of the page
MIN_SPAN_M = 2_000  # a town-sized frame at least, even around a single project
PAD = 0.15  # room around the outermost markers, as a share of the frame
TILE_SIZE = 256
MAX_TILES = 16


def mercator(lat: float, lon: float) -> tuple[float, float]:
    """Web Mercator in world units: x and y from 0 to 1, y growing southwards (as tiles and SVG do)."""
    lat = max(-85.0511, min(85.0511, float(lat)))
    x = (float(lon) + 180) / 360
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2
    return x, y


def unmercator(x: float, y: float) -> tuple[float, float]:
    lon = x * 360 - 180
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))
    return lat, lon


@dataclass(frozen=True)
class Outline:
    country: str
    code: str
    name_en: str
    name_ar: str
    rings: tuple  # of tuples of (x, y) in world units
    bbox: tuple  # x0, y0, x1, y1 in world units

    @property
    def name(self) -> str:
        return self.name_ar if (get_language() or "ar").startswith("ar") else self.name_en


@functools.cache
def outlines() -> tuple[Outline, ...]:
    data = json.loads(OUTLINES_PATH.read_text(encoding="utf-8"))
    result = []
    for item in data["outlines"]:
        rings = tuple(tuple(mercator(lat, lon) for lon, lat in ring) for ring in item["rings"])
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        result.append(
            Outline(
                item["country"],
                item["code"],
                item["name_en"],
                item["name_ar"],
                rings,
                (min(xs), min(ys), max(xs), max(ys)),
            )
        )
    return tuple(result)


def country_outlines(country_code: str) -> list[Outline]:
    return [outline for outline in outlines() if outline.country == country_code]


@dataclass(frozen=True)
class Frame:
    """What part of the world an SVG shows: world units (x0, y0) at its top left corner, `scale` SVG units per
    world unit, `width` × `height` SVG units."""

    x0: float
    y0: float
    scale: float
    width: int
    height: int

    def project(self, lat, lon) -> tuple[float, float]:
        x, y = mercator(lat, lon)
        return (x - self.x0) * self.scale, (y - self.y0) * self.scale

    def point_at(self, px: float, py: float) -> tuple[float, float]:
        """The latitude and longitude under an SVG point (what map-pick.js computes from a click)."""
        return unmercator(self.x0 + px / self.scale, self.y0 + py / self.scale)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.x0, self.y0, self.x0 + self.width / self.scale, self.y0 + self.height / self.scale

    def data_attributes(self) -> SafeString:
        return format_html('data-x0="{}" data-y0="{}" data-scale="{}"', repr(self.x0), repr(self.y0), repr(self.scale))


def frame_around(points, *, width: int = WIDTH, min_span_m: float = MIN_SPAN_M, pad: float = PAD) -> Frame:
    """The frame that shows every (lat, lon) of `points` with some room around, at least `min_span_m` across, and
    between half as high and as high as it is wide."""
    projected = [mercator(lat, lon) for lat, lon in points]
    xs, ys = [x for x, _ in projected], [y for _, y in projected]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    lat, _ = unmercator(cx, cy)
    min_span = min_span_m / (EARTH_CIRCUMFERENCE_M * math.cos(math.radians(lat)))
    span_x = max((max(xs) - min(xs)) * (1 + 2 * pad), min_span)
    span_y = max((max(ys) - min(ys)) * (1 + 2 * pad), span_x / 2)
    span_x = max(span_x, span_y)  # never higher than wide: a tall frame is widened
    scale = width / span_x
    height = round(span_y * scale)
    return Frame(cx - span_x / 2, cy - span_y / 2, scale, width, height)


def frame_of_outlines(items: list[Outline], *, width: int = WIDTH) -> Frame | None:
    if not items:
        return None
    x0 = min(o.bbox[0] for o in items)
    y0 = min(o.bbox[1] for o in items)
    x1 = max(o.bbox[2] for o in items)
    y1 = max(o.bbox[3] for o in items)
    span = max(x1 - x0, y1 - y0) * (1 + 2 * 0.04)
    scale = width / span
    height = round((y1 - y0) * (1 + 2 * 0.04) * scale)
    return Frame((x0 + x1) / 2 - span / 2, (y0 + y1) / 2 - height / scale / 2, scale, width, height)


def _join(pieces) -> SafeString:
    return mark_safe("".join(pieces))  # noqa: S308 - each piece made by format_html, or numbers only


def _overlaps(a, b) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _path(frame: Frame, rings) -> str:
    parts = []
    for ring in rings:
        points, last = [], None
        for x, y in ring:
            point = (round((x - frame.x0) * frame.scale, 1), round((y - frame.y0) * frame.scale, 1))
            if point != last:
                points.append(f"{point[0]:g},{point[1]:g}")
                last = point
        if len(points) >= 3:
            parts.append("M" + "L".join(points) + "Z")
    return "".join(parts)


def _outline_paths(frame: Frame, items) -> SafeString:
    return _join(
        format_html('<path class="map-area" d="{}"/>', _path(frame, outline.rings))
        for outline in items
        if _overlaps(outline.bbox, frame.bbox)
    )


def tile_host() -> str:
    """The scheme and host of the tile server (for the Content-Security-Policy), or "" when there is none."""
    url = getattr(settings, "METER_MAP_TILE_URL", "")
    if not url:
        return ""
    parts = urlsplit(url.replace("{", "").replace("}", ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("https", "http") and parts.netloc else ""


def tile_attribution() -> str:
    """The credit the tile server asks for, shown under a map drawn on its tiles."""
    return getattr(settings, "METER_MAP_TILE_ATTRIBUTION", "") if tile_host() else ""


def _tiles(frame: Frame) -> SafeString:
    """<image> tiles under the map when a tile server is configured: the zoom whose tiles are at least as sharp
    as the frame, at most MAX_TILES of them."""
    url = getattr(settings, "METER_MAP_TILE_URL", "")
    if not url or not tile_host():
        return _join([])
    zoom = max(0, min(19, math.ceil(math.log2(frame.scale / TILE_SIZE))))
    while zoom > 0:
        n = 2**zoom
        x0, y0, x1, y1 = frame.bbox
        columns = range(math.floor(x0 * n), math.floor(x1 * n) + 1)
        rows = range(max(0, math.floor(y0 * n)), min(n - 1, math.floor(y1 * n)) + 1)
        if len(columns) * len(rows) <= MAX_TILES:
            break
        zoom -= 1
    n = 2**zoom
    x0, y0, x1, y1 = frame.bbox
    size = frame.scale / n
    images = []
    for tx in range(math.floor(x0 * n), math.floor(x1 * n) + 1):
        for ty in range(max(0, math.floor(y0 * n)), min(n - 1, math.floor(y1 * n)) + 1):
            href = url.replace("{z}", str(zoom)).replace("{x}", str(tx % n)).replace("{y}", str(ty))
            images.append(
                format_html(
                    '<image href="{}" x="{}" y="{}" width="{}" height="{}"/>',
                    href,
                    f"{(tx / n - frame.x0) * frame.scale:.1f}",
                    f"{(ty / n - frame.y0) * frame.scale:.1f}",
                    f"{size + 0.5:.1f}",
                    f"{size + 0.5:.1f}",
                )
            )
    return _join(['<g class="map-tiles">', *images, "</g>"])


@dataclass(frozen=True)
class Marker:
    number: int
    lat: Decimal
    lon: Decimal
    label: str  # the accessible name: number, project name and status
    url: str = ""
    key: str = ""  # the schedule status (schedule.py), for the colour


MARKER_RADIUS = 11


def spread(positions: list[tuple[float, float]], *, gap: float = 2 * MARKER_RADIUS + 2) -> list[tuple[float, float]]:
    """Where to draw markers so that none hides another: each stays at its point unless an earlier one is closer
    than `gap`; then it moves out along a spiral around its point until it is clear (a marker is a link to tap, and
    a point drawn a few pixels off is still in the right street)."""
    placed: list[tuple[float, float]] = []
    for x, y in positions:
        step, candidate = 0, (x, y)
        while any((candidate[0] - px) ** 2 + (candidate[1] - py) ** 2 < gap * gap for px, py in placed):
            step += 1
            angle = step * 2.4  # the golden angle, in radians: the tries spread evenly around the point
            radius = gap * 0.6 * math.sqrt(step)
            candidate = (x + radius * math.cos(angle), y + radius * math.sin(angle))
        placed.append(candidate)
    return placed


def _marker(frame: Frame, marker: Marker, at: tuple[float, float] | None = None) -> SafeString:
    x, y = at or frame.project(marker.lat, marker.lon)
    shape = format_html(
        '<circle cx="{x}" cy="{y}" r="{r}"/><text x="{x}" y="{ty}" aria-hidden="true">{n}</text>',
        x=f"{x:.1f}",
        y=f"{y:.1f}",
        ty=f"{y + 4:.1f}",
        r=MARKER_RADIUS,
        n=format_number(marker.number),
    )
    if not marker.url:
        return format_html('<g class="marker marker-{}"><title>{}</title>{}</g>', marker.key, marker.label, shape)
    return format_html(
        '<a href="{}" class="marker marker-{}" aria-label="{}"><title>{}</title>{}</a>',
        marker.url,
        marker.key,
        marker.label,
        marker.label,
        shape,
    )


def projects_map(
    markers: list[Marker],
    *,
    title: str,
    country: str,
    svg_id: str = "project-map",
    pick: bool = False,
    frame=None,
    others=(),
) -> SafeString:
    """The map of `markers` over the outlines of `country` (its ISO code). `pick` marks it for the project form's
    script (a click sets the point). `others` are (lat, lon) drawn as small dots for context (a project page shows
    the plan's other projects around it). Without markers and without `frame`, the whole country."""
    if frame is None:
        if markers:
            frame = frame_around([(m.lat, m.lon) for m in markers] + list(others))
        else:
            frame = frame_of_outlines(country_outlines(country)) or frame_around([(31.9, 35.2)])
    where = spread([frame.project(m.lat, m.lon) for m in markers])
    drawn = (_marker(frame, m, at) for m, at in zip(markers, where, strict=True))
    dots = (_context_dot(frame, lat, lon) for lat, lon in others)
    body = _join([_tiles(frame), _outline_paths(frame, outlines()), *dots, *drawn])
    title_id = f"{svg_id}-title"
    return format_html(
        '<svg id="{id}" class="project-map{pick_class}" viewBox="0 0 {w} {h}" aria-labelledby="{tid}"'
        ' {data}{pick}><title id="{tid}">{title}</title><rect class="map-sea" width="{w}" height="{h}"/>{body}</svg>',
        id=svg_id,
        pick_class=" map-pick" if pick else "",
        w=frame.width,
        h=frame.height,
        tid=title_id,
        data=frame.data_attributes(),
        pick=_join([' data-map-pick=""']) if pick else "",
        title=title,
        body=body,
    )


def _context_dot(frame: Frame, lat, lon) -> SafeString:
    x, y = frame.project(lat, lon)
    return format_html('<circle class="map-other" cx="{}" cy="{}" r="4"/>', f"{x:.1f}", f"{y:.1f}")


def locator(lat, lon, *, country: str, title: str, width: int = 160) -> SafeString:
    """A small map of the whole country with a dot where the main map is (role img: its title says where)."""
    items = country_outlines(country)
    frame = frame_of_outlines(items, width=width)
    if frame is None:
        return _join([])
    x, y = frame.project(lat, lon)
    return format_html(
        '<svg class="map-locator" viewBox="0 0 {w} {h}" role="img" aria-label="{title}"><title>{title}</title>'
        '{paths}<circle class="map-here" cx="{x}" cy="{y}" r="5"/></svg>',
        w=frame.width,
        h=frame.height,
        title=title,
        paths=_outline_paths(frame, items),
        x=f"{x:.1f}",
        y=f"{y:.1f}",
    )


def region_of(lat, lon, *, country: str) -> Outline | None:
    """The first-level division (of `country`) whose outline holds the point, by ray casting."""
    x, y = mercator(lat, lon)
    for outline in country_outlines(country):
        if not (outline.bbox[0] <= x <= outline.bbox[2] and outline.bbox[1] <= y <= outline.bbox[3]):
            continue
        inside = False
        for ring in outline.rings:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                    inside = not inside
        if inside:
            return outline
    return None


def project_markers(projects, *, link: bool = True) -> tuple[list[Marker], dict[int, int]]:
    """Markers for the projects that have a point, numbered in the order given (the list's order), and each
    project's number by id (projects without a point keep a number, so the list and the map agree)."""
    markers, numbers = [], {}
    for number, project in enumerate(projects, start=1):
        numbers[project.pk] = number
        if not project.has_point:
            continue
        status = status_of(project)
        label = _("%(number)s. %(name)s — %(status)s") % {
            "number": format_number(number),
            "name": project.name,
            "status": status.label,
        }
        markers.append(
            Marker(
                number,
                project.latitude,
                project.longitude,
                label,
                url=project.get_absolute_url() if link else "",
                key=status.key,
            )
        )
    return markers, numbers


PICK_MIN_SPAN_M = 6_000


def pick_map(*, points, country: str, title: str) -> SafeString:
    """The project form's map: around the plan's projects (or the whole country when none has a point yet); a click
    on it fills in the latitude and longitude (static/js/map-pick.js), which can also be typed."""
    frame = frame_around(points, min_span_m=PICK_MIN_SPAN_M) if points else None
    return projects_map([], title=title, country=country, svg_id="pick-map", pick=True, frame=frame)
