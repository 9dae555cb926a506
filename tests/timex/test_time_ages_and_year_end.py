"""#16 item 1: the age of a happening is a length ("the 8-month-old truce" P8M), the age of a
person or a thing is no time at all, and "since year-end" is the end of the year before the report,
whatever year the text named last."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.timex import TimeTagger

TAGGER = TimeTagger()
REPORT = dt.date(2024, 3, 6)


def _values(text: str) -> dict[str, str]:
    return {e.text: e.value for e in TAGGER.tag(text, REPORT)}


@pytest.mark.parametrize(("text", "phrase", "value"), [
    ("Extremists opposed to the 8-month-old truce attacked a patrol.", "8-month-old", "P8M"),
    ("The 17-year-old civil war has driven millions from their homes.", "17-year-old", "P17Y"),
    ("The two-week-old dock strike has shut the port.", "two-week-old", "P2W"),
    ("Mediators tried to end the three-month-old border dispute.", "three-month-old", "P3M"),
])
def test_the_age_of_a_happening_is_its_length(text, phrase, value):
    assert _values(text).get(phrase) == value


@pytest.mark.parametrize("text", [
    "A 44-year-old man was arrested near the harbour.",
    "The 136-year-old bank was sold to a rival.",
    "Rescuers pulled a 6-month-old baby from the rubble.",
])
def test_the_age_of_a_person_or_a_thing_is_no_time(text):
    assert _values(text) == {}


def test_since_year_end_counts_from_the_report_not_the_last_year_named():
    text = ("Each index is based on the close of 1969 equaling 100. "
            "The percentage change is since year-end.")
    assert _values(text)["year-end"] == "2023"
    # a year named in the same stretch of text still dates a plain year-end
    assert _values("In 2022, year-end profit was below the 2021 level.")["year-end"] == "2022"
