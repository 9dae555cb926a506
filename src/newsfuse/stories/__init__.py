"""Group articles into stories (one real-world event each) and stories into threads, incrementally.

`featurize` turns an article into `StoryFeatures`; `StoryIndex` files new articles into stories
kept in the store's SQLite tables (`SCHEMA`, all `grp_*`); `regroup` recomputes stories from
scratch; `group_threads`, `story_title` and `date_span` name and date them. The model, its weights
and the measured figures are in docs/stories.md.
"""

from newsfuse.stories.features import StoryFeatures, featurize
from newsfuse.stories.grouping import Constraints, Grouping, group, regroup, story_id_for, story_profiles, thread_id_for
from newsfuse.stories.index import SCHEMA, StoryIndex
from newsfuse.stories.threads import date_span, group_threads, span_union, story_title

__all__ = [
    "SCHEMA", "Constraints", "Grouping", "StoryFeatures", "StoryIndex", "date_span", "featurize", "group",
    "group_threads", "regroup", "span_union", "story_id_for", "story_profiles", "story_title", "thread_id_for",
]
