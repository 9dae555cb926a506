"""Anchors: given publication dates win; otherwise inferred, and marked so."""

from __future__ import annotations

import datetime as dt

from newsfuse.timex import infer_anchor

D = dt.date


def test_published_date_is_used_as_given():
    anchor = infer_anchor("Nothing dated here.", "2022-03-04T10:00:00Z")
    assert anchor == type(anchor)(D(2022, 3, 4), False, "published")
    assert infer_anchor("Text.", "Fri, 04 Mar 2022 10:00:00 GMT").date == D(2022, 3, 4)


def test_unreadable_published_value_falls_back_to_the_text():
    anchor = infer_anchor("Updated 5 May 2021\n\nThe dam burst on Monday.", "sometime")
    assert anchor.date == D(2021, 5, 5) and anchor.inferred
    assert "unreadable" in anchor.how


def test_date_line_and_title():
    assert infer_anchor("Floods in the valley\n\n12.04.2020.\n\nRivers rose.", None).date == D(2020, 4, 12)
    titled = infer_anchor("Court rules on harbour dispute, March 2, 2019\n\nJudges ruled today.", None)
    assert titled.date == D(2019, 3, 2) and titled.inferred


def test_eve_of_an_event_dated_elsewhere():
    text = ("The envoy spoke on the eve of the summit about trade. "
            "Leaders gather for the summit in Vienna on 12 May 2022 to sign the accord.")
    anchor = infer_anchor(text, None)
    assert anchor.date == D(2022, 5, 11)
    assert anchor.inferred and "eve of the summit" in anchor.how


def test_latest_past_date_then_context_then_nothing():
    text = "The plant closed on 3 February 2020. Workers protested on 9 February 2020. A vote is due on 1 June 2020."
    assert infer_anchor(text, None).date == D(2020, 2, 9)
    assert infer_anchor("No dates at all.", None, context_anchor=D(2021, 1, 1)) == type(
        infer_anchor("x", None))(D(2021, 1, 1), True, "story context")
    nothing = infer_anchor("No dates at all.", None)
    assert nothing.date is None and nothing.inferred
