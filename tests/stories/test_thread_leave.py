"""A story that joined a thread on its first report leaves it when its later reports no longer read as it.

A cycling race's first report leads on its winner's "champion", "belt" and "arena" crowd and reads as
a boxing story; the race's next seven reports are about the tour's stages alone. Written for these tests.
"""

from __future__ import annotations

from newsfuse.stories.features import StoryFeatures
from newsfuse.stories.grouping import index_keys, story_profiles
from newsfuse.stories.model import StoryProfile, profile_vector

FIGHT = [("title fight knockout belt champion round crowd arena", "ronda hallan")] * 2
RACE_FIRST = ("champion belt crowd arena round title", "")
RACE_LATER = [("tour stage time trial yellow jersey peloton sprint mountain", "velo brenn")] * 7


def profile(story: str, reports: list[tuple[str, str]]) -> StoryProfile:
    items = [(f"{story}{k}", StoryFeatures(terms={w: 2.0 for w in f"{words} aside{story}{k}".split()},
                                           names={n: 2.0 for n in names.split()}, title=words))
             for k, (words, names) in enumerate(reports)]
    return story_profiles(items, {a: story for a, _ in items})[story]


def save(index, story: str, p: StoryProfile, seq: int) -> None:
    index._save_story(story, p, seq, index_keys(profile_vector(p)))


def test_a_story_leaves_the_thread_its_first_report_read_as(index):
    save(index, "fight", profile("fight", FIGHT), 1)
    save(index, "race", profile("race", [RACE_FIRST]), 2)
    assert index.thread_of("race") == index.thread_of("fight")  # one report: it reads as the boxing story
    save(index, "race", profile("race", [RACE_FIRST, *RACE_LATER]), 3)  # eight reports: a refresh
    assert index.thread_of("race") == "t-race"
    assert index.thread_of("fight") == "t-fight"
