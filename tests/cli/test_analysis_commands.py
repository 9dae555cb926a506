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
    assert "27 November 2023" in timeline and "28 November 2023" in timeline
    facts = run("facts", story_of["000"], "--db", db).output
    assert re.search(r"agreed\s+.*troops", facts)
    assert "1,000" in facts and "4,500" in facts
    assert not re.search(r"\de[+-]\d", facts)  # never "2e+06" or "1.37e+08 EUR"


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


def test_version_names_the_release():
    from newsfuse.version import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output == f"newsfuse {__version__}\n"


def test_the_cli_default_store_is_the_library_default():
    from newsfuse.cli.common import DEFAULT_DB
    from newsfuse.store import DEFAULT_DB as STORE_DEFAULT

    assert DEFAULT_DB == STORE_DEFAULT


def as_json(*args):
    result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_read_command_prints_one_json_document(seeded, tmp_path):
    db, story_of = seeded
    meeting = story_of["000"]
    listed = as_json("stories", "--db", db, "--json")
    assert meeting in {s["id"] for s in listed["stories"]} and listed["threads"]
    assert all({"id", "title", "thread", "article_ids", "entities", "outlets"} <= set(s) for s in listed["stories"])
    shown = as_json("stories", "show", meeting, "--db", db, "--json")
    assert shown["story"]["id"] == meeting and meeting in shown["thread"]["story_ids"]
    assert {a["id"] for a in shown["articles"]} == set(shown["story"]["article_ids"])
    entities = as_json("entities", "--story", meeting, "--db", db, "--json")["entities"]
    assert any(e["name"] == "NATO" and e["outlets"] for e in entities)
    timeline = as_json("timeline", meeting, "--db", db, "--json")["timeline"]
    assert {"2023-11-27", "2023-11-28"} <= {t["date"] for t in timeline}
    facts = as_json("facts", meeting, "--db", db, "--json")
    assert facts["measures"] and {c["id"] for c in facts["claims"]} >= {i for m in facts["measures"]
                                                                         for i in m["claim_ids"]}
    assert as_json("facts", meeting, "--thread", "--db", db, "--json")["thread"]
    assert all(e["story"] and "type" in e for e in as_json("events", "--db", db, "--json")["events"])
    quotes = as_json("quotes", "--db", db, "--json")["quotes"]
    assert all(q["story"] and "text" in q for q in quotes) and any(q["outlets"] for q in quotes)
    hits = as_json("search", "NATO", "--db", db, "--json")["hits"]
    assert hits and all("\x02" not in h["snippet"] and "\x03" not in h["snippet"] for h in hits)
    first = hits[0]
    assert all(first["snippet"][a:b].casefold() == "nato" for a, b in first["matches"])
    regrouped = as_json("regroup", "--db", db, "--json")
    assert regrouped["articles"] == 4 and 0 <= regrouped["agreement_b3_f1"] <= 1
    held_back = sorted(SEEDS.glob("*.txt"))[4]
    report = as_json("analyze", held_back, "--db", db, "--json", "-", "-q")  # '-': the report on stdout
    assert report["schema"] == listed["schema"] and [a["path"] for a in report["articles"]] == [str(held_back)]


def test_stories_show_lists_the_articles_and_split_names_their_new_story(seeded, tmp_path):
    db, story_of = seeded
    meeting = story_of["000"]
    shown = run("stories", "show", meeting, "--db", db).output
    articles = as_json("stories", "show", meeting, "--db", db, "--json")["articles"]
    assert len(articles) >= 3 and all(a["id"] in shown for a in articles)
    assert "Thread" in shown and meeting in shown
    from newsfuse.stories.grouping import story_id_for

    # the founding article leaves: it keeps the story id, and the rest get a new one
    (leaving,) = [a["id"] for a in articles if story_id_for(a["id"]) == meeting]
    said = run("stories", "split", meeting, "--articles", leaving, "--db", db).output
    moved_to = re.search(r"they are story (\S+) now", said).group(1)
    moved = as_json("stories", "show", moved_to, "--db", db, "--json")
    assert moved["story"]["article_ids"] == [leaving]
    rest = re.search(r"the rest is story (\S+)", said).group(1)
    assert leaving not in as_json("stories", "show", rest, "--db", db, "--json")["story"]["article_ids"]


def test_help_and_version_load_no_heavy_module():
    """`newsfuse --help` stays fast (bench start measures it): the CLI imports the pipeline, the store,
    spaCy and scikit-learn only inside the commands that use them."""
    import subprocess
    import sys

    probe = ("import sys; from typer.testing import CliRunner; from newsfuse.cli.main import app; "
             "assert CliRunner().invoke(app, ['--help']).exit_code == 0; "
             "print(' '.join(sorted({m.split('.')[0] for m in sys.modules} | {m for m in sys.modules "
             "if m.startswith('newsfuse.')})))")
    loaded = set(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
                 .stdout.split())
    heavy = {"spacy", "sklearn", "scipy", "numpy", "pyarrow", "fastapi", "trafilatura", "newsfuse.pipeline",
             "newsfuse.store", "newsfuse.present", "newsfuse.nlp", "newsfuse.eval"}
    assert not heavy & loaded, sorted(heavy & loaded)


def test_grouping_stats_tell_merges_and_splits(demo_db):
    said = run("stories", "--stats", "--db", demo_db)
    text = " ".join(said.output.split())
    assert re.search(r"\d+ stories merged into a neighbour and \d+ split apart", text), said.output
    assert re.search(r"\d+ thread merges, \d+ thread splits", text), said.output
    figures = json.loads(run("stories", "--stats", "--json", "--db", demo_db).output)
    assert figures["splits"] >= 0 and figures["thread_splits"] >= 0 and figures["articles"] == 23
