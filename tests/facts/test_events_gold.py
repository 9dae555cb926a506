"""Quality gate: event rows of the demo corpus and the seeds against our gold (tests/data/events),
with floors pinned in event_rows_floor.json. The seeds part skips when ../shared/seeds is absent."""

import json
from pathlib import Path

import pytest

from newsfuse.eval.events import bench_event_rows, load_gold, score_event_rows

FLOORS = json.loads((Path(__file__).with_name("event_rows_floor.json")).read_text())
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="module")
def scores():
    return bench_event_rows(SEEDS if len(list(SEEDS.glob("00[0-4]_*.txt"))) == 5 else None)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_event_rows_stay_above_their_floor(scores, name):
    if name not in scores:
        pytest.skip("../shared/seeds is not here")
    assert scores[name] >= FLOORS[name], (name, scores[name], scores.get(name.split("_")[0] + "_wrong_fields"))


def test_a_duplicate_row_and_a_wrong_field_cost_points():
    gold = [{"note": "attack", "type": ["attack"], "date": "2024-04-18", "place": ["Dolna"], "actor1": ["gunmen"],
             "actor2": ["police"], "fatalities": 2, "sides": False}]
    right = {"type": "attack", "date": "2024-04-18", "place": "Dolna", "actor1": "Gunmen", "actor2": "police",
             "fatalities": 2}
    assert score_event_rows([right], gold)["fields_right"] == 1.0
    worse = score_event_rows([{**right, "fatalities": 3}, {**right, "date": None}], gold)
    assert worse["matched"] == 1 and worse["spurious_or_duplicate"] == 1
    assert worse["fields_right_of_matched"] == pytest.approx(6 / 7, abs=1e-3) and worse["fields_right"] < 0.5


def test_the_gold_files_are_well_formed():
    for name in ("demo_gold.jsonl", "seeds_gold.jsonl"):
        for event in load_gold(Path(__file__).resolve().parents[1] / "data" / "events" / name):
            assert event["note"] and event["type"] and isinstance(event["actor1"], list)
