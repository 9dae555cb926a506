"""`--jobs`: articles parsed by several processes leave the store one process leaves."""

import pytest

from newsfuse.eval.resume import store_digest, write_corpus
from newsfuse.models import Article, Batch
from newsfuse.pipeline import workers
from newsfuse.pipeline.run import Options, analyze
from newsfuse.pipeline.stages import DedupStage, article_stages, split_for_workers
from newsfuse.store import Store


def test_only_dedup_stays_in_the_main_process():
    parallel, local = split_for_workers(article_stages(None, None))
    assert [type(s) for s in local] == [DedupStage]
    assert [s.name for s in parallel] == ["clean", "language", "metadata", "times", "nlp"]


def test_parts_keep_input_order_and_rejections():
    batch = Batch([Article(id=str(i), path=f"{i}.txt", raw="x" * 400) for i in range(10)])
    batch.reject(Article(id="bad", path="bad.txt", raw=""), "empty file")
    parts = workers.parts(batch, chars=1_000, size=3)
    assert [len(p.articles) for p in parts] == [2, 2, 2, 2, 2]
    assert [a.id for a in workers.joined(parts).articles] == [str(i) for i in range(10)]
    assert [r.path for r in workers.joined(parts).rejected] == ["bad.txt"]


@pytest.mark.slow
def test_two_jobs_leave_the_same_store(tmp_path, monkeypatch):
    pytest.importorskip("spacy")
    monkeypatch.setattr(workers, "MIN_ARTICLES", 4)
    monkeypatch.setattr(workers, "PART_ARTICLES", 5)  # several parts, so both workers parse
    handed_out = []
    submit = workers.ArticleWorkers.submit
    monkeypatch.setattr(workers.ArticleWorkers, "submit",
                        lambda self, batch: handed_out.append(len(batch.articles)) or submit(self, batch))
    corpus = write_corpus(tmp_path / "corpus", 16, seed=3)[0].parent
    with Store(tmp_path / "one.db") as store:
        one = analyze([str(corpus)], store, Options(jobs=1, chunk_size=5))
    with Store(tmp_path / "two.db") as store:
        two = analyze([str(corpus)], store, Options(jobs=2, chunk_size=5))
    assert one.added == two.added == 16
    # the second run's articles went to the workers, the last one too: they were up
    assert handed_out == [5, 5, 5, 1]
    assert store_digest(tmp_path / "two.db") == store_digest(tmp_path / "one.db")


def stories_from_workers(monkeypatch) -> list[bool]:
    """Story analysis goes to the workers however few the stories; the list returned says, for each
    story the main process writes, whether a worker analysed it."""
    from newsfuse.pipeline.story import NOT_AHEAD

    monkeypatch.setattr(workers, "MIN_STORIES", 1)
    from_workers: list[bool] = []
    take = workers.StoriesAhead.take
    monkeypatch.setattr(workers.StoriesAhead, "take", lambda self, story_id, corrections: (
        found := take(self, story_id, corrections), from_workers.append(found is not NOT_AHEAD))[0])
    return from_workers


@pytest.mark.slow
def test_stories_analysed_by_the_workers_are_the_ones_one_process_writes(tmp_path, monkeypatch):
    """The demo corpus with --jobs 1 and --jobs 2, the second with its story analysis done in the
    workers: the same JSON report and the same story and thread documents, row for row."""
    pytest.importorskip("spacy")
    from newsfuse.demo import corpus_dir
    from newsfuse.eval.resume import json_report

    monkeypatch.setattr(workers, "MIN_ARTICLES", 4)
    from_workers = stories_from_workers(monkeypatch)
    for jobs in (1, 2):
        with Store(tmp_path / f"{jobs}.db") as store:
            analyze([str(corpus_dir())], store, Options(jobs=jobs))
    assert from_workers and all(from_workers)  # every story of the second run was analysed by a worker
    one, two = json_report(tmp_path / "1.db"), json_report(tmp_path / "2.db")
    assert two == one
    assert any(story["entities"] and story["timeline"] for story in one["stories"])  # documents, not empty ones
    assert store_digest(tmp_path / "2.db") == store_digest(tmp_path / "1.db")  # analysis table included


@pytest.mark.slow
def test_regroup_with_two_jobs_writes_what_one_writes(demo_store, tmp_path, monkeypatch):
    """`newsfuse regroup --jobs 2` has its story analysis done by the workers, and ends in the store
    `--jobs 1` leaves."""
    import shutil

    from typer.testing import CliRunner

    from newsfuse.cli.main import app
    from newsfuse.eval.resume import json_report

    from_workers = stories_from_workers(monkeypatch)
    for jobs in (1, 2):
        shutil.copy(demo_store, tmp_path / f"{jobs}.db")
        done = CliRunner().invoke(app, ["regroup", "--db", str(tmp_path / f"{jobs}.db"), "--jobs", str(jobs), "--json"])
        assert done.exit_code == 0, done.output
    assert from_workers and all(from_workers)  # the second regroup's stories were analysed by the workers
    assert json_report(tmp_path / "2.db") == json_report(tmp_path / "1.db")
    assert store_digest(tmp_path / "2.db") == store_digest(tmp_path / "1.db")


class _Done:
    def __init__(self, value) -> None:
        self.value = value

    def get(self):
        return self.value


class _FakePool:
    """Runs nothing: records what was handed out, answers with the story id."""

    def __init__(self) -> None:
        self.handed: list[str] = []

    def apply_async(self, function, args):
        self.handed.append(args[0].story_id)
        return _Done(f"analysed {args[0].story_id}")


class _FakeWorkers:
    jobs = 2

    def __init__(self) -> None:
        self.pool = _FakePool()


def test_stories_are_handed_out_ahead_in_order_and_a_bounded_number_at_a_time():
    from newsfuse.entities.corrections import Corrections
    from newsfuse.pipeline.story import NOT_AHEAD

    fake = _FakeWorkers()
    ahead = workers.StoriesAhead(fake, "store.db", minimum=1)
    ids = [f"s{i:02d}" for i in range(20)]
    ahead.expect(ids, Corrections())
    window = workers.STORIES_AHEAD * fake.jobs
    assert fake.pool.handed == ids[:window]  # no more analyses wait in memory than the window
    assert ahead.take("s00", Corrections()) == "analysed s00"
    assert fake.pool.handed == ids[:window + 1]  # the workers go on while s00 is written
    assert ahead.take("unknown", Corrections()) is NOT_AHEAD  # never expected: analysed by the caller
    # the user corrected an entity since the stories were handed out: the caller analyses it again
    assert ahead.take("s01", Corrections(renames={"e1": "Name"})) is NOT_AHEAD
    assert ahead.take("s02", Corrections()) == "analysed s02"


def test_few_stories_stay_in_the_main_process():
    from newsfuse.entities.corrections import Corrections
    from newsfuse.pipeline.story import NOT_AHEAD

    fake = _FakeWorkers()
    ahead = workers.StoriesAhead(fake, "store.db")
    ahead.expect(["s1", "s2"], Corrections())
    assert fake.pool.handed == []
    assert ahead.take("s1", Corrections()) is NOT_AHEAD
