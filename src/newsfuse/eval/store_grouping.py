"""Grouping as a store does it when articles come one run at a time: each article is filed with the
names the store-wide entity index holds (`pipeline.grouping.grouping_features`), then every story the
run touched is resolved and linked to that index (`StoryAnalyzer.refresh`'s entity part), so the next
run's articles find what this one taught. `bench coverage` scores it (its `store_*` figures); for ECB+:

    python -m newsfuse.eval.store_grouping /work/shared/data/ecbplus --split train
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from dataclasses import dataclass, replace

from newsfuse.entities.gazetteer import Gazetteer
from newsfuse.entities.index import SCHEMA as ENTITY_SCHEMA
from newsfuse.entities.index import EntityIndex, link_story
from newsfuse.entities.resolve import resolve
from newsfuse.eval.metrics import b_cubed
from newsfuse.models import Article
from newsfuse.pipeline.grouping import grouping_features
from newsfuse.stories.index import SCHEMA as STORY_SCHEMA
from newsfuse.stories.index import StoryIndex


@dataclass(slots=True)
class StoreGrouping:
    """Article -> story and story -> thread, incrementally and after a regroup of the same store."""

    stories: dict[str, str]
    threads: dict[str, str]
    regroup_stories: dict[str, str]
    regroup_threads: dict[str, str]
    entities: int  # canonical entities the index ended with


def grouped_through_store(articles: Sequence[Article], *, run_size: int = 1,
                          gazetteer: Gazetteer | None = None) -> StoreGrouping:
    """Feed the articles in runs of `run_size` (in the order given) through grouping and entity linking."""
    gazetteer = gazetteer or Gazetteer.load(None)
    by_id = {a.id: a for a in articles}
    conn = sqlite3.connect(":memory:")
    try:
        for statement in (*STORY_SCHEMA, *ENTITY_SCHEMA):
            conn.execute(statement)
        stories, entities = StoryIndex(conn), EntityIndex(conn)
        for i in range(0, len(articles), run_size):
            touched: dict[str, None] = {}
            for article in articles[i:i + run_size]:
                touched[stories.assign(article.id, grouping_features(article, conn), published=article.published)] = None
            touched.update(dict.fromkeys(stories.take_revisited()))
            for story_id in sorted(touched):  # `StoryAnalyzer.refresh` order
                members = [replace(by_id[a], story_id=story_id) for a in stories.members(story_id)]
                found = resolve(members, gazetteer=gazetteer, scope="story") if members else []
                link_story(entities, story_id, found, {a.id: a.publisher or a.source or a.id for a in members})
        incremental, threads = stories.assignment(), stories.threads()
        count = conn.execute("SELECT count(*) FROM ent_entities").fetchone()[0]
        regrouped = stories.regroup()  # from the stored features, as `newsfuse regroup` does
        return StoreGrouping(incremental, threads, regrouped, stories.threads(), count)
    finally:
        conn.close()


def bench_stories_through_store(ecbplus_dir: Path, split: str = "all") -> dict:
    """ECB+ story and thread B³ of the documents filed one at a time through the store's path (in
    corpus order, as `bench stories` assigns them), incrementally and after a regroup."""
    from newsfuse.eval.stories import load_ecbplus

    articles, gold_story, gold_thread = load_ecbplus(Path(ecbplus_dir), split)
    start = time.process_time()
    found = grouped_through_store(articles)
    elapsed = time.process_time() - start
    threads = {a: found.threads[s] for a, s in found.stories.items()}
    regrouped = {a: found.regroup_threads[s] for a, s in found.regroup_stories.items()}
    return {"split": split, "documents": len(articles),
            "story_b3_f1": b_cubed(gold_story, found.stories).f1, "thread_b3_f1": b_cubed(gold_thread, threads).f1,
            "regroup_story_b3_f1": b_cubed(gold_story, found.regroup_stories).f1,
            "regroup_thread_b3_f1": b_cubed(gold_thread, regrouped).f1,
            "incremental_vs_regroup_b3_f1": b_cubed(found.regroup_stories, found.stories).f1,
            "entities": found.entities, "cpu_s": elapsed}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsfuse.eval.store_grouping", description=__doc__.split("\n\n")[0])
    parser.add_argument("ecbplus", type=Path, help="ECB+ folder (topic sub-folders of XML files)")
    parser.add_argument("--split", choices=("train", "dev", "all"), default="all")
    args = parser.parse_args(argv)
    print(json.dumps(bench_stories_through_store(args.ecbplus, args.split), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
