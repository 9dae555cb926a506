"""Value strings and small text tests shared by the normalization rules: durations ("P2Y6M"),
shifted dates at a unit's granularity, and the contexts that veto a match."""

from __future__ import annotations

import datetime as dt
import re

from newsfuse.timex.dates import day_value, month_value, quarter_of, quarter_value, shift_months, week_value, year_value
from newsfuse.timex.lexicon import ordinal_value

Date = dt.date

REL_STEP = {
    "this": 0, "current": 0, "the current": 0, "the same": 0, "the new": 0, "the": 0, "this coming": 1,
    "last": -1, "past": -1, "previous": -1, "the past": -1, "the last": -1, "the previous": -1,
    "the prior": -1, "this past": -1, "the latest": -1, "next": 1, "coming": 1, "the next": 1,
    "the coming": 1, "the following": 1,
}
UNKNOWN_VALUES = {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "quarter": "XXXX-QX"}
MAY_CONTEXT = (r"(?:\b(?:in|since|until|till|by|of|during|from|through|to|before|after|early|late|mid"
                r"|last|next|this|between|and|or|on)\s+|[-,]\s*)$")
RATE_BEFORE = (r"(?:\$\s?[\d.,]+(?:\s+(?:million|billion|trillion|thousand))?|\d[\d.,]*\s*(?:%|percent|million"
         r"|billion|barrels|tons|cents?|dollars?|people|hours|units|[a-z]+s)|times|once|twice|cents?|dollars?"
         r"|percent|pounds|euros|yen|rupees|francs|marks)\s*$")
ENDED_RE = re.compile(r",?\s+(?:that\s+)?end(?:ed|ing|s)\s+(?:on\s+)?([A-Z][a-z]{2,8}\.?)\s+(\d{1,2})\b")
UNIT_CODES = {
    "second": "S", "sec": "S", "minute": "MIN", "min": "MIN", "hour": "H", "hr": "H", "day": "D",
    "night": "D", "week": "W", "fortnight": "2W", "month": "M", "quarter": "Q", "year": "Y", "yr": "Y",
    "decade": "DE", "century": "CE", "centurie": "CE", "millennium": "ML", "millennia": "ML",
}


def unit_code(unit: str) -> str:
    """"years" -> "Y", "centuries" -> "CE", "minute" -> "MIN"; "X" for anything else."""
    unit = unit.lower()
    if unit in UNIT_CODES:
        return UNIT_CODES[unit]
    if unit.endswith("ies"):
        return UNIT_CODES.get(unit[:-3] + "y", "X")
    return UNIT_CODES.get(unit.rstrip("s"), "X")


_SCALED_UNITS = {"2W": ("W", 2), "DE": ("Y", 10), "CE": ("Y", 100), "ML": ("Y", 1000)}
_NEXT_SMALLER = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60),
                 "MIN": ("S", 60), "Q": ("M", 3)}


def duration_value(number: float | None, unit: str) -> str:
    """A TIMEX3 duration: P3D, P20Y (two decades), PT2H30M (two and a half hours), PXY (years)."""
    if unit in _SCALED_UNITS:
        if number is None:
            return "PX" + ("W" if unit == "2W" else unit)
        unit, factor = _SCALED_UNITS[unit]
        number *= factor
    prefix = "PT" if unit in ("H", "MIN", "S") else "P"
    letter = "M" if unit == "MIN" else unit
    if number is None:
        return f"{prefix}X{letter}"
    whole, fraction = int(number), number - int(number)
    if not fraction:
        return f"{prefix}{whole}{letter}"
    if unit not in _NEXT_SMALLER:
        return f"{prefix}{number:g}{letter}"
    small_letter, factor = _NEXT_SMALLER[unit]
    small = round(fraction * factor)
    if unit == "D":  # a day and a half: P1DT12H
        return f"P{whole}DT{small}H" if whole else f"PT{small}H"
    return f"{prefix}{f'{whole}{letter}' if whole else ''}{small}{small_letter}"


def combine_durations(first: str, second: str) -> str:
    """"one hour and 30 minutes": PT1H + PT30M = PT1H30M; P1D + PT12H = P1DT12H."""
    return first + (second[2:] if first.startswith("PT") else second[1:])


def shift_value(base: Date, unit: str, amount: float) -> str:
    """`base` moved by `amount` units, at the unit's granularity ("two years ago" -> a year)."""
    if unit in ("S", "MIN", "H"):
        hours = amount if unit == "H" else amount / (60 if unit == "MIN" else 3600)
        return day_value(base + dt.timedelta(hours=hours))
    if unit == "D":
        return day_value(base + dt.timedelta(days=round(amount)))
    if unit in ("W", "2W"):
        return week_value(base + dt.timedelta(weeks=amount * (2 if unit == "2W" else 1)))
    if unit == "M" or (unit == "Y" and amount != int(amount)):
        moved = shift_months(base, round(amount * (12 if unit == "Y" else 1)))
        return month_value(moved.year, moved.month)
    if unit == "Q":
        moved = shift_months(base, round(amount * 3))
        return quarter_value(moved.year, quarter_of(moved.month))
    years = {"Y": 1, "DE": 10, "CE": 100, "ML": 1000}.get(unit, 0)
    return year_value(base.year + int(amount * years))


def quarter_number(word: str) -> int | None:
    number = ordinal_value(word) if not word.isdigit() else None
    return number if number is not None and 1 <= number <= 4 else None


def day_or_unknown(day: Date | str, month: int, day_text: str) -> str:
    if isinstance(day, Date):
        return day_value(day)
    return f"XXXX-{month:02d}-{int(re.sub(r'[^0-9]', '', day_text)):02d}"


def preceded_by(text: str, start: int, pattern: str) -> bool:
    return re.search(pattern, text[max(0, start - 40):start], re.I) is not None


def rstrip_offset(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " ,":
        end -= 1
    return end


# The quote opens after a word (ABC's "This Week", the film ``High Noon''), not at the start of
# a quoted sentence ("Today," he said).
_OPEN_QUOTE_RE = re.compile(r"[A-Za-z'’]\s*(?:[\"“]|``|'')((?:[A-Z0-9][\w'’.-]*\s+){0,4})$")
_CLOSE_QUOTE_RE = re.compile(r"((?:\s+[A-Z0-9][\w'’.-]*){0,4})[,.!?]?(?:[\"”]|'')")
_TITLE_WORD_RE = re.compile(r"[A-Z0-9][\w'’.-]*")


def quoted_title(text: str, start: int, end: int) -> bool:
    """Whether [start, end) lies in a short quoted title ("This Week", ``60 Minutes'', the film
    ``High Noon''): the name of a programme or a work, not a time."""
    words = text[start:end].split()
    if not words or not all(_TITLE_WORD_RE.fullmatch(w) for w in words):
        return False
    return (_OPEN_QUOTE_RE.search(text, max(0, start - 60), start) is not None
            and _CLOSE_QUOTE_RE.match(text, end) is not None)
