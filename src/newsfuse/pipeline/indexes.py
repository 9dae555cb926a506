"""The store run's infrastructure under the article stages: the duplicate index over the store,
and the writing of what those stages left on the records (band keys, facts) beside the articles."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from newsfuse.codec import encode
from newsfuse.models import Article
from newsfuse.pipeline.stages import signature_bytes
from newsfuse.store import Store
from newsfuse.stories.copies import shingles
from newsfuse.stories.dedup import minhash


class StoreDuplicates:
    """`DuplicateIndex` over the stored articles and their band keys (table `dup_bands`)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def original_with_hash(self, content_hash: str) -> str | None:
        return self.store.original_with_hash(content_hash)

    def near_candidates(self, key: tuple[int, str]) -> list[str]:
        return [r[0] for r in self.store.conn.execute(
            "SELECT article_id FROM dup_bands WHERE band = ? AND hash = ?", key)]

    def near_candidates_of(self, keys: list[tuple[int, str]]) -> dict[tuple[int, str], list[str]]:
        """`near_candidates` of every key of an article, in one statement: key -> stored articles
        (in the order of the table, as `near_candidates` lists them)."""
        found: dict[tuple[int, str], list[str]] = {}
        rows = self.store.conn.execute(
            "SELECT d.band, d.hash, d.article_id FROM json_each(?) k JOIN dup_bands d "
            "ON d.band = k.value ->> 0 AND d.hash = k.value ->> 1 ORDER BY d.rowid",
            (json.dumps([list(key) for key in keys]),))
        for band, value, article_id in rows:
            found.setdefault((band, value), []).append(article_id)
        return found

    def copy_holders(self, values: Iterable[int]) -> dict[int, list[str]]:
        """Shingle hash -> stored articles holding it, earliest first (table `copy_shingles`)."""
        found: dict[int, list[str]] = {}
        # one statement for all of an article's shingles (was one per 500): each hash's holders in rowid order
        for value, article_id in self.store.conn.execute(
                "SELECT c.hash, c.article_id FROM json_each(?) k JOIN copy_shingles c ON c.hash = k.value "
                "ORDER BY c.rowid", (json.dumps(sorted(set(values))),)):
            found.setdefault(value, []).append(article_id)
        return found

    def minhash_of(self, article_id: str) -> bytes:
        row = self.store.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        return signature_bytes(minhash(row[0] if row else ""))


def save_article_results(store: Store, articles: Iterable[Article], conn: sqlite3.Connection) -> None:
    """Write the band keys of the originals among `articles` and every article's facts."""
    articles = list(articles)
    conn.executemany("INSERT INTO dup_bands VALUES (?, ?, ?)",
                     [(band, key, a.id) for a in articles if a.duplicate_of is None for band, key in a.bands])
    conn.executemany("INSERT INTO copy_shingles VALUES (?, ?)",
                     [(value, a.id) for a in articles if a.duplicate_of is None for value in shingles(a.text)])
    save_facts(store, articles, conn)


def save_facts(store: Store, articles: Iterable[Article], conn: sqlite3.Connection | None = None) -> None:
    store.put_analyses((("article", a.id, "facts", encode(a.facts)) for a in articles if a.facts is not None), conn)
