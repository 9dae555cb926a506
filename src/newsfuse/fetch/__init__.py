"""Live sources: a polite fetcher for pages and feeds, and a watcher that follows them as a story develops.

    with Fetcher(FetchSettings.from_env()) as fetcher:
        for item in read_urls(["https://example.org/feed.xml"], fetcher):
            ...   # RawRecord, or Rejection with a reason

`newsfuse watch` (`newsfuse.pipeline.watch.Watcher`) polls sources with it; see docs/watch.md.
"""

from __future__ import annotations

from newsfuse.fetch.client import Fetcher, FetchResult, FetchSettings
from newsfuse.fetch.read import decode_page, follow_link, read_result, read_urls, url_reader
from newsfuse.fetch.urls import address_problem, looks_like_url, scheme_problem

__all__ = [
    "FetchResult", "FetchSettings", "Fetcher", "address_problem", "decode_page", "follow_link", "looks_like_url",
    "read_result", "read_urls", "scheme_problem", "url_reader",
]
