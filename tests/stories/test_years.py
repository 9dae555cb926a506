"""An undated report and a dated one: the years the undated report mentions say whether it can be
about the dated report's event (the same kind of announcement made years apart is two stories)."""

from __future__ import annotations

import numpy as np
import pytest

from newsfuse.stories.features import featurize
from newsfuse.stories.grouping import alone
from newsfuse.stories.model import (W_YEAR_APART, W_YEAR_NAMED, ArticleVector, DocFrequencies, channels,
                                    mentioned_years, score)
from newsfuse.stories.pairs import PairScorer

from .conftest import make_article

NAMES = [("Norvane", "ORG"), ("Kestrel", "PRODUCT"), ("Ilse Marrow", "PERSON"), ("Marrow", "PERSON")]


def dated(article_id: str, day: str):
    return make_article(
        article_id, "Norvane rushes out emergency fix for Kestrel browser flaw",
        "Norvane issued an emergency security update for its Kestrel browser after attackers exploited a "
        "flaw that lets a booby-trapped web page take over a computer.\nThe fix covers every supported "
        "version of Kestrel, security chief Ilse Marrow said, and users should install it at once.\n"
        "Marrow said the company had seen a small number of targeted attacks.", NAMES, published=day)


def undated(article_id: str, years: tuple[int, int]):
    old, new = years
    return make_article(
        article_id, "Norvane patches Kestrel flaw used in attacks",
        f"Norvane released an emergency fix for a Kestrel browser flaw that attackers used to take over "
        f"computers through booby-trapped web pages.\nThe update covers Kestrel versions shipped since {old} "
        f"and the edition released in {new}, Ilse Marrow, the company's security chief, said.\n"
        "Marrow urged users to install it at once.", NAMES)


def _vectors(articles):
    items = [(a.id, featurize(a)) for a in articles]
    dfs = DocFrequencies.of(f for _, f in items)
    return items, {a: ArticleVector.of(f, dfs) for a, f in items}


def test_mentioned_years_are_years_of_numbers_and_dates():
    assert mentioned_years({"#2008", "#6.1", "#300", "#1875", "#20000"}, {"2013-09-18"}) == {2008, 2013}


def test_an_undated_report_reads_as_the_dated_report_of_its_years():
    # the same announcement made twice, five years apart: the reports are word for word alike
    reports = [dated("then", "2008-12-17"), dated("now", "2013-09-18"),
               undated("old", (2003, 2008)), undated("new", (2008, 2013))]
    items, vectors = _vectors(reports)
    then, now = alone("then", vectors["then"]), alone("now", vectors["now"])
    old = channels(vectors["old"], now)
    assert old["year_apart"] == 1.0 and old["year_named"] == 0.0
    assert channels(vectors["old"], then)["year_named"] == 1.0
    assert score(vectors["old"], then) - score(vectors["old"], now) == pytest.approx(-W_YEAR_APART + W_YEAR_NAMED)
    new = channels(vectors["new"], now)
    assert new["year_apart"] == 0.0 and new["year_named"] == 1.0
    # "new" names 2008 too, so both fit; the one dated in its latest year fits no worse
    assert score(vectors["new"], now) >= score(vectors["new"], then)


def test_years_count_only_when_one_side_is_undated():
    reports = [dated("then", "2008-12-17"), dated("now", "2013-09-18"), undated("old", (2003, 2008))]
    _, vectors = _vectors(reports)
    both_dated = channels(vectors["then"], alone("now", vectors["now"]))
    assert both_dated["year_apart"] == 0.0 and both_dated["year_named"] == 0.0  # their days speak instead
    assert both_dated["gap"] > 1000
    # the scorer of many pairs at once gives the same figures
    order = ["then", "now", "old"]
    forward, backward = PairScorer([vectors[a] for a in order]).scores(np.array([2, 2]), np.array([0, 1]))
    assert forward.tolist() == pytest.approx([score(vectors["old"], alone(b, vectors[b])) for b in ("then", "now")])
    assert backward.tolist() == pytest.approx([score(vectors[b], alone("old", vectors["old"])) for b in ("then", "now")])
