"""A lone surname another story wrote beside a full name is that person only when its own story does not
contradict it: a story naming several others, none of them ever named with that person, is about a namesake
(ECB+: the Obama stories' "Bush" was linked to the New Orleans Saints' Reggie Bush, across the store)."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize(("others", "same"), [
    ([("person", "Barack Obama"), ("org", "Interior Department"), ("other", "Endangered Species Act")], False),
    ([("org", "New Orleans Saints"), ("person", "Drew Brees"), ("person", "Sean Payton")], True),
], ids=["a story of other names: a namesake", "the person's own context: the person"])
def test_a_lone_surname_is_the_person_its_story_does_not_contradict(memory_index, others, same):
    index = memory_index()
    reggie = saints_story(index)["e-reggie-bush-person"]
    linked = link_story(index, "s-2", [entity("person", "s-2", "Bush", "Bush"),
                                       *(entity(kind, "s-2", name) for kind, name in others)])
    assert (linked["e-bush-person"] == reggie) is same
    assert index.entity(reggie).name == "Reggie Bush"


def test_a_lone_surname_alone_in_its_story_still_links(memory_index):
    # nothing in its story says otherwise (an article naming only the player): the surname is the player
    index = memory_index()
    reggie = saints_story(index)["e-reggie-bush-person"]
    alone = link_story(index, "s-brief", [entity("person", "s-brief", "Bush")])
    assert alone["e-bush-person"] == reggie
