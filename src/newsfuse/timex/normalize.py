"""Turn a matched time expression into a TIMEX3 type and value, relative to the anchor date.

Deictic expressions ("today", "last week", "Friday") count from the anchor; anaphoric ones ("the
next day", "that year", "a year earlier") from the reference time, the last date the text itself
mentioned. The sentence's tense picks the direction of underspecified ones: "on Thursday" in a
past-tense sentence is the Thursday before the anchor, in a future one the Thursday after it.
Each grammar rule has a method `_<rule>` in one of the rule mixins; docs/time.md describes them.
"""

from __future__ import annotations

import re

from newsfuse.timex.grammar import Candidate
from newsfuse.timex.rulebase import Found, Reference
from newsfuse.timex.rules_amounts import AmountRules
from newsfuse.timex.rules_calendar import CalendarRules
from newsfuse.timex.rules_periods import PeriodRules
from newsfuse.timex.rules_relative import RelativeRules
from newsfuse.timex.values import preceded_by, quoted_title


# "the 14-day waiting period": a duration used as an adjective, whose "the" goes with the noun.
_THE_ADJECTIVE_RE = re.compile(r"the\s+(?=[\w.]+-[a-z]+(?:-long)?$)", re.I)


_VERB_LAST_RE = re.compile(r"last\s+", re.I)
# "over" is "more than" after these ("for over a year", "lasted over a week", "just over an hour");
# after other words it is "during", a preposition outside the expression ("evolved over several years").
_OVER_RE = re.compile(r"over\s+", re.I)
_OVER_MEANS_MORE = (r"(?:\b(?:for|in|within|after|of|to|than|last|lasts|lasted|lasting|took|take|takes|taken|spent"
                    r"|spend|spends|just|well|by|from|and|or|only|nearly|almost|some|was|were|is|are|be|been)\s+"
                    r"|^\s*|[,(;:\"'`]\s*)$")
_AUXILIARY_BEFORE = r"\b(?:will|would|could|can|may|might|should|must|to|not|n['’]t|did|does|do|'ll)\s+$"


class Normalizer(CalendarRules, RelativeRules, PeriodRules, AmountRules):
    """Normalizes the candidates of one text in order, keeping the reference time between them."""

    def viable(self, cand: Candidate) -> bool:
        """Whether `cand` normalizes at all, judged without touching the reference time."""
        saved = self.ref
        self.ref = Reference(saved.day, saved.year, saved.month, saved.quarter, saved.day_at)
        try:
            return bool(self.normalize(cand))
        finally:
            self.ref = saved

    def normalize(self, cand: Candidate) -> list[Found]:
        if quoted_title(self.text, cand.start, cand.end):
            return []  # ABC's "This Week": a programme's name
        handler = getattr(self, "_" + cand.rule)
        day = self.ref.day
        result = handler(cand, cand.groups)
        if result is None:
            return []
        if self.ref.day is not day:
            self.ref.day_at = cand.start
        if isinstance(result, tuple):
            start = cand.start
            if cand.rule == "duration":
                adjective = _THE_ADJECTIVE_RE.match(self.text, start, cand.end)
                if adjective:
                    start = adjective.end()  # "the [23-year] occupation": "the" is the noun's
                elif _VERB_LAST_RE.match(self.text, start) and preceded_by(self.text, start, _AUXILIARY_BEFORE):
                    start = _VERB_LAST_RE.match(self.text, start).end()  # "will last [two days]": a verb
                elif _OVER_RE.match(self.text, start) and not preceded_by(self.text, start, _OVER_MEANS_MORE):
                    start = _OVER_RE.match(self.text, start).end()  # "evolved over [several years]": during
            return [Found(start, cand.end, result[0], result[1], cand.rule)]
        for found in result:
            found.rule = cand.rule
        return result


__all__ = ["Found", "Normalizer", "Reference"]
