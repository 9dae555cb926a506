"""Words of time: month and weekday names (from `text.calendar`), number words, units, seasons, parts of day, holidays.

Regex fragments here are joined into the grammar in `grammar.py`; the lookup tables turn the words
a pattern matched back into numbers for the normalizer.
"""

from __future__ import annotations

import re

from newsfuse.text import calendar

# Month and weekday words come from the one calendar table (text/calendar_words.json); the grammar
# reads English news, so its patterns use the English words.
MONTHS = calendar.MONTHS
WEEKDAYS = calendar.WEEKDAYS

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "mid-afternoon": "AF", "midafternoon": "AF", "mid-morning": "MO", "midmorning": "MO",
    "noon": "T12:00", "midday": "T12:00", "mid-day": "T12:00", "midnight": "T24:00",
    "daytime": "DT", "dawn": "MO", "dusk": "EV",
}

SMALL_NUMBERS: dict[str, int] = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "dozen": 12, "couple": 2, "half": 0.5,
}
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000}
VAGUE_NUMBERS = frozenset({"few", "several", "some", "many", "numerous", "various", "multiple", "coming"})

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty-second": 22, "twenty-third": 23,
    "twenty-fourth": 24, "twenty-fifth": 25, "twenty-sixth": 26, "twenty-seventh": 27,
    "twenty-eighth": 28, "twenty-ninth": 29, "thirtieth": 30, "thirty-first": 31, "last": -1,
    "final": -1,
}

DECADE_WORDS: dict[str, int] = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}

# Fixed-date holidays as (month, day); movable ones (Easter, Thanksgiving...) are computed in dates.py.
FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas": (12, 25),
    "christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
    "valentine's day": (2, 14), "independence day": (7, 4), "the fourth of july": (7, 4),
    "halloween": (10, 31), "veterans day": (11, 11), "armistice day": (11, 11),
    "bastille day": (7, 14), "may day": (5, 1), "labour day": (5, 1), "st. patrick's day": (3, 17),
    "new year": (1, 1),
}



def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Month names must be capitalized (Title or UPPER case): "may" and "march" are common words.
_MONTH_FULL = [w.capitalize() for w in calendar.words("months", "en")]
_MONTH_ABBR = [w.capitalize() for w in calendar.words("months", "en", abbreviations=True) if w not in
               calendar.words("months", "en")]
MONTH_RE = (
    "(?-i:" + _alternation(_MONTH_FULL + [m.upper() for m in _MONTH_FULL]) + "|(?:"
    + _alternation(_MONTH_ABBR + [m.upper() for m in _MONTH_ABBR]) + r")\.?(?![\w\-']))"
)
_WEEKDAY_FULL = [w.capitalize() for w in calendar.words("weekdays", "en")]
WEEKDAY_RE = "(?-i:" + _alternation(_WEEKDAY_FULL + [w.upper() for w in _WEEKDAY_FULL]) + ")"
WEEKDAY_ABBR_RE = r"(?-i:(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?)"

_NUMBER_WORDS = [w for w in SMALL_NUMBERS if w not in ("a", "an", "half", "couple", "dozen", "zero")]
NUMBER_WORD_RE = (
    "(?:" + _alternation(_NUMBER_WORDS) + ")(?:[- ](?:" + _alternation(_NUMBER_WORDS[:10]) + "))?"
    + "(?:[- ](?:hundred|thousand))?"
)
DIGITS_RE = r"\d{1,3}(?:,\d{3})*(?:\.\d+)?(?:\s1/2|½)?"
# "two", "22", "a", "a couple of", "a few", "several", "two and a half", "one or two", "12 to 18"
NUMBER_RE = (
    r"(?:(?:a|an)\s+(?:couple\s+(?:of\s+)?|few\s+|dozen\s+|half\s+|number\s+of\s+|hundred\s+|thousand\s+)?"
    r"|(?:a\s+)?(?:few|several|some|many|numerous|couple(?:\s+of)?)\s+"
    r"|(?:" + NUMBER_WORD_RE + "|" + DIGITS_RE + r")(?:\s+(?:and\s+a\s+half|or\s+so))?"
    r"(?:\s*(?:to|or|-|–)\s*(?:" + NUMBER_WORD_RE + "|" + DIGITS_RE + r"))?[\s-]+)"
)
UNIT_RE = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|decades?"
    r"|centur(?:y|ies)|millenni(?:um|a))"
)
ORDINAL_RE = _alternation([w for w in ORDINALS if w not in ("last", "final")]) + r"|\d{1,2}(?:st|nd|rd|th)"


def parse_number(text: str) -> float | None:
    """The number a phrase names: "twenty-four" -> 24, "2 1/2" -> 2.5, "a couple of" -> 2,
    "two and a half" -> 2.5; None for vague amounts ("several", "a few") and ranges ("12 to 18")."""
    words = [w for w in text.lower().replace("-", " ").replace(",", "").split() if w not in ("of", "so")]
    if not words or any(w in VAGUE_NUMBERS for w in words):
        return None
    if "or" in words:
        if words[-1] == "or":  # "two or so"
            words = words[:-1]
        else:
            return None
    if any(w in ("to", "–") for w in words):
        return None
    if words[0] in ("a", "an") and len(words) > 1:
        words = words[1:]  # "a couple", "a dozen", "a hundred", "a half"
    total = 0.0
    seen = False
    index = 0
    while index < len(words):
        word = words[index]
        if word == "and" and words[index + 1:index + 3] in (["a", "half"], ["one", "half"]):
            total += 0.5
            index += 3
            continue
        if word in ("1/2", "½", "half"):
            total += 0.5
        elif word in SCALES:
            total = (total or 1) * SCALES[word]
        elif word == "dozen":
            total = (total or 1) * 12
        elif word in SMALL_NUMBERS:
            total += SMALL_NUMBERS[word]
        elif word.replace(".", "", 1).isdigit():
            total += float(word)
        elif word == "and":
            pass
        else:
            return None
        seen = True
        index += 1
    return total if seen else None


def ordinal_value(word: str) -> int | None:
    word = word.lower()
    if word in ORDINALS:
        return ORDINALS[word]
    digits = word.rstrip("stndrh")
    return int(digits) if digits.isdigit() else None
