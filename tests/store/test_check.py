"""`newsfuse check` finds each kind of broken invariant, one line each, and `--repair` fixes it."""

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from newsfuse.cli.main import app
from newsfuse.pipeline.pending import repair
from newsfuse.store import Store
from newsfuse.store.check import check_store

runner = CliRunner()


def raw(path):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    return conn


def biggest_story(path):
    with Store(path) as store:
        return max(store.stories(), key=lambda s: len(s.article_ids))


BREAKAGES = {
    "unlisted": lambda c, s: c.execute("DELETE FROM stories WHERE id = ?", (s.id,)),
    "thread-record": lambda c, s: c.execute("DELETE FROM threads WHERE id = ?", (s.thread_id,)),
    "analysis": lambda c, s: c.execute("DELETE FROM analysis WHERE scope = 'story' AND key = ? AND kind = 'timeline'",
                                       (s.id,)),
    "membership": lambda c, s: c.execute("UPDATE articles SET story_id = 's-elsewhere' WHERE id = ?",
                                         (s.article_ids[0],)),
    "fts": lambda c, s: c.execute("INSERT INTO articles_fts(articles_fts, rowid, title, text, source) "
                                  "SELECT 'delete', seq, title, text, source FROM articles WHERE id = ?",
                                  (s.article_ids[0],)),
    "orphan-mentions": lambda c, s: c.execute("INSERT INTO mentions VALUES ('ghost', 0, 5, 'Ghost', 'PERSON')"),
    "pending": lambda c, s: c.execute("INSERT INTO pending VALUES ('story', ?, 'test', '2026-01-01')", (s.id,)),
}


def test_a_sound_store_passes(sound_store):
    result = runner.invoke(app, ["check", "--db", str(sound_store)])
    assert result.exit_code == 0, result.output
    assert "sound (23 articles, 6 stories, 3 threads)" in result.output


@pytest.mark.parametrize("rule", sorted(BREAKAGES))
def test_each_broken_invariant_is_found_and_repaired(store_path, rule):
    story = biggest_story(store_path)
    with Store(store_path) as store:
        timeline = store.get_analysis("story", story.id, "timeline")
    conn = raw(store_path)
    BREAKAGES[rule](conn, story)
    conn.close()
    found = runner.invoke(app, ["check", "--db", str(store_path)])
    assert found.exit_code == 1, found.output
    with Store(store_path) as store:
        assert rule in {v.rule for v in check_store(store)}
    repaired = runner.invoke(app, ["check", "--repair", "--json", "--db", str(store_path)])
    assert repaired.exit_code == 0, repaired.output
    report = json.loads(repaired.output)
    assert report["ok"] and report["remaining"] == [] and rule in {v["rule"] for v in report["violations"]}
    with Store(store_path) as store:
        assert check_store(store) == []
        assert store.story(story.id).article_ids == story.article_ids
        assert store.get_analysis("story", story.id, "timeline") == timeline
        assert store.search(story.title.split()[0])


def test_one_line_per_violation(store_path):
    story = biggest_story(store_path)
    conn = raw(store_path)
    BREAKAGES["unlisted"](conn, story)
    conn.close()
    result = runner.invoke(app, ["check", "--db", str(store_path)])
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == len(story.article_ids) + 1  # each article of the story, and its missing analysis
    assert all(story.id in line for line in lines)


def test_articles_stored_outside_the_pipeline_are_filed_into_stories(tmp_path):
    from .test_store import make_article

    with Store(tmp_path / "bare.db") as store:
        store.add_articles([make_article("a1"), make_article("a2", "Troops left Kosovo on Tuesday after talks."),
                            make_article("a3", "The harbour reopened after the storm on Friday.")])
        assert {v.rule for v in check_store(store)} == {"unindexed"}
        assert repair(store) == []
        stories = store.stories()
        assert sorted(a for s in stories for a in s.article_ids) == ["a1", "a2", "a3"]
        assert all(store.get_analysis("story", s.id, "entities") is not None for s in stories)
