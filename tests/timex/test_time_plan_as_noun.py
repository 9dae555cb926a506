"""#16 item 1: "plan" as a noun after a determiner names what was approved or announced, so the
day of the approving is read by the sentence's tense ("approved the plan on Friday": the last
Friday); "plans to" and "a plan for" still look ahead."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.timex import TimeTagger

TAGGER = TimeTagger()
WEDNESDAY = dt.date(2024, 3, 6)  # Friday behind 2024-03-01, ahead 2024-03-08


@pytest.mark.parametrize(("sentence", "phrase", "value"), [
    ("The council approved the plan on Friday after a long debate.", "Friday", "2024-03-01"),
    ("The port authority unveiled its plans on Monday.", "Monday", "2024-03-04"),
    ("The ministry announced the plan Feb. 21.", "Feb. 21", "2024-02-21"),
    # what a plan is for still lies ahead
    ("The minister announced plans to open the bridge on Friday.", "Friday", "2024-03-08"),
    ("The union announced a plan for a strike on Friday.", "Friday", "2024-03-08"),
    ("The city plans to reopen the market on Friday.", "Friday", "2024-03-08"),
])
def test_plan_as_a_noun_does_not_put_the_day_ahead(sentence, phrase, value):
    (found,) = [e.value for e in TAGGER.tag(sentence, WEDNESDAY) if e.text == phrase]
    assert found == value
