"""A first name among another full name's given names is the same person ("W. Mark Felt" / "Mark Felt",
"Gaetano Lo Presti" / "Lo Presti"), inside one story and across stories of the store-wide index; two first
names that cannot be one person's still keep a shared surname apart."""

from __future__ import annotations

import sqlite3

from newsfuse.entities import ResolveOptions, resolve
from newsfuse.entities.index import SCHEMA, EntityIndex, canonical_entities
from newsfuse.entities.similarity import person_conflict
from newsfuse.models import Article, Mention

GOLD = ResolveOptions(recover_mentions=False, link_roles=False, keep_spans=True)


def _article(article_id: str, text: str, names: list[str]) -> Article:
    mentions = [Mention(article_id, text.index(n), text.index(n) + len(n), n, "PERSON") for n in names]
    return Article(id=article_id, path=article_id, raw=text, text=text, source=article_id, mentions=mentions)


ARTICLES = [
    _article("a1", "W. Mark Felt, the FBI official, died. Felt was 95.", ["W. Mark Felt", "Felt"]),
    _article("a2", "Mark Felt was Deep Throat, his family said.", ["Mark Felt"]),
    _article("a3", "Police held Gaetano Lo Presti on Tuesday.", ["Gaetano Lo Presti"]),
    _article("a4", "Lo Presti was found dead in his cell.", ["Lo Presti"]),
]


def _people(entities) -> list[list[str]]:
    return sorted(sorted({m.text for m in e.mentions}) for e in entities if e.type == "person")


def test_a_middle_initial_or_a_given_name_is_one_person_in_one_story():
    assert _people(resolve(ARTICLES, options=GOLD)) == [["Felt", "Mark Felt", "W. Mark Felt"],
                                                       ["Gaetano Lo Presti", "Lo Presti"]]


def test_a_middle_initial_or_a_given_name_is_one_person_across_stories():
    conn = sqlite3.connect(":memory:")
    for statement in SCHEMA:
        conn.execute(statement)
    index = EntityIndex(conn)
    ids: dict[str, set[str]] = {}
    for article in ARTICLES:  # each article a story of its own, linked one after the other
        for entity in canonical_entities(index, f"story:{article.id}", resolve([article], options=GOLD)):
            for m in entity.mentions:
                ids.setdefault(entity.id, set()).add(m.text)
    assert sorted(sorted(texts) for texts in ids.values()) == [["Felt", "Mark Felt", "W. Mark Felt"],
                                                               ["Gaetano Lo Presti", "Lo Presti"]]


def test_first_names_of_two_people_still_conflict():
    assert person_conflict(("karin", "holmberg"), ("anders", "holmberg"))
    assert not person_conflict(("w", "mark", "felt"), ("mark", "felt"))
    assert person_conflict(("w", "mark", "felt"), ("john", "felt"))
