"""An entity remembers the same co-occurring entities whatever order a story's set of ids arrives in."""

from collections import Counter

from newsfuse.entities.index import CONTEXT_KEPT, kept_context as _kept


def test_ties_at_the_cut_keep_the_same_entities_in_any_order():
    ids = [f"e-{i:04d}" for i in range(CONTEXT_KEPT + 20)]
    forward = Counter()
    forward.update(ids)
    backward = Counter()
    backward.update(reversed(ids))
    assert _kept(forward) == _kept(backward)
    assert len(_kept(forward)) == CONTEXT_KEPT


def test_the_most_frequent_are_kept_first():
    context = Counter({"e-b": 1, "e-a": 3, "e-c": 2})
    assert list(_kept(context)) == ["e-a", "e-c", "e-b"]
