"""Batch grouping: same event together, a similar but different event apart, corrections honoured."""

from __future__ import annotations

import pickle

import pytest

from newsfuse.errors import StoreError
from newsfuse.stories.features import featurize
from newsfuse.stories.grouping import Constraints, regroup, story_id_for, story_profiles
from newsfuse.stories.model import ArticleVector, DocFrequencies, StoryProfile
from newsfuse.stories.threads import date_span, group_threads, story_title

from .quakes import peru, turkey


@pytest.fixture()
def items():
    return [(a.id, featurize(a)) for a in peru(4) + turkey(3)]


def stories_of(assignment: dict[str, str]) -> list[set[str]]:
    groups: dict[str, set[str]] = {}
    for article, story in assignment.items():
        groups.setdefault(story, set()).add(article)
    return sorted(groups.values(), key=lambda g: sorted(g))


def test_reports_of_one_quake_together_and_a_different_quake_apart(items):
    assert stories_of(regroup(items)) == [{"peru0", "peru1", "peru2", "peru3"}, {"turkey0", "turkey1", "turkey2"}]


def test_quakes_stay_apart_on_words_and_names_alone(items):
    undated = [(a, type(f)(f.terms, f.names, f.places, {}, None, f.title)) for a, f in items]
    assert stories_of(regroup(undated)) == [{"peru0", "peru1", "peru2", "peru3"}, {"turkey0", "turkey1", "turkey2"}]


def test_story_ids_come_from_the_founding_article_and_survive_reordering(items):
    first = regroup(items)
    assert set(first.values()) == {story_id_for("peru0"), story_id_for("turkey0")}
    shuffled = items[4:] + items[:4]
    assert regroup(shuffled) == {a: story_id_for("turkey0" if a.startswith("t") else "peru0") for a, _ in items}


def test_long_article_ids_make_short_story_ids():
    assert story_id_for("x" * 100) != story_id_for("x" * 99) and len(story_id_for("x" * 100)) == 18


def test_merge_split_and_move_constraints_are_honoured(items):
    peru_ids = [a for a, _ in items if a.startswith("peru")]
    turkey_ids = [a for a, _ in items if a.startswith("turkey")]
    merged = regroup(items, Constraints().merge(peru_ids, turkey_ids))
    assert len(set(merged.values())) == 1
    split = regroup(items, Constraints().split(peru_ids, ["peru2", "peru3"]))
    assert split["peru2"] == split["peru3"] != split["peru0"] == split["peru1"]
    moved = regroup(items, Constraints().move("peru3", peru_ids, turkey_ids))
    assert moved["peru3"] == moved["turkey0"] != moved["peru0"]


def test_threads_titles_and_spans(items):
    assignment = regroup(items)
    profiles = story_profiles(items, assignment)
    threads = group_threads(profiles)
    assert set(threads) == set(profiles)
    peru_members = [f for a, f in items if a.startswith("peru")]
    assert "Peru" in story_title(peru_members)
    assert date_span(peru_members) == ("2025-03-04", "2025-03-07")


def test_a_story_profile_round_trips_and_refuses_foreign_pickles(items):
    dfs = DocFrequencies.of(f for _, f in items)
    profile = StoryProfile()
    for a, f in items[:3]:
        profile.add(a, ArticleVector.of(f, dfs))
    again = StoryProfile.from_bytes(profile.to_bytes())
    assert (again.size, again.terms, again.names, again.anchors) == (3, profile.terms, profile.names, profile.anchors)
    with pytest.raises(StoreError, match="unreadable story profile"):
        StoryProfile.from_bytes(pickle.dumps((1, StoryProfile())))
