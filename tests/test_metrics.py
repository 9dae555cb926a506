"""The scorers reproduce the worked examples of their papers."""

import pytest

from newsfuse.eval.metrics import b_cubed, ceaf_e, conll, muc

# Pradhan et al. (2014), figure 1: the response merges gold clusters a and c.
GOLD = {i: "a" for i in range(1, 6)} | {6: "b", 7: "b"} | {i: "c" for i in range(8, 13)}
RESPONSE = {i: "x" for i in range(1, 6)} | {6: "y", 7: "y"} | {i: "x" for i in range(8, 13)}


def test_b_cubed_worked_example():
    score = b_cubed(GOLD, RESPONSE)
    assert score.precision == pytest.approx(7 / 12)
    assert score.recall == pytest.approx(1.0)


def test_muc_worked_example():
    score = muc(GOLD, RESPONSE)
    assert score.precision == pytest.approx(0.9)
    assert score.recall == pytest.approx(1.0)


def test_ceaf_e_worked_example():
    score = ceaf_e(GOLD, RESPONSE)
    assert score.precision == pytest.approx((2 / 3 + 1) / 2)
    assert score.recall == pytest.approx((2 / 3 + 1) / 3)


def test_perfect_and_missing_predictions():
    assert conll(GOLD, GOLD)["conll_f1"] == pytest.approx(1.0)
    # Nothing predicted: every item is its own cluster, so B³ precision stays perfect, recall drops.
    alone = b_cubed(GOLD, {})
    assert alone.precision == pytest.approx(1.0)
    assert alone.recall < 0.5
