"""Mentions that name a person without the name: a role phrase met on its own ("the Secretary General")
and a lone person noun ("Host", "Suspect") go to the one person of the story or article they fit."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from newsfuse.models import Article, Entity, Mention
from newsfuse.entities.mentions import ROLE_LABEL
from newsfuse.entities.normalize import fold, name_form
from newsfuse.entities.roles import RoleIndex, person_noun, role_core, roles_near


def link_role_mentions(articles: list[Article], entities: list[Entity]) -> None:
    """Role phrases met on their own go to the one person of the story who holds that role."""
    by_story: dict[str | None, list[Article]] = defaultdict(list)
    for article in articles:
        by_story[article.story_id].append(article)
    for story_articles in by_story.values():
        ids = {a.id for a in story_articles}
        people = [e for e in entities
                  if e.type == "person" and e.roles and any(m.article_id in ids for m in e.mentions)]
        if not people:
            continue
        index = RoleIndex((role_core(role), str(i)) for i, e in enumerate(people) for role in e.roles)
        for article in story_articles:
            found = index.find(article.text)
            if not found:
                continue
            taken = [(m.start, m.end) for e in entities for m in e.mentions if m.article_id == article.id]
            taken += [(r.start, r.end) for e in people for m in e.mentions if m.article_id == article.id
                      for r in roles_near(article.text, m.start, m.end)]
            for person, role in found:
                if any(s < role.end and role.start < e for s, e in taken):
                    continue
                people[int(person)].mentions.append(Mention(article.id, role.start, role.end, role.text, ROLE_LABEL))
                taken.append((role.start, role.end))
        for e in people:
            e.mentions.sort(key=lambda m: (m.article_id, m.start, m.end))


def link_person_nouns(articles: list[Article], entities: list[Entity]) -> list[Entity]:
    """Each mention of an entity named only by a lone person noun ("Host", "Suspect") joins the person its
    article names most, when one person is named there more than any other; the rest stays as it was.
    The article's whole text is counted, not only its mentions: a headline's "Star" is often the one
    mention a name-less sentence gives (gold mentions cover a few sentences)."""
    nouns = [e for e in entities if e.lat is None and e.mentions and all(person_noun(m.text) for m in e.mentions)]
    if not nouns:
        return entities
    people = [e for e in entities if e.type == "person" and e not in nouns]
    texts = {a.id: a.text for a in articles}
    patterns = [_spellings_pattern(p) for p in people]
    counts: dict[str, Counter] = {}

    def named_in(article_id: str) -> Counter:
        if article_id not in counts:
            text = texts.get(article_id, "")
            counts[article_id] = Counter({i: n for i, pattern in enumerate(patterns)
                                          if pattern is not None and (n := len(pattern.findall(text)))})
        return counts[article_id]

    for noun in nouns:
        kept = []
        for m in noun.mentions:
            ranked = sorted(named_in(m.article_id).items(), key=lambda kv: (-kv[1], kv[0]))[:2]
            if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) \
                    and _may_be(people[ranked[0][0]], m.text):
                people[ranked[0][0]].mentions.append(m)
            else:
                kept.append(m)
        noun.mentions = kept
    for person in people:
        person.mentions.sort(key=lambda m: (m.article_id, m.start, m.end))
    return [e for e in entities if e.mentions]


# Nouns for someone who deals with the person a report is about, rarely for that person: "Lawyer" and
# "Judge" in a report on an actress's trial are two other people. One goes to the most named person
# only when a role of theirs says it ("President" for the president).
COUNTERPART_NOUNS = frozenset({"lawyer", "attorney", "judge", "prosecutor", "president", "publicist", "rep",
                               "spokesman", "spokeswoman", "spokesperson", "agent", "doctor", "nurse"})


def _may_be(person: Entity, noun: str) -> bool:
    """Whether a lone person noun can be the person: any noun but a counterpart's, or one their roles give."""
    words = fold(noun).split()
    word = re.sub(r"['’]s$", "", words[-1]) if words else ""
    if word not in COUNTERPART_NOUNS:
        return True
    return any(word in re.split(r"[\s-]+", fold(role)) for role in person.roles)


def _spellings_pattern(person: Entity) -> re.Pattern | None:
    """A person's spellings of two or more letters, longest first, as whole words."""
    forms = sorted({f for f in (name_form(m.text, person=True) for m in person.mentions) if len(f) >= 2}
                   | {person.name}, key=len, reverse=True)
    forms = [f for f in forms if not person_noun(f)]
    if not forms:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")
