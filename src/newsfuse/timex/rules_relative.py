"""Rules for dates counted from the anchor or the reference time: weekdays, "today", clock
times, "last week", "this summer", "two years ago", "the next day"."""

from __future__ import annotations

import datetime as dt
import re

from newsfuse.text.calendar import weekday_date, year_for
from newsfuse.timex.dates import day_value, month_value, quarter_of, quarter_value, safe_date, shift_months, shift_quarter, week_value, year_value
from newsfuse.timex.grammar import CLOCK_DAY_AFTER_BRACKETS_RE, Candidate
from newsfuse.timex.lexicon import DAY_PARTS, MONTHS, SEASONS, WEEKDAYS, parse_number
from newsfuse.timex.rulebase import RuleBase
from newsfuse.timex.values import ENDED_RE, REL_STEP, UNKNOWN_VALUES, duration_value, preceded_by, shift_value, unit_code

Date = dt.date


# What "today's" makes an age rather than a day of: people and the world of the time.
_GENERIC_TODAY_RE = re.compile(
    r"['’]s\s+(?:\w+\s+)?(?:world|youth|young|society|generation|children|kids|teenagers|students|families"
    r"|personal\s+computers|computers|technology|standards|culture|politics|economy)\b", re.I)


class RelativeRules(RuleBase):
    """Deictic (from the anchor) and anaphoric (from the reference time) expressions."""

    def _weekday(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        weekday = WEEKDAYS[g["wd"].lower()]
        rel = " ".join(g.get("rel", "").lower().split())
        if rel in ("the previous", "the following", "the next", "the same", "that"):
            base = self._base_day()
            direction = {"the previous": "before", "the following": "after", "the next": "after"}.get(rel)
        else:
            base = self.anchor
            direction = {"last": "before", "this past": "before", "next": "after",
                         "this coming": "after"}.get(rel)
            if direction is None and base is not None:  # without an anchor no way is read (the anchor's own pass)
                # News mostly reports what happened: without a future, modal or deadline cue
                # ("will meet on Saturday", "could come Tuesday", "by Thursday") or a present
                # progressive ("is meeting on Thursday": a plan), "Friday" is the last one.
                direction = self._way(cand, plans=True) or ("future" if rel == "this" else "past")
                told = self._told_day(cand) if direction == "future" else None
                if told is not None:
                    base, direction = told, "after"  # planned on Monday for Tuesday: the Tuesday after
        if base is None:
            return ("TIME" if "part" in g else "DATE"), "XXXX-XX-XX"
        day = weekday_date(base, weekday, direction)
        return self._day_result(day, g.get("part"))

    def _deictic_day(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        word = " ".join(g.get("day", "").lower().split())
        part = g.get("part")
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
                  "the day before yesterday": -2, "the day after tomorrow": 2}.get(word, 0)
        if word == "today" and _GENERIC_TODAY_RE.match(self.text, cand.end):
            return None  # "today's youth", "in today's world": the present age, not a day
        if word == "tonight":
            part = "night"
        if g.get("rel", "").lower() == "last":
            offset = -1
        if self.anchor is None:
            return ("TIME" if part else "DATE"), "XXXX-XX-XX"
        return self._day_result(self.anchor + dt.timedelta(days=offset), part)

    def _clock_day(self, cand: Candidate, day_text: str | None) -> Date | None:
        if not day_text and cand.rule in ("clock", "clock24", "clock_hhmm"):
            after = CLOCK_DAY_AFTER_BRACKETS_RE.match(self.text, cand.end)
            day_text = after.group("day") if after else None
        if day_text:
            lower = day_text.lower()
            if self.anchor is None:
                return None
            if lower in ("today", "tonight"):
                return self.anchor
            if lower == "yesterday":
                return self.anchor - dt.timedelta(days=1)
            if lower == "tomorrow":
                return self.anchor + dt.timedelta(days=1)
            if lower in WEEKDAYS:
                return weekday_date(self.anchor, WEEKDAYS[lower], self._way(cand, plans=True))
            parts = day_text.replace(",", " ").split()
            month = MONTHS.get(parts[0].lower().rstrip("."))
            if month:
                day_n = int(re.sub(r"\D", "", parts[1]))
                year = int(parts[2]) if len(parts) > 2 else year_for(self.anchor, month, day_n, self._way(cand))
                return safe_date(year, month, day_n)
        return self.ref.day or self.anchor

    def _clock(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        hour = int(g["h"])
        minute = int(g.get("mi") or 0)
        ampm = g.get("ampm", "").lower().replace(" ", "")
        if "dp" in g:  # "4 in the morning", "8 in the evening"
            ampm = "am" if g["dp"].lower() == "morning" else "pm"
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        if hour > 24 or (ampm[:1] in ("a", "p") and int(g["h"]) > 12):
            return None
        day = self._clock_day(cand, g.get("day"))
        prefix = day_value(day) if day else "XXXX-XX-XX"
        if day:
            self._note_day(day)
        return "TIME", f"{prefix}T{hour:02d}:{minute:02d}{_utc(g)}"

    def _mid_day_part(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        day = self._clock_day(cand, g.get("day"))
        code = "TAF" if "afternoon" in g["part"].lower() else "TMO"
        return "TIME", (day_value(day) if day else "XXXX-XX-XX") + code

    _clock24 = _clock

    def _clock_hhmm(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        """"1653 local time", "2153 GMT": on the day named right after it ("2153 GMT Friday"), else the
        day the text last named (else the anchor), at that time."""
        day = self._clock_day(cand, g.get("day"))
        if day and "day" in g:
            self._note_day(day)
        prefix = day_value(day) if day else "XXXX-XX-XX"
        return "TIME", f"{prefix}T{g['h']}:{g['mi']}{_utc(g)}"

    def _noon(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        day = self._clock_day(cand, g.get("day") or g.get("day1"))
        code = DAY_PARTS[g["word"].lower()]
        return "TIME", (day_value(day) if day else "XXXX-XX-XX") + code

    def _deictic_unit(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        rel = " ".join(g["rel"].lower().split())
        unit = g["unit"].lower()
        step = REL_STEP.get(rel)
        if rel == "the" and "mod" not in g and unit not in ("year", "week", "weekend") and unit not in SEASONS:
            return None
        if rel == "the" and unit == "quarter":
            return None  # left to the quarter rule
        if self.anchor is None:
            return "DATE", UNKNOWN_VALUES.get(unit, "XXXX")
        anchor = self.anchor
        if unit == "week":
            if rel == "the":
                base = self.ref.day if self.ref.day else anchor
                return "DATE", week_value(base)
            day = anchor + dt.timedelta(weeks=step or 0)
            return "DATE", week_value(day)
        if unit == "weekend":
            return "DATE", self._weekend(cand, step if rel != "the" else None)
        if unit == "month":
            month = shift_months(anchor.replace(day=1), step or 0)
            self._note_month(month.year, month.month)
            return "DATE", month_value(month.year, month.month)
        if unit == "year":
            if rel in ("the", "the latest", "the full") and ENDED_RE.match(self.text, cand.end):
                return "DURATION", "P1Y"  # "the year ended Sept. 30": a reporting period's length
            if rel == "the":
                # "the year" is the text's last year ("In 1995 ... by the end of the year"), but
                # not a year still ahead: after "fiscal 1990" or "next year", "for the year" and
                # "by the end of the year" are the anchor's
                year = self._base_year()
                if anchor is not None and year is not None and year > anchor.year:
                    year = anchor.year
                return "DATE", year_value(year) if year is not None else "XXXX"
            year = anchor.year + (step or 0)
            self.ref.year = year
            return "DATE", year_value(year)
        if unit == "quarter":
            current = (anchor.year, quarter_of(anchor.month))
            quarter = shift_quarter(*current, step or 0)
            self.ref.quarter = quarter
            return "DATE", quarter_value(*quarter)
        if unit in ("decade", "century") and rel in ("the past", "the last", "past"):
            return "DURATION", "P10Y" if unit == "decade" else "P100Y"  # "over the past decade"
        if unit == "decade" and rel in ("the next", "the coming", "next", "coming"):
            return "DURATION", "P10Y"  # "over the next decade": the ten years ahead, as the past one is
        if unit == "decade":
            return "DATE", str(anchor.year // 10 + (step or 0))
        if unit == "century":
            return "DATE", f"{anchor.year // 100 + (step or 0):02d}"
        if unit in SEASONS:
            return "DATE", self._season(cand, SEASONS[unit], step if rel not in ("the",) else None)
        return None

    def _season_word(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        """"early summer", "the late autumn", "mid-winter", "in summer": the season the tense points
        to, as for "the summer" (TIMEX3 keeps "early" / "late" in a MOD, not in the value); a bare
        season in a sentence without a past or future is any such season ("the river freezes in
        winter": XXXX-WI). A bare "fall" is a verb or a noun too often ("a rise in fall sales")."""
        unit = g["unit"].lower()
        if "mod" not in g and unit == "fall":
            return None
        if self.anchor is None or ("mod" not in g and self._way(cand) is None):
            return "DATE", f"XXXX-{SEASONS[unit]}"  # "the river freezes in winter": any winter
        return "DATE", self._season(cand, SEASONS[unit], None)

    def _weekend(self, cand: Candidate, step: int | None) -> str:
        """The weekend "this" (0), "last" (-1), "next" (+1) or, for "the weekend", the tense's one."""
        assert self.anchor is not None
        weekday = self.anchor.isoweekday()
        this_saturday = self.anchor + dt.timedelta(days=6 - weekday)  # Saturday of the anchor's ISO week
        in_weekend = weekday >= 6
        if step is None:
            future = self._way(cand, plans=True) == "future"
            saturday = this_saturday if (future or in_weekend) else this_saturday - dt.timedelta(weeks=1)
        elif step < 0:
            saturday = this_saturday - dt.timedelta(weeks=1)
        elif step > 0:
            saturday = this_saturday if weekday <= 4 else this_saturday + dt.timedelta(weeks=1)
        else:
            saturday = this_saturday
        return week_value(saturday) + "-WE"

    def _season(self, cand: Candidate, code: str, step: int | None) -> str:
        """"this summer" (0), "last summer" (-1, the latest one over), "next summer" (+1), or for
        "the summer" the one the tense points to: the latest begun (past) or the next not over."""
        assert self.anchor is not None
        anchor = self.anchor
        seasons = [(year, *_season_span(year, code)) for year in range(anchor.year - 2, anchor.year + 2)]
        if step is None:
            direction = self._way(cand)
            if direction == "past":
                return f"{max(y for y, start, _ in seasons if start <= anchor)}-{code}"
            if direction == "future":
                return f"{min(y for y, _, end in seasons if end >= anchor)}-{code}"
            step = 0
        if step < 0:
            return f"{max(y for y, _, end in seasons if end < anchor)}-{code}"
        if step > 0:
            return f"{min(y for y, start, _ in seasons if start > anchor)}-{code}"
        this_year = anchor.year - 1 if code == "WI" and anchor.month <= 2 else anchor.year
        return f"{this_year}-{code}"

    def _year_end(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        if "turn" in g["word"].lower():
            return None
        if self.anchor is not None and preceded_by(self.text, cand.start, r"\bsince\s+$"):
            # "has risen 5% since year-end": the last year-end before the report, whatever year the
            # text named last ("each index is based on the close of 1969")
            return "DATE", year_value(self.anchor.year - 1)
        year = self._base_year()
        return "DATE", year_value(year) if year is not None else "XXXX"

    def _ago(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        direction = (g.get("dir") or g.get("dir2") or "").lower()
        sign = 1 if direction in ("later", "after", "afterwards", "afterward", "from now", "hence") else -1
        unit = unit_code(g["unit"])
        number = parse_number(g["n"]) if "n" in g else None
        if number is None:
            if "n" not in g and not g["unit"].lower().endswith("s"):
                return None
            if direction in ("later", "earlier", "after", "afterwards", "afterward", "before"):
                # "a few days later": how long after the last date, not a date of its own
                return "DURATION", duration_value(None, unit)
            return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
        if direction in ("later", "earlier") and re.match(r"\s+than\b", self.text[cand.end:cand.end + 8]):
            # "arrives on November 11, three days later than planned": a delay, not three days after
            return "DURATION", duration_value(number, unit)
        anaphoric = direction not in ("ago", "back", "from now", "hence")
        base = (self.ref.day or self.anchor) if anaphoric else self.anchor
        if base is None:
            return "DATE", "XXXX"
        if unit == "Y" and number == 1 and self.ref.quarter is not None:
            # Earnings news: "up from $2 million a year earlier" compares the quarter just named.
            return self._year_earlier(cand.start)
        return "DATE", shift_value(base, unit, sign * number)

    def _anaphoric(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        if "which" in g:
            which, unit = g["which"].lower(), g["unit"].lower()
            step = {"next": 1, "following": 1, "previous": -1, "prior": -1, "preceding": -1}.get(which, 0)
        elif "unit2" in g:
            unit = g["unit2"].lower()
            step = -1 if g["ba"].lower() == "before" else 1
        elif "unit6" in g:
            # "Shares fell on Friday. Dealers placed heavy orders in the morning": that day's morning.
            # In a timeless sentence it is any morning ("the ferry leaves in the morning"): not a date.
            if self._way(cand) is None:
                return None
            unit, step = g["unit6"].lower(), 0
        else:
            unit = (g.get("unit3") or g.get("unit4") or g.get("unit5") or "").lower()
            step = 0
        return self._anaphoric_unit(unit, step, cand)

    def _anaphoric_unit(self, unit: str, step: int, cand: Candidate) -> tuple[str, str] | None:
        if unit in ("day", "morning", "afternoon", "evening", "night"):
            base = self._base_day()
            if base is None:
                return "DATE", "XXXX-XX-XX"
            day = base + dt.timedelta(days=step)
            return self._day_result(day, unit if unit != "day" else None)
        if unit in ("week", "weekend"):
            base = self._base_day()
            if base is None:
                return "DATE", "XXXX-WXX"
            value = week_value(base + dt.timedelta(weeks=step))
            return "DATE", value + ("-WE" if unit == "weekend" else "")
        if unit == "month":
            if self.ref.month is not None:
                year, month = self.ref.month
            elif self.anchor is not None:
                year, month = self.anchor.year, self.anchor.month
            else:
                return "DATE", "XXXX-XX"
            moved = shift_months(Date(year, month, 1), step)
            self._note_month(moved.year, moved.month)
            return "DATE", month_value(moved.year, moved.month)
        if unit == "year":
            base_year = self._base_year()
            if base_year is None:
                return "DATE", "XXXX"
            self.ref.year = base_year + step
            return "DATE", year_value(base_year + step)
        return None


def _season_span(year: int, code: str) -> tuple[Date, Date]:
    """First and last day of a season; winter `year` runs from December into the next year."""
    start = Date(year, {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code], 1)
    return start, shift_months(start, 3) - dt.timedelta(days=1)


def _utc(g: dict) -> str:
    """ "Z" for a clock time told in UTC ("18:00 UTC", "2153 GMT", "14:35Z"), as TIMEX3 (ISO 8601)
    writes it; other zones are left out, their offsets change with the season."""
    return "Z" if g.get("tz") in ("GMT", "UTC", "Z") else ""
