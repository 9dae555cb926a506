"""A run interrupted at any moment, then run again, ends in the store an uninterrupted run leaves.

The corpus is generated (`newsfuse.eval.resume.write_corpus`: short reports in our own words on
invented events). In-process tests interrupt at the two moments the issue measured (after two
chunks; inside the story analysis); the slow test SIGKILLs `newsfuse ingest` at random moments.
"""

import json

import pytest

from newsfuse.eval.resume import compare_runs, store_digest, write_corpus
from newsfuse.pipeline import pending
from newsfuse.pipeline import stages as stages_module
from newsfuse.pipeline.run import Options, analyze
from newsfuse.pipeline.story import StoryAnalyzer
from newsfuse.present.views import report_for
from newsfuse.store import Store
from newsfuse.store.check import check_store

pytestmark = pytest.mark.slow

ARTICLES = 30
CHUNK = 6


class Killed(BaseException):
    """Stands in for the process dying: nothing after it runs, the open transaction rolls back."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, ARTICLES, seed=3)
    return folder


def ingest(corpus, path):
    with Store(path) as store:
        return analyze([str(corpus)], store, Options(chunk_size=CHUNK))


def report(corpus, path, tmp_path):
    with Store(path) as store:
        result = analyze([str(corpus)], store, Options(chunk_size=CHUNK))
        document = report_for(store, result, tmp_path / f"{path.stem}.json")
    document.pop("generated_at")
    return json.loads(json.dumps(document))


@pytest.fixture(scope="module")
def uninterrupted(corpus, tmp_path_factory):
    path = tmp_path_factory.mktemp("base") / "base.db"
    ingest(corpus, path)
    return path


def assert_same_as_uninterrupted(corpus, path, uninterrupted, tmp_path):
    with Store(path) as store:
        assert check_store(store) == []
    assert store_digest(path) == store_digest(uninterrupted)
    expected = report(corpus, uninterrupted, tmp_path)
    got = report(corpus, path, tmp_path)
    assert got == expected
    assert len(got["stories"]) > 1 and all(s["entities"] and s["timeline"] for s in got["stories"])


def test_killed_after_two_chunks_then_run_again(corpus, uninterrupted, tmp_path, monkeypatch):
    path = tmp_path / "k.db"
    calls = {"n": 0}
    real = stages_module.article_from_record

    def dies_in_the_third_chunk(record):
        calls["n"] += 1
        if calls["n"] > 2 * CHUNK + 3:
            raise Killed
        return real(record)

    monkeypatch.setattr(stages_module, "article_from_record", dies_in_the_third_chunk)
    with pytest.raises(Killed):
        ingest(corpus, path)
    with Store(path) as store:
        assert store.count_articles() == 2 * CHUNK
        assert store.pending("story")  # the stories of the two chunks, written down with them
    monkeypatch.setattr(stages_module, "article_from_record", real)
    ingest(corpus, path)
    assert_same_as_uninterrupted(corpus, path, uninterrupted, tmp_path)


def test_killed_inside_the_story_analysis_then_run_again(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(pending, "STORIES_PER_TRANSACTION", 2)  # several batches: the first one is kept
    uninterrupted = tmp_path / "base.db"
    ingest(corpus, uninterrupted)
    path = tmp_path / "k.db"
    real = StoryAnalyzer.refresh
    calls = {"n": 0}

    def dies_in_the_second_batch(self, story_ids):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Killed
        return real(self, story_ids)

    monkeypatch.setattr(StoryAnalyzer, "refresh", dies_in_the_second_batch)
    with pytest.raises(Killed):
        ingest(corpus, path)
    with Store(path) as store:
        assert store.count_articles() == ARTICLES
        left = {p.key for p in store.pending("story")}
        assert left and len(left) < len(store.stories())  # the first batch is done, the rest is written down
    monkeypatch.setattr(StoryAnalyzer, "refresh", real)
    ingest(corpus, path)
    assert_same_as_uninterrupted(corpus, path, uninterrupted, tmp_path)


def test_sigkill_at_random_moments_then_the_same_command(tmp_path):
    folder = tmp_path / "corpus"
    write_corpus(folder, 40, seed=5)
    figures = compare_runs([str(folder)], tmp_path, kills=3, seed=5, chunk_size=CHUNK)
    assert figures["kills landed"] >= 1, figures
    assert figures["check problems"] == 0, figures
    assert figures["tables different"] == [], figures
    assert figures["report equal"], figures
