"""Shared fixtures: the seed reports and the TempEval-3 data, read from ../shared at run time."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "seeds"
TEMPEVAL = SHARED / "data" / "tempeval3"


def _seed_text(number: str) -> str:
    matches = sorted(SEEDS.glob(f"{number}_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip(f"seed {number} not found under {SEEDS}")
    return matches[0].read_text(encoding="utf-8")


@pytest.fixture
def seed_text():
    """`seed_text("001")`: the text of a seed report; skips the test when the seeds are absent."""
    return _seed_text


@pytest.fixture
def tempeval_dir() -> Path:
    if not TEMPEVAL.is_dir():
        pytest.skip(f"no TempEval-3 data under {TEMPEVAL}")
    return TEMPEVAL


@pytest.fixture(scope="session")
def tagger():
    from newsfuse.timex import TimeTagger

    return TimeTagger()


@pytest.fixture
def meantime_dir() -> Path:
    meantime = SHARED / "data" / "meantime"
    if not meantime.is_dir():
        pytest.skip(f"no MEANTIME data under {meantime}")
    return meantime
