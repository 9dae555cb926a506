"""The abbreviations of business news name parts of a year: "Q2 2013", "H1 2013", "FY2013",
"fiscal year 2014"; a clock time keeps its US zone ("3 p.m. ET")."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.timex import TimeTagger

TAGGER = TimeTagger()
ANCHOR = dt.date(2013, 3, 20)


@pytest.mark.parametrize(("text", "span", "value"), [
    ("The brewer's sales fell in Q2 2013 and rose in Q3 2013.", "Q2 2013", "2013-Q2"),
    ("The brewer's sales fell in Q2 2013 and rose in Q3 2013.", "Q3 2013", "2013-Q3"),
    ("Margins narrowed in H1 2012, the brewer said.", "H1 2012", "2012-H1"),
    ("The brewer gave its FY2014 outlook on Monday.", "FY2014", "2014"),
    ("The brewer lost money in fiscal year 2012.", "fiscal year 2012", "2012"),
    ("The brewer's shares closed at 3 p.m. ET, the exchange said.", "3 p.m. ET", "2013-03-20T15:00"),
])
def test_business_abbreviations_are_parts_of_a_year(text, span, value):
    assert {e.text: e.value for e in TAGGER.tag(text, ANCHOR)}.get(span) == value


@pytest.mark.parametrize("text", [
    "The brewer's IT staff met at 5 p.m. IT support was closed.",
    "The brewer's HQ2013 project and its Q5 2013 plan were cancelled.",
])
def test_letters_that_only_look_like_a_zone_or_a_quarter_are_not_one(text):
    spans = [e.text for e in TAGGER.tag(text, ANCHOR)]
    assert not any(s.endswith(" IT") or s.startswith(("Q5", "HQ")) for s in spans)
