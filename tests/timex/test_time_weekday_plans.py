"""#16 item 1: a weekday in a present-progressive or scheduled sentence lies ahead and is planned;
one in a past-tense clause lies behind."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.models import Article
from newsfuse.timex import TimeTagger, build_timeline

TAGGER = TimeTagger()
WEDNESDAY = dt.date(2024, 3, 6)


def weekday_value(sentence: str, weekday: str) -> str:
    (value,) = [e.value for e in TAGGER.tag(sentence, WEDNESDAY) if e.text == weekday]
    return value


@pytest.mark.parametrize(("sentence", "weekday", "day"), [
    ("The harbour board is meeting on Thursday to settle the fees.", "Thursday", "2024-03-07"),
    ("The two unions are holding talks on Tuesday.", "Tuesday", "2024-03-12"),
    ("The minister is travelling to Varna on Monday.", "Monday", "2024-03-11"),
    ("Talks on the lease are set for Friday.", "Friday", "2024-03-08"),
    ("The auditors' report is due on Monday.", "Monday", "2024-03-11"),
    ("The harbour board met on Thursday to settle the fees.", "Thursday", "2024-02-29"),
    ("The board was meeting on Monday when the lights went out.", "Monday", "2024-03-04"),
    ("A vote was set for Friday, but the council put it off.", "Friday", "2024-03-01"),
    ("The talks, set for Friday, were called off.", "Friday", "2024-03-01"),
    ("Divers have searched the lake since Monday.", "Monday", "2024-03-04"),
])
def test_weekdays_follow_the_clause_they_stand_in(sentence, weekday, day):
    assert weekday_value(sentence, weekday) == day


def test_a_progressive_plan_is_a_planned_timeline_entry_and_a_past_one_is_not():
    text = ("The harbour board is meeting on Thursday to settle the mooring fees. "
            "Its finance committee rejected the proposal on Monday.")
    article = Article(id="a", path="a.txt", raw=text, text=text, source="Varna Courier", published="2024-03-06")
    article.times = TAGGER.tag(text, WEDNESDAY, article_id="a")
    entries = {e.date: e for e in build_timeline([article])}
    assert entries["2024-03-07"].planned
    assert not entries["2024-03-04"].planned
