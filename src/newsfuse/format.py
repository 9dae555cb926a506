"""How newsfuse writes figures and dates for people: one formatter for the CLI, briefs, the web
app, watch reports and exports.

Figures read as a reporter writes them: thousands separators and never scientific notation
("1,234,567"), round millions in words ("2 million", "€137 million"), currencies as their symbol
or code before the number ("€137 million", "$2.5 billion", "CHF 1,200"), percent as "12.5%",
ranges with an en dash ("500–650 soldiers") and qualifiers in words ("about", "more than").
Dates read "29 May 2023", "November 2023", "summer 2024", "week 21 of 2023", and a day whose
year the text never gave "28 November, year unknown".

Layer 0 (no other newsfuse module): everything above may use it, the watch report included.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date

MONTHS = ("January February March April May June July August September October November "
          "December").split()
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}
PARTS_OF_DAY = {"MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening", "NI": "night",
                "DT": "daytime"}
REFERENCES = {"PRESENT_REF": "now", "PAST_REF": "in the past", "FUTURE_REF": "in the future"}
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}
# qualifier of newsfuse.facts (docs/facts.md) -> the words before the number; "between" and
# "exact" need none (a range shows itself). A vague word's conventional value reads "about".
QUALIFIERS = {"about": "about", "vague": "about", "more_than": "more than", "at_least": "at least",
              "less_than": "less than", "up_to": "up to"}
SCALES = ((1_000_000_000_000, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million"))
NO_UNIT = frozenset({None, "", "count"})  # "count" says nothing the number does not
# unit codes of newsfuse.facts.units (pint's) as readers write them: a word with its plural, or a
# symbol after a space (attached for degrees); other codes ("km", "kg", "GB") are symbols as they are
UNIT_WORDS = {
    "s": ("second", "seconds"), "min": ("minute", "minutes"), "h": ("hour", "hours"), "day": ("day", "days"),
    "week": ("week", "weeks"), "month": ("month", "months"), "year": ("year", "years"),
    "decade": ("decade", "decades"), "century": ("century", "centuries"),
    "percentage_point": ("percentage point", "percentage points"), "basis_point": ("basis point", "basis points"),
    "point": ("point", "points"), "mi": ("mile", "miles"), "nmi": ("nautical mile", "nautical miles"),
    "inch": ("inch", "inches"), "light_year": ("light year", "light years"), "ton": ("ton", "tons"),
    "knot": ("knot", "knots"), "acre": ("acre", "acres"), "hectare": ("hectare", "hectares"),
    "gallon": ("gallon", "gallons"), "oil_barrel": ("barrel", "barrels"), "cup": ("cup", "cups"),
    "tablespoon": ("tablespoon", "tablespoons"), "teaspoon": ("teaspoon", "teaspoons"), "dram": ("dram", "drams"),
    "bit": ("bit", "bits"), "radian": ("radian", "radians"), "turn": ("turn", "turns"),
}
UNIT_SYMBOLS = {"ug": "µg", "km**2": "km²", "m**2": "m²", "mi**2": "sq mi", "ft**2": "sq ft", "m**3": "m³",
                "ft**3": "cu ft", "N*m": "N·m", "lbf*ft": "lb·ft", "mA*h": "mAh", "A*h": "Ah"}
ATTACHED = {"degC": "°C", "degF": "°F", "degree": "°"}


# -- figures ------------------------------------------------------------------------------------

def number(value: object) -> str:
    """A number as a reader writes it: "4,500", "1,234,567", "2 million", "1.37 million", "3.2"."""
    if value is None:
        return "?"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "?"
    mantissa, scale = _scaled(value)
    return f"{mantissa} {scale}" if scale else mantissa


def _scaled(value: int | float) -> tuple[str, str]:
    """(digits, scale word): a round figure of a million or more in words, anything else in digits."""
    size = abs(value)
    for factor, word in SCALES:
        if size >= factor:
            shown = round(value / factor, 2)
            if abs(shown * factor - value) < 0.5:  # exact at two decimals: "1.37 million"
                return _digits(shown), word
            break
    return _digits(value), ""


def _digits(value: int | float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    shown = f"{value:,.2f}".rstrip("0").rstrip(".")
    if shown in ("0", "-0"):  # a small fraction keeps its first significant digits
        shown = f"{value:.6f}".rstrip("0")
    return shown


def quantity(value: object, unit: str | None = None, qualifier: str | None = None, change: str | None = None) -> str:
    """A figure with its qualifier and unit: "about 1,000 soldiers", "500–650", "more than 12%",
    "€137 million"; a rise or fall (`change` "up" or "down") reads "up 27%". `value` is a number or
    a [low, high] pair (docs/report-schema.md)."""
    if isinstance(value, (list, tuple)) and len(value) == 2:
        body = _range(value[0], value[1], unit)
    elif unit == "fraction" and _is_number(value):
        body = percent(value)  # "more than half" reads "more than 50%"
    else:
        body = _with_unit(number(value), unit, one=_is_number(value) and value == 1)
    words = QUALIFIERS.get(str(qualifier or "").replace(" ", "_"))  # "more_than" or "more than"
    if words == "less than" and (unit in NO_UNIT or _is_word(unit)):
        words = "fewer than"  # counted things: "fewer than 10 soldiers"
    shown = f"{words} {body}" if words else body
    return f"{change} {shown}" if change in ("up", "down") else shown


def _range(low: object, high: object, unit: str | None) -> str:
    if _is_number(low) and _is_number(high):
        (first, scale_a), (second, scale_b) = _scaled(low), _scaled(high)
        if scale_a == scale_b:  # "500–650 million", one scale word for both
            return _with_unit(f"{first}–{second}" + (f" {scale_a}" if scale_a else ""), unit)
    return _with_unit(f"{number(low)}–{number(high)}", unit)


def _with_unit(shown: str, unit: str | None, one: bool = False) -> str:
    """`shown` with its unit; `one` when the figure is exactly 1 (a singular word: "1 day")."""
    if unit in NO_UNIT:
        return shown
    if unit == "percent":
        return f"{shown}%"
    if unit in ATTACHED:
        return shown + ATTACHED[unit]
    if unit in UNIT_WORDS:
        return f"{shown} {UNIT_WORDS[unit][0 if one else 1]}"
    if unit in UNIT_SYMBOLS:
        return f"{shown} {UNIT_SYMBOLS[unit]}"
    if unit in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[unit] + shown
    if _is_currency_code(unit):
        return f"{unit} {shown}"
    return f"{shown} {unit}"


def claim_text(claim: Mapping) -> str:
    """A claim of a story's analysis (value, unit, qualifier, change) as `quantity` writes it."""
    return quantity(claim.get("value"), claim.get("unit"), claim.get("qualifier"), claim.get("change"))


def percent(value: float, digits: int = 1) -> str:
    """A share (0.125) as a percentage: "12.5%"."""
    return _digits(round(value * 100, digits)) + "%"


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_currency_code(unit: object) -> bool:
    return isinstance(unit, str) and len(unit) == 3 and unit.isalpha() and unit.isupper()


def _is_word(unit: object) -> bool:
    """A counted thing written as a word ("soldiers"), not a unit of measurement ("km", "day")."""
    return (isinstance(unit, str) and unit not in NO_UNIT and unit not in ("percent", "fraction")
            and not _is_currency_code(unit) and unit not in UNIT_WORDS and unit not in UNIT_SYMBOLS
            and unit not in ATTACHED and unit.isalpha() and unit.islower() and len(unit) > 3)


# -- dates --------------------------------------------------------------------------------------

_DAY = re.compile(r"(\d{4}|XXXX)-(\d{2})-(\d{2})"
                  r"(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?|T(MO|MI|AF|EV|NI|DT))?")
_MONTH = re.compile(r"(\d{4}|XXXX)-(\d{2})")
_WEEK = re.compile(r"(\d{4}|XXXX)-W(\d{2})(-WE)?")
_SEASON = re.compile(r"(\d{4}|XXXX)-(SP|SU|FA|AU|WI)")
_QUARTER = re.compile(r"(\d{4}|XXXX)-([QH])([1-4])")
PRECISION_LENGTH = {"year": 4, "month": 7}


def date_text(value: str | None, precision: str | None = None) -> str:
    """A date value (ISO 8601 / TIMEX3, maybe partial) as a reader writes it.

    "2023-05-29" → "29 May 2023"; "2023-11" → "November 2023"; "2024-SU" → "summer 2024";
    "2023-W21" → "week 21 of 2023"; "XXXX-11-28" → "28 November, year unknown". `precision`
    ("month", "year") cuts a fuller value down to what is known. Anything else is shown as given.
    """
    if not value:
        return "undated"
    value = str(value)
    if precision in PRECISION_LENGTH and re.match(r"\d{4}-\d{2}-\d{2}", value):
        value = value[:PRECISION_LENGTH[precision]]
    if value in REFERENCES:
        return REFERENCES[value]
    if match := _DAY.fullmatch(value):
        year, month, day, hour, minute, part = match.groups()
        if not _is_day(year, int(month), int(day)):
            return value
        shown = _year(f"{int(day)} {MONTHS[int(month) - 1]}", year)
        if hour is not None and (hour, minute) != ("00", "00"):  # midnight: a day stored as a timestamp
            return f"{shown}, {hour}:{minute}"
        return f"{shown}, {PARTS_OF_DAY[part]}" if part else shown
    if (match := _MONTH.fullmatch(value)) and 1 <= int(match[2]) <= 12:
        return _year(MONTHS[int(match[2]) - 1], match[1])
    if match := _WEEK.fullmatch(value):
        week = f"the weekend of week {int(match[2])}" if match[3] else f"week {int(match[2])}"
        return f"{week} of {match[1]}" if match[1] != "XXXX" else f"{week}, year unknown"
    if match := _SEASON.fullmatch(value):
        return _year(SEASONS[match[2]], match[1])
    if match := _QUARTER.fullmatch(value):
        if match[2] == "H" and match[3] in "12":
            return _year("the " + ("first", "second")[int(match[3]) - 1] + " half", match[1], " of ")
        quarter = ("first", "second", "third", "fourth")[int(match[3]) - 1]
        return _year(f"the {quarter} quarter", match[1], " of ")
    if re.fullmatch(r"\d{4}", value):
        return value
    if re.fullmatch(r"\d{3}X?", value):
        return f"the {value[:3]}0s"
    if re.fullmatch(r"\d{2}X{0,2}", value):
        century = int(value[:2]) + 1
        ending = "th" if 10 <= century % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(century % 10, "th")
        return f"the {century}{ending} century"
    return value


def _is_day(year: str, month: int, day: int) -> bool:
    try:
        date(2024 if year == "XXXX" else int(year), month, day)  # 2024: 29 February may be meant
    except ValueError:
        return False
    return True


def _year(shown: str, year: str, joint: str = " ") -> str:
    return f"{shown}, year unknown" if year == "XXXX" else f"{shown}{joint}{year}"


def date_range(start: str | None, end: str | None) -> str:
    """A span of dates without repeating what both ends share: "24–26 September 2023",
    "29 May – 2 June 2023", "29 December 2023 – 2 January 2024"; "undated" when neither is known."""
    start, end = _day_of(start), _day_of(end)
    if not start or not end or start == end:
        return date_text(start or end)
    a, b = _DAY.fullmatch(start), _DAY.fullmatch(end)
    if a and b and "XXXX" not in (a[1], b[1]) and not (a[4] or a[6] or b[4] or b[6]):
        if a[1] == b[1] and a[2] == b[2]:
            return f"{int(a[3])}–{date_text(end)}"
        if a[1] == b[1]:
            return f"{int(a[3])} {MONTHS[int(a[2]) - 1]} – {date_text(end)}"
    return f"{date_text(start)} – {date_text(end)}"


def _day_of(value: str | None) -> str | None:
    """A timestamp's day ("2023-09-24T10:00:00+02:00" → "2023-09-24"); other values unchanged."""
    if value and re.match(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", str(value)):
        return str(value)[:10]
    return value
