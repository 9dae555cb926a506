"""The store keeps what it is given, searches it, and never keeps half an article."""

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.errors import NotFoundError, StoreError
from newsfuse.models import Article, Mention, Rejection, Removed, TimeExpression
from newsfuse.store import Store
from newsfuse.store.schema import MIGRATIONS


def make_article(article_id="a1", text="Troops arrived in Kosovo on Monday.", **fields):
    article = Article(id=article_id, path=f"/in/{article_id}.txt", raw="RAW " + text, title=f"Title {article_id}",
                      text=text, source="Example Wire", published="2023-09-25", language="en",
                      inferred={"published": "date line"}, content_hash="h-" + article_id, **fields)
    article.removed = [Removed("Leave a Comment", "comments", 0, 15)]
    start = text.find("Kosovo")
    article.mentions = [Mention(article_id, start, start + 6, text[start:start + 6], "GPE")] if start >= 0 else []
    article.times = [TimeExpression(article_id, len(text) - 7, len(text) - 1, text[-7:-1], "DATE", "2023-09-25")]
    return article


def test_new_store_is_at_the_latest_schema(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.schema_version == len(MIGRATIONS)
    with Store(tmp_path / "s.db") as again:  # reopening migrates nothing and loses nothing
        assert again.schema_version == len(MIGRATIONS)


def test_not_a_database_is_a_store_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database " * 100)
    with pytest.raises(StoreError):
        Store(path)


def test_article_round_trip_with_extractions(store):
    original = make_article()
    assert store.add_articles([original]) == 1
    assert store.add_articles([original]) == 0  # same id: a no-op
    back = store.article("a1")
    assert back == original
    assert back.text[back.mentions[0].start:back.mentions[0].end] == "Kosovo"


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(text=st.text(min_size=1, max_size=300), title=st.text(max_size=80),
       source=st.none() | st.text(min_size=1, max_size=30))
def test_any_text_round_trips(tmp_path_factory, text, title, source):
    with Store(tmp_path_factory.mktemp("h") / "h.db") as store:
        article = Article(id="x", path="p", raw=text, title=title, text=text, source=source, content_hash="h")
        store.add_articles([article])
        assert store.article("x") == article


def test_interrupted_write_leaves_no_half_written_article(store):
    class Crash(Exception):
        pass

    with pytest.raises(Crash):
        with store.transaction() as conn:
            store.add_articles([make_article("a1")], conn)
            raise Crash
    assert store.count_articles() == 0
    assert store.conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == 0


def test_search_finds_words_ignoring_diacritics_and_shows_snippet(store):
    store.add_articles([make_article("a1", "Police in Zvečan reported a quiet night."),
                        make_article("a2", "The harbour reopened after the storm.")])
    hits = store.search("zvecan police")
    assert [h.article_id for h in hits] == ["a1"]
    assert "\x02" in hits[0].snippet
    assert store.search('"unbalanced quote (') == []


def test_rejections_are_kept_once(store):
    store.add_rejections([Rejection("/in/x.bin", "binary file")] * 2)
    assert store.rejections() == [Rejection("/in/x.bin", "binary file")]


def test_missing_article_is_not_found(store):
    with pytest.raises(NotFoundError):
        store.article("nope")


def test_database_refuses_an_orphan_mention(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("INSERT INTO mentions VALUES ('ghost', 0, 1, 'x', 'ORG')")
