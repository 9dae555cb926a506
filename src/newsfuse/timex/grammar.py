"""The patterns that find time expressions in text, one compiled regex per rule.

`find_candidates` runs each rule on the windows around its trigger words and returns every match
with the named groups the normalizer reads; `select` keeps the longest viable ones without
overlaps. Spans follow TimeML: determiners and modifiers ("the", "last", "early", "about") belong
to the expression, prepositions ("on", "in") do not.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from newsfuse.text import calendar
from newsfuse.text.memo import RUN_TEXTS, per_text
from newsfuse.timex.lexicon import (
    DIGITS_RE,
    MONTH_RE,
    NUMBER_RE,
    NUMBER_WORD_RE,
    ORDINAL_RE,
    UNIT_RE,
    WEEKDAY_ABBR_RE,
    WEEKDAY_RE,
)

MON = MONTH_RE
WD = WEEKDAY_RE
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# A time zone after four digits makes them a clock time ("1653 local time", "1815 GMT"), never a year.
TZ = r"(?:(?-i:GMT|UTC|Z|[A-Z]{2,4}T)(?![\w])|local\s+time|hours\b|hrs\b)"
NOT_CLOCK = r"(?!\d|\s*" + TZ + r"|\s*\(\d{4}\s*" + TZ + r")"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
# The day a clock time names right after it: "3 p.m. on Tuesday", "1500 GMT Friday", "at 0735 GMT, Jan. 6"
_CLOCK_DAY = (r"(?:,?\s+(?:on\s+)?(?P<day>" + WD + r"|today|yesterday|tomorrow|tonight|" + MON + r"\s+" + DAY
              + r"(?:,?\s+" + YEAR + r"(?!\d))?))?")
# ... or right after the other clock of a pair in brackets: "at 4:53 p.m. (2153 GMT) on Tuesday",
# "at about 10:35 a.m. (0735 GMT) Friday" (asked from the end of either clock time).
CLOCK_DAY_AFTER_BRACKETS_RE = re.compile(
    r"\s*(?:\([^()\n]{1,40}\)|\))\s*,?\s*(?:on\s+)?(?P<day>" + WD + r"|today|yesterday|tomorrow|tonight|"
    + MON + r"\s+" + DAY + r"(?:,?\s+" + YEAR + r")?)(?![\w'’])")
_END = r"(?![\w])"
REL_YEAR = r"(?:last|this|next|the\s+(?:previous|prior|following)|a)\s+year(?:\s+(?:ago|earlier))?"
MOD = (
    r"(?:(?:early|late|mid)-?|the\s+(?:beginning|start|end|middle|close|first\s+half|second\s+half"
    r"|last\s+half|latter\s+half|first\s+week|last\s+week|first\s+days|last\s+days|rest|remainder|balance)\s+of"
    r"|(?:around|about|before|by)\s+(?=the\s+end))"
)
DAY_PART = r"(?:morning|afternoon|evening|night)"
SEASON = r"(?:spring|summer|fall|autumn|winter)"
APPROX = (
    r"(?:about|around|nearly|almost|some|roughly|approximately|more\s+than|less\s+than|fewer\s+than"
    r"|at\s+least|at\s+most|up\s+to|over(?!\s+the\b)|under|another|an\s+additional|a\s+full"
    r"|the\s+full|a\s+further|well\s+over|close\s+to|upwards\s+of|no\s+more\s+than)"
)
HOLIDAY = (
    r"(?-i:Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+Day)?"
    r"|Easter(?:\s+(?:Sunday|Monday|week|weekend))?|Good\s+Friday|Memorial\s+Day|Labou?r\s+Day"
    r"|Independence\s+Day|Election\s+Day|Halloween|Valentine['’]s\s+Day|Veterans\s+Day|Armistice\s+Day"
    r"|Bastille\s+Day|Mother['’]s\s+Day|Father['’]s\s+Day|Martin\s+Luther\s+King\s+(?:Jr\.\s+)?Day"
    r"|Presidents['’]?\s+Day|Pentecost|St\.\s+Patrick['’]s\s+Day|the\s+Fourth\s+of\s+July)"
)

_FLAGS = re.I

RULES: dict[str, str] = {
    # 2023-09-30, 2023-09-30 10:14:00, 2023-09-30T10:14
    "iso": (
        r"(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
        r"(?:[T ](?P<hh>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?::(?P<ss>[0-5]\d))?(?:\.\d+)?(?P<z>Z|[+-]00:?00(?!\d))?)?(?![\d-])"
    ),
    # Tuesday, 28.11.2023 / 28.11.2023 / 11/28/2023
    "numeric": (
        r"(?:(?P<wd>" + WD + r"|" + WEEKDAY_ABBR_RE + r"),?\s+)?"
        r"(?<![\d./])(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[01]?\d)(?P=sep)(?P<y>(?:19|20)\d\d|\d\d)(?![\d/]|\.\d)"
    ),
    # Aug. 7, 1998 / Friday, Oct. 23 / November 28 and 29 / the week of March 6
    "month_day": (
        r"(?:(?P<weekof>the\s+week\s+of)\s+)?(?:(?P<wd>" + WD + r"|" + WEEKDAY_ABBR_RE + r"),?\s+(?:the\s+)?)?"
        r"(?:(?P<rel>last|next|this|this\s+past|this\s+coming)\s+)?(?:(?P<mod>early|late|mid-?)\s*)?"
        r"(?P<mon>" + MON + r")\s+(?P<d>" + DAY + r")(?![\d:.,]\d)"
        r"(?:\s*(?P<conj>and|&|-|–|to|through|or)\s*(?P<d2>" + DAY + r")(?![\d:]))?"
        r"(?:(?:,\s*|\s+)(?P<y>" + YEAR + r")" + NOT_CLOCK + r")?" + _END
    ),
    # 24 September / 13 June 2023 / the 24th of September / 28 and 29 November
    "day_month": (
        r"(?:(?P<wd>" + WD + r"|" + WEEKDAY_ABBR_RE + r"),?\s+)?(?:the\s+)?(?<![\d.,$])(?P<d>" + DAY + r")"
        r"(?:\s*(?P<conj>and|&|-|–|to)\s*(?P<d2>" + DAY + r"))?(?:\s+of)?\s+(?P<mon>" + MON + r")"
        r"(?:,?\s+(?P<y>" + YEAR + r")" + NOT_CLOCK + r")?" + _END
    ),
    # July 2024 / January this year / mid-November / the end of November / last April
    "month": (
        r"(?:(?P<mod>" + MOD + r")\s*)?(?:(?P<rel>last|next|this|this\s+past|this\s+coming|the\s+previous"
        r"|the\s+following|past|coming)\s+)?(?P<mon>" + MON + r")"
        r"(?:,?\s+(?:of\s+)?(?:(?P<y>" + YEAR + r")" + NOT_CLOCK + r"|(?P<ry>" + REL_YEAR + r")))?" + _END
    ),
    # Friday / last Friday / Wednesday afternoon / earlier Sunday
    "weekday": (
        r"(?:(?P<rel>last|next|this|this\s+past|this\s+coming|the\s+previous|the\s+following|the\s+next"
        r"|the\s+same|earlier|later|early|late|that)\s+)?(?P<wd>" + WD + r")"
        r"(?:\s+(?P<part>" + DAY_PART + r"))?" + _END
    ),
    # today / yesterday afternoon / last night / this morning / tonight
    "deictic_day": (
        r"(?:(?P<mod>early|late|earlier|later)\s+)?(?:(?P<day>today|tonight|yesterday|tomorrow"
        r"|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)|(?P<rel>this|last)(?=\s+"
        + DAY_PART + r"))(?:\s+(?P<part>" + DAY_PART + r"))?" + _END
    ),
    "mid_day_part": (
        r"(?P<part>mid[- ]?(?:afternoon|morning))(?:\s+(?P<day>" + WD + r"|today|yesterday|tomorrow))?" + _END
    ),
    # 10:35 a.m. / 5 p.m. EST Nov. 9 / noon Thursday
    "clock": (
        r"(?:(?P<approx>about|around|approximately|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
        r"(?<![\d:.$])(?P<h>[01]?\d|2[0-3])(?:[:.] ?(?P<mi>[0-5]\d))?\s*(?P<ampm>[ap]\.\s?m\.?|[ap]m" + _END
        + r"|(?:o['’]clock\s+)?in\s+the\s+(?P<dp>morning|afternoon|evening)|o['’]clock)(?:\s+(?P<tz>(?-i:[A-Z]{2,4}T|[ECMP]T|GMT|UTC)(?![\w&])|local\s+time))?"
        + _CLOCK_DAY
    ),
    "clock24": (
        r"(?<![\d:.$])(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)\s*(?P<tz>(?-i:[A-Z]{2,4}T|GMT|UTC|CET|h|Z)"
        r"|local\s+time|hours)" + _END + _CLOCK_DAY
    ),
    # 1653 local time / 2153 GMT / 0830 hours: military clock times, with a zone to tell them from years
    "clock_hhmm": (
        r"(?<![\d:.$,])(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s*(?P<tz>" + TZ + r")" + _CLOCK_DAY
    ),
    "noon": (
        r"(?:(?P<day1>" + WD + r"|today|yesterday|tomorrow)\s+(?:at\s+)?)?(?P<word>noon|midnight|midday|mid-day)"
        r"(?:\s+(?:on\s+)?(?P<day>" + WD + r"|today|yesterday|tomorrow))?" + _END
    ),
    # 1990 / fiscal 1989 / the end of 1990 / the summer of 1994
    "year": (
        r"(?:(?P<mod>" + MOD + r"|(?:the\s+)?fiscal\s+year|fiscal|calendar|post-|pre-|the\s+(?:fiscal\s+)?year|(?:the\s+)?(?:(?:early|late|mid)-?\s*)?(?P<season>"
        + SEASON + r")(?:\s+of)?)\s*)?(?<![\d$.,#])(?<!\d-)(?P<y>" + YEAR + r")(?!\d|,\d|\.\d|%|-(?:year|\d)|s\b|'s\b)"
    ),
    # nineteen ninety-four / January nineteen ninety-seven / the winter of nineteen ninety-four
    "spelled_year": (
        r"(?:the\s+year\s+|(?P<mon>" + MON + r"),?\s+|(?:the\s+)?(?P<season>" + SEASON + r")\s+(?:of\s+)?)?"
        r"(?P<y>nineteen[- ](?:hundred[- ])?(?:(?:twenty|thirty|forty|fifty|sixty|seventy"
        r"|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve"
        r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+thousand"
        r"(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
        r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))?)" + _END
    ),
    # the 1990s / the early '80s / the nineties
    "decade": (
        r"(?:(?P<mod>early|late|mid-?)\s*)?(?:the\s+)?(?:(?P<mod2>early|late|mid-?)\s*)?"
        r"(?:(?P<y>1[5-9]\d0|20\d0)['’]?s|['’](?P<yy>\d0)['’]?s|(?<=the\s)(?P<word>twenties|thirties|forties"
        r"|fifties|sixties|seventies|eighties|nineties))" + _END
    ),
    # the 20th century / the eleventh century
    "century": (
        r"(?:the\s+)?(?:(?P<mod>early|late|mid-?)\s*)?(?P<ord>" + ORDINAL_RE + r"|twenty-first)[- ]century"
        + _END
    ),
    # the third quarter / third-quarter / the year-ago quarter / the fiscal first quarter of 1990 / of fiscal 1990
    "quarter": (
        r"(?:(?P<det>the|this|that|last|next|(?:last|this|next)\s+year['’]s)\s+)?"
        r"(?P<pre>(?:(?:year-(?:ago|earlier)|comparable|same|latest|current|previous|prior|past|recent|fiscal"
        r"|calendar|year-ago|(?:19|20)\d\d|first|second|third|fourth|1st|2nd|3rd|4th|final|last)[\s-]+){0,3})"
        r"quarter(?P<pl>s)?(?!-century|-point|-to-|[\s-]+(?:of\s+(?:a|an|the|all|its|his|her|their|our|one)\b|mile|hour|inch))"
        r"(?:\s+(?:of\s+)?(?:(?:fiscal\s+(?:year\s+)?)?(?P<y>" + YEAR + r")(?!\d)|(?P<ry>" + REL_YEAR + r")))?" + _END
    ),
    # Q2 2013 / H1 2013 / FY2013: the abbreviations of business news
    "part_abbr": (
        r"(?<![\w-])(?-i:(?P<q>Q[1-4])|(?P<h>H[12])|(?P<fy>FY))[\s-]?(?P<y>" + YEAR + r")(?![\d-])"
    ),
    "half": (
        r"(?:the\s+)?(?P<h>first|second|last|latter)\s+half\s+of\s+(?:(?P<y>" + YEAR + r")(?!\d)|(?P<ry>"
        + REL_YEAR + r"|the\s+year))" + _END
    ),
    # the latest period / the year-ago period / the 1988 period
    "period": (
        r"(?:the\s+)?(?P<pre>latest|year-ago|year-earlier|comparable|same|(?:19|20)\d\d)(?:\s+(?:year-ago|fiscal))?"
        r"\s+period" + _END
    ),
    "year_ago_adj": r"(?<![\w-])(?P<word>year-(?:ago|earlier))" + _END,
    # this week / last year / the past year / earlier this month / the end of the year / this fall
    "deictic_unit": (
        r"(?:(?P<mod>" + MOD + r"|earlier|later|early|late|mid-?)\s*)?"
        r"(?P<rel>this\s+past|this\s+coming|the\s+past|the\s+last|the\s+next|the\s+coming|the\s+current"
        r"|the\s+previous|the\s+prior|the\s+latest|the\s+full|the\s+entire|the\s+whole|this|last|next"
        r"|past|previous|coming|current|the)\s+(?P<fiscal>fiscal\s+)?(?P<unit>weekend|week|month|year"
        r"|quarter|decade|century|" + SEASON + r")" + _END + r"(?!-|\s+(?:old|of\s+(?:the|a|his|her|its|their)"
        r"\s+\w+))(?:\s+or\s+so" + _END + r")?"
    ),
    # early summer / the late autumn / mid-winter / (in) summer: a season without "this", "last" or a year
    "season_word": (
        r"(?:(?:(?P<the>the)\s+)?(?P<mod>early|late|mid-?)\s*|(?<=\bin\s)|(?<=\bduring\s)|(?<=\bby\s)"
        r"|(?<=\buntil\s))(?P<unit>" + SEASON + r")" + _END + r"(?!-|\s+(?:of|\d|'\d|’\d))"
    ),
    "year_end": r"(?P<word>year[-\s]end|year['’]s\s+end|(?:the\s+)?turn\s+of\s+the\s+(?:year|century))" + _END,
    # two years ago / a decade earlier / three days later / years ago
    "ago": (
        r"(?:(?P<approx>" + APPROX + r")\s+)?(?P<n>" + NUMBER_RE + r")?(?P<unit>" + UNIT_RE + r")"
        r"(?:\s+or\s+so)?\s+(?:(?P<dir>ago|earlier|later|from\s+now|hence|afterwards?)(?![\w-])"
        r"|(?P<dir2>before|after)(?=\s*[,.;:!?)\"'”]|\s*$))"
    ),
    # three days / the past two months / a two-year / the first nine months / several years / 5 1/2 hours
    "duration": (
        r"(?:(?P<approx>" + APPROX + r")\s+)?(?:(?P<rel>the\s+(?:past|last|next|first|coming|previous|following"
        r"|final|remaining|latest|ensuing|preceding|initial|same|other|entire|whole)|the|these|those|past|last"
        r"|next|first|coming|previous|recent|the\s+recent|each\s+of\s+the\s+(?:past|last|next))\s+)?"
        r"(?P<n>" + NUMBER_RE + r")(?:(?P<extra>more|additional|extra|full|straight|consecutive|long|trading"
        r"|business|working|calendar|further|successive|short)[\s-]+)?(?P<unit>" + UNIT_RE + r")"
        r"(?P<suffix>-long|-plus)?(?![\w-]|-old)(?!\s+old\b)(?!(?<=quarter|uarters)\s+of\s+(?:the|a|an|all|its|his|her|their|our|one)\b)"
        r"(?:\s+and\s+(?:(?P<half>a\s+half|one\s+half)|(?P<n2>(?:a|an|" + NUMBER_WORD_RE + "|" + DIGITS_RE
        + r"))\s+(?P<unit2>" + UNIT_RE + r")))?(?:\s+or\s+so" + _END + r")?"
    ),
    # a decades-long dispute / the year-long inquiry / a several-year tenure: a length as an adjective
    "long_adj": (
        r"(?<![\w-])(?:(?P<several>several|many|few)-(?P<sunit>year|month|week|day|decade)(?:-long)?"
        r"|(?P<unit>years|months|weeks|days|hours|decades|centuries|year|month|week|day|hour|decade|century)-long)"
        r"(?![\w-])"
    ),
    # the 8-month-old truce / the 17-year-old civil war: the age of a happening or a state is a length
    # (the age of a person or a thing is not tagged: `_age_adj` reads the noun). "A years-old
    # slump" stays untagged: AQUAINT's one case is P1Y, not the PXY the guidelines would give.
    "age_adj": (
        r"(?<![\w-])(?P<n>" + NUMBER_WORD_RE + "|" + DIGITS_RE + r")-(?P<unit>year|month|week|day|decade|century)"
        r"-old(?![\w-])"
    ),
    "vague_duration": (
        r"(?:(?P<rel>the\s+(?:past|last|next|coming|previous|following|recent)|recent|coming|past|the)\s+)?"
        r"(?<!\d\s)(?P<unit>years|months|weeks|days|decades|hours|minutes|centuries|quarters)(?![\w-])"
        r"(?!\s+of\s+the\b|\s+old\b)"
        r"(?P<ahead>\s+(?:ahead|to\s+come))?"
    ),
    # daily / every Thursday / each year / twice a week / per year
    "set": (
        r"(?P<word>daily|weekly|annually|yearly|hourly|nightly|bi-?weekly|semi-?annually|monthly)" + _END
        + r"|(?P<each>every|each)\s+(?:other\s+)?(?:(?P<n>" + NUMBER_WORD_RE + r"|\d+)\s+)?(?P<unit>day|week"
        r"|month|year|quarter|morning|night|evening|afternoon|weekend|summer|winter|spring|fall|autumn"
        r"|hour|minute|days|weeks|months|years|hours|minutes|" + WD + r"s?|" + MON + r")" + _END
        + r"|(?P<times>once|twice|(?:three|four|five|six|\d+)\s+times)\s+(?:a|an|per|each)\s+"
        r"(?P<unit2>day|week|month|year|hour|minute|decade)" + _END
        + r"|(?P<per>per)\s+(?P<unit3>day|week|month|year|hour|annum)" + _END
        # "on Saturdays", "Sunday mornings", "on Monday and Tuesday nights": what recurs
        + r"|(?:(?P<pwd2>" + WD + r")\s+and\s+)?(?P<pwd>" + WD + r")(?:s|\s+(?P<ppart>" + DAY_PART + r")s)" + _END
    ),
    # now / currently / recently / the future / the near term
    "ref": (
        r"(?P<present>(?:right\s+)?now|currently|current(?=\s+[a-z])"
        r"|at\s+present|presently|nowadays|these\s+days|at\s+the\s+moment|at\s+this\s+time)" + _END
        + r"|(?P<past>recently|recent|lately|the\s+past|more\s+recently)" + _END
        + r"|(?P<future>the\s+(?:near\s+|foreseeable\s+|distant\s+|immediate\s+|not-too-distant\s+)?future"
        r"|the\s+(?:near|short|long|medium)(?:er)?\s+term|a\s+later\s+date|the\s+days\s+ahead)" + _END
    ),
    "holiday": (
        r"(?:(?P<rel>last|next|this)\s+)?(?P<name>" + HOLIDAY + r")(?:,?\s+(?P<y>" + YEAR + r")(?!\d))?" + _END
    ),
    # the next day / the day before / that year / the following week / earlier that day
    "anaphoric": (
        r"(?:(?P<mod>earlier|later|early|late)\s+)?(?:the\s+(?P<which>next|following|previous|prior|same"
        r"|preceding)\s+(?P<unit>day|morning|afternoon|evening|night|week|weekend|month|year)"
        r"|the\s+(?P<unit2>day|week|month|year|night|morning|evening)\s+(?P<ba>before|after)"
        r"|that\s+(?:same\s+)?(?P<unit3>day|morning|afternoon|evening|night|week|weekend|month|year)"
        r"|the\s+same\s+(?P<unit4>day|week|month|year)"
        r"|(?:(?<=earlier\sin\s)|(?<=later\sin\s))the\s+(?P<unit5>day)"
        r"|(?:(?<=\bin\s)|(?<=\bduring\s))the\s+(?P<unit6>morning|afternoon|evening|night))" + _END
    ),
}

COMPILED: dict[str, re.Pattern[str]] = {
    name: re.compile(rx if name == "decade" else r"\b(?:" + rx + ")", _FLAGS) for name, rx in RULES.items()
}

# A rule earlier in this list wins over a later one for candidates of the same length.
PRIORITY = {name: index for index, name in enumerate(RULES)}

# -- triggers -------------------------------------------------------------------------------------
# Every rule needs one of its trigger words and is only run on windows around them: most of a news
# text has no time expression, and scanning all of it with every rule would be slow. A trigger
# class lists its words, the rules it wakes, and how far an expression may reach to its left and
# right (a unit word ends "the past two years", a month name starts "May 29, 2023").
_UNIT_WORDS = ("second seconds minute minutes hour hours day days night nights week weeks weekend weekends "
               "fortnight fortnights month months year years decade decades millennium millennia")
_SEASON_AND_PART_WORDS = "spring summer fall autumn winter morning afternoon evening"
_MONTH_WORDS = " ".join(calendar.words("months", "en", abbreviations=True))
_WEEKDAY_WORDS = " ".join(w for w in calendar.words("weekdays", "en", abbreviations=True) if w != "sun")
_WEEKDAY_WORDS += " " + " ".join(w + "s" for w in calendar.words("weekdays", "en") if w.endswith("day"))  # "on Saturdays"
_UNIT_RULES = ("deictic_unit", "duration", "vague_duration", "anaphoric", "long_adj", "age_adj")
TRIGGER_CLASSES: list[tuple[str, tuple[str, ...], int, int]] = [
    (_UNIT_WORDS, _UNIT_RULES + ("deictic_day", "year_ago_adj", "year_end"), 75, 30),
    (_SEASON_AND_PART_WORDS, _UNIT_RULES + ("deictic_day", "season_word", "clock"), 75, 30),  # "4 in the morning"
    ("quarter quarters", _UNIT_RULES + ("quarter",), 75, 35),
    ("century centuries", _UNIT_RULES + ("century",), 40, 10),
    (_MONTH_WORDS, ("month_day", "day_month", "month", "clock", "set"), 50, 40),
    (_WEEKDAY_WORDS, ("weekday", "clock", "noon", "set", "month_day", "day_month", "numeric", "mid_day_part"),
     50, 45),
    ("today tonight yesterday tomorrow", ("deictic_day", "clock", "noon", "mid_day_part"), 45, 25),
    ("mid midafternoon midmorning", ("mid_day_part",), 5, 40),
    ("noon midnight midday", ("noon",), 45, 25),
    ("nineteen thousand", ("spelled_year",), 20, 40),
    ("twenties thirties forties fifties sixties seventies eighties nineties", ("decade",), 25, 5),
    ("half", ("half",), 25, 30),
    ("period", ("period",), 40, 5),
    ("ago earlier later hence afterwards afterward before after now", ("ago",), 75, 10),  # "two years from now"
    ("daily weekly monthly annually yearly hourly nightly biweekly bi semiannually semi per every each "
     "once twice times", ("set",), 10, 40),
    ("now current currently present presently nowadays moment time recent recently lately past future term "
     "date ahead these", ("ref", "vague_duration"), 25, 40),
    ("christmas easter thanksgiving good memorial labor labour independence election halloween valentine "
     "veterans armistice bastille mother father martin presidents pentecost patrick fourth",
     ("holiday",), 10, 35),
]
_DIGIT_TRIGGERS = ("iso", "numeric", "clock", "clock24", "clock_hhmm", "year", "decade", "part_abbr")
_DIGIT_RE = re.compile(
    r"\d(?:\d{3}-\d\d-\d\d|\d?[./]\d{1,2}[./]\d\d|\d?\s*(?:[ap]\.?\s?m\b|o['’]clock)|\d?[:.]\d\d"
    r"|(?<=[012])\d\d\d(?!\d)|0['’]?s\b)", re.I)


_WORD_CLASS: dict[str, list[int]] = {}  # a word may wake several classes ("now": "from now", "until now")
for _index, (_words, _, _, _) in enumerate(TRIGGER_CLASSES):
    for _word in _words.split():
        if _index not in _WORD_CLASS.setdefault(_word, []):
            _WORD_CLASS[_word].append(_index)
_ALL_FORMS = sorted({form for w in _WORD_CLASS for form in (w, w.capitalize(), w.upper())})
_WORD_TRIGGER_RE = re.compile(r"(?<![A-Za-z])" + calendar.alternation(_ALL_FORMS) + r"(?![A-Za-z])")


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """For each rule, the merged stretches of text around its trigger words."""
    hits: dict[int, list[int]] = {}
    for match in _WORD_TRIGGER_RE.finditer(text):
        for index in _WORD_CLASS[match.group().lower()]:
            hits.setdefault(index, []).append(match.start())
    digit_hits = [m.start() for m in _DIGIT_RE.finditer(text)]
    length = len(text)
    per_rule: dict[str, list[tuple[int, int]]] = {}
    classes = [(positions, TRIGGER_CLASSES[index][1], TRIGGER_CLASSES[index][2], TRIGGER_CLASSES[index][3] + 12)
               for index, positions in hits.items()]
    if digit_hits:
        classes.append((digit_hits, _DIGIT_TRIGGERS, 60, 60))
    for positions, rules, before, after in classes:
        windows = _merge([(max(0, p - before), min(length, p + after)) for p in positions])
        for rule in rules:
            per_rule.setdefault(rule, []).extend(windows)
    return {rule: _merge(sorted(windows)) for rule, windows in per_rule.items()}


def _merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in windows:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


@dataclass(slots=True)
class Candidate:
    rule: str
    start: int
    end: int
    groups: dict[str, str | None]
    group_spans: dict[str, tuple[int, int]]


_TRIM_RE = re.compile(r"[\s,]+$")


# One article's text is tagged several times (for its anchor, for its times, again when its story
# re-anchors it); the candidates do not depend on the anchor, so they are found once.
@per_text(maxsize=4096, max_chars=100_000, held_chars=RUN_TEXTS)
def find_candidates(text: str) -> list[Candidate]:
    """Every match of every rule, overlapping ones included, longest first."""
    found: list[Candidate] = []
    for name, windows in _windows(text).items():
        pattern = COMPILED[name]
        for match in (m for w_start, w_end in windows for m in pattern.finditer(text, w_start, w_end)):
            start, end = match.span()
            trimmed = _TRIM_RE.search(text, start, end)
            if trimmed:
                end = trimmed.start()
            if end <= start:
                continue
            groups = {k: v for k, v in match.groupdict().items() if v is not None}
            spans = {k: match.span(k) for k in groups}
            found.append(Candidate(name, start, end, groups, spans))
    found.sort(key=lambda c: (-(c.end - c.start), PRIORITY[c.rule], c.start))
    return found


def select(candidates: list[Candidate], viable: Callable[[Candidate], bool]) -> list[Candidate]:
    """The longest viable candidates that do not overlap, in text order.

    `viable` lets the normalizer veto a match ("May" the modal verb, a plural "quarters"), so a
    shorter match by another rule can take its place.
    """
    taken: list[Candidate] = []
    # The taken spans never overlap, so sorted by start their ends are sorted too: a candidate
    # overlaps one of them only if it overlaps its neighbour on either side (a bisection, not a
    # scan of every span taken, which made 12,000 weekdays take minutes).
    starts: list[int] = []
    ends: list[int] = []
    for cand in candidates:
        i = bisect.bisect_right(starts, cand.start)
        if (i and ends[i - 1] > cand.start) or (i < len(starts) and starts[i] < cand.end):
            continue
        if not viable(cand):
            continue
        taken.append(cand)
        starts.insert(i, cand.start)
        ends.insert(i, cand.end)
    taken.sort(key=lambda c: c.start)
    return taken
