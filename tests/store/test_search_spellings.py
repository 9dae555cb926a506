"""Search knows spellings: a word naming a stored entity also finds its other spellings, and says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli.main import app

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds_db(seeds_store):
    return seeds_store


def test_banjska_finds_the_report_that_writes_banska(seeds_db):
    banska = [p for p in SEEDS.iterdir() if "Banska" in p.read_text() and "Banjska" not in p.read_text()]
    assert banska, "one seed spells the village 'Banska' only"
    result = CliRunner().invoke(app, ["search", "Banjska", "--db", str(seeds_db), "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert "Banska" in found["also_spelled"]["Banjska"]
    texts = [hit["snippet"] for hit in found["hits"]]
    assert any("Banska" in text for text in texts)


def test_the_terminal_says_which_spellings_were_added(seeds_db):
    result = CliRunner().invoke(app, ["search", "Banjska", "--db", str(seeds_db)])
    assert result.exit_code == 0
    assert "also searched as" in result.output and "Banska" in result.output


def test_a_word_naming_no_entity_is_searched_as_written(seeds_db):
    result = CliRunner().invoke(app, ["search", "reinforcement", "--db", str(seeds_db), "--json"])
    assert json.loads(result.output)["also_spelled"] == {}
