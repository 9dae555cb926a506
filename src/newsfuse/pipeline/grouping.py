"""Fold analyzed articles into stories and threads through the incremental index of `newsfuse.stories`.

The index (tables `grp_*`) decides; this module keeps the store's `articles.story_id`, `stories`
and `threads` in step with it, for the stories a run or a correction touched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from newsfuse.models import Article, Story, Thread
from newsfuse.stories.features import featurize
from newsfuse.stories.index import StoryIndex
from newsfuse.store import Store


class PlainRows:
    """The store's connection, answering with plain tuples (the store itself reads `sqlite3.Row`s)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        cursor = self._conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params)

    def executemany(self, sql: str, rows) -> sqlite3.Cursor:
        cursor = self._conn.cursor()
        cursor.row_factory = None
        return cursor.executemany(sql, rows)


def story_index(store: Store) -> StoryIndex:
    return StoryIndex(PlainRows(store.conn))


class Grouper:
    """Assigns each new article to a story as it is stored; `finish` refreshes the touched records."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.index = story_index(store)
        self.touched: set[str] = set()

    def assign(self, articles: list[Article], conn: sqlite3.Connection) -> None:
        """File each article (a duplicate joins its original's story)."""
        for article in articles:
            pin = self.index.story_of(article.duplicate_of) if article.duplicate_of else None
            article.story_id = self.index.assign(article.id, featurize(article), published=article.published, pin=pin)
            self.touched.add(article.story_id)

    def finish(self) -> tuple[list[Story], list[Thread]]:
        """Store the touched stories' records and their threads; return every story and thread."""
        sync_stories(self.store, self.index, self.touched)
        return self.store.stories(), self.store.threads()


def sync_stories(store: Store, index: StoryIndex, story_ids: Iterable[str]) -> None:
    """Write the index's view of these stories (members, title, dates, thread) into the store."""
    with store.transaction() as conn:
        threads: set[str] = set()
        for story_id in story_ids:
            members = index.members(story_id)
            if not members:
                store.delete_story(story_id, conn)
                continue
            record = index.story_record(story_id)
            store.set_story(members, story_id, conn)
            store.upsert_story(record, conn)
            threads.add(record.thread_id)
        for thread_id in threads:
            store.refresh_thread(thread_id, conn)


def regroup_store(store: Store) -> dict[str, str]:
    """Recompute every story and thread from scratch (honouring the user's corrections)."""
    index = story_index(store)
    with store.transaction():
        assignment = index.regroup()
    with store.transaction() as conn:
        conn.execute("DELETE FROM stories")
        conn.execute("DELETE FROM threads")
    sync_stories(store, index, set(assignment.values()))
    return assignment
