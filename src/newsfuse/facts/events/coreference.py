"""Which event mentions name one real-world event, within an article and across outlets
(docs/facts.md, "Events across outlets"): the pair rules and `coreferent_groups`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from newsfuse.facts.dates import compatible, precision
from newsfuse.facts.events.words import (CASUALTY_LEMMAS, CONTINUATION_SENTENCES, FAMILY, GENERIC_ACTOR_WORDS,
                                         PLACE_MATCH, WEAK_DATE_DAYS, family_of)
from newsfuse.facts.records import EventMention
from newsfuse.facts.syntax import is_specific_place
from newsfuse.facts.vocab import canonical_owner, fold, lemma_candidates


def _anchored(m: EventMention) -> bool:
    return precision(m.date) >= 2 or is_specific_place(m.place)


def _same_place(a: str | None, b: str | None) -> bool:
    return bool(a and b) and fuzz.ratio(fold(a), fold(b)) >= PLACE_MATCH


def _places_agree(a: str | None, b: str | None) -> bool:
    if not (is_specific_place(a) and is_specific_place(b)):
        return True
    return _same_place(a, b)


def same_event(a: EventMention, b: EventMention) -> bool:
    """Two mentions of the same real-world event (docs/facts.md, "Events across outlets")."""
    return _same_event_keys(_MatchKey.of(a), _MatchKey.of(b))


@dataclass(slots=True, frozen=True)
class _MatchKey:
    """What `same_event` compares of a mention, worked out once per mention."""

    family: str
    date: str | None
    dated: bool  # a day or a month
    place: str  # accent-folded, "" when none
    specific: bool  # a village or a town (`is_specific_place`)

    @classmethod
    def of(cls, m: EventMention) -> _MatchKey:
        return cls(family_of(m.type), m.date, precision(m.date) >= 2, fold(m.place) if m.place else "",
                   is_specific_place(m.place))


def _same_event_keys(a: _MatchKey, b: _MatchKey) -> bool:
    if a.family != b.family or not compatible(a.date, b.date):
        return False
    if a.specific and b.specific:  # `_places_agree`, and then one place
        return fuzz.ratio(a.place, b.place) >= PLACE_MATCH
    if a.dated and b.dated:
        return True
    return a.specific and bool(b.place) and fuzz.ratio(a.place, b.place) >= PLACE_MATCH  # `_same_place`


def _continues(later: EventMention, earlier: EventMention) -> bool:
    """An unanchored mention (no date, no specific place) in the same or one of the next sentences
    after an anchored mention of the same family continues that event."""
    return (later.article_id == earlier.article_id and family_of(later.type) == family_of(earlier.type)
            and later.date is None and not is_specific_place(later.place) and _anchored(earlier)
            and 0 <= later.sentence_index - earlier.sentence_index <= CONTINUATION_SENTENCES)


def _nearest_in_time(mentions: list[EventMention], i: int, candidates: list[int], day_of: Mapping[str, date]) -> int:
    """Of the dated mentions an undated one matches by place alone ("on the eve of a two-day
    meeting in Brussels" and two Brussels meetings in June and November), the one whose date is
    nearest the undated mention's publication day; the first when days are not known."""
    day = day_of.get(mentions[i].article_id)

    def distance(j: int) -> int:
        value = mentions[j].date or ""
        try:
            return abs((date.fromisoformat(value[:10]) - day).days) if day and len(value) >= 10 else 0
        except ValueError:
            return 0
    return min(candidates, key=lambda j: (distance(j), j))


def _continuation_pairs(mentions: list[EventMention]) -> list[tuple[int, int]]:
    """Each unanchored mention with the one anchored mention it continues (`_continues`): the
    nearest, so "the attack in which armed Serbs ambushed police in Banjska, and the May riot in
    Zvečan" does not tie Banjska to Zvečan."""
    pairs = []
    same: dict[tuple[str, str], list[int]] = {}
    for i, m in enumerate(mentions):  # `_continues` only within one article and family
        same.setdefault((m.article_id, family_of(m.type)), []).append(i)
    for i, a in enumerate(mentions):
        found = [j for j in same[(a.article_id, family_of(a.type))] if j != i and _continues(a, mentions[j])]
        if found:
            pairs.append((i, min(found, key=lambda j: (a.sentence_index - mentions[j].sentence_index,
                                                       abs(a.start - mentions[j].start)))))
    return pairs


def _same_parties(a: EventMention, b: EventMention, name) -> bool:
    """Mentions of one family with both actors named alike, on compatible dates and places."""
    if family_of(a.type) != family_of(b.type) or not (a.actor1 and a.actor2 and b.actor1 and b.actor2):
        return False
    return (fold(name(a.actor1)) == fold(name(b.actor1)) and fold(name(a.actor2)) == fold(name(b.actor2))
            and compatible(a.date, b.date) and _places_agree(a.place, b.place))


def _article_main_events(mentions: list[EventMention]) -> list[tuple[int, int]]:
    """An article that anchors one event of a family (a date or a specific place) and mentions
    that family again without an anchor ("the armed group had ambushed a patrol") speaks of the
    same event: (unanchored, anchored) index pairs."""
    anchored: dict[tuple[str, str], list[int]] = {}
    for i, m in enumerate(mentions):
        if _anchored(m):
            anchored.setdefault((m.article_id, family_of(m.type)), []).append(i)
    pairs = []
    for i, m in enumerate(mentions):
        found = anchored.get((m.article_id, family_of(m.type)), [])
        if m.date is None and not is_specific_place(m.place) and found and family_of(m.type) in ("violence", "meeting"):
            days = {mentions[j].date for j in found if mentions[j].date}
            places = {fold(mentions[j].place) for j in found if is_specific_place(mentions[j].place)}
            mine = _actor_words(m, lambda text: text)
            theirs = set().union(*(_actor_words(mentions[j], lambda text: text) for j in found))
            if mine and theirs and not mine & theirs:
                continue  # "the fighting between Israel and Hamas in Gaza" beside the Banjska attack
            if m.place and not any(_same_place(m.place, mentions[j].place) for j in found if mentions[j].place) \
                    and any(mentions[j].place for j in found):
                continue
            if len(days) <= 1 and len(places) <= 1:
                pairs.append((i, found[0]))
    return pairs


def _actor_words(m: EventMention, name) -> set[str]:
    """Telling words of a mention's actors, with the owners they stand for ("KFOR members": nato)."""
    words = set()
    for actor in (m.actor1, m.actor2):
        if actor:
            own = {w for w in fold(name(actor)).replace("'s", "").replace("-", " ").split() if w not in GENERIC_ACTOR_WORDS}
            words |= own | {fold(canonical_owner(w)[0] or w) for w in own}
    return words


def _owner_key(actor: str | None, name) -> str | None:
    """An actor compared by the owner it stands for: "North Atlantic Council", "Nato" -> "nato"."""
    if not actor:
        return None
    text = name(actor)
    owner = canonical_owner(text)[0] or text
    return fold(owner).removeprefix("the ")


def _follow_pairs(mentions: list[EventMention], name) -> list[tuple[int, int]]:
    """Mentions of one family reported as following the same earlier event ("the 1,000 troops
    sent after the Banjska attack" in November, "NATO approved additional forces after
    Sunday's attack in Banjska" in September), on compatible dates, with no actor against it."""
    pairs = []
    for i, a in enumerate(mentions):
        if a.follows is None:
            continue
        for j in range(i):
            b = mentions[j]
            if b.follows != a.follows or family_of(a.type) != family_of(b.type):
                continue
            if not compatible(a.date, b.date) or not _places_agree(a.place, b.place):
                continue
            one, two = _owner_key(a.actor1, name), _owner_key(b.actor1, name)
            if one and two and one != two:
                continue
            pairs.append((i, j))
    return pairs


def _aftermath_pairs(mentions: list[EventMention]) -> list[tuple[int, int]]:
    """Mentions that only continue an article's violent event: a casualty sentence with no event
    word of its own ("Officials said that three attackers had been killed") joins the nearest
    anchored violent mention before it; an unanchored protest in the same sentence as an anchored
    violent event ("a protest ... turned into a street fight") is that event."""
    pairs = []
    anchored: dict[str, list[int]] = {}
    for j, o in enumerate(mentions):
        if _anchored(o) and FAMILY.get(o.type) == "violence":
            anchored.setdefault(o.article_id, []).append(j)
    for i, m in enumerate(mentions):
        if _anchored(m):
            continue
        casualty_only = lemma_candidates_match(m.trigger)
        before = [j for j in anchored.get(m.article_id, []) if j != i
                  and (casualty_only and mentions[j].sentence_index <= m.sentence_index
                       or m.type == "protest" and mentions[j].sentence_index == m.sentence_index)]
        if (casualty_only and FAMILY.get(m.type) == "violence" or m.type == "protest") and before:
            pairs.append((i, max(before, key=lambda j: (mentions[j].sentence_index, mentions[j].start))))
    return pairs


def lemma_candidates_match(trigger: str) -> bool:
    """Whether a trigger word is a casualty word ("killed", "injured"), not an event word."""
    word = trigger.lower()
    return any(candidate in CASUALTY_LEMMAS for candidate in lemma_candidates(word)) or word in ("hurt", "dead", "died")


def _joined_by_actors(mentions: list[EventMention], find, name, published: Mapping[str, str]) -> list[tuple[int, int]]:
    """Groups left unanchored (no date, no village or town) that still speak of an anchored event:
    a violent mention whose actors share a word with exactly one anchored violent event ("the
    armed group had ambushed a police patrol" and the Banjska attack on Kosovo police); and
    mentions of one family by the same actor in articles published `WEAK_DATE_DAYS` apart."""
    groups: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        groups.setdefault(find(i), []).append(i)
    anchored = {root: any(_anchored(mentions[i]) for i in members) for root, members in groups.items()}
    words = {root: set().union(*(_actor_words(mentions[i], name) for i in members)) for root, members in groups.items()}
    family = {root: family_of(mentions[members[0]].type) for root, members in groups.items()}
    owner = _asked_once(lambda actor: _owner_key(actor, name))
    day = _asked_once(lambda article_id: _publication_day(published, article_id))
    pairs = []
    for root, members in groups.items():
        if anchored[root]:
            continue
        if family[root] in ("violence", "meeting") and words[root]:
            hits = [other for other in groups if other != root and anchored[other] and family[other] == family[root]
                    and words[root] & words[other]]
            if len(hits) == 1:
                pairs.append((members[0], groups[hits[0]][0]))
                continue
        for other, others in groups.items():
            if other == root or family[other] != family[root] or anchored[other]:
                continue
            if any(_same_actor_near(mentions[i], mentions[j], owner, day) for i in members for j in others):
                pairs.append((members[0], others[0]))
    return pairs


def _same_actor_near(a: EventMention, b: EventMention, owner: Callable[[str | None], str | None],
                     day: Callable[[str], date | None]) -> bool:
    """Mentions by the same actor (`owner`: `_owner_key`) in articles `WEAK_DATE_DAYS` apart (`day`:
    an article's publication day, None when not known)."""
    if not (a.actor1 and b.actor1) or owner(a.actor1) != owner(b.actor1):
        return False
    if a.actor2 and b.actor2 and owner(a.actor2) != owner(b.actor2):
        return False
    day_a, day_b = day(a.article_id), day(b.article_id)
    return day_a is not None and day_b is not None and abs((day_a - day_b).days) <= WEAK_DATE_DAYS


def _asked_once(function: Callable) -> Callable:
    """`function` of one argument, computed once per argument."""
    seen: dict = {}

    def once(value):
        if value not in seen:
            seen[value] = function(value)
        return seen[value]
    return once


def _publication_day(published: Mapping[str, str], article_id: str) -> date | None:
    try:
        return date.fromisoformat(published.get(article_id, "")[:10])
    except ValueError:
        return None


def coreferent_groups(mentions: list[EventMention], name: Callable[[str], str],
                      published: Mapping[str, str]) -> list[list[int]]:
    """The mentions that name one real-world event, as groups of indices (each in index order,
    the groups by their first index): same-day or same-place mentions of one family
    (`same_event`), the same parties, and the within-article rules below. `name` names an actor
    canonically; `published` gives each article's day."""
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    day_of = {}
    for article_id, day in published.items():
        try:
            day_of[article_id] = date.fromisoformat((day or "")[:10])
        except ValueError:
            pass
    undated_matches: dict[int, list[int]] = {}
    undated_pairs: list[tuple[int, int]] = []
    keys = [_MatchKey.of(m) for m in mentions]
    both_actors = [bool(m.actor1 and m.actor2) for m in mentions]  # `_same_parties` needs both
    by_family: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):  # mentions of two families are never one event
        by_family.setdefault(family_of(m.type), []).append(i)
    for i, j in ((i, j) for members in by_family.values() for n, i in enumerate(members) for j in members[:n]):
        if _same_event_keys(keys[i], keys[j]):
            if keys[i].dated and keys[j].dated:
                union(i, j)
            elif keys[i].dated or keys[j].dated:  # matched on the place alone: decided below, among the dated candidates
                undated, dated = (i, j) if keys[j].dated else (j, i)
                undated_matches.setdefault(undated, []).append(dated)
            else:
                undated_pairs.append((i, j))
        elif both_actors[i] and both_actors[j] and _same_parties(mentions[i], mentions[j], name):
            union(i, j)  # "Kurti accused Belgrade ..." in two outlets
    for i, candidates in undated_matches.items():
        union(i, _nearest_in_time(mentions, i, candidates, day_of))
    for i, j in undated_pairs:  # two undated mentions of one place: one event, unless a dated one claims either
        if i not in undated_matches and j not in undated_matches:
            union(i, j)
    for i, j in _continuation_pairs(mentions) + _article_main_events(mentions):
        union(i, j)  # "A shootout ... ensued" right after the attack: the same event
    for i, j in _follow_pairs(mentions, name) + _aftermath_pairs(mentions):
        union(i, j)
    for i, j in _joined_by_actors(mentions, find, name, published):
        union(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())
