"""Threads from scratch link each story to its nearest story before the centroid rule groups them.

A boxing topic told in two stories (a title fight, then its rematch) and a cycling topic in two
(a stage race's first week, then its time trial). The race's first report leads on the winner's
"champion", "belt" and "title" in an "arena" crowd: it shares many words with the boxing thread's
summed profile, but the story it reads as nearest is the race's other story (the same rider).
Written for these tests.
"""

from __future__ import annotations

from newsfuse.stories.features import StoryFeatures
from newsfuse.stories.grouping import story_profiles
from newsfuse.stories.model import profile_vector
from newsfuse.stories.threads import group_threads, nearest_story, part_profile, thread_part

STORIES = {
    "fight": ("title fight knockout belt champion round crowd arena", "ronda hallan"),
    "rematch": ("rematch promoter purse belt champion contract arena crowd", "ronda"),
    "race": ("champion belt crowd arena round title tour stage", "velo"),
    "trial": ("tour stage time trial yellow jersey peloton sprint", "velo brenn"),
}


def profiles():
    items, assignment = [], {}
    for story, (words, names) in STORIES.items():
        for k in range(2):
            article = f"{story}{k}"
            features = StoryFeatures(terms={w: 2.0 for w in f"{words} aside{story}{k}".split()},
                                     names={n: 2.0 for n in names.split()}, title=words)
            items.append((article, features))
            assignment[article] = story
    return story_profiles(items, assignment)


def test_a_story_reading_as_another_threads_sum_stays_with_its_nearest_story():
    threads = group_threads(profiles())
    assert threads["fight"] == threads["rematch"]
    assert threads["race"] == threads["trial"]
    assert threads["race"] != threads["fight"]  # the centroid rule alone put all four in one thread


def test_the_nearest_story_is_the_one_scored_best_at_the_join_threshold():
    found = profiles()
    race = profile_vector(found["race"])
    parts = [(story, part_profile(thread_part(found[story]))) for story in ("fight", "rematch", "trial")]
    assert nearest_story(race, parts) == "trial"
    assert nearest_story(race, parts[:0]) is None
