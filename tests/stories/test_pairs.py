"""Report pairs scored all at once (`stories.pairs`) score as `model.score` scores each pair alone,
in both directions: dated and undated reports, reports naming places the other does not, reports
with and without numbers, and the grouping that uses them keeps the quakes apart."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from newsfuse.stories.features import featurize
from newsfuse.stories.grouping import alone, nearest_links, regroup
from newsfuse.stories.model import ArticleVector, DocFrequencies, score
from newsfuse.stories.pairs import PairScorer

from .quakes import peru, turkey


@pytest.fixture()
def vectors() -> list[ArticleVector]:
    items = [(a.id, featurize(a)) for a in peru(4) + turkey(3)]
    dfs = DocFrequencies.of(f for _, f in items)
    out = [ArticleVector.of(f, dfs) for _, f in items]
    # an undated report that mentions another's day, one with no places, names or numbers at all
    out.append(dataclasses.replace(out[1], anchor=None, event_dated=False))
    # undated reports whose latest year is far from the others' (2019), or is theirs (2025)
    out.append(dataclasses.replace(out[2], anchor=None, event_dated=False, dates=frozenset({"2019-05-01"}),
                                   numbers=out[2].numbers | {"#2017"}))
    out.append(dataclasses.replace(out[5], anchor=None, event_dated=False, numbers=out[5].numbers | {"#2025"}))
    out.append(dataclasses.replace(out[4], places=frozenset(), numbers=frozenset()))
    out.append(ArticleVector(terms={}, names={}, headline={}, numbers=frozenset(), dates=frozenset(), anchor=None))
    return out


def test_every_pair_scores_as_model_score_both_ways(vectors):
    n = len(vectors)
    left = np.array([i for i in range(n) for j in range(n) if i != j])
    right = np.array([j for i in range(n) for j in range(n) if i != j])
    forward, backward = PairScorer(vectors).scores(left, right)
    for k, (i, j) in enumerate(zip(left.tolist(), right.tolist())):
        assert forward[k] == pytest.approx(score(vectors[i], alone(str(j), vectors[j])), abs=1e-9)
        assert backward[k] == pytest.approx(score(vectors[j], alone(str(i), vectors[i])), abs=1e-9)
    # the pairs span joining and not joining: the comparison has something to compare
    assert forward.max() > 0 > forward.min()


def test_nearest_links_find_reports_of_the_same_quake():
    items = [(a.id, featurize(a)) for a in peru(4) + turkey(3)]
    dfs = DocFrequencies.of(f for _, f in items)
    vectors = {a: ArticleVector.of(f, dfs) for a, f in items}
    links = nearest_links([a for a, _ in items], vectors)
    for a, found in links.items():
        assert found, f"{a} links to no report"
        assert all(b[:4] == a[:4] for _, b in found), f"{a} links across quakes: {found}"
    assert len(set(regroup(items).values())) == 2
