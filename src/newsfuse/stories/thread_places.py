"""What stays over a topic's months: the places most of a thread's stories name offset the time decay.

A story's places are no evidence of its topic in `model.thread_score` (a country's trade deal is not
its volcano's news), so a turn told months later in new words (Haiti's cholera in October, after
the January quake) keeps only its actors and its words, and the decay of the months takes it out of
the thread. What holds such a topic together over months is its central places: the ones most of the
thread's stories tag (Haiti, Port-au-Prince), weighted as names are (tf-idf over the store, so a
place every story names counts little). Here they give back what the months took, and no more: the
offset is at most `model.thread_time_evidence` of the gap, so a place never pulls a story into a
thread nearer than a month (where the earlier "places in the score" attempt joined every distractor
sharing a country), and gaps past `CENTRAL_MAX_DAYS` get nothing (the 2009 Lockerbie release is not
news of the 2011 Libyan war). Undated sides carry no time evidence, so no offset either (ECB+).
"""

from __future__ import annotations

import math

from newsfuse.stories import model
from newsfuse.stories.model import ArticleVector, StoryProfile

CENTRAL_SHARE = 0.5  # a place is central when at least this share of the thread's stories tag it
CENTRAL_MIN_STORIES = 2  # ... and at least this many (one story's places are that story's)
CENTRAL_MAX_DAYS = 240  # a topic's months; further apart, a shared country is another chapter


def central_places(t: StoryProfile) -> frozenset[str]:
    """The places at least `CENTRAL_SHARE` of the thread's stories (and `CENTRAL_MIN_STORIES`) tag."""
    need = max(CENTRAL_MIN_STORIES, math.ceil(CENTRAL_SHARE * t.size))
    return frozenset(k for k, n in t.places.items() if n >= need)


def central_offset(v: ArticleVector, t: StoryProfile, gap: float) -> float:
    """Log-odds that the story's shared central places give back of the time decay (>= 0)."""
    decay = -model.thread_time_evidence(gap)
    if gap < 0 or decay <= 0.0 or gap > CENTRAL_MAX_DAYS or not v.places:
        return 0.0
    shared = v.places & central_places(t) & t.names.keys()
    if not shared:
        return 0.0
    _, nn, _ = t.norms
    weight = model.T_NAMES * math.fsum([v.names[k] * t.names[k] for k in sorted(shared)]) / nn
    return min(decay, weight)


def thread_score(v: ArticleVector, t: StoryProfile) -> float:
    """`model.thread_score`, with the thread's central places offsetting the months (`central_offset`)."""
    return model.thread_score(v, t) + central_offset(v, t, model.thread_gap(v, t))
