"""Figures and dates read as a reporter writes them, the same in the CLI, briefs, web, watch and exports."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.format import claim_text, date_range, date_text, number, percent, quantity


@pytest.mark.parametrize("value, unit, qualifier, shown", [
    (1234567, "EUR", "about", "about €1,234,567"),  # was "about 1.23457e+06 euro"
    (2e6, None, "about", "about 2 million"),  # was "about 2e+06"
    (1.37e8, "EUR", None, "€137 million"),  # was "1.37e+08 EUR"
    (2.5e9, "USD", None, "$2.5 billion"),
    (4500.0, None, None, "4,500"),
    (1_500_000, None, "exact", "1.5 million"),
    ([500, 650], "soldiers", "between", "500–650 soldiers"),
    ([5e8, 6.5e8], "EUR", None, "€500–650 million"),
    ([900_000, 1.2e6], None, None, "900,000–1.2 million"),
    (27, "percent", None, "27%"),
    (12.5, "percent", "more_than", "more than 12.5%"),
    (4000, "troops", "more than", "more than 4,000 troops"),
    (25, "dead", "at_least", "at least 25 dead"),
    (10, "soldiers", "less_than", "fewer than 10 soldiers"),
    (5, "percent", "less_than", "less than 5%"),
    (650, None, "up_to", "up to 650"),
    (12, None, "vague", "about 12"),
    (1200, "CHF", None, "CHF 1,200"),
    (3.2, "metres", None, "3.2 metres"),
    (3.2, "m", None, "3.2 m"),  # unit codes of newsfuse.facts.units
    (2, "day", None, "2 days"),
    (1, "day", "exact", "1 day"),
    ([3, 5], "week", None, "3–5 weeks"),
    (15, "min", "at_least", "at least 15 minutes"),
    (25, "degC", None, "25°C"),
    (2.5, "percentage_point", None, "2.5 percentage points"),
    (0.5, "fraction", "more_than", "more than 50%"),
    (5, "km**2", None, "5 km²"),
    (4e7, "EUR", "at_least", "at least €40 million"),
    ([1.62e10, 1.65e10], "EUR", "between", "€16.2–16.5 billion"),
    (0, "count", None, "0"),
    (None, None, None, "?"),
])
def test_figures_read_as_written(value, unit, qualifier, shown):
    assert quantity(value, unit, qualifier) == shown
    assert claim_text({"value": value, "unit": unit, "qualifier": qualifier}) == shown


@given(st.one_of(st.integers(-10**15, 10**15), st.floats(-1e15, 1e15, allow_nan=False)))
def test_no_number_is_ever_in_scientific_notation(value):
    shown = number(value)
    assert not re.search(r"\de[+-]?\d", shown), shown
    assert "," not in shown or re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?( \w+)?", shown), shown


def test_a_rise_or_fall_says_so():
    assert claim_text({"value": 27, "unit": "percent", "qualifier": "exact", "change": "up"}) == "up 27%"
    assert claim_text({"value": 2e6, "unit": "EUR", "qualifier": "about", "change": "down"}) == "down about €2 million"
    assert claim_text({"value": 75_000, "unit": "count", "change": None}) == "75,000"  # a level: "rose to 75,000"


def test_percent_of_a_share():
    assert percent(0.125) == "12.5%" and percent(0.5) == "50%"


@pytest.mark.parametrize("value, precision, shown", [
    ("2023-05-29", None, "29 May 2023"),
    ("2023-05", "month", "May 2023"),
    ("2023-05-01", "month", "May 2023"),  # the precision says what is known
    ("2023-11", None, "November 2023"),
    ("2024-SU", None, "summer 2024"),
    ("2024-WI", None, "winter 2024"),
    ("2023-W21", "week", "week 21 of 2023"),
    ("2023-W21-WE", None, "the weekend of week 21 of 2023"),
    ("2023-Q3", None, "the third quarter of 2023"),
    ("2024-H1", None, "the first half of 2024"),
    ("XXXX-11-28", None, "28 November, year unknown"),
    ("XXXX-09", None, "September, year unknown"),
    ("2023-11-28T14:30", None, "28 November 2023, 14:30"),
    ("2023-11-28TEV", None, "28 November 2023, evening"),
    ("2023-11-28T10:05:00+00:00", None, "28 November 2023, 10:05"),  # a publication timestamp
    ("2023-11-28T00:00:00", None, "28 November 2023"),
    ("2024", "year", "2024"),
    ("199", None, "the 1990s"),
    ("PRESENT_REF", None, "now"),
    ("2023-02-30", None, "2023-02-30"),  # not a day: shown as given, never a wrong date
    ("not a date", None, "not a date"),
    (None, None, "undated"),
])
def test_dates_read_as_written(value, precision, shown):
    assert date_text(value, precision) == shown


@pytest.mark.parametrize("start, end, shown", [
    ("2023-09-24", "2023-09-26", "24–26 September 2023"),
    ("2023-05-29", "2023-06-02", "29 May – 2 June 2023"),
    ("2023-12-29", "2024-01-02", "29 December 2023 – 2 January 2024"),
    ("2023-09-24", "2023-09-24", "24 September 2023"),
    ("2023-09-24T10:00:00+00:00", "2023-09-25T08:00:00+00:00", "24–25 September 2023"),
    ("2023-05", "2023-07", "May 2023 – July 2023"),
    ("2023-09-24", None, "24 September 2023"),
    (None, None, "undated"),
])
def test_date_ranges_say_what_both_ends_share_once(start, end, shown):
    assert date_range(start, end) == shown
