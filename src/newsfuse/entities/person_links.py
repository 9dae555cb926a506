"""Mentions that name a person without the name: a role phrase met on its own ("the Secretary General")
and a lone person noun ("Host", "Suspect") go to the one person of the story or article they fit."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from newsfuse.models import Article, Entity, Mention
from newsfuse.entities.mentions import ROLE_LABEL
from newsfuse.entities.normalize import fold, name_form
from newsfuse.entities.roles import RoleIndex, person_noun, person_noun_head, role_core, roles_near


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
    """Each mention of an entity named only by a lone person noun ("Host", "Suspect") joins the person
    the text describes with that noun ("the suspect, 38-year-old Anthony LaCalamita", "Raj Chohan, a
    59-year-old grandmother", "coach Maurice Cheeks"): in its own article, else the one person the story's
    articles describe so most. Where nothing describes one, it joins the person its article names most,
    when one person is named there more than any other; the rest stays as it was. The article's whole
    text is counted, not only its mentions: a headline's "Star" is often the one mention a name-less
    sentence gives (gold mentions cover a few sentences)."""
    nouns = _noun_entities(entities)
    if not nouns:
        return entities
    noun_ids = {id(e) for e, _ in nouns}
    people = [e for e in entities if e.type == "person" and id(e) not in noun_ids]
    texts = {a.id: a.text for a in articles}
    story_of = {a.id: a.story_id for a in articles}
    spellings = [_spellings(p) for p in people]
    patterns = [_spellings_pattern(forms) for forms in spellings]
    found_in: dict[str, dict[int, list[tuple[int, int]]]] = {}
    counts: dict[str, Counter] = {}
    described: dict[tuple[str, str], Counter] = {}

    def hits_in(article_id: str) -> dict[int, list[tuple[int, int]]]:
        """Where each person is named in the article, found once per article (a long article names
        many people, and every noun asks again). A spelling that is not in the text as it is
        cannot match, so most patterns are never run."""
        if article_id not in found_in:
            text = texts.get(article_id, "")
            found_in[article_id] = {i: spans for i, pattern in enumerate(patterns)
                                    if pattern is not None and any(f in text for f in spellings[i])
                                    and (spans := [m.span() for m in pattern.finditer(text)])}
        return found_in[article_id]

    def named_in(article_id: str) -> Counter:
        if article_id not in counts:
            counts[article_id] = Counter({i: len(spans) for i, spans in hits_in(article_id).items()})
        return counts[article_id]

    def described_in(article_id: str, noun: str) -> Counter:
        if (article_id, noun) not in described:
            text = texts.get(article_id, "")
            described[(article_id, noun)] = _described_as(text, noun, hits_in(article_id)) \
                if re.search(r"(?<!\w)" + re.escape(noun) + r"(?!\w)", text, re.I) else Counter()
        return described[(article_id, noun)]

    def in_story(article_id: str, noun: str) -> Counter:
        story = story_of.get(article_id)
        total: Counter = Counter()
        for other in sorted(texts):
            if story is not None and story_of[other] == story:
                total.update(described_in(other, noun))
        return total

    for noun, head in nouns:
        kept = []
        for m in noun.mentions:
            word = head[m.start, m.article_id]
            person = _one_most(described_in(m.article_id, word))
            if person is None:
                person = _one_most(in_story(m.article_id, word))
            if person is None:
                named = named_in(m.article_id)
                if word in KIN_NOUNS:  # "Son" is not the one the text calls "his sister Katie", "mother Alice"
                    kin = _kin_of(texts.get(m.article_id, ""), word, hits_in(m.article_id))
                    named = Counter({i: n for i, n in named.items() if i not in kin})
                person = _one_most(named)
                if person is not None and not _may_be(people[person], word):
                    person = None
            if person is not None:
                people[person].mentions.append(m)
            else:
                kept.append(m)
        noun.mentions = kept
    for person in people:
        person.mentions.sort(key=lambda m: (m.article_id, m.start, m.end))
    return [e for e in entities if e.mentions]


def _one_most(counts: Counter) -> int | None:
    """The key counted strictly more often than any other, or None."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:2]
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def _noun_entities(entities: list[Entity]) -> list[tuple[Entity, dict[tuple[int, str], str]]]:
    """Entities named only by person nouns, lone or in a headline's phrase ("Mafia Boss", "Hero Brooklyn
    Mom"), each with its mentions' nouns by (start, article). A phrase's other words must be titles, person nouns or words
    of the scope's other names that are no person's."""
    named_by: dict[str, set[int]] = defaultdict(set)
    for i, e in enumerate(entities):
        if e.type != "person":
            for name in {e.name, *e.aliases}:
                for word in fold(name).split():
                    named_by[word].add(i)
    found = []
    for i, e in enumerate(entities):
        if e.lat is not None or not e.mentions:
            continue
        descriptive = _OtherNames(named_by, i)
        heads = {(m.start, m.article_id): person_noun_head(m.text, descriptive) for m in e.mentions}
        if all(heads.values()):
            found.append((e, heads))
    return found


class _OtherNames:
    """The words of the names of the scope's entities other than one (looked up, never listed: a store
    scope has many entities)."""

    __slots__ = ("named_by", "own")

    def __init__(self, named_by: dict[str, set[int]], own: int) -> None:
        self.named_by, self.own = named_by, own

    def __contains__(self, word: object) -> bool:
        owners = self.named_by.get(word, set()) if isinstance(word, str) else set()
        return len(owners) > 1 or (len(owners) == 1 and self.own not in owners)


# Kinship nouns: the one a headline calls "Son" is not the one its text calls "his sister" or "mother".
KIN_NOUNS = frozenset({"son", "daughter", "father", "mother", "dad", "mom", "mum", "wife", "husband", "sister",
                       "brother", "grandmother", "grandfather", "grandson", "granddaughter", "uncle", "aunt",
                       "nephew", "niece", "cousin", "sis"})


# "the suspect, 38-year-old", "grandmother": the noun right before a name, with an article and an age between
_AGE = r"(?:\d+\s*-?\s*years?\s*-?\s*old\s+)?"


def _described_as(text: str, noun: str, hits: dict[int, list[tuple[int, int]]]) -> Counter:
    """The people the text describes with `noun`: "<noun>[,] [a|the] [age] <Name>", "<Name>, a|the|his|her
    [up to three words] <noun>" (the noun in the singular or plural, any case), or the age the text gives
    the noun ("a 23-year-old man") given to them ("John Jenkin, 23,")."""
    word = re.escape(noun) + r"s?"
    before = re.compile(r"(?<!\w)" + word + r"\s*,?\s*(?:(?:a|an|the)\s+)?" + _AGE + r"$", re.I)
    after = re.compile(r"\s*,\s*(?:a|an|the|his|her|their)\s+(?:[\w'’-]+\s+){0,3}?" + word + r"(?!\w)", re.I)
    ages = {m.group(1) for m in re.finditer(r"(?<!\w)(\d{1,3})\s*-?\s*years?\s*-?\s*old\s+(?:[\w'’-]+\s+){0,2}?"
                                            + word + r"(?!\w)", text, re.I)}
    found: Counter = Counter()
    for i in sorted(hits):
        for start, end in hits[i]:
            aged = ages and (m := _AGE_GIVEN.match(text, end)) is not None and m.group(1) in ages
            if aged or before.search(text, max(0, start - 40), start) or after.match(text, end):
                found[i] += 1
    return found


_AGE_GIVEN = re.compile(r"\s*(?:,|\()\s*(\d{1,3})\s*(?:,|\)|$)")


def _kin_of(text: str, noun: str, hits: dict[int, list[tuple[int, int]]]) -> set[int]:
    """The people the text calls by another kinship noun right before their name ("his sister Katie")."""
    kin = re.compile(r"(?<!\w)(" + "|".join(sorted(KIN_NOUNS - {noun})) + r")s? ?,? $", re.I)  # on one line
    return {i for i in sorted(hits) for start, _ in hits[i] if kin.search(text, max(0, start - 20), start)}


# Nouns for someone who deals with the person a report is about, rarely for that person: "Lawyer" and
# "Judge" in a report on an actress's trial are two other people. One goes to the most named person
# only when a role of theirs says it ("President" for the president).
COUNTERPART_NOUNS = frozenset({"lawyer", "attorney", "judge", "prosecutor", "president", "publicist", "rep",
                               "spokesman", "spokeswoman", "spokesperson", "agent", "doctor", "nurse"})


def _may_be(person: Entity, word: str) -> bool:
    """Whether a person noun can be the person: any noun but a counterpart's, or one their roles give."""
    if word not in COUNTERPART_NOUNS:
        return True
    return any(word in re.split(r"[\s-]+", fold(role)) for role in person.roles)


def _spellings(person: Entity) -> list[str]:
    """A person's spellings of two or more letters that are not person nouns, longest first."""
    forms = sorted({f for f in (name_form(m.text, person=True) for m in person.mentions) if len(f) >= 2}
                   | {person.name}, key=len, reverse=True)
    return [f for f in forms if not person_noun(f)]


def _spellings_pattern(forms: list[str]) -> re.Pattern | None:
    """The spellings as whole words, longest first."""
    if not forms:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")
