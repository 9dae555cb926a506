"""Server-rendered charts as inline SVG: a story's timeline and a thread's stories on a time axis.

Every label is escaped; dates that cannot be read are left off the chart (they stay in the lists
beside it).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote

from markupsafe import Markup, escape

LEFT, RIGHT, TOP, ROW, AXIS = 16, 16, 12, 24, 34


def span_of(value: str | None, precision: str = "day") -> tuple[date, date] | None:
    """The days a TIMEX-like date covers: a day, an ISO week, a month or a year."""
    if not value:
        return None
    try:
        if m := re.match(r"(\d{4})-W(\d{2})", value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + timedelta(days=6)
        if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", value):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := re.match(r"(\d{4})-(\d{2})(?!\d)", value):
            year, month = int(m[1]), int(m[2])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if m := re.match(r"(\d{4})(?!\d)", value):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


@dataclass(slots=True, frozen=True)
class Bar:
    """One row of a chart: what to write, the days it covers, where it links to."""

    label: str
    start: date
    end: date
    href: str = ""
    tooltip: str = ""
    css: str = ""  # a class name chosen by the caller, never from data
    marks: tuple[date, ...] = ()  # other dates for the same row (conflicting reports)


class _Scale:
    def __init__(self, first: date, last: date, width: int) -> None:
        if last <= first:
            first, last = first - timedelta(days=1), last + timedelta(days=1)
        pad = max((last - first).days * 0.04, 0.5)
        self.first = first - timedelta(days=pad)
        self.days = (last - first).days + 2 * pad
        self.width = width

    def x(self, day: date) -> float:
        return LEFT + (day - self.first).days / self.days * (self.width - LEFT - RIGHT)

    def ticks(self) -> list[tuple[date, str]]:
        last = self.first + timedelta(days=self.days)
        if self.days > 720:
            years = range(self.first.year + 1, last.year + 1)
            step = max(1, -(-len(years) // 10))
            return [(date(y, 1, 1), str(y)) for y in years if y % step == 0]
        if self.days > 60:
            out, year, month = [], self.first.year, self.first.month
            while True:
                month += 1
                if month == 13:
                    year, month = year + 1, 1
                day = date(year, month, 1)
                if day > last:
                    break
                out.append((day, day.strftime("%b %Y") if month == 1 or not out else day.strftime("%b")))
            step = max(1, len(out) // 12)
            return out[::step]
        step = max(1, round(self.days / 10))
        start = self.first + timedelta(days=1)
        return [(start + timedelta(days=k), (start + timedelta(days=k)).strftime("%d %b"))
                for k in range(0, int(self.days), step)]


def chart(bars: list[Bar], width: int = 760, label: str = "Timeline") -> Markup | None:
    """Rows of bars (or dots, for a single day) on one shared time axis, newest last."""
    if not bars:
        return None
    dates = [d for b in bars for d in (b.start, b.end, *b.marks)]
    scale = _Scale(min(dates), max(dates), width)
    height = TOP + ROW * len(bars) + AXIS
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="group" '
           f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">']
    axis_y = TOP + ROW * len(bars) + 6
    out.append(f'<line class="axis" x1="{LEFT}" y1="{axis_y}" x2="{width - RIGHT}" y2="{axis_y}"/>')
    for day, text in scale.ticks():
        x = scale.x(day)
        out.append(f'<line class="tick" x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{axis_y + 4}"/>'
                   f'<text class="tick-label" x="{x:.1f}" y="{axis_y + 18}" text-anchor="middle">{escape(text)}</text>')
    for row, bar in enumerate(bars):
        y = TOP + ROW * row + ROW / 2
        x1, x2 = scale.x(bar.start), scale.x(bar.end + timedelta(days=1)) if bar.end > bar.start else scale.x(bar.start)
        css = f"row {bar.css}".strip()
        body = [f'<title>{escape(bar.tooltip or bar.label)}</title>']
        for mark in bar.marks:
            mx = scale.x(mark)
            body.append(f'<line class="conflict" x1="{min(mx, x1):.1f}" y1="{y:.1f}" x2="{max(mx, x1):.1f}" y2="{y:.1f}"/>'
                        f'<circle class="conflict" cx="{mx:.1f}" cy="{y:.1f}" r="5"/>')
        if x2 - x1 >= 6:
            body.append(f'<rect class="bar" x="{x1:.1f}" y="{y - 7:.1f}" width="{x2 - x1:.1f}" height="14" rx="3"/>')
        else:
            body.append(f'<circle class="dot" cx="{x1:.1f}" cy="{y:.1f}" r="6"/>')
        right = x2 < width * 0.6
        tx = (max(x2, x1) + 10) if right else (x1 - 10)
        body.append(f'<text x="{tx:.1f}" y="{y + 4:.1f}" text-anchor="{"start" if right else "end"}">'
                    f'{escape(_short(bar.label, 70))}</text>')
        inner = "".join(body)
        if bar.href:
            out.append(f'<a class="{escape(css)}" href="{escape(bar.href)}">{inner}</a>')
        else:
            out.append(f'<g class="{escape(css)}">{inner}</g>')
    out.append("</svg>")
    return Markup("".join(out))


def story_href(story_id: str) -> str:
    return "/story/" + quote(story_id, safe="")


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def trend(points: list[tuple[date, float, str]], width: int = 360, height: int = 150,
          label: str = "A figure over time") -> Markup | None:
    """A small chart of one figure's values over time: a dot per outlet's report (its tooltip says
    who, what and when), joined in date order; None with fewer than two dated values."""
    points = sorted(p for p in points if isinstance(p[1], (int, float)))
    if len(points) < 2:
        return None
    from newsfuse.format import date_text, number

    left, right, top, bottom = 56, 14, 12, 26
    first, last = points[0][0], points[-1][0]
    days = max((last - first).days, 1)
    low, high = min(p[1] for p in points), max(p[1] for p in points)
    if high == low:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad

    def xy(day: date, value: float) -> tuple[float, float]:
        x = left + (day - first).days / days * (width - left - right) if last > first else (left + width - right) / 2
        return x, top + (high - value) / (high - low) * (height - top - bottom)

    out = [f'<svg class="trend" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
           f'<line class="axis" x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}"/>',
           f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}"/>']
    for value in (low + pad, high - pad):
        _, y = xy(first, value)
        out.append(f'<text class="tick-label" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(number(value))}</text>')
    for day, anchor in ((first, "start"), (last, "end")):
        x, _ = xy(day, low)
        out.append(f'<text class="tick-label" x="{x:.1f}" y="{height - 8}" text-anchor="{anchor}">'
                   f'{escape(date_text(day.isoformat()))}</text>')
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(d, v) for d, v, _ in points))
    out.append(f'<polyline class="trend-line" points="{line}"/>')
    for day, value, tip in points:
        x, y = xy(day, value)
        out.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="4.5"><title>{escape(tip)}</title></circle>')
    out.append("</svg>")
    return Markup("".join(out))
