"""Article stages and story analysis in worker processes (`--jobs N`): the store is written by the
one process that owns it, the parsing and the analysis are shared out.

Every article stage but dedup works on each article alone, so a batch can be cut into parts and
the parts parsed by several processes; dedup reads the run's duplicate index (the store and the
batch so far) and runs afterwards in the main process, in input order (`pipeline.stages.
split_for_workers`). The articles come back as the stages left them, so the store ends the same
as with one process.

Story analysis (`StoriesAhead`): once a run's articles are committed, each worker reads a story
from the store (WAL: a reader does not wait for the writer), runs the story stages on it and
returns its documents; the main process links the entities to the store-wide entity index and
writes, story by story in the order it would analyse them itself, while the workers go on with
the next stories. Nothing a story's analysis reads is written by another story's, so the
documents are the ones one process writes.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsfuse.errors import ConfigError, StageError
from newsfuse.models import Batch, Rejection
from newsfuse.pipeline.contract import Pipeline
from newsfuse.pipeline.memory import give_back

# A batch is cut into parts of about this many characters (and at most PART_ARTICLES articles)
# for the workers: small enough to keep every worker busy, large enough for spaCy's batching.
PART_CHARS = 60_000
PART_ARTICLES = 32
# Fewer new articles than this in a batch are parsed in the main process: starting the workers
# (a spaCy load each) costs more than it saves on a handful of texts.
MIN_ARTICLES = 24
# Fewer stories than this to analyse are analysed in the main process (each worker loads the
# gazetteer before its first story).
MIN_STORIES = 8
# Stories handed out ahead of the one being written, per worker: enough to keep them busy while
# the main process writes a batch and analyses its threads (pending.STORIES_PER_TRANSACTION
# stories a batch), few enough that the analyses waiting stay small.
STORIES_AHEAD = 8


def default_jobs() -> int:
    """The cores this process may really use: those it may run on (CPU affinity), and no more than
    its cgroup's CPU quota allows (a container or CI runner given 2 cores of a bigger host sees
    all the host's cores in `os.cpu_count()`, but gets 2 cores' time)."""
    try:
        cores = max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        cores = max(1, os.cpu_count() or 1)
    quota = cgroup_cpu_quota()
    return max(1, min(cores, int(quota))) if quota is not None else cores


CGROUP_ROOT = Path("/sys/fs/cgroup")


def cgroup_cpu_quota(root: Path | None = None) -> float | None:
    """The CPUs' worth of time this process' cgroup may use (quota / period), or None when it has
    no limit or none is found: cgroup v2 (`cpu.max`, "max 100000" when unlimited) of the process'
    own cgroup or the root's, else v1 (`cpu.cfs_quota_us`, -1 when unlimited)."""
    root = CGROUP_ROOT if root is None else root
    candidates = []
    try:  # v2: "0::/some/group" names the process' own cgroup
        for line in Path("/proc/self/cgroup").read_text(encoding="ascii").splitlines():
            if line.startswith("0::"):
                candidates.append(root / line[3:].strip().lstrip("/") / "cpu.max")
    except OSError:
        pass
    candidates.append(root / "cpu.max")
    for path in candidates:
        try:
            quota, _, period = path.read_text(encoding="ascii").strip().partition(" ")
        except OSError:
            continue
        if quota == "max":
            return None
        try:
            return int(quota) / int(period or 100_000)
        except (ValueError, ZeroDivisionError):
            return None
    for folder in (root / "cpu", root / "cpu,cpuacct", root):  # v1
        try:
            quota = int((folder / "cpu.cfs_quota_us").read_text(encoding="ascii"))
            period = int((folder / "cpu.cfs_period_us").read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue
        return quota / period if quota > 0 and period > 0 else None
    return None


@dataclass(slots=True, frozen=True)
class WorkerSettings:
    """What a worker needs to build its stages (picklable: no callbacks, no store)."""

    model: str | None
    batch_size: int
    gazetteer: Path | None = None  # the story analysis' gazetteer file (None: the packaged one)


@dataclass(slots=True, frozen=True)
class _Failed:
    """A setting a worker could not use (an unknown spaCy pipeline): raised again in the main process."""

    message: str
    setting: str | None


_pipeline = None  # the worker's own article stages (built once per worker process)
_settings: WorkerSettings | None = None
_analyzers: dict = {}  # store path -> the worker's StoryAnalyzer over that store opened read-only
_story_pipelines: dict = {}  # the story stages, per set of entity corrections


def _start_worker(settings: WorkerSettings, parent: int) -> None:
    global _pipeline, _settings
    _settings = settings
    from newsfuse.facts import FactsReader
    from newsfuse.pipeline.contract import INGESTED
    from newsfuse.pipeline.stages import article_stages, split_for_workers

    try:
        parallel, _ = split_for_workers(article_stages(settings, None, consumers=[FactsReader()]))
        _pipeline = Pipeline(parallel, provided=INGESTED)
    except Exception as exc:  # noqa: BLE001 - told to the main process with the first part, not a respawn loop
        _pipeline = _Failed(f"the worker could not build its stages: {type(exc).__name__}: {exc}", None)
    # a worker whose main process was killed (SIGKILL leaves no time to stop it) ends itself
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _run_part(batch: Batch) -> Batch | _Failed:
    if isinstance(_pipeline, _Failed):
        return _pipeline
    give_back()  # the last part's pages, freed once it was sent, returned before this one is parsed
    try:
        return run_isolated(_pipeline, batch, None)
    except StageError as exc:  # a setting, not an input: every part would fail alike
        cause = exc.__cause__
        return _Failed(str(cause or exc), getattr(cause, "setting", None))
    except ConfigError as exc:
        return _Failed(str(exc), exc.setting)


@dataclass(slots=True, frozen=True)
class StoryTask:
    """One story for a worker to analyse: where the store is, which story, the user's entity
    corrections (the main process reads them once, so every story sees the same)."""

    store_path: str
    story_id: str
    corrections: object  # entities.corrections.Corrections


def _analyse_story(task: StoryTask):
    """`StoryAnalyzer.analysed` in a worker: an `AnalysedStory`, a `StageFailure`, or None."""
    import json

    from newsfuse.pipeline.stages import story_pipeline
    from newsfuse.pipeline.story import StoryAnalyzer
    from newsfuse.store import Store

    analyzer = _analyzers.get(task.store_path)
    if analyzer is None:
        store = Store(task.store_path)  # already at the current schema: opening it writes nothing
        store.conn.execute("PRAGMA query_only = ON")  # the main process alone writes
        analyzer = _analyzers[task.store_path] = StoryAnalyzer(store)
    key = json.dumps(task.corrections.to_dict(), sort_keys=True)
    if key not in _story_pipelines:
        _story_pipelines[key] = story_pipeline(_gazetteer(), task.corrections)
    return analyzer.analysed(task.story_id, _story_pipelines[key])


def _gazetteer():
    """The worker's gazetteer, loaded once (a few CPU seconds: `warm_up` has it loaded while the
    main process stores the last articles)."""
    global _loaded_gazetteer
    if _loaded_gazetteer is None:
        from newsfuse.entities import Gazetteer

        _loaded_gazetteer = Gazetteer.load(_settings.gazetteer if _settings else None)
    return _loaded_gazetteer


_loaded_gazetteer = None


def _warm_up() -> None:
    _gazetteer()


def run_isolated(pipeline: Pipeline, batch: Batch, on_stage: Callable[[str], None] | None) -> Batch:
    """The batch through the stages; when a batch-scope stage fails on the batch as a whole, each
    article goes through alone, so only the one it fails on is rejected (naming the stage)."""
    articles, rejected = list(batch.articles), list(batch.rejected)
    try:
        return pipeline.run(batch, on_stage=on_stage)
    except StageError as exc:
        if isinstance(exc.__cause__, ConfigError):  # a bad setting (an unknown spaCy pipeline), not a bad input
            raise
        if len(articles) == 1:
            return Batch(rejected=[*rejected, Rejection(articles[0].path, str(exc).split("\n", 1)[0])])
    done = Batch(rejected=rejected)
    for article in articles:
        try:
            single = pipeline.run(Batch(articles=[article]))
        except StageError as exc:
            done.rejected.append(Rejection(article.path, f"{exc}".split("\n", 1)[0]))
            continue
        done.articles.extend(single.articles)
        done.rejected.extend(single.rejected)
    return done


def parts(batch: Batch, chars: int | None = None, size: int | None = None) -> list[Batch]:
    """The batch's articles in consecutive parts of about `chars` characters and at most `size`
    articles (PART_CHARS, PART_ARTICLES), input order kept; rejections stay with the first."""
    chars, size = chars or PART_CHARS, size or PART_ARTICLES
    out: list[Batch] = []
    current: list = []
    held = 0
    for article in batch.articles:
        if current and (len(current) >= size or held + len(article.raw) > chars):
            out.append(Batch(current))
            current, held = [], 0
        current.append(article)
        held += len(article.raw)
    if current:
        out.append(Batch(current))
    if out:
        out[0].rejected = list(batch.rejected)
    return out or [Batch(rejected=list(batch.rejected))]


def joined(done: list[Batch]) -> Batch:
    """The parts' results as one batch, in input order."""
    return Batch([a for part in done for a in part.articles], [r for part in done for r in part.rejected])


class ArticleWorkers:
    """A pool of `jobs` processes running the article stages before dedup; started on first use.

    `submit` hands a batch out in parts and returns a ticket; `result(ticket)` waits for its parts
    and returns the batch. Several batches may be in flight, so the workers parse the next one
    while the main process stores this one.
    """

    def __init__(self, jobs: int, settings: WorkerSettings) -> None:
        self.jobs = jobs
        self.settings = settings
        self._pool = None

    def __enter__(self) -> "ArticleWorkers":
        return self

    def __exit__(self, kind, value, trace) -> None:
        if kind is None:
            self.close()
        else:  # interrupted: do not wait for parts nobody will store
            self.terminate()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def terminate(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    @property
    def pool(self):
        if self._pool is None:
            # spawn, not fork: the main process holds an open SQLite store and the language
            # detector's threads, which a forked child must not inherit
            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(self.jobs, initializer=_start_worker, initargs=(self.settings, os.getpid()))
        return self._pool

    def warm_up(self) -> None:
        """Have the workers, if started, load what story analysis needs once they are done with
        the parts handed out (each worker takes about one: they take a few seconds each)."""
        if self._pool is not None:
            for _ in range(self.jobs):
                self._pool.apply_async(_warm_up)

    def submit(self, batch: Batch) -> list:
        return [self.pool.apply_async(_run_part, (part,)) for part in parts(batch)]

    @staticmethod
    def result(ticket: list) -> Batch:
        done = []
        for pending in ticket:
            part = pending.get()
            if isinstance(part, _Failed):
                raise ConfigError(part.message, setting=part.setting)
            done.append(part)
        return joined(done)


class StoriesAhead:
    """Story analyses done by the workers ahead of the main process writing them
    (`StoryAnalyzer.ahead`): `expect` lists the stories in the order they will be asked for,
    `take` returns one's analysis, or `NOT_AHEAD` when it was not handed out (it is then done in
    the main process, as without workers)."""

    def __init__(self, workers: ArticleWorkers, store_path: str, minimum: int | None = None) -> None:
        self.workers = workers
        self.store_path = store_path
        self.minimum = MIN_STORIES if minimum is None else minimum
        self._waiting: deque[str] = deque()  # expected, not handed out yet
        self._handed: dict[str, object] = {}  # story id -> its pending analysis, in hand-out order
        self._corrections = None

    def expect(self, story_ids: list[str], corrections) -> None:
        if len(story_ids) + len(self._waiting) + len(self._handed) < self.minimum:
            return
        self._corrections = corrections
        self._waiting.extend(s for s in story_ids if s not in self._handed)
        self._hand_out()

    def take(self, story_id: str, corrections):
        from newsfuse.pipeline.story import NOT_AHEAD

        pending = self._handed.pop(story_id, None)
        if pending is None and story_id in self._waiting:  # asked for before its turn came
            self._waiting.remove(story_id)
        if pending is None or corrections != self._corrections:  # corrections changed since: redone here
            self._hand_out()
            return NOT_AHEAD
        self._hand_out()  # the workers go on while this one is written
        return pending.get()

    def _hand_out(self) -> None:
        room = STORIES_AHEAD * self.workers.jobs - len(self._handed)
        while room > 0 and self._waiting:
            story_id = self._waiting.popleft()
            task = StoryTask(self.store_path, story_id, self._corrections)
            self._handed[story_id] = self.workers.pool.apply_async(_analyse_story, (task,))
            room -= 1


def in_flight(items: Iterator, start, finish, depth: int = 2) -> Iterator:
    """`finish(start(item))` for each item, in order, with up to `depth` items started ahead."""
    started: deque = deque()
    for item in items:
        started.append((item, start(item)))
        if len(started) >= depth:
            first, ticket = started.popleft()
            yield first, finish(first, ticket)
    while started:
        first, ticket = started.popleft()
        yield first, finish(first, ticket)
