"""Stores earlier releases wrote (tests/store/fixtures, each file's test says how it was made), and
the demo store of release 9c3d4de repaired by this code (`sound_store`; a copy per test: `store_path`)."""

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


@pytest.fixture(scope="module")
def sound_store(tmp_path_factory):
    from newsfuse.pipeline.pending import repair
    from newsfuse.store import Store

    path = tmp_path_factory.mktemp("check") / "sound.db"
    shutil.copy(FIXTURES / "release-9c3d4de-demo.sqlite", path)  # see test_upgrade.py
    with Store(path) as store:
        assert repair(store) == []
    return path


@pytest.fixture
def store_path(sound_store, tmp_path):
    path = tmp_path / "s.db"
    shutil.copy(sound_store, path)
    return path
