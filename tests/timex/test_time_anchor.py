"""Anchors: given publication dates win; otherwise inferred, and marked so."""

from __future__ import annotations

import datetime as dt

from newsfuse.timex import TimeTagger, infer_anchor

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


def test_an_undated_report_a_day_after_its_borrowed_anchor():
    # The undated report resembles one of Tuesday 5 March 2024; it tells of Wednesday as past, so
    # it was written on Wednesday 6 March, and its "Wednesday" is that day, not 28 February.
    text = ("The mayor of Kessling announced on Wednesday that the old bridge would reopen next year. "
            "Engineers had inspected its pillars for months.")
    anchor = infer_anchor(text, None, D(2024, 3, 5))
    assert anchor.date == D(2024, 3, 6) and anchor.inferred
    times = TimeTagger().tag(text, anchor.date)
    assert [t.value for t in times if t.text == "Wednesday"] == ["2024-03-06"]


def test_a_weekday_well_before_the_borrowed_anchor_leaves_it():
    # Friday seen from Tuesday 5 March: 1 March is four days back, 8 March three days ahead;
    # told as past, it is the Friday before, and the borrowed date stays the anchor.
    text = "The council voted on Friday to close the ferry pier."
    anchor = infer_anchor(text, None, D(2024, 3, 5))
    assert anchor.date == D(2024, 3, 5) and anchor.how == "story context"
    assert [t.value for t in TimeTagger().tag(text, anchor.date)] == ["2024-03-01"]
