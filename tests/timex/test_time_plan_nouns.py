"""#16 item 1: a date attached to a plan noun whose governor looks ahead ("called for a strike on
Friday", "ahead of the vote on Thursday"), a scheduling participle in apposition ("the summit, set
for Tuesday"), a deadline that "is" a day, or a deed someone is urged to do resolves forward from
the publication date and is a planned timeline entry; a reported past resolves backward."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.models import Article
from newsfuse.timex import TimeTagger, build_timeline

TAGGER = TimeTagger()
WEDNESDAY = dt.date(2024, 3, 6)  # Friday ahead 2024-03-08, behind 2024-03-01


def _entry(sentence: str, phrase: str):
    article = Article(id="a", path="a.txt", raw=sentence, text=sentence, source="Varna Courier",
                      published=WEDNESDAY.isoformat())
    article.times = TAGGER.tag(sentence, WEDNESDAY, article_id="a")
    (value,) = [e.value for e in article.times if e.text == phrase]
    entries = {e.date: e for e in build_timeline([article])}
    return value, entries[value].planned


@pytest.mark.parametrize(("sentence", "phrase", "day", "planned"), [
    ("The dockers' union called for a strike on Friday over the pay offer.", "Friday", "2024-03-08", True),
    ("The union has called a strike for Friday at the ferry terminal.", "Friday", "2024-03-08", True),
    ("Delegates gathered in Varna before the summit, set for Tuesday, on fishing quotas.", "Tuesday", "2024-03-12", True),
    ("Ahead of the vote on Thursday, councillors argued over the harbour budget.", "Thursday", "2024-03-07", True),
    ("Clubs were preparing for the election on Sunday at the sailing federation.", "Sunday", "2024-03-10", True),
    ("The deadline for tenders on the new breakwater is Friday.", "Friday", "2024-03-08", True),
    ("The mayor urged residents to vote in the referendum on Sunday.", "Sunday", "2024-03-10", True),
    ("The council will vote on 12 March on the mooring fees.", "12 March", "2024-03-12", True),
    ("The inspector is due to arrive on Monday from Sofia.", "Monday", "2024-03-11", True),
    # a reported past resolves backward and is not planned
    ("The harbour master said on Friday that the fees would rise.", "Friday", "2024-03-01", False),
    ("The two ministers met on Thursday in Varna.", "Thursday", "2024-02-29", False),
    ("The strike on Friday closed the ferry terminal for six hours.", "Friday", "2024-03-01", False),
    ("The talks on Monday ended without a deal on the fees.", "Monday", "2024-03-04", False),
    ("The strike called for Friday was called off after a late offer.", "Friday", "2024-03-01", False),
    ("The summit, set for Tuesday, was postponed by the hosts.", "Tuesday", "2024-03-05", False),
    ("Union leaders called on Monday for a strike at the ferry terminal.", "Monday", "2024-03-04", False),
    ("The mayor urged residents on Monday to vote in the referendum.", "Monday", "2024-03-04", False),
    ("The index fell 40 points from its record high set on March 1.", "March 1", "2024-03-01", False),
])
def test_a_plan_resolves_forward_and_is_planned_a_reported_past_backward(sentence, phrase, day, planned):
    assert _entry(sentence, phrase) == (day, planned)


def test_the_second_of_two_planned_days_follows_the_plan_too():
    text = "The harbour board called for an emergency meeting on Thursday or Friday."
    values = [e.value for e in TAGGER.tag(text, WEDNESDAY) if e.text in ("Thursday", "Friday")]
    assert values == ["2024-03-07", "2024-03-08"]


@pytest.mark.parametrize(("sentence", "weekday", "day"), [
    ("Voters go to the polls on Sunday in the three harbour towns.", "Sunday", "2024-03-10"),
    ("The new mooring law takes effect on Friday.", "Friday", "2024-03-08"),
    ("The ceasefire on the river expires on Friday.", "Friday", "2024-03-08"),
    ("Schools in Varna reopen on Monday after the floods.", "Monday", "2024-03-11"),
    ("The envoy returns to Sofia on Monday.", "Monday", "2024-03-11"),
    ("Polls close on Sunday at eight in the evening.", "Sunday", "2024-03-10"),
    ("The tax returns filed on Monday were late.", "Monday", "2024-03-04"),
    ("Heads of state met on Monday in Varna.", "Monday", "2024-03-04"),
    ("The envoy returned to Sofia on Monday.", "Monday", "2024-03-04"),
    # what was decided lies after the deciding
    ("The dockers' union voted to strike on Friday.", "Friday", "2024-03-08"),
    ("Councillors agreed to vote on the harbour budget on Thursday.", "Thursday", "2024-03-07"),
    ("The board decided to reopen the ferry line on Monday.", "Monday", "2024-03-11"),
    ("On Friday the dockers' union voted to strike.", "Friday", "2024-03-01"),
    ("Councillors agreed on Monday to cut the mooring fees.", "Monday", "2024-03-04"),
])
def test_a_timetable_or_a_decision_lies_ahead_and_a_past_deed_behind(sentence, weekday, day):
    (value,) = [e.value for e in TAGGER.tag(sentence, WEDNESDAY) if e.text == weekday]
    assert value == day


@pytest.mark.parametrize("text", [
    "Varna talks on harbour safety 2 October 2024 , 15 : 39 ( GMT+03 : 00 ) On October 1 - 2 Varna hosts a"
    " seminar on harbour safety.",
    "On 1 and 2 October 2024 Varna hosts a seminar on harbour safety.",
])
def test_a_present_after_the_date_is_not_a_timetable(text):
    # A lead in the present: the seminar is under way on the day of the date line, so the
    # undated report is anchored there rather than left without a date.
    from newsfuse.timex.anchor import infer_anchor

    assert infer_anchor(text, None).iso == "2024-10-02"
