"""The story map: country outlines that ship in the package and the story's places and events, as
inline SVG, fitted to the places and labelled without overlaps.

Equirectangular projection with the longitude scaled by cos(latitude) at the map's centre, so the
Balkans keep their shape. Outlines are Natural Earth 1:110m (see `build_map.py`); nothing is
fetched at view time. Everything is drawn in screen pixels (the outlines through one transform),
so labels can be placed where they collide with nothing: a label that fits nowhere is left off
the picture (it stays in the marker's tooltip and in the list beside the map).
"""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from markupsafe import Markup, escape

MIN_SPAN = 1.2  # degrees; a map of one town still shows its surroundings
CLUSTER = 12.0  # degrees from the places' median beyond which a place is left off the map
LABEL_PX, COUNTRY_PX, CHAR_WIDTH = 13, 11, 0.6  # font sizes, and a character's width in font sizes


@dataclass(slots=True, frozen=True)
class Place:
    """A point to draw: a named place or an event, with the text its tooltip shows."""

    name: str
    lat: float
    lon: float
    kind: str = "place"  # place or event
    detail: str = ""
    href: str = ""  # where a click goes (an entity page, an event's row)
    label: str = ""  # what the map writes beside it (the name when empty)
    anchor: bool = True  # False: a region ("Balkans", "Europe") drawn when in view, never widening it


@dataclass(slots=True, frozen=True)
class _Outline:
    name: str
    path: str  # SVG path in (lon, -lat) degrees
    west: float
    south: float
    east: float
    north: float
    label_at: tuple[float, float]  # (lon, lat) inside the largest ring
    element: str = ""  # the outline as the map draws it, made once (a map draws dozens of them)


@lru_cache(maxsize=1)
def outlines() -> tuple[_Outline, ...]:
    body = json.loads((files("newsfuse.web") / "data" / "countries-110m.json").read_text(encoding="utf-8"))
    found = []
    for country in body["countries"]:
        lons = [p[0] for ring in country["rings"] for p in ring]
        lats = [p[1] for ring in country["rings"] for p in ring]
        path = "".join("M" + "L".join(f"{lon:g},{-lat:g}" for lon, lat in ring) + "Z" for ring in country["rings"])
        largest = max(country["rings"], key=len)
        centre = (sum(p[0] for p in largest) / len(largest), sum(p[1] for p in largest) / len(largest))
        element = (f'<path d="{path}" vector-effect="non-scaling-stroke"><title>{escape(country["name"])}</title>'
                   f'</path>')
        found.append(_Outline(country["name"], path, min(lons), min(lats), max(lons), max(lats), centre, element))
    return tuple(found)


def _valid(place: Place) -> bool:
    return (isinstance(place.lat, (int, float)) and isinstance(place.lon, (int, float))
            and not isinstance(place.lat, bool) and not isinstance(place.lon, bool)
            and not (math.isnan(place.lat) or math.isnan(place.lon))
            and -90 <= place.lat <= 90 and -180 <= place.lon <= 180)


def fit(places: list[Place]) -> tuple[list[Place], list[Place]]:
    """The places the map shows and the ones left off: those far from where most of the story is
    (a capital abroad would make a map of a village the size of a continent)."""
    places = [p for p in places if _valid(p)]
    if len(places) < 3:
        return places, []
    anchors = [p for p in places if p.anchor] or places
    lat = statistics.median(p.lat for p in anchors)
    lon = statistics.median(p.lon for p in anchors)
    stretch = max(math.cos(math.radians(lat)), 0.2)
    near = [p for p in places if abs(p.lat - lat) <= CLUSTER and abs(p.lon - lon) * stretch <= CLUSTER]
    if not any(p.anchor for p in near):
        return places, []
    if len(near) * 2 < len(places):
        return places, []
    return near, [p for p in places if p not in near]


class _Boxes:
    """Rectangles already taken on the picture."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.taken: list[tuple[float, float, float, float]] = []

    def free(self, box: tuple[float, float, float, float]) -> bool:
        x1, y1, x2, y2 = box
        if x1 < 2 or y1 < 2 or x2 > self.width - 2 or y2 > self.height - 2:
            return False
        return all(x2 <= a1 or x1 >= a2 or y2 <= b1 or y1 >= b2 for a1, b1, a2, b2 in self.taken)

    def take(self, box: tuple[float, float, float, float]) -> None:
        self.taken.append(box)


def _label_box(x: float, y: float, text: str, size: float, anchor: str) -> tuple[float, float, float, float]:
    w = len(text) * size * CHAR_WIDTH + 4
    left = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
    return (left, y - size * 0.85, left + w, y + size * 0.3)


# where a label may go around its marker: (dx, dy, text-anchor), best first
SPOTS = ((9, 4, "start"), (-9, 4, "end"), (0, -10, "middle"), (0, 18, "middle"),
         (8, -8, "start"), (-8, -8, "end"), (8, 16, "start"), (-8, 16, "end"))


def map_svg(places: list[Place], width: int = 640, height: int = 420,
            label: str = "Map of the places named in the story") -> Markup | None:
    """An SVG map of the places, or None when none has coordinates."""
    places = [p for p in places if _valid(p)]
    if not places:
        return None
    anchors = [p for p in places if p.anchor] or places
    west, east = min(p.lon for p in anchors), max(p.lon for p in anchors)
    south, north = min(p.lat for p in anchors), max(p.lat for p in anchors)
    mid_lat = (south + north) / 2
    scale_x = max(math.cos(math.radians(mid_lat)), 0.2)
    span_x = max((east - west) * 1.5, MIN_SPAN) * scale_x
    span_y = max((north - south) * 1.5, MIN_SPAN * scale_x * height / width)
    if span_x / span_y < width / height:  # widen one side so the box has the picture's aspect ratio
        span_x = span_y * width / height
    else:
        span_y = span_x * height / width
    cx, cy = (west + east) / 2 * scale_x, -mid_lat
    left, top = cx - span_x / 2, cy - span_y / 2
    unit = span_x / width  # map units per pixel

    def px(lon: float, lat: float) -> tuple[float, float]:
        return (lon * scale_x - left) / unit, (-lat - top) / unit

    view_west, view_east = left / scale_x, (left + span_x) / scale_x
    view_north, view_south = -top, -(top + span_y)
    parts = [f'<svg class="map" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="group" '
             f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
             f'<rect class="sea" x="0" y="0" width="{width}" height="{height}"/>',
             f'<g class="land" transform="matrix({scale_x / unit:.5f} 0 0 {1 / unit:.5f} {-left / unit:.3f} '
             f'{-top / unit:.3f})" aria-hidden="true">']
    shown = []
    for outline in outlines():
        if outline.east < view_west or outline.west > view_east or outline.north < view_south or outline.south > view_north:
            continue
        shown.append(outline)
        parts.append(outline.element)
    parts.append("</g>")

    boxes = _Boxes(width, height)
    markers, texts = [], []
    points: list[tuple[Place, float, float]] = []
    for place in sorted(places, key=lambda p: (p.kind == "event", not p.anchor, p.name)):
        x, y = px(place.lon, place.lat)
        if not (0 <= x <= width and 0 <= y <= height):
            continue
        if place.kind == "event":  # beside a place at the same spot, not on top of it
            while any(abs(x - ox) < 9 and abs(y - oy) < 9 for _, ox, oy in points):
                x, y = x + 7, y + 7
        points.append((place, x, y))
        boxes.take((x - 6, y - 6, x + 6, y + 6))
    for place, x, y in points:
        tooltip = escape(place.name + (f" — {place.detail}" if place.detail else ""))
        kind = "event" if place.kind == "event" else "place"
        shape = (f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" transform="rotate(45 {x:.1f} {y:.1f})"/>'
                 if kind == "event" else f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5"/>')
        body = f'{shape}<title>{tooltip}</title>'
        if place.href.startswith(("/", "#")):  # links within this site only, whatever a caller passes
            markers.append(f'<a class="pin {kind}" href="{escape(place.href)}" aria-label="{tooltip}">{body}</a>')
        else:
            markers.append(f'<g class="pin {kind}">{body}</g>')
    written: set[str] = set()
    for place, x, y in points:
        text = _short(place.label or place.name)
        if text in written:
            continue
        for dx, dy, anchor in SPOTS:
            box = _label_box(x + dx, y + dy, text, LABEL_PX, anchor)
            if boxes.free(box):
                boxes.take(box)
                written.add(text)
                css = "label event" if place.kind == "event" else "label"
                texts.append(f'<text class="{css}" x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" '
                             f'aria-hidden="true">{escape(text)}</text>')
                break
    for outline in shown:  # country names last: only where nothing of the story is
        lon, lat = outline.label_at
        if outline.name in written or not (view_west < lon < view_east and view_south < lat < view_north):
            continue
        x, y = px(lon, lat)
        box = _label_box(x, y, outline.name, COUNTRY_PX, "middle")
        if boxes.free(box):
            boxes.take(box)
            texts.insert(0, f'<text class="country" x="{x:.1f}" y="{y:.1f}" text-anchor="middle" '
                            f'aria-hidden="true">{escape(outline.name)}</text>')
    parts += texts
    parts += markers
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
