"""Many report pairs scored at once: `model.score` of each report against the other alone.

A from-scratch grouping scores every report against its candidate reports (20,000 pairs on ECB+).
Here the words, names, headlines, blends and exemplars of all reports are rows of sparse matrices,
and a pair's products are the row sums of two rows multiplied (scipy, in C); the channels combine
as `model.score` combines them, with the same operations in the same order. A pair's word, name and
headline products serve both directions. Sums run in column order (columns numbered in the order
reports first use a key), so the figures depend neither on string hashing nor on the pair order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import chain

import numpy as np
from scipy import sparse

from newsfuse.stories import model
from newsfuse.stories.model import ArticleVector

CHUNK = 8192  # pairs multiplied at once: bounds the memory of the copied rows (~150 entries each)


class PairScorer:
    """The reports of one grouping as sparse rows, ready to score pairs of them.

    The channels a pair shares both ways (words, names, headline, numbers) are column blocks of one
    matrix, and the one-way ones (a report's blend against the other's exemplar, its places against
    the other's names) blocks of two more: a pair costs one product of rows for each, summed per block.
    """

    def __init__(self, vectors: Sequence[ArticleVector]) -> None:
        self.vectors = vectors
        terms, names = [v.terms for v in vectors], [v.names for v in vectors]
        places = [dict.fromkeys(sorted(v.places), 1.0) for v in vectors]
        term_columns, name_columns = _vocabulary(terms), _vocabulary(names + places)
        words, named = _rows(terms, term_columns), _rows(names, name_columns)
        headline = _rows([v.headline for v in vectors])
        self.shared = _blocks([words, named, headline,
                               _rows([dict.fromkeys(sorted(v.numbers), 1.0) for v in vectors])])
        # the blend is words and names weighted `EXEMPLAR_MIX`; an exemplar is its heaviest part
        w_terms, w_names = model.EXEMPLAR_MIX
        kept_words, kept_names = _split_exemplars(vectors, term_columns, name_columns)
        self.mine = _blocks([_scaled(words, w_terms), _scaled(named, w_names), _rows(places, name_columns)])
        self.theirs = _blocks([kept_words, kept_names, _rows([dict.fromkeys(v.names, 1.0) for v in vectors], name_columns)])
        # a one-report profile's norms, as `StoryProfile.norms` works them out
        self.norms = [_norms(m) for m in (words, named, headline)]
        self.n_numbers = np.array([len(v.numbers) for v in vectors], dtype=np.int64)
        self.n_places = np.array([len(v.places) for v in vectors], dtype=np.int64)
        self.n_names = np.array([len(v.names) for v in vectors], dtype=np.int64)
        self.dated = np.array([v.anchor is not None for v in vectors], dtype=bool)
        self.anchor = np.array([v.anchor if v.anchor is not None else 0 for v in vectors], dtype=np.int64)
        self.event_dated = np.array([v.event_dated for v in vectors], dtype=bool)
        self.years = [model.mentioned_years(v.numbers, v.dates) for v in vectors]
        self.latest_year = np.array([max(y, default=0) for y in self.years], dtype=np.int64)
        self.own_year = np.array([model.year_of(v.anchor) if v.anchor is not None else 0 for v in vectors],
                                 dtype=np.int64)
        # an undated report says something about a dated one's day or year only when it mentions some
        self.undated_cue = np.array([bool(v.month_days) or bool(y) for v, y in zip(vectors, self.years)], dtype=bool)

    def scores(self, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`model.score(v[left], alone(v[right]))` and the reverse, for index arrays of equal length."""
        forward, backward = np.empty(len(left)), np.empty(len(left))
        for at in range(0, len(left), CHUNK):
            a, b = left[at:at + CHUNK], right[at:at + CHUNK]
            shared = _row_dots(self.shared, a, self.shared, b)
            forward[at:at + CHUNK] = self._combine(a, b, shared, _row_dots(self.mine, a, self.theirs, b))
            backward[at:at + CHUNK] = self._combine(b, a, shared, _row_dots(self.mine, b, self.theirs, a))
        return forward, backward

    def _combine(self, a: np.ndarray, b: np.ndarray, shared: np.ndarray, one_way: np.ndarray) -> np.ndarray:
        """Report `a` against report `b` alone: `model.score`'s sum, term by term in its order."""
        nt, nn, nh = (norm[b] for norm in self.norms)
        dt, dn, dh, shared_numbers = shared
        blend_words, blend_names, places_named = one_way
        exemplar = blend_words + blend_names
        n_numbers = self.n_numbers[a]
        numbers = np.divide(shared_numbers, n_numbers, out=np.zeros(len(a)), where=n_numbers > 0)
        apart = np.abs(self.anchor[a] - self.anchor[b]).astype(float)
        gap = np.where(self.dated[a] & self.dated[b], apart, -1.0)
        event_gap = np.where(self.event_dated[a] & self.event_dated[b], apart, -1.0)
        day = np.where(event_gap >= 0, _date_evidence(event_gap, model.EVENT_NEAR_DAYS, model.EVENT_FAR_DAYS),
                       _date_evidence(gap, model.DATE_NEAR_DAYS, model.DATE_FAR_DAYS))
        elsewhere = ((self.n_places[a] > 0) & (self.n_names[b] > 0) & (places_named == 0)).astype(float)
        s = model.BIAS + model.W_TERMS * (dt / nt)
        s = s + model.W_NAMES * (dn / nn)
        s = s + model.W_HEADLINE * (dh / nh)
        s = s + model.W_EXEMPLAR * exemplar
        s = s + model.W_NUMBERS * numbers
        s = s + day
        on_day, apart, named = self._one_dated(a, b)
        s = s + model.DATE_NEAR_BONUS * on_day
        s = s + model.W_ELSEWHERE * elsewhere
        s = s + model.W_YEAR_APART * apart
        return s + model.W_YEAR_NAMED * named

    def _one_dated(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Where one side is undated: whether the other's day (or a day beside it) is one it mentions,
        and `model.year_evidence` of the dated side's year against the years it mentions."""
        on_day, named = np.zeros(len(a)), np.zeros(len(a))
        one = self.dated[a] != self.dated[b]
        dated_side, undated_side = np.where(self.dated[a], a, b), np.where(self.dated[a], b, a)
        latest = self.latest_year[undated_side]
        apart = (one & (latest > 0) & (np.abs(self.own_year[dated_side] - latest) >= model.YEAR_APART)).astype(float)
        for k in np.flatnonzero(one & self.undated_cue[undated_side]).tolist():
            v, w = self.vectors[dated_side[k]], self.vectors[undated_side[k]]
            if w.month_days:
                on_day[k] = not w.month_days.isdisjoint(model._near_month_days(v.anchor))  # noqa: SLF001 - the same days
            named[k] = self.own_year[dated_side[k]] in self.years[undated_side[k]]
        return on_day, apart, named


def _vocabulary(rows: Sequence[Mapping[str, float]]) -> dict[str, int]:
    """Key -> column, numbered in order of first use."""
    return {k: i for i, k in enumerate(dict.fromkeys(chain.from_iterable(rows)))}


def _rows(weights: Sequence[Mapping[str, float]], columns: dict[str, int] | None = None) -> sparse.csr_matrix:
    """One sparse row per report, on the given columns (its own vocabulary when none are given)."""
    columns = _vocabulary(weights) if columns is None else columns
    indptr = np.zeros(len(weights) + 1, dtype=np.int64)
    np.cumsum([len(row) for row in weights], out=indptr[1:])
    indices = np.fromiter(map(columns.__getitem__, chain.from_iterable(weights)), dtype=np.int64, count=indptr[-1])
    data = np.fromiter(chain.from_iterable(row.values() for row in weights), dtype=float, count=indptr[-1])
    m = sparse.csr_matrix((data, indices, indptr), shape=(len(weights), max(len(columns), 1)))
    m.sort_indices()
    return m


def _scaled(m: sparse.csr_matrix, weight: float) -> sparse.csr_matrix:
    return sparse.csr_matrix((weight * m.data, m.indices, m.indptr), shape=m.shape)


def _split_exemplars(vectors: Sequence[ArticleVector], term_columns: dict[str, int], name_columns: dict[str, int]
                     ) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Each report's exemplar (`ArticleVector.exemplar`, keys of its blend) as a words row and a names row."""
    words: list[dict[str, float]] = []
    names: list[dict[str, float]] = []
    for v in vectors:
        mine_words, mine_names = {}, {}
        for k, w in v.exemplar().items():
            if k.startswith("n|"):
                if k[2:] in name_columns:
                    mine_names[k[2:]] = w
            elif k in term_columns:
                mine_words[k] = w
        words.append(mine_words)
        names.append(mine_names)
    return _rows(words, term_columns), _rows(names, name_columns)


def _blocks(parts: Sequence[sparse.csr_matrix]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Side-by-side blocks, and the column -> block indicator that sums a row per block."""
    joined = sparse.hstack(list(parts), format="csr")
    joined.sort_indices()
    which = np.zeros((joined.shape[1], len(parts)))
    at = 0
    for k, part in enumerate(parts):
        which[at:at + part.shape[1], k] = 1.0
        at += part.shape[1]
    return joined, which


def _row_dots(mine: tuple[sparse.csr_matrix, np.ndarray], a: np.ndarray,
              theirs: tuple[sparse.csr_matrix, np.ndarray], b: np.ndarray) -> np.ndarray:
    """Per block, row `a[k]` of `mine` times row `b[k]` of `theirs`: one array of k values per block."""
    product = mine[0][a].multiply(theirs[0][b]).tocsr()
    product.sort_indices()
    return np.asarray(product @ mine[1]).T


def _norms(m: sparse.csr_matrix) -> np.ndarray:
    """Each row's Euclidean norm, 1 for an empty row (as `StoryProfile.norms`)."""
    squares = sparse.csr_matrix((m.data * m.data, m.indices, m.indptr), shape=m.shape)
    norms = np.sqrt(np.asarray(squares.sum(axis=1)).ravel())
    return np.where(norms > 0, norms, 1.0)


def _date_evidence(gap: np.ndarray, near: int, far: int) -> np.ndarray:
    """`model.date_evidence` of every gap."""
    between = -model.DATE_FAR_PENALTY * (gap - near) / (far - near)
    out = np.where(gap >= far, -model.DATE_FAR_PENALTY, between)
    out = np.where(gap <= near, model.DATE_NEAR_BONUS, out)
    return np.where(gap < 0, 0.0, out)
