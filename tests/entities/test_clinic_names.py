"""One clinic written many ways is one entity: with or without its facility words ("Harbour Light Center",
"Harbour Light Treatment Center", "Harbour Light Rehab") and, after "into", "at", "left", by its bare name,
which elsewhere stays the person the clinic is named after."""

from __future__ import annotations

from newsfuse.entities import resolve
from newsfuse.models import Article, Mention


def article(article_id: str, text: str, *names: tuple[str, str]) -> Article:
    mentions, start = [], 0
    for name, label in names:
        start = text.index(name, start)
        mentions.append(Mention(article_id, start, start + len(name), name, label))
        start += len(name)
    return Article(id=article_id, path=article_id, raw=text, text=text, story_id="s", mentions=mentions)


def entity_of(entities, article_id: str, name: str):
    return next(e for e in entities if any(m.article_id == article_id and m.text == name for m in e.mentions))


def test_a_clinic_written_with_and_without_its_facility_words_is_one_entity():
    articles = [article("a", "The singer checked into the Harbour Light Center on Monday.", ("Harbour Light Center", "FAC")),
                article("b", "Staff at the Harbour Light Treatment Center declined to comment.",
                        ("Harbour Light Treatment Center", "ORG")),
                article("c", "She is now at Harbour Light Rehab, her publicist said.", ("Harbour Light Rehab", "ORG"))]
    entities = resolve(articles)
    assert len({entity_of(entities, a.id, a.mentions[0].text).id for a in articles}) == 1


def test_a_clinics_bare_name_after_into_is_the_clinic_and_elsewhere_the_person():
    articles = [article("a", "The singer checked into the Mara Quill Center in Norhaven.", ("Mara Quill Center", "FAC")),
                article("b", "She went back to Mara Quill because she knows everyone there.", ("Mara Quill", "PERSON")),
                article("c", "Mara Quill founded the clinic in 1982, and Mara Quill spoke of it often.",
                        ("Mara Quill", "PERSON"), ("Mara Quill", "PERSON"))]
    entities = resolve(articles)
    clinic = entity_of(entities, "a", "Mara Quill Center")
    assert entity_of(entities, "b", "Mara Quill").id == clinic.id
    founder = entity_of(entities, "c", "Mara Quill")
    assert founder.id != clinic.id and founder.type == "person"


def test_two_clinics_of_one_town_stay_apart():
    articles = [article("a", "He was taken to the Norhaven Clinic.", ("Norhaven Clinic", "FAC")),
                article("b", "The Norhaven Center opened in May.", ("Norhaven Center", "FAC"))]
    entities = resolve(articles)
    assert entity_of(entities, "a", "Norhaven Clinic").id != entity_of(entities, "b", "Norhaven Center").id
