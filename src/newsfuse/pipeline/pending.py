"""Finish what the store's `pending` queue says is not done yet, and repair what `check` finds.

Writes that make derived work necessary (articles assigned to a story, a correction, a regroup)
queue it in their own transaction; `finish_pending` does it, and strikes each row off in the
transaction that stores its result. A run calls it at its start (what an interrupted run left:
story records at once, the analysis with its own at its end) and at its end, so a run killed at
any moment and run again ends where an uninterrupted run ends.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from newsfuse.pipeline.grouping import grouping_features, story_index, sync_stories
from newsfuse.pipeline.story import StoryAnalyzer
from newsfuse.store import Store
from newsfuse.store.check import Violation, check_store, orphan_rules, rebuild_fts

STORIES_PER_TRANSACTION = 16  # analysed stories committed together: a kill loses at most this many
RECORDS_PER_TRANSACTION = 500

Progress = Callable[[str, int], None]


@dataclass(slots=True)
class Finished:
    """What `finish_pending` did."""

    stories: int = 0  # stories analysed
    threads: int = 0  # threads analysed on their own (not as part of their stories' batches)

    @property
    def total(self) -> int:
        return self.stories + self.threads


def queue_discovered(store: Store, *, full: bool = False) -> list[Violation]:
    """Queue the work the store's own state shows is missing (stale analysis, a story without its
    record, ...): what a store written before the queue existed, or an import, needs."""
    found = check_store(store, full=full)
    with store.atomic() as conn:
        for violation in found:
            if violation.fix and violation.rule != "pending":
                store.queue(violation.fix[0], [violation.fix[1]], violation.rule, conn)
    return found


def finish_pending(store: Store, analyzer: StoryAnalyzer | None = None, *, analyse: bool = True,
                   progress: Progress | None = None) -> Finished:
    """Do every queued piece of work: story records first, then story analysis (a thread's stories
    together), then the threads left over. Safe to interrupt at any point.

    `analyse=False` does the records only: a run starts so, and analyses at its end, once, every
    story the queue then holds. Analysing at the start as well would redo the stories the run goes
    on to extend, and leave a different store (the store-wide entity index numbers each linking)."""
    analyzer = analyzer or StoryAnalyzer(store)
    queue_discovered(store)
    done = Finished()
    index = story_index(store)
    keys = [p.key for p in store.pending("story")]
    for i in range(0, len(keys), RECORDS_PER_TRANSACTION):
        sync_stories(store, index, keys[i:i + RECORDS_PER_TRANSACTION])
    if not analyse:
        return done
    batches = _batches_by_thread(store, [p.key for p in store.pending("story")])
    analyzer.expect([story_id for batch in batches for story_id in sorted(batch)])  # workers, if any, start
    for batch in batches:
        with store.atomic() as conn:
            failed = _done_but(store, analyzer.refresh(set(batch)), conn)
            store.done("story", [s for s in batch if ("story", s) not in failed], conn)
            threads = store.thread_ids(batch)
            still = _pending_in_threads(conn, threads)
            store.done("thread", [t for t in threads if ("thread", t) not in failed
                                  and not set(store.thread_story_ids(t)) & still], conn)
        done.stories += len(batch)
        if progress:
            progress("analyzed", len(batch))
    threads = [p.key for p in store.pending("thread")]
    for i in range(0, len(threads), STORIES_PER_TRANSACTION):
        batch = threads[i:i + STORIES_PER_TRANSACTION]
        with store.atomic() as conn:
            for thread_id in batch:
                store.refresh_thread(thread_id, conn)
            failed = _done_but(store, analyzer.refresh_threads(set(batch)), conn)
            store.done("thread", [t for t in batch if ("thread", t) not in failed], conn)
        done.threads += len(batch)
    return done


def _pending_in_threads(conn, thread_ids: set[str]) -> set[str]:
    """The stories of these threads still pending (read for them alone, not the whole queue: a
    large queue was read again after every batch)."""
    if not thread_ids:
        return set()
    return {r[0] for r in conn.execute(
        "SELECT p.key FROM pending p JOIN stories s ON s.id = p.key WHERE p.scope = 'story' "
        "AND s.thread_id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(thread_ids)),))}


def _done_but(store: Store, failures, conn) -> set[tuple[str, str]]:
    """The stories and threads a stage failed on stay pending, with the failure as the reason (so
    `check` shows it and the next run tries again); returns them as (scope, key)."""
    failed = set()
    for failure in failures or []:
        store.done(failure.scope, [failure.key], conn)
        store.queue(failure.scope, [failure.key], f"analysis failed: {failure.reason}", conn)
        failed.add((failure.scope, failure.key))
    return failed


def _batches_by_thread(store: Store, story_ids: list[str]) -> list[list[str]]:
    """Pending stories in batches that keep a thread's stories together (its figures are cross-checked
    once per batch), at most about STORIES_PER_TRANSACTION stories a batch."""
    by_thread: dict[str, list[str]] = {}
    # the records of these stories alone, not every story of the store
    for row in store.conn.execute("SELECT id, thread_id FROM stories WHERE id IN (SELECT value FROM json_each(?)) "
                                  "ORDER BY thread_id, date_start, id", (json.dumps(sorted(set(story_ids))),)):
        by_thread.setdefault(row["thread_id"] or "", []).append(row["id"])
    batches: list[list[str]] = []
    current: list[str] = []
    for members in by_thread.values():
        if current and len(current) + len(members) > STORIES_PER_TRANSACTION:
            batches.append(current)
            current = []
        current.extend(members)
    if current:
        batches.append(current)
    return batches


def repair(store: Store, analyzer: StoryAnalyzer | None = None) -> list[Violation]:
    """Fix what `check_store` finds: index unindexed articles, drop orphan rows, rebuild full-text
    search, finish every pending piece of work. Returns what a check finds afterwards."""
    found = check_store(store, full=True)
    rules = {v.rule for v in found}
    with store.atomic() as conn:
        if "unindexed" in rules:
            _index_articles(store, [v.key for v in found if v.rule == "unindexed"], conn)
        for rule in orphan_rules():
            if rule.name in rules:
                conn.execute(rule.delete)
        if "fts" in rules:
            rebuild_fts(conn)
        for violation in found:
            if violation.fix and violation.rule != "pending":
                store.queue(violation.fix[0], [violation.fix[1]], violation.rule, conn)
    finish_pending(store, analyzer)
    return check_store(store, full=True)


def _index_articles(store: Store, article_ids: list[str], conn) -> None:
    """File stored articles the story index lacks (a store written outside the pipeline)."""
    index = story_index(store)
    touched: dict[str, None] = {}
    for article in store.articles(ids=article_ids):
        pin = index.story_of(article.duplicate_of) if article.duplicate_of else None
        touched[index.assign(article.id, grouping_features(article, conn), published=article.published, pin=pin)] = None
        if article.story_id:
            touched[article.story_id] = None
    store.queue("story", touched, "articles indexed", conn)
