"""The story index's tables (`grp_*`) and its row-level access, shared by the parts of `StoryIndex`.

The store runs `STORY_TABLES` and `LINK_SCHEMA` in its migrations (3 and 9; `SCHEMA` is both). The
index never creates tables and never commits: the caller owns the connection and its transactions.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence

from newsfuse.errors import NotFoundError
from newsfuse.stories.features import StoryFeatures
from newsfuse.stories.grouping import CANDIDATES
from newsfuse.stories.model import ArticleVector, DocFrequencies, StoryProfile, keys_for_df

STORY_TABLES: list[str] = [  # migration 3 (shipped: never edit it)
    """CREATE TABLE IF NOT EXISTS grp_meta (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS grp_df (
        key TEXT PRIMARY KEY,
        n INTEGER NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS grp_articles (
        article_id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        published TEXT,
        features BLOB NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS grp_articles_story ON grp_articles (story_id, seq)",
    """CREATE TABLE IF NOT EXISTS grp_stories (
        story_id TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL,
        size INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        profile BLOB NOT NULL,
        thread_part BLOB
    )""",
    "CREATE INDEX IF NOT EXISTS grp_stories_thread ON grp_stories (thread_id)",
    """CREATE TABLE IF NOT EXISTS grp_keys (
        key TEXT NOT NULL,
        story_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (key, story_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS grp_keys_recent ON grp_keys (key, seq)",
    "CREATE INDEX IF NOT EXISTS grp_keys_story ON grp_keys (story_id)",
    """CREATE TABLE IF NOT EXISTS grp_threads (
        thread_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        profile BLOB NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS grp_thread_keys (
        key TEXT NOT NULL,
        thread_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (key, thread_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS grp_thread_keys_recent ON grp_thread_keys (key, seq)",
    "CREATE INDEX IF NOT EXISTS grp_thread_keys_thread ON grp_thread_keys (thread_id)",
    """CREATE TABLE IF NOT EXISTS grp_constraints (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('must', 'cannot')),
        seq INTEGER NOT NULL,
        PRIMARY KEY (a, b, kind)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS grp_constraints_b ON grp_constraints (b)",
]

# Migration 9: each article's own index keys (postings, by the article's assignment seq) and its
# links to its nearest reports, so a new article is linked to reports as `regroup` links them.
LINK_SCHEMA: list[str] = [
    """CREATE TABLE IF NOT EXISTS grp_article_keys (
        key TEXT NOT NULL,
        seq INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (key, seq)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS grp_article_keys_article ON grp_article_keys (article_id)",
    """CREATE TABLE IF NOT EXISTS grp_links (
        article_id TEXT NOT NULL,
        neighbour TEXT NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (article_id, neighbour)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS grp_links_neighbour ON grp_links (neighbour)",
    # the article's vector as weighted when the index held `docs` articles (refreshed as it grows)
    """CREATE TABLE IF NOT EXISTS grp_vectors (
        article_id TEXT PRIMARY KEY,
        docs INTEGER NOT NULL,
        vector BLOB NOT NULL
    )""",
]
# An index that held articles before migration 9 has neither: the first assignment computes them.
LINK_BACKFILL = "INSERT INTO grp_meta (key, value) SELECT 'links_backfill', 1 WHERE EXISTS (SELECT 1 FROM grp_articles)"
SCHEMA = STORY_TABLES + LINK_SCHEMA  # every table of the index, for a new database

POSTINGS_PER_KEY = 64  # newest stories read per key: bounds the cost of a lookup in a big store


class IndexTables:
    """Reads and counters of the index tables: what the assigning, linking, threading and correcting
    parts of `StoryIndex` share."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._revisited: dict[str, None] = {}  # stories changed by revisits since `take_revisited`
        self._links_ready = False  # whether an index from before migration 9 has its links (checked once)
        # article id -> (stored vector bytes, decoded vector, one-report profile), least recently used first
        self._decoded_cache: dict[str, tuple[bytes, ArticleVector, StoryProfile]] = {}
        self._decoded_bytes = 0  # estimated memory of the decoded cache (`links.DECODED_PER_BYTE`)

    def story_of(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT story_id FROM grp_articles WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def members(self, story_id: str, limit: int = -1) -> list[str]:
        """The story's articles in the order they were assigned (its first `limit` ones; -1: all)."""
        rows = self.conn.execute("SELECT article_id FROM grp_articles WHERE story_id = ? ORDER BY seq LIMIT ?",
                                 (story_id, limit)).fetchall()
        return [r[0] for r in rows]

    def thread_of(self, story_id: str) -> str:
        row = self.conn.execute("SELECT thread_id FROM grp_stories WHERE story_id = ?", (story_id,)).fetchone()
        if row is None:
            raise NotFoundError("story", story_id)
        return row[0]

    def features(self, article_ids: Iterable[str] | None = None) -> list[tuple[str, StoryFeatures]]:
        """Stored features in assignment order (all articles, or the given ones)."""
        if article_ids is None:
            rows = self.conn.execute("SELECT seq, article_id, features FROM grp_articles ORDER BY seq").fetchall()
        else:
            rows = sorted(self._in("SELECT seq, article_id, features FROM grp_articles WHERE article_id IN ({})",
                                   list(article_ids)))
        return [(a, StoryFeatures.from_bytes(blob)) for _, a, blob in rows]

    def _require(self, story: str) -> list[str]:
        members = self.members(story)
        if not members:
            raise NotFoundError("story", story)
        return members

    def _bump(self, name: str) -> int:
        row = self.conn.execute(
            "INSERT INTO grp_meta (key, value) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET value = value + 1 "
            "RETURNING value", (name,)).fetchone()
        return row[0]

    def _set(self, name: str, value: int) -> None:
        self.conn.execute("INSERT INTO grp_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                          (name, value))

    def _meta(self, name: str) -> int:
        row = self.conn.execute("SELECT value FROM grp_meta WHERE key = ?", (name,)).fetchone()
        return row[0] if row else 0

    def _in(self, sql: str, values: Sequence, chunk: int = 500) -> list[tuple]:
        out: list[tuple] = []
        for i in range(0, len(values), chunk):
            part = values[i:i + chunk]
            out += self.conn.execute(sql.format(",".join("?" * len(part))), part).fetchall()
        return out

    def _dfs(self, keys: Iterable[str]) -> DocFrequencies:
        keys = list(keys)
        return DocFrequencies(self._meta("n_docs"), dict(self._in("SELECT key, n FROM grp_df WHERE key IN ({})", keys)))

    def _count_df(self, features: StoryFeatures) -> DocFrequencies:
        """Count the article into the document frequencies; return them for its keys."""
        keys = sorted(keys_for_df(features))
        # one statement for all the article's keys (a hundred or more): each key's new count comes back
        counted = self.conn.execute(
            "INSERT INTO grp_df (key, n) SELECT value, 1 FROM json_each(?) WHERE true "
            "ON CONFLICT(key) DO UPDATE SET n = n + 1 RETURNING key, n", (json.dumps(keys),)).fetchall()
        return DocFrequencies(self._bump("n_docs"), dict(counted))

    def _uncount_df(self, features: StoryFeatures) -> None:
        self.conn.execute("UPDATE grp_meta SET value = value - 1 WHERE key = 'n_docs'")
        self.conn.executemany("UPDATE grp_df SET n = n - 1 WHERE key = ?", [(k,) for k in keys_for_df(features)])

    def _candidates(self, table: str, column: str, keys: Sequence[str]) -> list[str]:
        """Groups sharing the most keys with the article, reading the newest postings of each key."""
        if not keys:
            return []
        one = f"SELECT {column} FROM (SELECT {column} FROM {table} WHERE key = ? ORDER BY seq DESC LIMIT {POSTINGS_PER_KEY})"
        sql = " UNION ALL ".join([one] * len(keys))
        hits: dict[str, int] = defaultdict(int)
        for (group,) in self.conn.execute(sql, list(keys)):
            hits[group] += 1
        return sorted(hits, key=hits.__getitem__, reverse=True)[:CANDIDATES]

    def _profiles(self, stories: Sequence[str]) -> dict[str, StoryProfile]:
        rows = self._in("SELECT story_id, profile FROM grp_stories WHERE story_id IN ({})", list(stories))
        found = {sid: StoryProfile.from_bytes(blob) for sid, blob in rows}
        return {sid: found[sid] for sid in stories if sid in found}

    def _profile(self, story: str) -> StoryProfile:
        row = self.conn.execute("SELECT profile FROM grp_stories WHERE story_id = ?", (story,)).fetchone()
        return StoryProfile.from_bytes(row[0]) if row else StoryProfile()
