"""`newsfuse bench spark` (`make bench-spark`): the Spark job in local mode, measured (not a test).

1. ECB+ as JSON Lines through the whole job: articles/s, wall time per phase, peak memory of the
   executor (local mode: the JVM plus its Python workers), and the B³ F1 of its stories against
   the single-machine run of the same file — both its batch grouping (`newsfuse regroup`, the same
   algorithm) and its incremental one (`newsfuse analyze`, one article at a time).
2. A synthetic scale-up: N articles recombined from the analyzed ECB+ sentences
   (`spark.synthetic`), generated on the executors and run through the cross-article phases
   (duplicates, stories, threads, per-story analysis, tables). spaCy is not re-run: its cost per
   article is measured in 1 and grows linearly with executors.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from pathlib import Path

from newsfuse.pipeline.run import analyze
from newsfuse.codec import decode
from newsfuse.eval.datasets.ecbplus import iter_documents
from newsfuse.errors import ConfigError
from newsfuse.pipeline.grouping import regroup_store
from newsfuse.eval.metrics import b_cubed
from newsfuse.models import Article, Mention, TimeExpression
from newsfuse.store import Store
from newsfuse.spark import session
from newsfuse.spark.articles import article_row
from newsfuse.spark.job import ARTICLE_SCHEMA, SparkOptions, finish, run
from newsfuse.eval.synthetic import group_by_topic, synthetic_article


class MemorySampler:
    """Peak RSS of this process's descendants (the JVM and its Python workers), read from /proc."""

    def __init__(self, every: float = 0.5) -> None:
        self.every = every
        self.peak_executor_mb = 0.0  # JVM + Python workers at one moment
        self.peak_worker_mb = 0.0  # the largest single Python worker
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            sizes = {pid: _rss_mb(pid) for pid in _descendants(os.getpid())}
            workers = [mb for pid, mb in sizes.items() if "pyspark.daemon" in _cmdline(pid)]
            self.peak_executor_mb = max(self.peak_executor_mb, sum(sizes.values()))
            self.peak_worker_mb = max(self.peak_worker_mb, max(workers, default=0.0))


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def write_jsonl(ecbplus: Path, path: Path, limit: int | None) -> dict[str, str]:
    """ECB+ documents as JSON Lines records; returns line path -> ECB+ subtopic (one event)."""
    docs = iter_documents(ecbplus)[:limit]
    if not docs:
        raise ConfigError(f"no ECB+ documents under {ecbplus}", setting="ecbplus")
    with path.open("w", encoding="utf-8") as out:
        for doc in docs:
            title, _, body = doc.text.partition("\n")
            out.write(json.dumps({"title": title, "text": body or title}) + "\n")
    return {f"{path}#{n}": doc.subtopic for n, doc in enumerate(docs, start=1)}


def bench_spark(ecbplus: Path, synthetic: int = 200_000, master: str = "local[2]", limit: int | None = None,
                partitions: int = 8) -> dict:
    # 200,000 synthetic rows (texts, features, signatures) need more than the default 3 GB heap
    os.environ.setdefault("NEWSFUSE_SPARK_MEMORY", "8g" if synthetic > 50_000 else "3g")
    spark = session(master, app_name="newsfuse-bench", shuffle_partitions=partitions)
    spark.sparkContext.setLogLevel("ERROR")
    figures: dict = {"master": master, "cores": spark.sparkContext.defaultParallelism,
                     "jvm_heap": spark.conf.get("spark.driver.memory", "1g")}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = tmp / "ecbplus.jsonl"
        subtopic = write_jsonl(ecbplus, source, limit)
        with MemorySampler() as memory:
            start = time.perf_counter()
            result = run(spark, str(source), tmp / "ecb", SparkOptions(partitions=partitions))
            seconds = time.perf_counter() - start
        articles = spark.read.parquet(f"{result.out}/articles").select("id", "path", "story_id").collect()
        spark_stories = {r["path"]: r["story_id"] for r in articles}
        figures["ecbplus"] = {
            "articles": result.counts["articles"], "seconds": round(seconds, 1),
            "articles_per_s": round(result.counts["articles"] / seconds, 2), "phases_s": result.seconds,
            "peak_executor_rss_mb": round(memory.peak_executor_mb), "peak_python_worker_rss_mb":
                round(memory.peak_worker_mb),
            **agreement(source, tmp / "single.db", spark_stories),
            "story_b3_f1_vs_gold": round(b_cubed(subtopic, spark_stories).f1, 4),
        }
        if synthetic:
            figures["synthetic"] = scale_up(spark, result.out, subtopic, synthetic, tmp / "synthetic", partitions)
    return figures


def agreement(source: Path, db: Path, spark_stories: dict[str, str]) -> dict:
    """B³ F1 of the Spark stories against the single-machine incremental and batch groupings."""
    store = Store(db)
    start = time.perf_counter()
    analyze([str(source)], store)
    single_seconds = time.perf_counter() - start
    incremental = {a.path: a.story_id for a in store.articles(with_details=False)}
    regroup_store(store)
    batch = {a.path: a.story_id for a in store.articles(with_details=False)}
    store.close()
    return {"single_machine_seconds": round(single_seconds, 1),
            "b3_f1_vs_single_machine_batch": round(b_cubed(batch, spark_stories).f1, 4),
            "b3_f1_vs_single_machine_incremental": round(b_cubed(incremental, spark_stories).f1, 4),
            "single_machine_incremental_vs_batch": round(b_cubed(batch, incremental).f1, 4)}


def scale_up(spark, tables: str, topic_of_path: dict[str, str], n: int, out: Path, partitions: int) -> dict:
    """Generate n recombined articles on the executors and time the cross-article phases on them."""
    sources, topic_of = sources_from_tables(tables, topic_of_path)
    shared = spark.sparkContext.broadcast((sources, topic_of))
    slices = max(partitions, n // 1_000)
    rows = spark.sparkContext.parallelize(range(n), slices).mapPartitions(
        lambda ids: synthetic_rows(ids, *shared.value))
    generated = spark.createDataFrame(rows, ARTICLE_SCHEMA + ", gold string")
    with MemorySampler() as memory:
        start = time.perf_counter()
        generated = generated.persist()
        generated.count()
        made = time.perf_counter() - start
        analyzed = generated.drop("gold")
        result = finish(spark, analyzed, out, SparkOptions(partitions=partitions))
        seconds = time.perf_counter() - start - made
    stories = dict(spark.read.parquet(f"{result.out}/articles").select("id", "story_id").collect())
    truth = dict(generated.select("id", "gold").collect())
    generated.unpersist()
    return {"articles": result.counts["articles"], "generate_s": round(made, 1),
            "cross_article_s": round(seconds, 1), "cross_article_articles_per_s": round(n / seconds, 1),
            "phases_s": {k: v for k, v in result.seconds.items()}, "stories": result.counts["stories"],
            "threads": result.counts["threads"], "peak_executor_rss_mb": round(memory.peak_executor_mb),
            "story_b3_f1_vs_recombination": round(b_cubed(truth, stories).f1, 4)}


def sources_from_tables(tables: str, topic_of_path: dict[str, str]) -> tuple[list[Article], dict[str, str]]:
    """The analyzed articles of a run (text, mentions, re-anchored times) and article id -> topic."""
    import pyarrow.parquet as pq

    mentions: dict[str, list[Mention]] = {}
    for m in pq.read_table(f"{tables}/mentions").to_pylist():
        mentions.setdefault(m["article_id"], []).append(Mention(m["article_id"], m["start"], m["end"], m["text"],
                                                                m["label"]))
    sources, topic_of = [], {}
    for r in pq.read_table(f"{tables}/articles").to_pylist():
        if r["duplicate_of"] or r["path"] not in topic_of_path:
            continue
        sources.append(Article(id=r["id"], path=r["path"], raw="", title=r["title"], text=r["text"],
                               source=r["source"], published=r["published"], language=r["language"],
                               mentions=sorted(mentions.get(r["id"], []), key=lambda m: m.start),
                               times=decode(list[TimeExpression], json.loads(r["times"]))))
        topic_of[r["id"]] = topic_of_path[r["path"]]
    return sources, topic_of


def synthetic_rows(ids, sources: list[Article], topic_of: dict[str, str]):
    """Analyzed-article rows (`ARTICLE_SCHEMA` plus the gold story key) of synthetic articles `ids`."""
    by_topic = group_by_topic(sources, topic_of)
    for i in ids:
        article, gold = synthetic_article(i, sources, by_topic)
        yield (*article_row(article, i, None), gold)
