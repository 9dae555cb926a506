"""Quality gate: ECB+ dev-topic scores must not drop below the floors pinned in bench_floor.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.eval.stories import bench_stories

ECBPLUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "ecbplus"
FLOOR = json.loads((Path(__file__).parent / "bench_floor.json").read_text())
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not ECBPLUS.is_dir(), reason="../shared/data/ecbplus is not here")]


def test_ecbplus_dev_scores_stay_above_their_floors():
    scores = bench_stories(ECBPLUS, FLOOR["split"])
    for key, floor in FLOOR.items():
        if key != "split":
            assert scores[key] >= floor, f"{key} fell to {scores[key]:.3f} (floor {floor})"
