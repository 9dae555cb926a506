"""A headline or a date line on its own line is not part of the lead's sentence: its present tense
("Airline takes delivery ...") must not turn the lead's past weekday into next week's."""

import datetime as dt

import pytest

from newsfuse.text.tense import sentence_spans
from newsfuse.timex import TimeTagger

MONDAY = dt.date(2026, 6, 1)


def values(text: str, anchor: dt.date = MONDAY) -> dict[str, str]:
    return {text[f.start:f.end]: f.value for f in TimeTagger().find(text, anchor)}


@pytest.mark.parametrize("head", [
    "Harbour airline takes delivery of its last turboprop\n",
    "Harbour airline takes delivery of its last turboprop\nMay 31, 2026\n",
    "Harbour airline takes delivery of its last turboprop\nSunday, 31 May 2026\n",
])
def test_the_lead_keeps_its_own_tense_under_a_headline(head):
    text = head + "The airline on Tuesday received the last turboprop built at the Selm works."
    assert values(text)["Tuesday"] == "2026-05-26"  # the Tuesday just gone, not tomorrow


def test_a_date_line_is_a_sentence_of_its_own():
    text = "Harbour airline takes delivery of its last turboprop\nMay 31, 2026\nThe airline received it."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Harbour airline takes delivery of its last turboprop", "May 31, 2026", "The airline received it."]


def test_a_hard_wrapped_sentence_stays_one():
    text = "The talks, which the union\nsaid would open on Tuesday, were moved.\nMinisters met Mayor\nJana Orvik."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "The talks, which the union\nsaid would open on Tuesday, were moved.", "Ministers met Mayor\nJana Orvik."]


def test_a_first_line_wrapped_before_a_name_is_not_a_headline():
    text = "Ministers of the three states met the\nMayor of Selm on Tuesday."
    assert len(sentence_spans(text)) == 1
