"""People with one surname stay apart; a surname alone goes to the full name written before it."""

from __future__ import annotations

import pytest

from newsfuse.entities import resolve

pytestmark = pytest.mark.slow

STORY = {
    "p1": ("Finance Minister Karin Holmberg met Defence Minister Anders Holmberg in Oslo on Monday. "
           "Karin Holmberg said the budget was fair. Anders Holmberg disagreed with her."),
    "p2": ("In Oslo, Karin Holmberg defended the budget against critics in parliament on Tuesday. "
           "Holmberg said the spending plan would stand."),
    "p3": "On Wednesday, Anders Holmberg visited troops in Bergen. Holmberg praised their training.",
}


@pytest.fixture(scope="module")
def entities(make_articles):
    return resolve(make_articles(STORY, story_id="budget"), scope="story")


def people_named(entities, surname):
    return [e for e in entities if e.type == "person" and any(surname in m.text for m in e.mentions)]


def test_two_people_with_one_surname_are_not_merged(entities):
    names = sorted(e.name for e in people_named(entities, "Holmberg"))
    assert "Karin Holmberg" in names and "Anders Holmberg" in names
    karin = next(e for e in entities if e.name == "Karin Holmberg")
    anders = next(e for e in entities if e.name == "Anders Holmberg")
    assert karin.id != anders.id
    assert {m.article_id for m in karin.mentions} >= {"p1", "p2"}
    assert "p3" not in {m.article_id for m in karin.mentions}


def test_a_surname_goes_to_the_full_name_in_its_article(entities):
    anders = next(e for e in entities if e.name == "Anders Holmberg")
    p3 = [m.text for m in anders.mentions if m.article_id == "p3"]
    assert p3.count("Holmberg") + p3.count("Anders Holmberg") == 2


def test_a_short_form_of_a_first_name_is_the_same_person_and_other_first_names_are_not():
    from newsfuse.entities.similarity import first_names_compatible

    assert first_names_compatible("katie", "kathryn") and first_names_compatible("bill", "william")
    assert first_names_compatible("bob", "rob")  # two short forms of one name
    assert not first_names_compatible("katie", "john") and not first_names_compatible("bill", "robert")


def test_katie_and_kathryn_with_one_surname_are_one_person(make_articles):
    story = {"k1": "Kathryn Lindqvist, a nurse from Umea, was named in the award list on Friday.",
             "k2": "Katie Lindqvist said on Saturday that the award belonged to her whole ward.",
             "k3": "Tom Lindqvist, her brother, drove Kathryn Lindqvist to the ceremony."}
    people = [e for e in resolve(make_articles(story, story_id="award"), scope="story")
              if e.type == "person" and "Lindqvist" in e.name]
    by_article = {e.name: {m.article_id for m in e.mentions} for e in people}
    kathryn = next(ids for name, ids in by_article.items() if name.startswith(("Kathryn", "Katie")))
    assert kathryn >= {"k1", "k2", "k3"}
    assert any(name.startswith("Tom") for name in by_article)
