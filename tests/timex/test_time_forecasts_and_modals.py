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
