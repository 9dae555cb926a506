"""Wire copy gives a clock time twice, local and GMT, the day after both: each is on that day."""

import datetime as dt

import pytest

from newsfuse.timex import TimeTagger

WEDNESDAY = dt.date(2010, 1, 13)


def values(text: str, anchor: dt.date = WEDNESDAY) -> list[tuple[str, str]]:
    return [(text[f.start:f.end], f.value) for f in TimeTagger().find(text, anchor)]


@pytest.mark.parametrize("text, local, gmt", [
    ("The tremor hit the port at 1653 local time (2153 GMT) on Tuesday.", "1653 local time", "2153 GMT"),
    ("The tremor hit the port at 4:53 p.m. (2153 GMT) on Tuesday.", "4:53 p.m.", "2153 GMT"),
    ("The ferry sank at about 10:35 am (0735 GMT) Tuesday, officials said.", "about 10:35 am", "0735 GMT"),
])
def test_both_clock_times_are_on_the_day_named_after_the_brackets(text, local, gmt):
    found = dict(values(text))
    assert found[local].startswith("2010-01-12T") and found[gmt].startswith("2010-01-12T")
    assert found["Tuesday"] == "2010-01-12"


def test_a_year_after_the_bracketed_day_is_kept():
    found = dict(values("POSTED: 1052 GMT (1852 HKT), April 10, 2007\nA man was arrested.", dt.date(2010, 6, 1)))
    assert found["1052 GMT"] == "2007-04-10T10:52Z"


def test_the_am_of_a_clock_time_is_not_a_present_tense():
    # "am" read as the verb made the sentence present and the GMT time the coming Friday
    found = dict(values("The cable was cut off the coast at 10:00 am (0800 GMT) on Friday.", dt.date(2010, 6, 1)))
    assert found["0800 GMT"] == "2010-05-28T08:00Z"


def test_a_possessive_day_after_the_brackets_is_not_the_clock_times_day():
    found = dict(values("Talks resume at 3 p.m. (1500 GMT), Tuesday's agenda says."))
    assert found["3 p.m."].startswith("2010-01-13T")


@pytest.mark.parametrize("text, expected", [
    ("Ballots were cast from 8: 00 am local time on Sunday.", ("8: 00 am local time on Sunday", "2010-01-10T08:00")),
    ("12: 52 p. m. EDT May 2, 2013\nShe checked in.", ("12: 52 p. m. EDT May 2, 2013", "2013-05-02T12:52")),
    ("The offer expires at 5 p.m. EST Nov. 9, 1989.", ("5 p.m. EST Nov. 9, 1989", "1989-11-09T17:00")),
])
def test_a_tokenized_clock_time_and_the_year_after_its_day_are_read(text, expected):
    # Tokenized corpora write "8: 00"; it was "00 am", midnight. A year after the clock's day was lost.
    assert expected in values(text)
