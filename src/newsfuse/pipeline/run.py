"""Run newsfuse end to end: read inputs, run the stages, group, and store — in chunks.

`analyze()` is what both `newsfuse ingest` and `newsfuse analyze` call. Articles already in the
store (same input, same content) are not processed again, so a second run adds nothing. Each chunk
commits its articles, their story assignments and the story work they make necessary (the
`pending` queue) together; the queue is finished at the start (story records) and at the end
(everything) of every run, so a run killed at any moment and started again ends in the store an
uninterrupted run leaves. With `jobs` > 1 the article stages before dedup run in worker processes
(`pipeline.workers`), the next chunk parsed while this one is stored, and so does the story
analysis at the end; this process runs dedup, links entities and writes the store, in input
order, so the store ends the same for any number of jobs.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import BinaryIO


from newsfuse.errors import AmbiguousError, ConfigError, NotFoundError
from newsfuse.facts import FactsReader
from newsfuse.pipeline.grouping import STORY_PARTS, Grouper
from newsfuse.fetch import Fetcher, url_reader
from newsfuse.ingest import IngestLimits, RawRecord, read_inputs
from newsfuse.models import Article, Batch, Rejection, Story, Thread

from newsfuse.pipeline.contract import Pipeline
from newsfuse.pipeline.pending import Finished, finish_pending
from newsfuse.pipeline.indexes import StoreDuplicates, save_article_results
from newsfuse.pipeline.memory import give_back
from newsfuse.pipeline.stages import article_stages, batch_of, split_for_workers
from newsfuse.pipeline import workers as parsing
from newsfuse.pipeline.workers import ArticleWorkers, StoriesAhead, WorkerSettings, in_flight, run_isolated
from newsfuse.store import Store
from newsfuse.pipeline.story import StoryAnalyzer


Progress = Callable[[str, int], None]  # (what happened, how many inputs it concerns)
CHUNK_CHARS = 2_000_000  # input characters per chunk, by default


@dataclass(slots=True)
class Options:
    """Settings of a run; the CLI fills them from flags, environment and defaults."""

    model: str | None = None  # spaCy pipeline name (default: newsfuse.nlp.DEFAULT_MODEL)
    batch_size: int = 64  # texts per spaCy batch
    # records processed and committed together (NEWSFUSE_CHUNK_SIZE; the resume tests use small chunks)
    chunk_size: int = field(default_factory=lambda: _env_int("NEWSFUSE_CHUNK_SIZE", 256))
    # ... and at most about this many characters of input text (NEWSFUSE_CHUNK_CHARS): a chunk of
    # long articles is smaller, so memory follows the text held, not the number of records
    chunk_chars: int = field(default_factory=lambda: _env_int("NEWSFUSE_CHUNK_CHARS", CHUNK_CHARS))
    limits: IngestLimits = field(default_factory=IngestLimits)
    # the parts of a text of more than `grouping.ONE_STORY_PARTS` parts make consecutive stories
    # of this many parts (one thread), so one story's analysis stays bounded on any length
    story_parts: int = STORY_PARTS
    gazetteer: Path | None = None
    # processes parsing articles (NEWSFUSE_JOBS, default 1; the CLI's --jobs defaults to the cores):
    # the store is written by this process alone, and the result is the same for any number. More
    # than one starts worker processes ("spawn"), so a script calling the API with jobs > 1 needs
    # the `if __name__ == "__main__":` guard
    jobs: int = field(default_factory=lambda: _env_int("NEWSFUSE_JOBS", 1))
    # called with each stage's name as it starts, then "store", and "stories" before the story
    # analysis at the end (`newsfuse bench pipeline` measures memory per stage with it)
    on_stage: Callable[[str], None] | None = None


@dataclass(slots=True)
class RunResult:
    """What one run saw: every article of its inputs (new or already stored) and every rejection.

    `articles` is a sequence read from the store as it is used (`RunArticles`: its length and ids
    are held, not the articles), so a run of any size ends holding only its ids."""

    articles: Sequence[Article]
    rejected: list[Rejection]
    added: int
    already_stored: int
    stories: list[Story]
    threads: list[Thread]

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected else 0


def build_pipeline(store: Store, options: Options) -> Pipeline:
    """The article stages over the store's duplicate index; facts are read from the same spaCy
    parse as the mentions and left on each article (`Article.facts`)."""
    return Pipeline(article_stages(options, StoreDuplicates(store), consumers=[FactsReader()]))


def after_workers(pipeline: Pipeline) -> Pipeline:
    """The stages the main process runs over what the workers return (`split_for_workers`)."""
    parallel, local = split_for_workers(pipeline.stages)
    return Pipeline(local, provided=Pipeline(parallel).assigns)


def analyze(inputs: Iterable[str], store: Store, options: Options | None = None, *,
            stdin: BinaryIO | None = None, progress: Progress | None = None,
            fetcher: Fetcher | None = None) -> RunResult:
    """Read the inputs (paths, `-`, URLs) and run them through `analyze_records`."""
    options = options or Options()
    with url_reader(fetcher, max_bytes=options.limits.max_bytes) as read_urls:
        records = read_inputs(inputs, stdin=stdin, limits=options.limits, read_urls=read_urls)
        return analyze_records(records, store, options, progress=progress)


def analyze_records(records: Iterable[RawRecord | Rejection], store: Store, options: Options | None = None, *,
                    progress: Progress | None = None) -> RunResult:
    """Run records already read (or fetched, as `newsfuse watch` does) through the stages, group and store."""
    options = options or Options()
    analyzer = StoryAnalyzer(store, options.gazetteer)
    finish_pending(store, analyzer, analyse=False)  # an interrupted run's stories listed; analysed at the end
    pipeline = build_pipeline(store, options)
    grouper = Grouper(store, story_parts=options.story_parts)
    seen: dict[str, None] = {}  # article ids of this run's inputs, in input order
    rejected: list[Rejection] = []
    added = known = 0
    on_stage = options.on_stage or (lambda name: None)

    def new_articles() -> Iterator[tuple[int, Batch]]:
        nonlocal known
        for chunk in _chunks(iter(records), options.chunk_size, options.chunk_chars):
            batch = batch_of(((None, item) for item in chunk), seen)
            stored = store.known_ids(a.id for a in batch.articles)
            # a file a store of release 0.2.0 holds under its former id (from the file's full path)
            former = store.known_ids(a.former_id for a in batch.articles if a.former_id and a.former_id != a.id)
            stored |= {a.id for a in batch.articles if a.former_id in former}
            known += len(stored)
            batch.articles = [a for a in batch.articles if a.id not in stored]
            yield len(chunk), batch
        workers.warm_up()  # every chunk handed out: the workers load the story analysis' gazetteer

    with ArticleWorkers(options.jobs, WorkerSettings(options.model, options.batch_size, options.gazetteer)) as workers:
        rest = after_workers(pipeline) if options.jobs > 1 else None

        def start(item: tuple[int, Batch]):  # the workers parse this chunk while the last one is stored
            batch = item[1]
            # a few articles are parsed here, unless the workers are up already (spaCy loaded there)
            wanted = len(batch.articles) >= parsing.MIN_ARTICLES or (workers.started and batch.articles)
            return workers.submit(batch) if rest is not None and wanted else None

        def finish(item: tuple[int, Batch], ticket) -> Batch:
            batch = item[1]
            if ticket is not None:
                on_stage("workers")
                return run_isolated(rest, workers.result(ticket), options.on_stage)
            return run_isolated(pipeline, batch, options.on_stage) if batch.articles else batch

        for (records_read, _), batch in in_flight(new_articles(), start, finish, depth=1 if rest is None else 2):
            on_stage("store")
            with store.atomic() as conn:  # articles, their stories, the story work queued: all or nothing
                grouper.assign(batch.articles, conn)
                added += store.add_articles(batch.articles, conn)
                save_article_results(store, batch.articles, conn)  # band keys and facts, from the records
                store.add_rejections(batch.rejected, conn)
            rejected.extend(batch.rejected)
            if progress:
                progress("read", records_read)
            del batch  # the next chunk is read with this one's texts released
            give_back()  # and the pages they held returned to the system
        on_stage("stories")
        give_back(force=True)
        analyzer.ahead = stories_ahead(workers, store) if options.jobs > 1 else None
        finish_pending(store, analyzer)
    articles = RunArticles(store, in_ingest_order(store, list(seen)))
    mine = run_stories(store, articles.story_ids())
    threads = store.threads(ids={s.thread_id for s in mine if s.thread_id}) if mine else []
    return RunResult(articles, rejected, added, known, mine, threads)


PAGE = 500  # ids per statement when the run's articles and stories are read back


def in_ingest_order(store: Store, ids: list[str]) -> list[str]:
    """The stored ones of these article ids in ingest order, read a page of ids at a time (one
    statement for a whole run met SQLite's limit on parameters past 32,766 articles)."""
    order: list[tuple[int, str]] = []
    for i in range(0, len(ids), PAGE):
        page = ids[i:i + PAGE]
        order.extend((r[0], r[1]) for r in store.conn.execute(
            f"SELECT seq, id FROM articles WHERE id IN ({','.join('?' * len(page))})", page))
    order.sort()
    return [article_id for _, article_id in order]


def run_articles(store: Store, ids: list[str]) -> list[Article]:
    """The stored articles of these ids in ingest order, all at once."""
    return list(RunArticles(store, in_ingest_order(store, ids)))


class RunArticles(Sequence):
    """A run's stored articles in ingest order, read from the store a page at a time as they are
    used; holds their ids only. After the store is closed (`newsfuse.analyze` closes it) they are
    read from its file."""

    def __init__(self, store: Store, ids: list[str]) -> None:
        self.ids = ids
        self._store = store

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(self._read(self.ids[index]))
        return next(self._read([self.ids[index]]))

    def __iter__(self) -> Iterator[Article]:
        return self._read(self.ids)

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, (list, RunArticles)) else NotImplemented

    def __repr__(self) -> str:
        return f"RunArticles({len(self.ids)} articles)"

    def story_ids(self) -> set[str]:
        """The stories these articles are in (read without the articles)."""
        found: set[str] = set()
        with self._reading() as store:
            for i in range(0, len(self.ids), PAGE):
                page = self.ids[i:i + PAGE]
                found.update(r[0] for r in store.conn.execute(
                    f"SELECT DISTINCT story_id FROM articles WHERE story_id IS NOT NULL AND id IN "
                    f"({','.join('?' * len(page))})", page))
        return found

    def _read(self, ids: list[str]) -> Iterator[Article]:
        with self._reading() as store:
            for i in range(0, len(ids), PAGE):
                page = ids[i:i + PAGE]
                by_id = {a.id: a for a in store.articles(ids=page)}
                yield from (by_id[article_id] for article_id in page if article_id in by_id)

    @contextmanager
    def _reading(self) -> Iterator[Store]:
        try:
            self._store.conn.execute("SELECT 1")
        except sqlite3.ProgrammingError:  # closed: read the file it wrote
            with Store.existing(self._store.path) as store:
                yield store
            return
        yield self._store


def run_stories(store: Store, story_ids: set[str]) -> list[Story]:
    """These stories (those listed: with a record and articles) in list order, read one at a time:
    what the run touched, not every story of the store."""
    found = []
    for story_id in sorted(story_ids):
        try:
            story = store.story(story_id)
        except (NotFoundError, AmbiguousError):  # no record (or no article) under this id: not listed
            continue
        if story.id == story_id:  # not another story whose id starts with this one
            found.append(story)
    return sorted(found, key=lambda s: (s.date_start or "", s.id))


def analyse_pending(store: Store, jobs: int = 1, *, gazetteer: Path | None = None,
                    progress: Progress | None = None) -> Finished:
    """`finish_pending` (the queued story and thread analysis, e.g. after `regroup_store`) with the
    story analysis shared out to `jobs` worker processes; the store is written by this one."""
    analyzer = StoryAnalyzer(store, gazetteer)
    if jobs <= 1:
        return finish_pending(store, analyzer, progress=progress)
    with ArticleWorkers(jobs, WorkerSettings(None, Options().batch_size, gazetteer)) as workers:
        analyzer.ahead = stories_ahead(workers, store)
        return finish_pending(store, analyzer, progress=progress)


def stories_ahead(workers: ArticleWorkers, store: Store) -> StoriesAhead | None:
    """The workers analysing stories for this process to write, when they can read the store
    (a file; not an in-memory store)."""
    return StoriesAhead(workers, store.path) if Path(store.path).is_file() else None


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number", setting=name) from None
    if value < 1:
        raise ConfigError(f"{name}={raw!r} must be at least 1", setting=name)
    return value


def _chunks(items: Iterator, size: int, chars: int | None = None) -> Iterator[list]:
    """Consecutive lists of at most `size` items and, past the first item, at most about `chars`
    characters of record text (a record longer than `chars` is a chunk of its own)."""
    if chars is None:
        iterator = iter(items)
        while chunk := list(islice(iterator, size)):
            yield chunk
        return
    chunk: list = []
    held = 0
    for item in items:
        length = len(getattr(item, "body", "") or "")
        if chunk and (len(chunk) >= size or held + length > chars):
            yield chunk
            chunk, held = [], 0
        chunk.append(item)
        held += length
    if chunk:
        yield chunk
