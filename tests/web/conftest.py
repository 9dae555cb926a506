"""Fixtures of the web, brief and export tests: a small made-up story set, hostile articles, and the
demo corpus analyzed once per session by the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from webstores import EARNINGS, FLOOD, XSS, build_store, flood_analysis, hostile_analysis, hostile_reports

from newsfuse.models import Article


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives the web app in headless Chromium (Playwright)")


@pytest.fixture
def small_db(tmp_path) -> tuple[Path, dict[str, list[Article]]]:
    return build_store(tmp_path / "small.db", {"s-flood": FLOOD, "s-earnings": EARNINGS},
                       threads={"t-flood": ["s-flood"]}, analysis={"s-flood": flood_analysis})


@pytest.fixture
def hostile_db(tmp_path) -> tuple[Path, dict[str, list[Article]]]:
    story_id = 's-"><script>alert(5)</script>'
    return build_store(tmp_path / "hostile.db", {story_id: hostile_reports()},
                       threads={f"t-{XSS}": [story_id]}, analysis={story_id: hostile_analysis})


@pytest.fixture(scope="session")
def demo_db(demo_store) -> Path:
    """The demo corpus analyzed into a store by the real pipeline (shared, read only)."""
    return demo_store
