"""The embedded store: one SQLite file with a versioned schema and full-text search.

Writes happen in transactions that nest (`Store.atomic`), so an interrupted run leaves no
half-written article; work a write makes necessary (a story to analyse again) is queued in the
`pending` table by the same transaction and done later (`newsfuse.pipeline.pending`). Records go
in and come out as the dataclasses of `newsfuse.models`; dicts exist only inside this module.
See docs/store.md.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from newsfuse.errors import AmbiguousError, NotFoundError, StoreError
from newsfuse.models import Article, Mention, Rejection, Removed, Story, Thread, TimeExpression
from newsfuse.store.connection import connect
from newsfuse.store.latest import latest_version, migrations

DEFAULT_DB = "newsfuse.db"


@dataclass(frozen=True, slots=True)
class EncodedJson:
    """An analysis body already encoded (JSON text as UTF-8), stored as it is by `put_analyses`: a
    long thread's merged figures are written from their parts' encodings, never held decoded whole."""

    data: bytes


# Bump when the story or thread analysis (newsfuse.pipeline.story) changes what it stores: every
# document written by an older version then counts as pending and the next run redoes it.
# 2: a total restated later continues its series (`Claim.restates`, a story's and thread's figures)
ANALYSIS_VERSION = 2
STORY_KINDS = ("entities", "timeline", "facts")  # the documents every analysed story has
THREAD_KINDS = ("facts",)
PREFIX_MIN = 4  # shortest id prefix accepted for a story, thread, article or entity
_LISTED = "EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id)"  # a story record lists while it has articles
# the analysis documents of stories and threads (an article's own facts are written at ingest)
ANALYSED = "scope IN ('story', 'thread')"
# an article that copies another's text (a near-duplicate or a partial copy); the web app's copy map
# reads them through the partial index below, the exact expression (SQLite matches it as written)
COPIES = "duplicate_of IS NOT NULL OR (derived_from IS NOT NULL AND derived_from NOT IN ('', '[]'))"
# Indexes the reading paths need on large stores (story lists by page, a thread's stories, the copies
# among a million articles): made when a store is opened, not by a migration, so a store of any version
# gets them; a no-op when they exist (made on an existing store, the copies' index reads it once).
READ_INDEXES = {
    "stories_listed": "CREATE INDEX IF NOT EXISTS stories_listed ON stories (coalesce(date_start, ''), id)",
    "stories_thread": "CREATE INDEX IF NOT EXISTS stories_thread ON stories (thread_id)",
    "articles_copies": f"CREATE INDEX IF NOT EXISTS articles_copies ON articles (seq) WHERE {COPIES}",
    # the documents of an older analysis, which every run redoes (`store.check`, rule "analysis"), found
    # without reading every document; a query names them by this WHERE, as written (ANALYSED)
    "analysis_stale": f"CREATE INDEX IF NOT EXISTS analysis_stale ON analysis (version) WHERE {ANALYSED}",
}


@dataclass(slots=True, frozen=True)
class SearchHit:
    article_id: str
    title: str
    source: str | None
    published: str | None
    snippet: str
    story_id: str | None


SEARCH_CANDIDATES = 1000  # matching articles a search ranks (the newest): a common word costs the same at any size


class SearchHits(list):
    """`Store.search`'s hits, best first, with how many matching articles were ranked and how many match."""

    def __init__(self, hits: Iterable[SearchHit] = (), ranked: int = 0, matching: int = 0) -> None:
        super().__init__(hits)
        self.ranked, self.matching = ranked, matching

    @property
    def notice(self) -> str:
        """What a reader should know when not every match was ranked ("" when all were)."""
        if self.matching <= self.ranked:
            return ""
        return (f"Ranked the newest {self.ranked:,} matching articles ({self.matching:,} match the words); "
                f"more words narrow it.")


@dataclass(slots=True, frozen=True)
class Pending:
    """Work a write made necessary and no run has finished yet: the `scope` record `key` to redo."""

    scope: str  # "story" (record and analysis) or "thread"
    key: str
    reason: str
    queued_at: str


@dataclass(slots=True, frozen=True)
class CorrectionRecord:
    """A user's correction as logged: `newsfuse corrections` lists these, `corrections undo N` reverses one."""

    number: int
    target: str  # "entity" or "story"
    action: str  # merge, split, rename, move ("constraints": a story correction made before the log)
    payload: dict  # what the user asked
    undo: dict  # what reverses it (newsfuse.pipeline.corrections)
    at: str  # "" when made before corrections were logged with a time
    undone_at: str | None


def _correction(row: sqlite3.Row) -> CorrectionRecord:
    return CorrectionRecord(row["seq"], row["target"], row["action"], json.loads(row["payload"]),
                            json.loads(row["undo"]), row["at"], row["undone_at"])


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """A newsfuse database. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | Path = DEFAULT_DB) -> None:
        self.path = str(path)
        self._savepoints = itertools.count(1)
        self.conn = connect(self.path)
        try:
            if self.schema_version != latest_version():  # the migrations import the domain packages
                self._migrate(migrations())
            self._index_for_reading()
        except BaseException:
            self.conn.close()
            raise

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
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """A transaction: BEGIN IMMEDIATE at the outer level (waiting up to the busy timeout for
        another writer), a SAVEPOINT inside one, so a failing inner block undoes only itself."""
        conn = self.conn
        if not conn.in_transaction:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.rollback()
                raise
            return
        mark = f"sp_{next(self._savepoints)}"
        conn.execute(f"SAVEPOINT {mark}")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:  # SQLite may already have rolled the whole transaction back
                conn.execute(f"ROLLBACK TO {mark}")
                conn.execute(f"RELEASE {mark}")
            raise
        conn.execute(f"RELEASE {mark}")

    transaction = atomic  # the older name, kept for callers outside the store

    def _migrate(self, migrations: list[list[str]]) -> None:
        version = self.schema_version
        if version > len(migrations):
            raise StoreError(f"{self.path} was written by a newer newsfuse (schema {version})", path=self.path)
        if version == len(migrations):
            return
        with self.atomic() as conn:
            # read again under the write lock: another process may have migrated it meanwhile
            version = self.schema_version
            for number, statements in enumerate(migrations[version:], start=version + 1):
                for statement in statements:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")

    def _index_for_reading(self) -> None:
        have = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        missing = [ddl for name, ddl in READ_INDEXES.items() if name not in have]
        if missing:
            with self.atomic() as conn:
                for ddl in missing:
                    conn.execute(ddl)

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
        """Insert articles with everything extracted from them; already stored ids are skipped.

        One statement per table for the whole batch (not one per article): the rows land in the
        order a statement per article wrote them."""
        conn = conn or self.conn
        articles = list(articles)
        # an input stored now is no longer rejected (nor is the file a record of it came from)
        paths = dict.fromkeys(p for a in articles for p in (a.path, a.path.split("#", 1)[0]))
        conn.executemany("DELETE FROM rejected WHERE path = ?", [(p,) for p in paths])
        taken = self.known_ids(a.id for a in articles) if articles else set()
        new: list[Article] = []
        for article in articles:
            if article.id not in taken:
                taken.add(article.id)
                new.append(article)
        if not new:
            return 0
        next_seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()[0]
        at = _now()
        conn.executemany(
            """INSERT INTO articles (id, seq, path, url, title, text, raw, source, published, language,
               inferred, content_hash, duplicate_of, story_id, ingested_at, publisher, credits, derived_from)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [(a.id, next_seq + i, a.path, a.url, a.title, a.text, a.raw, a.source, a.published, a.language,
              json.dumps(a.inferred), a.content_hash, a.duplicate_of, a.story_id, at, a.publisher,
              json.dumps(a.credits), json.dumps([list(d) for d in a.derived_from])) for i, a in enumerate(new)])
        conn.executemany("INSERT INTO removed VALUES (?, ?, ?, ?, ?)",
                         [(a.id, r.start, r.end, r.reason, r.text) for a in new for r in a.removed])
        conn.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?)",
                         [(m.article_id, m.start, m.end, m.text, m.label) for a in new for m in a.mentions])
        conn.executemany("INSERT INTO times VALUES (?, ?, ?, ?, ?, ?)",
                         [(t.article_id, t.start, t.end, t.text, t.type, t.value) for a in new for t in a.times])
        return len(new)

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
        """One article by id or by a unique prefix of it (an ambiguous prefix lists the candidates)."""
        return self.articles(ids=[self.article_id(article_id)])[0]

    def article_id(self, ref: str) -> str:
        return self._resolve("article", ref, "articles")

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
            duplicate_of=row["duplicate_of"], story_id=row["story_id"], publisher=row["publisher"],
            credits=json.loads(row["credits"]), derived_from=[(a, s) for a, s in json.loads(row["derived_from"])],
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
        """Record rejections; an earlier rejection of the same input for another reason is replaced."""
        conn = conn or self.conn
        rejections = list(rejections)
        conn.executemany("DELETE FROM rejected WHERE path = ?", [(p,) for p in dict.fromkeys(r.path for r in rejections)])
        conn.executemany("INSERT OR REPLACE INTO rejected (path, reason, at) VALUES (?, ?, ?)",
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

    def add_records(self, stories: Iterable[Story], threads: Iterable[Thread],
                    conn: sqlite3.Connection | None = None) -> None:
        """Insert (or replace) these story and thread records, leaving the others alone."""
        conn = conn or self.conn
        conn.executemany("INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?)",
                         [(s.id, s.title, s.thread_id, s.date_start, s.date_end) for s in stories])
        conn.executemany("INSERT OR REPLACE INTO threads VALUES (?, ?)", [(t.id, t.title) for t in threads])

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
            conn.execute("DELETE FROM analysis WHERE scope = 'thread' AND key = ?", (thread_id,))
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

    def stories(self, *, limit: int | None = None, after: str | None = None) -> list[Story]:
        """Stories with articles in list order (start date, then id): all of them, or the `limit`
        that follow the story `after` (a page, by keyset: the next page starts after its last story)."""
        if limit is None and after is None:
            members: dict[str, list[str]] = {}
            for row in self.conn.execute("SELECT id, story_id FROM articles WHERE story_id IS NOT NULL ORDER BY seq"):
                members.setdefault(row["story_id"], []).append(row["id"])
            stories = [Story(r["id"], r["title"], members.get(r["id"], []), r["thread_id"], r["date_start"],
                             r["date_end"]) for r in self.conn.execute("SELECT * FROM stories")]
            return sorted((s for s in stories if s.article_ids), key=lambda s: (s.date_start or "", s.id))
        query, params = f"SELECT * FROM stories s WHERE {_LISTED}", []
        if after is not None:
            row = self.conn.execute("SELECT coalesce(date_start, '') FROM stories WHERE id = ?", (after,)).fetchone()
            if row is None:
                raise NotFoundError("story", after)
            # a range on the index's first column, then the tie on id: SQLite seeks to the page instead of
            # walking the index from the first story (the row value `(a, b) > (?, ?)` is not a seek)
            query += " AND coalesce(date_start, '') >= ? AND (coalesce(date_start, '') > ? OR id > ?)"
            params += [row[0], row[0], after]
        rows = self.conn.execute(query + " ORDER BY coalesce(date_start, ''), id LIMIT ?",
                                 (*params, -1 if limit is None else limit)).fetchall()
        members = {r["id"]: [] for r in rows}
        ids = list(members)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for row in self.conn.execute(f"SELECT id, story_id FROM articles WHERE story_id IN "
                                         f"({','.join('?' * len(chunk))}) ORDER BY seq", chunk):
                members[row["story_id"]].append(row["id"])
        return [Story(r["id"], r["title"], members[r["id"]], r["thread_id"], r["date_start"], r["date_end"])
                for r in rows]

    def story(self, story_id: str) -> Story:
        """One story by id or by a unique prefix of it (at least 4 characters)."""
        found = self.story_id(story_id)
        row = self.conn.execute("SELECT * FROM stories WHERE id = ?", (found,)).fetchone()
        members = [r[0] for r in self.conn.execute("SELECT id FROM articles WHERE story_id = ? ORDER BY seq",
                                                   (found,))]
        return Story(row["id"], row["title"], members, row["thread_id"], row["date_start"], row["date_end"])

    def story_id(self, ref: str) -> str:
        return self._resolve("story", ref, "stories", "EXISTS (SELECT 1 FROM articles a WHERE a.story_id = t.id)")

    def threads(self, ids: Iterable[str] | None = None) -> list[Thread]:
        """Threads with stories (theirs in list order), by id: all of them, or these."""
        query, params = f"SELECT s.id, s.thread_id FROM stories s WHERE s.thread_id IS NOT NULL AND {_LISTED}", []
        if ids is not None:
            query += " AND s.thread_id IN (SELECT value FROM json_each(?))"
            params = [json.dumps(sorted(set(ids)))]
        members: dict[str, list[str]] = {}
        for row in self.conn.execute(query + " ORDER BY coalesce(s.date_start, ''), s.id", params):
            members.setdefault(row[1], []).append(row[0])
        titles = self.conn.execute("SELECT id, title FROM threads WHERE id IN (SELECT value FROM json_each(?)) "
                                   "ORDER BY id", (json.dumps(sorted(members)),))
        return [Thread(r["id"], r["title"], members[r["id"]]) for r in titles]

    def thread(self, thread_id: str) -> Thread:
        """One thread by id or by a unique prefix of it, with its stories (oldest first)."""
        found = self._resolve("thread", thread_id, "threads",
                              "EXISTS (SELECT 1 FROM stories s JOIN articles a ON a.story_id = s.id "
                              "WHERE s.thread_id = t.id)")
        title = self.conn.execute("SELECT title FROM threads WHERE id = ?", (found,)).fetchone()[0]
        listed = self.threads([found])
        return Thread(found, title, listed[0].story_ids if listed else [])

    def _resolve(self, kind: str, ref: str, table: str, condition: str = "1") -> str:
        """The id in `table` equal to `ref`, else the one id starting with it; ambiguous: an error."""
        row = self.conn.execute(f"SELECT id FROM {table} t WHERE id = ? AND {condition}", (ref,)).fetchone()
        if row:
            return row[0]
        if len(ref) >= PREFIX_MIN:
            lower, upper = _prefix_range(ref)
            ids = [r[0] for r in self.conn.execute(
                f"SELECT id FROM {table} t WHERE id >= ? AND id < ? AND {condition} ORDER BY id LIMIT 21",
                (lower, upper))]
            if len(ids) == 1:
                return ids[0]
            if ids:
                raise AmbiguousError(kind, ref, ids)
        raise NotFoundError(kind, ref)

    # -- corrections ----------------------------------------------------------------------------
    def add_correction(self, target: str, action: str, payload: dict, undo: dict | None = None,
                       conn: sqlite3.Connection | None = None) -> int:
        """Log a correction with what reverses it; returns its number."""
        cursor = (conn or self.conn).execute(
            "INSERT INTO corrections (target, action, payload, at, undo) VALUES (?, ?, ?, ?, ?)",
            (target, action, json.dumps(payload, sort_keys=True), _now(), json.dumps(undo or {}, sort_keys=True)))
        return cursor.lastrowid

    def corrections(self, target: str) -> list[tuple[str, dict]]:
        """The corrections in force (not undone) of one target ("entity", "story"), oldest first."""
        return [(r["action"], json.loads(r["payload"])) for r in self.conn.execute(
            "SELECT * FROM corrections WHERE target = ? AND undone_at IS NULL ORDER BY seq", (target,))]

    def correction_log(self) -> list[CorrectionRecord]:
        """Every correction, undone ones included, oldest first."""
        return [_correction(r) for r in self.conn.execute("SELECT * FROM corrections ORDER BY seq")]

    def correction(self, number: int) -> CorrectionRecord:
        row = self.conn.execute("SELECT * FROM corrections WHERE seq = ?", (number,)).fetchone()
        if row is None:
            raise NotFoundError("correction", str(number))
        return _correction(row)

    def set_correction_state(self, number: int, *, undone: bool, undo: dict | None = None,
                             conn: sqlite3.Connection | None = None) -> None:
        """Mark a correction undone (or in force again), optionally with a new record of what reverses it."""
        conn = conn or self.conn
        conn.execute("UPDATE corrections SET undone_at = ? WHERE seq = ?", (_now() if undone else None, number))
        if undo is not None:
            conn.execute("UPDATE corrections SET undo = ? WHERE seq = ?", (json.dumps(undo, sort_keys=True), number))

    # -- analysis documents ---------------------------------------------------------------------
    def put_analysis(self, scope: str, key: str, kind: str, body: object,
                     conn: sqlite3.Connection | None = None) -> None:
        """Store a document, stamped with the current `ANALYSIS_VERSION`."""
        (conn or self.conn).execute(
            "INSERT OR REPLACE INTO analysis (scope, key, kind, body, version) VALUES (?, ?, ?, ?, ?)",
            (scope, key, kind, json.dumps(body, ensure_ascii=False), ANALYSIS_VERSION))

    def put_analyses(self, documents: Iterable[tuple[str, str, str, object]],
                     conn: sqlite3.Connection | None = None) -> None:
        """Store documents given as (scope, key, kind, body), in one statement; as `put_analysis`."""
        (conn or self.conn).executemany(  # an `EncodedJson` body is UTF-8 bytes: stored as the text they are
            "INSERT OR REPLACE INTO analysis (scope, key, kind, body, version) VALUES (?, ?, ?, CAST(? AS TEXT), ?)",
            [(scope, key, kind, body.data if isinstance(body, EncodedJson) else json.dumps(body, ensure_ascii=False),
              ANALYSIS_VERSION) for scope, key, kind, body in documents])

    def get_analysis(self, scope: str, key: str, kind: str, default: object = None) -> object:
        row = self.conn.execute("SELECT body FROM analysis WHERE scope = ? AND key = ? AND kind = ?",
                                (scope, key, kind)).fetchone()
        return json.loads(row[0]) if row else default

    # -- the pending queue: work a write made necessary, done by the next run ------------------------
    def queue(self, scope: str, keys: Iterable[str], reason: str, conn: sqlite3.Connection | None = None) -> None:
        """Write down that these records need redoing; call it in the transaction that made it so."""
        at = _now()
        (conn or self.conn).executemany(
            "INSERT INTO pending (scope, key, reason, queued_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(scope, key, reason, at) for key in dict.fromkeys(keys) if key])

    def pending(self, scope: str | None = None) -> list[Pending]:
        """What is still to do, oldest first (one scope, or all)."""
        query, params = "SELECT * FROM pending", ()
        if scope is not None:
            query, params = query + " WHERE scope = ?", (scope,)
        return [Pending(r["scope"], r["key"], r["reason"], r["queued_at"])
                for r in self.conn.execute(query + " ORDER BY queued_at, scope, key", params)]

    def done(self, scope: str, keys: Iterable[str], conn: sqlite3.Connection | None = None) -> None:
        """Strike work off the queue; call it in the transaction that stores its result."""
        (conn or self.conn).executemany("DELETE FROM pending WHERE scope = ? AND key = ?",
                                        [(scope, key) for key in keys])

    # -- search ---------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20) -> SearchHits:
        """Articles matching a full-text query, best first; matches in the snippet sit between STX and ETX (chr 2, 3).

        Only the newest `SEARCH_CANDIDATES` matching articles are ranked (bm25 scores every match
        it visits whatever the LIMIT: a common word in a large store took seconds); the answer's
        `notice` says when more match. A word that names a stored entity also matches the entity's
        other spellings ("Banjska" finds "Banska" and "Бањска"); `search_expansions` says which were added."""
        fts_query = _fts_query(query, self.search_expansions(query))
        if not fts_query:
            return SearchHits()
        candidates, complete = self.newest_matches(fts_query, SEARCH_CANDIDATES)
        best = self.ranked(fts_query, set(candidates))[:limit]
        rows, snippets = self.hits_by_row(best), self.snippets(fts_query, best)
        # a row deleted between the statements (an ingest in another process) is left out
        hits = [replace(rows[seq], snippet=snippets.get(seq, "")) for seq in best if seq in rows]
        return SearchHits(hits, len(candidates), len(candidates) if complete else self.match_count(fts_query))

    def newest_matches(self, fts_query: str, budget: int, keep=None) -> tuple[dict[int, object], bool]:
        """Up to `budget` articles matching a full-text query (from `_fts_query`), newest first,
        unranked, as row id -> `keep(row id)` (rows it answers None for are skipped; without it,
        every match, as True), and whether they are all the matches there are. FTS5 walks its index
        backwards and scores nothing, so reading stops when there are enough."""
        found: dict[int, object] = {}
        cursor = self.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC",
                                   (fts_query,))
        try:
            for (rowid,) in cursor:
                value = True if keep is None else keep(rowid)
                if value is not None:
                    found[rowid] = value
                    if len(found) >= budget:
                        return found, cursor.fetchone() is None
            return found, True
        finally:
            cursor.close()

    def match_count(self, fts_query: str) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", (fts_query,)).fetchone()[0]

    def ranked(self, fts_query: str, rowids: set[int]) -> list[int]:
        """These matching rows, best first (bm25, then row id), scored over their row id range only.

        `rowid IN (...)` would make FTS5 run the query again for each id; a range is one walk of the
        index over the candidates (and whatever else matches between them, dropped here)."""
        if not fts_query or not rowids:
            return []
        rows = self.conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid BETWEEN ? AND ? "
            "ORDER BY bm25(articles_fts, 5.0, 1.0, 1.0), rowid", (fts_query, min(rowids), max(rowids)))
        return [r[0] for r in rows if r[0] in rowids]

    def hits_by_row(self, rowids: list[int]) -> dict[int, SearchHit]:
        """Search hits (empty snippets) of these article rows, by row id."""
        found: dict[int, SearchHit] = {}
        for at in range(0, len(rowids), 500):  # SQLite bounds the parameters of one statement
            chunk = rowids[at:at + 500]
            found.update((r[0], SearchHit(r[1], r[2], r[3], r[4], "", r[5])) for r in self.conn.execute(
                f"SELECT seq, id, title, source, published, story_id FROM articles WHERE seq IN "
                f"({', '.join('?' * len(chunk))})", chunk))
        return found

    def snippets(self, fts_query: str, rowids: list[int]) -> dict[int, str]:
        """The search snippets (matches between STX and ETX) of these rows, by row id."""
        found: dict[int, str] = {}
        rowids = sorted(set(rowids))
        for at in range(0, len(rowids) if fts_query else 0, 500):
            chunk = rowids[at:at + 500]
            # `+rowid`: the list is checked on each row of one walk over the range, not handed to FTS5,
            # which would run the query once per id (three to eight times slower for 100 snippets)
            found.update((r[0], r[1]) for r in self.conn.execute(
                f"""SELECT rowid, snippet(articles_fts, 1, char(2), char(3), ' … ', 12) FROM articles_fts
                    WHERE articles_fts MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN ({", ".join("?" * len(chunk))})""",
                (fts_query, chunk[0], chunk[-1], *chunk)))
        return found

    def search_expansions(self, query: str) -> dict[str, list[str]]:
        """Query word -> the other spellings of the stored entity it names (only words that name one)."""
        from newsfuse.entities.index import EntityIndex

        index = EntityIndex(PlainRows(self.conn))
        found: dict[str, list[str]] = {}
        for word in _query_words(query):
            try:
                aliases = index.aliases_for(word)
            except (sqlite3.OperationalError, StoreError):  # a store without the entity index yet
                return {}
            if aliases:
                found[word] = aliases
        return found

def _prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds [lower, upper) of the strings starting with a non-empty `prefix`, for a query that uses
    the index (a LIKE would not: SQLite's LIKE ignores case, the ids' index does not)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _query_words(query: str) -> list[str]:
    return [w for w in "".join(c if c.isalnum() else " " for c in query).split() if w]


def _fts_query(query: str, expansions: dict[str, list[str]] | None = None) -> str:
    """Words of a user's query as FTS5 terms that must all appear (quoted, so no syntax errors); a word
    with other spellings matches any of them."""
    terms = []
    for word in _query_words(query):
        spellings = [word, *(expansions or {}).get(word, [])]
        quoted = ['"' + " ".join(_query_words(s)) + '"' for s in spellings if _query_words(s)]
        terms.append(quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")")
    return " AND ".join(terms)  # FTS5 takes no implicit AND after a parenthesized group


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
