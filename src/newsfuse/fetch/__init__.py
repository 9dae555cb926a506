"""Live sources: a polite fetcher for pages and feeds, and a watcher that follows them as a story develops.

    with Fetcher(FetchSettings.from_env()) as fetcher:
        for item in read_urls(["https://example.org/feed.xml"], fetcher):
            ...   # RawRecord, or Rejection with a reason

`newsfuse watch` is `Watcher(store, fetcher, analyze_fn).run(urls, every)`; see docs/watch.md.
"""

from __future__ import annotations

from .changes import FigureChange, NewArticle, StoryChange, diff_facts
from .client import Fetcher, FetchResult, FetchSettings
from .read import decode_page, follow_link, read_result, read_urls
from .urls import address_problem, looks_like_url, scheme_problem
from .watch import (PollReport, SourcePoll, SourceState, Watcher, WatchState, format_report,
                    load_sources, parse_interval)

__all__ = [
    "FetchResult", "FetchSettings", "Fetcher", "FigureChange", "NewArticle", "PollReport",
    "SourcePoll", "SourceState", "StoryChange", "WatchState", "Watcher", "address_problem", "decode_page",
    "diff_facts", "follow_link", "format_report", "load_sources", "looks_like_url", "parse_interval",
    "read_result", "read_urls", "scheme_problem",
]
