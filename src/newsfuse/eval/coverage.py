"""Long-coverage benchmark: stories and threads of months of multi-outlet reports, fed in order.

    newsfuse bench coverage --data tests/data/coverage/coverage.jsonl

The collection is JSON Lines, one article per line: `published` (ISO date), `source` (outlet),
`title`, `text`, gold `topic` (the thread it belongs to) and, optionally, gold `story` (the event);
`id` is optional (the line number otherwise). Articles are grouped one at a time in publication
order, exactly as `newsfuse analyze` files them, and also regrouped from scratch. Scores: thread
(and story) B³, the share of each topic in its largest thread, the share of multi-article stories
that join reports of different outlets, incremental-vs-regroup agreement, and articles/s of
grouping (spaCy excluded: its mentions are parsed once and cached in the temp folder). The `store_*`
figures feed the same articles one run at a time through the path a store takes (`eval.store_grouping`:
each article filed with the names the store-wide entity index holds, then its story's entities linked).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from newsfuse.errors import InputError
from newsfuse.eval.metrics import b_cubed
from newsfuse.eval.store_grouping import grouped_through_store
from newsfuse.models import Article, Mention
from newsfuse.stories.features import featurize
from newsfuse.stories.grouping import group
from newsfuse.stories.index import SCHEMA, StoryIndex
from newsfuse.stories.model import StoryProfile, profile_vector
from newsfuse.stories.threads import group_threads, known_places, split_groups

DEV_COLLECTION = Path(__file__).resolve().parents[3] / "tests" / "data" / "coverage" / "coverage.jsonl"
REQUIRED = ("published", "source", "title", "text", "topic")


def load_collection(path: Path) -> list[dict]:
    """The collection's records in publication order (stable for equal dates)."""
    records = []
    with Path(path).open(encoding="utf-8") as handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: not JSON ({exc.msg})", path=str(path)) from exc
            missing = [k for k in REQUIRED if not record.get(k)]
            if missing:
                raise InputError(f"{path}:{n}: missing {', '.join(missing)}", path=str(path))
            record.setdefault("id", f"line-{n}")
            records.append(record)
    if not records:
        raise InputError(f"{path}: no articles", path=str(path))
    return sorted(records, key=lambda r: r["published"])


def _mentions(records: list[dict], cache_dir: Path | None = None) -> dict[str, list]:
    """spaCy NER mentions of each text (id -> (start, end, text, label)), cached by text digest."""
    from newsfuse.nlp import code_key, mentions_from_doc, model_name, parse

    cache = Path(cache_dir or tempfile.gettempdir()) / f"newsfuse-coverage-mentions-{model_name()}-{code_key()}.pkl"
    known: dict[str, list] = {}
    if cache.exists():
        with cache.open("rb") as handle:
            known = pickle.load(handle)  # noqa: S301 - our own cache file
    key = {r["id"]: hashlib.sha1(r["text"].encode()).hexdigest() for r in records}
    todo = [r for r in records if key[r["id"]] not in known]
    if todo:
        for record, parsed in zip(todo, parse(r["text"] for r in todo)):
            known[key[record["id"]]] = [(m.start, m.end, m.text, m.label) for m in mentions_from_doc(record["id"], parsed)]
        cache.parent.mkdir(parents=True, exist_ok=True)
        with cache.open("wb") as handle:
            pickle.dump(known, handle)
    return {r["id"]: known[key[r["id"]]] for r in records}


def coverage_articles(records: list[dict], cache_dir: Path | None = None) -> list[Article]:
    mentions = _mentions(records, cache_dir)
    return [Article(id=r["id"], path=r["id"], raw=r["title"] + "\n" + r["text"], title=r["title"], text=r["text"],
                    source=r["source"], published=r["published"],
                    mentions=[Mention(r["id"], s, e, t, label) for s, e, t, label in mentions[r["id"]]])
            for r in records]


def largest_thread_share(gold_topic: dict[str, str], threads: dict[str, str]) -> dict[str, float]:
    """Per topic: the share of its articles that sit in the thread holding most of them."""
    by_topic: dict[str, Counter] = defaultdict(Counter)
    for a, topic in gold_topic.items():
        by_topic[topic][threads[a]] += 1
    return {t: c.most_common(1)[0][1] / sum(c.values()) for t, c in sorted(by_topic.items())}


def outlet_fusion(stories: dict[str, str], source: dict[str, str]) -> tuple[int, int]:
    """(multi-article stories, of them those joining reports of two or more outlets)."""
    outlets: dict[str, set[str]] = defaultdict(set)
    sizes: Counter = Counter(stories.values())
    for a, s in stories.items():
        outlets[s].add(source[a])
    multi = [s for s, n in sizes.items() if n > 1]
    return len(multi), sum(1 for s in multi if len(outlets[s]) > 1)


def split_threads(profiles: dict[str, StoryProfile], thread_of: dict[str, str]) -> dict[str, str]:
    """Story -> thread after splitting every thread into the groups that read as one topic
    (`threads.split_groups`, whatever the thread's size): what splitting would give."""
    places = known_places(dict.fromkeys(profile_vector(p).places, 1) for p in profiles.values())
    members: dict[str, list[str]] = defaultdict(list)
    for story in sorted(thread_of):
        members[thread_of[story]].append(story)
    out: dict[str, str] = {}
    for thread, stories in sorted(members.items()):
        for n, group in enumerate(split_groups(profiles, stories, places)):
            out.update(dict.fromkeys(group, thread if n == 0 else f"{thread}/{group[0]}"))
    return out


def bench_coverage(path: Path = DEV_COLLECTION, *, cache_dir: Path | None = None, through_store: bool = True) -> dict:
    """Thread/story B³ of incremental grouping in publication order, and of a regroup; see the module doc."""
    records = load_collection(path)
    articles = coverage_articles(records, cache_dir)
    gold_topic = {r["id"]: r["topic"] for r in records}
    gold_story = {r["id"]: r["story"] for r in records if r.get("story")}
    source = {r["id"]: r["source"] for r in records}
    clock = time.process_time  # CPU time of this process: the machine may be shared

    start = clock()
    items = [(a.id, featurize(a)) for a in articles]
    with sqlite3.connect(":memory:") as conn:
        for ddl in SCHEMA:
            conn.execute(ddl)
        index = StoryIndex(conn)
        for a, (_, f) in zip(articles, items):
            index.assign(a.id, f, published=a.published)
        incremental = index.assignment()  # as the store holds it: later articles may have moved earlier ones
        inc_threads = index.threads()
        story_profiles = {story: StoryProfile.from_bytes(blob)
                          for story, blob in conn.execute("SELECT story_id, profile FROM grp_stories ORDER BY story_id")}
    elapsed = clock() - start
    inc_thread_of = {a: inc_threads[s] for a, s in incremental.items()}

    grouping = group(items)
    regroup_threads = group_threads(grouping.profiles)
    regroup_thread_of = {a: regroup_threads[s] for a, s in grouping.stories.items()}

    shares = largest_thread_share(gold_topic, inc_thread_of)
    split = split_threads(story_profiles, inc_threads)
    split_thread_of = {a: split[s] for a, s in incremental.items()}
    multi, fused = outlet_fusion(incremental, source)
    thread_score = b_cubed(gold_topic, inc_thread_of)
    out = {
        "articles": len(records),
        "topics": len(set(gold_topic.values())),
        "outlets": len(set(source.values())),
        "threads": len(set(inc_thread_of.values())),
        "thread_b3_p": thread_score.precision, "thread_b3_r": thread_score.recall, "thread_b3_f1": thread_score.f1,
        "regroup_thread_b3_f1": b_cubed(gold_topic, regroup_thread_of).f1,
        "threads_split_apart": len(set(split.values())) - len(set(inc_threads.values())),
        "split_thread_b3_f1": b_cubed(gold_topic, split_thread_of).f1,
        "largest_thread_share_mean": sum(shares.values()) / len(shares),
        "largest_thread_share_min": min(shares.values()),
        "multi_article_stories": multi,
        "outlet_fusion_share": fused / multi if multi else 0.0,
        "incremental_vs_regroup_b3_f1": b_cubed(grouping.stories, incremental).f1,
        "incremental_vs_regroup_thread_b3_f1": b_cubed(regroup_thread_of, inc_thread_of).f1,
        "articles_per_s": len(records) / elapsed if elapsed else float("inf"),
        "stories": len(set(incremental.values())),
    }
    if gold_story:
        story_score = b_cubed({a: gold_story[a] for a in gold_story}, {a: incremental[a] for a in gold_story})
        out.update({"gold_stories": len(set(gold_story.values())), "story_b3_p": story_score.precision,
                    "story_b3_r": story_score.recall, "story_b3_f1": story_score.f1,
                    "regroup_story_b3_f1": b_cubed(gold_story, {a: grouping.stories[a] for a in gold_story}).f1})
    if through_store:
        out.update(store_figures(articles, gold_topic, gold_story))
    out["largest_thread_share"] = shares
    return out


def store_figures(articles: list[Article], gold_topic: dict[str, str], gold_story: dict[str, str]) -> dict:
    """Thread (and story) B³ of the articles filed one at a time as a store files them, and of its regroup."""
    found = grouped_through_store(articles)
    threads = {a: found.threads[s] for a, s in found.stories.items()}
    regrouped = {a: found.regroup_threads[s] for a, s in found.regroup_stories.items()}
    out = {"store_thread_b3_f1": b_cubed(gold_topic, threads).f1,
           "store_regroup_thread_b3_f1": b_cubed(gold_topic, regrouped).f1,
           "store_incremental_vs_regroup_thread_b3_f1": b_cubed(regrouped, threads).f1,
           "store_threads": len(set(threads.values())), "store_entities": found.entities}
    if gold_story:
        out["store_story_b3_f1"] = b_cubed(gold_story, {a: found.stories[a] for a in gold_story}).f1
    return out
