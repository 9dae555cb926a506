"""The state every normalization rule shares: the anchor, the tense of a position, and the
reference time (the last date the text mentioned), with the helpers that read and update them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from newsfuse.text.tense import looks_ahead
from newsfuse.timex.dates import day_value
from newsfuse.timex.grammar import Candidate
from newsfuse.timex.lexicon import DAY_PARTS

Date = dt.date
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


class RuleBase:
    """Anchor, tense and reference time for the rule mixins of `Normalizer`."""

    def __init__(self, text: str, anchor: Date | None, tense: Callable[[int, int], str | None]) -> None:
        self.text = text
        self.anchor = anchor
        self.tense = tense
        self.ref = Reference()

    def _direction(self, cand: Candidate) -> str | None:
        tense = self.tense(cand.start, cand.end)
        if tense == "past":
            return "past"
        if tense == "future":
            return "future"
        return None

    def _ahead(self, cand: Candidate) -> bool:
        """Whether the expression looks forward (`text.tense.looks_ahead`, with this text's tense)."""
        return looks_ahead(self.text, cand.start, cand.end, self.tense(cand.start, cand.end))

    def _way(self, cand: Candidate, *, plans: bool = False) -> str | None:
        """The direction every rule resolves an underspecified date in: "future" when the
        expression looks ahead (`_ahead`), or, with `plans`, stands in a present progressive ("is
        meeting on Thursday": a plan, for a day), else the tense's (`_direction`)."""
        if self._ahead(cand) or (plans and self.tense(cand.start, cand.end) == "progressive"):
            return "future"
        return self._direction(cand)

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
