"""The store's invariants, checked: what `newsfuse check` prints and `--repair` fixes.

Each `Violation` names a rule, the record it concerns and, when finishing queued work repairs it,
the (scope, key) to queue. docs/store.md lists the rules.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from newsfuse.errors import StoreError
from newsfuse.store import ANALYSED, ANALYSIS_VERSION, STORY_KINDS, THREAD_KINDS, Store


@dataclass(slots=True, frozen=True)
class Violation:
    rule: str  # "pending", "membership", "unindexed", "unlisted", "empty-story", "analysis", ...
    key: str  # the story, thread, article or table concerned
    message: str
    fix: tuple[str, str] | None = None  # the (scope, key) whose pending work repairs it

    def to_dict(self) -> dict:
        return {"rule": self.rule, "key": self.key, "message": self.message}


@dataclass(slots=True, frozen=True)
class OrphanRule:
    name: str
    what: str  # what the rows are, in a message
    select: str  # the keys of orphan rows
    delete: str


def orphan_rules() -> list[OrphanRule]:
    """Rows that point at nothing: repair deletes them."""
    per_article = [
        OrphanRule(f"orphan-{table}", f"{table} of articles not in the store",
                   f"SELECT DISTINCT article_id FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)",
                   f"DELETE FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)")
        for table in ("mentions", "times", "removed", "dup_bands", "grp_articles")]
    return per_article + [
        OrphanRule("orphan-analysis", "analysis documents of records not in the store",
                   "SELECT scope || ' ' || key FROM analysis WHERE "
                   "(scope = 'article' AND key NOT IN (SELECT id FROM articles)) OR "
                   "(scope = 'story' AND key NOT IN (SELECT id FROM stories)) OR "
                   "(scope = 'thread' AND key NOT IN (SELECT id FROM threads))",
                   "DELETE FROM analysis WHERE "
                   "(scope = 'article' AND key NOT IN (SELECT id FROM articles)) OR "
                   "(scope = 'story' AND key NOT IN (SELECT id FROM stories)) OR "
                   "(scope = 'thread' AND key NOT IN (SELECT id FROM threads))"),
        OrphanRule("orphan-grp_keys", "story index keys of stories not in the index",
                   "SELECT DISTINCT story_id FROM grp_keys WHERE story_id NOT IN (SELECT story_id FROM grp_stories)",
                   "DELETE FROM grp_keys WHERE story_id NOT IN (SELECT story_id FROM grp_stories)"),
        OrphanRule("orphan-grp_stories", "story index entries without articles",
                   "SELECT story_id FROM grp_stories WHERE story_id NOT IN (SELECT story_id FROM grp_articles)",
                   "DELETE FROM grp_stories WHERE story_id NOT IN (SELECT story_id FROM grp_articles)"),
        OrphanRule("orphan-grp_thread_keys", "thread index keys of threads not in the index",
                   "SELECT DISTINCT thread_id FROM grp_thread_keys "
                   "WHERE thread_id NOT IN (SELECT thread_id FROM grp_threads)",
                   "DELETE FROM grp_thread_keys WHERE thread_id NOT IN (SELECT thread_id FROM grp_threads)"),
    ]


def check_store(store: Store, *, full: bool = True) -> list[Violation]:
    """Every broken invariant, one `Violation` each (`newsfuse check`).

    `full=False` is what a run checks at its start and end, at a cost that follows what is to do,
    not the size of the store: the queued work, and the story and thread documents an older
    analysis wrote (read through their index). The pipeline's own writes keep the rest (membership,
    listed stories, orphans, full-text search) by queueing their work in the same transaction, so
    only a store changed outside it needs the full check (`newsfuse check`, `--repair`)."""
    conn = store.conn
    found = list(_pending(store))
    if not full:
        return found + list(_stale(conn))
    found += _membership(conn)
    found += _analysis(conn)
    found += _threads(conn)
    found += _orphans(conn)
    found += _fts(conn)
    return found


def _pending(store: Store) -> Iterator[Violation]:
    for item in store.pending():
        yield Violation("pending", item.key, f"{item.scope} {item.key}: work queued {item.queued_at} is not done "
                                             f"({item.reason})", (item.scope, item.key))


def _membership(conn: sqlite3.Connection) -> Iterator[Violation]:
    """Story membership: the index (`grp_articles`) is the truth; `articles.story_id` and the story
    records must agree with it, and every article must be in a listed story."""
    rows = conn.execute(
        """SELECT a.id, a.story_id AS copy, g.story_id AS truth FROM articles a
           LEFT JOIN grp_articles g ON g.article_id = a.id
           WHERE g.article_id IS NULL OR a.story_id IS NOT g.story_id""").fetchall()
    for row in rows:
        if row["truth"] is None:
            yield Violation("unindexed", row["id"], f"article {row['id']}: not in the story index")
        else:
            yield Violation("membership", row["id"], f"article {row['id']}: in story {row['truth']} by the index, "
                                                     f"but {row['copy'] or 'in none'} in its record",
                            ("story", row["truth"]))
    for row in conn.execute(
            """SELECT a.id, a.story_id FROM articles a WHERE a.story_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = a.story_id)"""):
        yield Violation("unlisted", row["id"], f"article {row['id']}: its story {row['story_id']} is not listed",
                        ("story", row["story_id"]))
    for row in conn.execute(
            "SELECT id FROM stories s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id)"):
        yield Violation("empty-story", row["id"], f"story {row['id']}: listed but has no articles", ("story", row["id"]))


def _analysis(conn: sqlite3.Connection) -> Iterator[Violation]:
    """Every listed story and thread has its documents, written by the current analysis."""
    for scope, table, kinds in (("story", "stories", STORY_KINDS), ("thread", "threads", THREAD_KINDS)):
        marks = ",".join("?" * len(kinds))
        rows = conn.execute(
            f"""SELECT t.id, COUNT(a.kind) AS n, MIN(a.version) AS oldest FROM {table} t
                LEFT JOIN analysis a ON a.scope = ? AND a.key = t.id AND a.kind IN ({marks})
                GROUP BY t.id HAVING n < ? OR oldest < ?""",  # noqa: S608 - fixed names
            (scope, *kinds, len(kinds), ANALYSIS_VERSION)).fetchall()
        for row in rows:
            if row["n"] < len(kinds):
                have = {r[0] for r in conn.execute("SELECT kind FROM analysis WHERE scope = ? AND key = ?",
                                                   (scope, row["id"]))}
                what = "not analysed (no " + ", ".join(k for k in kinds if k not in have) + ")"
            else:
                what = f"analysed by version {row['oldest']} of the analysis, current is {ANALYSIS_VERSION}"
            yield Violation("analysis", row["id"], f"{scope} {row['id']}: {what}", (scope, row["id"]))


def _stale(conn: sqlite3.Connection) -> Iterator[Violation]:
    """The stories and threads whose documents an older analysis wrote (the run's part of `_analysis`)."""
    rows = conn.execute(
        f"SELECT scope, key, MIN(version) AS oldest FROM analysis INDEXED BY analysis_stale "  # noqa: S608
        f"WHERE {ANALYSED} AND version < ? "
        "GROUP BY scope, key ORDER BY scope, key", (ANALYSIS_VERSION,)).fetchall()
    for row in rows:
        yield Violation("analysis", row["key"], f"{row['scope']} {row['key']}: analysed by version {row['oldest']} "
                                                f"of the analysis, current is {ANALYSIS_VERSION}",
                        (row["scope"], row["key"]))


def _threads(conn: sqlite3.Connection) -> Iterator[Violation]:
    for row in conn.execute(
            """SELECT DISTINCT thread_id FROM stories s WHERE thread_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM threads t WHERE t.id = s.thread_id)"""):
        yield Violation("thread-record", row[0], f"thread {row[0]}: its stories are listed but it is not",
                        ("thread", row[0]))
    for row in conn.execute(
            """SELECT id FROM threads t WHERE NOT EXISTS (SELECT 1 FROM stories s JOIN articles a
               ON a.story_id = s.id WHERE s.thread_id = t.id)"""):
        yield Violation("empty-thread", row[0], f"thread {row[0]}: listed but has no stories", ("thread", row[0]))


def _orphans(conn: sqlite3.Connection) -> Iterator[Violation]:
    for rule in orphan_rules():
        keys = [r[0] for r in conn.execute(rule.select)]
        if keys:
            shown = ", ".join(keys[:3]) + (", …" if len(keys) > 3 else "")
            yield Violation(rule.name, rule.name, f"orphan rows: {rule.what} ({len(keys)}: {shown})")


def _fts(conn: sqlite3.Connection) -> Iterator[Violation]:
    """Full-text search holds exactly the stored articles (its document table, by rowid)."""
    missing = conn.execute("SELECT COUNT(*) FROM articles WHERE seq NOT IN (SELECT id FROM articles_fts_docsize)"
                           ).fetchone()[0]
    extra = conn.execute("SELECT COUNT(*) FROM articles_fts_docsize WHERE id NOT IN (SELECT seq FROM articles)"
                         ).fetchone()[0]
    if missing or extra:
        yield Violation("fts", "articles_fts", f"full-text search: {missing} articles not indexed, "
                                               f"{extra} indexed documents not in the store")
        return
    # FTS5's own check compares the index with the text; it is a write statement, so it does not wait
    # for another process's write lock, and a store we may not write to skips it (the counts must do)
    waits = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    except StoreError as exc:
        if "malformed" in str(exc):
            yield Violation("fts", "articles_fts", "full-text search: the index does not match the articles' text")
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(waits)}")


def rebuild_fts(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
