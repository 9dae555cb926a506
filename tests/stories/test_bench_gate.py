"""Quality gate: ECB+ scores (dev topics, and train + dev together) and the long-coverage scores must not drop below the floors
pinned in bench_floor.json and coverage_floor.json (the latter with a digest of its collection)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from newsfuse.eval.coverage import bench_coverage
from newsfuse.eval.stories import bench_stories

ROOT = Path(__file__).resolve().parents[2]
ECBPLUS = ROOT.parent / "shared" / "data" / "ecbplus"
FLOOR = json.loads((Path(__file__).parent / "bench_floor.json").read_text())
COVERAGE_FLOOR = json.loads((Path(__file__).parent / "coverage_floor.json").read_text())
pytestmark = pytest.mark.slow


@pytest.mark.skipif(not ECBPLUS.is_dir(), reason="../shared/data/ecbplus is not here")
@pytest.mark.parametrize("split", sorted(FLOOR))
def test_ecbplus_scores_stay_above_their_floors(split):
    scores = bench_stories(ECBPLUS, split)
    for key, floor in FLOOR[split].items():
        assert scores[key] >= floor, f"{split} {key} fell to {scores[key]:.3f} (floor {floor})"


def test_long_coverage_scores_stay_above_their_floors():
    data = ROOT / COVERAGE_FLOOR["data"]
    digest = hashlib.sha256(data.read_bytes()).hexdigest()
    assert digest == COVERAGE_FLOOR["data_sha256"], "the collection changed: measure again and pin new floors"
    scores = bench_coverage(data)
    for key, floor in COVERAGE_FLOOR.items():
        if not key.startswith("data"):
            assert scores[key] >= floor, f"{key} fell to {scores[key]:.3f} (floor {floor})"
