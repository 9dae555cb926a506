"""A store written by the release before the pending queue (commit 9c3d4de) is upgraded in place.

The fixture is that release's `newsfuse demo --keep` store (the demo corpus: 23 articles, 6
stories, 3 threads), made with its own code:

    git worktree add /tmp/old 9c3d4de
    PYTHONPATH=/tmp/old/src python -c 'import sys; sys.argv = ["newsfuse", "demo", "--keep", "old.db"];
                                       from newsfuse.cli import main; main()'
"""

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli.main import app
from newsfuse.store import ANALYSIS_VERSION, Store
from newsfuse.store.schema import MIGRATIONS

runner = CliRunner()


@pytest.fixture
def old_store(release_store) -> Path:
    return release_store("release-9c3d4de-demo.sqlite")


def test_the_fixture_is_what_that_release_wrote(old_store):
    conn = sqlite3.connect(old_store)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 23
    assert "pending" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}


def test_an_old_store_is_migrated_and_its_stories_still_read(old_store):
    with Store(old_store) as store:
        assert store.schema_version == len(MIGRATIONS)
        stories = store.stories()
        assert len(stories) == 6 and sum(len(s.article_ids) for s in stories) == 23
        assert len(store.threads()) == 3
        assert store.get_analysis("story", stories[0].id, "entities")  # the old documents are kept
        assert store.search("Zvečan")


def test_check_asks_for_the_old_analysis_to_be_redone_and_repair_does_it(old_store):
    stale = runner.invoke(app, ["check", "--db", str(old_store)])
    assert stale.exit_code == 1, stale.output
    assert "analysed by version 0" in stale.output
    repaired = runner.invoke(app, ["check", "--repair", "--db", str(old_store)])
    assert repaired.exit_code == 0, repaired.output
    assert runner.invoke(app, ["check", "--db", str(old_store)]).exit_code == 0
    with Store(old_store) as store:
        versions = {r[0] for r in store.conn.execute("SELECT version FROM analysis WHERE scope != 'article'")}
        assert versions == {ANALYSIS_VERSION}
        biggest = max(store.stories(), key=lambda s: len(s.article_ids))
        assert store.get_analysis("story", biggest.id, "timeline")
    listed = runner.invoke(app, ["stories", "--db", str(old_store)])
    assert listed.exit_code == 0 and "Zvečan" in listed.output
