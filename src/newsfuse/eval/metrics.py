"""Clustering and coreference scores, written from their definitions.

Every scorer takes two clusterings of the same items as mappings item -> cluster label (gold, then
predicted) and returns a `Score` of precision, recall and F1.

- B³ (Bagga & Baldwin 1998): per-item overlap of the item's gold and predicted clusters.
- MUC (Vilain et al. 1995): links needed to rebuild the gold clusters from the predicted partition.
- CEAF-e (Luo 2005): best one-to-one alignment of clusters with φ4 similarity.
- CoNLL F1: the mean of the three F1 scores (Pradhan et al. 2014).
Items missing from the predicted mapping count as predicted singletons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

Labels = Mapping[Hashable, Hashable]


@dataclass(slots=True, frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _clusters(labels: Labels) -> list[frozenset]:
    groups: dict[Hashable, set] = defaultdict(set)
    for item, label in labels.items():
        groups[label].add(item)
    return [frozenset(g) for g in groups.values()]


def _complete(gold: Labels, predicted: Labels) -> dict:
    """Predicted labels for every gold item; unpredicted items become singletons."""
    completed = {item: ("pred", label) for item, label in predicted.items() if item in gold}
    for item in gold:
        completed.setdefault(item, ("singleton", item))
    return completed


def b_cubed(gold: Labels, predicted: Labels) -> Score:
    predicted = _complete(gold, predicted)
    gold_of = {item: cluster for cluster in _clusters(gold) for item in cluster}
    pred_of = {item: cluster for cluster in _clusters(predicted) for item in cluster}
    if not gold:
        return Score(0.0, 0.0, 0.0)
    p = r = 0.0
    for item in gold:
        overlap = len(gold_of[item] & pred_of[item])
        p += overlap / len(pred_of[item])
        r += overlap / len(gold_of[item])
    p, r = p / len(gold), r / len(gold)
    return Score(p, r, _f1(p, r))


def _muc_side(keys: list[frozenset], responses: Labels) -> float:
    numerator = denominator = 0
    for cluster in keys:
        parts = {responses.get(item, ("missing", item)) for item in cluster}
        numerator += len(cluster) - len(parts)
        denominator += len(cluster) - 1
    return numerator / denominator if denominator else 0.0


def muc(gold: Labels, predicted: Labels) -> Score:
    predicted = _complete(gold, predicted)
    r = _muc_side(_clusters(gold), predicted)
    p = _muc_side(_clusters(predicted), gold)
    return Score(p, r, _f1(p, r))


def ceaf_e(gold: Labels, predicted: Labels) -> Score:
    predicted = _complete(gold, predicted)
    keys, responses = _clusters(gold), _clusters(predicted)
    if not keys or not responses:
        return Score(0.0, 0.0, 0.0)
    similarity = np.zeros((len(keys), len(responses)))
    index = {item: j for j, cluster in enumerate(responses) for item in cluster}
    for i, key in enumerate(keys):
        for item in key:
            j = index[item]
            if similarity[i, j] == 0:
                similarity[i, j] = 2 * len(key & responses[j]) / (len(key) + len(responses[j]))
    rows, cols = linear_sum_assignment(-similarity)
    total = float(similarity[rows, cols].sum())
    p, r = total / len(responses), total / len(keys)
    return Score(p, r, _f1(p, r))


def conll(gold: Labels, predicted: Labels) -> dict[str, float]:
    """MUC, B³ and CEAF-e F1 and their mean, as a flat dict of floats."""
    scores = {"muc": muc(gold, predicted), "b3": b_cubed(gold, predicted), "ceafe": ceaf_e(gold, predicted)}
    out = {f"{name}_f1": s.f1 for name, s in scores.items()}
    out["conll_f1"] = sum(s.f1 for s in scores.values()) / 3
    return out
