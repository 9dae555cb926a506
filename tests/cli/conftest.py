"""Each CLI test gets its own copy of the demo store (tests/conftest.py analyses it once)."""

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def demo_db(demo_store, tmp_path) -> Path:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_store, copy)
    return copy
