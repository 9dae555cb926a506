"""When a fact holds: explicit dates in a sentence, the article's time expressions, its date.

Dates are ISO strings of the precision the text gives ("2023-09-24", "2023-11", "2024"); a day
and month without a year and without an article date to anchor them keep the TIMEX3 placeholder
("XXXX-09-24"). `compatible` compares such partial dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from newsfuse.models import Article
from newsfuse.text import calendar
from newsfuse.text.tense import direction_at

RELATIVE = {
    "today": 0, "tonight": 0, "now": 0, "currently": 0, "this week": 0, "yesterday": -1, "tomorrow": 1,
    "recently": 0, "this month": 0,
}
# Words that make a date a reference point rather than the time of the fact ("after the attack on
# September 24, NATO has ..."): a date under one of these belongs to the nested event.
ANCHOR_PREPOSITIONS = frozenset({"after", "since", "before", "following", "until", "ahead", "prior"})


@dataclass(slots=True, frozen=True)
class DateMention:
    """A date found in text: its ISO value (maybe partial) and character span."""

    value: str
    start: int
    end: int
    text: str


def reference_date(article: Article) -> date | None:
    """The day the article speaks from: its publication date, else the first absolute TIMEX date."""
    for value in [article.published or ""] + [t.value for t in article.times if t.type == "DATE"]:
        day = calendar.parse_day(value)
        if day is not None:
            return day
    return None


def _resolve(month: int, day: int | None, year: int | None, ref: date | None, tense: str | None = None) -> str:
    """A month/day with an optional year: the year from the text, else `calendar.year_for` from the
    reference date (the one rule for a year left out), else XXXX."""
    if year is None and ref is not None:
        year = calendar.year_for(ref, month, day, tense)
    y = f"{year:04d}" if year else "XXXX"
    return f"{y}-{month:02d}-{day:02d}" if day else f"{y}-{month:02d}"


def find_dates(text: str, offset: int = 0, ref: date | None = None) -> list[DateMention]:
    """Explicit calendar dates in `text` (offsets shifted by `offset`), resolved against `ref`:
    days, months of a year and years after a preposition ("in 1999"), as `text.calendar` reads them.
    A day without a year takes the year the tense of `text` (one sentence) points to."""
    found = []
    for d in calendar.find_dates(text, years=True):
        tense = None
        if d.year is None and ref is not None:
            tense = direction_at(text, (0, len(text)), d.start, d.end)
        found.append(DateMention(d.resolved(ref, tense), offset + d.start, offset + d.end, text[d.start:d.end]))
    return found


def relative_date(text: str, ref: date | None) -> tuple[str | None, bool]:
    """The date a relative phrase in `text` points to ("next year" -> ref year + 1) and whether the
    phrase looks ahead (a planned figure)."""
    lower = text.lower()
    if ref is None:
        return None, bool(re.search(r"\bnext (year|month|week)\b", lower))
    if re.search(r"\bnext year\b", lower):
        return str(ref.year + 1), True
    if re.search(r"\bnext month\b", lower):
        nxt = (ref.replace(day=1) + timedelta(days=32))
        return f"{nxt.year:04d}-{nxt.month:02d}", True
    if re.search(r"\bnext week\b", lower):
        return (ref + timedelta(days=7)).isoformat(), True
    if re.search(r"\blast year\b", lower):
        return str(ref.year - 1), False
    if re.search(r"\bthis year\b", lower):
        return str(ref.year), False
    for phrase, days in RELATIVE.items():
        if re.search(rf"\b{phrase}\b", lower):
            return (ref + timedelta(days=days)).isoformat(), days > 0
    return None, False


WEEK = re.compile(r"(\d{4})-W(\d{2})$")
MONTH = re.compile(r"\d{4}-\d{2}$")


def week_days(value: str | None) -> tuple[date, date] | None:
    """The Monday and Sunday of an ISO week value ("2023-W22": 2023-05-29 and 2023-06-04)."""
    match = WEEK.match(value or "")
    if match is None:
        return None
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        return None
    return monday, monday + timedelta(days=6)


def sort_key(value: str) -> str:
    """A date value's place in time order: a week sorts at its Monday ("2023-W22" with
    "2023-05-29", not after "2023-12"), other values as written (a month at its start)."""
    week = week_days(value)
    return f"{week[0].isoformat()} {value}" if week else value


def compatible(a: str | None, b: str | None) -> bool:
    """Two partial ISO dates that can name the same day (None and XXXX match anything; a week
    and a day in it)."""
    if not a or not b:
        return True
    week, other = (week_days(a), b) if "W" in a else (week_days(b), a)
    if week is not None and week_days(other) is None:
        day = _day(other)
        if day is not None:
            return week[0] <= day <= week[1]
        if MONTH.match(other):  # a week across the end of May is in May and in June
            return other in (week[0].isoformat()[:7], week[1].isoformat()[:7])
    for x, y in zip(a.split("-"), b.split("-")):
        if "X" in x or "X" in y:
            continue
        if x != y:
            return False
    return True


def months_apart(a: str | None, b: str | None) -> float | None:
    """How far apart two dates are, in months, or None when either has no year."""
    da, db = _as_date(a), _as_date(b)
    if da is None or db is None:
        return None
    return abs((da - db).days) / 30.44


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def _as_date(value: str | None) -> date | None:
    """The middle of what a value names (a month's 15th, a week's Thursday)."""
    if not value:
        return None
    week = week_days(value)
    if week is not None:
        return week[0] + timedelta(days=3)
    parts = value.split("-")
    if not parts[0].isdigit():
        return None
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 7
        day = int(parts[2][:2]) if len(parts) > 2 and parts[2][:2].isdigit() else 15
        return date(year, month, day)
    except ValueError:
        return None


def precision(value: str | None) -> int:
    """How many parts of a date are known: 3 for "2023-09-24", 2 for "XXXX-09-24" or "2023-09"."""
    if not value:
        return 0
    known = [p for p in value.split("-") if p and "X" not in p]
    return len(known)
