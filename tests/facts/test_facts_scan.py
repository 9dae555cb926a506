"""Figures read from text alone: units, money, percent, durations, ages, ranges, fractions, changes;
years, dates, times, ordinals, scores and model numbers left out; odd input never a crash."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.facts.numbers import parse_quantity
from newsfuse.facts.scan import MAYBE_NUMBER, find_figures, maybe_number
from newsfuse.facts.units import KINDS, factor, iso_currencies, kind_of


def figures(text):
    return [(f.quantity.low, f.quantity.high, f.quantity.unit, f.change) for f in find_figures(text)]


@pytest.mark.parametrize("text, expected", [
    ("The phone has 256GB of storage.", (256, 256, "GB", None)),
    ("The engine makes 275 pound-feet of torque.", (275, 275, "lbf*ft", None)),
    ("It peaks at 3000 rpm.", (3000, 3000, "rpm", None)),
    ("The trail is 35 miles long.", (35, 35, "mi", None)),
    ("The car weighs 1,850 kg.", (1850, 1850, "kg", None)),
    ("Winds reached 120 km/h.", (120, 120, "km/h", None)),
    ("The plant makes 300 megawatts.", (300, 300, "MW", None)),
    ("The pack stores 82 kWh.", (82, 82, "kWh", None)),
    ("The fire burned 12,000 hectares.", (12000, 12000, "hectare", None)),
    ("The tank holds 20,000 litres.", (20000, 20000, "L", None)),
    ("It hit 47 degrees Celsius.", (47, 47, "degC", None)),
    ("The lake froze at -15°C.", (-15, -15, "degC", None)),
    ("The talks lasted another two hours.", (2, 2, "h", None)),
    ("It will be done in 15 years.", (15, 15, "year", None)),
    ("A 15-year-old girl was hurt.", (15, 15, "year", None)),
    ("The flight took 14 hours and 30 minutes.", (14.5, 14.5, "h", None)),
])
def test_physical_units_durations_and_ages(text, expected):
    assert figures(text) == [expected]
    assert all(u in KINDS for _, _, u, _ in figures(text))


@pytest.mark.parametrize("text, expected", [
    ("Oil rose 19 cents to US $58.24 per barrel.", [(0.19, 0.19, "USD", "up"), (58.24, 58.24, "USD/barrel", None)]),
    ("It raised 10.5 million Australian dollars ($7.5 million).",
     [(10.5e6, 10.5e6, "AUD", None), (7.5e6, 7.5e6, "USD", None)]),
    ("Profit was A$412 million.", [(412e6, 412e6, "AUD", None)]),
    ("The fine was £3m.", [(3e6, 3e6, "GBP", None)]),
    ("Sales reached €1.37bn.", [(1.37e9, 1.37e9, "EUR", None)]),
    ("The deal is worth 5 billion yen.", [(5e9, 5e9, "JPY", None)]),
])
def test_money_is_iso_4217(text, expected):
    assert figures(text) == expected
    assert all(u.split("/")[0] in iso_currencies() for _, _, u, _ in expected)


@pytest.mark.parametrize("text, expected", [
    ("Prices rose 0.3% in March.", [(0.3, 0.3, "percent", "up")]),
    ("Shares fell 3.2 per cent.", [(3.2, 3.2, "percent", "down")]),
    ("Rates rose by 25 basis points.", [(0.25, 0.25, "percentage_point", "up")]),
    ("Support dropped 2 percentage points.", [(2, 2, "percentage_point", "down")]),
    ("Inflation rose from 5% to 7%.", [(5, 5, "percent", None), (7, 7, "percent", None)]),  # levels, not rises
])
def test_percent_points_and_changes(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Between 500 and 650 soldiers will go.", (500, 650, "count", None)),
    ("The car drives from 252 to 287 miles.", (252, 287, "mi", None)),
    ("Margins of 10%-15% are usual.", (10, 15, "percent", None)),
    ("It costs $5 to $7 million.", (5e6, 7e6, "USD", None)),
    ("Children aged five to 11 can apply.", (5, 11, "year", None)),
])
def test_ranges(text, expected):
    assert figures(text) == [expected]


@pytest.mark.parametrize("text, value, qualifier", [
    ("A third of those screened were ill.", 1 / 3, "exact"),
    ("Two-thirds of the devices failed.", 2 / 3, "exact"),
    ("About one in four adults smoke.", 0.25, "about"),
    ("Three hundred people came.", 300, "exact"),
    ("Dozens of protesters were held.", 12, "vague"),
    ("Tens of thousands of people marched.", 10_000, "vague"),
    ("The thousand or so troops stayed.", 1000, "about"),
])
def test_fractions_number_words_and_vague_words(text, value, qualifier):
    found = find_figures(text)
    assert len(found) == 1
    assert math.isclose(found[0].quantity.value, value, rel_tol=1e-6)
    assert found[0].quantity.qualifier == qualifier


@pytest.mark.parametrize("text", [
    "The law was passed in 2019.", "The vote is on 12 March 2024.", "The match starts at 10:30.",
    "It kicks off at 3pm.", "The 22nd amendment stands.", "The Galaxy S23 has 5G.", "The S&P 500 closed flat.",
    "Chelsea beat Arsenal 3-1.", "COVID-19 spread fast.", "The 2023-24 season ended.", "The 1990s were calm.",
    "Resolution 1244 was adopted.", "The iPhone 15 launched.", "Version two is out.",
])
def test_years_dates_times_ordinals_scores_and_model_numbers_are_not_figures(text):
    assert figures(text) == []


@pytest.mark.parametrize("text, value", [
    ("1.000.000 visitors", 1_000_000), ("a grant of 1,5 million", 1_500_000), ("4 500 residents", 4500),
])
def test_numbers_in_odd_shapes_are_read(text, value):
    assert [f.quantity.value for f in find_figures(text)] == [value]


@pytest.mark.parametrize("text", ["1e999 people", "NaN people", "9" * 2000 + " people", "-", "$", "½", "1/0"])
def test_numbers_that_cannot_be_a_float_are_skipped(text):
    for figure in find_figures(text):
        assert math.isfinite(figure.quantity.value)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789 .,-–%$€£/:aZ") + ["million ", "per cent ", "km ", "between ", "and ",
                                                                   "to ", "a third ", "1e308", "9" * 400, "°C "]),
                max_size=30).map("".join))
def test_any_text_gives_finite_figures_inside_the_text(text):
    for figure in find_figures(text):
        assert text[figure.start:figure.end] == figure.text
        for bound in (figure.quantity.low, figure.quantity.high):
            assert bound is None or math.isfinite(bound)


def test_convertible_units_compare_and_others_do_not():
    assert factor("km", "m") == 1000
    assert factor("km", "kg") is None
    assert parse_quantity("5").compatible(parse_quantity("5")) and kind_of("lbf*ft") == "torque"
    from newsfuse.facts.numbers import Quantity

    assert Quantity(5, 5, unit="km").compatible(Quantity(5000, 5000, unit="m"))
    assert not Quantity(5, 5, unit="km").compatible(Quantity(5, 5, unit="mi"))


@pytest.mark.parametrize("text", ["Twenty-five were hurt", "one_two", "xone", "a few", "Tens of them", "nothing here",
                                  "half.", "scores!", "a score", "ſeven men", "٣ people", "½ of it", "HUNDREDS",
                                  "thousandfold", "Quarter past", ""])
def test_the_quick_number_test_answers_as_the_pattern(text):
    # sentences without a possible number are skipped before their scan: never one with a number
    assert maybe_number(text) == bool(MAYBE_NUMBER.search(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["one", "Two", "tens", "dozen", "x", "_", "-", " ", "ſix", "Ⅻ", "7", "a", "few",
                                 "hundredth", "é"]), max_size=8).map("".join))
def test_the_quick_number_test_on_any_words(text):
    assert maybe_number(text) == bool(MAYBE_NUMBER.search(text))
