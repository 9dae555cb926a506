"""Read-side views over the store that the CLI, the report and the web app share."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from newsfuse.models import Entity, Story
from newsfuse.present.report import build_report, write_report
from newsfuse.store import Store


def story_outlets(store: Store, story: Story) -> list[str]:
    """Outlets that reported the story, most articles first."""
    counts = Counter(a.source or "unknown outlet" for a in store.articles(ids=story.article_ids, with_details=False))
    return [name for name, _ in counts.most_common()]


def story_entities(store: Store, story: Story) -> list[Entity]:
    """The story's entities as resolved by the last analysis of the story."""
    from newsfuse.pipeline.story import stored_entities

    return stored_entities(store, story.id) or []


def top_entities(store: Store, story: Story, limit: int) -> list[str]:
    entities = story_entities(store, story)
    ranked = sorted(entities, key=lambda e: (-len(e.mentions), e.name))
    return [e.name for e in ranked if e.type in {"person", "org", "place"}][:limit]


def report_for(store: Store, result, path: Path | None = None) -> dict:
    """The JSON report of a run: its articles, rejections, and the stories they belong to; written
    to `path` when one is given."""
    for story in result.stories:
        story.entities = story_entities(store, story)
    report = build_report(result.articles, result.rejected, result.stories, result.threads,
                          story_extras=lambda story: {"timeline": story_timeline(store, story),
                                                      **story_facts(store, story)})
    for thread in report["threads"]:
        facts = thread_facts(store, thread["id"])
        thread.update(claims=facts["claims"], measures=facts["measures"])
    if path is not None:
        write_report(report, path)
    return report


def story_timeline(store: Store, story: Story) -> list[dict]:
    """The story's dated statements as stored by the last analysis (report shape, docs/report-schema.md)."""
    return store.get_analysis("story", story.id, "timeline", [])


def story_facts(store: Store, story: Story) -> dict:
    """Claims, measures, events and quotes of the story as stored by the last analysis."""
    empty = {"claims": [], "measures": [], "events": [], "quotes": []}
    return store.get_analysis("story", story.id, "facts", empty)


def thread_facts(store: Store, thread_id: str) -> dict:
    """Claims and measures cross-checked over all stories of a thread (figures that changed over time)."""
    empty = {"claims": [], "measures": [], "events": [], "quotes": []}
    return store.get_analysis("thread", thread_id, "facts", empty)
