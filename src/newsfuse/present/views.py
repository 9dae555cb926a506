"""Read-side views over the store that the CLI, the report and the web app share.

Results come from `newsfuse.store.results` as records; the dict-returning views (`story_facts`,
`story_timeline`, `thread_facts`) give the same records in the JSON report's shapes.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from newsfuse.codec import encode
from newsfuse.models import Entity, Story
from newsfuse.present.report import build_report, result_extras, write_report
from newsfuse.store import Store
from newsfuse.store.results import canonical_names_of, entities_result, facts_result, story_result, thread_result, timeline_result


def story_outlets(store: Store, story: Story) -> list[str]:
    """Outlets that reported the story, most articles first (ties in ingest order).

    Reads the articles' sources only: loading each whole article (text and raw input) to count
    its outlet was most of what `newsfuse stories` spent on an archive's page."""
    if not story.article_ids:
        return []
    counts = Counter(row[0] or "unknown outlet" for row in store.conn.execute(
        "SELECT source FROM articles WHERE id IN (SELECT value FROM json_each(?)) ORDER BY seq",
        (json.dumps(story.article_ids),)))
    return [name for name, _ in counts.most_common()]


def story_entities(store: Store, story: Story) -> list[Entity]:
    """The story's entities as resolved by the last analysis of the story."""
    return entities_result(store, story.id)


def top_entities(store: Store, story: Story, limit: int) -> list[str]:
    """The story's `limit` most mentioned people, organisations and places, under their current names.

    Read from the stored document's names, types and mention counts, without decoding every
    mention into a record; a document that is not a plain list of entities is read as
    `story_entities` reads it (which says what is wrong with it)."""
    row = store.conn.execute("SELECT body FROM analysis WHERE scope = 'story' AND key = ? AND kind = 'entities'",
                             (story.id,)).fetchone()
    try:
        found = [(e.get("id") or "", e["name"], e.get("type"), len(e.get("mentions") or []))
                 for e in (json.loads(row[0]) if row is not None else [])]
        if not all(isinstance(name, str) and isinstance(i, str) for i, name, _, _ in found):
            raise TypeError("names are not text")
    except (TypeError, ValueError, KeyError, AttributeError):
        entities = story_entities(store, story)
        found = [(e.id, e.name, e.type, len(e.mentions)) for e in entities]
    else:
        names = canonical_names_of(store, [i for i, _, _, _ in found])
        found = [(i, names.get(i) or name, kind, count) for i, name, kind, count in found]
    ranked = sorted(found, key=lambda e: (-e[3], e[1]))
    return [name for _, name, kind, _ in ranked if kind in {"person", "org", "place"}][:limit]


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
