"""The pure-Python parts of the Spark job's cross-article phases (no SparkSession, no Java needed)."""

import random

import pytest

from newsfuse.spark.cluster import _place_counts, thread_component, union_stars
from newsfuse.stories.model import ArticleVector, StoryProfile
from newsfuse.stories.threads import PLACE_STORIES, known_places


def reference_components(edges: list[tuple[int, int]]) -> dict[int, int]:
    """Node -> smallest node of its connected group, by breadth-first search."""
    around: dict[int, set[int]] = {}
    for a, b in edges:
        around.setdefault(a, set()).add(b)
        around.setdefault(b, set()).add(a)
    found: dict[int, int] = {}
    for start in sorted(around):
        if start in found:
            continue
        group, todo = {start}, [start]
        while todo:
            for n in around[todo.pop()] - group:
                group.add(n)
                todo.append(n)
        found.update(dict.fromkeys(group, min(group)))
    return found


def random_graph(seed: int) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    nodes = rng.sample(range(10_000), 300)
    # a long path, loose pairs, a few self-loops and repeated edges: shapes that take star rounds many steps
    path = list(zip(nodes[:80], nodes[1:80]))
    loose = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(150)]
    return path + loose + [(nodes[5], nodes[5]), *path[:10]]


@pytest.mark.parametrize("seed", range(5))
def test_stars_of_every_partition_give_the_connected_components(seed):
    """The two steps of `components`: union-find in each partition, then once over their stars."""
    edges = random_graph(seed)
    random.Random(seed).shuffle(edges)
    parts = [edges[i::4] for i in range(4)]  # as Spark's partitions of the edges: any split will do
    stars = [star for part in parts for star in union_stars(part)]
    found = dict(union_stars(stars))
    expected = reference_components(edges)
    assert {n: found.get(n, n) for n in expected} == expected
    assert all(root < node for node, root in found.items())


def test_a_node_with_only_a_loop_or_no_smaller_partner_is_no_star():
    assert dict(union_stars([(3, 3), (5, 9), (9, 7), (7, 5)])) == {9: 5, 7: 5}


def story(places: set[str], names: dict[str, float]) -> bytes:
    v = ArticleVector({"bridge": 1.0}, names, {}, frozenset(), frozenset(), None, places=frozenset(places))
    profile = StoryProfile()
    profile.add("a", v)
    return profile.to_bytes()


def test_a_place_two_stories_tag_is_known_whichever_partitions_hold_them():
    """The batch grouping counts the stories of the whole corpus (`threads.known_places`): a name
    that one story in each of two partitions tags as a place is a place."""
    assert PLACE_STORIES == 2
    rows = [{"profile": story({"ostrel"}, {"ostrel": 0.6, "nato": 0.8})},
            {"profile": story(set(), {"ostrel": 1.0})},
            {"profile": story({"ostrel", "kosovo"}, {"ostrel": 0.6, "kosovo": 0.8})},
            {"profile": story({"brussels"}, {"brussels": 1.0})}]
    counts = [next(_place_counts(iter(rows[:2]))), next(_place_counts(iter(rows[2:])))]
    assert known_places(counts) == {"ostrel"}
    assert known_places([next(_place_counts(iter(rows)))]) == {"ostrel"}


def test_a_piece_groups_its_threads_with_the_corpus_places():
    """Two stories that share only a town ("Ostrel", which neither tags, but two other stories of the
    corpus do) are one thread if the town counts as an actor, two once it is known as a place: the
    piece must read the corpus's places, as the batch grouping over the whole corpus does."""
    def profile(words: dict[str, float], names: dict[str, float]) -> bytes:
        v = ArticleVector(words, names, {}, frozenset(), frozenset(), None)
        p = StoryProfile()
        p.add("a", v)
        return p.to_bytes()

    rows = [(1, "s1", profile({"bridge": 1.0}, {"ostrel": 1.0, "nato": 0.3})),
            (2, "s2", profile({"strike": 1.0}, {"ostrel": 1.0, "union": 0.3}))]
    assert dict(thread_component(rows)) == {"s1": "t-s1", "s2": "t-s1"}  # the piece alone: an actor
    assert dict(thread_component(rows, frozenset({"ostrel"}))) == {"s1": "t-s1", "s2": "t-s2"}
