"""Incremental assignment links a new report to its nearest stored reports, as `regroup` does: the
lookup is bounded, the order of arrival does not decide, and a story its links no longer hold splits."""

from __future__ import annotations

import random

from newsfuse.eval.metrics import b_cubed
from newsfuse.stories.features import featurize
from newsfuse.stories.grouping import regroup, story_id_for

from .conftest import make_article
from .quakes import peru, turkey


def test_the_report_lookup_reads_the_newest_postings_of_a_key_through_its_index(conn):
    plan = " ".join(str(row) for row in conn.execute(
        "EXPLAIN QUERY PLAN SELECT seq, article_id FROM grp_article_keys WHERE key = ? ORDER BY seq DESC LIMIT 128",
        ("k",)))
    assert "SEARCH" in plan and "SCAN" not in plan and "TEMP B-TREE" not in plan


def test_every_report_keeps_at_most_its_two_best_links(index):
    index.assign_many((a.id, featurize(a)) for a in peru(4) + turkey(3))
    per_article = dict(index.conn.execute("SELECT article_id, count(*) FROM grp_links GROUP BY article_id"))
    assert per_article and max(per_article.values()) <= 2
    # a report is linked within its own event only: the two quakes share no link
    crossing = index.conn.execute("SELECT count(*) FROM grp_links WHERE substr(article_id, 1, 4) <> "
                                  "substr(neighbour, 1, 4)").fetchone()[0]
    assert crossing == 0


def test_the_order_of_arrival_does_not_decide_the_stories(conn):
    from newsfuse.stories.index import StoryIndex

    reports = [(a.id, featurize(a)) for a in peru(4) + turkey(3)]
    for seed in range(4):
        order = reports[:]
        random.Random(seed).shuffle(order)
        for table in ("grp_meta", "grp_df", "grp_articles", "grp_stories", "grp_keys", "grp_threads",
                      "grp_thread_keys", "grp_article_keys", "grp_links", "grp_vectors"):
            conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        incremental = StoryIndex(conn).assign_many(order)
        assert b_cubed(regroup(order), incremental).f1 == 1.0, f"order {seed}"
        assert len(set(incremental.values())) == 2


def test_a_story_its_links_no_longer_connect_splits_and_the_founder_keeps_its_id(index):
    names = [("Lindmark", "GPE"), ("Drevna", "LOC"), ("Carl Emden", "PERSON")]
    flood = [make_article(f"f{i}", f"Drevna floods Lindmark, day {i + 1}",
                          "The Drevna river burst its banks at Lindmark and thousands of residents were evacuated "
                          "from the old town as water rose over the quays.", names, "2023-10-17") for i in range(2)]
    school = [make_article(f"s{i}", "Mayor Carl Emden reopens Lindmark schools",
                           "Mayor Carl Emden reopened the schools of Lindmark after the summer works on their roofs, "
                           "and promised new buses for the pupils of the hill villages.", names, "2023-09-04")
              for i in range(2)]
    for article in flood + school:
        index.assign(article.id, featurize(article), published=article.published)
    assert index.story_of("f0") == index.story_of("f1") != index.story_of("s0") == index.story_of("s1")
    # a user merges them; then the merge is forgotten and the links say two events again
    kept = index.merge(index.story_of("f0"), index.story_of("s0"))
    index.conn.execute("DELETE FROM grp_constraints")
    index._split_apart(kept)
    assert index.story_of("f0") == index.story_of("f1") == story_id_for("f0")
    assert index.story_of("s0") == index.story_of("s1") == story_id_for("s0")
    assert index.stats()["splits"] == 1
