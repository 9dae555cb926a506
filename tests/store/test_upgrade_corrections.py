"""A store written by the release before corrections were listed (commit 41f02de, schema 7) is upgraded:
its corrections are listed, stay in force, and can be undone.

The fixture is that release's `newsfuse demo --keep` store (23 articles) after two corrections made
with its own code:

    git worktree add /tmp/old 41f02de
    PYTHONPATH=/tmp/old/src python -m newsfuse.cli.main demo --keep old.db   # or the old `newsfuse demo`
    newsfuse stories merge s-d30f6d62 s-50014af1 --db old.db
    newsfuse entities rename Banjska "Banjska village" --db old.db
"""

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli.main import app
from newsfuse.store import Store
from newsfuse.store.schema import MIGRATIONS

runner = CliRunner()


@pytest.fixture
def old_store(release_store) -> Path:
    return release_store("release-41f02de-demo-corrected.sqlite")


def test_the_fixture_is_what_that_release_wrote(old_store):
    conn = sqlite3.connect(old_store)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
    assert conn.execute("SELECT target, action FROM corrections").fetchall() == [("entity", "rename")]
    assert conn.execute("SELECT COUNT(DISTINCT seq) FROM grp_constraints").fetchone()[0] == 1


def test_old_corrections_are_listed_and_stay_in_force(old_store):
    listed = runner.invoke(app, ["corrections", "--db", str(old_store), "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)["corrections"]
    assert [(r["target"], r["action"], r["in_force"]) for r in rows] == [
        ("entity", "rename", True), ("story", "constraints", True)]
    assert "Banjska village" in rows[0]["what"] and rows[1]["at"] is None  # made before the log kept a time
    with Store(old_store) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store.corrections("entity") == [("rename", {"entity": "Banjska", "name": "Banjska village"})]


def test_an_old_story_correction_can_be_undone(old_store):
    undone = runner.invoke(app, ["corrections", "undo", "2", "--db", str(old_store)])
    assert undone.exit_code == 0, undone.output
    assert "next `newsfuse regroup`" in undone.output  # where its articles were is not known: regroup decides
    with Store(old_store) as store:
        assert store.conn.execute("SELECT COUNT(*) FROM grp_constraints").fetchone()[0] == 0
        assert not store.correction(2).undo.get("before")
    again = runner.invoke(app, ["corrections", "redo", "2", "--db", str(old_store)])
    assert again.exit_code == 2 and "make it again" in again.output


def test_an_old_entity_rename_can_be_undone(old_store):
    def places():
        listed = runner.invoke(app, ["entities", "--type", "place", "--limit", "200", "--db", str(old_store), "--json"])
        return {e["name"] for e in json.loads(listed.stdout)["entities"]}

    assert "Banjska village" in places()
    undone = runner.invoke(app, ["corrections", "undo", "1", "--db", str(old_store)])
    assert undone.exit_code == 0, undone.output
    now = places()
    assert "Banjska village" not in now and "Banjska" in now
