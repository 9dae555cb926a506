"""Fold analyzed articles into stories and threads through the incremental index of `newsfuse.stories`.

The index (tables `grp_*`) decides which story an article is in: it is the one truth of story
membership. `articles.story_id` and the `stories`/`threads` records are copies of it for reading,
rewritten by `sync_stories` for the stories a run or a correction queued (`pending`), in one
transaction with the rows they copy; `newsfuse check` verifies that the copies agree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from newsfuse.models import Article
from newsfuse.stories.features import featurize
from newsfuse.stories.index import StoryIndex
from newsfuse.store import PlainRows, Store  # noqa: F401 - PlainRows: re-exported for the callers here


def story_index(store: Store) -> StoryIndex:
    return StoryIndex(PlainRows(store.conn))


class Grouper:
    """Assigns each new article to a story as it is stored, and queues the stories it touched."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.index = story_index(store)
        self.touched: set[str] = set()

    def assign(self, articles: list[Article], conn: sqlite3.Connection) -> None:
        """File each article (a duplicate joins its original's story); call it in the transaction
        that stores the articles, so the queued story work commits with them or not at all."""
        touched: dict[str, None] = {}
        for article in articles:
            pin = self.index.story_of(article.duplicate_of) if article.duplicate_of else None
            article.story_id = self.index.assign(article.id, featurize(article), published=article.published, pin=pin)
            touched[article.story_id] = None
        # a later article may have merged an earlier story into another: both stories need syncing
        revisited = self.index.take_revisited()
        if revisited:
            touched.update(dict.fromkeys(revisited))
            for article in articles:
                article.story_id = self.index.story_of(article.id)
        self.store.queue("story", touched, "articles assigned", conn)
        self.touched.update(touched)


def sync_stories(store: Store, index: StoryIndex, story_ids: Iterable[str]) -> set[str]:
    """Copy the index's view of these stories (members, title, dates, thread) into `articles.story_id`
    and the `stories`/`threads` records, in the caller's transaction (or one of its own).

    A story the index no longer has loses its record and analysis, and its pending row. The threads
    of the stories (before and after) get their records refreshed and are queued for analysis.
    Returns the story ids found to be affected (the given ones and any an article left for).
    """
    with store.atomic() as conn:
        todo = list(dict.fromkeys(story_ids))
        seen: set[str] = set()
        threads: dict[str, None] = {}
        while todo:
            story_id = todo.pop()
            if story_id in seen:
                continue
            seen.add(story_id)
            old = conn.execute("SELECT thread_id FROM stories WHERE id = ?", (story_id,)).fetchone()
            if old and old[0]:
                threads[old[0]] = None
            # articles the copy still puts here but the index put elsewhere: their stories change too
            for (moved_to,) in conn.execute(
                    "SELECT g.story_id FROM articles a JOIN grp_articles g ON g.article_id = a.id "
                    "WHERE a.story_id = ? AND g.story_id <> ?", (story_id, story_id)).fetchall():
                if moved_to not in seen:
                    todo.append(moved_to)
                    store.queue("story", [moved_to], "an article moved in", conn)
            members = index.members(story_id)
            if not members:
                conn.execute("UPDATE articles SET story_id = NULL WHERE story_id = ?", (story_id,))
                store.delete_story(story_id, conn)
                store.done("story", [story_id], conn)
                continue
            record = index.story_record(story_id)
            store.set_story(members, story_id, conn)
            store.upsert_story(record, conn)
            threads[record.thread_id] = None
        for thread_id in threads:
            store.refresh_thread(thread_id, conn)
        gone = [t for t in threads if not conn.execute("SELECT 1 FROM threads WHERE id = ?", (t,)).fetchone()]
        store.done("thread", gone, conn)
        store.queue("thread", [t for t in threads if t not in gone], "story records changed", conn)
    return seen


def regroup_store(store: Store) -> dict[str, str]:
    """Recompute every story and thread from scratch (honouring the user's corrections).

    One transaction: the new grouping, the story and thread records copied from it, and every
    story queued for analysis (the caller, or the next run, does the analysis)."""
    index = story_index(store)
    with store.atomic() as conn:
        before = {r[0] for r in conn.execute("SELECT id FROM stories")}
        before |= {r[0] for r in conn.execute("SELECT DISTINCT story_id FROM grp_articles")}
        assignment = index.regroup()
        after = set(assignment.values())
        store.queue("story", sorted(before | after), "regroup", conn)
        sync_stories(store, index, sorted(before | after))
    return assignment
