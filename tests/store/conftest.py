"""Stores earlier releases wrote (tests/store/fixtures, each file's test says how it was made)."""

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def release_store(tmp_path):
    """`release_store(name)`: a copy of that fixture store, for a test to upgrade in place."""
    def copy(name: str) -> Path:
        path = tmp_path / name
        shutil.copy(FIXTURES / name, path)
        return path

    return copy
