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

MONTHS = {name: i for i, names in enumerate(
    ["january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
     "august aug", "september sep sept", "october oct", "november nov", "december dec"], start=1)
    for name in names.split()}
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
# "September 24", "September 24, 2023", "24 September 2023", "24th of September", "July 2024", "28.11.2023", "2023-09-30"
DATE_PATTERNS = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("dmy_dots", re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+and\s+\d{{1,2}})?(?:,?\s+(\d{{4}}))?\b", re.I)),
    ("dmy", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?\b", re.I)),
    ("my", re.compile(rf"\b(?:in\s+|of\s+|since\s+)?{_MONTH}\s+(\d{{4}})\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|by|of|until|during)\s+((?:19|20)\d{2})\b")),
]
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
        match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


def _resolve(month: int, day: int | None, year: int | None, ref: date | None) -> str:
    """A month/day with an optional year: the year from the text, else the most recent such day on
    or before a week after the reference date (news tells past events), else XXXX."""
    if year is None and ref is not None:
        year = ref.year
        try:
            if date(year, month, day or 1) > ref + timedelta(days=7):
                year -= 1
        except ValueError:
            pass
    y = f"{year:04d}" if year else "XXXX"
    return f"{y}-{month:02d}-{day:02d}" if day else f"{y}-{month:02d}"


def find_dates(text: str, offset: int = 0, ref: date | None = None) -> list[DateMention]:
    """Explicit calendar dates in `text` (offsets shifted by `offset`), resolved against `ref`."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            try:
                if kind == "iso":
                    value = date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
                elif kind == "dmy_dots":
                    value = date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
                elif kind == "mdy":
                    value = _resolve(MONTHS[m.group(1).lower()], int(m.group(2)),
                                     int(m.group(3)) if m.group(3) else None, ref)
                elif kind == "dmy":
                    value = _resolve(MONTHS[m.group(2).lower()], int(m.group(1)),
                                     int(m.group(3)) if m.group(3) else None, ref)
                elif kind == "my":
                    value = f"{int(m.group(2)):04d}-{MONTHS[m.group(1).lower()]:02d}"
                else:
                    value = m.group(1)
            except (ValueError, KeyError):
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(value, offset + m.start(), offset + m.end(), m.group(0)))
    return sorted(found, key=lambda d: d.start)


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


def compatible(a: str | None, b: str | None) -> bool:
    """Two partial ISO dates that can name the same day (None and XXXX match anything)."""
    if not a or not b:
        return True
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


def _as_date(value: str | None) -> date | None:
    if not value:
        return None
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
