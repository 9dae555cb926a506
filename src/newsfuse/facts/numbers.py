"""Figures as written ("around 1,000", "between 500 and 650", "dozens", "$2.5 million", "90%")
turned into comparable quantities.

A `Quantity` is an interval: a point figure has `low == high`, "more than 4,000" has only `low`,
"up to 650" only `high`. Vague words get the conventional values of docs/facts.md ("dozens" is
12, as in the ACLED codebook) and the qualifier `vague`, so they never pass for a precise figure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
         "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "k": 1_000}
# Vague quantities: the conventional (conservative) value. "tens"/"dozens"/"hundreds" follow the
# ACLED codebook; "several"/"a few"/"a handful" are ours (the smallest plural that reads right).
VAGUE = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
         "several": 3, "few": 3, "handful": 3, "numerous": 3}
EXACT_GROUPS = {"dozen": 12, "couple": 2, "pair": 2, "score": 20}
NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES) | frozenset(VAGUE) | frozenset(EXACT_GROUPS)

CURRENCIES = {"$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "€": "EUR", "eur": "EUR",
              "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP",
              "¥": "JPY", "yen": "JPY", "rubles": "RUB", "roubles": "RUB", "dinars": "RSD", "chf": "CHF",
              "francs": "CHF"}
PERCENT_WORDS = frozenset({"%", "percent", "per cent", "pct", "percentage points"})

# qualifier words -> (qualifier, which side of the interval the figure bounds)
QUALIFIERS: dict[str, str] = {
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "nearly": "about", "almost": "about", "close to": "about", "an estimated": "about", "estimated": "about",
    "circa": "about", "approx.": "about", "an approximate": "about",
    "more than": "more_than", "over": "more_than", "above": "more_than", "upwards of": "more_than",
    "in excess of": "more_than", "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "fewer than": "less_than", "less than": "less_than", "under": "less_than", "below": "less_than",
    "up to": "up_to", "at most": "up_to", "as many as": "up_to", "no more than": "up_to",
}
# relative tolerance for "about"-style figures when comparing (docs/facts.md)
ABOUT_TOLERANCE = 0.10


@dataclass(slots=True, frozen=True)
class Quantity:
    """A figure as an interval; `None` on a side means open."""

    low: float | None
    high: float | None
    qualifier: str = "exact"  # exact, about, more_than, at_least, less_than, up_to, between, vague
    unit: str = "count"  # count, percent, or an ISO currency code
    text: str = ""

    @property
    def value(self) -> float | None:
        """The figure to show: the point, else the stated bound (lower first)."""
        return self.low if self.low is not None else self.high

    @property
    def is_range(self) -> bool:
        return self.qualifier == "between"

    def bounds(self) -> tuple[float, float]:
        """The interval used for comparisons, widening "about" figures by the tolerance."""
        low = self.low if self.low is not None else float("-inf")
        high = self.high if self.high is not None else float("inf")
        if self.qualifier == "about":
            low, high = low * (1 - ABOUT_TOLERANCE), high * (1 + ABOUT_TOLERANCE)
        if self.qualifier == "vague":
            high = float("inf")  # "dozens" says at least a dozen, nothing about the top
        return low, high

    def compatible(self, other: Quantity) -> bool:
        """Whether both can be true of the same thing at the same time (same unit or units that
        convert, "5 km" and "5,000 m"; overlapping intervals)."""
        scale = 1.0
        if self.unit != other.unit:
            from newsfuse.facts.units import factor

            found = factor(other.unit, self.unit)
            if found is None:
                return False
            scale = found
        a_low, a_high = self.bounds()
        b_low, b_high = other.bounds()
        return a_low <= b_high * scale and b_low * scale <= a_high

    def same_figure(self, other: Quantity) -> bool:
        """The same stated figure (ignoring "about"): what a series compares."""
        return self.unit == other.unit and (self.low, self.high) == (other.low, other.high)


_DIGITS = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_SUFFIXED = re.compile(r"^(\d+(?:[.,]\d+)?)(k|m|mn|bn)$", re.I)


def parse_number(text: str) -> float | None:
    """The value of a written number: "1,000", "4.5 million", "three", "a thousand", "twenty-five",
    "one hundred and fifty", "2bn"; None when the text is not a number."""
    words = text.lower().replace("-", " ").replace("\u2013", " ").split()
    words = [w for w in words if w not in ("and", "a", "an")]
    if not words:
        return None
    return words_value(words)


def words_value(words: list[str]) -> float | None:
    """The value of number words and digits in a row ("two hundred", "4.5 million", "a couple");
    None when a word is not part of a number, or the value is not finite (a 2,000-digit number)."""
    total, current, seen = 0.0, 0.0, False
    for word in words:
        word = word.strip()
        if word in ("a", "an", "and"):
            continue
        if _DIGITS.match(word):
            current += float(word.replace(",", ""))
        elif (m := _SUFFIXED.match(word)):
            current += float(m.group(1).replace(",", ".")) * SCALES[m.group(2).lower()]
        elif word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in EXACT_GROUPS or word == "couple":
            current = (current or 1) * EXACT_GROUPS.get(word, 2)
        elif word in SCALES:
            scale = SCALES[word]
            current = (current or 1) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
        else:
            return None
        seen = True
    value = total + current if seen else None
    return value if value is None or math.isfinite(value) else None


def vague_value(word: str) -> float | None:
    """The conventional value of a vague quantity word ("dozens" -> 12), else None."""
    return VAGUE.get(word.lower())


def parse_quantity(text: str) -> Quantity | None:
    """A whole figure phrase: qualifier, number or range, unit ("around 1,000", "between 500 and 650",
    "more than 4,000", "90%", "$2.5 million", "dozens", "500-650"). None when there is no figure."""
    raw = text.strip()
    low_text = raw.lower().replace("\u2013", "-").replace("\u2014", "-")
    qualifier = "exact"
    for phrase in sorted(QUALIFIERS, key=len, reverse=True):
        if low_text.startswith(phrase + " "):
            qualifier = QUALIFIERS[phrase]
            low_text = low_text[len(phrase) + 1:].strip()
            break
    unit = "count"
    for symbol in ("us$", "$", "€", "£", "¥"):
        if low_text.startswith(symbol):
            unit, low_text = CURRENCIES[symbol], low_text[len(symbol):].strip()
            break
    if low_text.endswith("%"):
        unit, low_text = "percent", low_text[:-1].strip()
    for word in sorted(PERCENT_WORDS | set(CURRENCIES), key=len, reverse=True):
        if word in ("$", "€", "£", "¥", "%"):
            continue
        if low_text.endswith(" " + word):
            unit = "percent" if word in PERCENT_WORDS else CURRENCIES[word]
            low_text = low_text[: -len(word) - 1].strip()
            break
    for word in ("eur", "usd", "gbp", "chf"):
        if low_text.startswith(word + " "):
            unit, low_text = CURRENCIES[word], low_text[len(word) + 1:]
    range_match = re.match(r"^(?:between\s+)?(.+?)\s*(?:\band\b|\bto\b|-)\s*(.+)$", low_text)
    if range_match and (low_text.startswith("between") or re.search(r"\d\s*(-|to)\s*\d", low_text)
                        or " to " in low_text):
        low, high = parse_number(range_match.group(1)), parse_number(range_match.group(2))
        if low is not None and high is not None and low <= high:
            return Quantity(low, high, "between", unit, raw)
    words = low_text.split()
    if words and words[-1] in VAGUE and len(words) <= 2 and (len(words) == 1 or words[0] in ("a", "several")):
        return Quantity(VAGUE[words[-1]], None, "vague", unit, raw)
    value = parse_number(low_text)
    if value is None:
        return None
    if qualifier in ("more_than", "at_least"):
        return Quantity(value, None, qualifier, unit, raw)
    if qualifier in ("less_than", "up_to"):
        return Quantity(None, value, qualifier, unit, raw)
    return Quantity(value, value, qualifier, unit, raw)


def format_quantity(quantity: Quantity) -> str:
    """A short display form: "1,000", "about 1,000", "500–650", "> 4,000", "90%"."""
    def fmt(v: float | None) -> str:
        return "?" if v is None else (f"{int(v):,}" if float(v).is_integer() else f"{v:,}")
    body = {
        "between": f"{fmt(quantity.low)}–{fmt(quantity.high)}",
        "more_than": f"> {fmt(quantity.low)}", "at_least": f"≥ {fmt(quantity.low)}",
        "less_than": f"< {fmt(quantity.high)}", "up_to": f"≤ {fmt(quantity.high)}",
        "about": f"about {fmt(quantity.low)}", "vague": f"{quantity.text} (≈{fmt(quantity.low)})",
    }.get(quantity.qualifier, fmt(quantity.low))
    if quantity.unit == "percent":
        return body + "%"
    return body if quantity.unit == "count" else f"{body} {quantity.unit}"
