"""The Spark job: read inputs, run the article stages in partitions, group across articles with
distributed joins, run the story stages over each story and the thread stages over each thread
(the stage lists of `pipeline.stages`, as the store run), and write the Parquet tables of
docs/spark.md."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from newsfuse.errors import ConfigError
from newsfuse.ingest import list_inputs
from newsfuse.models import Rejection
from newsfuse.spark import articles as per_article
from newsfuse.spark import cluster
from newsfuse.spark.story import analyze_story, analyze_thread

TABLES = ("articles", "rejected", "stories", "threads", "entities", "mentions", "claims", "measures", "events",
          "quotes", "story_docs", "thread_docs", "failures")
ARTICLE_SCHEMA = ("id string, seq long, path string, url string, title string, text string, raw string, "
                  "source string, published string, language string, inferred string, removed string, "
                  "mentions string, times string, facts string, content_hash string, minhash binary, "
                  "bands array<string>, features binary, publisher string, credits string, derived_from string")
FILE_SEQ_STRIDE = 1_000_000  # records of one file (a JSON Lines file, a feed) keep the file's order


@dataclass(slots=True)
class SparkOptions:
    model: str | None = None
    batch_size: int = 32  # texts per spaCy batch
    gazetteer: Path | None = None
    partitions: int | None = None  # input partitions (default: Spark's default parallelism)
    piece_cap: int | None = None  # most articles (stories) one task clusters (default: cluster.PIECE_CAP)


@dataclass(slots=True)
class SparkResult:
    out: str  # a directory or a URL
    counts: dict[str, int]
    seconds: dict[str, float]  # wall time per phase
    cuts: dict = field(default_factory=dict)  # stories/threads: largest component, largest piece, cut thresholds


def read_records(spark, source: str, partitions: int | None = None):
    """RDD of (seq, RawRecord | Rejection) from Parquet, JSON Lines, or a directory of files.

    A URL (`s3a://…`, `hdfs://…`, `file://…`) is read by Spark: JSON Lines when it ends in
    .jsonl/.ndjson/.json, Parquet otherwise.
    """
    parts = partitions or spark.sparkContext.defaultParallelism
    if "://" in source:
        kind = "json" if source.rstrip("/").endswith((".jsonl", ".ndjson", ".json")) else "parquet"
        return _table_records(spark, source, kind, parts)
    path = Path(source)
    if path.is_file() and path.suffix in (".jsonl", ".ndjson"):
        return _table_records(spark, source, "json", parts)
    if path.is_file() and path.suffix == ".parquet" or path.is_dir() and any(path.glob("*.parquet")):
        return _table_records(spark, source, "parquet", parts)
    if not path.exists():
        raise ConfigError(f"no such input: {source}", setting="input")
    listed = [(i * FILE_SEQ_STRIDE, item) for i, item in enumerate(list_inputs([source]))]
    rejected = [(seq, item) for seq, item in listed if isinstance(item, Rejection)]
    # executors open the absolute path: on a cluster their working directory is not the driver's;
    # the identity (the path inside the directory given) makes the article ids, as `newsfuse analyze`
    files = [(seq, item.label, os.path.abspath(item.path), item.identity)
             for seq, item in listed if not isinstance(item, Rejection)]
    rdd = spark.sparkContext.parallelize(files, min(parts, max(1, len(files))))
    return rdd.flatMap(lambda f: per_article.records_of_file(f[0], f[2], f[1], f[3])).union(
        spark.sparkContext.parallelize(rejected, 1))


def _table_records(spark, source: str, kind: str, parts: int):
    """Records of a Parquet or JSON Lines table; each row keeps its position as `seq`."""
    frame = spark.read.parquet(source) if kind == "parquet" else spark.read.json(source)
    # a malformed JSON line becomes a row with only `_corrupt_record` set: rejected, not lost
    frame = frame.select(*[c for c in (*per_article_fields(), "_corrupt_record") if c in frame.columns])
    return (frame.rdd.zipWithIndex().repartition(parts)
            .map(lambda ri: (ri[1], per_article.record_of_row(ri[1], f"{source}#{ri[1] + 1}", ri[0].asDict()))))


def per_article_fields() -> tuple[str, ...]:
    from newsfuse.ingest.readers import JSON_FIELDS
    return JSON_FIELDS


class Phases:
    """Wall time of each phase of a run; each phase ends by materializing what it made. With a
    SparkContext, the jobs of each phase carry its name (the Spark UI's job descriptions)."""

    def __init__(self, sc=None) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()
        self._sc = sc

    def begin(self, name: str) -> None:
        if self._sc is not None:
            self._sc.setJobDescription(name)

    def done(self, name: str, *frames) -> None:
        self.begin(name)
        for frame in frames:
            frame.count()
        now = time.perf_counter()
        self.seconds[name] = round(now - self._last, 2)
        self._last = now


def run(spark, source: str, out: str | Path, options: SparkOptions | None = None) -> SparkResult:
    """Analyze `source` on an existing SparkSession and write the tables under `out`."""
    from pyspark import StorageLevel

    options = options or SparkOptions()
    phases = Phases(spark.sparkContext)
    phases.begin("per-article analysis")
    rows = read_records(spark, source, options.partitions).mapPartitions(
        lambda items: per_article.analyze_partition(items, options))
    analyzed = spark.createDataFrame(rows, ARTICLE_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK)
    phases.done("per-article analysis", analyzed)
    return finish(spark, analyzed, out, options, phases, source)


def finish(spark, analyzed, out: str | Path, options: SparkOptions | None = None, phases: Phases | None = None,
           source: str = "") -> SparkResult:
    """The cross-article part of a run: `analyzed` (rows of `ARTICLE_SCHEMA`, rejections with id
    "!rejected") -> duplicates, stories, threads, per-story analysis and the tables under `out`."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    keep = StorageLevel.MEMORY_AND_DISK
    options = options or SparkOptions()
    phases = phases or Phases(spark.sparkContext)
    phases.begin("duplicates")
    out = str(out).rstrip("/")
    gazetteer = str(options.gazetteer) if options.gazetteer else None
    rejected = analyzed.where(F.col("id") == "!rejected").select("path", F.col("title").alias("reason"))
    # the same article read twice (same identity and content) is one article
    unique = analyzed.where(F.col("id") != "!rejected").dropDuplicates(["id"])
    articles = unique.join(cluster.find_duplicates(unique), "id", "left").persist(keep)
    phases.done("duplicates", articles)

    originals = articles.where(F.col("duplicate_of").isNull()).select("id", "seq", "features")
    dfs = cluster.article_dfs(articles.select("id", "features"))
    cuts: dict = {"stories": {}, "threads": {}}
    phases.begin("stories")
    assigned = cluster.group_stories(originals, dfs, options.piece_cap, cuts["stories"]).persist(keep)
    phases.done("stories", assigned)

    story_of = assigned.select("id", "story_id")
    copies = (articles.where(F.col("duplicate_of").isNotNull()).select("id", "duplicate_of")
              .join(story_of.withColumnRenamed("id", "duplicate_of"), "duplicate_of").select("id", "story_id"))
    story_of = story_of.unionByName(copies)
    phases.begin("threads")
    founding = (assigned.where(F.col("profile").isNotNull()).join(originals.select("id", "seq"), "id")
                .select("story_id", "seq", "profile"))
    threads_of = cluster.group_story_threads(founding, options.piece_cap, cuts["threads"]).persist(keep)
    full = articles.join(story_of, "id").join(threads_of, "story_id").persist(keep)
    phases.done("threads", full)

    docs_rdd = (full.rdd.map(lambda r: (r["story_id"], r.asDict()))
                .groupByKey()
                .flatMap(lambda kv: analyze_story(kv[0], next(iter(kv[1]))["thread_id"], kv[1], gazetteer)))
    docs = spark.createDataFrame(docs_rdd, "kind string, story_id string, key string, body string").persist(keep)
    phases.done("story analysis", docs)

    thread_docs = analyze_threads(spark, full, docs).persist(keep)
    phases.done("thread analysis", thread_docs)

    counts = {}
    for name, frame in build_tables(spark, full, docs, rejected, thread_docs).items():
        frame = frame.persist(keep)
        counts[name] = frame.count()
        frame.write.mode("overwrite").parquet(f"{out}/{name}")
        frame.unpersist()
    phases.done("tables")
    write_manifest(spark, out, {"schema": "newsfuse.spark/1", "input": source, "counts": counts,
                                "seconds": phases.seconds})
    for frame in (thread_docs, docs, full, threads_of, assigned, articles, analyzed):
        frame.unpersist()
    return SparkResult(out, counts, phases.seconds, cuts)


def write_manifest(spark, out: str, manifest: dict) -> None:
    """`_newsfuse.json` beside the tables (a one-line text dataset `_newsfuse` on remote storage)."""
    text = json.dumps(manifest, indent=1)
    if "://" not in out or out.startswith("file://"):
        Path(out.removeprefix("file://"), "_newsfuse.json").write_text(text)
    else:
        spark.createDataFrame([(text,)], "value string").coalesce(1).write.mode(
            "overwrite").text(f"{out}/_newsfuse")


def analyze_threads(spark, full, docs):
    """DataFrame (kind, thread_id, key, body): the thread stages over each thread, fed with its
    stories' records and entities and their articles (re-anchored) from the story analysis."""
    from pyspark.sql import functions as F

    anchors = docs.where(F.col("kind") == "times").select(
        F.col("key").alias("id"), F.get_json_object("body", "$.anchor").alias("anchor"))
    # the text too: in-text attributions ("according to AFP") name a figure's independent source
    articles = (full.select("id", "seq", "path", "title", "text", "source", "published", "language", "inferred",
                            "facts", "content_hash", "duplicate_of", "story_id", "thread_id", "publisher", "credits",
                            "derived_from")
                .join(anchors, "id", "left"))
    records = docs.where(F.col("kind") == "story").select("story_id", F.col("body").alias("record"))
    entities = docs.where(F.col("kind") == "entities").select("story_id", F.col("body").alias("entities"))
    stories = (records.join(entities, "story_id", "left")
               .join(full.select("story_id", "thread_id").dropDuplicates(["story_id"]), "story_id"))
    items = (stories.rdd.map(lambda r: (r["thread_id"], ("story", r["record"], r["entities"])))
             .union(articles.rdd.map(lambda r: (r["thread_id"], ("article", r.asDict())))))
    rows = items.groupByKey().flatMap(lambda kv: analyze_thread(kv[0], kv[1]))
    return spark.createDataFrame(rows, "kind string, thread_id string, key string, body string")


def build_tables(spark, full, docs, rejected, thread_docs) -> dict:
    from pyspark.sql import functions as F

    times = docs.where(F.col("kind") == "times").select(F.col("key").alias("id"), F.col("body").alias("reanchored"))
    articles = (full.join(times, "id", "left")
                .withColumn("times", F.coalesce(F.get_json_object("reanchored", "$.times"), F.col("times")))
                .withColumn("anchor", F.get_json_object("reanchored", "$.anchor"))
                .select("id", "seq", "path", "url", "title", "text", "raw", "source", "published", "language",
                        "inferred", "removed", "times", "anchor", "content_hash", "duplicate_of", "story_id",
                        "thread_id", "features", "facts", "publisher", "credits", "derived_from")
                .orderBy("seq"))
    mentions = full.select("id", "story_id", "mentions").rdd.flatMap(
        lambda r: [(m["article_id"], r["story_id"], m["start"], m["end"], m["text"], m["label"])
                   for m in json.loads(r["mentions"])])
    stories_docs = docs.where(F.col("kind") == "story").select("body")
    stories = spark.read.json(stories_docs.rdd.map(lambda r: r["body"]),
                              schema="id string, title string, thread_id string, date_start string, "
                                     "date_end string, article_ids array<string>")
    stories = stories.withColumn("size", F.size("article_ids"))
    # a thread is titled after its largest story (as the store's refresh_thread)
    threads = (stories.groupBy("thread_id")
               .agg(F.max(F.struct("size", F.col("title"))).alias("top"),
                    F.sort_array(F.collect_list("id")).alias("story_ids"))
               .select(F.col("thread_id").alias("id"), F.col("top.title").alias("title"), "story_ids"))
    return {
        "articles": articles,
        "rejected": rejected,
        "stories": stories,
        "threads": threads,
        "entities": spark.createDataFrame(docs.where(F.col("kind") == "entities").rdd.flatMap(entity_rows),
                                          ENTITY_SCHEMA),
        "mentions": spark.createDataFrame(mentions, "article_id string, story_id string, start int, end int, "
                                                    "text string, label string"),
        "claims": spark.createDataFrame(_facts(docs, "claims", claim_row), CLAIM_SCHEMA),
        "measures": spark.createDataFrame(_facts(docs, "measures", measure_row), MEASURE_SCHEMA),
        "events": spark.createDataFrame(_facts(docs, "events", event_row), EVENT_SCHEMA),
        "quotes": spark.createDataFrame(_facts(docs, "quotes", quote_row), QUOTE_SCHEMA),
        "story_docs": docs.where(~F.col("kind").isin("times", "failure")).select("story_id", "kind", "body"),
        "thread_docs": thread_docs.where(F.col("kind") != "failure").select("thread_id", "kind", "body"),
        "failures": failures(docs, thread_docs),
    }


def failures(docs, thread_docs):
    """DataFrame (scope, key, stage, reason): the stories and threads a stage failed on."""
    from pyspark.sql import functions as F

    def of(frame, id_column):
        failed = frame.where(F.col("kind") == "failure")
        return failed.select(F.get_json_object("body", "$.scope").alias("scope"), F.col(id_column).alias("key"),
                             F.col("key").alias("stage"), F.get_json_object("body", "$.reason").alias("reason"))

    return of(docs, "story_id").unionByName(of(thread_docs, "thread_id"))


ENTITY_SCHEMA = ("story_id string, id string, name string, type string, aliases array<string>, "
                 "roles array<string>, lat double, lon double, country string, article_ids array<string>, "
                 "mention_count int, body string")
CLAIM_SCHEMA = "story_id string, id string, measure string, value double, unit string, qualifier string, as_of string, body string"
MEASURE_SCHEMA = "story_id string, id string, label string, status string, claim_ids array<string>, body string"
EVENT_SCHEMA = ("story_id string, id string, type string, date string, place string, actor1 string, actor2 string, "
                "fatalities double, body string")
QUOTE_SCHEMA = "story_id string, id string, text string, speaker string, body string"


def entity_rows(row) -> list[tuple]:
    out = []
    for e in json.loads(row["body"]):
        ids = sorted({m["article_id"] for m in e["mentions"]})
        out.append((row["story_id"], e["id"], e["name"], e["type"], e["aliases"], e["roles"], _float(e["lat"]),
                    _float(e["lon"]), e["country"], ids, len(e["mentions"]), json.dumps(e, ensure_ascii=False)))
    return out


def _facts(docs, part: str, to_row):
    from pyspark.sql import functions as F
    return docs.where(F.col("kind") == "facts").rdd.flatMap(
        lambda r: [to_row(r["story_id"], item) for item in json.loads(r["body"]).get(part, [])])


def _float(value) -> float | None:
    """A number column; a range ([low, high]) is left to the `body` column."""
    return float(value) if isinstance(value, (int, float)) else None


def _str(value) -> str | None:
    return None if value is None else str(value)


def claim_row(story_id: str, c: dict) -> tuple:
    return (story_id, c["id"], _str(c.get("measure")), _float(c.get("value")), _str(c.get("unit")),
            _str(c.get("qualifier")), _str(c.get("as_of")), json.dumps(c, ensure_ascii=False))


def measure_row(story_id: str, m: dict) -> tuple:
    return (story_id, m["id"], _str(m.get("label")), _str(m.get("status")), [str(c) for c in m.get("claim_ids", [])],
            json.dumps(m, ensure_ascii=False))


def event_row(story_id: str, e: dict) -> tuple:
    return (story_id, e["id"], _str(e.get("type")), _str(e.get("date")), _str(e.get("place")), _str(e.get("actor1")),
            _str(e.get("actor2")), _float(e.get("fatalities")), json.dumps(e, ensure_ascii=False))


def quote_row(story_id: str, q: dict) -> tuple:
    return (story_id, q["id"], _str(q.get("text")), _str(q.get("speaker")), json.dumps(q, ensure_ascii=False))
