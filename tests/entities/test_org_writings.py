"""One organization written several ways: its acronym with the "The" of its name ("THR" for The
Hollywood Reporter), its words in another order or without some of them (Central Election and
Referendum Commission / Central Referendum and Election Commission / Central Elections Commission)."""

from __future__ import annotations

from collections import Counter

from marks import marked_article

from newsfuse.entities import ResolveOptions, resolve
from newsfuse.entities.similarity import NameInfo, match

GOLD_SPANS = ResolveOptions(recover_mentions=False, link_roles=False, keep_spans=True)


def entity_names(*marked: str) -> list[list[str]]:
    articles = [marked_article(f"a{i}", m, story_id="s1") for i, m in enumerate(marked)]
    return sorted(sorted({m.text for m in e.mentions}) for e in resolve(articles, options=GOLD_SPANS))


def test_an_acronym_keeps_the_the_of_the_name_it_stands_for():
    names = entity_names("Director Gary Ross talked to [The Hollywood Reporter|ORG] on Monday.",
                         "According to [THR|ORG], Ross will resume talks with [Lionsgate|ORG].")
    assert ["THR", "The Hollywood Reporter"] in names
    # a scope where another name has those initials without "The": nothing to choose between
    names = entity_names("[The Hollywood Reporter|ORG] said so.", "[THR|ORG] said so.",
                         "[Tallinn Harbour Railways|ORG] said so.")
    assert ["THR", "Tallinn Harbour Railways"] in names and ["The Hollywood Reporter"] in names


def test_an_organization_s_words_in_another_order_or_fewer_are_one_entity():
    names = entity_names(
        "A message from the [Central Election and Referendum Commission|ORG] of Turkmenistan.",
        "Observers met the [Central Referendum and Election Commission|ORG] on Sunday.",
        "The [Central Elections Commission|ORG] said turnout was high.")
    assert len(names) == 1
    org = Counter(org=1)
    assert match(NameInfo("tallgrass distribution ltd", org), NameInfo("tallgrass distributors ltd", org)) is None
    assert match(NameInfo("kosovo police service", org), NameInfo("serbian police service", org)) is None
