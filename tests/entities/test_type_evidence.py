"""An entity's type from what the text says around its name, where spaCy's small model mislabels it:
an age makes a person, an event's head word an event, a product's context a product (never a place
because a city bears the name), an organization noun before a name an organization."""

from __future__ import annotations

import re

from newsfuse.entities import resolve
from newsfuse.models import Article, Mention


def article(article_id: str, text: str, labels: dict[str, str]) -> Article:
    """Every whole-word occurrence of each name is a mention with spaCy's (wrong) label."""
    mentions = [Mention(article_id, m.start(), m.end(), m.group(), label)
                for name, label in labels.items() for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]
    mentions.sort(key=lambda m: (m.start, -m.end))
    kept, end = [], -1
    for m in mentions:  # the longest name wins where two overlap
        if m.start >= end:
            kept.append(m)
            end = m.end
    return Article(id=article_id, path=article_id, raw=text, text=text, source=f"outlet-{article_id}", mentions=kept)


def types(articles, gazetteer=None) -> dict[str, str]:
    return {e.name: e.type for e in resolve(articles, gazetteer=gazetteer)}


def test_a_name_given_an_age_is_a_person_though_spacy_says_org():
    a = article("a1", "Quillbyte confirmed that Dalia Verhoek, 52, had left the company. Verhoek did not comment. "
                      "Quillbyte said Verhoek had led its chip design team.",
                {"Quillbyte": "ORG", "Dalia Verhoek": "ORG", "Verhoek": "ORG"})
    found = types([a])
    assert found["Dalia Verhoek"] == "person" and found["Quillbyte"] == "org"


def test_a_conference_or_show_is_an_event_not_an_organization():
    a = article("a1", "Quillbyte showed its new chips at the Northgate Developers Conference. Later in the year "
                      "Quillbyte returned to the Lindmark Air Show with a drone.",
                {"Quillbyte": "ORG", "Northgate Developers Conference": "ORG", "Lindmark Air Show": "GPE"})
    found = types([a])
    assert found["Northgate Developers Conference"] == "other" and found["Lindmark Air Show"] == "other"
    assert found["Quillbyte"] == "org"


def test_a_product_named_in_its_context_is_a_product_and_its_maker_stays_a_company():
    a = article("a1", "Quillbyte released the new Halo laptops on Monday. Halo users praised the battery, and the "
                      "Halo operating system starts in two seconds. Quillbyte said Halo computers sell well; "
                      "Quillbyte laptops are made in Norhaven. Quillbyte shares rose.",
                {"Quillbyte": "ORG", "Halo": "ORG", "Norhaven": "GPE"})
    found = types([a])
    assert found["Halo"] == "other" and found["Quillbyte"] == "org"


def test_a_product_sharing_a_citys_name_is_no_place(gazetteer):
    text = ("Quillbyte unveiled Phoenix, the newest version of its Orbit software. Phoenix users can update "
            "for free, Quillbyte said.")
    found = types([article("a1", text, {"Quillbyte": "ORG", "Phoenix": "PERSON", "Orbit": "ORG"})], gazetteer)
    assert found["Phoenix"] != "place"
    assert gazetteer.lookup("Phoenix") is not None  # the gazetteer knows the city: the context decides


def test_an_organization_noun_before_a_name_outweighs_one_wrong_label():
    a = article("a1", "The iTunes store passed electronics retailer Kelvin Mart in music sales, and the German "
                      "magazine Der Abendblick wrote about it.",
                {"Kelvin Mart": "PERSON", "Der Abendblick": "PERSON"})
    found = types([a])
    assert found["Kelvin Mart"] == "org" and found["Der Abendblick"] == "org"


def test_two_long_names_sharing_only_their_initials_stay_two_entities():
    """"AP" links to the Associated Press in one report; the film "American Pie" (also "AP") in the
    others of the story is another entity, not a third spelling of the agency."""
    reports = [
        article("a1", "Lindmark police arrested the actress on Monday, The Associated Press (AP) reported. "
                      "The AP said she was released on bail.", {"Associated Press": "ORG", "AP": "ORG"}),
        article("a2", "The actress, who starred in American Pie, was arrested on Monday, the AP reported.",
                {"American Pie": "WORK_OF_ART", "AP": "ORG"}),
        article("a3", "American Pie made her famous in 1999. American Pie was followed by two sequels.",
                {"American Pie": "WORK_OF_ART"}),
    ]
    for a in reports:
        a.story_id = "s1"
    entities = resolve(reports)
    named = {e.name: {e.name, *e.aliases} for e in entities}
    assert not any({"American Pie", "Associated Press"} <= names for names in named.values()), named
