"""Quality gate: the MEANTIME scores must not drop below the floors pinned here (docs/entities.md)."""

from pathlib import Path

import pytest

from newsfuse.eval.entities import bench_entities

MEANTIME = Path(__file__).resolve().parents[3] / "shared" / "data" / "meantime"
FLOORS = {"ner_f1": 0.85, "coref_conll_f1": 0.90, "coref_muc_f1": 0.93, "coref_b3_f1": 0.88,
          "index_coref_conll_f1": 0.90}  # index_: the store path, article by article through the entity index

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not MEANTIME.is_dir(), reason="../shared/data/meantime is not here")]


def test_meantime_scores_stay_above_their_floors(gazetteer):
    result = bench_entities(MEANTIME, None, gazetteer=gazetteer)["meantime"]
    below = {k: round(result[k], 3) for k, floor in FLOORS.items() if result[k] < floor}
    assert not below, f"below the pinned floors {FLOORS}: {below}"
