"""Per-story work of the Spark job: one story's analyzed articles -> its record and documents.

Pure Python (no pyspark import), run over story groups on the executors. It reuses the building
blocks of `newsfuse.story_analysis.StoryAnalyzer` without a store: re-anchoring undated articles,
`entities.resolve`, `timex.build_timeline` and `facts.cross_check`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsfuse.codec import decode, encode
from newsfuse.entities import Gazetteer, resolve
from newsfuse.entities.corrections import Corrections
from newsfuse.facts import ArticleFacts, cross_check, facts_to_dicts
from newsfuse.models import Article, Mention, Removed, TimeExpression
from newsfuse.stories.features import StoryFeatures
from newsfuse.stories.threads import date_span, story_title
from newsfuse.pipeline.story import canonical_names
from newsfuse.pipeline.story import reanchor as reanchor_articles
from newsfuse.timex import build_timeline, timeline_to_dicts

_GAZETTEERS: dict[str | None, Gazetteer] = {}


def gazetteer(path: str | None) -> Gazetteer:
    """One gazetteer per executor process and file."""
    if path not in _GAZETTEERS:
        _GAZETTEERS[path] = Gazetteer.load(Path(path) if path else None)
    return _GAZETTEERS[path]


def article_of(row: dict) -> Article:
    """An `Article` rebuilt from an analyzed-article row (see `articles.ARTICLE_FIELDS`)."""
    return Article(
        id=row["id"], path=row["path"], raw=row["raw"], title=row["title"], text=row["text"], url=row["url"],
        source=row["source"], published=row["published"], language=row["language"],
        inferred=json.loads(row["inferred"]), removed=decode(list[Removed], json.loads(row["removed"])),
        content_hash=row["content_hash"], duplicate_of=row.get("duplicate_of"),
        mentions=decode(list[Mention], json.loads(row["mentions"])),
        times=decode(list[TimeExpression], json.loads(row["times"])), story_id=row.get("story_id"),
    )


def analyze_story(story_id: str, thread_id: str | None, rows: Iterable[dict],
                  gazetteer_file: str | None = None) -> Iterator[tuple[str, str, str, str]]:
    """(kind, story_id, key, JSON body) rows: "story" (the record), "entities", "timeline", "facts",
    and one "times" row per re-anchored article (key = article id)."""
    rows = sorted(rows, key=lambda r: r["seq"])
    articles = [article_of(r) for r in rows]
    features = [StoryFeatures.from_bytes(r["features"]) for r in rows]
    start, end = date_span(features)
    record = {"id": story_id, "title": story_title(features), "thread_id": thread_id, "date_start": start,
              "date_end": end, "article_ids": [a.id for a in articles]}
    yield "story", story_id, story_id, json.dumps(record, ensure_ascii=False)
    for article_id, body in reanchor(articles):
        yield "times", story_id, article_id, json.dumps(body, ensure_ascii=False)
    entities = resolve(articles, gazetteer=gazetteer(gazetteer_file), corrections=Corrections([], [], {}),
                       scope="story")
    yield "entities", story_id, story_id, json.dumps(encode(entities), ensure_ascii=False)
    yield "timeline", story_id, story_id, json.dumps(timeline_to_dicts(build_timeline(articles)), ensure_ascii=False)
    found = [decode(ArticleFacts, json.loads(r["facts"])) for r in rows if r["facts"] and r["facts"] != "null"]
    story = cross_check(articles, [c for f in found for c in f.claims], [e for f in found for e in f.events],
                        [q for f in found for q in f.quotes], canonical=canonical_names(entities))
    yield "facts", story_id, story_id, json.dumps(facts_to_dicts(story), ensure_ascii=False)


def reanchor(articles: list[Article]) -> Iterator[tuple[str, dict]]:
    """Undated articles borrow the year and day from their story (`story_analysis.reanchor`)."""
    for article in reanchor_articles(articles):
        yield article.id, {"anchor": article.inferred["anchor"], "times": encode(article.times)}
