"""The story list's views read only what they show: a story's outlets (most articles first) and its
most mentioned people, organisations and places under the names the store-wide index gives them now,
the same as decoding every entity record gave."""

from __future__ import annotations

import pytest

from newsfuse.codec import encode
from newsfuse.errors import StoreError
from newsfuse.models import Article, Entity, Mention, Story
from newsfuse.present.views import story_entities, story_outlets, top_entities
from newsfuse.store import Store


def _mentions(n: int) -> list[Mention]:
    return [Mention("a1", i, i + 1, "x", "PERSON") for i in range(n)]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "v.db") as store:
        sources = ["Valden Gazette", None, "Harbourline News", "Valden Gazette", None, None]
        store.add_articles([Article(id=f"a{i}", path=f"/in/{i}", raw="x", title="t", text="text", source=s,
                                    story_id="s1", content_hash=f"h{i}") for i, s in enumerate(sources)])
        entities = [Entity(id="e-ana", name="Ana Petrovic", type="person", mentions=_mentions(3)),
                    Entity(id="e-zv", name="Zvecan", type="place", mentions=_mentions(5)),
                    Entity(id="", name="Monday", type="other", mentions=_mentions(9)),
                    Entity(id="e-kf", name="KFOR", type="org", mentions=_mentions(3))]
        store.put_analysis("story", "s1", "entities", encode(entities))
        store.conn.execute("INSERT INTO ent_entities (id, name, type, mentions, seq, profile) VALUES ('e-zv', 'Zvečan', 'place', 5, 1, '{}')")
        yield store


def test_outlets_most_articles_first(store):
    story = Story("s1", "t", [f"a{i}" for i in range(6)])
    assert story_outlets(store, story) == ["unknown outlet", "Valden Gazette", "Harbourline News"]
    assert story_outlets(store, Story("s2", "t", [])) == []


def test_top_entities_rank_by_mentions_under_current_names(store):
    story = Story("s1", "t", [])
    assert top_entities(store, story, 10) == ["Zvečan", "Ana Petrovic", "KFOR"]  # ties by name; "other" left out
    assert top_entities(store, story, 1) == ["Zvečan"]
    decoded = sorted(story_entities(store, story), key=lambda e: (-len(e.mentions), e.name))
    assert [e.name for e in decoded if e.type != "other"] == top_entities(store, story, 10)


def test_a_damaged_document_is_reported_as_before(store):
    store.conn.execute("UPDATE analysis SET body = '[{\"id\": 3}]' WHERE key = 's1'")
    with pytest.raises(StoreError):
        top_entities(store, Story("s1", "t", []), 10)
