"""The JSON report (`--json FILE`): a versioned, documented view of a run (docs/report-schema.md).

Keys keep their meaning across versions; later capabilities add keys.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from newsfuse.codec import encode
from newsfuse.models import Article, Entity, Rejection, Story, Thread

if TYPE_CHECKING:
    from newsfuse.store.results import StoryResult

SCHEMA = "newsfuse.report/1"


def article_dict(article: Article) -> dict:
    return {
        "id": article.id,
        "path": article.path,
        "url": article.url,
        "title": article.title,
        "source": article.source,
        "published": article.published,
        "language": article.language,
        "inferred": article.inferred,
        "text": article.text,
        "removed": [{"text": r.text, "reason": r.reason} for r in article.removed],
        "duplicate_of": article.duplicate_of,
        "story": article.story_id,
        "publisher": article.publisher,
        "credits": list(article.credits),
        "derived_from": [{"article_id": a, "share": share} for a, share in article.derived_from],
    }


def entity_dict(entity: Entity) -> dict:
    out = {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": entity.aliases,
        "article_ids": entity.article_ids,
        "roles": entity.roles,
        "mentions": [{"article_id": m.article_id, "start": m.start, "end": m.end, "text": m.text}
                     for m in entity.mentions],
    }
    if entity.type == "place":
        out.update(lat=entity.lat, lon=entity.lon, country=entity.country)
    return out


MATCH_START, MATCH_END = "\x02", "\x03"  # how the store's full-text search marks a match in a snippet


def snippet_matches(snippet: str) -> tuple[str, list[list[int]]]:
    """A search snippet without its match markers, and [start, end) of each match in it."""
    text, matches, start = [], [], None
    length = 0
    for char in snippet:
        if char == MATCH_START:
            start = length
        elif char == MATCH_END:
            if start is not None:
                matches.append([start, length])
            start = None
        else:
            text.append(char)
            length += 1
    return "".join(text), matches


def hit_dict(hit) -> dict:
    """A search hit (`Store.search`) for the JSON API and `newsfuse search --json`: no control
    characters in the snippet; the matches are [start, end) offsets into it."""
    snippet, matches = snippet_matches(" ".join(hit.snippet.split()))
    return {"article_id": hit.article_id, "title": hit.title, "source": hit.source, "published": hit.published,
            "story_id": hit.story_id, "snippet": snippet, "matches": matches}


def story_dict(story: Story, extra: dict | None = None) -> dict:
    out = {
        "id": story.id,
        "title": story.title,
        "thread": story.thread_id,
        "date_start": story.date_start,
        "date_end": story.date_end,
        "article_ids": story.article_ids,
        "entities": [entity_dict(e) for e in story.entities],
    }
    out.update(extra or {})
    return out


def result_extras(result: StoryResult) -> dict:
    """A story's stored results in the report's shapes: `timeline`, then `claims`, `measures`,
    `events` and `quotes`."""
    from newsfuse.timex import timeline_to_dicts  # here, so terminal output never loads the time tagger

    return {"timeline": timeline_to_dicts(result.timeline), **encode(result.facts)}


def build_report(articles: list[Article], rejected: list[Rejection], stories: list[Story], threads: list[Thread],
                 story_extras: Callable[[Story], dict] | None = None) -> dict:
    return {
        "schema": SCHEMA,
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "articles": [article_dict(a) for a in articles],
        "rejected": [{"path": r.path, "reason": r.reason} for r in rejected],
        "stories": [story_dict(s, story_extras(s) if story_extras else None) for s in stories],
        "threads": [{"id": t.id, "title": t.title, "story_ids": t.story_ids} for t in threads],
    }


def write_report(report: dict, path: Path) -> None:
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
