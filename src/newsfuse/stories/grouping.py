"""Group articles into stories from scratch (`regroup`), honouring users' corrections.

The batch clustering links each article to its `NEIGHBOURS` nearest reports (scored with the
story model against each candidate report alone) when they read as its event, and a story is a
connected group of such links. A report's nearest neighbours are about its own event far more
often than a story's centroid is: two similar events of one topic (a title fight in 2008 and its
sequel in 2012) have centroids that read alike, their reports' best matches do not. Corrections
are article-level constraints: must-linked articles travel as one unit, cannot-linked ones never
share a story. `Clustering` (the centroid rule run in order, then refined) groups stories into threads.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from newsfuse.stories import model
from newsfuse.stories.features import StoryFeatures
from newsfuse.stories.model import ArticleVector, DocFrequencies, StoryProfile

REFINE_PASSES = 1
MERGE_MARGIN = 1.0  # merging two grown stories needs more evidence than adding one article
CANDIDATES = 8  # stories scored per article: the ones sharing the most index keys with it
INDEX_TERMS = 10  # an article is filed under its heaviest names and words
INDEX_NAMES = 10
NEIGHBOURS = 2  # a report is linked to its two best matches (one alone leaves pairs apart; three joins sibling events)
NEIGHBOUR_CANDIDATES = 32  # reports scored per report: the ones sharing the most index keys with it
POSTING_WINDOW = 256  # a key held by more reports is read only around the report (nearest in ingest order)
# A link between a dated and an undated report's groups whose years are apart needs this score (log-odds): on
# ECB+ train the links across sub-topics score up to 4.1, within one up to 11 (grid 3-6 on train, checked on dev)
GROUP_YEARS_LINK = 4.5
ISLAND_LINK = 2.0  # a closed group's best link out joins at this score (ECB+ train: 1.0-2.5 give the same stories)

Scorer = Callable[[ArticleVector, StoryProfile], float]


def story_id_for(article_id: str) -> str:
    """A story's id, derived from its founding article's id (so regrouping keeps ids)."""
    if len(article_id) <= 24:
        return "s-" + article_id
    return "s-" + hashlib.sha1(article_id.encode()).hexdigest()[:16]


def thread_id_for(story_id: str) -> str:
    """A thread's id, derived from its founding story's id."""
    return "t-" + story_id.removeprefix("s-")


@dataclass(slots=True)
class Constraints:
    """Users' corrections as article-level constraints.

    `merge`, `split` and `move` build them from story memberships, as the CLI's
    `stories merge A B`, `stories split S --articles ...` and `stories move ARTICLE --to S` do.
    A must-link wins over a contradicting cannot-link.
    """

    must_link: list[tuple[str, str]] = field(default_factory=list)
    cannot_link: list[tuple[str, str]] = field(default_factory=list)

    def merge(self, story_a: Sequence[str], story_b: Sequence[str]) -> Constraints:
        members = list(story_a) + list(story_b)
        self.must_link += [(members[0], m) for m in members[1:]]
        return self

    def split(self, story: Sequence[str], split_off: Sequence[str]) -> Constraints:
        off = list(split_off)
        rest = [m for m in story if m not in set(off)]
        self.must_link += [(off[0], m) for m in off[1:]]
        if rest:
            self.must_link += [(rest[0], m) for m in rest[1:]]
        self.cannot_link += [(a, b) for a in off for b in rest]
        return self

    def move(self, article_id: str, old_story: Sequence[str], new_story: Sequence[str]) -> Constraints:
        self.must_link += [(article_id, m) for m in new_story if m != article_id]
        self.cannot_link += [(article_id, m) for m in old_story if m != article_id]
        return self

    def extend(self, other: Constraints) -> Constraints:
        self.must_link += other.must_link
        self.cannot_link += other.cannot_link
        return self


class Units:
    """Articles joined by must-links (union-find), and the cannot-links between the joined units."""

    def __init__(self, article_ids: Iterable[str], constraints: Constraints | None = None) -> None:
        self.parent: dict[str, str] = {a: a for a in article_ids}
        constraints = constraints or Constraints()
        for a, b in constraints.must_link:
            if a in self.parent and b in self.parent:
                self.union(a, b)
        self.apart: dict[str, set[str]] = defaultdict(set)
        for a, b in constraints.cannot_link:
            if a in self.parent and b in self.parent:
                ra, rb = self.find(a), self.find(b)
                if ra != rb:
                    self.apart[ra].add(rb)
                    self.apart[rb].add(ra)

    def find(self, a: str) -> str:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra

    def groups(self, order: Sequence[str]) -> list[list[str]]:
        """Units in order of their first article, members in order."""
        by_root: dict[str, list[str]] = {}
        for a in order:
            by_root.setdefault(self.find(a), []).append(a)
        return list(by_root.values())


def index_keys(v: ArticleVector) -> list[str]:
    """The keys under which an article is filed and looked up: its heaviest names and words."""
    names = sorted(v.names, key=v.names.__getitem__, reverse=True)[:INDEX_NAMES]
    terms = sorted(v.terms, key=v.terms.__getitem__, reverse=True)[:INDEX_TERMS]
    return ["n|" + k for k in names] + ["t|" + k for k in terms]


class Clustering:
    """In-memory clustering of units (lists of items) into groups, found through shared keys.

    Used for stories (items = articles, scored by `model.score`) and for threads (items = stories,
    scored by `model.thread_score`).
    """

    def __init__(self, vectors: dict[str, ArticleVector], units: Units, scorer: Scorer, join_at: float) -> None:
        self.vectors = vectors
        self.units = units
        self.scorer = scorer
        self.join_at = join_at
        self.profiles: dict[str, StoryProfile] = {}
        self.members: dict[str, list[str]] = {}  # group key -> unit roots
        self.group_of: dict[str, str] = {}  # unit root -> group key
        # key -> groups in the order they were filed (a dict, not a set: ties between candidates
        # sharing as many keys must not be broken by string hashing, which changes per process)
        self.postings: dict[str, dict[str, None]] = defaultdict(dict)
        self.unit_members: dict[str, list[str]] = {}
        self.unit_keys: dict[str, list[str]] = {}
        self._next = 0

    def add_unit(self, unit: list[str]) -> str:
        root = self.units.find(unit[0])
        self.unit_members[root] = unit
        keys: dict[str, None] = {}
        for a in unit:
            keys.update(dict.fromkeys(index_keys(self.vectors[a])))
        self.unit_keys[root] = list(keys)
        return root

    def candidates(self, root: str) -> list[str]:
        hits: dict[str, int] = defaultdict(int)
        for key in self.unit_keys[root]:
            for group in self.postings.get(key, ()):
                hits[group] += 1
        ranked = sorted(hits, key=hits.__getitem__, reverse=True)
        out = []
        for group in ranked:
            if self.members.get(group) and self.allowed(root, group):
                out.append(group)
                if len(out) == CANDIDATES:
                    break
        return out

    def allowed(self, root: str, group: str) -> bool:
        apart = self.units.apart.get(root)
        return not apart or not any(self.group_of.get(r) == group for r in apart)

    def unit_score(self, root: str, group: str) -> float:
        vectors = [self.vectors[a] for a in self.unit_members[root]]
        profile = self.profiles[group]
        return sum(self.scorer(v, profile) for v in vectors) / len(vectors)

    def best(self, root: str) -> tuple[str | None, float]:
        best, best_score = None, float("-inf")
        for group in self.candidates(root):
            s = self.unit_score(root, group)
            if s > best_score:
                best, best_score = group, s
        return best, best_score

    def place(self, root: str, group: str | None) -> str:
        if group is None:
            group = f"g{self._next}"  # a working key; groups are named after their first item at the end
            self._next += 1
            self.profiles[group] = StoryProfile()
            self.members[group] = []
        for a in self.unit_members[root]:
            self.profiles[group].add(a, self.vectors[a])
        self.members[group].append(root)
        self.group_of[root] = group
        for key in self.unit_keys[root]:
            self.postings[key][group] = None
        return group

    def take(self, root: str) -> str:
        group = self.group_of.pop(root)
        for a in self.unit_members[root]:
            self.profiles[group].add(a, self.vectors[a], sign=-1)
        self.members[group].remove(root)
        return group

    def merge_groups(self, keep: str, gone: str) -> None:
        self.profiles[keep].merge(self.profiles.pop(gone))
        for root in self.members.pop(gone):
            self.members[keep].append(root)
            self.group_of[root] = keep
            for key in self.unit_keys[root]:
                self.postings[key][keep] = None

    def run(self, groups: list[list[str]], refine_passes: int) -> None:
        roots = [self.add_unit(unit) for unit in groups]
        for root in roots:  # the incremental rule, in order
            group, s = self.best(root)
            self.place(root, group if s >= self.join_at else None)
        for _ in range(refine_passes):
            moved = 0
            for root in roots:
                old = self.take(root)
                group, s = self.best(root)
                if s < self.join_at:
                    group = old if not self.members[old] else None
                self.place(root, group)
                moved += group != old
            merged = self.merge_pass()
            if not moved and not merged:
                break

    def merge_pass(self) -> int:
        """Merge each group into the group its units score best with, when the evidence is strong.

        A single-unit group merges at the join threshold (it is one more article); larger groups
        need `MERGE_MARGIN` more.
        """
        merged = 0
        for group in sorted((g for g in self.members if self.members[g]), key=lambda g: len(self.members[g])):
            roots = self.members.get(group)
            if not roots:
                continue
            hits: dict[str, int] = defaultdict(int)
            for root in roots:
                for other in self.candidates(root):
                    if other != group:
                        hits[other] += 1
            need = self.join_at + (MERGE_MARGIN if len(roots) > 1 else 0.0)
            best, best_score = None, need
            for other in sorted(hits, key=hits.__getitem__, reverse=True)[:CANDIDATES]:
                if any(not self.allowed(root, other) for root in roots):
                    continue
                s = sum(self.unit_score(root, other) for root in roots) / len(roots)
                if s >= best_score:
                    best, best_score = other, s
            if best is not None:
                self.merge_groups(best, group)
                merged += 1
        return merged

    def assignment(self, order: Sequence[str], name: Callable[[str], str]) -> dict[str, str]:
        """Item -> group id, each group named after its first item in `order`."""
        first: dict[str, str] = {}
        out = {}
        for a in order:
            group = self.group_of[self.units.find(a)]
            first.setdefault(group, name(a))
            out[a] = first[group]
        return out


@dataclass(slots=True)
class Grouping:
    """A from-scratch grouping: each article's story, and each story's profile (in founding order)."""

    stories: dict[str, str]
    profiles: dict[str, StoryProfile]
    # each article's links (`nearest_links`, which no correction changes): the index stores them
    links: dict[str, list[tuple[float, str]]] | None = None


def neighbour_candidates(order: Sequence[str], keys: dict[str, list[str]],
                         only: Sequence[str] | None = None) -> dict[str, list[str]]:
    """For each article (of `only`, when given), the other articles sharing the most index keys with
    it (at most `NEIGHBOUR_CANDIDATES`). A key held by many articles is read only in a window around
    the article's place in ingest order, so the work per article stays bounded."""
    position = {a: i for i, a in enumerate(order)}
    postings: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(order):
        for key in keys[a]:
            postings[key].append(i)
    out: dict[str, list[str]] = {}
    half = POSTING_WINDOW // 2
    for a in order if only is None else only:
        i = position[a]
        hits: dict[int, int] = defaultdict(int)
        for key in keys[a]:
            held = postings[key]
            if len(held) > POSTING_WINDOW:
                at = bisect.bisect_left(held, i)
                held = held[max(0, at - half):at + half]
            for j in held:
                hits[j] += 1
        hits.pop(i, None)
        # most shared keys first, then the nearest in ingest order: no tie depends on hashing
        best = heapq.nsmallest(NEIGHBOUR_CANDIDATES, hits, key=lambda j: (-hits[j], abs(j - i), j))
        out[a] = [order[j] for j in best]
    return out


def alone(article_id: str, v: ArticleVector) -> StoryProfile:
    """One report as a story of its own: what an article is scored against to find its nearest reports."""
    return StoryProfile.single(article_id, v)


def best_links(scored: Iterable[tuple[float, str]], join_at: float = model.JOIN_AT) -> list[tuple[float, str]]:
    """The `NEIGHBOURS` best (score, report) pairs that reach `join_at`, best first. `scored` comes in
    candidate order (most shared keys first): equal scores keep that order, whatever the hashing."""
    ranked = sorted(((s, -k, b) for k, (s, b) in enumerate(scored)), reverse=True)
    return [(s, b) for s, _, b in ranked[:NEIGHBOURS] if s >= join_at]


def candidates_of(order: Sequence[str], vectors: dict[str, ArticleVector]) -> dict[str, list[str]]:
    """Each article's candidate reports (`neighbour_candidates` on its `index_keys`)."""
    return neighbour_candidates(order, {a: index_keys(vectors[a]) for a in order})


def nearest_links(order: Sequence[str], vectors: dict[str, ArticleVector], scorer: Scorer = model.score,
                  join_at: float = model.JOIN_AT, found: dict[str, list[str]] | None = None
                  ) -> dict[str, list[tuple[float, str]]]:
    """Each article's links: its `NEIGHBOURS` best-scoring candidate reports that reach `join_at`
    (score, report id), best first. `found`: the candidates (`candidates_of`), when already known."""
    found = candidates_of(order, vectors) if found is None else found
    if scorer is model.score:  # all pairs at once, each pair's products once for both directions
        return {a: best_links(zip(scored, candidates), join_at) for a, candidates, scored in _pair_scores(order, vectors, found)}
    single = {a: alone(a, vectors[a]) for a in order}
    return {a: best_links(((scorer(vectors[a], single[b]), b) for b in candidates), join_at)
            for a, candidates in found.items()}


def _pair_scores(order: Sequence[str], vectors: dict[str, ArticleVector], found: dict[str, list[str]]
                 ) -> Iterable[tuple[str, list[str], list[float]]]:
    """(article, its candidates, `model.score` against each alone), every distinct pair scored once."""
    import numpy as np  # numpy and scipy load with the first grouping, not with the command line

    from newsfuse.stories.pairs import PairScorer

    position = {a: i for i, a in enumerate(order)}
    rows = [position[a] for a in found for _ in found[a]]
    cols = [position[b] for a in found for b in found[a]]
    if not rows:
        for a, candidates in found.items():
            yield a, candidates, []
        return
    left, right = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
    low, high = np.minimum(left, right), np.maximum(left, right)
    pairs, which = np.unique(low * len(order) + high, return_inverse=True)
    forward, backward = PairScorer([vectors[a] for a in order]).scores(pairs // len(order), pairs % len(order))
    # low -> high is the forward score; high -> low the backward one
    scored = np.where(left == low, forward[which], backward[which]).tolist()
    at = 0
    for a, candidates in found.items():
        yield a, candidates, scored[at:at + len(candidates)]
        at += len(candidates)


class PairDots:
    """`model.pair_dots` of report pairs, each pair computed once whichever way it is asked."""

    def __init__(self, vectors: dict[str, ArticleVector]) -> None:
        self.vectors = vectors
        self.known: dict[tuple[str, str], tuple[float, float, float]] = {}

    def __call__(self, a: str, b: str) -> tuple[float, float, float]:
        pair = (a, b) if a < b else (b, a)
        found = self.known.get(pair)
        if found is None:
            found = self.known[pair] = model.pair_dots(self.vectors[a], self.vectors[b])
        return found


class LinkedGroups:
    """Reports joined by links (union-find), each group knowing the years it is dated in and the
    years its undated reports mention: a link between a dated group and an undated one is refused
    when those years are apart (`model.years_apart`) and the link is not strong enough alone."""

    def __init__(self, order: Sequence[str], vectors: dict[str, ArticleVector], units: Units) -> None:
        self.units = units
        self.parent = {units.find(a): units.find(a) for a in order}
        self.apart = {root: set(units.apart.get(root, ())) for root in self.parent}
        self.years: dict[str, set[int]] = {root: set() for root in self.parent}
        self.mentioned: dict[str, set[int]] = {root: set() for root in self.parent}
        for a in order:
            v, root = vectors[a], units.find(a)
            if v.anchor is not None:
                self.years[root].add(model.year_of(v.anchor))
            else:
                self.mentioned[root] |= model.mentioned_years(v.numbers, v.dates)

    def find(self, a: str) -> str:
        x = self.units.find(a)
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(self, a: str, b: str, strength: float = float("inf")) -> bool:
        """Join the groups of `a` and `b` (never across a cannot-link); False when they stay apart."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or any(self.find(x) == rb for x in self.apart[ra]):
            return False
        if strength < GROUP_YEARS_LINK and model.years_apart(self.years[ra], self.mentioned[ra],
                                                             self.years[rb], self.mentioned[rb]):
            return False
        self.parent[rb] = ra
        self.apart[ra] |= self.apart.pop(rb)
        self.years[ra] |= self.years.pop(rb)
        self.mentioned[ra] |= self.mentioned.pop(rb)
        return True

    def groups(self, order: Sequence[str]) -> list[list[str]]:
        out: dict[str, list[str]] = {}
        for a in order:
            out.setdefault(self.find(a), []).append(a)
        return list(out.values())


def link_neighbours(order: Sequence[str], vectors: dict[str, ArticleVector], units: Units,
                    scorer: Scorer = model.score, join_at: float = model.JOIN_AT,
                    links: dict[str, list[tuple[float, str]]] | None = None,
                    candidates: dict[str, list[str]] | None = None) -> list[list[str]]:
    """Stories as connected groups of nearest-neighbour links, in order of their first article.

    Each article is scored against each candidate report alone and linked to its `NEIGHBOURS`
    best ones that reach `join_at`; must-linked articles start as one group, and a link that
    would put cannot-linked articles together is not made. Links between two dated or two undated
    reports are made first; then the links between a dated and an undated report, strongest first,
    each refused when it is weaker than `GROUP_YEARS_LINK` and the two groups' years are apart (an
    undated report is dated by the years its group mentions, not only by its own). Last, a closed
    group (three reports linked only to each other) takes its best link out when that scores at
    least `ISLAND_LINK` (`reach_out`), under the same rule. `candidates`: every article's candidate
    reports (`candidates_of`) when the caller has them, so the reach-out does not find them again.
    """
    found = links if links is not None else nearest_links(order, vectors, scorer, join_at)
    linked = LinkedGroups(order, vectors, units)
    across: list[tuple[float, int, str, str]] = []
    for a, best in found.items():
        for s, b in best:
            if (vectors[a].anchor is None) == (vectors[b].anchor is None):
                linked.join(a, b)
            else:
                across.append((-s, len(across), a, b))
    for s, _, a, b in sorted(across):
        linked.join(a, b, -s)
    for s, a, b in reach_out(order, vectors, linked.groups(order), found, scorer, candidates):
        linked.join(a, b, s)
    return linked.groups(order)


def reach_out(order: Sequence[str], vectors: dict[str, ArticleVector], groups: list[list[str]],
              links: dict[str, list[tuple[float, str]]], scorer: Scorer = model.score,
              candidates: dict[str, list[str]] | None = None) -> list[tuple[float, str, str]]:
    """For each closed group (`NEIGHBOURS` + 1 reports, each linked to all the others), its best link
    to a report outside it, when that scores at least `ISLAND_LINK` (strongest first). Three reports
    of one event that are each other's nearest spend their two links inside their group, and a
    strong link out, to the rest of the coverage of their event, is never made otherwise."""
    small = [g for g in groups if len(g) == NEIGHBOURS + 1
             and all(len(links.get(a, ())) == NEIGHBOURS and all(b in g for _, b in links[a]) for a in g)]
    if not small:
        return []
    if candidates is None:
        keys = {a: index_keys(vectors[a]) for a in order}
        candidates = neighbour_candidates(order, keys, only=[a for g in small for a in g])
    found = candidates
    out = []
    for g in small:
        inside = set(g)
        scored = [(scorer(vectors[a], alone(b, vectors[b])), a, b) for a in g for b in found[a] if b not in inside]
        best = max(scored, key=itemgetter(0), default=None)  # the first of equal scores: candidate order
        if best is not None and best[0] >= ISLAND_LINK:
            out.append(best)
    return sorted(out, key=itemgetter(0), reverse=True)


def group(items: list[tuple[str, StoryFeatures]], constraints: Constraints | None = None) -> Grouping:
    """Cluster articles into stories from scratch (items in ingest order)."""
    order = [a for a, _ in items]
    dfs = DocFrequencies.of(f for _, f in items)
    vectors = {a: ArticleVector.of(f, dfs) for a, f in items}
    return group_vectors(order, vectors, Units(order, constraints))


def group_vectors(order: Sequence[str], vectors: dict[str, ArticleVector], units: Units) -> Grouping:
    """`group` on articles already turned into vectors (the Spark job groups each component so)."""
    stories: dict[str, str] = {}
    profiles: dict[str, StoryProfile] = {}
    found = candidates_of(order, vectors)  # once, for the links and for the reach-out
    links = nearest_links(order, vectors, found=found)
    linked = link_neighbours(order, vectors, units, links=links, candidates=found)
    for members, profile in join_singles(order, linked, vectors, units):
        story = story_id_for(members[0])
        profiles[story] = profile
        for a in members:
            stories[a] = story
    return Grouping({a: stories[a] for a in order}, profiles, links)


def join_singles(order: Sequence[str], linked: list[list[str]], vectors: dict[str, ArticleVector],
                  units: Units) -> list[tuple[list[str], StoryProfile]]:
    """Reports no neighbour linked join the story whose centroid they read as (at the join threshold), in
    order: a report may match no other report alone and still read as the sum of a story's reports."""
    clustering = Clustering(vectors, units, model.score, model.JOIN_AT)
    singles = []
    for members in linked:
        group = None
        for unit in units.groups(members):
            root = clustering.add_unit(unit)
            if len(members) == 1:
                singles.append(root)
            else:
                group = clustering.place(root, group)
    for root in singles:
        group, s = clustering.best(root)
        clustering.place(root, group if s >= model.JOIN_AT else None)
    out: dict[str, list[str]] = {}
    for a in order:
        out.setdefault(clustering.group_of[units.find(a)], []).append(a)
    return [(members, clustering.profiles[group]) for group, members in out.items()]


def regroup(items: list[tuple[str, StoryFeatures]], constraints: Constraints | None = None) -> dict[str, str]:
    """Article id -> story id for every item, from scratch (items in ingest order)."""
    return group(items, constraints).stories


def story_profiles(items: list[tuple[str, StoryFeatures]], assignment: dict[str, str],
                   dfs: DocFrequencies | None = None) -> dict[str, StoryProfile]:
    """The profile of every story of an assignment (stories in order of first article)."""
    dfs = dfs or DocFrequencies.of(f for _, f in items)
    profiles: dict[str, StoryProfile] = {}
    for a, f in items:
        profiles.setdefault(assignment[a], StoryProfile()).add(a, ArticleVector.of(f, dfs))
    return profiles


def agreement(a: dict[str, str], b: dict[str, str]) -> float:
    """B³ F1 between two groupings of the same articles (1.0: the same groups), over the articles both have."""
    shared = a.keys() & b.keys()
    if not shared:
        return 1.0
    in_a: dict[str, set[str]] = defaultdict(set)
    in_b: dict[str, set[str]] = defaultdict(set)
    for x in shared:
        in_a[a[x]].add(x)
        in_b[b[x]].add(x)
    precision = recall = 0.0
    for x in shared:
        both = len(in_a[a[x]] & in_b[b[x]])
        precision += both / len(in_b[b[x]])
        recall += both / len(in_a[a[x]])
    precision, recall = precision / len(shared), recall / len(shared)
    return 2 * precision * recall / (precision + recall)

