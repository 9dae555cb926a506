"""The incremental index: agrees with regrouping, keeps corrections, persists, never scans all stories."""

from __future__ import annotations

import sqlite3

import pytest

from newsfuse.errors import NotFoundError
from newsfuse.eval.metrics import b_cubed
from newsfuse.stories.features import featurize
from newsfuse.stories.grouping import regroup, story_id_for
from newsfuse.stories.index import SCHEMA, StoryIndex

from .quakes import peru, turkey


@pytest.fixture()
def items():
    return [(a.id, featurize(a)) for a in peru(3) + turkey(2)]


def test_schema_is_idempotent_and_prefixed():
    conn = sqlite3.connect(":memory:")
    for _ in range(2):
        for ddl in SCHEMA:
            conn.execute(ddl)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")]
    assert names and all(n.startswith("grp_") for n in names)


def test_incremental_assignment_matches_regroup(index, items):
    incremental = index.assign_many(items)
    assert incremental == regroup(items)
    assert incremental["peru2"] == story_id_for("peru0") and incremental["turkey1"] == story_id_for("turkey0")
    assert index.assign("peru1", items[1][1]) == story_id_for("peru0")  # re-assigning is a no-op


def test_a_story_read_up_to_a_limit_gives_its_first_reports(index, items):
    # reach-out reads the candidate stories' first reports only as far as it scores them
    index.assign_many(items)
    story = story_id_for("peru0")
    assert index.members(story) == ["peru0", "peru1", "peru2"]
    assert index.members(story, 2) == ["peru0", "peru1"]


def test_index_persists_across_instances(conn, items):
    StoryIndex(conn).assign_many(items[:4])
    again = StoryIndex(conn)
    assert again.story_of("peru2") == story_id_for("peru0")
    assert again.assign(*items[4]) == story_id_for("turkey0")
    assert again.members(story_id_for("peru0")) == ["peru0", "peru1", "peru2"]
    assert again.regroup() == regroup(items)


def test_threads_are_assigned_with_stories(index, items):
    index.assign_many(items)
    threads = index.threads()
    assert set(threads) == {story_id_for("peru0"), story_id_for("turkey0")}
    assert index.thread_of(story_id_for("peru0")).startswith("t-")


def test_corrections_survive_new_articles_and_regrouping(index):
    reports = [(a.id, featurize(a)) for a in peru(4) + turkey(3)]
    first, rest = reports[:2] + reports[4:6], [reports[2], reports[3], reports[6]]
    index.assign_many(first)
    s_peru, s_turkey = story_id_for("peru0"), story_id_for("turkey0")

    assert index.merge(s_peru, s_turkey) == s_peru
    assert index.assign(*rest[0]) == s_peru  # a later Peru report joins the merged story
    assert set(index.regroup().values()) == {s_peru}

    new = index.split(s_peru, ["turkey0", "turkey1"])
    assert new == s_turkey and index.story_of("turkey1") == s_turkey
    assert index.assign(*rest[2]) == s_turkey  # a later Turkey report joins the split-off story
    regrouped = index.regroup()
    assert regrouped["turkey0"] == regrouped["turkey2"] != regrouped["peru0"]

    index.move("peru1", s_turkey)
    assert index.story_of("peru1") == s_turkey
    assert index.assign(*rest[1]) == s_peru  # a later Peru report still goes to Peru
    regrouped = index.regroup()
    assert regrouped["peru1"] == regrouped["turkey0"] != regrouped["peru0"] == regrouped["peru3"]
    assert index.assignment() == regrouped


def test_assign_honours_pins_and_given_constraints(index, items):
    from newsfuse.stories.grouping import Constraints

    index.assign_many(items[:4])
    assert index.assign(*items[4], pin=story_id_for("peru0")) == story_id_for("peru0")
    index.remove("turkey1")
    forbidden = Constraints(cannot_link=[("turkey1", "peru0")])
    assert index.assign("turkey1", items[4][1], constraints=forbidden) != story_id_for("peru0")


def test_remove_takes_an_article_out_and_drops_empty_stories(index, items):
    index.assign_many(items)
    index.remove("turkey0")
    index.remove("turkey1")
    assert index.story_of("turkey0") is None
    assert story_id_for("turkey0") not in index.threads()
    with pytest.raises(NotFoundError):
        index.remove("turkey0")
    assert b_cubed({a: "x" for a in ("peru0", "peru1", "peru2")}, index.assignment()).f1 == 1.0


def test_candidate_lookup_uses_the_key_index_not_a_scan(conn):
    plan = " ".join(str(row) for row in conn.execute(
        "EXPLAIN QUERY PLAN SELECT story_id FROM grp_keys WHERE key = ? ORDER BY seq DESC LIMIT 200", ("k",)))
    assert "SEARCH" in plan and "grp_keys_recent" in plan and "SCAN" not in plan


def test_records_give_titles_threads_and_event_dates(index):
    index.assign_many((a.id, featurize(a)) for a in peru(4) + turkey(3))
    stories, threads = index.records()
    by_id = {s.id: s for s in stories}
    peru_story = by_id[story_id_for("peru0")]
    assert "Peru" in peru_story.title and (peru_story.date_start, peru_story.date_end) == ("2025-03-04", "2025-03-07")
    assert peru_story.article_ids == ["peru0", "peru1", "peru2", "peru3"]
    assert {s for t in threads for s in t.story_ids} == set(by_id)
    assert index.story_record(story_id_for("turkey0")).date_start == "2024-08-19"


def test_a_merge_keeps_the_id_regrouping_would_give(index, items):
    index.assign_many(items)
    kept = index.merge(story_id_for("turkey0"), story_id_for("peru0"))
    assert kept == story_id_for("peru0") == index.story_of("turkey1")
    assert set(index.regroup().values()) == {kept}
