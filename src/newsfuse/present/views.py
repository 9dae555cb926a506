"""Read-side views over the store that the CLI, the report and the web app share.

Results come from `newsfuse.store.results` as records; the dict-returning views (`story_facts`,
`story_timeline`, `thread_facts`) give the same records in the JSON report's shapes.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from newsfuse.codec import encode
from newsfuse.models import Entity, Story
from newsfuse.present.report import build_report, result_extras, write_report
from newsfuse.store import Store
from newsfuse.store.results import entities_result, facts_result, story_result, thread_result, timeline_result


def story_outlets(store: Store, story: Story) -> list[str]:
    """Outlets that reported the story, most articles first."""
    counts = Counter(a.source or "unknown outlet" for a in store.articles(ids=story.article_ids, with_details=False))
    return [name for name, _ in counts.most_common()]


def story_entities(store: Store, story: Story) -> list[Entity]:
    """The story's entities as resolved by the last analysis of the story."""
    return entities_result(store, story.id)


def top_entities(store: Store, story: Story, limit: int) -> list[str]:
    entities = story_entities(store, story)
    ranked = sorted(entities, key=lambda e: (-len(e.mentions), e.name))
    return [e.name for e in ranked if e.type in {"person", "org", "place"}][:limit]


def report_for(store: Store, result, path: Path | None = None) -> dict:
    """The JSON report of a run: its articles, rejections, and the stories they belong to; written
    to `path` when one is given."""
    results = {story.id: story_result(store, story.id) for story in result.stories}
    for story in result.stories:
        story.entities = results[story.id].entities
    report = build_report(result.articles, result.rejected, result.stories, result.threads,
                          story_extras=lambda story: result_extras(results[story.id]))
    for thread in report["threads"]:
        facts = encode(thread_result(store, thread["id"]).facts)
        thread.update(claims=facts["claims"], measures=facts["measures"])
    if path is not None:
        write_report(report, path)
    return report


def story_timeline(store: Store, story: Story) -> list[dict]:
    """The story's dated statements as stored by the last analysis (report shape, docs/report-schema.md)."""
    from newsfuse.timex import timeline_to_dicts  # the timex package loads its tagger: only for a timeline

    return timeline_to_dicts(timeline_result(store, story.id))


def story_facts(store: Store, story: Story) -> dict:
    """Claims, measures, events and quotes of the story as stored by the last analysis (report shape)."""
    return encode(facts_result(store, "story", story.id))


def thread_facts(store: Store, thread_id: str) -> dict:
    """Claims and measures cross-checked over all stories of a thread (figures that changed over time)."""
    return encode(facts_result(store, "thread", thread_id))
