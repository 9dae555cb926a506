"""Store-wide links a story's own resolution vouches for: one story writing a name in full and short joins
the short name's entity filed before (when context agrees), and quoted titles keep no article."""

from __future__ import annotations

import sqlite3

from newsfuse.entities.index import SCHEMA, EntityIndex, link_story
from newsfuse.entities.normalize import fold, name_form
from newsfuse.models import Entity, Mention


def new_index() -> EntityIndex:
    conn = sqlite3.connect(":memory:")
    for statement in SCHEMA:
        conn.execute(statement)
    return EntityIndex(conn)


def entity(story: str, kind: str, *forms: str) -> Entity:
    mentions = [Mention(f"{story}-a", i * 40, i * 40 + len(f), f, "ORG" if kind == "org" else "PERSON")
                for i, f in enumerate(forms)]
    return Entity(id=f"{story}-{forms[0]}", name=forms[0], type=kind, aliases=list(dict.fromkeys(forms[1:])),
                  mentions=mentions)


def test_a_story_writing_the_team_in_full_and_short_joins_the_short_names_entity():
    # no place before the nickname ("Zorvath" is none): the index alone cannot link the short name at first
    index = new_index()
    link_story(index, "s1", [entity("s1", "org", "Zorvath Saints"), entity("s1", "person", "Reggie Bush")])
    link_story(index, "s2", [entity("s2", "org", "Saints", "Saints"), entity("s2", "person", "Reggie Bush")])
    assert index.links()[("s1", "s1-Zorvath Saints")] != index.links()[("s2", "s2-Saints")]
    link_story(index, "s3", [entity("s3", "org", "Zorvath Saints", "Saints"), entity("s3", "person", "Sean Payton")])
    links = index.links()
    assert links[("s1", "s1-Zorvath Saints")] == links[("s2", "s2-Saints")] == links[("s3", "s3-Zorvath Saints")]
    assert index.entity(links[("s2", "s2-Saints")]).mentions == 5


def test_a_short_name_after_a_place_links_at_once_with_shared_context():
    index = new_index()
    link_story(index, "s1", [entity("s1", "org", "New Orleans Saints"), entity("s1", "person", "Reggie Bush")])
    link_story(index, "s2", [entity("s2", "org", "Saints", "Saints"), entity("s2", "person", "Reggie Bush")])
    links = index.links()
    assert links[("s1", "s1-New Orleans Saints")] == links[("s2", "s2-Saints")]


def test_a_short_name_filed_in_an_unrelated_story_stays_apart():
    index = new_index()
    link_story(index, "s1", [entity("s1", "org", "New Orleans Saints"), entity("s1", "person", "Reggie Bush")])
    # another league's "Saints", sharing no co-occurring entity with the New Orleans team
    link_story(index, "s2", [entity("s2", "org", "Saints", "Saints"), entity("s2", "person", "Tom Huddle")])
    link_story(index, "s3", [entity("s3", "org", "New Orleans Saints", "Saints"), entity("s3", "person", "Sean Payton")])
    links = index.links()
    assert links[("s1", "s1-New Orleans Saints")] == links[("s3", "s3-New Orleans Saints")]
    assert links[("s2", "s2-Saints")] != links[("s1", "s1-New Orleans Saints")]


def test_a_quoted_titles_article_is_not_part_of_its_name():
    assert {fold(name_form(t)) for t in ("'The Hunger Games'", "''The Hunger Games''", '"The Hunger Games', "The Hunger Games",
                                   "'Hunger Games'")} == {"hunger games"}


def test_two_long_names_sharing_only_their_initials_stay_apart_store_wide():
    index = new_index()
    link_story(index, "s1", [entity("s1", "other", "American Pie", "AP"), entity("s1", "person", "Don McLean")])
    link_story(index, "s2", [entity("s2", "org", "Associated Press", "AP"), entity("s2", "person", "Don McLean")])
    links = index.links()
    assert links[("s1", "s1-American Pie")] != links[("s2", "s2-Associated Press")]
    # a story writing only the initials still links to one of them, as before
    link_story(index, "s3", [entity("s3", "org", "Associated Press")])
    assert index.links()[("s3", "s3-Associated Press")] == links[("s2", "s2-Associated Press")]
