"""#16 item 1: "over the next decade" is the ten years ahead (P10Y), as "over the past decade" is
the ten years behind; a named decade stays a decade ("the 1990s", "the 2030s")."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.timex import TimeTagger

TAGGER = TimeTagger()
REPORT = dt.date(2024, 3, 6)


@pytest.mark.parametrize(("text", "phrase", "value"), [
    ("The plan will not add to the deficit over the next decade.", "the next decade", "P10Y"),
    ("In the coming decade the harbour will be dredged twice.", "the coming decade", "P10Y"),
    ("Fares have doubled over the past decade.", "the past decade", "P10Y"),
    ("Fares doubled in the 1990s.", "the 1990s", "199"),
])
def test_the_next_decade_is_ten_years_ahead(text, phrase, value):
    assert {e.text: e.value for e in TAGGER.tag(text, REPORT)}.get(phrase) == value
