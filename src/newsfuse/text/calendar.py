"""Dates in one place: month and weekday words per language, explicit calendar dates, the date line
of a report, the year of a date written without one, and weekdays counted from an anchor.

The time tagger (`timex`), the figures (`facts.dates`), story grouping (`stories.features`) and the
publication-date guess (`text.metadata`) all read dates through this module, so one sentence gets
one date everywhere. The rules are documented in docs/time.md ("One calendar").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from newsfuse.text.calendar_words import CALENDAR_WORDS
from newsfuse.text.memo import per_text

Date = dt.date

# -- words ----------------------------------------------------------------------------------------
_WORDS = CALENDAR_WORDS
LANGUAGES: tuple[str, ...] = tuple(_WORDS)


def _table(kind: str, languages: tuple[str, ...] = LANGUAGES, abbreviations: bool = True) -> dict[str, int]:
    table: dict[str, int] = {}
    kinds = (kind, kind[:-1] + "_abbreviations") if abbreviations else (kind,)
    for language in languages:
        for key in kinds:
            for number, forms in enumerate(_WORDS[language].get(key, []), start=1):
                for form in forms:
                    table.setdefault(form, number)
    return table


MONTHS: dict[str, int] = _table("months")  # every language: "november", "novembra", "studenoga" -> 11
WEEKDAYS: dict[str, int] = _table("weekdays")  # ISO: Monday = 1


def words(kind: str, language: str, *, abbreviations: bool = False) -> dict[str, int]:
    """The month ("months") or weekday ("weekdays") words of one language, lower case; the short
    forms ("Sept", "Thurs") too with `abbreviations`."""
    return _table(kind, (language,), abbreviations=abbreviations)


def month_number(word: str) -> int | None:
    """1-12 for a month word of any language ("Sept.", "novembra", "nëntor"), else None."""
    return MONTHS.get(word.lower().rstrip("."))


def weekday_number(word: str) -> int | None:
    """ISO weekday (Monday = 1) of a weekday word of any language, else None."""
    return WEEKDAYS.get(word.lower().rstrip("."))


def alternation(names) -> str:  # noqa: ANN001 - any iterable of strings
    """A regex alternation of `names` shaped like a trie, so the engine branches on each letter once
    and the longest name wins ("septembra" over "sept")."""
    trie: dict = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_MONTH = r"(?P<mon>" + alternation(MONTHS) + r")(?:\s?\.)?"  # tokenized corpora write "Nov ."
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|\.)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_END = r"(?![^\W\d_])"
# A four-digit number followed by a time zone is a clock time ("19 JANUARY, 1815 GMT"), not a year.
_NOT_CLOCK = (r"(?!\d|:\d|\s*(?:gmt|utc|z\b|est|edt|cst|cdt|mst|mdt|pst|pdt|cet|cest|eet|eest|bst|msk|ast"
              r"|local\s+time|hours\b|hrs\b|h\b))")

# -- explicit dates -------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class CalendarDate:
    """A date written out in a text: `text[start:end]`, with the parts it gives.

    `year` is None for "24 September"; `day` is None for "July 2024" or "in 1999" (then `month`
    may be None too). `guessed_order` marks 05/06/2023, read month first but May or June.
    """

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    guessed_order: bool = False

    @property
    def value(self) -> str:
        """ISO of the precision given; "XXXX-09-24" when the year is not written."""
        year = f"{self.year:04d}" if self.year else "XXXX"
        if self.month is None:
            return year
        if self.day is None:
            return f"{year}-{self.month:02d}"
        return f"{year}-{self.month:02d}-{self.day:02d}"

    def resolved(self, anchor: Date | None, tense: str | None = None) -> str:
        """`value` with a missing year filled by `year_for` when there is an anchor."""
        if self.year is not None or self.month is None or anchor is None:
            return self.value
        year = year_for(anchor, self.month, self.day, tense)
        return CalendarDate(self.start, self.end, year, self.month, self.day).value


# Forms in the order they are tried; a later form never overlaps an earlier match. Separators may
# carry spaces: tokenized corpora write "05 / 02 / 2013" and "2013 - 09 - 26".
# A form that starts with a digit says so in a lookahead: the regex engine then skips ahead to
# digits instead of trying every position (three times faster on news text).
_DIGIT_FIRST = r"(?=\d)"
_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(first + rx)) for name, first, rx in (
    ("ymd", _DIGIT_FIRST, r"(?<![\d.])" + _YEAR + r"\s?([-/])\s?(?P<m>[01]?\d)\s?\2\s?(?P<d>[0-3]?\d)(?!\d)"),
    ("dots", _DIGIT_FIRST, r"(?<![\d.])(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.\s?(?P<y>(?:19|20)\d\d)(?!\d)"),
    ("slashed", _DIGIT_FIRST, r"(?<![\d./-])(?P<a>[0-3]?\d)\s?([/-])\s?(?P<b>[0-3]?\d)\s?\2\s?(?P<y>(?:19|20)?\d\d)(?![\d/])"),
    ("month_day", "", r"(?<![^\W\d_])" + _MONTH + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
     r"(?:\s*(?:and|&|-|–|to|or)\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:]))?(?:\s*,?\s*" + _YEAR + _NOT_CLOCK + r")?(?!\d)"),
    ("day_month", _DIGIT_FIRST, r"(?<![\d.,$])" + _DAY + r"(?:\s*(?:and|&|-|–|to|i|y|et|und|e)\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th|\.)?)?"
     r"\s*(?:of\s+|de\s+)?" + _MONTH + _END + r"(?:\s*,?\s+(?:de\s+)?" + _YEAR + _NOT_CLOCK + r")?(?!\d)"),
    ("month_year", "", r"(?<![^\W\d_])" + _MONTH + r"\s*,?\s+(?:of\s+|de\s+)?" + _YEAR + _NOT_CLOCK),
    ("year", "", r"\b(?:in|since|by|of|until|during|before|after)\s+(?P<y>(?:19|20)\d\d)(?!%|-\d|s\b)" + _NOT_CLOCK),
))


_AT_MONTH_WORDS = ("month_day", "month_year")
_NUMBER_RE = re.compile(r"\d+")


def _month_words_before_numbers(lower: str) -> list[int]:
    """Where a month word stands right before a number ("september 24", "nov. 28", "july of
    2024"): the only places a month-first date can start. Numbers are few, words are many."""
    starts: set[int] = set()
    for number in _NUMBER_RE.finditer(lower):
        window_start = max(0, number.start() - 24)
        words = lower[window_start:number.start()].replace(",", " ").replace(".", " ").split()
        if words and words[-1] in ("of", "de"):
            words.pop()
        if words and words[-1] in MONTHS:
            starts.add(lower.rfind(words[-1], window_start, number.start()))
    return sorted(starts)


def _lower(text: str) -> str:
    lower = text.lower()
    if len(lower) != len(text):  # a few characters change length when lower-cased
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lower


def find_dates(text: str, *, offset: int = 0, years: bool = False) -> list[CalendarDate]:
    """Explicit calendar dates in `text`, in order ("September 24", "28. novembra 2023",
    "2023-09-30", "28 and 29 November" as two dates). With `years`, also "in 1999", "since 2008".

    Dotted numbers are day first; slashed ones month first unless the first number is over 12
    (`guessed_order` when either reading is possible). Offsets are shifted by `offset`.
    """
    if not _ANY_DIGIT_RE.search(text):
        return []  # every form has a number: most sentences the figures ask about have none
    return _find_dates(text, offset, years)


_ANY_DIGIT_RE = re.compile(r"\d")


@per_text(maxsize=1024, max_chars=20_000)  # the figures and the events read the same sentences
def _find_dates(text: str, offset: int, years: bool) -> list[CalendarDate]:
    lower = _lower(text)
    found: list[CalendarDate] = []
    taken: list[tuple[int, int]] = []
    month_starts: list[int] | None = None
    for name, pattern in _FORMS:
        if name == "year" and not years:
            continue
        if name in _AT_MONTH_WORDS:
            # Forms that start with a month word are tried only where one stands: scanning every
            # position for a word of a dozen languages is the slow part of reading a text.
            if month_starts is None:
                month_starts = _month_words_before_numbers(lower)
            matches = [m for m in (pattern.match(lower, start) for start in month_starts) if m]
        else:
            matches = pattern.finditer(lower)
        for m in matches:
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            dates = _dates_of(name, m)
            if not dates:
                continue
            taken.append(m.span())
            found.extend(CalendarDate(s + offset, e + offset, *rest) for s, e, *rest in dates)
    return sorted(found, key=lambda d: d.start)


def _dates_of(name: str, m: re.Match[str]) -> list[tuple]:
    g = m.groupdict()
    year = int(g["y"]) if g.get("y") else None
    guessed = False
    if name == "year":
        return [(m.start("y"), m.end("y"), year, None, None)]
    if name == "month_year":
        return [(m.start(), m.end(), year, month_number(g["mon"]), None)]
    if name == "slashed":
        a, b = int(g["a"]), int(g["b"])
        if year is not None and year < 100:
            year += 2000 if year < 50 else 1900
        if a > 12 >= b:
            day, month = a, b
        else:
            month, day = a, b
            guessed = b <= 12 and a != b
    elif "m" in g and g.get("m"):
        month, day = int(g["m"]), int(g["d"])
    else:
        month, day = month_number(g["mon"]), int(g["d"])
    if month is None or not _valid(year, month, day):
        return []
    if g.get("d2"):
        second = int(g["d2"])
        if not _valid(year, month, second):
            return [(m.start(), m.end(), year, month, day, guessed)]
        return [(m.start(), m.end("d"), year, month, day, guessed), (m.start("d2"), m.end(), year, month, second, guessed)]
    return [(m.start(), m.end(), year, month, day, guessed)]


def _valid(year: int | None, month: int, day: int) -> bool:
    try:
        Date(year or 2000, month, day)  # 2000 is a leap year: "29 February" stays possible
    except (TypeError, ValueError):
        return False
    return True


def parse_day(value: str | None) -> Date | None:
    """The day of an ISO value that starts with a full date ("2023-11-28T10:00"), else None."""
    if not value:
        return None
    try:
        return Date.fromisoformat(value[:10])
    except ValueError:
        return None


# -- the year left out and the weekday --------------------------------------------------------------
def month_length(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (Date(year, month + 1, 1) - Date(year, month, 1)).days


def year_for(anchor: Date, month: int, day: int | None = None, tense: str | None = None, *,
             tie_ahead: bool = False) -> int:
    """The year of a "24 September" or "in May" written without one, seen from `anchor`.

    THE rule for a year left out, everywhere: the occurrence nearest the anchor among last, this
    and next year, where a date on the side the tense points away from counts three times further
    ("on September 24" in a past-tense sentence of June is last September; "payable Dec. 15" said
    in October is this December), and without a tense a later date counts 1.5 times further (news
    mostly reports what has happened). So a date is at most about 9 months ahead of its anchor
    (future tense), 5 months without a tense, 3 in the past tense. A tie goes back, or, with
    `tie_ahead` in a future sentence, ahead ("will fly a mission in December", said in March: this
    December; quarters keep the tie back, since a quarter just ended is reported months later).

    The tense "ahead" (`text.tense.direction_at`: a future tense governing the date from before
    it, "voters will head to the polls in November", said in January) is the coming one, as a
    weekday is: the past side is not taken (two days back still are: wire copy runs late).
    """
    best_year, best_cost = anchor.year, float("inf")
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        if day is not None:
            delta = (Date(year, month, min(day, month_length(year, month))) - anchor).days
        else:
            delta = ((year - anchor.year) * 12 + month - anchor.month) * 30.5
        if tense == "past":
            cost = abs(delta) * (3 if delta > 2 else 1)
        elif tense in ("future", "ahead"):
            if delta < -2 and tense == "ahead":
                continue
            cost = abs(delta) * (3 if delta < -2 else 1)
        else:
            cost = abs(delta) * (1.5 if delta > 0 else 1)
        if cost < best_cost or (cost == best_cost and tie_ahead and tense in ("future", "ahead")):
            best_year, best_cost = year, cost
    return best_year


def weekday_date(anchor: Date, weekday: int, direction: str | None) -> Date:
    """The day with ISO `weekday` nearest `anchor` in `direction`.

    "past" and "future" include the anchor's own day ("said Friday" on a Friday is that Friday);
    "before"/"after" exclude it ("last Friday", "next Friday"); None takes the nearest either way,
    preferring the past on a tie.
    """
    back = (anchor.isoweekday() - weekday) % 7
    ahead = (weekday - anchor.isoweekday()) % 7
    if direction == "past":
        return anchor - dt.timedelta(days=back)
    if direction == "future":
        return anchor + dt.timedelta(days=ahead)
    if direction == "before":
        return anchor - dt.timedelta(days=back or 7)
    if direction == "after":
        return anchor + dt.timedelta(days=ahead or 7)
    return anchor - dt.timedelta(days=back) if back <= ahead else anchor + dt.timedelta(days=ahead)


# -- the date line ----------------------------------------------------------------------------------
LABEL = (r"(?:(?:last\s+updated|updated|published|posted|date|objavljeno|ažurirano|azurirano|datum|"
         r"veröffentlicht|aktualisiert|stand|publié\s+le|publié|mis\s+à\s+jour\s+le|mis\s+à\s+jour|publicado|"
         r"pubblicato|publikuar|përditësuar)\s*(?:on|:|-)?\s*)")
LABELLED = re.compile(LABEL, re.IGNORECASE)
CLOCK = (r"(?:\s*\.?\s*(?:,|\||-|–|—|at|u|um|à|alle|në)?\s*|T)\d{1,2}[:.h]\d{2}(?::\d{2}(?:\.\d+)?)?"
         r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|h|am|pm|a\.m\.|p\.m\.|uhr|cet|cest|utc|gmt|eet|eest|bst|est|edt)(?![a-z])){0,2}")
# "Tuesday, ", "Utorak ", "E martë, " (Albanian weekdays take an article), or a place: "Brussels, "
_PLACE_OR_WEEKDAY = r"(?:(?:e\s+)?[^\W\d_]{2,15}\.?,?\s+)"
_LINE_DATE = (  # separators may carry spaces, as in tokenized corpora ("05 / 02 / 2013")
    _YEAR + r"\s?[-/]\s?(?P<m>\d{1,2})\s?[-/]\s?(?P<d>\d{1,2})(?![\d.])",
    r"(?<![\d.])(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?" + _YEAR + r"(?!\d)",
    r"(?<![\d./-])(?P<a>\d{1,2})\s?[/-]\s?(?P<b>\d{1,2})\s?[/-]\s?" + _YEAR + r"(?!\d)",
    r"(?<![\d.])(?P<d>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+|de\s+)?" + _MONTH + r"\s*,?\s+(?:de\s+)?" + _YEAR + r"(?!\d)",
    r"(?<!\w)" + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*,?\s+" + _YEAR + r"(?!\d)",
)
DATE_LINE_MAX = 90
TOP_LINES = 8  # a standalone date this near the top is the report's date line, not a teaser's
_DATE_LINES = tuple(
    re.compile(rf"{LABEL}?(?P<lead>\d{{1,2}}:\d\d\s*[,|]?\s*)?{_PLACE_OR_WEEKDAY}?(?:{form})(?P<time>{CLOCK})?[\s.,]*",
               re.IGNORECASE)
    for form in _LINE_DATE
)
_FULL_DATES = tuple(re.compile(form, re.IGNORECASE) for form in _LINE_DATE)
_DIGIT = re.compile(r"\d")
HEADLINE_MAX = 160
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")


@dataclass(slots=True, frozen=True)
class DateLine:
    """A report's own date written in it: `value` (ISO day) at `text[start:end]`; `how` is "date line",
    "timestamp" (with a time of day) or "headline date"."""

    value: str
    start: int
    end: int
    how: str


def _line_value(match: re.Match[str]) -> str | None:
    g = match.groupdict()
    year = int(g["y"])
    if g.get("mon"):
        month, day = month_number(g["mon"]), int(g["d"])
    elif g.get("a"):
        first, second = int(g["a"]), int(g["b"])
        if first > 12 >= second or first == second:
            day, month = first, second
        elif second > 12 >= first:
            month, day = first, second
        else:
            return None  # a report's own date must not be a guess between May and June
    else:
        month, day = int(g["m"]), int(g["d"])
    if month is None:
        return None
    try:
        return Date(year, month, day).isoformat()
    except ValueError:
        return None


def is_date_line(line: str) -> tuple[str, bool] | None:
    """(ISO date, has a time of day) when the stripped `line` is nothing but a date (with perhaps a
    label, a weekday or place, and a time): "Tuesday, 28.11.2023.", "Utorak, 28. novembra 2023. 14:35"."""
    if len(line) > DATE_LINE_MAX or not _DIGIT.search(line):
        return None
    for pattern in _DATE_LINES:
        match = pattern.fullmatch(line)
        if match:
            value = _line_value(match)
            if value:
                return value, bool(match.group("time") or match.group("lead"))
    return None


def headline_date(headline: str) -> tuple[str, int, int] | None:
    """The full date at either end of a headline ("Storm hits coast, 3 March 2024"), with its span.
    A line longer than a headline or with a sentence break in it is a paragraph, not a headline."""
    stripped = headline.strip()
    if len(stripped) > HEADLINE_MAX or _SENTENCE_BREAK.search(stripped):
        return None
    for pattern in _FULL_DATES:
        for match in pattern.finditer(headline):
            value = _line_value(match)
            before = headline[:match.start()].strip()
            after = headline[match.end():].strip()
            if value and stripped and (len(after.strip(" .,)|-–")) <= 3 or len(before.strip(" (|-–")) <= 3):
                return value, match.start(), match.end()
    return None


def date_lines(text: str, title: str = "") -> list[DateLine]:
    """Every date line of a report, the report's own date first: standalone date lines among its
    first `TOP_LINES` lines, then a full date at either end of the headline (`title`, else the
    first line), then labelled date lines further down ("Published: 27.11.2023."). None of them
    dates an event. A headline given as `title` and not found in `text` has no span (-1, -1)."""
    top: list[DateLine] = []
    below: list[DateLine] = []
    first: tuple[int, str] | None = None
    offset = seen = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            seen += 1
            first = first or (offset + line.index(stripped), stripped)
            if seen <= TOP_LINES or LABELLED.match(stripped):
                hit = is_date_line(stripped)
                if hit:
                    start = offset + line.index(stripped)
                    line_date = DateLine(hit[0], start, start + len(stripped), "timestamp" if hit[1] else "date line")
                    (top if seen <= TOP_LINES else below).append(line_date)
        offset += len(line) + 1
    headline, at = (title.strip(), text.find(title.strip())) if title.strip() else (first or (-1, ""))[::-1]
    head = headline_date(headline) if headline else None
    middle: list[DateLine] = []
    if head and not any(d.start == at for d in top):
        span = (at + head[1], at + head[2]) if at >= 0 else (-1, -1)
        middle.append(DateLine(head[0], *span, "headline date"))
    return top + middle + below


def report_date(text: str, title: str = "") -> DateLine | None:
    """The report's own date: the first of `date_lines`, else None."""
    lines = date_lines(text, title)
    return lines[0] if lines else None


# A wire dateline opening a report's first paragraph: "NEW ORLEANS, Apr 25 (Harbour Wire) - ...",
# "PORT-AU-PRINCE, Haiti, Jan. 14 -", "Jan 24 (Reuters) -". Its date is when the copy was filed,
# the report's own date, never the date of an event it tells.
_DATELINE_PLACE = re.compile(r"(?:[A-Z][A-Z'’.-]*(?:\s+[A-Z][A-Z'’.-]*)*\s*,\s*(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s*,\s*)?)?$")
_DATELINE_CREDIT = re.compile(r"\s*(?:,\s*(?:19|20)\d\d\s*)?(?:\([^()\n]{1,40}\)\s*)?[-–—]\s")
_DATELINE_REACH = 60  # characters of a place before the date


def in_dateline(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` (a date) is the date of a wire dateline at the start of a line: an
    upper-case place and a comma (or nothing) before it, perhaps an agency in brackets and a dash
    after it. Without a place, the agency is required ("Jan 24 (Reuters) -", not "May 5 - talks")."""
    line_start = text.rfind("\n", 0, start) + 1
    if start - line_start > _DATELINE_REACH:
        return False
    before = text[line_start:start].lstrip()
    credit = _DATELINE_CREDIT.match(text, end)
    if credit is None or not _DATELINE_PLACE.match(before):
        return False
    return bool(before) or "(" in credit.group()
