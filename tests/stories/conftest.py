"""Shared helpers: articles written for these tests, with their named mentions located in the text."""

from __future__ import annotations

import sqlite3

import pytest

from newsfuse.models import Article, Mention
from newsfuse.stories.index import SCHEMA, StoryIndex


def make_article(article_id: str, title: str, text: str, names: list[tuple[str, str]],
                 published: str | None = None) -> Article:
    """An article whose mentions are every occurrence of the given (name, label) pairs."""
    mentions = []
    for name, label in names:
        start = text.find(name)
        while start >= 0:
            mentions.append(Mention(article_id, start, start + len(name), name, label))
            start = text.find(name, start + 1)
    mentions.sort(key=lambda m: m.start)
    return Article(id=article_id, path=f"{article_id}.txt", raw=title + "\n" + text, title=title, text=text,
                   published=published, mentions=mentions)


@pytest.fixture()
def conn():
    connection = sqlite3.connect(":memory:")
    for ddl in SCHEMA:
        connection.execute(ddl)
    yield connection
    connection.close()


@pytest.fixture()
def index(conn) -> StoryIndex:
    return StoryIndex(conn)
