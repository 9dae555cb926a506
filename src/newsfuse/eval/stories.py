"""Benchmarks of story grouping: ECB+ quality and speed, and the cost of an assignment at scale.

    python -m newsfuse.stories.bench DIR [--split all|train|dev|each] [--format table|json]
    python -m newsfuse.stories.bench --scale [--sizes 1000,10000,100000]

`bench_stories` clusters every document of the chosen ECB+ topics without looking at any label
(spaCy NER only; the corpus' own mention annotation is not read), then scores B³ against gold
sub-topics (stories) and topics (threads). spaCy runs once per corpus; its mentions are cached in
the temp folder so repeated runs time grouping alone. `bench_scale` fills an on-disk index with
synthetic articles and times assignments at given store sizes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from newsfuse.eval.datasets.ecbplus import EcbDocument, iter_documents, split_topics
from newsfuse.eval.metrics import b_cubed
from newsfuse.models import Article, Mention
from newsfuse.stories.features import StoryFeatures, date_lines, featurize, find_dates
from newsfuse.stories.grouping import group
from newsfuse.stories.index import SCHEMA, StoryIndex
from newsfuse.stories.threads import group_threads

SPLITS = ("train", "dev", "all")


# --- ECB+ ----------------------------------------------------------------------------------------


def ecb_article(doc: EcbDocument, mentions: Sequence[tuple[int, int, str, str]]) -> Article:
    """An Article as ingest would make it: a leading URL line becomes `url`, not text.

    The headline is the first of the top lines that reads like one (three words or more, not a
    date line); ECB documents have none, so their first sentence serves.
    """
    text, url, shift = doc.text, None, 0
    first, _, rest = text.partition("\n")
    if first.startswith("http"):
        url, shift, text = first.replace(" ", ""), len(first) + 1, rest
    lines = text.split("\n")[:3]
    title = next((ln for ln in lines if len(ln.split()) >= 3 and not _is_date_line(ln)), lines[0])
    return Article(id=doc.name, path=doc.name, raw=doc.text, title=title, text=text, url=url,
                   mentions=[Mention(doc.name, s - shift, e - shift, t, label)
                             for s, e, t, label in mentions if s >= shift])


def _is_date_line(line: str) -> bool:
    return bool(date_lines(line, find_dates(line)))


def parsed_mentions(docs: Sequence[EcbDocument], cache_dir: Path | None = None) -> dict[str, list]:
    """spaCy NER mentions of each document (name -> (start, end, text, label)).

    Parsed once per pipeline and document text; kept in a pickle in the temp folder.
    """
    from newsfuse.nlp import code_key, mentions_from_doc, model_name, parse

    name = model_name()
    cache = Path(cache_dir or tempfile.gettempdir()) / f"newsfuse-ecbplus-mentions-{name}-{code_key()}.pkl"
    known: dict[str, list] = {}
    if cache.exists():
        with cache.open("rb") as handle:
            known = pickle.load(handle)  # noqa: S301 - our own cache file
    key = {d.name: d.name + "/" + hashlib.sha1(d.text.encode()).hexdigest()[:16] for d in docs}
    todo = [d for d in docs if key[d.name] not in known]
    if todo:
        for doc, parsed in zip(todo, parse(d.text for d in todo)):
            known[key[doc.name]] = [(m.start, m.end, m.text, m.label) for m in mentions_from_doc(doc.name, parsed)]
        cache.parent.mkdir(parents=True, exist_ok=True)
        with cache.open("wb") as handle:
            pickle.dump(known, handle)
    return {d.name: known[key[d.name]] for d in docs}


def load_ecbplus(root: Path, split: str = "all", cache_dir: Path | None = None) -> tuple[list[Article], dict, dict]:
    """Articles of a split, with gold story (sub-topic) and thread (topic) of each article id."""
    docs = iter_documents(root, topics=split_topics(split))
    mentions = parsed_mentions(docs, cache_dir)
    articles = [ecb_article(d, mentions[d.name]) for d in docs]
    return articles, {d.name: d.subtopic for d in docs}, {d.name: d.topic for d in docs}


def bench_stories(ecbplus_dir: Path, split: str = "all", *, cache_dir: Path | None = None,
                  articles: tuple[list[Article], dict, dict] | None = None) -> dict:
    """Story and thread B³ on ECB+, grouping speed, and incremental-vs-regroup agreement."""
    articles, gold_story, gold_thread = articles or load_ecbplus(Path(ecbplus_dir), split, cache_dir)
    clock = time.process_time  # CPU time of this process: grouping on one core, whatever else runs
    start = clock()
    items = [(a.id, featurize(a)) for a in articles]
    featurized = clock()
    grouping = group(items)
    stories = grouping.stories
    grouped = clock()
    threads = group_threads(grouping.profiles)
    threaded = clock()
    story_score = b_cubed(gold_story, stories)
    thread_score = b_cubed(gold_thread, {a: threads[s] for a, s in stories.items()})

    with sqlite3.connect(":memory:") as conn:
        for ddl in SCHEMA:
            conn.execute(ddl)
        index = StoryIndex(conn)
        t0 = clock()
        index.assign_many(items)
        incremental_s = clock() - t0
        incremental = index.assignment()  # as the store holds it: later articles may have moved earlier ones
        inc_threads = index.threads()
    agreement = b_cubed(stories, incremental)
    n = len(items)
    return {
        "split": split,
        "documents": n,
        "gold_stories": len(set(gold_story.values())),
        "stories": len(set(stories.values())),
        "story_b3_p": story_score.precision, "story_b3_r": story_score.recall, "story_b3_f1": story_score.f1,
        "gold_threads": len(set(gold_thread.values())),
        "threads": len(set(threads.values())),
        "thread_b3_p": thread_score.precision, "thread_b3_r": thread_score.recall, "thread_b3_f1": thread_score.f1,
        "incremental_story_b3_f1": b_cubed(gold_story, incremental).f1,
        "incremental_thread_b3_f1": b_cubed(gold_thread, {a: inc_threads[s] for a, s in incremental.items()}).f1,
        "incremental_vs_regroup_b3_f1": agreement.f1,
        "articles_per_s": n / (threaded - start),
        "featurize_per_s": n / (featurized - start),
        "regroup_per_s": n / (grouped - featurized),
        "incremental_per_s": n / incremental_s,
    }


def kmeans_baseline(articles: Sequence[Article], gold_story: dict, seeds: int = 3) -> float:
    """B³ F1 of K-means told the gold number of stories (tf-idf of the text): a reference only."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(a.title + "\n" + a.text for a in articles)
    k = len(set(gold_story.values()))
    scores = []
    for seed in range(seeds):
        labels = KMeans(k, n_init=10, random_state=seed).fit_predict(x)
        scores.append(b_cubed(gold_story, {a.id: int(c) for a, c in zip(articles, labels)}).f1)
    return sum(scores) / len(scores)


# --- scale ---------------------------------------------------------------------------------------


class SyntheticNews:
    """Synthetic articles: stories with their own names, words, place and date, over two years.

    Vocabulary and names follow a Zipf-like law over large pools, so common words are shared by
    many stories and rare ones identify a few, as in news.
    """

    def __init__(self, seed: int = 0, vocabulary: int = 30_000, names: int = 60_000) -> None:
        self.rng = random.Random(seed)
        syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "da", "fe", "gu", "ha", "jo", "pe", "ti"]
        self.words = ["".join(self.rng.choice(syllables) for _ in range(self.rng.randint(2, 4))) for _ in range(vocabulary)]
        self.names = ["".join(self.rng.choice(syllables) for _ in range(self.rng.randint(2, 3))).title() + " "
                      + "".join(self.rng.choice(syllables) for _ in range(3)).title() for _ in range(names)]
        self.story = 0

    def _zipf(self, pool: list[str]) -> str:
        return pool[min(len(pool) - 1, int(self.rng.paretovariate(0.8)) - 1 + self.rng.randrange(len(pool)) // 50)]

    def articles(self, n: int):
        """`n` features in arrival order (stories of 1-12 articles, published over a few days)."""
        made = 0
        day0 = 738_000  # 2021-07-30
        while made < n:
            self.story += 1
            words = [self._zipf(self.words) for _ in range(40)]
            names = [self.rng.choice(self.names) for _ in range(6)]
            day = day0 + self.story * 730 // 40_000 + self.rng.randrange(3)
            for _ in range(min(n - made, 1 + int(self.rng.expovariate(1 / 3)) % 12)):
                terms: dict[str, float] = {}
                for w in self.rng.sample(words, 25) + [self._zipf(self.words) for _ in range(60)]:
                    terms[w] = terms.get(w, 0) + 1
                picked = {nm.lower(): float(self.rng.randint(1, 4)) for nm in self.rng.sample(names, 4)}
                anchor = date.fromordinal(day + self.rng.randrange(3)).isoformat()
                made += 1
                yield f"syn{self.story}-{made}", StoryFeatures(terms=terms, names=picked, dates={}, anchor=anchor,
                                                               title=" ".join(words[:6]))


def bench_scale(sizes: Sequence[int] = (1000, 10_000, 100_000), probe: int = 300, seed: int = 0,
                path: Path | None = None, cache_mb: int | None = None) -> dict:
    """Milliseconds per incremental assignment when the store holds each of `sizes` articles.

    The index lives in an on-disk SQLite file; between probes it is filled with synthetic
    articles (committed in batches). Each probe times `probe` fresh assignments, in wall-clock
    and in CPU time of this process (the machine may be shared). `cache_mb` sets SQLite's page
    cache (default: SQLite's 2 MB).
    """
    news = SyntheticNews(seed)
    stream = news.articles(max(sizes) + probe * len(sizes))
    out: dict = {"sizes": {}, "probe": probe, "cache_mb": cache_mb}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(path) if path else Path(tmp) / "scale.db"
        conn = sqlite3.connect(db)
        if cache_mb:
            conn.execute(f"PRAGMA cache_size = -{int(cache_mb) * 1024}")
        for ddl in SCHEMA:
            conn.execute(ddl)
        index = StoryIndex(conn)
        stored = 0
        fill_start = time.perf_counter()
        for size in sorted(sizes):
            while stored < size:
                article_id, features = next(stream)
                index.assign(article_id, features)
                stored += 1
                if stored % 2000 == 0:
                    conn.commit()
            conn.commit()
            t0, c0 = time.perf_counter(), time.process_time()
            for _ in range(probe):
                article_id, features = next(stream)
                index.assign(article_id, features)
            conn.commit()
            elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
            stored += probe
            out["sizes"][size] = {"ms_per_article": 1000 * elapsed / probe, "cpu_ms_per_article": 1000 * cpu / probe,
                                  "stories": conn.execute("SELECT count(*) FROM grp_stories").fetchone()[0]}
        out["fill_articles_per_s"] = stored / (time.perf_counter() - fill_start)
        out["db_mb"] = db.stat().st_size / 1e6
        conn.close()
    small, large = min(sizes), max(sizes)
    for key in ("ms_per_article", "cpu_ms_per_article"):
        out[f"ratio_{key}"] = out["sizes"][large][key] / out["sizes"][small][key]
    return out


# --- command line --------------------------------------------------------------------------------


def _table(rows: list[dict]) -> str:
    keys = [("documents", "{:d}"), ("stories", "{:d}"), ("gold_stories", "{:d}"), ("story_b3_p", "{:.3f}"),
            ("story_b3_r", "{:.3f}"), ("story_b3_f1", "{:.3f}"), ("threads", "{:d}"), ("gold_threads", "{:d}"),
            ("thread_b3_p", "{:.3f}"), ("thread_b3_r", "{:.3f}"), ("thread_b3_f1", "{:.3f}"),
            ("incremental_story_b3_f1", "{:.3f}"), ("incremental_thread_b3_f1", "{:.3f}"),
            ("incremental_vs_regroup_b3_f1", "{:.3f}"), ("articles_per_s", "{:.0f}"),
            ("featurize_per_s", "{:.0f}"), ("regroup_per_s", "{:.0f}"), ("incremental_per_s", "{:.0f}"),
            ("kmeans_k_told_story_b3_f1", "{:.3f}")]
    width = max(len(k) for k, _ in keys)
    lines = [" " * width + "".join(f"{r['split']:>9}" for r in rows)]
    for key, fmt in keys:
        if all(key in r for r in rows):
            lines.append(f"{key:<{width}}" + "".join(f"{fmt.format(r[key]):>9}" for r in rows))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsfuse.stories.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("ecbplus", nargs="?", type=Path, help="ECB+ folder (topic sub-folders of XML files)")
    parser.add_argument("--split", choices=(*SPLITS, "each"), default="all", help="topics to cluster (each: all three)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--baseline", action="store_true", help="also score K-means told the number of stories")
    parser.add_argument("--scale", action="store_true", help="time incremental assignment at store sizes")
    parser.add_argument("--sizes", default="1000,10000,100000", help="store sizes for --scale")
    parser.add_argument("--cache-mb", type=int, default=None, help="SQLite page cache for --scale (default 2 MB)")
    args = parser.parse_args(argv)
    if args.ecbplus is None and not args.scale:
        parser.error("give the ECB+ folder, or --scale")
    result: dict = {}
    if args.ecbplus is not None:
        rows = []
        for split in (SPLITS if args.split == "each" else (args.split,)):
            loaded = load_ecbplus(args.ecbplus, split)
            row = bench_stories(args.ecbplus, split, articles=loaded)
            if args.baseline:
                row["kmeans_k_told_story_b3_f1"] = kmeans_baseline(loaded[0], loaded[1])
            rows.append(row)
        result = rows[0] if len(rows) == 1 else {r["split"]: r for r in rows}
        if args.format == "table":
            print(_table(rows))
    if args.scale:
        scale = bench_scale([int(s) for s in args.sizes.split(",")], cache_mb=args.cache_mb)
        if args.format == "table":
            for size, row in scale["sizes"].items():
                print(f"store of {size:>7} articles: {row['ms_per_article']:.2f} ms per assignment "
                      f"({row['cpu_ms_per_article']:.2f} ms CPU; {row['stories']} stories)")
            print(f"ratio largest/smallest: {scale['ratio_ms_per_article']:.2f} "
                  f"(CPU {scale['ratio_cpu_ms_per_article']:.2f}); "
                  f"fill rate {scale['fill_articles_per_s']:.0f} articles/s; db {scale['db_mb']:.0f} MB")
        result = {**result, "scale": scale} if result else scale
    if args.format == "json":
        json.dump(result, sys.stdout, indent=2)
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
