"""A lone surname another story wrote beside a full name is that person only when its own story does not
contradict it: a story naming several others, none of them ever named with that person, is about a namesake
(ECB+: the Obama stories' "Bush" was linked to the New Orleans Saints' Reggie Bush, across the store)."""

from __future__ import annotations

from newsfuse.entities.index import link_story
from newsfuse.entities.normalize import fold
from newsfuse.models import Entity, Mention


def entity(kind: str, story: str, *written: str) -> Entity:
    mentions = [Mention(f"{story}-a", i * 20, i * 20 + len(w), w, "PERSON" if kind == "person" else "ORG")
                for i, w in enumerate(written)]
    return Entity(id=f"e-{fold(written[0]).replace(' ', '-')}-{kind}", name=written[0], type=kind, mentions=mentions,
                  aliases=sorted(set(written[1:]) - {written[0]}))


def saints_story(index) -> dict[str, str]:
    return link_story(index, "s-saints", [
        entity("person", "s-saints", "Reggie Bush", "Bush", "Bush"), entity("org", "s-saints", "New Orleans Saints"),
        entity("person", "s-saints", "Sean Payton"), entity("org", "s-saints", "Chicago Bears")])


def test_a_lone_surname_in_a_story_of_other_names_is_a_namesake(memory_index):
    index = memory_index()
    reggie = saints_story(index)["e-reggie-bush-person"]
    other = link_story(index, "s-species", [
        entity("person", "s-species", "Bush", "Bush"), entity("person", "s-species", "Barack Obama"),
        entity("org", "s-species", "Interior Department"), entity("other", "s-species", "Endangered Species Act")])
    assert other["e-bush-person"] != reggie
    assert index.entity(reggie).name == "Reggie Bush"


def test_a_lone_surname_with_its_persons_context_is_that_person(memory_index):
    index = memory_index()
    reggie = saints_story(index)["e-reggie-bush-person"]
    again = link_story(index, "s-injury", [
        entity("person", "s-injury", "Bush", "Bush"), entity("org", "s-injury", "New Orleans Saints"),
        entity("person", "s-injury", "Drew Brees"), entity("person", "s-injury", "Sean Payton")])
    assert again["e-bush-person"] == reggie


def test_a_lone_surname_alone_in_its_story_still_links(memory_index):
    # nothing in its story says otherwise (an article naming only the player): the surname is the player
    index = memory_index()
    reggie = saints_story(index)["e-reggie-bush-person"]
    alone = link_story(index, "s-brief", [entity("person", "s-brief", "Bush")])
    assert alone["e-bush-person"] == reggie
