"""#16 item 1, round of 2026-12-03: forecasts, "could" and months in a future clause look ahead;
clock times in UTC keep their zone."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.timex import TimeTagger

TAGGER = TimeTagger()
WEDNESDAY = dt.date(2010, 1, 13)


def value_of(sentence: str, expression: str, anchor: dt.date = WEDNESDAY) -> str:
    (value,) = [e.value for e in TAGGER.tag(sentence, anchor) if e.text == expression]
    return value


@pytest.mark.parametrize(("sentence", "day"), [
    ("The storm is forecast to reach the islands on Thursday.", "2010-01-14"),
    ("The cyclone is predicted to make landfall on Thursday.", "2010-01-14"),
    ("Turnout is projected to peak on Thursday.", "2010-01-14"),
    ("The coalition is poised to name its candidate on Thursday.", "2010-01-14"),
    ("The river could burst its banks on Thursday, engineers warn.", "2010-01-14"),
    # about the past: a forecast made on a day, a negated or perfect "could", a sense verb
    ("Forecasters predicted on Thursday that the rain would ease.", "2010-01-07"),
    ("The two climbers could not be reached on Thursday.", "2010-01-07"),
    ("Neither the mayor nor his deputy could be found on Thursday.", "2010-01-07"),
    ("The crew could have landed on Thursday.", "2010-01-07"),
    ("Residents could see the smoke on Thursday.", "2010-01-07"),
])
def test_a_weekday_follows_forecasts_and_could(sentence, day):
    assert value_of(sentence, "Thursday") == day


JANUARY = dt.date(2012, 1, 10)


@pytest.mark.parametrize(("sentence", "expression", "value"), [
    ("Voters will head to the polls in November.", "November", "2012-11"),
    ("The run-off will be held on November 6.", "November 6", "2012-11-06"),
    ("The ferry line is expected to reopen in December.", "December", "2012-12"),
    # told in the past, or a past clause before a future main clause: the November just gone
    ("Voters went to the polls in November.", "November", "2011-11"),
    ("The silt, which absorbed the fuel spilled by the tanker in November, will be dredged.", "November",
     "2011-11"),
])
def test_a_month_in_a_future_clause_is_the_coming_one(sentence, expression, value):
    assert value_of(sentence, expression, JANUARY) == value


def test_the_figures_read_the_year_of_a_future_day_as_the_tagger_does():
    from newsfuse.facts.dates import find_dates

    (mention,) = find_dates("Voters will head to the polls on November 6.", ref=JANUARY)
    assert mention.value == value_of("Voters will head to the polls on November 6.", "November 6", JANUARY)
    assert mention.value == "2012-11-06"


@pytest.mark.parametrize(("sentence", "expression", "value"), [
    ("Posted 2010-01-13T14:35Z by the desk.", "2010-01-13T14:35Z", "2010-01-13T14:35Z"),
    ("Updated 2010-01-13T14:35:00.000Z.", "2010-01-13T14:35:00.000Z", "2010-01-13T14:35:00Z"),
    ("Updated 2010-01-13T14:35:00+00:00.", "2010-01-13T14:35:00+00:00", "2010-01-13T14:35:00Z"),
    ("The first tremor came at 14:35Z.", "14:35Z", "2010-01-13T14:35Z"),
    ("The launch is at 18:00 UTC.", "18:00 UTC", "2010-01-13T18:00Z"),
    ("It struck at 1653 local time (2153 GMT) on Tuesday.", "2153 GMT", "2010-01-12T21:53Z"),
    # a local time or another zone keeps no offset: it changes with the season
    ("It struck at 1653 local time (2153 GMT) on Tuesday.", "1653 local time", "2010-01-12T16:53"),
    ("Polls close at 8 p.m. EST.", "8 p.m. EST", "2010-01-13T20:00"),
])
def test_clock_times_in_utc_are_times_with_their_zone(sentence, expression, value):
    assert value_of(sentence, expression) == value


@pytest.mark.parametrize(("sentence", "day"), [
    # a threat or a warning that stands: the blockade lies ahead
    ("Fishermen threaten a blockade of the harbour on Saturday.", "2010-01-16"),
    ("The dockers' union has threatened a strike on Saturday.", "2010-01-16"),
    ("Hauliers warn of a blockade on Saturday.", "2010-01-16"),
    # ambiguous plans are decided by the verb's tense
    ("Fishermen threatened a blockade of the harbour on Saturday.", "2010-01-09"),
    ("Tempers flared before the vote on Saturday.", "2010-01-09"),
    ("Party leaders will meet before the vote on Saturday.", "2010-01-16"),
])
def test_a_plan_governed_by_a_threat_follows_the_verb(sentence, day):
    assert value_of(sentence, "Saturday") == day


@pytest.mark.parametrize(("sentence", "day"), [
    ("The cyclone was forecast to make landfall on Thursday.", "2010-01-14"),
    # a forecast that did not stand, or was superseded, looks back, as "was expected to" does
    ("The cyclone was forecast to make landfall on Monday but arrived a day late.", "2010-01-11"),
    ("The cyclone, which was forecast to make landfall on Monday, arrived a day late.", "2010-01-11"),
    ("The cyclone had been forecast to make landfall on Monday.", "2010-01-11"),
])
def test_a_forecast_told_in_the_past_is_a_plan_told_in_the_past(sentence, day):
    weekday = "Thursday" if "Thursday" in sentence else "Monday"
    assert value_of(sentence, weekday) == day
