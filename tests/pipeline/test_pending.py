"""The pending queue: work is struck off only when its result is stored."""

import shutil
from pathlib import Path

from newsfuse.pipeline.contract import StageFailure
from newsfuse.pipeline.pending import finish_pending
from newsfuse.pipeline.story import StoryAnalyzer
from newsfuse.store import Store
from newsfuse.store.check import check_store

FIXTURE = Path(__file__).resolve().parents[1] / "store" / "fixtures" / "release-9c3d4de-demo.sqlite"


def test_a_story_a_stage_failed_on_stays_pending_with_the_reason(tmp_path, monkeypatch):
    path = tmp_path / "s.db"
    shutil.copy(FIXTURE, path)
    with Store(path) as store:
        stories = sorted(s.id for s in store.stories())
        broken = stories[0]
        real = StoryAnalyzer.refresh

        def fails_on_one(self, story_ids):
            failures = real(self, set(story_ids) - {broken})
            return [*failures, *([StageFailure("story", broken, "timeline", "boom")] if broken in story_ids else [])]

        monkeypatch.setattr(StoryAnalyzer, "refresh", fails_on_one)
        finish_pending(store)  # everything is stale (version 0): all redone but one
        left = store.pending()
        assert [(p.scope, p.key) for p in left] == [("story", broken)]
        assert "boom" in left[0].reason
        assert any("boom" in v.message for v in check_store(store))
        monkeypatch.setattr(StoryAnalyzer, "refresh", real)
        finish_pending(store)  # the next run tries again
        assert store.pending() == [] and check_store(store) == []
