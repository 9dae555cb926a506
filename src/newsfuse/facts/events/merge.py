"""One `Event` row per real-world event: the coreferent mentions (`coreference`) merged into
one type, date, place, actors and casualties.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from newsfuse.facts.dates import precision
from newsfuse.facts.events.casualties import fatalities, injuries, with_status
from newsfuse.facts.events.coreference import coreferent_groups
from newsfuse.facts.events.words import TYPE_PRIORITY
from newsfuse.facts.measures import short_hash
from newsfuse.facts.records import Event, EventMention
from newsfuse.facts.syntax import is_specific_place
from newsfuse.facts.vocab import canonical_owner, fold


@dataclass(slots=True, frozen=True)
class Located:
    """A place as the gazetteer (through the story's entities) knows it."""

    name: str
    lat: float
    lon: float
    kind: str = "place"  # country, region, town, village, ... or "place" when not known


def _implied_place(group: list[EventMention]) -> str | None:
    """The place an actor implies when no place is named: "KFOR received ..." happens in Kosovo."""
    for m in group:
        for actor in (m.actor2, m.actor1):
            implied = canonical_owner(actor)[1] if actor else None
            if implied:
                return implied
    return None


def _remembered(canonical: Callable[[str], str]) -> Callable[[str], str]:
    """`canonical`, asked once per name (the pair rules ask for the same actors again and again)."""
    names: dict[str, str] = {}

    def name(text: str) -> str:
        found = names.get(text)
        if found is None:
            found = names[text] = canonical(text)
        return found
    return name


def merge_events(mentions: list[EventMention], *, canonical: Callable[[str], str] | None = None,
                 locate: Callable[[str], Located | None] | None = None,
                 published: Mapping[str, str] | None = None) -> list[Event]:
    """One `Event` per real-world event, merging mentions within and across articles. Actors are
    named as `canonical` names them (the story's entities); with `locate` (a gazetteer lookup),
    the place is the most specific located place of the event, with its coordinates. An event
    with a type but neither an actor nor a place is no row (its mentions still cite the others)."""
    name = _remembered(canonical) if canonical else (lambda text: text)
    groups = [[mentions[i] for i in members] for members in coreferent_groups(mentions, name, published or {})]
    events = [_event(group, name if canonical else None, locate, published) for group in groups]
    events = [e for e in events if e.actor1 or e.actor2 or e.place]
    events.sort(key=lambda e: (e.date or "9999", e.id))
    return events


def _most_common(values, key=lambda v: v):
    values = [v for v in values if v]
    if not values:
        return None
    counts = Counter(key(v) for v in values)
    best = max(counts.values())
    return next(v for v in values if counts[key(v)] == best)


def _event(group: list[EventMention], canonical=None, locate=None, published: Mapping[str, str] | None = None) -> Event:
    types = Counter(m.type for m in group)
    kind = min(types, key=lambda t: (-types[t], TYPE_PRIORITY.index(t)))
    dates = [m.date for m in group if m.date]
    date = max(dates, key=lambda d: (precision(d), dates.count(d))) if dates else None
    place, point = _place(group, locate)
    casualties = with_status([c for m in group for c in m.casualties], published)
    sources = []
    for m in sorted(group, key=lambda m: (m.article_id, m.sentence_start)):
        if m.source not in sources:
            sources.append(m.source)
    first = min(group, key=lambda m: (m.article_id, m.start))
    name = canonical or (lambda text: text)
    actor1 = _most_common([name(m.actor1) for m in group if m.actor1], key=fold)
    actor2 = _most_common([name(m.actor2) for m in group if m.actor2 and (not actor1 or fold(name(m.actor2)) != fold(actor1))],
                          key=fold)
    return Event(
        id="e-" + short_hash("event", kind, first.article_id, first.start),
        type=kind, date=date, place=place, actor1=actor1, actor2=actor2,
        fatalities=fatalities(casualties, published), casualties=casualties, mentions=list(group), sources=sources,
        injuries=injuries(casualties, published), latitude=point[0] if point else None, longitude=point[1] if point else None,
    )


def _place(group: list[EventMention], locate) -> tuple[str | None, tuple[float, float] | None]:
    """The event's place: the most often named specific place (a village before its country);
    with `locate`, only places the gazetteer knows, under their gazetteer name."""
    places = [m.place for m in group if m.place] or [p for p in [_implied_place(group)] if p]
    if locate is None:
        specific = [p for p in places if is_specific_place(p)]
        return _most_common(specific, key=fold) or _most_common(places), None
    located = [(p, found) for p in places if (found := locate(p)) is not None]
    if not located:
        return None, None
    specific = [(p, f) for p, f in located if is_specific_place(f.name) and f.kind not in ("country", "continent", "region")]
    pool = specific or located
    best = _most_common([f.name for _, f in pool], key=fold)
    found = next(f for _, f in pool if f.name == best)
    return found.name, (found.lat, found.lon)
