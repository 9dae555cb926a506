"""Figures as written become comparable quantities: number words, ranges, percentages, money, vague words."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.facts.numbers import Quantity, format_quantity, parse_number, parse_quantity


@pytest.mark.parametrize("text, value", [
    ("three", 3), ("a thousand", 1000), ("twenty-five", 25), ("one hundred and fifty", 150),
    ("4.5 million", 4_500_000), ("1,000", 1000), ("2bn", 2_000_000_000), ("a dozen", 12),
])
def test_number_words_and_digits(text, value):
    assert parse_number(text) == value


def test_not_a_number():
    assert parse_number("battalion") is None
    assert parse_quantity("one battalion") is None  # a unit word is counted, not converted


def test_ranges_and_bounds():
    assert parse_quantity("between 500 and 650") == Quantity(500, 650, "between", "count", "between 500 and 650")
    assert parse_quantity("500-650").is_range
    more = parse_quantity("more than 4,000")
    assert (more.low, more.high, more.qualifier) == (4000, None, "more_than")
    up_to = parse_quantity("up to 650")
    assert (up_to.low, up_to.high, up_to.qualifier) == (None, 650, "up_to")


def test_dozens_follows_the_acled_convention_and_stays_vague():
    dozens = parse_quantity("dozens")
    assert (dozens.low, dozens.qualifier) == (12, "vague")
    assert parse_quantity("hundreds").low == 100
    assert dozens.compatible(parse_quantity("93"))  # "dozens" is at least twelve, not exactly twelve


def test_percent_and_money():
    assert parse_quantity("90%") == Quantity(90, 90, "exact", "percent", "90%")
    assert parse_quantity("30 per cent").unit == "percent"
    money = parse_quantity("$2.5 million")
    assert (money.value, money.unit) == (2_500_000, "USD")
    assert parse_quantity("5 million euros").unit == "EUR"


def test_about_tolerance_and_lower_bounds():
    assert parse_quantity("around 1,000").compatible(parse_quantity("1,000"))
    assert parse_quantity("around 1,000").compatible(parse_quantity("1,050"))
    assert not parse_quantity("1,000").compatible(parse_quantity("1,200"))
    assert parse_quantity("more than 4,000").compatible(parse_quantity("4,500"))
    assert not parse_quantity("more than 4,000").compatible(parse_quantity("3,000"))
    assert not parse_quantity("90%").compatible(parse_quantity("90"))  # different units


def test_display_forms():
    assert format_quantity(parse_quantity("between 500 and 650")) == "500–650"
    assert format_quantity(parse_quantity("more than 4,000")) == "> 4,000"


@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_digits_round_trip(n):
    assert parse_number(f"{n:,}") == n
    assert parse_quantity(f"about {n:,}").low == n


@pytest.mark.parametrize("text", ["9" * 2000, "1e999", "NaN", "1.000.000.000.000.000.000.000,5", "--", ""])
def test_odd_numbers_are_read_or_skipped_never_infinite(text):
    value = parse_number(text)
    assert value is None or value == value and abs(value) < float("inf")
    quantity = parse_quantity(text)
    assert quantity is None or all(b is None or abs(b) < float("inf") for b in (quantity.low, quantity.high))
