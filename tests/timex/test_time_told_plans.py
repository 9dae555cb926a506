"""#16: a plan told in the past tense ("the union said it planned a march on Saturday", "officials
were due to meet on Friday", "had scheduled talks for next week") dates something after the time
it was told: on the timeline it is `planned` when that date is after the report, and not when the
date is already behind the report or the plan did not stand. Sentences written for this test (a
river port, reports published on Wednesday 13 March 2024)."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.models import Article
from newsfuse.text.tense import direction_at, told_plan
from newsfuse.timex import TimeTagger, build_timeline

TAGGER = TimeTagger()
WEDNESDAY = dt.date(2024, 3, 13)


def article(text: str, published: dt.date = WEDNESDAY, id: str = "a", source: str = "River Courier") -> Article:
    art = Article(id=id, path=f"{id}.txt", raw=text, text=text, source=source, published=published.isoformat())
    art.times = TAGGER.tag(text, published, article_id=id)
    return art


def timeline_of(*articles: Article) -> dict[str, bool]:
    return {entry.date: entry.planned for entry in build_timeline(list(articles))}


@pytest.mark.parametrize(("sentence", "date"), [
    ("The dockers' union said it planned a demonstration at the grain terminal on Saturday.", "2024-03-16"),
    ("Port officials were due to meet the shipping companies on Friday.", "2024-03-15"),
    ("The harbour board had scheduled talks with the pilots for next week.", "2024-W12"),
    ("The ministry had scheduled the safety inspection for Monday.", "2024-03-18"),
    ("The transport minister was to visit the flooded quays on Thursday.", "2024-03-14"),
    ("Barge owners planned a convoy up the river on Sunday and were planning a rally on Monday.", "2024-03-17"),
    ("The ferry crews were expected to return to work on Friday, their spokeswoman said.", "2024-03-15"),
    # what happens in a clause after "as soon as" is part of the plan, not what came to pass
    ("Traders were likely to sell the catch as soon as the market opened on Monday.", "2024-03-18"),
])
def test_a_plan_told_in_the_past_is_ahead_and_planned(sentence, date):
    entries = timeline_of(article(sentence))
    assert entries[date] is True
    assert all(planned for planned in entries.values())  # nothing of it is put in the past


@pytest.mark.parametrize(("sentence", "date"), [
    # the plan did not stand, or the sentence says it came to pass: the day behind the report
    ("A vigil planned at the port chapel for Saturday was cancelled after the storm warning.", "2024-03-09"),
    ("The pilots' strike went ahead as planned on Monday.", "2024-03-11"),
    ("The talks scheduled for Monday took place in the customs house.", "2024-03-11"),
    ("The old berth licence had been due to expire on Friday.", "2024-03-08"),
    ("The dredging was scheduled to start on Friday, but the contractor withdrew.", "2024-03-08"),
    # the past perfect of a deed, not a plan for a date ("had scheduled talks for Monday" is one)
    ("Police said the arsonist had planned the fire at the boathouse on Monday.", "2024-03-11"),
])
def test_a_plan_that_did_not_stand_or_came_to_pass_is_behind_the_report(sentence, date):
    assert timeline_of(article(sentence)) == {date: False}


def test_the_plan_counts_from_the_day_it_was_told():
    # told on Monday for Tuesday: the Tuesday after Monday, already behind Wednesday's report
    text = "On Monday the dockers' union said it planned a march to the town hall on Tuesday."
    values = [t.value for t in article(text).times]
    assert values == ["2024-03-11", "2024-03-12"]
    assert timeline_of(article(text)) == {"2024-03-11": False, "2024-03-12": False}
    # told on Monday for Saturday: after the report, still a plan
    text = "The union said on Monday that it planned a second march on Saturday."
    assert [t.value for t in article(text).times] == ["2024-03-11", "2024-03-16"]
    assert timeline_of(article(text))["2024-03-16"] is True


def test_the_day_a_plan_was_told_is_not_moved_by_the_plan():
    # "On Monday ... said it planned ...": Monday is when it was said, the last Monday
    text = "On Monday the harbour master said he planned to close the lock for repairs."
    assert [t.value for t in article(text).times] == ["2024-03-11"]


def test_a_plan_reported_again_after_its_day_is_no_longer_planned():
    before = article("The dockers' union said it planned a demonstration at the terminal on Saturday.",
                     WEDNESDAY, "a", "River Courier")
    after = article("Hundreds of dockers joined the demonstration at the terminal on Saturday, the union said.",
                    dt.date(2024, 3, 18), "b", "Port Weekly")
    assert timeline_of(before) == {"2024-03-16": True}
    merged = build_timeline([before, after])
    saturday = [e for e in merged if e.date == "2024-03-16"]
    assert saturday and not any(e.planned for e in saturday)


def test_the_figures_and_grouping_read_the_same_direction():
    text = "Port officials were due to meet the shipping companies on Friday."
    start = text.index("Friday")
    assert told_plan(text, start, start + len("Friday"))
    assert direction_at(text, (0, len(text)), start, start + len("Friday")) == "future"
    text = "A vigil planned at the port chapel for Saturday was cancelled after the storm warning."
    start = text.index("Saturday")
    assert not told_plan(text, start, start + len("Saturday"))
    assert direction_at(text, (0, len(text)), start, start + len("Saturday")) == "past"


def test_a_plan_verb_after_the_day_dates_the_planning():
    # "On Friday, ... planned to ...": Friday is when the plan was made, the last Friday
    text = "On Friday, the port authority planned to pay the first compensation to the barge owners."
    assert [t.value for t in article(text).times] == ["2024-03-08"]


def test_the_date_of_a_told_plan_is_not_taken_for_the_report_date():
    from newsfuse.timex import infer_anchor

    text = ("The dockers met the port authority on 12 March 2024. "
            "Afterwards the union leaders were due to march to the town hall on 20 March 2024.")
    anchor = infer_anchor(text, None)
    assert anchor.date == dt.date(2024, 3, 12) and anchor.inferred


@pytest.mark.parametrize(("sentence", "span"), [
    ("The harbour rules evolved over several years.", "several years"),  # over = during: a preposition
    ("The grant can be used over three years for new cranes.", "three years"),
    ("The inspection is likely to last over a week.", "over a week"),  # over = more than
    ("The lock has been closed for over a decade.", "over a decade"),
])
def test_over_belongs_to_a_duration_only_when_it_means_more_than(sentence, span):
    assert [sentence[t.start:t.end] for t in TAGGER.tag(sentence, WEDNESDAY)] == [span]


@pytest.mark.parametrize(("sentence", "date"), [
    # an extension sets a new end: it lies ahead even when told in the past tense
    ("The harbour board extended the pilots' contract through May.", "2024-05"),
    ("The ministry extended the dredging permit, due to expire last Friday, to April 30.", "2024-04-30"),
])
def test_a_date_an_extension_runs_to_lies_ahead(sentence, date):
    assert date in [t.value for t in article(sentence).times]


def test_a_plan_in_a_relative_clause_follows_its_main_clause():
    # "..., which was scheduled for Monday, drew ...": the main clause tells that it took place
    assert timeline_of(article("The regatta, which was scheduled for Monday, drew 500 sailors.")) == {
        "2024-03-11": False}
    assert timeline_of(article("The regatta, which was scheduled for Monday, will draw 500 sailors.")) == {
        "2024-03-18": True}
