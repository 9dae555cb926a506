"""Earnings news compares periods: "a year earlier" is the quarter just reported a year back, but
the year when the sentence is about a longer stretch ("For the nine months"); a company's fiscal
quarter stays that quarter when the text gives the date it ended; "quarter-to-quarter" names none."""

from __future__ import annotations

import datetime as dt

from newsfuse.timex import TimeTagger

TAGGER = TimeTagger()
ANCHOR = dt.date(1989, 10, 26)


def _values(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.value) for e in TAGGER.tag(text, ANCHOR)]


def test_a_year_earlier_follows_the_period_of_its_sentence():
    text = ("The brewer earned $12 million in the third quarter, up from $9 million a year earlier. "
            "For the nine months, the brewer earned $30 million, compared with $25 million a year earlier.")
    earlier = [value for span, value in _values(text) if span == "a year earlier"]
    assert earlier == ["1988-Q3", "1988"]


def test_the_year_of_a_period_is_the_quarter_or_the_stretch_in_question():
    quarter = "The brewer earned $12 million in the third quarter. In the 1988 period, it lost $2 million."
    stretch = ("The brewer earned $12 million in the third quarter. In the first nine months, profit rose "
               "10%, compared with a loss in the 1988 period.")
    assert ("the 1988 period", "1988-Q3") in _values(quarter)
    assert ("the 1988 period", "1988") in _values(stretch)


def test_a_fiscal_quarter_keeps_its_number_when_the_text_says_when_it_ended():
    text = ("The chip maker earned $5 million in the fiscal first quarter. It reported sales of $538 million "
            "for the quarter ended Sept. 29. It had expected to break even for the quarter.")
    quarters = [value for span, value in _values(text) if span.lower().endswith("quarter")]
    assert quarters == ["1989-Q1", "1989-Q1", "1989-Q1"]


def test_a_calendar_quarter_still_follows_the_date_it_ended():
    text = "The brewer earned $5 million in the first quarter. Sales rose in the quarter ended Sept. 30."
    assert ("the quarter", "1989-Q3") in _values(text)


def test_quarter_to_quarter_is_a_comparison_not_a_quarter():
    text = ("The brewer earned $12 million in the third quarter. The quarter-to-quarter comparison was "
            "helped by charges taken in the year-earlier period.")
    values = _values(text)
    assert not any(span == "quarter" for span, _ in values)
    assert ("the year-earlier period", "1988-Q3") in values


def test_a_quarter_of_a_fiscal_year_is_one_expression_of_that_year():
    values = _values("Profit rose in the third quarter of fiscal 1990, the brewer said.")
    assert values == [("the third quarter of fiscal 1990", "1990-Q3")]
