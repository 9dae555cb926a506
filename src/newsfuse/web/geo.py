"""The story map: country outlines that ship in the package and the story's places, as inline SVG.

Equirectangular projection with the longitude scaled by cos(latitude) at the map's centre, so the
Balkans keep their shape. Outlines are Natural Earth 1:110m (see `build_map.py`); nothing is
fetched at view time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from markupsafe import Markup, escape

MIN_SPAN = 5.0  # degrees; a map of one town still shows its surroundings


@dataclass(slots=True, frozen=True)
class Place:
    """A point to draw: a named place or an event, with the text its tooltip shows."""

    name: str
    lat: float
    lon: float
    kind: str = "place"  # place or event
    detail: str = ""


@dataclass(slots=True, frozen=True)
class _Outline:
    name: str
    path: str  # SVG path in (lon, -lat) degrees
    west: float
    south: float
    east: float
    north: float


@lru_cache(maxsize=1)
def outlines() -> tuple[_Outline, ...]:
    body = json.loads((files("newsfuse.web") / "data" / "countries-110m.json").read_text(encoding="utf-8"))
    found = []
    for country in body["countries"]:
        lons = [p[0] for ring in country["rings"] for p in ring]
        lats = [p[1] for ring in country["rings"] for p in ring]
        path = "".join("M" + "L".join(f"{lon:g},{-lat:g}" for lon, lat in ring) + "Z" for ring in country["rings"])
        found.append(_Outline(country["name"], path, min(lons), min(lats), max(lons), max(lats)))
    return tuple(found)


def _valid(place: Place) -> bool:
    return (isinstance(place.lat, (int, float)) and isinstance(place.lon, (int, float))
            and -90 <= place.lat <= 90 and -180 <= place.lon <= 180
            and not (math.isnan(place.lat) or math.isnan(place.lon)))


def map_svg(places: list[Place], width: int = 640, height: int = 420) -> Markup | None:
    """An SVG map of the places, or None when none has coordinates."""
    places = [p for p in places if _valid(p)]
    if not places:
        return None
    west, east = min(p.lon for p in places), max(p.lon for p in places)
    south, north = min(p.lat for p in places), max(p.lat for p in places)
    mid_lat = (south + north) / 2
    scale_x = max(math.cos(math.radians(mid_lat)), 0.2)
    span_x = max((east - west) * 1.4, MIN_SPAN) * scale_x
    span_y = max((north - south) * 1.4, MIN_SPAN * scale_x * height / width)
    # widen one side so the box has the picture's aspect ratio
    if span_x / span_y < width / height:
        span_x = span_y * width / height
    else:
        span_y = span_x * height / width
    cx, cy = (west + east) / 2 * scale_x, -mid_lat
    box = (cx - span_x / 2, cy - span_y / 2, span_x, span_y)
    view_west, view_east = box[0] / scale_x, (box[0] + span_x) / scale_x
    view_north, view_south = -box[1], -(box[1] + span_y)
    unit = span_x / width  # one screen pixel in map units
    parts = [f'<svg class="map" viewBox="{box[0]:.4f} {box[1]:.4f} {span_x:.4f} {span_y:.4f}" '
             f'width="{width}" height="{height}" role="img" aria-label="Map of the places named in the story" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<rect class="sea" x="{box[0]:.4f}" y="{box[1]:.4f}" width="{span_x:.4f}" height="{span_y:.4f}"/>',
             f'<g class="land" transform="scale({scale_x:.6f},1)">']
    labels: list[str] = []
    for outline in outlines():
        if outline.east < view_west or outline.west > view_east or outline.north < view_south or outline.south > view_north:
            continue
        parts.append(f'<path d="{outline.path}" vector-effect="non-scaling-stroke"><title>{escape(outline.name)}</title></path>')
        lon, lat = (outline.west + outline.east) / 2, (outline.south + outline.north) / 2
        if view_west < lon < view_east and view_south < lat < view_north:
            labels.append(f'<text class="country" x="{lon * scale_x:.4f}" y="{-lat:.4f}" text-anchor="middle" '
                          f'font-size="{11 * unit:.4f}">{escape(outline.name)}</text>')
    parts.append("</g>")
    parts += labels
    for place in sorted(places, key=lambda p: (p.kind != "event", p.name)):
        x, y = place.lon * scale_x, -place.lat
        tooltip = escape(place.name + (f" — {place.detail}" if place.detail else ""))
        shape = (f'<rect x="{x - 4 * unit:.4f}" y="{y - 4 * unit:.4f}" width="{8 * unit:.4f}" height="{8 * unit:.4f}"/>'
                 if place.kind == "event" else f'<circle cx="{x:.4f}" cy="{y:.4f}" r="{5 * unit:.4f}"/>')
        parts.append(f'<g class="pin {escape(place.kind)}">{shape}<title>{tooltip}</title></g>')
    for place in {p.name: p for p in sorted(places, key=lambda p: p.kind == "place")}.values():
        x, y = place.lon * scale_x, -place.lat
        parts.append(f'<text x="{x + 8 * unit:.4f}" y="{y + 4 * unit:.4f}" font-size="{13 * unit:.4f}">'
                     f'{escape(_short(place.name))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
