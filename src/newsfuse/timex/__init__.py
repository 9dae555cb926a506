"""Time in the news: find and normalize time expressions, anchor articles, and build story timelines.

    TimeTagger.tag(text, anchor)      time expressions with TIMEX3 values (tagger.py)
    infer_anchor(text, published)     the date an article counts from, given or inferred (anchor.py)
    build_timeline(articles)          dated, merged, ordered statements of a story (timeline.py)
    bench_time(tempeval_dir)          TempEval-3 scores of the tagger (tempeval.py)

The normalization rules are documented in docs/time.md.
"""

from newsfuse.timex.anchor import Anchor, anchor_articles, infer_anchor

from newsfuse.timex.tagger import TimeTagger
from newsfuse.timex.timeline import DateConflict, Evidence, TimelineEntry, build_timeline, timeline_to_dicts

__all__ = [
    "Anchor", "DateConflict", "Evidence", "TimeTagger", "TimelineEntry", "anchor_articles",
    "build_timeline", "infer_anchor", "timeline_to_dicts",
]
