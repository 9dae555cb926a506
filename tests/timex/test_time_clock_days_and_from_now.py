"""A clock time followed by its day is on that day ("1500 GMT on Tuesday", "0900 GMT Monday"), in
the direction of its sentence; "two years from now" is one date ahead of the report."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.timex import TimeTagger

TAGGER = TimeTagger()
ANCHOR = dt.date(1998, 3, 12)  # a Thursday


@pytest.mark.parametrize(("text", "span", "value"), [
    ("The blast struck at 1500 GMT on Tuesday, police said.", "1500 GMT on Tuesday", "1998-03-10T15:00Z"),
    ("The blast struck at 1500 GMT Tuesday, police said.", "1500 GMT Tuesday", "1998-03-10T15:00Z"),
    ("The talks will resume at 0900 GMT on Monday.", "0900 GMT on Monday", "1998-03-16T09:00Z"),
    ("The ship docked at 10:35 GMT on Friday.", "10:35 GMT on Friday", "1998-03-06T10:35Z"),
    ("The quake struck at 1653 local time, the agency said.", "1653 local time", "1998-03-12T16:53"),
])
def test_a_clock_time_is_on_the_day_named_after_it(text, span, value):
    assert [(e.text, e.value) for e in TAGGER.tag(text, ANCHOR)] == [(span, value)]


@pytest.mark.parametrize(("text", "span", "value"), [
    ("The plant will open two years from now.", "two years from now", "2000"),
    ("Three days from now the vote will be held.", "Three days from now", "1998-03-15"),
])
def test_from_now_counts_ahead_of_the_report(text, span, value):
    assert [(e.text, e.value) for e in TAGGER.tag(text, ANCHOR)] == [(span, value)]


def test_now_alone_is_still_the_present():
    assert [(e.text, e.value) for e in TAGGER.tag("Until now, no one has claimed it.", ANCHOR)] == [("now", "PRESENT_REF")]
