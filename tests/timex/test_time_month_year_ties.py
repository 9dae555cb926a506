"""A month without a year nine months ahead or three behind (a tie of `year_for`): a future sentence
takes the one ahead, a past one the one behind; a quarter just ended stays this year's."""

from __future__ import annotations

import datetime as dt

from newsfuse.timex import TimeTagger

TAGGER = TimeTagger()
MARCH = dt.date(1998, 3, 4)


def _value(text: str, span: str, anchor: dt.date) -> str | None:
    return {e.text: e.value for e in TAGGER.tag(text, anchor)}.get(span)


def test_a_future_month_nine_months_ahead_is_this_year():
    assert _value("Collins will command the shuttle on a mission in December.", "December", MARCH) == "1998-12"


def test_a_past_month_three_months_back_is_last_year():
    assert _value("Collins commanded the shuttle on a mission in December.", "December", MARCH) == "1997-12"


def test_a_quarter_just_ended_is_still_this_years():
    text = "The brewer expects to report a third-quarter loss next week."
    assert _value(text, "third-quarter", dt.date(1989, 11, 2)) == "1989-Q3"
