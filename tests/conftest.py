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


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    """The demo corpus analysed once per test session by the real pipeline. Read it only; a test
    that writes takes its own copy (`demo_db` in tests/cli)."""
    from newsfuse.demo import corpus_dir
    from newsfuse.pipeline.run import Options, analyze
    from newsfuse.store import Store

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Store(path) as opened:
        analyze([str(corpus_dir())], opened, Options())
    return path


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory) -> Path:
    """The five seeds ingested once per test session through the CLI. Read it only; a test module
    that corrects or adds takes its own copy."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not here")
    from typer.testing import CliRunner

    from newsfuse.cli.main import app

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    result = CliRunner().invoke(app, ["ingest", str(SEEDS), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return db
