"""Rules for dates the text spells out: "Aug. 7, 1998", "28.11.2023", "July 2024", "1990",
"the 1990s", "the 20th century", holidays."""

from __future__ import annotations

import datetime as dt
import re

from newsfuse.text.calendar import year_for
from newsfuse.timex.dates import day_value, month_value, movable_holiday, safe_date, week_value, year_value
from newsfuse.timex.grammar import Candidate
from newsfuse.timex.lexicon import MONTH_RE, DECADE_WORDS, FIXED_HOLIDAYS, MONTHS, SEASONS, WEEKDAYS, ordinal_value, parse_number
from newsfuse.timex.rulebase import Found, RuleBase
from newsfuse.timex.values import MAY_CONTEXT, day_or_unknown, preceded_by, rstrip_offset

Date = dt.date


# "the September 11 attacks", "since the Sept. 11 terrorist attacks": the name of one day in 2001,
# not a September 11 near the report (it also sets no reference day for "a day earlier")
_NINE_ELEVEN_AFTER = re.compile(r"\s+(?:terrorist\s+|terror\s+)?attacks?\b", re.I)
_MARCH_NAME_RE = re.compile(r"\s+(?:for|of|on)\s+(?:the\s+)?(?-i:[A-Z])(?!" + MONTH_RE + r"\b)[a-z]")


class CalendarRules(RuleBase):
    """Absolute and calendar-named dates; year-less ones take the year the tense points to."""

    def _iso(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        day = safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        if day is None:
            return None
        self._note_day(day)
        if "hh" in g:
            value = f"{day_value(day)}T{g['hh']}:{g['mi']}" + (f":{g['ss']}" if "ss" in g else "")
            return "TIME", value + ("Z" if "z" in g else "")  # UTC: "2010-01-13T14:35Z", "+00:00"
        return "DATE", day_value(day)

    def _numeric(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        a, b = int(g["a"]), int(g["b"])
        if g["sep"] == ".":
            day_n, month_n = a, b
        else:
            month_n, day_n = (a, b) if a <= 12 else (b, a)
        year = int(g["y"])
        if year < 100:
            pivot = (self.anchor.year % 100 + 10) if self.anchor else 30
            year += 2000 if year <= pivot else 1900
        day = safe_date(year, month_n, day_n)
        if day is None:
            return None
        self._note_day(day)
        return "DATE", day_value(day)

    def _month_day(self, cand: Candidate, g: dict) -> list[Found] | None:
        month = MONTHS[g["mon"].lower().rstrip(".")]
        nine_eleven = month == 9 and "y" not in g and "d2" not in g and re.sub(r"\D", "", g["d"]) == "11"
        if nine_eleven and _NINE_ELEVEN_AFTER.match(self.text, cand.end):
            return [Found(cand.start, cand.end, "DATE", "2001-09-11")]
        first = self._resolve_month_day(cand, g, month, g["d"])
        if first is None:
            return None
        if "weekof" in g and isinstance(first, Date):
            return [Found(cand.start, cand.end, "DATE", week_value(first))]
        if "d2" not in g:
            return [Found(cand.start, cand.end, "DATE", day_or_unknown(first, month, g["d"]))]
        second = self._resolve_month_day(cand, g, month, g["d2"], year_from=first)
        d2_start = cand.group_spans["d2"][0]
        conj_start = cand.group_spans["conj"][0]
        end_first = rstrip_offset(self.text, cand.start, conj_start)
        results = [Found(cand.start, end_first, "DATE", day_or_unknown(first, month, g["d"]))]
        if second is not None:
            results.append(Found(d2_start, cand.end, "DATE", day_or_unknown(second, month, g["d2"])))
        return results

    _day_month = _month_day

    def _resolve_month_day(self, cand: Candidate, g: dict, month: int, day_text: str,
                           year_from: Date | str | None = None) -> Date | str | None:
        day_n = int(re.sub(r"\D", "", day_text))
        if "y" in g:
            day = safe_date(int(g["y"]), month, day_n)
        elif isinstance(year_from, Date):
            day = safe_date(year_from.year, month, day_n)
        elif self.anchor is None:
            return "unknown" if 1 <= day_n <= 31 else None
        else:
            weekday = WEEKDAYS.get(g["wd"].lower().rstrip(".")) if "wd" in g else None
            year = self._year_for(cand, month, day_n, weekday, g.get("rel"))
            day = safe_date(year, month, day_n)
        if day is not None:
            self._note_day(day)
        return day

    def _year_for(self, cand: Candidate, month: int, day_n: int, weekday: int | None,
                  rel: str | None = None) -> int:
        assert self.anchor is not None
        rel = (rel or "").lower().split()
        if rel and rel[-1] in ("last", "past"):
            return year_for(self.anchor, month, day_n, "past")
        if rel and rel[-1] in ("next", "coming"):
            return year_for(self.anchor, month, day_n, "future")
        if weekday is not None:
            # "Tuesday, 28.11." pins the year to one where that day is a Tuesday, if it is near the
            # anchor; a weekday that fits no near year is a contradiction the timeline flags.
            for year in (self.anchor.year, self.anchor.year - 1, self.anchor.year + 1):
                when = safe_date(year, month, day_n)
                if when is not None and when.isoweekday() == weekday and abs((when - self.anchor).days) <= 183:
                    return year
        return year_for(self.anchor, month, day_n, self._year_way(cand))

    def _month(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        name = g["mon"].rstrip(".")
        month = MONTHS[name.lower()]
        has_context = "y" in g or "ry" in g or "rel" in g or "mod" in g
        if not has_context and (len(name) <= 4 and name.lower() not in ("may", "june", "july")):
            return None  # a bare abbreviation ("Mar", "Dec") is too often something else
        if name.lower() == "may" and not has_context and not preceded_by(self.text, cand.start, MAY_CONTEXT):
            return None
        if (name == "March" and not has_context and _MARCH_NAME_RE.match(self.text, cand.end)
                and not preceded_by(self.text, cand.start, MAY_CONTEXT)):
            return None  # the "March for Life", the "March of the Mothers": a procession's name
        if "y" in g:
            year = int(g["y"])
        elif "ry" in g:
            year = self._relative_year(g["ry"])
            if year is None:
                return "DATE", f"XXXX-{month:02d}"
        elif self.anchor is None:
            return "DATE", f"XXXX-{month:02d}"
        else:
            rel = g.get("rel", "").lower().split()
            year = self.anchor.year
            if rel and rel[-1] in ("last", "past", "previous"):
                year = self.anchor.year if month < self.anchor.month else self.anchor.year - 1
            elif rel and rel[-1] in ("next", "coming", "following"):
                year = self.anchor.year if month > self.anchor.month else self.anchor.year + 1
            elif not rel:
                year = year_for(self.anchor, month, None, self._year_way(cand), tie_ahead=True)
        self._note_month(year, month)
        return "DATE", month_value(year, month)

    def _relative_year(self, phrase: str) -> int | None:
        phrase = phrase.lower()
        if "previous" in phrase or "prior" in phrase:
            base = self._base_year()
            return base - 1 if base is not None else None
        if "following" in phrase:
            base = self._base_year()
            return base + 1 if base is not None else None
        if self.anchor is None:
            return None
        if phrase.startswith("last") or "ago" in phrase or "earlier" in phrase:
            return self.anchor.year - 1
        if phrase.startswith("next"):
            return self.anchor.year + 1
        return self.anchor.year

    def _year(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        year = int(g["y"])
        if re.match(r"\s*(?:GMT|UTC|[A-Z]{2,4}T\b|local\s+time|hours\b|hrs\b)", self.text[cand.end:cand.end + 14]):
            return None  # "1815 GMT" is a clock time
        if re.match(r"\s*(?:people|persons|soldiers|troops|workers|employees|jobs|members|units|tons"
                    r"|acres|feet|meters|miles|km|kilometers|dollars|euros|pounds|shares|times|cars|homes"
                    r"|votes|barrels|words|pages|points)\b", self.text[cand.end:cand.end + 12], re.I):
            return None
        self.ref.year = year
        mod = " ".join(g.get("mod", "").lower().split())
        if "season" in g:
            return "DATE", f"{year}-{SEASONS[g['season'].lower()]}"
        if "first half" in mod:
            return "DATE", f"{year}-H1"
        if "second half" in mod or "last half" in mod or "latter half" in mod:
            return "DATE", f"{year}-H2"
        return "DATE", year_value(year)

    def _spelled_year(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        words = g["y"].lower().replace("-", " ").split()
        century, rest = (2000, words[2:]) if words[0] == "two" else (1900, words[1:])
        rest = [w for w in rest if w not in ("and", "hundred")]
        tail = parse_number(" ".join(rest)) if rest else 0
        if tail is None:
            return None
        year = century + int(tail)
        self.ref.year = year
        if "mon" in g:
            month = MONTHS[g["mon"].rstrip(".").lower()]
            self._note_month(year, month)
            return "DATE", month_value(year, month)
        if "season" in g:
            return "DATE", f"{year}-{SEASONS[g['season'].lower()]}"
        return "DATE", year_value(year)

    def _decade(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        if "y" in g:
            return "DATE", g["y"][:3]
        if "yy" in g:
            tens = int(g["yy"])
            century = 19
            if self.anchor and (self.anchor.year // 100) * 100 + tens <= self.anchor.year:
                century = self.anchor.year // 100
            return "DATE", f"{century}{tens // 10}"
        return "DATE", f"19{DECADE_WORDS[g['word'].lower()]}"

    def _century(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        number = ordinal_value(g["ord"]) if g["ord"].lower() != "twenty-first" else 21
        if not number or number < 1 or number > 21:
            return None
        return "DATE", f"{number - 1:02d}"

    def _holiday(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        name = " ".join(g["name"].lower().replace("’", "'").split())
        week = name.endswith((" week", " weekend"))  # "Easter week": the ISO week of the day
        if week:
            name = name.rsplit(" ", 1)[0]

        def on(year: int) -> Date | None:
            if name in FIXED_HOLIDAYS:
                return safe_date(year, *FIXED_HOLIDAYS[name])
            return movable_holiday(name, year)

        if "y" in g:
            day = on(int(g["y"]))
        elif self.anchor is None:
            return None
        else:
            anchor = self.anchor
            options = [d for d in (on(anchor.year - 1), on(anchor.year), on(anchor.year + 1)) if d]
            direction = {"last": "past", "next": "future"}.get(g.get("rel", "").lower()) or self._way(cand)

            def begun(d: Date) -> bool:  # "Easter week began" on its Monday, before Easter Sunday
                return (d - dt.timedelta(days=d.weekday()) if week else d) <= anchor

            if direction == "past":
                day = max([d for d in options if begun(d)] or options)
            elif direction == "future":
                day = min([d for d in options if d >= anchor] or options)
            else:
                day = min(options, key=lambda d: abs((d - anchor).days)) if options else None
        if day is None:
            return None
        self._note_day(day)
        return "DATE", week_value(day) if week else day_value(day)
