"""Quality gate: the MEANTIME and ECB+ scores must not drop below the floors pinned here (docs/entities.md)."""

from pathlib import Path

import pytest

from newsfuse.eval.entities import bench_entities

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
MEANTIME, ECBPLUS = DATA / "meantime", DATA / "ecbplus"
FLOORS = {"ner_f1": 0.85, "coref_conll_f1": 0.92, "coref_muc_f1": 0.95, "coref_b3_f1": 0.91,
          "index_coref_conll_f1": 0.92}  # index_: the store path, article by article through the entity index
# ECB+ train and dev topics (the test topics are held out, not in the data): measured 0.9055 / 0.9054, the
# store path over both 0.8889 (2026-12-03, was 0.8881), the store run with the topic as story 0.9055
ECB_FLOORS = {"train": 0.905, "dev": 0.905}
ECB_INDEX_FLOOR = 0.887
ECB_STORY_RUN_FLOOR = 0.905  # each arriving article analyses its story again (`linked_through_story_refreshes`)
# the store as a user gets it (`eval.entity_store`): the store's own grouping, every topic in one store; measured
# 0.8933 with cross-topic links counted as false merges (train 0.8968, dev 0.9107), 0.9064 scored per topic
ECB_STORE_FLOOR = 0.891
ECB_STORE_PER_TOPIC_FLOOR = 0.903

pytestmark = pytest.mark.slow


@pytest.mark.skipif(not MEANTIME.is_dir(), reason="../shared/data/meantime is not here")
def test_meantime_scores_stay_above_their_floors(gazetteer):
    result = bench_entities(MEANTIME, None, gazetteer=gazetteer)["meantime"]
    below = {k: round(result[k], 3) for k, floor in FLOORS.items() if result[k] < floor}
    assert not below, f"below the pinned floors {FLOORS}: {below}"


@pytest.mark.skipif(not ECBPLUS.is_dir(), reason="../shared/data/ecbplus is not here")
def test_ecbplus_scores_stay_above_their_floors(gazetteer):
    result = bench_entities(None, ECBPLUS, gazetteer=gazetteer)["ecbplus"]
    scores = {split: result["splits"][split]["coref_conll_f1"] for split in ECB_FLOORS}
    below = {k: round(v, 4) for k, v in scores.items() if v < ECB_FLOORS[k]}
    if result["index_coref_conll_f1"] < ECB_INDEX_FLOOR:
        below["index"] = round(result["index_coref_conll_f1"], 4)
    if result["story_run_coref_conll_f1"] < ECB_STORY_RUN_FLOOR:
        below["story run"] = round(result["story_run_coref_conll_f1"], 4)
    if result["store_coref_conll_f1"] < ECB_STORE_FLOOR:
        below["store"] = round(result["store_coref_conll_f1"], 4)
    if result["store_within_topic_coref_conll_f1"] < ECB_STORE_PER_TOPIC_FLOOR:
        below["store per topic"] = round(result["store_within_topic_coref_conll_f1"], 4)
    assert not below, (f"below the pinned floors {ECB_FLOORS}, index {ECB_INDEX_FLOOR}, story run "
                       f"{ECB_STORY_RUN_FLOOR}, store {ECB_STORE_FLOOR}, store per topic "
                       f"{ECB_STORE_PER_TOPIC_FLOOR}: {below}")
