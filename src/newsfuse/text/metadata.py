"""Publication date and outlet guessed from an article's plain text, and the patterns that find them.

`clean.py` removes the same date lines and credits that this module reads, using the patterns
defined here, so what is taken out of the text and what is inferred from it always agree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class Inferred:
    """A metadata value guessed from the text, and the clue it came from."""

    value: str  # ISO date "2023-11-28", or an outlet name
    how: str  # "date line", "timestamp", "headline date", "source credit", "byline", "agency tag"


# --- dates -------------------------------------------------------------------------------------

# Month names as newsrooms in and around our region write them, with the inflected forms that
# follow a day number ("28. novembra", "28. studenoga"). Polish is left out: its "listopad" is
# November, the Croatian one October.
_MONTH_NAMES: dict[int, str] = {
    1: "january jan januar januara janvier enero gennaio janeiro siječanj siječnja sijecanj sijecnja "
       "janar јануар јануара января",
    2: "february feb februar februara février fevrier febrero febbraio fevereiro veljača veljače veljaca "
       "veljace shkurt фебруар фебруара февраля",
    3: "march mar märz maerz mart marta mars marzo março ožujak ožujka ozujak ozujka март марта",
    4: "april apr aprila avril abril aprile travanj travnja prill април априла апреля",
    5: "may mai maj maja mayo maggio maio svibanj svibnja мај маја мая",
    6: "june jun juni juna juin junio giugno junho lipanj lipnja qershor јун јуна июня",
    7: "july jul juli jula juillet julio luglio julho srpanj srpnja korrik јул јула июля",
    8: "august aug avgust avgusta augusta août aout agosto kolovoz kolovoza gusht август августа",
    9: "september sep sept septembar septembra septembre septiembre setiembre settembre setembro rujan "
       "rujna shtator септембар септембра сентября",
    10: "october oct oktober okt oktobar oktobra octobre octubre ottobre outubro listopad listopada tetor "
        "октобар октобра октября",
    11: "november nov novembar novembra novembre noviembre novembro studeni studenog studenoga nëntor "
        "nentor новембар новембра ноября",
    12: "december dec dezember dez decembar decembra décembre decembre diciembre dicembre dezembro "
        "prosinac prosinca dhjetor децембар децембра декабря",
}
MONTHS: dict[str, int] = {name: number for number, names in _MONTH_NAMES.items() for name in names.split()}
_MONTH = "(?:" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"

# Each form names its parts d, m (a number), mon (a month name) and y. Slashed and dashed numeric
# dates are kept apart (a, b) because 05/06/2023 is June to one reader and May to another.
DATE_FORMS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(form, re.IGNORECASE)
    for form in (
        _YEAR + r"-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d.])",
        _YEAR + r"/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d.])",
        r"(?<![\d.])(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?" + _YEAR + r"(?!\d)",
        r"(?<![\d./-])(?P<a>\d{1,2})[/-](?P<b>\d{1,2})[/-]" + _YEAR + r"(?!\d)",
        r"(?<![\d.])(?P<d>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+|de\s+)?(?P<mon>" + _MONTH + r")\s*,?\s+(?:de\s+)?"
        + _YEAR + r"(?!\d)",
        r"(?<!\w)(?P<mon>" + _MONTH + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*,?\s+" + _YEAR + r"(?!\d)",
    )
)

_LABEL = (r"(?:(?:last\s+updated|updated|published|posted|date|objavljeno|ažurirano|azurirano|datum|"
          r"veröffentlicht|aktualisiert|stand|publié\s+le|publié|mis\s+à\s+jour\s+le|mis\s+à\s+jour|publicado|"
          r"pubblicato)\s*(?:on|:|-)?\s*)")
LABELLED = re.compile(_LABEL, re.IGNORECASE)
_WEEKDAY = r"(?:[^\W\d_]{2,15}\.?,?\s+)"  # "Tuesday, ", "Utorak ", or a place name: "Brussels, "
TIME = re.compile(
    r"(?:\s*\.?\s*(?:,|\||-|–|—|at|u|um|à|alle)?\s*|T)\d{1,2}[:.h]\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|h|am|pm|a\.m\.|p\.m\.|uhr|cet|cest|utc|gmt|eet|eest|bst|est|edt)(?![a-z])){0,2}",
    re.IGNORECASE,
)
# A line that is nothing but a date (and perhaps a label, a weekday and a time).
DATE_LINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(
        rf"{_LABEL}?(?P<lead>\d{{1,2}}:\d\d\s*[,|]?\s*)?{_WEEKDAY}?(?:{form.pattern})(?P<time>{TIME.pattern})?[\s.,]*",
        re.IGNORECASE,
    )
    for form in DATE_FORMS
)
DATE_LINE_MAX = 90
_DIGIT = re.compile(r"\d")


def parse_date(match: re.Match[str]) -> str | None:
    """The ISO date a `DATE_FORMS` (or `DATE_LINES`) match stands for, or None if not a real date."""
    parts = match.groupdict()
    year = int(parts["y"])
    if parts.get("mon"):
        month = MONTHS.get(parts["mon"].rstrip(".").lower())
        day = int(parts["d"])
    elif parts.get("a"):
        first, second = int(parts["a"]), int(parts["b"])
        if first > 12 >= second or first == second:
            day, month = first, second
        elif second > 12 >= first:
            month, day = first, second
        else:
            return None  # day and month cannot be told apart
    else:
        month, day = int(parts["m"]), int(parts["d"])
    if month is None:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def match_date_line(line: str) -> tuple[str, bool] | None:
    """(ISO date, has a time of day) if the stripped `line` is a standalone date line."""
    if len(line) > DATE_LINE_MAX or not _DIGIT.search(line):
        return None
    for pattern in DATE_LINES:
        match = pattern.fullmatch(line)
        if match:
            date = parse_date(match)
            if date:
                return date, bool(match.group("time") or match.group("lead"))
    return None


def find_date(text: str) -> str | None:
    """The last unambiguous full date (with a year) written anywhere in `text`, e.g. a headline."""
    found: list[tuple[int, str]] = []
    for pattern in DATE_FORMS:
        for match in pattern.finditer(text):
            date = parse_date(match)
            if date:
                found.append((match.start(), date))
    return max(found)[1] if found else None


# --- credits -----------------------------------------------------------------------------------

SOURCE_CREDIT = re.compile(
    r"\(?(?:izvor|извор|source|sources|quelle|quellen|fuente|fonte|źródło|burimi|kaynak|forrás)\s*:\s*"
    r"(?P<name>[^\s:].{0,79}?)[\s.)]*",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"(?:by|written\s+by|reported\s+by|von|par|por|autor\s*:|author\s*:|piše\s*:?|pise\s*:?)\s*"
    r"(?P<name>[^\s:][^.!?;]{0,79}?)\s*",
    re.IGNORECASE,
)

# "…at the meeting./REL": an agency tag glued to the last sentence of a paragraph.
AGENCY_TAG = re.compile(r"(?<=[.!?\"”»’'])[ \t]?/[ \t]?(?P<name>[A-Za-z][A-Za-z-]{1,11})[ \t]*$", re.MULTILINE)

_NAME_PARTICLES = frozenset("van von der den de da di del dos du le la al el bin ibn".split())
# Words that make a byline an outlet or a desk, not a person.
_OUTLET_WORDS = frozenset(
    "the news press times post agency media daily radio tv television online staff desk team editorial "
    "reporters reporter correspondent service journal network group wire magazine herald tribune today "
    "portal info dispatch insider observer report redakcija redakcije agencija portal vesti vijesti "
    "novine dnevnik redaktion zeitung nachrichten".split()
)
_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b|\bi\b|\bund\b|\bet\b|\by\b)\s*")


def looks_like_person(name: str) -> bool:
    """True for "Jana Petrić" or "Jean-Luc van der Berg": 2-3 capitalised name words, no outlet words."""
    words = [w for w in name.split() if w.lower() not in _NAME_PARTICLES]
    if not 2 <= len(words) <= 3:
        return False
    for word in words:
        bare = word.replace("-", "").replace("'", "").replace("’", "").rstrip(".")
        if word.lower().strip(".") in _OUTLET_WORDS or not bare.isalpha():
            return False
        if not word[0].isupper() or (len(bare) > 1 and bare.isupper()):
            return False  # "time news" or "BBC NEWS" are not people
    return True


def _credited(match: re.Match[str] | None) -> str | None:
    """The name in a credit match, unless it reads like a sentence ("By contrast, the rest ...")."""
    if not match:
        return None
    words = match.group("name").split()
    if len(words) > 6 or sum(w[0].islower() for w in words) > 2:
        return None
    return " ".join(words)


def match_source_credit(line: str) -> str | None:
    """The outlet named by a stripped "Izvor: Beta" / "Source : Jurist" line, else None."""
    return _credited(SOURCE_CREDIT.fullmatch(line))


def match_byline(line: str) -> str | None:
    """Whom a stripped "By ..." line credits (a person or an outlet), else None."""
    return _credited(BYLINE.fullmatch(line))


def byline_outlet(name: str) -> str | None:
    """The outlet a byline credits ("time news"), or None when it names only people."""
    parts = [p for p in _SEPARATORS.split(name.strip()) if p]
    outlets = [p for p in parts if not looks_like_person(p)]
    return outlets[-1].strip() if outlets else None


# --- inference ---------------------------------------------------------------------------------

TOP_LINES = 8  # a standalone date this near the top is the dateline, not a teaser's


def _lines(raw: str) -> list[str]:
    return [line.strip() for line in raw.split("\n") if line.strip()]


def infer_published(raw: str, title: str = "") -> Inferred | None:
    """The publication date, from a date line near the top, the headline, or a labelled date line.

    A date inside a body sentence ("On September 24, ...") is an event, not the publication.
    """
    lines = _lines(raw)
    for line in lines[:TOP_LINES]:
        found = match_date_line(line)
        if found:
            return Inferred(found[0], "timestamp" if found[1] else "date line")
    headline = title or (lines[0] if lines else "")
    date = find_date(headline)
    if date:
        return Inferred(date, "headline date")
    for line in lines[TOP_LINES:]:
        if LABELLED.match(line):
            found = match_date_line(line)
            if found:
                return Inferred(found[0], "timestamp" if found[1] else "date line")
    return None


# "© 2023 Ibar Valley Herald. All rights reserved.", "Morava Morning Post © 2023"
COPYRIGHT_HOLDER = (
    re.compile(r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?P<name>[A-Z][^.–|,©]{1,60}?)"
               r"\s*(?:[.–|,]|$)", re.IGNORECASE),
    re.compile(r"^(?P<name>[A-Z][^.–|,©]{1,60}?)\s*(?:©|\(c\))\s*\d{4}\.?$"),
)


def match_copyright_holder(line: str) -> str | None:
    for pattern in COPYRIGHT_HOLDER:
        match = pattern.match(line)
        if match:
            name = match.group("name").strip()
            if name and not name.lower().startswith(("all rights", "the author")):
                return name
    return None


def infer_source(raw: str) -> Inferred | None:
    """The outlet, from a source credit line, an outlet byline, a copyright line, or a trailing agency tag."""
    byline = holder = None
    for line in _lines(raw):
        if len(line) > 100:
            continue
        outlet = match_source_credit(line)
        if outlet:
            return Inferred(outlet, "source credit")
        name = match_byline(line)
        if name and byline is None:
            outlet = byline_outlet(name)
            if outlet:
                byline = Inferred(outlet, "byline")
        if holder is None:
            name = match_copyright_holder(line)
            holder = Inferred(name, "copyright line") if name else None
    if byline or holder:
        return byline or holder
    tags = AGENCY_TAG.findall(raw)
    return Inferred(tags[-1], "agency tag") if tags else None
