"""#16 item 1: clock times are times, never years; weekdays ahead in future or modal sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.timex import TimeTagger

TAGGER = TimeTagger()
WEDNESDAY = dt.date(2010, 1, 13)


def values(text: str, anchor: dt.date = WEDNESDAY) -> dict[str, tuple[str, str]]:
    return {e.text: (e.type, e.value) for e in TAGGER.tag(text, anchor)}


def test_military_clock_times_with_a_zone_are_times():
    found = values("The tremor struck at 1653 local time (2153 GMT) west of the capital.")
    assert found["1653 local time"] == ("TIME", "2010-01-13T16:53")
    assert found["2153 GMT"] == ("TIME", "2010-01-13T21:53Z")
    assert values("The convoy is due at 1500 GMT.")["1500 GMT"] == ("TIME", "2010-01-13T15:00Z")
    assert not any(value in ("1653", "2153", "1500") for _, value in found.values())


def test_a_date_line_with_a_clock_time_is_a_day_and_a_time():
    found = values("PORT TOWN, 19 JANUARY, 1815 GMT - The first ships docked.", dt.date(2010, 1, 19))
    assert found["19 JANUARY"] == ("DATE", "2010-01-19")
    assert found["1815 GMT"] == ("TIME", "2010-01-19T18:15Z")


def test_years_stay_years():
    assert values("The bridge opened in 1999 and closed in 2004.") == {"1999": ("DATE", "1999"), "2004": ("DATE", "2004")}


@pytest.mark.parametrize(("sentence", "weekday", "day"), [
    ("Aid workers hoped to get water to the camps by Thursday or Friday.", "Thursday", "2010-01-14"),
    ("Aid workers hoped to get water to the camps by Thursday or Friday.", "Friday", "2010-01-15"),
    ("The ministers will meet on Saturday in the capital.", "Saturday", "2010-01-16"),
    ("The envoy is expected to arrive Monday.", "Monday", "2010-01-18"),
    ("The mayor plans to reopen the market on Tuesday.", "Tuesday", "2010-01-19"),
    ("The ferry would sail again on Friday, the harbour office said.", "Friday", "2010-01-15"),
    ("The ferry sailed again on Friday, the harbour office said.", "Friday", "2010-01-08"),
    ("By Thursday the river had fallen a metre.", "Thursday", "2010-01-07"),
    ("The crew could have left on Friday.", "Friday", "2010-01-08"),
    ("Lawyers studied Monday's ruling.", "Monday", "2010-01-11"),
])
def test_weekdays_point_the_way_the_sentence_looks(sentence, weekday, day):
    assert values(sentence)[weekday][1] == day


def test_a_date_without_a_year_in_a_conditional_sentence_lies_ahead():
    july = dt.date(2023, 7, 1)
    assert values("The summit would take place on 10 January, the envoy said.", july)["10 January"][1] == "2024-01-10"
    assert values("The ministers met on 10 January.", july)["10 January"][1] == "2023-01-10"
