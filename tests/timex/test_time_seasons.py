"""Seasons without "this", "last" or a year ("early summer", "the late autumn", "in winter") are
dates like "the summer": the one the tense points to, or any such season in a timeless sentence.
Sentences written for this test (a lake resort, reports published on Wednesday 13 March 2024)."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.timex import TimeTagger

TAGGER = TimeTagger()
WEDNESDAY = dt.date(2024, 3, 13)


def tagged(sentence: str) -> list[tuple[str, str]]:
    return [(sentence[t.start:t.end], t.value) for t in TAGGER.tag(sentence, WEDNESDAY)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Bookings recovered from the low levels of the early summer.", [("the early summer", "2023-SU")]),
    ("The boathouse reopened in late autumn.", [("late autumn", "2023-FA")]),
    ("The new jetty will open in early summer.", [("early summer", "2024-SU")]),
    ("The lake froze in winter and the ferry stopped.", [("winter", "2023-WI")]),
    ("The lake freezes in winter.", [("winter", "XXXX-WI")]),  # any winter
    ("Repairs to the pier will finish in late spring 2025.", [("late spring 2025", "2025-SP")]),
    ("The early summer of 1994 was the driest on record.", [("The early summer of 1994", "1994-SU")]),
])
def test_a_season_with_a_modifier_or_after_a_preposition_is_a_date(sentence, expected):
    assert tagged(sentence) == expected


def test_a_bare_fall_is_not_a_season():
    assert tagged("Ticket prices rose in fall sales at the resort.") == []
