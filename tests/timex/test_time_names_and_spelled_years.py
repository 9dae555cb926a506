"""Time words that name a programme, a work or a procession are not times; a month or season
before a spelled-out year ("January nineteen ninety-seven", broadcast transcripts) is one date."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.timex import TimeTagger

TAGGER = TimeTagger()
ANCHOR = dt.date(1998, 2, 23)


def values(text: str) -> dict[str, str]:
    return {e.text: e.value for e in TAGGER.tag(text, ANCHOR)}


@pytest.mark.parametrize("text", [
    'The envoy told the ABC programme "This Week" that talks would go on.',
    "She told CBS's ''60 Minutes'' that she had left the party.",
    "The old cinema showed the western ``High Noon.'' to a full house.",
    "Thousands walked in the annual March for Life through the capital.",
    "The mayor led the March of the Fishermen to the quay.",
])
def test_a_name_made_of_time_words_is_not_a_time(text):
    assert values(text) == {}


@pytest.mark.parametrize(("text", "span", "value"), [
    ("Prices collapsed in the winter of nineteen ninety-four.", "the winter of nineteen ninety-four", "1994-WI"),
    ("January nineteen ninety-seven. A second bomb went off.", "January nineteen ninety-seven", "1997-01"),
    ("The rains of March, nineteen eighty-two, were the worst.", "March, nineteen eighty-two", "1982-03"),
    ("The rains came in March for the first time in years.", "March", "1998-03"),
    ('"Today," the harbour master said, "we close the quay."', "Today", "1998-02-23"),
    ('The harbour master said: "Today."', "Today", "1998-02-23"),
    ('"The talks will resume in March," the envoy said.', "March", "1998-03"),
])
def test_a_month_or_season_before_a_spelled_year_and_plain_months_stay_dates(text, span, value):
    assert values(text).get(span) == value


@pytest.mark.parametrize(("text", "span", "value"), [
    ("The ferry crew began the 14-day strike at dawn.", "14-day", "P14D"),
    ("Bond yields rose on the 30-year note.", "30-year", "P30Y"),
    ("The crew stayed for the two weeks of the festival.", "the two weeks", "P2W"),
])
def test_a_duration_used_as_an_adjective_leaves_the_determiner_to_its_noun(text, span, value):
    assert values(text).get(span) == value


def test_earlier_in_the_day_is_the_day_the_text_is_on_and_midnight_on_a_weekday_is_that_night():
    text = "Divers found the wreck on Friday. Earlier in the day, the harbour was closed."
    assert values(text)["the day"] == "1998-02-20"
    assert TAGGER.tag("The ferry tolls rise at midnight on Friday.", ANCHOR)[0].text == "midnight on Friday"


@pytest.mark.parametrize(("text", "span", "value"), [
    ("The mayor believes the old port will one day be a park.", "one day", "FUTURE_REF"),
    ("She hopes to one day run the family's boatyard.", "one day", "FUTURE_REF"),
    ("The dock strike will last two days.", "two days", "P2D"),
    ("The dock strike lasted one day.", "one day", "P1D"),
    ("Over the last two weeks, the quay was closed.", "the last two weeks", "P2W"),
    ("The quay will stay shut for the next two years or so.", "the next two years or so", "P2Y"),
])
def test_someday_is_a_vague_future_and_the_verb_last_is_not_part_of_a_duration(text, span, value):
    assert values(text).get(span) == value
