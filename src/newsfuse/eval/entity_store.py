"""The store row of `bench entities`: ECB+ articles through the grouping and entity linking the store does.

Nothing here is told the topic: the articles are grouped into stories by the store's incremental story
index (`StoryIndex.assign`, spaCy mentions as features, as `newsfuse bench stories` feeds them), every
topic in one store; at the end of each run every story the run touched is analysed again as
`StoryAnalyzer.refresh` does (its articles resolved together with `scope="story"`, then linked to the one
store-wide entity index, taking back what the story gave before), stories in id order. The entity of a
gold mention is the canonical id the index holds for its story's local entity once all runs are done:
the id story and thread views and `newsfuse entity` show. Cross-topic merges count as errors.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from newsfuse.entities.gazetteer import Gazetteer
from newsfuse.entities.index import SCHEMA as ENTITY_SCHEMA
from newsfuse.entities.index import EntityIndex, link_story
from newsfuse.entities.resolve import ResolveOptions, resolve
from newsfuse.models import Article
from newsfuse.stories.features import featurize
from newsfuse.stories.index import SCHEMA as STORY_SCHEMA
from newsfuse.stories.index import StoryIndex


def linked_through_store(runs: Sequence[Sequence[tuple[Article, Article]]], gazetteer: Gazetteer | None,
                         options: ResolveOptions) -> tuple[dict[tuple[str, int, int], str], dict[str, str]]:
    """`runs`: the analyze runs in order, each a list of (article as grouping sees it, the same article with
    the mentions to resolve). Returns mention -> canonical entity id and article id -> story id."""
    conn = sqlite3.connect(":memory:")
    for statement in (*STORY_SCHEMA, *ENTITY_SCHEMA):
        conn.execute(statement)
    stories, entities = StoryIndex(conn), EntityIndex(conn)
    to_resolve: dict[str, Article] = {}
    members: dict[str, list[str]] = defaultdict(list)
    assignment: dict[str, str] = {}
    local: dict[str, list] = {}
    for run in runs:
        touched: set[str] = set()
        for grouped, article in run:
            to_resolve[article.id] = article
            touched.add(stories.assign(grouped.id, featurize(grouped)))
        touched.update(stories.take_revisited())
        assignment = stories.assignment()  # ORDER BY seq: ingest order
        members = defaultdict(list)
        for article_id, story_id in assignment.items():
            members[story_id].append(article_id)
        for story_id in sorted(touched):  # `StoryAnalyzer.refresh` order
            # in ingest order, under their story (as `StoryAnalyzer.load_story` reads them): one scope
            articles = [replace(to_resolve[a], story_id=story_id) for a in members.get(story_id, ())]
            local[story_id] = resolve(articles, gazetteer=gazetteer, options=options, scope="story") if articles else []
            link_story(entities, story_id, local[story_id])
    links = entities.links()
    conn.close()
    out = {(m.article_id, m.start, m.end): links.get((story_id, e.id), e.id)
           for story_id, found in local.items() for e in found for m in e.mentions}
    return out, dict(assignment)
