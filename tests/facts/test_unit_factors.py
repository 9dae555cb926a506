"""Figures in different units of one kind compare through a table of pint's conversions written
out once (pint's registry costs seconds to build every run); the table must stay what pint says."""

from newsfuse.facts.unit_factors import FACTORS
from newsfuse.facts.units import KINDS, factor, pint_factors


def test_the_written_table_is_pints_conversions_between_every_pair_of_one_kind():
    assert FACTORS == pint_factors()  # after changing KINDS: python -m newsfuse.facts.units


def test_units_convert_within_their_kind_only():
    assert factor("km", "m") == 1000.0 and factor("m", "km") == 0.001
    assert factor("GB", "MB") == 1000.0 and factor("mi", "km") == FACTORS[("mi", "km")]
    assert factor("km", "kg") is None and factor("degC", "degF") is None  # another kind; temperature offsets
    assert factor("furlong", "m") is None and factor("km", "km") == 1.0
    assert all(KINDS[unit] == KINDS[to] for unit, to in FACTORS)
