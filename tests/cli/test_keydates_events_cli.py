"""`newsfuse timeline --thread` (key dates), `--background`, and the exported events with their places,
on a store of our development collection and of the demo corpus."""

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli.main import app

TLS = Path(__file__).resolve().parents[1] / "data" / "tls" / "korvath-strike" / "articles.jsonl"
DEMO = Path(__file__).resolve().parents[2] / "src" / "newsfuse" / "demo" / "corpus"
runner = CliRunner()


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def strike(tmp_path_factory):
    db = tmp_path_factory.mktemp("strike") / "s.db"
    run("ingest", TLS, "--db", db, "-q")
    return db


def test_key_dates_of_a_thread_as_json(strike):
    from newsfuse.store import Store

    with Store(strike) as store:
        thread = max(store.threads(), key=lambda t: len(t.story_ids))
        texts = {a.id: a.text for a in store.articles()}
    days = json.loads(run("timeline", "--thread", thread.id, "--dates", "3", "--sentences", "2", "--format", "json",
                          "--db", strike))
    assert len(days) == 3 and [d["date"] for d in days] == sorted(d["date"] for d in days)
    assert "2024-03-04" in [d["date"] for d in days]  # the walkout every later report refers back to
    for day in days:
        assert set(day) >= {"date", "sentences", "outlets", "articles"}
        assert 1 <= len(day["sentences"]) <= 2
        for s in day["sentences"]:
            assert texts[s["article_id"]][s["start"]:s["end"]] == s["text"]
    default = json.loads(run("timeline", "--thread", thread.id, "--format", "json", "--db", strike))
    assert 3 <= len(default) <= 12


def test_an_unknown_thread_and_a_missing_story_are_clear_errors(strike):
    result = runner.invoke(app, ["timeline", "--thread", "t-nope", "--db", str(strike)])
    assert result.exit_code == 2 and "t-nope" in result.output
    result = runner.invoke(app, ["timeline", "--db", str(strike)])
    assert result.exit_code == 2 and "--thread" in result.output


def test_exported_events_carry_places_and_coordinates(tmp_path):
    db = tmp_path / "demo.db"
    run("ingest", DEMO, "--db", db, "-q")
    out = tmp_path / "csv"
    run("export", "--format", "csv", "--out", out, "--db", db)
    rows = list(csv.DictReader((out / "events.csv").open(encoding="utf-8")))
    assert rows and list(rows[0])[:11] == ["event_date", "event_type", "actor1", "actor2", "location", "latitude",
                                           "longitude", "fatalities", "injuries", "notes", "sources"]
    banjska = [r for r in rows if r["event_date"] == "2023-09-24" and r["location"] == "Banjska"]
    assert banjska and all(float(r["latitude"]) == pytest.approx(42.96, abs=0.05) for r in banjska)
    assert all(r["actor2"].startswith("Kosovo police") for r in banjska)
    # a sergeant and three attackers: the story whose outlets say so counts four
    assert max(int(r["fatalities"]) for r in banjska) == 4
    assert sum(1 for r in rows if r["location"]) >= len(rows) // 3
