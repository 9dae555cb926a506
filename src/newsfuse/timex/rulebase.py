"""The state every normalization rule shares: the anchor, the tense of a position, and the
reference time (the last date the text mentioned), with the helpers that read and update them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from newsfuse.text.tense import Sentences, future_cue_before, looks_ahead, plan_reading
from newsfuse.timex.dates import day_value, quarter_value
from newsfuse.timex.grammar import Candidate
from newsfuse.timex.lexicon import DAY_PARTS

Date = dt.date
# Periods of a report longer than a quarter and shorter than its year, and the quarter itself.
_LONGER_STRETCH_RE = re.compile(r"\b(?:(?:nine|six|first\s+nine|first\s+six)[\s-]+months?|first\s+half|year\s+to\s+date"
                                r"|quarter)\b", re.I)
@dataclass(slots=True)
class Found:
    """One normalized expression: offsets into the text, TIMEX3 type and value, and its rule."""

    start: int
    end: int
    type: str
    value: str
    rule: str = ""


@dataclass(slots=True)
class Reference:
    """The last date the text mentioned, at each granularity, for anaphoric expressions."""

    day: Date | None = None
    year: int | None = None
    month: tuple[int, int] | None = None
    quarter: tuple[int, int] | None = None
    day_at: int = -1  # where the expression that gave `day` starts in the text


class RuleBase:
    """Anchor, tense and reference time for the rule mixins of `Normalizer`."""

    def __init__(self, text: str, anchor: Date | None, tense: Callable[[int, int], str | None]) -> None:
        self.text = text
        self.anchor = anchor
        self.tense = tense
        self.ref = Reference()
        self._sentences: Sentences | None = None
        self._plans: dict[tuple[int, int], bool | None] = {}  # plan_reading per expression, asked often

    def _direction(self, cand: Candidate) -> str | None:
        tense = self.tense(cand.start, cand.end)
        if tense == "past":
            return "past"
        if tense == "future":
            # "the march planned for Saturday was cancelled": a plan that did not stand looks back
            return "past" if self._plan(cand) is False else "future"
        return None

    def _ahead(self, cand: Candidate) -> bool:
        """Whether the expression looks forward (`text.tense.looks_ahead`, with this text's tense)."""
        tense = self.tense(cand.start, cand.end)
        plan = self._plan(cand) if tense in ("future", "past") else None
        return looks_ahead(self.text, cand.start, cand.end, tense, plan=plan)

    def _year_way(self, cand: Candidate) -> str | None:
        """`_way` for the year of a month or day written without one: "ahead" when the sentence
        looks ahead from a future cue before the expression ("voters will head to the polls in
        November": the coming November, `calendar.year_for`), as `text.tense.direction_at` says."""
        way = self._way(cand)
        if way != "future":
            return way
        if self._sentences is None:
            self._sentences = Sentences(self.text)
        return "ahead" if future_cue_before(self.text, self._sentences.around(cand.start), cand.start) else way

    def _plan(self, cand: Candidate) -> bool | None:
        """`text.tense.plan_reading` of the expression, read once."""
        key = (cand.start, cand.end)
        if key not in self._plans:
            self._plans[key] = plan_reading(self.text, cand.start, cand.end)
        return self._plans[key]

    def _way(self, cand: Candidate, *, plans: bool = False) -> str | None:
        """The direction every rule resolves an underspecified date in: "future" when the
        expression looks ahead (`_ahead`), or, with `plans`, stands in a present progressive ("is
        meeting on Thursday": a plan, for a day), else the tense's (`_direction`)."""
        if self._ahead(cand) or (plans and self.tense(cand.start, cand.end) == "progressive"):
            return "future"
        return self._direction(cand)

    def _told_day(self, cand: Candidate) -> Date | None:
        """For the date of a plan told in the past ("On Monday the union said it planned a march on
        Tuesday"), the day it was told when the same sentence names it before the plan: the plan's
        date lies after that day, not after the anchor. None otherwise."""
        day = self.ref.day
        if day is None or self.anchor is None or day >= self.anchor or not 0 <= self.ref.day_at < cand.start:
            return None
        if self.tense(cand.start, cand.end) not in ("past", "future") or self._plan(cand) is not True:
            return None
        if self._sentences is None:
            self._sentences = Sentences(self.text)
        sentence = self._sentences.around(cand.start)
        return day if sentence[0] <= self.ref.day_at else None

    def _year_earlier(self, at: int) -> tuple[str, str] | None:
        """"A year earlier" / "year-earlier" in earnings news: the period just named, a year back
        (`_period_in`). None when no quarter was named."""
        if self.ref.quarter is None:
            return None
        return self._period_in(self.ref.quarter[0] - 1, at)

    def _period_in(self, year: int, at: int) -> tuple[str, str]:
        """The period an earnings report compares, in `year`: the quarter last named, or the year
        when the sentence names a longer stretch after that quarter ("For the nine months, ...
        compared with ... a year earlier", "in the 1988 period"; the guidelines give nine months
        of a year no value of their own). Needs `ref.quarter`."""
        assert self.ref.quarter is not None
        if self._sentences is None:
            self._sentences = Sentences(self.text)
        start = self._sentences.around(at)[0]
        said = _LONGER_STRETCH_RE.findall(self.text, start, at)
        if said and said[-1].lower() != "quarter":
            return "DATE", f"{year:04d}"
        return "DATE", quarter_value(year, self.ref.quarter[1])

    def _base_day(self) -> Date | None:
        return self.ref.day or self.anchor

    def _base_year(self) -> int | None:
        if self.ref.year is not None:
            return self.ref.year
        return self.anchor.year if self.anchor else None

    def _note_day(self, day: Date) -> None:
        self.ref.day = day
        self.ref.month = (day.year, day.month)
        self.ref.year = day.year

    def _note_month(self, year: int, month: int) -> None:
        self.ref.month = (year, month)
        self.ref.year = year

    def _day_result(self, day: Date, part: str | None) -> tuple[str, str]:
        self._note_day(day)
        if part:
            code = DAY_PARTS.get(part.lower(), "")
            if code.startswith("T"):
                return "TIME", day_value(day) + code
            if code:
                return "TIME", day_value(day) + "T" + code
        return "DATE", day_value(day)
