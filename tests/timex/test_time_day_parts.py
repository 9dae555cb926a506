"""Parts of a day without a weekday: "in the morning" is the morning of the day the text last
named (or of the report's day) when the sentence is told in the past or the future, and any
morning in a timeless one; "4 in the morning" is a clock time. Sentences written for this test
(a fish market, reports published on Wednesday 13 March 2024)."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.timex import TimeTagger

TAGGER = TimeTagger()
WEDNESDAY = dt.date(2024, 3, 13)


def tagged(text: str) -> list[tuple[str, str]]:
    return [(text[t.start:t.end], t.value) for t in TAGGER.tag(text, WEDNESDAY)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The auction closed early on Friday. Traders placed heavy bids in the morning.",
     [("Friday", "2024-03-08"), ("the morning", "2024-03-08TMO")]),
    ("The market will reopen in the afternoon.", [("the afternoon", "2024-03-13TAF")]),
    ("The trawlers will sail at 4 in the morning.", [("4 in the morning", "2024-03-13T04:00")]),
    ("The auction ended at 8 in the evening on Monday.", [("8 in the evening on Monday", "2024-03-11T20:00")]),
])
def test_a_part_of_the_day_told_in_the_past_or_future_is_that_days(text, expected):
    assert tagged(text) == expected


def test_a_part_of_the_day_in_a_timeless_sentence_is_not_a_date():
    assert tagged("At the fish market the best catch is sold in the morning.") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The year-long inquiry into the fish prices ended.", [("year-long", "P1Y")]),
    ("Their third day-long meeting with the traders ended without a deal.", [("day-long", "P1D")]),
    ("The months-long dispute over the quays is over.", [("months-long", "PXM")]),
    ("A months-long dispute over the quays is over.", [("months-long", "PXM")]),  # "a" is the dispute's
    ("She followed a several-year tenure as harbour master.", [("several-year", "PXY")]),
])
def test_a_length_as_an_adjective_is_a_duration(text, expected):
    assert tagged(text) == expected
