"""Rules for reporting periods: quarters ("the third quarter", "the year-ago quarter"), halves,
"the latest period"."""

from __future__ import annotations

import datetime as dt
import re

from newsfuse.text.calendar import year_for
from newsfuse.timex.dates import quarter_of, quarter_value, shift_quarter, year_value
from newsfuse.timex.grammar import Candidate
from newsfuse.timex.lexicon import MONTHS
from newsfuse.timex.rulebase import Found, RuleBase
from newsfuse.timex.values import ENDED_RE, preceded_by, quarter_number

Date = dt.date


class PeriodRules(RuleBase):
    """Quarters and halves; "the quarter" is the one the text last named or the one just reported."""

    _fiscal_named = False  # the quarter the text last numbered was a fiscal one

    def _current_quarter(self) -> tuple[int, int] | None:
        if self.anchor is None:
            return None
        return self.anchor.year, quarter_of(self.anchor.month)

    def _reported_quarter(self, cand: Candidate) -> tuple[int, int] | None:
        """The quarter a "the quarter" or "the latest period" means: the one the text last named,
        else the one just completed (earnings are reported after a quarter ends)."""
        if self.ref.quarter is not None:
            return self.ref.quarter
        current = self._current_quarter()
        if current is None:
            return None
        if self._direction(cand) == "future":
            return current
        return shift_quarter(*current, -1)

    def _latest_quarter(self) -> tuple[int, int] | None:
        """The last completed quarter, or the one the text named if it is not later."""
        current = self._current_quarter()
        if current is None:
            return self.ref.quarter
        completed = shift_quarter(*current, -1)
        if self.ref.quarter is not None and self.ref.quarter <= completed:
            return self.ref.quarter
        return completed

    def _quarter(self, cand: Candidate, g: dict) -> list[Found] | None:
        result = self._quarter_value(cand, g)
        if result is None:
            return None
        start = cand.start
        if "det" in g and g.get("pre", "").endswith("-"):
            start = cand.group_spans["pre"][0]  # "its third-quarter profit": the adjective only
        return [Found(start, cand.end, *result)]

    def _quarter_value(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        if "pl" in g:
            return None  # "the second and fourth quarters" is a set this grammar does not read
        if "det" not in g and "pre" not in g and preceded_by(self.text, cand.start, r"(?:a|one|per|each)\s+$"):
            return None  # "a quarter of the vote"
        if preceded_by(self.text, cand.start, r"-to-$") or self.text.startswith("-to-", cand.end):
            return None  # "the quarter-to-quarter comparison": no quarter of its own
        det = g.get("det", "").lower().replace("’", "'")
        words = re.split(r"[\s-]+", (det + " " + g.get("pre", "")).lower().strip())
        number = next((n for n in map(quarter_number, words) if n), None)
        if "year's" in det:  # "last year's quarter": the same quarter a year before
            base = self._reported_quarter(cand)
            if base is None:
                return "DATE", "XXXX-QX"
            shift = -1 if det.startswith("last") else (1 if det.startswith("next") else 0)
            return "DATE", quarter_value(base[0] + shift, number or base[1])
        # words are split on hyphens: "year-ago" arrives as "year", "ago"
        year_ago = any(w in ("ago", "earlier", "comparable") for w in words) or (
            "ry" in g and re.search(r"ago|earlier", g["ry"], re.I) is not None)
        explicit_year = next((int(w) for w in words if w.isdigit() and len(w) == 4), None)
        if "y" in g:
            explicit_year = int(g["y"])
        elif "ry" in g and not year_ago:
            explicit_year = self._relative_year(g["ry"])
        if number is None and ("last" in words or "final" in words) and explicit_year is not None:
            number = 4  # "the last quarter of 1989"
        quarter = self._quarter_ended(cand, number) if explicit_year is None else None
        if quarter is None and number is not None:
            if explicit_year is None and self.anchor is None:
                return "DATE", f"XXXX-Q{number}"
            year = explicit_year if explicit_year is not None else year_for(
                self.anchor, number * 3 - 1, None, self._way(cand))
            quarter = (year, number)
        elif quarter is None:
            quarter = self._unnumbered_quarter(cand, words)
            if quarter is None:
                return "DATE", "XXXX-QX"
            if explicit_year is not None and not year_ago:
                quarter = (explicit_year, quarter[1])  # "the 1988 quarter": the quarter in question, that year
        if year_ago:
            return "DATE", quarter_value(quarter[0] - 1, quarter[1])
        if number is not None:
            self._fiscal_named = "fiscal" in words  # a company's own quarters need not be the calendar's
        self.ref.quarter = quarter
        return "DATE", quarter_value(*quarter)

    def _quarter_ended(self, cand: Candidate, number: int | None) -> tuple[int, int] | None:
        """"the quarter ended Sept. 30": the quarter of that date (fiscal quarters keep their number)."""
        ended = ENDED_RE.match(self.text, cand.end)
        month = MONTHS.get(ended.group(1).lower().rstrip(".")) if ended else None
        if month is None or self.anchor is None:
            return None
        year = year_for(self.anchor, month, int(ended.group(2)), "past")
        if number is None and self.ref.quarter is not None and self.ref.quarter[0] == year and self._fiscal_named:
            return self.ref.quarter  # "the fiscal first quarter ... the quarter ended Sept. 29": that one
        # A quarter ending on July 31 is mostly May to July: the second quarter.
        return (year, number) if number is not None else (year, quarter_of(month - 1 or 12))

    def _unnumbered_quarter(self, cand: Candidate, words: list[str]) -> tuple[int, int] | None:
        """"the latest quarter", "this quarter", "next quarter", "the quarter"."""
        current = self._current_quarter()
        if "latest" in words or "recent" in words:
            return self._latest_quarter()
        if "current" in words:
            return current
        if "this" in words:
            return self.ref.quarter or current
        if "next" in words:
            return shift_quarter(*current, 1) if current else None
        if any(w in ("last", "previous", "prior", "past") for w in words):
            return shift_quarter(*current, -1) if current else None
        return self._reported_quarter(cand)

    def _part_abbr(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        year = int(g["y"])
        self.ref.year = year
        if "q" in g:
            self.ref.quarter = (year, int(g["q"][1]))
            return "DATE", quarter_value(*self.ref.quarter)
        if "h" in g:
            return "DATE", f"{year_value(year)}-{g['h']}"
        return "DATE", year_value(year)  # FY2013, as "fiscal 2013"

    def _half(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        if "y" in g:
            year = int(g["y"])
        elif g.get("ry", "").lower() == "the year":
            year = self._base_year()
        else:
            year = self._relative_year(g["ry"])
        half = "H1" if g["h"].lower() == "first" else "H2"
        return "DATE", f"{year_value(year)}-{half}" if year is not None else f"XXXX-{half}"

    def _period(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        pre = g["pre"].lower()
        if pre.isdigit():  # "the 1988 period": the period in question, that year
            return self._period_in(int(pre), cand.start) if self.ref.quarter is not None else ("DATE", pre)
        quarter = self._latest_quarter() if pre == "latest" else self._reported_quarter(cand)
        if quarter is None:
            return "DATE", "XXXX-QX"
        if pre in ("year-ago", "year-earlier", "comparable"):
            return "DATE", quarter_value(quarter[0] - 1, quarter[1])
        return "DATE", quarter_value(*quarter)

    def _year_ago_adj(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        if self.ref.quarter is not None:
            return self._year_earlier(cand.start)
        if self.anchor is None:
            return "DATE", "XXXX"
        return "DATE", year_value(self.anchor.year - 1)
