"""The store-wide index links what an article alone shows less of: a company with and without its suffix
in two stories, a lone surname or first name filed before the full name, supported by what the full name's
story names after it (issue #17: the index path against the batch resolution)."""

from __future__ import annotations

from newsfuse.entities.index import link_story
from newsfuse.entities.normalize import fold
from newsfuse.models import Entity, Mention


def entity(name: str, kind: str, story: str, n: int = 1) -> Entity:
    mentions = [Mention(f"{story}-a", i * 10, i * 10 + len(name), name, "ORG") for i in range(n)]
    return Entity(id=f"e-{fold(name).replace(' ', '-')}-{kind}", name=name, type=kind, mentions=mentions)


def test_a_company_with_its_suffix_is_the_company_without_it(memory_index):
    index = memory_index()
    first = link_story(index, "s1", [entity("Microsoft Corp.", "org", "s1"), entity("Internet Explorer", "other", "s1")])
    second = link_story(index, "s2", [entity("Microsoft", "org", "s2", 3)])
    assert second["e-microsoft-org"] == first["e-microsoft-corp-org"]
    # a publication's website stays apart from the publication, as ECB+ and readers keep them
    third = link_story(index, "s3", [entity("People.com", "org", "s3")])
    fourth = link_story(index, "s4", [entity("People", "org", "s4", 2)])
    assert third["e-people-com-org"] != fourth["e-people-org"]


def test_a_lone_surname_filed_first_joins_the_full_name_named_with_its_context(memory_index):
    index = memory_index()
    link_story(index, "s1", [entity("McDermott", "other", "s1"), entity("Bluejays", "org", "s1")])
    # the full name's story lists the person first, the team after: support known only at the story's end
    full = link_story(index, "s2", [entity("Doug McDermott", "person", "s2"), entity("Bluejays", "org", "s2")])
    assert index.links()[("s1", "e-mcdermott-other")] == full["e-doug-mcdermott-person"]  # what entity pages read
    assert index.entity(full["e-doug-mcdermott-person"]).name == "Doug McDermott"


def test_a_lone_first_name_joins_its_one_full_name_only_with_shared_context(memory_index):
    index = memory_index()
    link_story(index, "s1", [entity("Katie", "person", "s1"), entity("Alice McMeekin", "person", "s1")])
    full = link_story(index, "s2", [entity("Katie Jenkin", "person", "s2"), entity("Alice McMeekin", "person", "s2")])
    assert index.links()[("s1", "e-katie-person")] == full["e-katie-jenkin-person"]


def test_a_lone_first_name_without_shared_context_stays_apart(memory_index):
    index = memory_index()
    link_story(index, "s1", [entity("Katie", "person", "s1"), entity("Cumbria Police", "org", "s1")])
    full = link_story(index, "s2", [entity("Katie Jenkin", "person", "s2"), entity("Alice McMeekin", "person", "s2")])
    assert index.links()[("s1", "e-katie-person")] != full["e-katie-jenkin-person"]
