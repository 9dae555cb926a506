"""The store as the web app sees it: opened read-only, never migrated, never written.

`ReadOnlyStore` is a `Store` whose connection SQLite itself refuses to write through
(`mode=ro`, `PRAGMA query_only`), plus the cheap lookups the pages need on large stores. Ids
resolve as in the store: an exact id, else a prefix that fits one id (several: `AmbiguousError`).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from newsfuse.errors import NotFoundError, StoreError
from newsfuse.models import Article, Story
from newsfuse.store import COPIES, Store, _fts_query
from newsfuse.store.latest import latest_version


@dataclass(slots=True, frozen=True)
class ArticleRow:
    """What a list needs of an article, without its text."""

    id: str
    story_id: str | None
    title: str
    source: str | None
    published: str | None


@dataclass(slots=True, frozen=True)
class OutletArticle:
    """An article on an outlet's page: its row and where it came from."""

    row: ArticleRow
    publisher: str | None
    credits: list[str]
    derived_from: list[tuple[str, float]]  # earlier article id, share of this article's text
    duplicate_of: str | None


class ReadOnlyStore(Store):
    readonly = True

    def __init__(self, path: str | Path) -> None:  # noqa: super().__init__ would migrate and write
        self.path = str(path)
        file = Path(path)
        if not file.is_file():
            raise StoreError(f"no store at {self.path}", path=self.path)
        uri = file.resolve().as_uri()
        try:
            self.conn = self._connect(uri + "?mode=ro")
        except sqlite3.OperationalError:
            # a read-only folder where SQLite cannot create the WAL index: read the file as it is
            try:
                self.conn = self._connect(uri + "?mode=ro&immutable=1")
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"cannot open the store {self.path}: {exc}", path=self.path) from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}", path=self.path) from exc
        if self.schema_version != latest_version():
            version = self.schema_version
            self.conn.close()
            raise StoreError(f"{self.path} has schema {version}, this newsfuse reads {latest_version()}: open it once "
                             f"with a command that writes (e.g. `newsfuse stories --db {self.path}`)", path=self.path)

    @staticmethod
    def _connect(uri: str) -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # fails now if it is no database
        return conn

    def put_analysis(self, *args, **kwargs) -> None:
        """A read-only store keeps no caches: analysis documents that views would cache are dropped."""

    def fts_query(self, query: str) -> str:
        """A user's query as the FTS5 query `search` runs (entity spellings added)."""
        return _fts_query(query, self.search_expansions(query))

    def story_with_articles(self, ref: str) -> tuple[Story, list[Article]]:
        """A story (an exact id, else a prefix as `story` resolves it) and its articles in ingest
        order, without details: two statements for an exact id, where `story` and `articles` took four."""
        row = self.conn.execute("SELECT * FROM stories WHERE id = ?", (ref,)).fetchone()
        articles = self.articles(story_id=ref, with_details=False) if row is not None else []
        if not articles:  # a prefix, or a story without articles: resolved (or refused) as the store does
            story = self.story(ref)
            return story, self.articles(ids=story.article_ids, with_details=False)
        return Story(row["id"], row["title"], [a.id for a in articles], row["thread_id"], row["date_start"],
                     row["date_end"]), articles

    def rows_by_id(self, ids: list[str]) -> dict[str, ArticleRow]:
        """The list rows of these articles (those that exist)."""
        ids = list(dict.fromkeys(ids))[:900]
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        return {r["id"]: ArticleRow(r["id"], r["story_id"], r["title"], r["source"], r["published"])
                for r in self.conn.execute(f"SELECT id, story_id, title, source, published FROM articles "
                                           f"WHERE id IN ({marks})", ids)}

    def outlet_articles(self, outlet: str) -> list[OutletArticle]:
        """Articles an outlet published or is credited by, with their provenance, in ingest order.
        `outlet` is an outlet's name as the pages show it (its `source`, "unattributed" for none)."""
        pattern = "%" + json.dumps(outlet, ensure_ascii=False).replace("\\", "\\\\").replace("%", "\\%") \
            .replace("_", "\\_") + "%"
        rows = self.conn.execute(
            "SELECT id, story_id, title, source, published, publisher, credits, derived_from, duplicate_of "
            "FROM articles WHERE COALESCE(source, 'unattributed') = ? OR publisher = ? OR credits LIKE ? ESCAPE '\\' "
            "ORDER BY seq", (outlet, outlet, pattern))
        found = []
        for r in rows:
            try:
                credits = [str(c) for c in json.loads(r["credits"] or "[]")]
                derived = [(str(a), float(share)) for a, share in json.loads(r["derived_from"] or "[]")]
            except (ValueError, TypeError):
                credits, derived = [], []
            found.append(OutletArticle(ArticleRow(r["id"], r["story_id"], r["title"], r["source"], r["published"]),
                                       r["publisher"], credits, derived, r["duplicate_of"]))
        return found

    def copies(self) -> list[OutletArticle]:
        """The articles that copy another's text (near-duplicates and partial copies), with their provenance."""
        found = []
        for r in self.conn.execute(
                f"SELECT id, story_id, title, source, published, publisher, derived_from, duplicate_of FROM articles "
                f"WHERE {COPIES} ORDER BY seq"):  # through the index `articles_copies` where the store has it
            try:
                derived = [(str(a), float(share)) for a, share in json.loads(r["derived_from"] or "[]")]
            except (ValueError, TypeError):
                derived = []
            found.append(OutletArticle(ArticleRow(r["id"], r["story_id"], r["title"], r["source"], r["published"]),
                                       r["publisher"], [], derived, r["duplicate_of"]))
        return found

    def article_rows(self) -> list[ArticleRow]:
        return [ArticleRow(r["id"], r["story_id"], r["title"], r["source"], r["published"])
                for r in self.conn.execute("SELECT id, story_id, title, source, published FROM articles ORDER BY seq")]
