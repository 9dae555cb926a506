"""Per-story and per-thread work of the Spark job: a group's rows -> records -> the store run's
story and thread stages (`pipeline.stages.story_stages`, `thread_stages`) -> document rows.

Pure Python (no pyspark import), run over groups on the executors. Only the infrastructure
differs from the store run: records are rebuilt from rows instead of read from SQLite, and
results become rows of the `story_docs` and `thread_docs` tables instead of store documents.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsfuse.codec import decode, encode
from newsfuse.entities import Gazetteer
from newsfuse.facts import ArticleFacts
from newsfuse.models import Article, Entity, Mention, Removed, Story, Thread, TimeExpression
from newsfuse.pipeline.analysis import story_documents, thread_documents
from newsfuse.pipeline.contract import Pipeline, StageFailure
from newsfuse.pipeline.stages import story_pipeline, thread_pipeline
from newsfuse.stories.features import StoryFeatures
from newsfuse.stories.threads import date_span, story_title

_PIPELINES: dict[str, Pipeline] = {}


def pipeline_for(scope: str, gazetteer_file: str | None = None) -> Pipeline:
    """One story pipeline (gazetteer loaded once) and one thread pipeline per executor process."""
    key = f"{scope}:{gazetteer_file}"
    if key not in _PIPELINES:
        if scope == "story":
            _PIPELINES[key] = story_pipeline(Gazetteer.load(Path(gazetteer_file) if gazetteer_file else None))
        else:
            _PIPELINES[key] = thread_pipeline()
    return _PIPELINES[key]


def article_of(row: dict, details: bool = True) -> Article:
    """An `Article` rebuilt from an analyzed-article row (see `articles.ARTICLE_FIELDS`), its facts
    on it; without `details`, as the store loads a thread's articles (no mentions, removed, times)."""
    inferred = json.loads(row["inferred"])
    if row.get("anchor"):
        inferred["anchor"] = row["anchor"]
    facts = json.loads(row["facts"]) if row.get("facts") else None
    article = Article(
        id=row["id"], path=row["path"], raw=row.get("raw") or "", title=row["title"], text=row.get("text") or "",
        url=row.get("url"), source=row["source"], published=row["published"], language=row["language"],
        inferred=inferred, content_hash=row.get("content_hash") or "", duplicate_of=row.get("duplicate_of"),
        story_id=row.get("story_id"), facts=decode(ArticleFacts, facts) if facts else None,
        publisher=row.get("publisher"), credits=json.loads(row.get("credits") or "[]"),
        derived_from=[(a, float(share)) for a, share in json.loads(row.get("derived_from") or "[]")],
    )
    if details:
        article.removed = decode(list[Removed], json.loads(row["removed"]))
        article.mentions = decode(list[Mention], json.loads(row["mentions"]))
        article.times = decode(list[TimeExpression], json.loads(row["times"]))
    return article


def analyze_story(story_id: str, thread_id: str | None, rows: Iterable[dict],
                  gazetteer_file: str | None = None) -> Iterator[tuple[str, str, str, str]]:
    """(kind, story_id, key, JSON body) rows: "story" (the record), one "times" row per re-anchored
    article (key = article id), then "entities", "timeline", "facts" — or one "failure" row
    (key = the stage) when a stage failed on this story."""
    rows = sorted(rows, key=lambda r: r["seq"])
    features = [StoryFeatures.from_bytes(r["features"]) for r in rows]
    start, end = date_span(features)
    articles = [article_of(r) for r in rows]
    story = Story(story_id, story_title(features), [a.id for a in articles], thread_id, start, end,
                  articles=articles)
    record = {"id": story.id, "title": story.title, "thread_id": thread_id, "date_start": start, "date_end": end,
              "article_ids": story.article_ids}
    yield "story", story_id, story_id, _json(record)
    result = pipeline_for("story", gazetteer_file).run_one(story)
    if isinstance(result, StageFailure):
        yield "failure", story_id, result.stage, _json({"scope": "story", "reason": result.reason})
        return
    for article in result.articles:
        if article.id in result.reanchored:
            yield "times", story_id, article.id, _json({"anchor": article.inferred.get("anchor"),
                                                         "times": encode(article.times)})
    for kind, body in story_documents(result).items():
        yield kind, story_id, story_id, _json(body)


def analyze_thread(thread_id: str, items: Iterable[tuple]) -> Iterator[tuple[str, str, str, str]]:
    """(kind, thread_id, key, JSON body) rows of one thread: "facts", or "failure" (key = the stage).

    `items` are ("story", record JSON, entities JSON or None) for each story of the thread and
    ("article", row) for each of their articles (rows with the re-anchored `anchor`)."""
    stories: dict[str, Story] = {}
    rows: list[dict] = []
    for item in items:
        if item[0] == "story":
            record = json.loads(item[1])
            entities = decode(list[Entity], json.loads(item[2])) if item[2] else []
            stories[record["id"]] = Story(record["id"], record["title"], [], thread_id, record["date_start"],
                                          record["date_end"], entities=entities)
        else:
            rows.append(item[1])
    for row in sorted(rows, key=lambda r: r["seq"]):
        story = stories.get(row["story_id"])
        if story is not None:
            story.articles.append(article_of(row, details=False))
            story.article_ids.append(row["id"])
    # in date order, as the store lists a thread's stories (no date first)
    ordered = sorted(stories.values(), key=lambda s: (s.date_start is not None, s.date_start or "", s.id))
    thread = Thread(thread_id, "", [s.id for s in ordered], stories=ordered)
    result = pipeline_for("thread").run_one(thread)
    if isinstance(result, StageFailure):
        yield "failure", thread_id, result.stage, _json({"scope": "thread", "reason": result.reason})
        return
    for kind, body in thread_documents(result).items():
        yield kind, thread_id, thread_id, _json(body)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)
