"""Seed reports parsed once per test module: other people's writing, read at run time."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.models import Article

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def parsed_articles(texts: dict[str, str], story_id: str | None = None) -> list[Article]:
    """Articles with spaCy's mentions, ids as given, one outlet per article."""
    from newsfuse.nlp import mentions_from_doc, parse

    articles = [Article(id=key, path=f"{key}.txt", raw=text, text=text, source=f"outlet-{key}", story_id=story_id)
                for key, text in texts.items()]
    for article, doc in zip(articles, parse(a.text for a in articles)):
        article.mentions = mentions_from_doc(article.id, doc)
    return articles


@pytest.fixture(scope="module")
def seed_articles() -> list[Article]:
    paths = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not paths:
        pytest.skip("../shared/seeds is not here")
    return parsed_articles({f"seed-{i}": p.read_text(encoding="utf-8") for i, p in enumerate(paths)})


@pytest.fixture(scope="module")
def gazetteer():
    from newsfuse.entities import Gazetteer

    return Gazetteer.load()


@pytest.fixture(scope="module")
def make_articles():
    """parsed_articles, for tests that write their own sentences."""
    return parsed_articles


@pytest.fixture(scope="module")
def marked():
    """An article from text whose names are marked [like this|LABEL] (the marks become its mentions)."""
    from marks import marked_article

    def make(article_id: str, text: str, story_id: str | None = None) -> Article:
        return marked_article(article_id, text, source=f"outlet-{article_id}", story_id=story_id)
    return make


@pytest.fixture
def memory_index():
    """A maker of empty store-wide entity indexes in memory."""
    import sqlite3

    from newsfuse.entities.index import SCHEMA, EntityIndex

    def make() -> EntityIndex:
        conn = sqlite3.connect(":memory:")
        for statement in SCHEMA:
            conn.execute(statement)
        return EntityIndex(conn)

    return make
