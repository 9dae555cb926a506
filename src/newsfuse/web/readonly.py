"""The store as the web app sees it: opened read-only, never migrated, never written.

`ReadOnlyStore` is a `Store` whose connection SQLite itself refuses to write through
(`mode=ro`, `PRAGMA query_only`), plus two cheap lookups the pages need on large stores.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from newsfuse.errors import NotFoundError, StoreError
from newsfuse.models import Story
from newsfuse.store import Store
from newsfuse.store.schema import MIGRATIONS


@dataclass(slots=True, frozen=True)
class ArticleRow:
    """What a list needs of an article, without its text."""

    id: str
    story_id: str | None
    title: str
    source: str | None
    published: str | None


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
        if self.schema_version != len(MIGRATIONS):
            version = self.schema_version
            self.conn.close()
            raise StoreError(f"{self.path} has schema {version}, this newsfuse reads {len(MIGRATIONS)}: open it once "
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

    def story(self, story_id: str) -> Story:
        """One story by id or by a unique-enough prefix, without listing every story."""
        rows = self.conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchall()
        if not rows and len(story_id) >= 4:
            pattern = story_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            rows = self.conn.execute("SELECT * FROM stories WHERE id LIKE ? ESCAPE '\\' "
                                     "ORDER BY COALESCE(date_start, ''), id", (pattern,)).fetchall()
        for row in rows:
            members = [r[0] for r in self.conn.execute(
                "SELECT id FROM articles WHERE story_id = ? ORDER BY seq", (row["id"],))]
            if members:
                return Story(row["id"], row["title"], members, row["thread_id"], row["date_start"], row["date_end"])
        raise NotFoundError("story", story_id)

    def article_rows(self) -> list[ArticleRow]:
        return [ArticleRow(r["id"], r["story_id"], r["title"], r["source"], r["published"])
                for r in self.conn.execute("SELECT id, story_id, title, source, published FROM articles ORDER BY seq")]
