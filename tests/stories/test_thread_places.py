"""A thread's central places give back what months of quiet took, and no more (stories/thread_places.py).

Unit cases on hand-made vectors (an island hit by a storm, its cleanup months later), and the
no-recap file of tests/data/longcov2: Haiti's cholera in October, told in new words with no sentence
recalling the January quake, stays in the quake's thread, while the 2009 Lockerbie release stays
out of the 2011 Libyan war's thread and Chile's quake out of Haiti's. Names invented in the unit cases.
"""

from __future__ import annotations

import pytest

from newsfuse.stories import model, thread_places
from newsfuse.stories.model import ArticleVector, StoryProfile
from newsfuse.stories.thread_places import central_offset, central_places, thread_score

DAY = 740_000  # a day number; only the gaps between days matter


def vector(terms: str, names: dict[str, float], places: str, day: int) -> ArticleVector:
    total = sum(w * w for w in names.values()) ** 0.5
    return ArticleVector({w: 1 / len(terms.split()) ** 0.5 for w in terms.split()},
                         {k: w / total for k, w in names.items()}, {}, frozenset(), frozenset(), day,
                         places=frozenset(places.split()))


def storm_thread(tagged_by: int = 3) -> StoryProfile:
    thread = StoryProfile()
    for n in range(3):
        places = "varo lenna" if n < tagged_by else "lenna"
        thread.add(f"s{n}", vector(f"storm wind roof shelter{n}", {"varo": 1.0, "lenna": 0.8, "kesh": 0.5}, places,
                                   DAY + 5 * n))
    return thread


def cleanup(days_later: int) -> ArticleVector:
    return vector("cleanup debris contract school", {"varo": 1.0, "lenna": 0.6, "orvin": 0.7}, "varo lenna",
                  DAY + 10 + days_later)


def test_central_places_are_the_ones_most_stories_tag():
    assert central_places(storm_thread()) == {"varo", "lenna"}
    assert central_places(storm_thread(tagged_by=1)) == {"lenna"}  # one story's tag is that story's


@pytest.mark.parametrize("days_later", [10, 120, 200])
def test_the_offset_never_exceeds_what_the_months_took(days_later):
    thread, story = storm_thread(), cleanup(days_later)
    gap = model.thread_gap(story, thread)
    offset = central_offset(story, thread, gap)
    assert 0.0 <= offset <= -model.thread_time_evidence(gap)
    assert thread_score(story, thread) == pytest.approx(model.thread_score(story, thread) + offset)
    if days_later == 10:  # within the first month nothing was taken, so a shared island adds nothing
        assert offset == 0.0
    else:
        assert offset > 0.0


def test_years_apart_or_undated_a_shared_place_gives_nothing():
    thread = storm_thread()
    late = cleanup(thread_places.CENTRAL_MAX_DAYS + 30)
    assert central_offset(late, thread, model.thread_gap(late, thread)) == 0.0
    undated = vector("cleanup debris", {"varo": 1.0}, "varo", DAY)
    undated = ArticleVector(undated.terms, undated.names, {}, frozenset(), frozenset(), None, places=undated.places)
    assert thread_score(undated, thread) == model.thread_score(undated, thread)


@pytest.mark.slow
@pytest.mark.parametrize("central", [True, False], ids=["central-places", "without"])
def test_haitis_cholera_without_recap_sentences_stays_in_the_quakes_thread(central, monkeypatch):
    from .test_longcov import _fresh_index, _longcov_threads

    if not central:  # what the rule adds: without it the October turn opens a thread of its own
        monkeypatch.setattr(thread_places, "CENTRAL_MAX_DAYS", -1)
    by_story, _ = _longcov_threads(_fresh_index, "tests/data/longcov2/longcov2_norecap.jsonl")
    quake = by_story["hq-quake"]
    assert (by_story["hq-cholera"] == quake) is central
    if central:
        assert len(set().union(*(by_story[s] for s in ("flu-outbreak", "flu-pandemic", "flu-emergency",
                                                        "flu-vaccine")))) == 1
    # distractors sharing a country or a kind of disaster stay apart either way
    assert by_story["cl-quake"].isdisjoint(quake)
    libya = set().union(*(by_story[s] for s in ("ly-uprising", "ly-nofly", "ly-tripoli")))
    assert libya.isdisjoint(by_story["lk-release"] | by_story["lk-papers"])
    assert by_story["kz-rupture"].isdisjoint(by_story["bp-explosion"])
    assert by_story["rs-deal"].isdisjoint(by_story["bp-explosion"])
    assert by_story["eg-protests"].isdisjoint(libya)
