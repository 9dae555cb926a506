"""Long coverage written by hand (tests/data/longcov, and longcov2's real-world-style topics of
2009-2011, with and without recap sentences): their scores stay above the floors pinned in longcov_floor.json,
longcov2_floor.json and longcov2_norecap_floor.json,
a topic quiet for months keeps its thread, and a country that the tagger labels inconsistently still counts as a place, so
a trade deal signed by the same president does not join the volcano's thread. Reports written for
these tests; every name is invented."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from newsfuse.eval.coverage import bench_coverage
from newsfuse.stories import threads
from newsfuse.stories.features import featurize
from newsfuse.stories.grouping import group

from .conftest import make_article

ROOT = Path(__file__).resolve().parents[2]
FLOOR = json.loads((Path(__file__).parent / "longcov_floor.json").read_text())
FLOOR2 = json.loads((Path(__file__).parent / "longcov2_floor.json").read_text())
# the same articles with no background sentence recalled (make_longcov2.py --recap 0)
FLOOR2_NORECAP = json.loads((Path(__file__).parent / "longcov2_norecap_floor.json").read_text())

VOLCANO_NAMES = [("Tarvel", "GPE"), ("Mount Skarn", "LOC"), ("Lindo", "GPE"), ("Rona Vesk", "PERSON"),
                 ("Vesk", "PERSON"), ("Tarvel Geological Survey", "ORG")]
# the tagger calls the country an organisation in the business desk's reports
TRADE_NAMES = [("Tarvel", "ORG"), ("Rona Vesk", "PERSON"), ("Vesk", "PERSON"), ("Ombria", "GPE"),
               ("Kasper Lund", "PERSON")]

VOLCANO = [
    ("2025-03-02", "Mount Skarn erupts, villages evacuated",
     "Mount Skarn erupted before dawn, raining ash on Lindo and forcing 9,000 people from their homes in Tarvel. "
     "President Rona Vesk declared an emergency; the Tarvel Geological Survey said lava was moving east."),
    ("2025-03-03", "Ash from Mount Skarn closes Tarvel airports",
     "Ash from the eruption of Mount Skarn grounded flights across Tarvel and buried roads around Lindo. "
     "Vesk visited evacuees in a sports hall and promised army tents and water."),
    ("2025-03-20", "Evacuees of Mount Skarn wait in shelters",
     "Three weeks after the eruption, families from Lindo still sleep in shelters. The Tarvel Geological Survey "
     "said Mount Skarn was calmer; President Rona Vesk said ash would be cleared from the roads by April."),
    ("2025-04-10", "Lindo residents return to ash-covered homes",
     "Residents of Lindo went home for the first time since Mount Skarn erupted, shovelling ash from roofs. "
     "Vesk said Tarvel would pay for repairs; the Geological Survey lowered its alert."),
]
TRADE = [
    ("2025-04-15", "Tarvel and Ombria sign salmon and timber pact",
     "Tarvel and Ombria signed a pact scrapping tariffs on salmon and timber. Ministers and Kasper Lund said "
     "fish farmers and sawmills would pay no duty on exports from next year."),
    ("2025-04-16", "Salmon exporters cheer the Ombria tariff pact",
     "Fish farmers and sawmills welcomed the pact between Tarvel and Ombria that ends duties on salmon and "
     "timber exports, signed by Kasper Lund and Rona Vesk."),
]


def volcano():
    return [make_article(f"volc{i}", title, text, VOLCANO_NAMES, day) for i, (day, title, text) in enumerate(VOLCANO)]


def trade():
    return [make_article(f"trade{i}", title, text, TRADE_NAMES, day) for i, (day, title, text) in enumerate(TRADE)]


def _threads_in_index(index):
    for article in volcano() + trade():
        index.assign(article.id, featurize(article), published=article.published)
    stories, thread_of = index.assignment(), index.threads()
    return {a: thread_of[s] for a, s in stories.items()}


def _threads_from_scratch():
    items = [(a.id, featurize(a)) for a in volcano() + trade()]
    grouping = group(items)
    thread_of = threads.group_threads(grouping.profiles)
    return {a: thread_of[s] for a, s in grouping.stories.items()}


@pytest.mark.parametrize("run", [_threads_in_index, _threads_from_scratch], ids=["incremental", "regroup"])
def test_a_trade_deal_of_the_same_president_stays_out_of_the_volcanos_thread(run, request):
    thread_of = run(request.getfixturevalue("index")) if run is _threads_in_index else run()
    assert len({thread_of[f"volc{i}"] for i in range(len(VOLCANO))}) == 1  # the volcano is one thread
    assert thread_of["trade0"] == thread_of["trade1"]
    assert thread_of["trade0"] != thread_of["volc0"]


def test_with_each_storys_own_tags_only_the_country_would_carry_the_deal_in(index, monkeypatch):
    # what the place rule guards against: counted as an actor, the country joins the two topics
    monkeypatch.setattr(threads, "PLACE_STORIES", 10**9)
    thread_of = _threads_in_index(index)
    assert thread_of["trade1"] == thread_of["volc0"]


@pytest.mark.slow
@pytest.mark.parametrize("floors", [FLOOR, FLOOR2, FLOOR2_NORECAP], ids=["longcov", "longcov2", "longcov2-norecap"])
def test_longcov_scores_stay_above_their_floors(floors):
    data = ROOT / floors["data"]
    digest = hashlib.sha256(data.read_bytes()).hexdigest()
    assert digest == floors["data_sha256"], "the collection changed: measure again and pin new floors"
    scores = bench_coverage(data)
    for key, floor in floors.items():
        if not key.startswith("data"):
            assert scores[key] >= floor, f"{key} fell to {scores[key]:.3f} (floor {floor})"


def _longcov_threads(conn_factory, data: str = FLOOR["data"]):
    from newsfuse.eval.coverage import coverage_articles, load_collection

    records = load_collection(ROOT / data)
    index = conn_factory()
    for article in coverage_articles(records):
        index.assign(article.id, featurize(article), published=article.published)
    stories, thread_of = index.assignment(), index.threads()
    by_story: dict[str, set[str]] = {}
    for r in records:
        by_story.setdefault(r["story"], set()).add(thread_of[stories[r["id"]]])
    return by_story, index.stats()


def _fresh_index():
    import sqlite3

    from newsfuse.stories.index import SCHEMA, StoryIndex

    conn = sqlite3.connect(":memory:")
    for ddl in SCHEMA:
        conn.execute(ddl)
    return StoryIndex(conn)


@pytest.mark.slow
def test_haitis_turns_months_apart_stay_in_the_quakes_thread():
    # longcov2: the donors in March, the camps in June, cholera in October, the election in December
    # are stories of their own, all in the thread the January quake opened (at 0.5 log-odds a month,
    # at most 2.0, the quake's coverage fell into five threads, 37 % in the largest)
    by_story, stats = _longcov_threads(_fresh_index, FLOOR2["data"])
    quake = by_story["hq-quake"]
    assert len(quake) == 1
    for turn in ("hq-rescue", "hq-donors", "hq-camps", "hq-cholera", "hq-election"):
        assert by_story[turn] == quake, turn
    assert stats["stories"] >= 30  # the thread is not one story: the turns stay stories of their own
    # another country's earthquake and another company's oil spill keep threads of their own
    assert by_story["cl-quake"].isdisjoint(quake)
    assert by_story["kz-rupture"].isdisjoint(by_story["bp-explosion"])


@pytest.mark.slow
@pytest.mark.parametrize("split", [True, False])
def test_a_cup_run_that_recalls_the_eruption_is_split_out_of_the_volcanos_thread(split, monkeypatch):
    monkeypatch.setattr(threads, "SPLIT", split)
    by_story, stats = _longcov_threads(_fresh_index)
    assert (stats["thread_splits"] > 0) is split  # counted where `stories --stats` reads it
    volcano = by_story["osk-eruption"]
    assert by_story["osk-election"] == volcano  # the volcano's last turn, months later, stays
    cup = by_story["ball-cup"] | by_story["ball-final"]
    # the semi-final recalls the eruption, so it joins the volcano's thread through its profile; no
    # single volcano story reads as it, so the split takes the cup run (both matches) out again
    assert cup.isdisjoint(volcano) is split
