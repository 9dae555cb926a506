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
