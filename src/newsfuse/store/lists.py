"""Paged reads of the store's lists for the web app: stories newest first, threads by title, the
outlets, each read one page at a time through an index (keyset paging: a page starts after the last
row of the one before), with the filters as WHERE clauses, so a list costs the rows it shows and
not the size of the archive.

Every function takes a connection (the web app's read-only one or a store's) and returns rows.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

LISTED = "EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id)"  # a story lists while it has articles
# the list order, as the index `stories_listed` has it (SQLite matches an index's expression as written)
NEWEST = "coalesce(s.date_start, '')"
UNATTRIBUTED = "unattributed"  # the outlet name the pages give articles without a source
FTS_CHUNK = 256  # matching rows resolved to their stories per statement


@dataclass(slots=True, frozen=True)
class StoryFilters:
    """What the story list is narrowed to; empty strings (and None) filter nothing."""

    date_from: str = ""
    date_to: str = ""
    outlet: str = ""
    thread: str = ""
    story: str = ""
    among: tuple[str, ...] | None = None  # only these stories (an entity's)

    def __bool__(self) -> bool:
        return bool(self.date_from or self.date_to or self.outlet or self.thread or self.story
                    or self.among is not None)


@dataclass(slots=True, frozen=True)
class ListedStory:
    id: str
    title: str
    thread_id: str | None
    date_start: str | None
    date_end: str | None


def _where(filters: StoryFilters) -> tuple[str, list]:
    clauses, params = [LISTED], []
    # a story record without its span (written by hand, or before spans were kept) takes its
    # articles' days, as its list row does; coalesce reads them only for such a record
    if filters.date_from:
        clauses.append("coalesce(nullif(s.date_end, ''), (SELECT max(substr(d.published, 1, 10)) FROM articles d "
                       "WHERE d.story_id = s.id AND d.published > ''), nullif(s.date_start, ''), '') >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        clauses.append("coalesce(nullif(s.date_start, ''), (SELECT min(substr(d.published, 1, 10)) "
                       "FROM articles d WHERE d.story_id = s.id AND d.published > '')) <= ?")
        params.append(filters.date_to)
    if filters.outlet == UNATTRIBUTED:
        clauses.append("EXISTS (SELECT 1 FROM articles o WHERE o.story_id = s.id AND "
                       "(o.source IS NULL OR o.source IN ('', ?)))")
        params.append(UNATTRIBUTED)
    elif filters.outlet:
        clauses.append("EXISTS (SELECT 1 FROM articles o WHERE o.story_id = s.id AND o.source = ?)")
        params.append(filters.outlet)
    if filters.thread:
        clauses.append("s.thread_id = ?")
        params.append(filters.thread)
    if filters.story:
        clauses.append("s.id = ?")
        params.append(filters.story)
    if filters.among is not None:
        clauses.append("s.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(filters.among)))
    return " AND ".join(clauses), params


def story_key(conn: sqlite3.Connection, story_id: str) -> str | None:
    """The list key (start date or '') of a story, None when the store has no such story."""
    row = conn.execute("SELECT coalesce(date_start, '') FROM stories WHERE id = ?", (story_id,)).fetchone()
    return None if row is None else row[0]


def newest_stories(conn: sqlite3.Connection, filters: StoryFilters, limit: int, after: str | None = None,
                   offset: int = 0) -> list[ListedStory]:
    """Up to `limit` stories matching `filters`, newest first (start date, then id, descending):
    from the first, `offset` rows on, or those after the story `after` (the last of the page before;
    ValueError when the store has no such story)."""
    where, params = _where(filters)
    if after is not None:
        key = story_key(conn, after)
        if key is None:
            raise ValueError(after)
        # a range on the index's first column, then the tie on id: a seek, not a walk from the newest
        where += f" AND {NEWEST} <= ? AND ({NEWEST} < ? OR s.id < ?)"
        params += [key, key, after]
    rows = conn.execute(f"SELECT s.id, s.title, s.thread_id, s.date_start, s.date_end FROM stories s WHERE {where} "
                        f"ORDER BY {NEWEST} DESC, s.id DESC LIMIT ? OFFSET ?", (*params, limit, offset))
    return [ListedStory(*r) for r in rows]


def count_stories(conn: sqlite3.Connection, filters: StoryFilters, most: int) -> tuple[int, bool]:
    """How many stories match, counted up to `most`: (count, exact). An exact count of an archive's
    stories reads every one of them; `most` bounds what a page pays for it."""
    where, params = _where(filters)
    found = conn.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM stories s WHERE {where} LIMIT ?)",
                         (*params, most + 1)).fetchone()[0]
    return (most, False) if found > most else (found, True)


def story_listed(conn: sqlite3.Connection, story_id: str) -> bool:
    return conn.execute(f"SELECT 1 FROM stories s WHERE s.id = ? AND {LISTED}", (story_id,)).fetchone() is not None


def matching_stories(conn: sqlite3.Connection, filters: StoryFilters, story_ids: list[str]) -> set[str]:
    """Those of these stories that match the filters (and have articles)."""
    where, params = _where(filters)
    found: set[str] = set()
    for at in range(0, len(story_ids), 500):
        chunk = json.dumps(story_ids[at:at + 500])
        found.update(r[0] for r in conn.execute(
            f"SELECT s.id FROM stories s WHERE s.id IN (SELECT value FROM json_each(?)) AND {where}", (chunk, *params)))
    return found


def newest_matches(conn: sqlite3.Connection, fts_query: str, budget: int,
                   filters: StoryFilters = StoryFilters()) -> tuple[dict[int, str], bool]:
    """Up to `budget` articles matching a full-text query, newest first, in stories the filters
    leave, as row id -> story id, and whether these are all the matches. The full-text index is
    read backwards a chunk at a time and each chunk's rows resolved to their stories in one
    statement, so reading stops when there are enough (sqlite3.OperationalError for a query FTS5
    refuses)."""
    found: dict[int, str] = {}
    verdicts: dict[str, bool] = {}
    cursor = conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC", (fts_query,))
    try:
        while True:
            chunk = [r[0] for r in cursor.fetchmany(FTS_CHUNK)]
            if not chunk:
                return found, True
            story_of = dict(conn.execute(
                "SELECT seq, story_id FROM articles WHERE seq IN (SELECT value FROM json_each(?)) AND story_id IS NOT NULL",
                (json.dumps(chunk),)))
            unknown = sorted({s for s in story_of.values() if s not in verdicts})
            if unknown:
                kept = matching_stories(conn, filters, unknown) if filters else set(unknown)
                verdicts.update((s, s in kept) for s in unknown)
            for position, rowid in enumerate(chunk):
                story_id = story_of.get(rowid)
                if story_id is not None and verdicts[story_id]:
                    found[rowid] = story_id
                    if len(found) >= budget:
                        return found, position == len(chunk) - 1 and cursor.fetchone() is None
    finally:
        cursor.close()


def count_matches(conn: sqlite3.Connection, fts_query: str, most: int) -> tuple[int, bool]:
    """How many articles match a full-text query, counted up to `most`: (count, exact)."""
    found = conn.execute("SELECT COUNT(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)",
                         (fts_query, most + 1)).fetchone()[0]
    return (most, False) if found > most else (found, True)


# -- threads ------------------------------------------------------------------------------------
THREAD_LISTED = f"EXISTS (SELECT 1 FROM stories s WHERE s.thread_id = t.id AND {LISTED})"


def threads_by_title(conn: sqlite3.Connection, limit: int, after: str | None = None) -> list[tuple[str, str, int]]:
    """Up to `limit` threads that have stories, by title (then id), after the thread `after`:
    (id, title, stories). ValueError when `after` names no thread."""
    where, params = THREAD_LISTED, []
    if after is not None:
        row = conn.execute("SELECT title FROM threads WHERE id = ?", (after,)).fetchone()
        if row is None:
            raise ValueError(after)
        where += " AND t.title >= ? AND (t.title > ? OR t.id > ?)"
        params += [row[0], row[0], after]
    rows = conn.execute(f"SELECT t.id, t.title FROM threads t WHERE {where} ORDER BY t.title, t.id LIMIT ?",
                        (*params, limit)).fetchall()
    counts = thread_story_counts(conn, [r[0] for r in rows])
    return [(r[0], r[1], counts.get(r[0], 0)) for r in rows]


def thread_story_counts(conn: sqlite3.Connection, thread_ids: list[str]) -> dict[str, int]:
    if not thread_ids:
        return {}
    return dict(conn.execute(f"SELECT s.thread_id, COUNT(*) FROM stories s WHERE s.thread_id IN "
                             f"(SELECT value FROM json_each(?)) AND {LISTED} GROUP BY s.thread_id",
                             (json.dumps(sorted(set(thread_ids))),)))


def thread_titles(conn: sqlite3.Connection, thread_ids: list[str]) -> dict[str, str]:
    return dict(conn.execute("SELECT id, title FROM threads WHERE id IN (SELECT value FROM json_each(?))",
                             (json.dumps(sorted(set(thread_ids))),)))


def thread_listed(conn: sqlite3.Connection, thread_id: str) -> bool:
    return conn.execute(f"SELECT 1 FROM threads t WHERE t.id = ? AND {THREAD_LISTED}", (thread_id,)).fetchone() is not None


def threads_matching(conn: sqlite3.Connection, text: str, limit: int = 50) -> list[tuple[str, str]]:
    """Up to `limit` threads with stories whose title holds `text` (any case) or whose id is `text`,
    by title: (id, title). Reads the thread titles, not the stories."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return [(r[0], r[1]) for r in conn.execute(
        f"SELECT t.id, t.title FROM threads t WHERE (t.id = ? OR t.title LIKE ? ESCAPE '\\') AND {THREAD_LISTED} "
        f"ORDER BY t.id <> ?, t.title, t.id LIMIT ?", (text, pattern, text, limit))]


# -- outlets ------------------------------------------------------------------------------------
def outlet_names(conn: sqlite3.Connection, most: int) -> tuple[list[str], bool]:
    """The outlets of the stored articles that are in stories, by name (`unattributed` for those
    without a source), up to `most`, and whether that is all of them. One seek per outlet in the
    index on articles (source, story_id), not a read of every article."""
    names = [r[0] for r in conn.execute(
        """WITH RECURSIVE o(name) AS (
               SELECT min(source) FROM articles WHERE source > '' AND story_id IS NOT NULL
               UNION ALL
               SELECT (SELECT min(source) FROM articles WHERE source > o.name AND story_id IS NOT NULL)
               FROM o WHERE o.name IS NOT NULL)
           SELECT name FROM o WHERE name IS NOT NULL LIMIT ?""", (most + 1,))]
    if UNATTRIBUTED not in names and conn.execute(
            "SELECT 1 FROM articles WHERE (source IS NULL OR source = '') AND story_id IS NOT NULL LIMIT 1").fetchone():
        names.append(UNATTRIBUTED)
    names = sorted(set(names))
    return names[:most], len(names) <= most


def outlet_known(conn: sqlite3.Connection, outlet: str) -> bool:
    """Whether some article in a story comes from this outlet."""
    if outlet == UNATTRIBUTED:
        query, params = "(source IS NULL OR source IN ('', ?))", (outlet,)
    else:
        query, params = "source = ?", (outlet,)
    return conn.execute(f"SELECT 1 FROM articles WHERE {query} AND story_id IS NOT NULL LIMIT 1",
                        params).fetchone() is not None


def outlet_story_counts(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every outlet with the number of stories it reported, most first: one walk of the index on
    articles (source, story_id) (the JSON API's outlet list; the pages do not read it)."""
    counts: dict[str, int] = {}
    for source, stories in conn.execute("SELECT source, COUNT(DISTINCT story_id) FROM articles "
                                        "WHERE story_id IS NOT NULL GROUP BY source"):
        name = source or UNATTRIBUTED
        counts[name] = counts.get(name, 0) + stories  # rarely both: a NULL and a '' source
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
