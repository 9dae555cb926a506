"""Timelines computed on read from the stored articles: a thread's key dates, and a story's
timeline with its background dates (the stored timeline leaves them out)."""

from __future__ import annotations

from newsfuse.models import Story, Thread
from newsfuse.store import Store
from newsfuse.timex import build_timeline, timeline_to_dicts
from newsfuse.timex.keydates import KeyDate, key_dates


def thread_key_dates(store: Store, thread: Thread, n: int | None = None, k: int = 1, *,
                     background: bool = False) -> list[KeyDate]:
    """The `n` key dates of a whole thread (all its stories, all outlets), each with `k` sentences."""
    ids = [a for story_id in thread.story_ids for a in store.story(story_id).article_ids]
    return key_dates(store.articles(ids=ids), n, k, background=background)


def story_timeline_with_background(store: Store, story: Story) -> list[dict]:
    """The story's timeline with background entries (`kind == "background"`), in the report shape."""
    return timeline_to_dicts(build_timeline(store.articles(ids=story.article_ids), background=True))
