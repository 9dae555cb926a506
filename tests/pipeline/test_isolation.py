"""A batch-scope stage that fails on one article costs only that article, never its chunk."""

from __future__ import annotations

import pytest

from newsfuse.ingest import RawRecord
from newsfuse.pipeline.run import Options, analyze_records
from newsfuse.pipeline.stages import TimexStage
from newsfuse.store import Store

pytestmark = pytest.mark.slow

REPORTS = [
    "Harbour reopens in Vela\n\nThe harbour of Vela reopened on Monday after a week of storms, the port authority said.",
    "Timetable changes in Vela\n\nThe POISON ferry timetable for Vela was changed again on Tuesday, operators said.",
    "Vela fishermen return to sea\n\nFishermen in Vela went back to sea on Wednesday as the weather calmed down.",
]


def test_a_failing_batch_stage_rejects_only_the_article_it_fails_on(tmp_path, monkeypatch):
    original = TimexStage.__call__

    def poisoned(self, batch):
        if any("POISON" in a.text for a in batch.articles):
            raise RuntimeError("the tagger met a poisoned text")
        return original(self, batch)

    monkeypatch.setattr(TimexStage, "__call__", poisoned)
    records = [RawRecord(path=f"r{i}.txt", identity=f"r{i}", body=text, kind="text") for i, text in enumerate(REPORTS)]
    with Store(tmp_path / "s.db") as store:
        result = analyze_records(records, store, Options())
        stored = {a.path for a in store.articles()}
    assert stored == {"r0.txt", "r2.txt"}
    assert [r.path for r in result.rejected] == ["r1.txt"]
    assert "times" in result.rejected[0].reason and "poisoned" in result.rejected[0].reason
    assert result.exit_code == 1
