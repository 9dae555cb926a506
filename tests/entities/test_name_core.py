"""The name inside a mention's span: what a resolver compares, and the MIN of the NER benchmark."""

from __future__ import annotations

import pytest

from newsfuse.entities import resolve
from newsfuse.entities.normalize import name_core
from newsfuse.models import Article, Mention


def core(text: str, person: bool = False) -> str:
    start, end = name_core(text, person=person)
    return text[start:end]


@pytest.mark.parametrize("span, name", [
    ("Harbour Light Clinic in Norhaven, Lindmark", "Harbour Light Clinic"),
    ("the Orbit Recovery Center in Port Vale", "Orbit Recovery Center"),
    ("Quillbyte's plant near Norhaven", "Quillbyte"),
    ("Bank of Lindmark", "Bank of Lindmark"),  # "of" joins one name
    ("Irish airline, Ryanair", "Ryanair"),
])
def test_the_name_is_the_head_not_the_place_after_its_preposition(span, name):
    assert core(span) == name


def test_a_clinic_written_with_and_without_its_town_is_one_entity_and_no_place():
    text_a = "The singer checked into the Harbour Light Clinic in Norhaven on Monday."
    text_b = "Harbour Light Clinic staff said the singer was doing well."
    mentions_a = [Mention("a", text_a.index("the Harbour"), text_a.index(" on Monday"),
                          "the Harbour Light Clinic in Norhaven", "FAC")]
    mentions_b = [Mention("b", 0, len("Harbour Light Clinic"), "Harbour Light Clinic", "FAC")]
    articles = [Article(id="a", path="a", raw=text_a, text=text_a, story_id="s", mentions=mentions_a),
                Article(id="b", path="b", raw=text_b, text=text_b, story_id="s", mentions=mentions_b)]
    (entity,) = resolve(articles)
    assert entity.name == "Harbour Light Clinic" and len(entity.mentions) == 2
