"""The demo corpus analysed once per session by the real pipeline; each test gets its own copy."""

import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    from newsfuse.demo import corpus_dir
    from newsfuse.pipeline.run import Options, analyze
    from newsfuse.store import Store

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Store(path) as store:
        analyze([str(corpus_dir())], store, Options())
    return path


@pytest.fixture
def demo_db(demo_store, tmp_path) -> Path:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_store, copy)
    return copy
