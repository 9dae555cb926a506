"""Figures in running text: every number a reader would quote, with its qualifier, unit, range and
change ("rose 0.3%", "up 19 cents to US $58.24 per barrel", "from 252 to 287 miles", "a third of",
"275 pound-feet", "a 15-year-old"), read from the characters alone so it can be tested without a parse.

Years, dates, clock times, ordinals, sports scores and model numbers ("S23", "5G", "S&P 500",
"COVID-19") are not figures. Numbers in odd shapes ("1.000.000", "1,5 million", "4 500") are read;
what cannot be a finite float ("1e999", a 2,000-digit number) is skipped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from newsfuse.facts.dates import find_dates
from newsfuse.facts.numbers import QUALIFIERS, TENS, UNITS, Quantity, words_value
from newsfuse.facts.units import (CURRENCY_SIGNS, CURRENCY_WORDS, MINOR, MINOR_DIVISOR, RATE_NOUNS, SYMBOLS, WORDS,
                                  iso_currencies, kind_of)

TOKEN = re.compile(r"(?<![\w.])\.\d+|\d+(?:[.,]\d+)*(?:[eE][+-]?\d+(?![\w.]))?|[^\W\d_]+|[^\s\w]|_")
MAYBE_NUMBER = re.compile(r"\d|[½⅓⅔¼¾⅕⅛]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                          r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
                          r"seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|"
                          r"scores|tens|half|halves|thirds?|quarters?|fifths?|several|few|couple)\b", re.I)
_DIGIT_OR_GLYPH = re.compile(r"\d|[½⅓⅔¼¾⅕⅛]")
_NUMBER_WORD = re.compile(MAYBE_NUMBER.pattern.split("|", 2)[2], re.I)
_WORD_RUN = re.compile(r"\w+")
# the words `_NUMBER_WORD` matches, for ASCII text (where a \w+ run lowercased is exactly what it compares)
_NUMBER_WORDS_ASCII = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands "
    "million millions billion billions trillion trillions dozen dozens scores tens half halves third thirds "
    "quarter quarters fifth fifths several few couple".split())


def maybe_number(text: str) -> bool:
    """`MAYBE_NUMBER.search(text)` as a bool, faster: digits first, then, for ASCII text, its words
    looked up in a set instead of the case-blind alternation tried at every character."""
    if _DIGIT_OR_GLYPH.search(text):
        return True
    if text.isascii():
        return not _NUMBER_WORDS_ASCII.isdisjoint(_WORD_RUN.findall(text.lower()))
    return _NUMBER_WORD.search(text) is not None


# patterns of the scan, compiled once (`re.fullmatch(pattern, ...)` looks each up per call)
_YEAR_ONLY = re.compile(r"\D*\d{4}")
_THREE_DIGITS = re.compile(r"\d{3}")
_UP_TO_THREE_DIGITS = re.compile(r"\d{1,3}")
_ONE_DIGIT = re.compile(r"\d")
_UP_TO_TWO_DIGITS = re.compile(r"\d{1,2}")
_YEAR_1500_2099 = re.compile(r"(1[5-9]|20)\d\d")
_TWO_DIGITS = re.compile(r"\d{2}")
_YEAR_1900_2099 = re.compile(r"(19|20)\d\d")
_THOUSANDS_COMMAS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_THOUSANDS_DOTS = re.compile(r"\d{1,3}(\.\d{3}){2,}")
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
_PLAIN_NUMBER = re.compile(r"\d*\.?\d+([eE][+-]?\d+)?")
_SPACES = re.compile(r"\s+")
URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")
WORD_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mn": 1e6,
               "bn": 1e9, "b": 1e9, "k": 1e3, "m": 1e6, "tn": 1e12, "mln": 1e6, "bln": 1e9, "crore": 1e7,
               "lakh": 1e5, "crores": 1e7, "lakhs": 1e5}
VAGUE = {"dozens": 12, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9, "tens": 10, "scores": 20}
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
             "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10}
GLYPHS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅛": 0.125}
NUMBER_WORDS = set(UNITS) | set(TENS) | {"hundred", "thousand", "million", "billion", "trillion", "dozen"}
CHANGE_BEFORE = {
    **dict.fromkeys("rose rise rises rising risen increased increase increases increasing grew grow grows growing "
                    "jumped jump jumps climbed climb climbs soared soar surged surge advanced gained gain gains "
                    "up higher raised raise raises boosted lifted hiked expanded swelled".split(), "up"),
    **dict.fromkeys("fell fall falls falling fallen dropped drop drops declined decline declines decreased decrease "
                    "decreases slipped slip slid slide plunged plunge tumbled tumble sank sink shrank shrink down "
                    "lower eased ease lost loses shed cut cuts slashed reduced lowered trimmed dipped dip "
                    "slumped slump contracted".split(), "down"),
}
# Verbs that also take a plain object ("lost 3 matches", "cut 200 jobs"): a change only for money,
# percent and points, not for counts of things.
CHANGE_OBJECT_VERBS = frozenset("lost loses shed cut cuts slashed reduced lowered trimmed gained gain gains raised "
                                "raise raises boosted lifted hiked added expanded".split())
# Of those, the ones that take money as a plain object ("raised $10m" is fundraising): a change only with "by".
CHANGE_BY_ONLY = frozenset("raised raise raises boosted lifted hiked cut cuts slashed reduced lowered trimmed "
                           "expanded".split())
CHANGE_AFTER = {**dict.fromkeys("rise increase jump gain hike rally climb surge boost growth higher up advance "
                                "increases rises gains".split(), "up"),
                **dict.fromkeys("drop fall decline decrease cut loss slump plunge reduction lower down dip "
                                "drops falls declines cuts losses".split(), "down")}
SCORE_WORDS = frozenset("win victory defeat loss draw lead won lost beat beating thrashing triumph scoreline "
                        "home away".split())
TIME_WORDS = frozenset("am pm gmt utc bst cet est edt pst".split())
MONTH_NAMES = ("January February March April May June July August September October November December "
               "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec").split()
NOT_IDENTIFIER = frozenset(MONTH_NAMES) | {"A", "An", "The", "About", "Around", "Some", "Over", "Up",
                                                         "Down", "Nearly", "Almost", "Only", "US", "U", "S", "By",
                                                         "Between", "From", "To", "And", "In", "At", "On", "Of"}
AGE_BEFORE = frozenset({"aged", "age", "ages"})
STARTERS = (frozenset(NUMBER_WORDS) | frozenset(VAGUE) | frozenset(FRACTIONS) | frozenset(GLYPHS)
            | {"a", "an", "several", "few", "+", "-", "−", "us", "c", "hk", "nz", "au", "ca", "can", "nt", "mx", "rs",
               "r", "$", "€", "£", "¥", "₹", "₩", "₽", "₺", "₦", "₪", "₱", "₡", "₾", "₭", "元"}
            | {k for k in CURRENCY_SIGNS if len(k) <= 3})
CURRENCY_AFTER = {"元": "CNY", "₡": "CRC", "₾": "GEL", "₭": "LAK", "円": "JPY", "₩": "KRW", "₽": "RUB", "€": "EUR",
                  "ரூ": "LKR", "£": "GBP"}
# Words that make "98 degrees" a temperature and "2C" Celsius.
TEMPERATURE_CONTEXT = re.compile(r"temperature|thermostat|weather|heat|hot|cold|warm|cool|freez|celsius|fahrenheit|"
                                 r"forecast|degrees? (?:below|above)", re.I)
ORDINAL_WORDS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
                          "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
                          "thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth thousandth "
                          "millionth billionth trillionth".split())
IDENTIFIER_WORDS = frozenset("version chapter phase level season series type class grade step stage number no "
                             "vol volume page line section room flight route channel gate platform".split())


@dataclass(slots=True, frozen=True)
class Figure:
    """One figure in a text: character span, quantity, change (`up`/`down`/None) and kind (count,
    money, percent, percentage_point, fraction, age, duration, length, mass, ... docs/facts.md)."""

    start: int
    end: int
    text: str
    quantity: Quantity
    change: str | None = None
    kind: str = "count"


@dataclass(slots=True)
class _Number:
    value: float
    end: int  # token index after the number
    vague: bool = False
    scaled: bool = False
    fraction: bool = False
    factor: float = 1.0


def find_figures(text: str, dates: list | None = None) -> list[Figure]:
    """Every figure in `text`, in order, never raising on odd input. `dates` are the date mentions
    of the text when the caller has them (`dates.find_dates`, offsets within `text`)."""
    if not maybe_number(text):
        return []
    tokens = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
    found_dates = find_dates(text) if dates is None else dates
    dates = [(d.start, d.end) for d in found_dates if not _YEAR_ONLY.fullmatch(d.text)]
    dates += [(m.start(), m.end()) for m in URL.finditer(text)]  # "%2D9114" in a link is no figure
    scanner = _Scanner(text, tokens, dates)
    return scanner.run()


class _Scanner:
    def __init__(self, text: str, tokens: list[tuple[str, int, int]], dates: list[tuple[int, int]]) -> None:
        self.text, self.tokens, self.dates = text, tokens, dates
        self.lower = [t[0].lower() for t in tokens]

    # -- small readers -------------------------------------------------------------------------
    def word(self, i: int) -> str:
        return self.lower[i] if 0 <= i < len(self.tokens) else ""

    def glued(self, i: int) -> bool:
        """Token i touches token i-1 (no space between)."""
        return 0 < i < len(self.tokens) and self.tokens[i][1] == self.tokens[i - 1][2]

    def is_digits(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and (self.tokens[i][0][:1].isdigit() or self.tokens[i][0][:2][1:].isdigit()
                                              and self.tokens[i][0][0] == ".")

    def in_date(self, i: int) -> bool:
        start = self.tokens[i][1]
        return any(s <= start < e for s, e in self.dates)

    # -- the scan ------------------------------------------------------------------------------
    def run(self) -> list[Figure]:
        out: list[Figure] = []
        i = 0
        # the tokens a figure may start at (a digit, a number word, a currency sign or code), found
        # in one pass; the scan jumps from one to the next
        tokens = self.tokens
        starts = [k for k, w in enumerate(self.lower)
                  if w[:1].isdigit() or w in STARTERS or (w[:1] == "." and w[1:2].isdigit())
                  or (len(w) == 3 and tokens[k][0].isupper())]
        at = 0
        while at < len(starts):
            if starts[at] < i:
                at += 1
                continue
            i = starts[at]
            found = None
            try:
                found = self.figure_at(i)
            except (ValueError, OverflowError, ArithmeticError, IndexError):  # odd input: no figure here
                found = None
            if found is None:
                i += 1
                continue
            figures, i = found
            out.extend(figures)
        return out

    def figure_at(self, i: int):
        start = i
        currency, i = self.currency_before(i)
        if self.word(start - 1) == "per":
            return None  # "per million British thermal units"
        number = self.number_at(i, money=currency is not None)
        if number is None:
            return None
        if self.skipped(start, i, number, currency):
            return None
        unit, end, age = self.unit_after(number, currency, i)
        if unit is None:
            return None
        value = number.value
        if unit in MINOR:
            value, unit = value / MINOR_DIVISOR.get(unit, 100), MINOR[unit]
        if unit in ("basis_point",):
            value, unit = value / 100, "percentage_point"
        if not math.isfinite(value):
            return None
        qualifier, q_start = self.qualifier_before(start)
        if self.word(end) == "or" and self.word(end + 1) == "so":
            qualifier, end = "about", end + 2  # "the thousand or so troops"
        if age == "before":
            q_start = min(q_start, start - 1)
        change = self.change_around(q_start, end, unit)
        if self.word(start - 1) in ("+", "-", "−") and self.glued(start) and (start < 2 or not self.glued(start - 1)):
            if kind_of(unit) in ("temperature", "count"):
                value, q_start = -value, min(q_start, start - 1)  # "-15°C" is below zero, not a fall
            else:
                change, q_start = ("up" if self.word(start - 1) == "+" else "down"), min(q_start, start - 1)
        # a range or a from-to change
        ranged = self.range_after(end, number, currency, unit, qualifier, q_start, age)
        if ranged is not None:
            return ranged
        if self.is_score(start, end, number, unit):
            return None
        kind = "age" if age else kind_of(unit)
        if kind == "duration" and self.word(end) in ("ago", "earlier", "later"):
            return None  # "four years ago", "two days later": when, not how long
        if unit == "degree" and TEMPERATURE_CONTEXT.search(self.text):
            kind = "temperature"  # "set the thermostat to 85°": a temperature on no named scale
        if number.vague:
            quantity = Quantity(value, None, "vague", unit, "")
        elif qualifier in ("more_than", "at_least"):
            quantity = Quantity(value, None, qualifier, unit, "")
        elif qualifier in ("less_than", "up_to"):
            quantity = Quantity(None, value, qualifier, unit, "")
        else:
            quantity = Quantity(value, value, "exact" if qualifier in ("between", "from") else qualifier, unit, "")
        return [self.make(q_start, end, quantity, change, kind)], end

    def make(self, first: int, end: int, quantity: Quantity, change, kind) -> Figure:
        s, e = self.tokens[first][1], self.tokens[end - 1][2]
        text = self.text[s:e]
        return Figure(s, e, text, Quantity(_clean(quantity.low), _clean(quantity.high), quantity.qualifier,
                                           quantity.unit, text), change, kind)

    # -- pieces --------------------------------------------------------------------------------
    def currency_before(self, i: int) -> tuple[str | None, int]:
        if i >= len(self.tokens):
            return None, i
        w, nxt = self.word(i), self.word(i + 1)
        three = w + self.tokens[i + 1][0].lower() if i + 1 < len(self.tokens) and self.glued(i + 1) else ""
        if three in CURRENCY_SIGNS and self.is_digits(i + 2):  # US$, A$, C$, HK$
            return CURRENCY_SIGNS[three], i + 2
        if nxt == "$" and w in ("us", "c", "hk", "nz", "au", "ca", "can", "nt", "mx") and self.is_digits(i + 2):
            return CURRENCY_SIGNS[w + "$"], i + 2  # "US $58.24", "c $ 16.4 million"
        if w in ("₡", "₾", "₭", "元") and self.is_digits(i + 1):
            return CURRENCY_AFTER[w], i + 1
        if w in ("$", "€", "£", "¥", "₹", "₩", "₽", "₺", "₦", "₪", "₱") and (self.is_digits(i + 1) or nxt in GLYPHS):
            return CURRENCY_SIGNS[w], i + 1
        if self.tokens[i][0] == "R" and self.is_digits(i + 1) and self.glued(i + 1):
            return "ZAR", i + 1
        if w == "rs" and (self.is_digits(i + 1) or (nxt == "." and self.is_digits(i + 2))):
            return "INR", i + (2 if nxt == "." else 1)
        token = self.tokens[i][0] if i < len(self.tokens) else ""
        if len(token) == 3 and token.isupper() and token in iso_currencies() and self.is_digits(i + 1):
            return token, i + 1
        return None, i

    def number_at(self, i: int, money: bool = False) -> _Number | None:
        if i >= len(self.tokens):
            return None
        w = self.word(i)
        if self.is_digits(i):
            value = digits_value(self.tokens[i][0], self.word(i + 1))
            if value is None:
                return None
            end = i + 1
            # "4 500": a thousands group written with a space
            while (end < len(self.tokens) and _THREE_DIGITS.fullmatch(self.tokens[end][0])
                   and self.text[self.tokens[end - 1][2]:self.tokens[end][1]] in (" ", "\u00a0", "\u202f")
                   and value < 1000 and _UP_TO_THREE_DIGITS.fullmatch(self.tokens[end - 1][0])
                   and not self.is_digits(end + 1)):
                value, end = value * 1000 + float(self.tokens[end][0]), end + 1
            if self.word(end) in GLYPHS and self.glued(end):
                value, end = value + GLYPHS[self.word(end)], end + 1
            if (self.is_digits(end) and self.word(end + 1) == "/" and self.glued(end + 1) and self.glued(end + 2)
                    and self.is_digits(end + 2) and self.word(end + 3) != "/" and _ONE_DIGIT.fullmatch(self.word(end))
                    and _UP_TO_TWO_DIGITS.fullmatch(self.word(end + 2)) and float(self.word(end)) < float(self.word(end + 2))):
                value, end = value + float(self.word(end)) / float(self.word(end + 2)), end + 3  # "10 1/2"
            # "1/3" as a fraction, not a date
            if (self.word(end) == "/" and self.glued(end) and self.is_digits(end + 1) and self.glued(end + 1)
                    and self.word(end + 2) != "/" and value < 10 and 2 <= float(self.tokens[end + 1][0]) <= 10):
                return _Number(value / float(self.tokens[end + 1][0]), end + 2, fraction=True)
            if self.word(end) == "in" and self.is_digits(end + 1) and end + 2 <= len(self.tokens) \
                    and value < float(self.tokens[end + 1][0]) <= 1000 and self.word(end + 2) not in WORDS:
                return _Number(value / float(self.tokens[end + 1][0]), end + 2, fraction=True)  # "1 in 5"
            number = _Number(value, end)
            self.scale(number, money)
            self.and_a_half(number)
            return number
        if w in GLYPHS:
            return _Number(GLYPHS[w], i + 1, fraction=True)
        return self.words_at(i)

    def scale(self, number: _Number, money: bool = False) -> None:
        w = self.word(number.end)
        if w in WORD_SCALES:
            if w in ("m", "b", "k") and not self.glued(number.end):
                return
            if w == "k" and self.tokens[number.end][0] == "K" and not money:
                return  # "4K" video
            if w in ("m", "b") and not money and not self._counted_plural(number.end + 1):
                return  # "a 5m wall": metres; "£5m", "5m people" are millions
            number.value *= WORD_SCALES[w]
            number.factor *= WORD_SCALES[w]
            number.end += 1
            number.scaled = True
            if self.word(number.end) in ("million", "billion", "thousand") and w in ("hundred", "thousand"):
                number.value *= WORD_SCALES[self.word(number.end)]
                number.factor *= WORD_SCALES[self.word(number.end)]
                number.end += 1

    def _money_or_count_after(self, i: int) -> bool:
        return True if self.word(i)[:1].isalpha() and self.word(i).endswith("s") else self.word(i) in ("", ".", ",")

    def and_a_half(self, number: _Number) -> None:
        """"two and a half", "five and a quarter"; "3 dozen", "half a dozen"."""
        part = self.word(number.end + 2)
        if self.word(number.end) == "and" and self.word(number.end + 1) in ("a", "an", "one") and part in (
                "half", "quarter", "third", "fourth", "fifth"):
            number.value += 1 / {"fourth": 4}.get(part, FRACTIONS.get(part, 4))
            number.end += 3
        if self.word(number.end) in ("dozen", "dozens") and not number.vague:
            number.value *= 12
            number.end += 1

    def words_at(self, i: int) -> _Number | None:
        w, nxt = self.word(i), self.word(i + 1)
        if w in VAGUE:
            value = VAGUE[w]
            end = i + 1
            if nxt == "of" and self.word(i + 2) in VAGUE and VAGUE[self.word(i + 2)] > value:
                value, end = value * VAGUE[self.word(i + 2)], i + 3  # "tens of thousands"
            elif nxt != "of":
                return None  # "hundreds" alone names nothing counted
            return _Number(value, end, vague=True)
        if w in ("several", "few") and nxt in ("hundred", "thousand", "million", "dozen"):
            return _Number(3 * WORD_SCALES.get(nxt, 12), i + 2, vague=True)
        if w == "a" and nxt == "few" and self.word(i + 2) in ("hundred", "thousand", "million"):
            return _Number(3 * WORD_SCALES[self.word(i + 2)], i + 3, vague=True)
        # "one in four", "nine in 10": a share
        if (w in UNITS or self.is_digits(i)) and nxt == "in" and (self.word(i + 2) in UNITS or self.word(i + 2) in TENS
                                                                  or self.is_digits(i + 2)):
            top = UNITS.get(w) if w in UNITS else None
            bottom = self.word(i + 2)
            bottom_value = float(bottom) if self.is_digits(i + 2) and bottom.isdigit() else UNITS.get(bottom, TENS.get(bottom))
            if top and bottom_value and top < bottom_value:
                return _Number(top / bottom_value, i + 3, fraction=True)
        # fractions: "a third of", "two-thirds of", "half of", "three quarters of"
        numerator, j = None, i
        if w in ("a", "an", "one"):
            numerator, j = 1, i + 1
        elif w in UNITS and UNITS[w] > 0:
            numerator, j = UNITS[w], i + 1
        if numerator is not None and self.word(j) == "-":
            j += 1
        fraction_word = self.word(j) if numerator is not None else w
        if fraction_word in FRACTIONS and (numerator is not None or w == "half"):
            after = self.word(j + 1)
            if self.word(i - 1) in ("first", "second", "third", "fourth", "last", "the", "this", "next") \
                    and fraction_word in ("half", "quarter"):
                return None  # "the second half", "first quarter": periods of time
            plural = fraction_word.endswith("s") and numerator is not None and numerator > 1
            by = self.word(i - 1) == "by"  # "grew by half", "cut by a third"
            alone = numerator is not None and after in ("", ".", ",", ";", ")")
            if fraction_word == "half" and after in ("a", "an") and self.word(j + 2) == "dozen":
                return _Number(6, j + 3)
            if after in ("of", "the", "a", "an", "majority") or plural or alone or by or (
                    fraction_word in ("half", "quarter") and self._unit_word(j + 1)):
                if fraction_word == "half" and numerator is None and after not in ("of", "the", "a", "an") and not by:
                    return None
                return _Number((numerator or 1) / FRACTIONS[fraction_word], j + 1, fraction=True)
            return None
        if w not in NUMBER_WORDS and w not in ("a", "an"):
            return None
        # a run of number words
        words, end = [], i
        k = i
        while k < len(self.tokens):
            x = self.word(k)
            if x in NUMBER_WORDS or (x in ("a", "an") and k == i and self.word(k + 1) in
                                     ("hundred", "thousand", "million", "billion", "dozen", "couple")):
                words.append(x)
                end = k + 1
            elif x == "couple" and words == ["a"]:
                words.append(x)
                end = k + 1
            elif x in ("-", "and") and words and self.word(k + 1) in NUMBER_WORDS and self.word(k + 1) not in (
                    "hundred", "thousand", "million", "billion") and not (x == "and" and words[-1] in UNITS):
                pass
            else:
                break
            k += 1
        if not words or words == ["a"] or words == ["an"]:
            return None
        value = words_value(words)
        if value is None:
            return None
        number = _Number(value, end)
        self.and_a_half(number)
        return number

    def _unit_word(self, i: int) -> bool:
        return self.word(i) in WORDS and WORDS[self.word(i)] in ("h", "day", "year", "mi", "km", "month", "century")

    def skipped(self, start: int, i: int, number: _Number, currency: str | None, in_range: bool = False) -> bool:
        """Years, dates, times, ordinals, identifiers, "one of"."""
        if self.in_date(i):
            return True
        token = self.tokens[i][0]
        end = number.end
        after, after2 = self.word(end), self.word(end + 1)
        glued_after = end < len(self.tokens) and self.glued(end)
        if self.is_digits(i):
            if glued_after and after in ("st", "nd", "rd", "th"):
                return True  # ordinal
            if glued_after and after in (":",) and self.is_digits(end + 1):
                return True  # clock time, score "3:1"
            if after in TIME_WORDS or (after in ("a", "p") and after2 == "." and self.word(end + 2) == "m"):
                return True
            if after == "." and self.glued(end) and self.word(end + 1) in ("m",):
                return True
            if glued_after and after[:1].isalpha() and not self._glued_unit(end) and after not in (
                    "bn", "mn", "m", "k", "b", "tn", "s", "mln", "bln", "p") :
                return True  # "5G", "4K", "3D", "1e999"
            if glued_after and after == "s" and len(token) == 4:
                return True  # "the 1990s"
            if i > 0 and self.glued(i) and (self.word(i - 1)[:1].isalpha() or
                                            (self.word(i - 1) == "-" and self.word(i - 2)[:1].isalpha()
                                             and self.glued(i - 1))):
                if not (self.word(i - 1) in ("us", "a", "c", "hk", "nz", "s", "r", "rs") and currency):
                    return True  # "S23", "MH17", "COVID-19", "F-35"
            if self.word(i - 1) in ("#", "no", "number", "nos") and currency is None:
                if self.word(i - 1) != "no" or self.word(i) == "." or self.glued(i):
                    return True
            if self.word(i - 1) == "." and self.word(i - 2) == "no":
                return True
            if (not currency and _YEAR_1500_2099.fullmatch(token) and not number.scaled
                    and not self._counted_plural(end)):
                return True  # a year
            if not currency and start > 0 and self._identifier_before(start, end):
                return True
            if glued_after and after in ("-", "–") and self.is_digits(end + 1) and self.glued(end + 1) \
                    and _TWO_DIGITS.fullmatch(self.tokens[end + 1][0]) and _YEAR_1900_2099.fullmatch(token):
                return True  # a season "2023-24"
            if not in_range and i > 1 and self.glued(i) and self.word(i - 1) in ("-", "–", "/", ".", ":") \
                    and self.glued(i - 1) and self.is_digits(i - 2):
                return True  # the tail of "2023-24", "555-1234", "1.2.3"
            if glued_after and after == "/" and (self.is_digits(end + 1)):
                return True  # "24/7", "12/03"
            if glued_after and after == "." and self.is_digits(end + 1) and self.glued(end + 1):
                return True  # "192.168.1.2", version numbers
        if not self.is_digits(i) and (after in ORDINAL_WORDS or (after == "-" and self.word(end + 1) in ORDINAL_WORDS)
                                      or after.endswith("ths") and after[:-1] in ORDINAL_WORDS):
            return True  # "twenty-fifth", "one hundred twenty fifth", "two hundredth"
        if self.word(start - 1) in IDENTIFIER_WORDS and currency is None and not self._counted_plural(end):
            return True  # "version two", "phase 2", "Flight 17"
        if not self.is_digits(i):
            w = self.word(i)
            if w == "one" and (after in ("of", "another", "day", "time", "way", "thing", "side", "hand", "last",
                                         "before", "is", "was") or
                               self.word(i - 1) in ("no", "any", "every", "the", "this", "that", "which", "each")):
                return True
            if w == "one" and number.end == i + 1 and after in ("", ".", ",", ";", "who", "that", "which"):
                return True
        return False

    def _glued_unit(self, i: int) -> bool:
        token = self.tokens[i][0]
        return token in SYMBOLS or token.lower() in WORDS or token.lower() in MINOR or token.lower() in (
            "bps", "yo", "pc", "pct")

    def _counted_plural(self, i: int) -> bool:
        w = self.word(i)
        return len(w) > 3 and w.isalpha() and w.endswith("s") and w not in (
            "was", "has", "this", "its", "his", "hers", "years", "as", "plus", "less", "thus", "across",
            "always", "perhaps", "towards", "afterwards", "minus", "versus") and w.isascii()

    def _identifier_before(self, start: int, end: int) -> bool:
        """"Resolution 1244", "iPhone 15", "S&P 500", "Windows 11", "Article 5" (a name then a number
        with no unit after it)."""
        prev = self.tokens[start - 1][0]
        if self.word(start - 1) == "&" or (start >= 2 and self.word(start - 2) == "&"):
            return True
        if not any(c.isupper() for c in prev) or prev in NOT_IDENTIFIER or prev.lower() in QUALIFIERS or prev.lower() in CURRENCY_WORDS:
            return False
        if prev.isupper() and len(prev) == 3 and prev in iso_currencies():
            return False
        if prev.lower() in CHANGE_BEFORE or prev.lower() in NUMBER_WORDS or prev.lower() in VAGUE:
            return False
        w = self.word(end)
        return not (w in WORDS or w in ("%", "percent", "per") or self._counted_plural(end))

    def unit_after(self, number: _Number, currency: str | None, i: int) -> tuple[str | None, int, str | None]:
        """(unit, token index after the figure, age marker). The unit is `count` when none is written."""
        end = number.end
        w = self.word(end)
        if currency is not None:
            rate, after = self.rate_after(end)
            return currency + rate, after, None
        if number.fraction:
            found = self.physical_after(end, number)  # "1/4 mile", "½ teaspoon"
            return (found[0], found[1], None) if found else ("fraction", end, None)
        if w == "%" or w in ("percent", "percents", "percentage", "pct", "pc") and not (w == "pc" and not self.glued(end)) \
                and not (w == "percentage" and self.word(end + 1) in ("point", "points")):
            unit, end = "percent", end + 1
            if self.word(end) in ("-", "–") and self.is_digits(end + 1):
                return unit, end, None
            if self.word(end) == "point" or self.word(end) == "points":
                unit, end = "percentage_point", end + 1
            return unit, end, None
        if w == "per" and self.word(end + 1) == "cent":
            return "percent", end + 2, None
        if w == "percentage" and self.word(end + 1) in ("point", "points"):
            return "percentage_point", end + 2, None
        if w in ("basis",) and self.word(end + 1) in ("point", "points") or w in ("bps", "bp") and number.value:
            return "basis_point", end + (2 if w == "basis" else 1), None
        if w in ("point", "points") and not self.is_digits(end + 1):
            return "point", end + 1, None
        # money written after the number
        for size in (3, 2, 1):
            phrase = " ".join(self.lower[end:end + size])
            if phrase in CURRENCY_WORDS and end + size <= len(self.tokens):
                if phrase in ("won", "rand", "lira", "kip", "lari") and not number.scaled:
                    continue  # "won" is also a verb
                unit = CURRENCY_WORDS[phrase]
                after = self.cents_after(end + size, number)
                rate, after = self.rate_after(after)
                return unit + rate, after, None
        token = self.tokens[end][0] if end < len(self.tokens) else ""
        if len(token) == 3 and token.isupper() and token in iso_currencies():
            return token, end + 1, None
        if w in CURRENCY_AFTER:
            return CURRENCY_AFTER[w], end + 1, None
        if w == "-" and self.glued(end) and self.word(end + 1) in ("cent", "penny") and self.glued(end + 1):
            return self.word(end + 1), end + 2, None  # "a 12-cent-a-share dividend"
        if w in MINOR and (w != "p" or self.glued(end)) and w != "sen":
            return w, end + 1, None
        # age: "15-year-old", "15 years old", "aged 15", "87 yo", "three months old"
        age_before = self.word(i - 1) in AGE_BEFORE
        found = self.physical_after(end, number)
        if found is not None:
            unit, after = found
            if unit in ("year", "month", "week", "day"):
                old = after
                if self.word(old) == "-":
                    old += 1
                if self.word(old) == "old" or (self.word(old) == "of" and self.word(old + 1) == "age"):
                    return unit, old + (1 if self.word(old) == "old" else 2), "after"
            return unit, self.more_duration(unit, after, number), None
        if w == "yo" or (w == "y" and self.word(end + 1) == "/"):
            return "year", end + 1, "after"
        if age_before:
            return "year", end, "before"
        return "count", end, None

    def cents_after(self, after: int, number: _Number) -> int:
        """"3 dollars 50 cents", "thirteen dollars and forty-five cents": one sum."""
        k = after + (self.word(after) == "and")
        rest = self.number_at(k)
        if rest is None or rest.vague or rest.fraction or self.word(rest.end) not in ("cents", "cent", "pence", "p"):
            return after
        number.value += rest.value / 100
        return rest.end + 1

    def more_duration(self, unit: str, after: int, number: _Number) -> int:
        """"14 hours and 20 minutes" is one duration (14.33 hours)."""
        if kind_of(unit) not in ("duration", "length") or self.word(after) not in ("and", ",") and not (
                kind_of(unit) == "length" and self.is_digits(after)):
            return after
        rest = self.number_at(after + (not self.is_digits(after)))
        if rest is None or rest.vague or rest.fraction:
            return after
        found = self.physical_after(rest.end, rest)
        if found is None and self.word(rest.end) == "in" and unit == "ft":
            found = ("inch", rest.end + 1)  # "5 ft 2 in"
        if found is None or kind_of(found[0]) != kind_of(unit):
            return after
        share = PARTS.get(found[0], 0) / PARTS.get(unit, 1) if unit in PARTS else None
        if share is None or share >= 1:
            return after
        number.value += rest.value * share
        return found[1]

    def physical_after(self, end: int, number: _Number) -> tuple[str, int] | None:
        start = end
        glued = end < len(self.tokens) and self.glued(end)
        if self.word(end) == "-" and self.glued(end):
            start = end + 1  # "275-horsepower", "15-year"
        if self.word(end) == "°" and self.word(end + 1) in ("c", "f") and self.glued(end + 1):
            return ("degC" if self.word(end + 1) == "c" else "degF"), end + 2
        if glued:
            token = self.tokens[end][0]
            if token in ("C", "F") and (not TEMPERATURE_CONTEXT.search(self.text) or self.word(end + 1) == "/"):
                return None  # "13F filing", "14.7C/ per security"
            if token in SYMBOLS and not (token == "m" and number.scaled):
                if token == "m" and self._money_or_count_after(end + 1) and self.word(end + 1)[:1].isalpha():
                    return None
                return SYMBOLS[token], end + 1
        for size in (4, 3, 2, 1):
            parts = self.tokens[start:start + size]
            if len(parts) < size:
                continue
            phrase = self.text[parts[0][1]:parts[-1][2]].lower()
            phrase = _SPACES.sub(" ", phrase)
            if phrase in WORDS:
                code = WORDS[phrase]
                if phrase in ("pound", "pounds") and (number.scaled or self.word(start + 1) == "sterling"):
                    return ("GBP", start + 1 + (self.word(start + 1) == "sterling"))
                if phrase in ("t", "l", "h", "s", "g", "in") and not glued:
                    continue
                if code == "degree":
                    nxt = self.word(start + size)
                    if nxt in ("c", "celsius", "centigrade"):
                        return "degC", start + size + 1
                    if nxt in ("f", "fahrenheit"):
                        return "degF", start + size + 1
                return code, start + size
        if self.word(end) == "°" and self.word(end + 1) in ("c", "f"):
            return ("degC" if self.word(end + 1) == "c" else "degF"), end + 2
        return None

    def rate_after(self, end: int) -> tuple[str, int]:
        """"per barrel", "a share": the price is a rate ("/barrel")."""
        if self.word(end) in ("per", "a", "an", "/") and self.word(end + 1) in RATE_NOUNS:
            noun = self.word(end + 1)
            return "/" + {"liter": "litre", "kilometer": "kilometre", "ton": "tonne"}.get(noun, noun), end + 2
        return "", end

    def qualifier_before(self, start: int) -> tuple[str, int]:
        for size in (3, 2, 1):
            if start - size < 0:
                continue
            phrase = " ".join(self.lower[start - size:start])
            if phrase in QUALIFIERS:
                return QUALIFIERS[phrase], start - size
            if phrase in ("between", "from"):
                return phrase, start - size
        return "exact", start

    def change_around(self, first: int, end: int, unit: str) -> str | None:
        k = first - 1
        while k >= 0 and self.word(k) in ("by", "to", "another", "a", "an", "of", "nearly", "almost", "just",
                                           "some", "about", "around", "roughly", "more", "than", "over", "only",
                                           "sharply", "slightly", "further", "from"):
            k -= 1
        before = self.word(k)
        if before in CHANGE_BY_ONLY and unit not in ("percent", "percentage_point", "point") and self.word(k + 1) != "by":
            return None
        money_like = unit.split("/")[0] in iso_currencies() or unit in ("percent", "percentage_point", "point")
        physical = not money_like and unit not in ("count", "fraction")
        if physical and before in CHANGE_BEFORE and self.word(k + 1) != "by" and before not in (
                "rose", "fell", "increased", "decreased", "dropped", "grew", "declined", "up", "down"):
            return None  # "the cyclist climbed 4,000 metres": a distance, not a change
        if before in CHANGE_BEFORE and (money_like or before not in CHANGE_OBJECT_VERBS):
            if before in ("up", "down") and unit == "count" and self.word(k + 1) not in ("by",):
                return None  # "up to 650", "down 3 roads" are not changes of a count
            return CHANGE_BEFORE[before]
        after = self.word(end)
        if physical:
            return None  # "their biggest one-day gain": the gain is not a day long
        if after in CHANGE_AFTER and (money_like or after not in ("up", "down", "higher", "lower")):
            return CHANGE_AFTER[after]
        if after in ("higher", "lower") and money_like:
            return CHANGE_AFTER[after]
        if after in ("more", "less", "fewer") and self.word(end + 1) == "than" and money_like:
            return "up" if after == "more" else "down"  # "12% more than in 2022"
        return None

    def range_after(self, end: int, number: _Number, currency, unit: str, qualifier: str, q_start: int,
                    first_age: str | None = None):
        """"500-650", "between 500 and 650", "from 252 to 287 miles", "10%-15%", "$5-$7 million"."""
        sep = self.word(end)
        if sep not in ("-", "–", "—", "to", "and"):
            return None
        if sep == "and" and qualifier != "between":
            return None
        if sep == "to" and qualifier not in ("between", "from") and self.change_around(q_start, end, unit):
            return None  # "rose 0.7 years to 81.3 years": the change, then the level
        j = end + 1
        second_currency, j = self.currency_before(j)
        second = self.number_at(j, money=(second_currency or currency) is not None)
        if second is None or self.skipped(j, j, second, second_currency or currency, in_range=True):
            return None
        unit2, end2, age = self.unit_after(second, second_currency or currency, j)
        low, high = number.value, second.value
        if unit == "count" and unit2 != "count":
            unit = unit2
        elif unit2 == "count" and unit != "count":
            unit2 = unit
        if unit2.startswith(unit + "/"):
            unit = unit2  # "€200 to €350 a night"
        if unit2 in MINOR:
            high, unit2 = high / MINOR_DIVISOR.get(unit2, 100), MINOR[unit2]
            if unit in MINOR:
                low, unit = low / MINOR_DIVISOR.get(unit, 100), MINOR[unit]
        if unit == "basis_point":
            low, high, unit, unit2 = low / 100, high / 100, "percentage_point", "percentage_point"
        if unit != unit2:
            return None
        if second.scaled and not number.scaled and low * second.factor <= high:
            low *= second.factor  # "5 to 7 million"
        if qualifier == "from" and self.change_around(q_start, end, unit):
            # "rose from 5% to 7%": two levels, the one before and the one after (neither is the rise)
            first = Quantity(low, low, "exact", unit, "")
            last = Quantity(high, high, "exact", unit, "")
            return ([self.make(q_start + 1, end, first, None, kind_of(unit)),
                     self.make(j, end2, last, None, kind_of(unit))], end2)
        if sep in ("-", "–", "—") and self.is_score(q_start, end2, number, unit, high):
            return [], end2
        if low > high or not (math.isfinite(low) and math.isfinite(high)):
            return None
        if sep == "to" and qualifier not in ("between", "from") and unit == "count" and low == high:
            return None
        change = self.change_around(q_start, end2, unit)
        quantity = Quantity(low, high, "between", unit, "")
        kind = "age" if age or first_age else kind_of(unit)
        return [self.make(q_start, end2, quantity, change, kind)], end2

    def is_score(self, start: int, end: int, number: _Number, unit: str, high: float | None = None) -> bool:
        """"won 3-1", "a 2-2 draw": a result, not a range."""
        if unit != "count":
            return False
        if high is None:
            return False
        around = {self.word(k) for k in range(max(0, start - 4), min(len(self.tokens), end + 3))}
        return bool(around & SCORE_WORDS) or (number.value >= high and number.value < 20)


# How many seconds (or inches) one of each unit is, for "14 hours and 20 minutes", "5 ft 2 in": a
# sum inside one figure needs no unit registry.
PARTS = {"s": 1, "min": 60, "h": 3600, "day": 86400, "week": 604800, "ft": 12, "inch": 1, "m": 100, "cm": 1}


def _clean(value: float | None) -> float | None:
    """12 significant digits: 4.1 billion, not 4099999999.9999995."""
    return None if value is None else float(f"{value:.12g}")


def digits_value(token: str, next_word: str = "") -> float | None:
    """"1,000" -> 1000, "1.000.000" -> 1000000, "1,5" (before "million" or "%") -> 1.5, "4.5" -> 4.5;
    None for shapes that are not one number ("192.168.1.2", "1,2,3") or not finite."""
    if _THOUSANDS_COMMAS.fullmatch(token):
        text = token.replace(",", "")
    elif _THOUSANDS_DOTS.fullmatch(token):
        text = token.replace(".", "")
    elif _DECIMAL_COMMA.fullmatch(token) and next_word in ("million", "billion", "thousand", "mn", "bn", "%",
                                                              "percent", "m", "trillion"):
        text = token.replace(",", ".")
    elif _PLAIN_NUMBER.fullmatch(token):
        text = token
    else:
        return None
    if len(text) > 300:
        return None
    value = float(text)
    return value if math.isfinite(value) else None


