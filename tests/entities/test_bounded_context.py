"""A long text read in parts: resolving its entities holds one set of co-occurring names per part,
not one per name, so the memory grows with the parts' mentions, not with names squared times parts."""

from __future__ import annotations

import itertools
import tracemalloc

from newsfuse.entities import resolve
from newsfuse.entities.clusters import Group, _supported
from newsfuse.entities.nodes import Node
from newsfuse.models import Article, Mention

SYLLABLES = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "vo", "de", "pa", "zu", "go"]


def names(count: int) -> list[str]:
    """`count` distinct made-up organization names ("Kalomi Mikalo" and the like)."""
    out = []
    for a, b, c in itertools.product(SYLLABLES, repeat=3):
        out.append(f"{(a + b + c).capitalize()} {(c + a + b).capitalize()}son")
        if len(out) == count:
            break
    return out


def part(number: int, count: int, organizations: list[str]) -> Article:
    """One part of a long report that names every organization once."""
    article_id = f"p{number}"
    pieces, mentions, at = [], [], 0
    for name in organizations:
        sentence = f"{name} reported results on Monday. "
        mentions.append(Mention(article_id, at, at + len(name), name, "ORG"))
        pieces.append(sentence)
        at += len(sentence)
    text = "".join(pieces)
    return Article(id=article_id, path=article_id, raw=text, text=text, source="outlet", story_id="s-long",
                   mentions=mentions, part_of="whole", part_number=number, part_count=count)


def resolved_with_peak(parts: int, organizations: list[str]) -> tuple[list, int]:
    articles = [part(n, parts, organizations) for n in range(1, parts + 1)]
    tracemalloc.start()
    try:
        entities = resolve(articles, scope="story")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return entities, peak


def test_more_parts_of_one_text_hold_little_more_memory_than_two():
    organizations = names(600)
    resolve([part(1, 1, organizations[:10])], scope="story")  # caches filled before measuring
    two, peak_two = resolved_with_peak(2, organizations)
    eight, peak_eight = resolved_with_peak(8, organizations)
    # the same organizations in every part: the same entities, with every mention of every part
    assert [e.name for e in two] == [e.name for e in eight]
    assert sum(len(e.mentions) for e in eight) == 8 * len(organizations)
    # one context set per name per part grew 15.8 -> 43.3 MB here (2.7x); one per part: 9.9 -> 11.1 MB
    assert peak_eight < 1.6 * peak_two


def node(article_id: str, key: str, context: frozenset[str]) -> Node:
    made = Node(article_id, None)
    made.key = key
    made.context = context
    return made


def group(key: str, *contexts: tuple[str, frozenset[str]]) -> Group:
    made = Group(key)
    for article_id, context in contexts:
        made.add(node(article_id, key, context))
    return made


def test_a_shared_context_leaves_out_the_groups_own_name():
    # article a1 names "ana", "nato" and "kosovo"; a2 names "ana" and "kfor"
    a1 = frozenset({"ana", "nato", "kosovo"})
    ana = group("ana", ("a1", a1), ("a2", frozenset({"ana", "kfor"})))
    assert ana.in_context("nato") and ana.in_context("kfor")
    assert not ana.in_context("ana")
    assert sorted(ana.context_names()) == ["kfor", "kosovo", "nato"]


def test_weak_links_need_two_shared_names_or_one_and_each_other():
    one_shared = group("smith", ("a1", frozenset({"smith", "nato", "riga"})))
    other = group("j smith", ("a2", frozenset({"j smith", "nato", "oslo"})))
    assert not _supported(one_shared, other)
    two_shared = group("j smith", ("a2", frozenset({"j smith", "nato", "riga"})))
    assert _supported(one_shared, two_shared)
    # one shared name is enough when one group is in the other's context
    named = group("j smith", ("a2", frozenset({"j smith", "smith", "nato"})))
    assert _supported(one_shared, named)
