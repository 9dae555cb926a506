"""The embedded store: one SQLite file with a versioned schema and full-text search.

Writes happen in transactions, so an interrupted run leaves no half-written article. Records go in
and come out as the dataclasses of `newsfuse.models`; dicts exist only inside this module.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from newsfuse.errors import NotFoundError, StoreError
from newsfuse.models import Article, Mention, Rejection, Removed, Story, Thread, TimeExpression
from newsfuse.store.schema import MIGRATIONS

DEFAULT_DB = "newsfuse.db"


@dataclass(slots=True, frozen=True)
class SearchHit:
    article_id: str
    title: str
    source: str | None
    published: str | None
    snippet: str
    story_id: str | None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """A newsfuse database. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | Path = DEFAULT_DB) -> None:
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}", path=self.path) from exc
        self._migrate(MIGRATIONS)

    @classmethod
    def existing(cls, path: str | Path) -> Store:
        """The store at `path`, which must exist: reading never creates an empty store by mistake."""
        if not Path(path).is_file():
            raise StoreError(f"no store at {path} (give --db, or set NEWSFUSE_DB)", path=str(path))
        return cls(path)

    # -- life cycle -----------------------------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _migrate(self, migrations: list[list[str]]) -> None:
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a newsfuse store: {exc}", path=self.path) from exc
        if version > len(migrations):
            raise StoreError(f"{self.path} was written by a newer newsfuse (schema {version})", path=self.path)
        for number, statements in enumerate(migrations[version:], start=version + 1):
            with self.transaction() as conn:
                for statement in statements:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # -- articles -------------------------------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return found

    def original_with_hash(self, content_hash: str) -> str | None:
        row = self.conn.execute(
            "SELECT id FROM articles WHERE content_hash = ? AND duplicate_of IS NULL ORDER BY seq LIMIT 1",
            (content_hash,),
        ).fetchone()
        return row[0] if row else None

    def add_articles(self, articles: Iterable[Article], conn: sqlite3.Connection | None = None) -> int:
        """Insert articles with everything extracted from them; already stored ids are skipped."""
        conn = conn or self.conn
        added = 0
        next_seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()[0]
        for article in articles:
            cursor = conn.execute(
                """INSERT OR IGNORE INTO articles (id, seq, path, url, title, text, raw, source, published, language,
                   inferred, content_hash, duplicate_of, story_id, ingested_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (article.id, next_seq, article.path, article.url, article.title, article.text, article.raw,
                 article.source, article.published, article.language, json.dumps(article.inferred),
                 article.content_hash, article.duplicate_of, article.story_id, _now()),
            )
            if not cursor.rowcount:
                continue
            next_seq += 1
            added += 1
            conn.executemany("INSERT INTO removed VALUES (?, ?, ?, ?, ?)",
                             [(article.id, r.start, r.end, r.reason, r.text) for r in article.removed])
            conn.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?)",
                             [(m.article_id, m.start, m.end, m.text, m.label) for m in article.mentions])
            conn.executemany("INSERT INTO times VALUES (?, ?, ?, ?, ?, ?)",
                             [(t.article_id, t.start, t.end, t.text, t.type, t.value) for t in article.times])
        return added

    def replace_times(self, article_id: str, times: Iterable[TimeExpression], anchor: str) -> None:
        """New time expressions for an article re-anchored on its story's dates."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM times WHERE article_id = ?", (article_id,))
            conn.executemany("INSERT INTO times VALUES (?, ?, ?, ?, ?, ?)",
                             [(t.article_id, t.start, t.end, t.text, t.type, t.value) for t in times])
            conn.execute("UPDATE articles SET inferred = json_set(inferred, '$.anchor', ?) WHERE id = ?",
                         (anchor, article_id))

    def set_story(self, article_ids: Iterable[str], story_id: str, conn: sqlite3.Connection | None = None) -> None:
        (conn or self.conn).executemany("UPDATE articles SET story_id = ? WHERE id = ?",
                                        [(story_id, a) for a in article_ids])

    def article(self, article_id: str) -> Article:
        rows = self.articles(ids=[article_id])
        if not rows:
            raise NotFoundError("article", article_id)
        return rows[0]

    def articles(self, *, ids: Iterable[str] | None = None, story_id: str | None = None,
                 with_details: bool = True) -> list[Article]:
        """Stored articles in ingest order; all of them unless `ids` or `story_id` narrows it."""
        query, params = "SELECT * FROM articles", []
        if ids is not None:
            ids = list(ids)
            if not ids:
                return []
            query += f" WHERE id IN ({','.join('?' * len(ids))})"
            params = ids
        elif story_id is not None:
            query += " WHERE story_id = ?"
            params = [story_id]
        articles = [self._article(row) for row in self.conn.execute(query + " ORDER BY seq", params)]
        if with_details and articles:
            self._attach_details(articles)
        return articles

    def count_articles(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    @staticmethod
    def _article(row: sqlite3.Row) -> Article:
        return Article(
            id=row["id"], path=row["path"], raw=row["raw"], title=row["title"], text=row["text"], url=row["url"],
            source=row["source"], published=row["published"], language=row["language"],
            inferred=json.loads(row["inferred"]), content_hash=row["content_hash"],
            duplicate_of=row["duplicate_of"], story_id=row["story_id"],
        )

    def _attach_details(self, articles: list[Article]) -> None:
        by_id = {a.id: a for a in articles}
        ids = list(by_id)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                    f"SELECT * FROM removed WHERE article_id IN ({marks}) ORDER BY article_id, start", chunk):
                by_id[row["article_id"]].removed.append(Removed(row["text"], row["reason"], row["start"], row["end"]))
            for row in self.conn.execute(
                    f"SELECT * FROM mentions WHERE article_id IN ({marks}) ORDER BY article_id, start", chunk):
                by_id[row["article_id"]].mentions.append(
                    Mention(row["article_id"], row["start"], row["end"], row["text"], row["label"]))
            for row in self.conn.execute(
                    f"SELECT * FROM times WHERE article_id IN ({marks}) ORDER BY article_id, start", chunk):
                by_id[row["article_id"]].times.append(
                    TimeExpression(row["article_id"], row["start"], row["end"], row["text"], row["type"], row["value"]))

    # -- rejections -----------------------------------------------------------------------------
    def add_rejections(self, rejections: Iterable[Rejection], conn: sqlite3.Connection | None = None) -> None:
        (conn or self.conn).executemany(
            "INSERT OR REPLACE INTO rejected (path, reason, at) VALUES (?, ?, ?)",
            [(r.path, r.reason, _now()) for r in rejections])

    def rejections(self) -> list[Rejection]:
        return [Rejection(r["path"], r["reason"]) for r in self.conn.execute("SELECT * FROM rejected ORDER BY at, path")]

    # -- stories and threads --------------------------------------------------------------------
    def save_stories(self, stories: Iterable[Story], threads: Iterable[Thread],
                     conn: sqlite3.Connection | None = None) -> None:
        """Replace the stored story and thread records (titles, spans, thread links)."""
        conn = conn or self.conn
        conn.execute("DELETE FROM stories")
        conn.execute("DELETE FROM threads")
        conn.executemany("INSERT INTO stories VALUES (?, ?, ?, ?, ?)",
                         [(s.id, s.title, s.thread_id, s.date_start, s.date_end) for s in stories])
        conn.executemany("INSERT INTO threads VALUES (?, ?)", [(t.id, t.title) for t in threads])

    def upsert_story(self, story: Story, conn: sqlite3.Connection | None = None) -> None:
        (conn or self.conn).execute(
            "INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?)",
            (story.id, story.title, story.thread_id, story.date_start, story.date_end))

    def delete_story(self, story_id: str, conn: sqlite3.Connection | None = None) -> None:
        conn = conn or self.conn
        conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))
        conn.execute("DELETE FROM analysis WHERE scope = 'story' AND key = ?", (story_id,))

    def refresh_thread(self, thread_id: str, conn: sqlite3.Connection | None = None) -> None:
        """A thread's record: titled after its largest story; removed when it has no story left."""
        conn = conn or self.conn
        row = conn.execute(
            """SELECT s.title FROM stories s JOIN articles a ON a.story_id = s.id WHERE s.thread_id = ?
               GROUP BY s.id ORDER BY COUNT(*) DESC, MIN(a.seq) LIMIT 1""", (thread_id,)).fetchone()
        if row is None:
            conn.execute("DELETE FROM threads WHERE id = ?", (thread_id,))
        else:
            conn.execute("INSERT OR REPLACE INTO threads VALUES (?, ?)", (thread_id, row[0]))

    def thread_ids(self, story_ids: Iterable[str]) -> set[str]:
        ids = list(story_ids)
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            found.update(r[0] for r in self.conn.execute(
                f"SELECT DISTINCT thread_id FROM stories WHERE id IN ({','.join('?' * len(chunk))})", chunk) if r[0])
        return found

    def thread_story_ids(self, thread_id: str) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM stories WHERE thread_id = ? ORDER BY date_start, id",
                                                (thread_id,))]

    def stories(self) -> list[Story]:
        members: dict[str, list[str]] = {}
        for row in self.conn.execute("SELECT id, story_id FROM articles WHERE story_id IS NOT NULL ORDER BY seq"):
            members.setdefault(row["story_id"], []).append(row["id"])
        stories = [Story(r["id"], r["title"], members.get(r["id"], []), r["thread_id"], r["date_start"], r["date_end"])
                   for r in self.conn.execute("SELECT * FROM stories")]
        return sorted((s for s in stories if s.article_ids), key=lambda s: (s.date_start or "", s.id))

    def story(self, story_id: str) -> Story:
        for story in self.stories():
            if story.id == story_id or (len(story_id) >= 4 and story.id.startswith(story_id)):
                return story
        raise NotFoundError("story", story_id)

    def threads(self) -> list[Thread]:
        members: dict[str, list[str]] = {}
        for story in self.stories():
            if story.thread_id:
                members.setdefault(story.thread_id, []).append(story.id)
        return [Thread(r["id"], r["title"], members.get(r["id"], []))
                for r in self.conn.execute("SELECT * FROM threads ORDER BY id") if members.get(r["id"])]

    # -- corrections ----------------------------------------------------------------------------
    def add_correction(self, target: str, action: str, payload: dict) -> None:
        self.conn.execute("INSERT INTO corrections (target, action, payload, at) VALUES (?, ?, ?, ?)",
                          (target, action, json.dumps(payload, sort_keys=True), _now()))

    def corrections(self, target: str) -> list[tuple[str, dict]]:
        return [(r["action"], json.loads(r["payload"]))
                for r in self.conn.execute("SELECT * FROM corrections WHERE target = ? ORDER BY seq", (target,))]

    # -- analysis documents ---------------------------------------------------------------------
    def put_analysis(self, scope: str, key: str, kind: str, body: object,
                     conn: sqlite3.Connection | None = None) -> None:
        (conn or self.conn).execute("INSERT OR REPLACE INTO analysis VALUES (?, ?, ?, ?)",
                                    (scope, key, kind, json.dumps(body, ensure_ascii=False)))

    def get_analysis(self, scope: str, key: str, kind: str, default: object = None) -> object:
        row = self.conn.execute("SELECT body FROM analysis WHERE scope = ? AND key = ? AND kind = ?",
                                (scope, key, kind)).fetchone()
        return json.loads(row[0]) if row else default

    # -- search ---------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles matching a full-text query, best first; matches in the snippet sit between STX and ETX (chr 2, 3)."""
        fts_query = _fts_query(query)
        if not fts_query:
            return []
        rows = self.conn.execute(
            """SELECT a.id, a.title, a.source, a.published, a.story_id,
                      snippet(articles_fts, 1, char(2), char(3), ' … ', 12) AS snippet
               FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
               WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 5.0, 1.0, 1.0) LIMIT ?""",
            (fts_query, limit),
        )
        return [SearchHit(r["id"], r["title"], r["source"], r["published"], r["snippet"], r["story_id"]) for r in rows]


def _fts_query(query: str) -> str:
    """Words of a user's query as FTS5 terms that must all appear (quoted, so no syntax errors)."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in query).split() if w]
    return " ".join(f'"{w}"' for w in words)
