"""The analysis commands on the seeds: corrections survive ingests and regroup; timeline and facts show."""

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli.main import app

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
runner = CliRunner()


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code in (0, 1), result.output
    return result


@pytest.fixture
def seeded(tmp_path):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not here")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:4]:  # 004 is held back for a later ingest
        shutil.copy(path, inputs / path.name)
    db, report = tmp_path / "s.db", tmp_path / "r.json"
    run("analyze", inputs, "--db", db, "--json", report, "-q")
    data = json.loads(report.read_text())
    story_of = {re.search(r"(\d{3})_", a["path"]).group(1): a["story"] for a in data["articles"]}
    return db, story_of


def stories_of(db, tmp_path):
    report = tmp_path / "again.json"
    run("analyze", SEEDS, "--db", db, "--json", report, "-q")
    return {re.search(r"(\d{3})_", a["path"]).group(1): a["story"] for a in json.loads(report.read_text())["articles"]}


def test_merge_survives_a_later_ingest_and_a_regroup(seeded, tmp_path):
    db, story_of = seeded
    assert story_of["000"] != story_of["003"]
    run("stories", "merge", story_of["000"], story_of["003"], "--db", db)
    after_ingest = stories_of(db, tmp_path)  # 004 is new now
    assert after_ingest["003"] == after_ingest["000"] == after_ingest["001"]
    regrouped = run("regroup", "--db", db)
    assert "agreement with the incremental grouping" in regrouped.output
    final = stories_of(db, tmp_path)
    assert final["003"] == final["000"] == final["002"]
    assert final["004"] != final["000"]


def test_split_and_move_survive_a_regroup(seeded, tmp_path):
    db, story_of = seeded
    meeting = story_of["000"]
    assert story_of["001"] == meeting == story_of["002"]
    article_002 = [a for a in json.loads(_report(db, tmp_path))["articles"] if "002_" in a["path"]][0]["id"]
    run("stories", "split", meeting, "--articles", article_002, "--db", db)
    run("regroup", "--db", db)
    final = stories_of(db, tmp_path)
    assert final["002"] != final["000"] and final["001"] == final["000"]
    run("stories", "move", article_002, "--to", final["003"], "--db", db)
    run("regroup", "--db", db)
    moved = stories_of(db, tmp_path)
    assert moved["002"] == moved["003"]


def _report(db, tmp_path):
    report = tmp_path / "x.json"
    run("analyze", SEEDS, "--db", db, "--json", report, "-q")
    return report.read_text()


def test_timeline_and_facts_of_the_meeting_story(seeded):
    db, story_of = seeded
    timeline = run("timeline", story_of["000"], "--db", db).output
    assert "2023-11-27" in timeline and "2023-11-28" in timeline
    facts = run("facts", story_of["000"], "--db", db).output
    assert re.search(r"agreed\s+.*troops", facts)
    assert "1,000" in facts and "4,500" in facts


def test_entity_rename_survives_reanalysis(seeded, tmp_path):
    db, _ = seeded
    run("entities", "rename", "place:Banjska", "Banjska village", "--db", db)
    stories_of(db, tmp_path)  # a later ingest re-analyses the story
    listing = run("entities", "--type", "place", "--db", db).output
    assert "Banjska village" in listing
    assert "Banska" in listing or "Banjské" in listing  # the other spellings stay with it


def test_unknown_story_is_a_clear_error(seeded):
    db, _ = seeded
    result = runner.invoke(app, ["timeline", "s-nope", "--db", str(db)])
    assert result.exit_code == 2 and "no story" in result.output
