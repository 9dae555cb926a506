"""The entity commands on the seeds, as a user types them: one entity store-wide, honest corrections."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli.main import app

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
runner = CliRunner()

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store(seeds_store, tmp_path_factory):
    """A copy of the seeds store: these tests correct it."""
    db = tmp_path_factory.mktemp("entity") / "s.db"
    shutil.copy(seeds_store, db)
    return db


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_the_entity_page_gathers_every_spelling_across_stories(store):
    result = invoke("entity", "Banska", "--db", store, "--json")
    assert result.exit_code == 0, result.output
    page = json.loads(result.output)
    assert page["type"] == "place" and page["country"] == "XK"
    assert {"Banjska", "Banska"} <= {s["text"] for s in page["spellings"]}
    assert len(page["stories"]) >= 2
    assert page["first_seen"] < page["last_seen"]


def test_merging_an_unknown_name_is_an_error(store):
    result = invoke("entities", "merge", "Nobody Atall", "Antony Blinken", "--db", store)
    assert result.exit_code == 2
    assert "no entity 'Nobody Atall'" in result.output and "merged" not in result.output


def test_merging_two_spellings_of_one_entity_says_so(store):
    result = invoke("entities", "merge", "Anthony Blinken", "Antony Blinken", "--db", store)
    assert result.exit_code == 0
    assert "already one entity" in result.output


def test_an_unknown_entity_page_is_an_error(store):
    result = invoke("entity", "e-000000000000", "--db", store)
    assert result.exit_code == 2 and "no entity" in result.output


def test_undoing_a_split_gives_the_entity_back_its_id_and_page(demo_store, tmp_path):
    db = tmp_path / "demo.db"
    shutil.copy(demo_store, db)
    before = json.loads(invoke("entity", "Banjska", "--db", db, "--json").output)
    assert {"Banjska", "Banska"} <= {s["text"] for s in before["spellings"]}
    assert invoke("entities", "split", before["id"], "--db", db).exit_code == 0
    apart = json.loads(invoke("entity", "Banska", "--db", db, "--json").output)
    assert apart["id"] != before["id"] and "Banjska" not in {s["text"] for s in apart["spellings"]}
    said = invoke("corrections", "undo", "1", "--db", db)
    assert said.exit_code == 0 and said.output.startswith("undid correction 1")
    after = invoke("entity", "Banska", "--db", db, "--json")
    assert after.exit_code == 0, after.output
    assert json.loads(after.output) == before  # same id, spellings, outlets and stories
    assert invoke("check", "--db", db).exit_code == 0
