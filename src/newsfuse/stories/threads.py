"""Chain stories into threads, and give stories and threads a title and a date span.

A thread is a group of stories about one developing situation ("Kosovo–Serbia tensions 2023"):
stories join the thread whose words and names they share, whatever their dates. Titles come from
the most central headline; date spans from the event dates the reports mention around their own
dates, so a November report about a September attack does not stretch the story back to
September unless several of its reports are about September.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from newsfuse.stories import model
from newsfuse.stories.thread_places import thread_score
from newsfuse.stories.features import StoryFeatures, day_number, resolve_year
from newsfuse.stories.grouping import REFINE_PASSES, Clustering, Units, index_keys, neighbour_candidates, thread_id_for
from newsfuse.stories.model import ArticleVector, DocFrequencies, StoryProfile, profile_vector, top_weights

EVENT_LOOKBACK_DAYS = 14  # event dates a report mentions this long before it was written count
TITLE_MAX_CHARS = 140
PLACE_STORIES = 2  # a name that this many stories tag as a place is a place in every story that names it
SPLIT = True
SPLIT_MAX_STORIES = 32  # threads are split only up to this many stories (pairs are compared)
THREAD_PART_TERMS = 80  # what a story contributes to its thread: its heaviest words and names
THREAD_PART_NAMES = 40


def thread_part(profile: StoryProfile) -> ArticleVector:
    """What a story contributes to its thread's profile: its unit words, names and headline words, and
    which of those names its reports tag as places (the thread counts, per name, the stories that do)."""
    v = profile_vector(profile)
    names = top_weights(v.names, THREAD_PART_NAMES)
    return ArticleVector(top_weights(v.terms, THREAD_PART_TERMS), names, top_weights(v.headline, THREAD_PART_NAMES),
                         frozenset(), frozenset(), v.anchor, places=frozenset(k for k in v.places if k in names))


def part_profile(v: ArticleVector) -> StoryProfile:
    """A story's thread part as a one-story thread: what other stories are scored against to find their
    nearest story (and what the index stores of each story, `grp_stories.thread_part`)."""
    anchors = Counter({v.anchor: 1}) if v.anchor is not None else Counter()
    return StoryProfile(1, v.terms, v.names, v.headline, anchors=anchors, places=Counter(v.places))


def known_places(place_counts: Iterable[Mapping[str, int]]) -> frozenset[str]:
    """The names that at least `PLACE_STORIES` stories tag as places, from per-story place flags
    (a story's `places`) or per-thread counts of stories (a thread profile's `places`).

    The tagger is not consistent across outlets: "Ostrel" is a place in one report and an
    organisation, or nothing, in another. Threads compare actors without places (`model.thread_score`),
    and with each story's own tags alone a country or a town would count as an actor whenever that
    story's reports happen not to tag it, and as a place in the thread that did: the thread with
    fewer reports would win. One story's tag is not enough: a company tagged as a place once stays
    an actor.
    """
    counts: Counter = Counter()
    for c in place_counts:
        counts.update(c)
    return frozenset(k for k, n in counts.items() if n >= PLACE_STORIES)


def with_places(v: ArticleVector, places: frozenset[str]) -> ArticleVector:
    """The story's vector with the known places among its names marked as places too."""
    extra = places & v.names.keys()
    return v if extra <= v.places else dataclasses.replace(v, places=v.places | extra)


def read_as_one(a: StoryProfile, b: StoryProfile, places: frozenset[str]) -> bool:
    """Whether either side, seen as one story, reaches the thread join threshold against the other."""
    return max(thread_score(with_places(profile_vector(a), places), b),
               thread_score(with_places(profile_vector(b), places), a)) >= model.THREAD_JOIN_AT


def split_groups(profiles: Mapping[str, StoryProfile], stories: Sequence[str],
                 places: frozenset[str]) -> list[list[str]]:
    """A thread's stories (in founding order) in the groups that read as one topic; one group when
    the thread holds together.

    Two stories are linked when either scores the other at or above the thread join threshold; then
    linked groups whose summed profiles read as one are joined (a later turn in new words that no
    single story explains but the whole earlier coverage does). A story can join a thread through
    its profile, a sum that a few topic words shared with a distractor (a cup match "after the
    eruption", a festival "despite the unrest") reach while no story of the topic does: such a
    group falls apart here. The group holding the first story comes first. Pairs are compared, so
    callers bound the number of stories (`SPLIT_MAX_STORIES`).
    """
    units = Units(stories)
    find = units.find
    vectors = {sid: with_places(profile_vector(profiles[sid]), places) for sid in stories}  # once, not per pair
    for i, a in enumerate(stories):
        for b in stories[i + 1:]:
            if find(a) != find(b) and max(thread_score(vectors[a], profiles[b]),
                                          thread_score(vectors[b], profiles[a])) >= model.THREAD_JOIN_AT:
                units.union(a, b)
    joined = True
    while joined:
        joined = False
        sums: dict[str, StoryProfile] = {}
        for story in stories:
            sums.setdefault(find(story), StoryProfile()).merge(profiles[story])
        heads = list(sums)
        for i, a in enumerate(heads):
            for b in heads[i + 1:]:
                if read_as_one(sums[a], sums[b], places):
                    units.union(a, b)
                    joined = True
                    break
            if joined:
                break
    return units.groups(stories)


def nearest_story(v: ArticleVector, candidates: Iterable[tuple[str, StoryProfile]]) -> str | None:
    """The candidate story (id, `part_profile`) that the story `v` scores best against at the thread join
    threshold; equal scores: the first candidate (candidates come most shared keys first)."""
    best, best_score = None, model.THREAD_JOIN_AT
    for sid, part in candidates:
        s = thread_score(v, part)
        if s > best_score or (best is None and s >= best_score):
            best, best_score = sid, s
    return best


def story_links(order: Sequence[str], vectors: Mapping[str, ArticleVector],
                parts: Mapping[str, StoryProfile]) -> list[tuple[str, str]]:
    """Each story's link to its nearest story (`nearest_story`), among the stories sharing the most
    index keys with it (`grouping.neighbour_candidates`: a bounded number, read in a window)."""
    found = neighbour_candidates(order, {s: index_keys(vectors[s]) for s in order})
    links = []
    for a in order:
        b = nearest_story(vectors[a], ((b, parts[b]) for b in found[a]))
        if b is not None:
            links.append((a, b))
    return links


def group_threads(stories: Mapping[str, StoryProfile], *, refine_passes: int = REFINE_PASSES,
                  places: frozenset[str] | None = None) -> dict[str, str]:
    """Story id -> thread id; stories in founding order (a thread is named after its first story).

    Each story is linked to its nearest story (`story_links`: the one it scores best against, alone,
    at the thread join threshold), as reports are linked into stories; the linked groups are then
    clustered by their summed profiles (`grouping.Clustering`, the centroid rule run in order and
    refined), so a later turn in new words that no single story explains but the whole earlier
    coverage does still joins. A distractor that reads as a thread's sum on a few shared topic words
    (two halves of one topic, a story of another sport) no longer joins it: the group it would join
    is scored as the sum of its linked stories, and its own nearest story is elsewhere.
    `places`: the names known as places (`known_places`); by default those of these stories. A
    caller grouping one piece of a larger corpus (Spark) passes the whole corpus's.
    Threads of up to `SPLIT_MAX_STORIES` stories that hold groups reading apart are split
    (`split_groups`); each group is named after its first story.
    """
    order = list(stories)
    vectors = {sid: profile_vector(p) for sid, p in stories.items()}
    if places is None:
        places = known_places(dict.fromkeys(v.places, 1) for v in vectors.values())
    vectors = {sid: with_places(v, places) for sid, v in vectors.items()}
    linked = Units(order)
    parts = {sid: part_profile(thread_part(p)) for sid, p in stories.items()}
    for a, b in story_links(order, vectors, parts):
        linked.union(a, b)
    # each linked group is then clustered as one story, its stories' profiles summed
    components = {group[0]: group for group in linked.groups(order)}
    summed = {}
    for head, group in components.items():
        total = StoryProfile()
        for sid in group:
            total.merge(stories[sid])
        summed[head] = with_places(profile_vector(total), places) if len(group) > 1 else vectors[head]
    heads = list(components)
    clustering = Clustering(summed, Units(heads), thread_score, model.THREAD_JOIN_AT)
    clustering.run([[h] for h in heads], refine_passes)
    thread_of_head = clustering.assignment(heads, thread_id_for)
    head_of = {sid: head for head, group in components.items() for sid in group}
    threads = {sid: thread_of_head[head_of[sid]] for sid in order}
    if not SPLIT:
        return threads
    members: dict[str, list[str]] = {}
    for story in order:
        members.setdefault(threads[story], []).append(story)
    for thread, held in members.items():
        if 2 <= len(held) <= SPLIT_MAX_STORIES:
            for group in split_groups(stories, held, places)[1:]:
                for story in group:
                    threads[story] = thread_id_for(group[0])
    return threads


def story_title(members: Sequence[StoryFeatures]) -> str:
    """The headline of the most central report (closest to the others' words and names).

    Headlines that are too long to be headlines (a lead sentence) or too short (a date line)
    lose to proper ones.
    """
    if not members:
        return ""
    flat = DocFrequencies()  # tf only: centrality within one story needs no corpus statistics
    vectors = [ArticleVector.of(f, flat) for f in members]
    centre = StoryProfile()
    for i, v in enumerate(vectors):
        centre.add(str(i), v)
    best, best_score = members[0].title, float("-inf")
    for f, v in zip(members, vectors):
        s = model.channels(v, centre)
        centrality = 0.6 * s["terms"] + 0.4 * s["names"]
        words = len(f.title.split())
        if not 3 <= words or len(f.title) > TITLE_MAX_CHARS or not re.search(r"[^\W\d_]{3}", f.title):
            centrality -= 1.0
        if centrality > best_score:
            best, best_score = f.title, centrality
    return best


def date_span(members: Sequence[StoryFeatures]) -> tuple[str | None, str | None]:
    """First and last day of the event: report dates, plus event dates reported shortly before them.

    When the leads date the event (`StoryFeatures.event`), the span starts at the earliest of those
    days and report dates; other days the reports mention count inside it only. Otherwise a date
    mentioned in a report counts when it falls within `EVENT_LOOKBACK_DAYS` before the story's
    latest report date (background events further back do not). Undated stories take
    the date most of their reports mention, and the mentioned dates within the look-back of it.
    """
    anchors = sorted(day_number(f.anchor) for f in members if f.anchor)
    reference = date.fromordinal(anchors[len(anchors) // 2]).isoformat() if anchors else None
    mentioned: Counter = Counter()
    for f in members:
        for d in set(f.dates):
            day = day_number(resolve_year(d, reference))
            if day is not None:
                mentioned[day] += 1
    events = [day_number(f.event) for f in members if f.event]
    events = [d for d in events if anchors and anchors[0] - EVENT_LOOKBACK_DAYS <= d <= anchors[-1]]
    if events:  # the leads date the event: earlier days they mention are background
        low, high = min(events + anchors), anchors[-1]
    elif anchors:
        low, high = anchors[0] - EVENT_LOOKBACK_DAYS, anchors[-1]
    elif mentioned:
        top = max(mentioned, key=lambda d: (mentioned[d], d))
        low, high = top - EVENT_LOOKBACK_DAYS, top + EVENT_LOOKBACK_DAYS
    else:
        return None, None
    days = anchors + events + [d for d in mentioned if low <= d <= high]
    return date.fromordinal(min(days)).isoformat(), date.fromordinal(max(days)).isoformat()


def span_union(spans: Sequence[tuple[str | None, str | None]]) -> tuple[str | None, str | None]:
    """The date span of a thread: from its earliest story start to its latest story end."""
    starts = [s for s, _ in spans if s]
    ends = [e for _, e in spans if e]
    return (min(starts) if starts else None, max(ends) if ends else None)
