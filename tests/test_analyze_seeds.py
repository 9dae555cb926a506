"""`newsfuse analyze ../shared/seeds --json r.json`: what the foundation issue promises on real input."""

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli.main import app

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

runner = CliRunner()


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not here")
    folder = tmp_path_factory.mktemp("seeds")
    db, report = folder / "s.db", folder / "r.json"
    result = runner.invoke(app, ["analyze", str(SEEDS), "--db", str(db), "--json", str(report), "--quiet"])
    assert result.exit_code == 0, result.output
    return json.loads(report.read_text()), db, SEEDS


def by_seed(report):
    return {re.match(r".*/(\d{3})_", a["path"]).group(1): a for a in report["articles"]}


def test_every_seed_is_an_article(seeds_report):
    report, _, _ = seeds_report
    assert report["schema"] == "newsfuse.report/1"
    assert sorted(by_seed(report)) == ["000", "001", "002", "003", "004"]
    assert report["rejected"] == []


@pytest.mark.parametrize("seed, reason, fragment", [
    ("000", "comments", "Komentari"),
    ("000", "related links", "da vas zanima"),
    ("000", "photo credit", "AP Photo"),
    ("000", "source credit", "Izvor"),
    ("001", "related links", "Latest news"),
    ("001", "agency tag", "/REL"),
    ("002", "breadcrumb", "Home"),
    ("002", "category list", "Featured Global News"),
    ("002", "source credit", "Jurist"),
    ("003", "hashtags", "#NATO"),
    ("003", "comments", "Leave a Comment"),
    ("003", "related links", "You may also like"),
    ("004", "related links", "Related posts"),
])
def test_boilerplate_is_removed_with_its_reason(seeds_report, seed, reason, fragment):
    article = by_seed(seeds_report[0])[seed]
    assert any(fragment in r["text"] and r["reason"] == reason for r in article["removed"]), article["removed"]
    assert fragment not in article["text"]


def test_repeated_headline_is_removed_and_the_body_kept(seeds_report):
    article = by_seed(seeds_report[0])["000"]
    assert article["text"].count(article["title"]) == 0
    assert any(r["reason"] == "repeated headline" for r in article["removed"])
    assert "4,500" in article["text"] and "Stoltenberg" in article["text"]


def test_published_dates_stated_in_the_text(seeds_report):
    dates = {seed: a["published"] for seed, a in by_seed(seeds_report[0]).items()}
    assert dates["000"] == "2023-11-28"
    assert dates["003"] == "2023-09-30"
    assert dates["004"] == "2023-06-13"


def test_outlets_credited_in_the_text(seeds_report):
    sources = {seed: a["source"] for seed, a in by_seed(seeds_report[0]).items()}
    assert sources["000"] == "Beta" and sources["002"] == "Jurist" and sources["001"] == "REL"


def test_entity_offsets_point_at_the_right_characters(seeds_report):
    report, _, _ = seeds_report
    texts = {a["id"]: a["text"] for a in report["articles"]}
    names = set()
    for story in report["stories"]:
        for entity in story["entities"]:
            for mention in entity["mentions"]:
                assert texts[mention["article_id"]][mention["start"]:mention["end"]] == mention["text"]
                names.add(mention["text"])
    assert {"Jens Stoltenberg", "Kosovo", "KFOR", "Josep Borrell"} <= names


def test_language_is_detected(seeds_report):
    assert {a["language"] for a in seeds_report[0]["articles"]} == {"en"}


def test_running_again_adds_nothing(seeds_report, tmp_path):
    report, db, seeds = seeds_report
    second = tmp_path / "again.json"
    result = runner.invoke(app, ["analyze", str(seeds), "--db", str(db), "--json", str(second)])
    assert result.exit_code == 0
    assert "0 new, 5 already stored" in result.output
    again = json.loads(second.read_text())
    assert sorted(a["id"] for a in again["articles"]) == sorted(a["id"] for a in report["articles"])


def test_report_has_timeline_and_figures_per_story(seeds_report):
    report, _, _ = seeds_report
    meeting = next(s for s in report["stories"] if len(s["article_ids"]) == 3)
    dated = {entry["date"]: entry for entry in meeting["timeline"]}
    for day in ("2023-11-27", "2023-11-28"):
        assert len(set(dated[day]["article_ids"])) > 1  # each cites more than one outlet
    agreed = [m for m in meeting["measures"] if m["status"] == "agreed"]
    claims = {c["id"]: c for c in meeting["claims"]}
    assert any(claims[c]["value"] == 1000 for m in agreed for c in m["claim_ids"])
    for claim in meeting["claims"]:
        for source in claim["sources"]:
            text = next(a["text"] for a in report["articles"] if a["id"] == source["article_id"])
            assert text[source["start"]:source["end"]] == source["text"]


def test_thread_shows_the_troop_total_changed_over_time(seeds_report):
    report, _, _ = seeds_report
    (thread,) = report["threads"]
    changed = [m for m in thread["measures"] if m["status"] == "changed"]
    claims = {c["id"]: c for c in thread["claims"]}
    values = {claims[c]["value"] for m in changed for c in m["claim_ids"]}
    assert {4500, 4000} <= values


def test_figures_of_an_undated_report_take_the_year_of_its_inferred_anchor(seeds_report):
    report, _, _ = seeds_report
    seed_001 = by_seed(report)["001"]["id"]
    dates = [c["as_of"] for s in report["stories"] for c in s["claims"]
             if c["as_of"] and any(src["article_id"] == seed_001 for src in c["sources"])]
    assert dates and not any(d.startswith("XXXX") for d in dates)
