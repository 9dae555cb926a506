"""Shared fixtures: where the shared data lives, and a store in a temporary folder."""

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not here")
    return SEEDS


@pytest.fixture
def store(tmp_path):
    from newsfuse.store import Store

    with Store(tmp_path / "test.db") as opened:
        yield opened
