"""Transactions nest, and what SQLite says about the file (busy, read-only) is one StoreError."""

import sqlite3

import pytest

from newsfuse.errors import StoreError
from newsfuse.store import Store

from .test_store import make_article


class Crash(Exception):
    pass


def test_a_failing_inner_block_undoes_only_itself(store):
    with store.atomic() as conn:
        store.add_articles([make_article("a1")], conn)
        with pytest.raises(Crash):
            with store.atomic() as inner:
                store.add_articles([make_article("a2")], inner)
                raise Crash
        store.add_articles([make_article("a3")], conn)
    assert [a.id for a in store.articles()] == ["a1", "a3"]
    assert not store.conn.in_transaction


def test_a_failing_outer_block_undoes_its_committed_inner_blocks(store):
    with pytest.raises(Crash):
        with store.atomic() as conn:
            with store.atomic() as inner:
                store.add_articles([make_article("a1")], inner)
            store.queue("story", ["s-1"], "test", conn)
            raise Crash
    assert store.count_articles() == 0
    assert store.pending() == []


def test_transaction_is_the_same_nesting_transaction(store):
    with store.transaction():
        with store.transaction() as inner:
            store.add_articles([make_article("a1")], inner)
    assert store.count_articles() == 1


def test_a_busy_store_waits_then_says_so_in_one_line(tmp_path, monkeypatch):
    path = tmp_path / "busy.db"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing
    monkeypatch.setenv("NEWSFUSE_BUSY_TIMEOUT", "0.2")
    try:
        with Store(path) as store:
            assert store.count_articles() == 0  # reading is not blocked (WAL)
            with pytest.raises(StoreError) as caught:
                store.add_articles([make_article("a1")])
    finally:
        holder.rollback()
        holder.close()
    message = str(caught.value)
    assert "busy" in message and str(path) in message and "\n" not in message


def test_a_read_only_store_is_a_store_error_when_written(tmp_path):
    path = tmp_path / "ro.db"
    with Store(path) as store:
        store.add_articles([make_article("a1")])
    with Store(path) as store:
        store.conn.execute("PRAGMA query_only = ON")  # as a file the process may not write
        with pytest.raises(StoreError) as caught:
            store.add_articles([make_article("a2")])
        assert str(path) in str(caught.value)
        assert store.article("a1").id == "a1"


def test_a_bad_busy_timeout_setting_is_named(tmp_path, monkeypatch):
    from newsfuse.errors import ConfigError

    monkeypatch.setenv("NEWSFUSE_BUSY_TIMEOUT", "soon")
    with pytest.raises(ConfigError, match="NEWSFUSE_BUSY_TIMEOUT"):
        Store(tmp_path / "x.db")


def test_two_stores_opening_a_new_file_both_end_at_the_latest_schema(tmp_path):
    from newsfuse.store.schema import MIGRATIONS

    path = tmp_path / "new.db"
    first, second = Store(path), Store(path)  # the second finds the migrations done
    assert first.schema_version == second.schema_version == len(MIGRATIONS)
    first.close()
    second.close()
