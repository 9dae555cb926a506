"""The store-wide entity index: one entity across stories, no false merge, flat cost, honest corrections."""

from __future__ import annotations

import hashlib
import re
import sqlite3

import pytest

from newsfuse.entities import resolve
from newsfuse.entities.corrections import correct_index
from newsfuse.entities.index import (POSTINGS_PER_KEY, SCHEMA, AmbiguousEntityError, EntityIndex, canonical_entities,
                                     link_story, rebuild)
from newsfuse.entities.normalize import fold
from newsfuse.errors import NotFoundError
from newsfuse.models import Article, Entity, Mention


DIGITS_TO_LETTERS = str.maketrans("0123456789", "ghijklmnop")


def new_index() -> EntityIndex:
    conn = sqlite3.connect(":memory:")
    for statement in SCHEMA:
        conn.execute(statement)
    return EntityIndex(conn)


def article(article_id: str, text: str, labels: dict[str, str], story_id: str) -> Article:
    mentions = [Mention(article_id, m.start(), m.end(), m.group(), label)
                for name, label in labels.items() for m in re.finditer(rf"\b{re.escape(name)}\b", text)]
    mentions.sort(key=lambda m: m.start)
    return Article(id=article_id, path=article_id, raw=text, text=text, source=f"outlet-{article_id}",
                   story_id=story_id, mentions=mentions)


def entity(name: str, kind: str, story: str, n: int = 1, aliases: tuple[str, ...] = ()) -> Entity:
    mentions = [Mention(f"{story}-a", i * 10, i * 10 + len(name), name, "PERSON") for i in range(n)]
    return Entity(id=f"e-{fold(name).replace(' ', '-')}-{kind}", name=name, type=kind, aliases=list(aliases),
                  mentions=mentions)


# --- the seeds, story by story -------------------------------------------------------------------

# The seeds as the store groups them: the November reports, the September report, the June report.
SEED_STORIES = {"seed-0": "nov", "seed-1": "nov", "seed-2": "nov", "seed-3": "sep", "seed-4": "jun"}


@pytest.fixture(scope="module")
def seed_store(seed_articles, gazetteer):
    index = new_index()
    views = {}
    for story in ("jun", "sep", "nov"):
        articles = [a for a in seed_articles if SEED_STORIES[a.id] == story]
        for a in articles:
            a.story_id = story
        local = resolve(articles, gazetteer=gazetteer, scope="story")
        views[story] = canonical_entities(index, story, local)
    return index, views


def ids_written(views, name):
    """Store-wide ids of the entities with a mention written `name`, over every story."""
    return {e.id for entities in views.values() for e in entities
            if any(fold(m.text) == fold(name) or fold(m.text).endswith(" " + fold(name)) for m in e.mentions)}



@pytest.mark.slow
@pytest.mark.parametrize("names", [
    ("Antony Blinken", "Anthony Blinken"),
    ("Stoltenberg", "Jens Stoltenberg"),
    ("Banska", "Banjska", "Banjské"),
    ("EU", "European Union"),
])
def test_each_spelling_group_is_one_entity_store_wide(seed_store, names):
    _, views = seed_store
    ids = set().union(*(ids_written(views, name) for name in names))
    assert len(ids) == 1, {name: ids_written(views, name) for name in names}


@pytest.mark.slow
@pytest.mark.parametrize("a, b", [("Kosovo", "Pristina"), ("Serbia", "Belgrade"), ("Kosovo", "Kosovo Police"),
                                  ("NATO", "KFOR"), ("Serbia", "Serbs")])
def test_different_entities_stay_apart_store_wide(seed_store, a, b):
    _, views = seed_store
    assert ids_written(views, a) and ids_written(views, b)
    assert not ids_written(views, a) & ids_written(views, b)


@pytest.mark.slow
def test_types_and_canonical_names_store_wide(seed_store):
    index, views = seed_store
    everything = {e.id: e for entities in views.values() for e in entities}
    balkans = {everything[i].type for i in ids_written(views, "Western Balkans")}
    assert balkans == {"place"}
    (eu,) = ids_written(views, "EU")
    assert index.entity(eu).name == "European Union"
    (stoltenberg,) = ids_written(views, "Stoltenberg")
    assert index.entity(stoltenberg).name == "Jens Stoltenberg"
    assert {everything[i].type for i in ids_written(views, "Hamas")} == {"org"}


@pytest.mark.slow
def test_none_of_the_junk_is_an_entity(seed_store):
    _, views = seed_store
    names = {fold(e.name) for entities in views.values() for e in entities}
    assert not names & {"state", "september 24", "24 september", "palestinian hamas"}


@pytest.mark.slow
def test_rebuild_agrees_with_the_incremental_index(seed_store):
    index, views = seed_store
    before = index.links()
    result = rebuild(index)
    assert result.agreement == pytest.approx(1.0)
    assert index.links() == before


# --- clean mentions --------------------------------------------------------------------------------

def test_dates_cut_titles_and_outlet_names_are_rejected():
    text = ("LANTERN STREET REVIEW | Europe\n\nOn September 24, US Secretary of State Antony Blinken called Pristina.\n\n"
            "Morava Morning Post © 2023")
    a = article("a1", text, {"LANTERN STREET REVIEW": "ORG", "September 24": "DATE", "State": "ORG",
                             "Antony Blinken": "PERSON", "Pristina": "GPE", "Morava Morning Post": "WORK_OF_ART"}, "s")
    a.mentions.append(Mention("a1", text.index("September 24"), text.index("September 24") + 12, "September 24",
                              "EVENT"))
    names = {e.name for e in resolve([a])}
    assert names == {"Antony Blinken", "Pristina"}


# --- linking --------------------------------------------------------------------------------------

def test_analysing_a_story_again_changes_nothing():
    index = new_index()
    story = [entity("Albin Kurti", "person", "s1", 3), entity("Kosovo", "place", "s1", 5)]
    first = link_story(index, "s1", story)
    again = link_story(index, "s1", story)
    assert first == again
    assert index.entity(first[story[0].id]).mentions == 3


def test_a_lone_surname_links_to_the_one_full_name_it_shares_context_with():
    index = new_index()
    link_story(index, "s1", [entity("Albin Kurti", "person", "s1", 2), entity("Kosovo", "place", "s1", 4)])
    mapping = link_story(index, "s2", [entity("Kosovo", "place", "s2", 3), entity("Kurti", "org", "s2", 1)])
    assert index.entity(mapping["e-kurti-org"]).name == "Albin Kurti"


def test_people_with_one_surname_and_different_first_names_stay_apart():
    index = new_index()
    a = link_story(index, "s1", [entity("John Smith", "person", "s1")])
    b = link_story(index, "s2", [entity("Jane Smith", "person", "s2")])
    assert set(a.values()) != set(b.values())


def test_candidates_examined_per_link_stay_bounded_as_the_store_grows():
    index = new_index()
    examined = []
    for i in range(400):
        before = index.examined
        # every story names a different person with the same surname: the worst case for a posting list
        first = "Q" + hashlib.md5(str(i).encode()).hexdigest()[:7].translate(DIGITS_TO_LETTERS)
        link_story(index, f"s{i}", [entity(f"{first} Smith", "person", f"s{i}"),
                                    entity("Kosovo", "place", f"s{i}")])
        examined.append(index.examined - before)
    keys_per_story = 10
    assert max(examined) <= keys_per_story * POSTINGS_PER_KEY
    assert max(examined[-50:]) <= 1.2 * max(examined[50:100])  # flat: the 400th link reads what the 60th did
    assert index.conn.execute("SELECT COUNT(*) FROM ent_entities").fetchone()[0] == 401


# --- corrections ----------------------------------------------------------------------------------

def test_corrections_of_unknown_names_are_errors():
    index = new_index()
    link_story(index, "s1", [entity("Antony Blinken", "person", "s1")])
    with pytest.raises(NotFoundError):
        correct_index(index, "merge", {"a": "Antony Blinken", "b": "Nobody At All"})
    with pytest.raises(NotFoundError):
        correct_index(index, "rename", {"entity": "e-000000000000", "name": "X"})
    with pytest.raises(NotFoundError):
        correct_index(index, "split", {"entity": "Nobody"})


def test_an_ambiguous_name_lists_its_candidates():
    index = new_index()
    link_story(index, "s1", [entity("Georgia", "place", "s1", 3)])
    link_story(index, "s2", [entity("Georgia", "person", "s2", 3)])
    with pytest.raises(AmbiguousEntityError) as caught:
        correct_index(index, "rename", {"entity": "Georgia", "name": "Georgia (country)"})
    assert len(caught.value.candidates) == 2 and "place" in str(caught.value) and "person" in str(caught.value)
    message, changed = correct_index(index, "rename", {"entity": "place:Georgia", "name": "Georgia (country)"})
    assert changed and "Georgia (country)" in message


def test_a_merge_applies_store_wide_and_survives_re_analysis():
    index = new_index()
    a = link_story(index, "s1", [entity("Jens Stoltenberg", "person", "s1")])
    b = link_story(index, "s2", [entity("Secretary General", "other", "s2")])
    message, changed = correct_index(index, "merge", {"a": "Jens Stoltenberg", "b": "Secretary General"})
    assert changed
    again = link_story(index, "s2", [entity("Secretary General", "other", "s2")])
    assert again["e-secretary-general-other"] == a["e-jens-stoltenberg-person"]
    assert b["e-secretary-general-other"] != a["e-jens-stoltenberg-person"]
    _, changed = correct_index(index, "merge", {"a": "Jens Stoltenberg", "b": "Secretary General"})
    assert not changed  # already one entity: said so, nothing recorded


def test_a_split_applies_store_wide_and_keeps_the_names_apart():
    index = new_index()
    a = link_story(index, "s1", [entity("Antony Blinken", "person", "s1", 2)])
    b = link_story(index, "s2", [entity("Anthony Blinken", "person", "s2")])
    assert set(a.values()) == set(b.values())
    payload = {"entity": "Anthony Blinken"}
    message, changed = correct_index(index, "split", payload)
    assert changed and payload["entity"] == "person:Antony Blinken"
    links = index.links()
    assert links[("s1", "e-antony-blinken-person")] != links[("s2", "e-anthony-blinken-person")]
    again = link_story(index, "s2", [entity("Anthony Blinken", "person", "s2")])  # re-analysis keeps them apart
    assert again["e-anthony-blinken-person"] != links[("s1", "e-antony-blinken-person")]
    rebuild(index)
    links = index.links()
    assert links[("s1", "e-antony-blinken-person")] != links[("s2", "e-anthony-blinken-person")]


def test_rebuild_replays_merges_and_forgets_stories_that_are_gone():
    index = new_index()
    link_story(index, "s1", [entity("Jens Stoltenberg", "person", "s1")])
    link_story(index, "s2", [entity("Secretary General", "other", "s2")])
    link_story(index, "s3", [entity("Kosovo", "place", "s3")])
    correct_index(index, "merge", {"a": "Jens Stoltenberg", "b": "Secretary General"})
    result = rebuild(index, merges=[("Jens Stoltenberg", "Secretary General")], keep={"s1", "s2"})
    links = index.links()
    assert links[("s1", "e-jens-stoltenberg-person")] == links[("s2", "e-secretary-general-other")]
    assert ("s3", "e-kosovo-place") not in links and result.entities == 1
    assert result.agreement == pytest.approx(1.0)


def test_a_merge_undoes_an_earlier_split():
    index = new_index()
    link_story(index, "s1", [entity("Antony Blinken", "person", "s1", 2)])
    link_story(index, "s2", [entity("Anthony Blinken", "person", "s2")])
    message, _ = correct_index(index, "split", {"entity": "Antony Blinken"})
    assert message.endswith("Anthony Blinken, Antony Blinken")
    correct_index(index, "merge", {"a": "Antony Blinken", "b": "Anthony Blinken"})
    again = link_story(index, "s2", [entity("Anthony Blinken", "person", "s2")])
    assert again["e-anthony-blinken-person"] == index.links()[("s1", "e-antony-blinken-person")]


@pytest.mark.slow
def test_outlet_mastheads_and_share_buttons_of_the_demo_corpus_are_no_entities(make_articles, gazetteer):
    from newsfuse.demo import corpus_dir

    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(corpus_dir().glob("*.txt"))}
    names = {fold(e.name) for e in resolve(make_articles(texts), gazetteer=gazetteer, scope="story")}
    assert not names & {"lantern street review", "morava morning post", "lowland courier", "twitter email", "state"}
    assert {"banjska", "jens stoltenberg", "kfor"} <= names


# --- spellings counted by outlet, not by article ---------------------------------------------------

def written_by(story: str, spellings: dict[str, tuple[str, int]]) -> Entity:
    """One local entity of `story`: each spelling written in its own article (article id -> (spelling, mentions))."""
    mentions = [Mention(article_id, i * 20, i * 20 + len(text), text, "PERSON")
                for article_id, (text, n) in spellings.items() for i in range(n)]
    names = list(dict.fromkeys(text for text, _ in spellings.values()))
    return Entity(id=f"e-local-{story}", name=names[0], type="person", aliases=names[1:], mentions=mentions)


def test_one_outlets_repeated_misspelling_loses_to_the_spelling_two_outlets_write():
    # The Lantern misspells the minister in both of its reports (and names her more often); the Courier
    # and the Gazette spell her right once each. Two stories, so no story alone sees all four articles.
    outlets = {"a1": "Lantern", "a2": "Lantern", "a3": "Courier", "a4": "Gazette"}
    index = new_index()
    first = canonical_entities(index, "s1", [written_by("s1", {"a1": ("Ilse Vandermeeer", 3),
                                                                "a3": ("Ilse Vandermeer", 1)})], outlets)
    second = canonical_entities(index, "s2", [written_by("s2", {"a2": ("Ilse Vandermeeer", 3),
                                                                 "a4": ("Ilse Vandermeer", 1)})], outlets)
    assert first[0].id == second[0].id
    # counted by article the two spellings tie (2 / 2) and the misspelling's 6 mentions win
    assert index.entity(second[0].id).name == "Ilse Vandermeer"
    again = rebuild(index)  # recomputed from the stored contributions: the same answer
    assert again.agreement == 1.0 and index.entity(second[0].id).name == "Ilse Vandermeer"


def test_a_story_analysed_again_takes_back_its_outlets():
    outlets = {"a1": "Lantern", "a2": "Courier"}
    index = new_index()
    story = [written_by("s1", {"a1": ("Ilse Vandermeer", 1), "a2": ("Ilse Vandermeer", 1)})]
    mapping = link_story(index, "s1", story, outlets)
    link_story(index, "s1", story, outlets)
    profile = index.entity(mapping["e-local-s1"]).profile
    assert profile["outlets"] == {"Ilse Vandermeer": {"Lantern": 1, "Courier": 1}}
