"""The state every normalization rule shares: the anchor, the tense of a position, and the
reference time (the last date the text mentioned), with the helpers that read and update them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from newsfuse.timex.dates import day_value
from newsfuse.timex.grammar import Candidate
from newsfuse.timex.lexicon import DAY_PARTS

Date = dt.date
_DEADLINE_RE = re.compile(r"\b(?:by|as\s+(?:soon|early)\s+as|no\s+later\s+than)\s+(?:\w+\s+or\s+)?$")
_CONDITIONAL_RE = re.compile(r"\b(?:would|might|may|should|shall)\s+(?!have\b|not\s+have\b)(?:\S+\s+){0,6}$")
_INTENT_BEFORE_RE = re.compile(r"\b(?:hope[sd]?|aim(?:s|ed)?|plan(?:s|ned)?|intend(?:s|ed)?|want(?:s|ed)?|expect(?:s|ed)?"
                               r"|promise[sd]?|pledge[sd]?|vow(?:s|ed)?)\s+to\b")


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
        """Whether the expression looks forward: a future sentence ("will meet on Saturday"), a
        conditional one ("would be travelling Thursday"; "could" and "must" are too often about
        the past), or a deadline ("by Thursday", "as early as Tuesday") not told in the past.
        A possessive ("Wednesday's ruling") names something that happened."""
        if self.text.startswith(("'s", "’s"), cand.end):
            return False
        tense = self.tense(cand.start, cand.end)
        if tense == "future":
            return True
        before = self.text[max(0, cand.start - 60):cand.start].lower()
        if tense == "modal" and _CONDITIONAL_RE.search(before):
            return True
        if _DEADLINE_RE.search(before[-30:]) is None:
            return False
        return tense != "past" or _INTENT_BEFORE_RE.search(self.text[max(0, cand.start - 120):cand.start].lower()) is not None

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
