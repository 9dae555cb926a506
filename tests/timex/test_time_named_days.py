"""A date that names one day of history ("the September 11 attacks") keeps its own year, and a wire
dateline's date is the copy's."""

import datetime as dt

from newsfuse.text.calendar import in_dateline
from newsfuse.timex import TimeTagger

ANCHOR = dt.date(2010, 6, 15)


def values(text):
    return [(t.text, t.value) for t in TimeTagger().tag(text, ANCHOR)]


def test_the_september_11_attacks_are_in_2001():
    assert values("He had paid victims of the September 11 attacks.") == [("September 11", "2001-09-11")]
    assert values("Security was tightened after the Sept. 11 terrorist attacks.") == [("Sept. 11", "2001-09-11")]


def test_another_september_11_takes_the_year_near_the_report():
    assert values("The hearing will be held on September 11 in Washington.") == [("September 11", "2010-09-11")]
    assert values("Attacks on September 11, 2010 rose.")[0][1] == "2010-09-11"


def at(text, date):
    start = text.index(date)
    return in_dateline(text, start, start + len(date))


def test_a_wire_dateline_is_found_at_the_start_of_a_line_only():
    assert at("NEW ORLEANS, Apr 25 (Harbour Wire) - A rig burned.", "Apr 25")
    assert at("Headline\n\nPORT-AU-PRINCE, Haiti, Jan. 14 - Rescuers dug.", "Jan. 14")
    assert at("WASHINGTON, June 17, 2010 (AP) — Hayward testified.", "June 17, 2010")
    assert at("Jan 24 (Reuters) - Cocoa rose.", "Jan 24")
    assert not at("May 5 - talks will resume, the union said.", "May 5")
    assert not at("The rig exploded on April 20 - a disaster for the coast.", "April 20")
    assert not at("On Apr 25 (a Sunday) - the rig sank.", "Apr 25")
