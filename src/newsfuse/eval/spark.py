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
        self._cpu: dict[int, float] = {}  # pid -> CPU seconds last read (its own and its waited children's)
        self._python: set[int] = set()  # the pids that are Python workers
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def cpu_s(self) -> float:
        """CPU seconds of the descendants seen (the JVM and every Python worker), user and system, up
        to the last sample: what the run cost on the machine, whatever the load."""
        return sum(self._cpu.values())

    @property
    def python_pids(self) -> frozenset[int]:
        return frozenset(self._python)

    @property
    def python_cpu_s(self) -> float:
        """The part of `cpu_s` spent in Python workers (the rest is the JVM's: tasks, planning, GC)."""
        return sum(cpu for pid, cpu in self._cpu.items() if pid in self._python)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            pids = _descendants(os.getpid())
            for pid in pids:
                self._cpu[pid] = max(self._cpu.get(pid, 0.0), _cpu_s(pid))
            sizes = {pid: _rss_mb(pid) for pid in pids}
            self._python.update(pid for pid in pids if "pyspark.daemon" in _cmdline(pid))
            workers = [mb for pid, mb in sizes.items() if pid in self._python]
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


def _cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime


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
                partitions: int = 8, sources: Path | None = None) -> dict:
    """Both parts; with `sources` (the tables of an earlier Spark run on the ECB+ JSON Lines this
    bench writes, same `limit`) only the synthetic scale-up, from those articles."""
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
        if sources:
            figures["synthetic"] = scale_up(spark, str(sources), subtopic, synthetic, tmp / "synthetic", partitions)
            return figures
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
            "story_b3_f1_vs_gold": round(b_cubed(subtopic, spark_stories).f1, 4), "cuts": result.cuts,
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


def scale_up(spark, tables: str, topic_of_path: dict[str, str], n: int, out: Path, partitions: int,
             cap: int | None = None) -> dict:
    """Generate n recombined articles on the executors and time the cross-article phases on them."""
    return scale_up_from(spark, *sources_from_tables(tables, topic_of_path), n, out, partitions, cap)


COMPARE_MAX = 100_000  # above this the batch grouping on the driver (every article's features in memory) is skipped


def scale_up_from(spark, sources: list[Article], topic_of: dict[str, str], n: int, out: Path, partitions: int,
                  cap: int | None = None, compare: bool = True) -> dict:
    """`scale_up` from source articles; `compare` also groups the articles on the driver in one batch
    (the single-machine grouping) for the agreement figures, up to `COMPARE_MAX` articles."""
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
        made_cpu, made_python_cpu = memory.cpu_s, memory.python_cpu_s
        analyzed = generated.drop("gold")
        result = finish(spark, analyzed, out, SparkOptions(partitions=partitions, piece_cap=cap))
        seconds = time.perf_counter() - start - made
        time.sleep(2 * memory.every)  # one more sample of every process
    cpu, python_cpu = memory.cpu_s - made_cpu, memory.python_cpu_s - made_python_cpu
    compare = compare and n <= COMPARE_MAX
    # the features only for the driver's batch grouping: at a million articles they are GBs
    columns = ("id", "seq", "features", "duplicate_of", "story_id") if compare else ("id", "story_id")
    rows = spark.read.parquet(f"{result.out}/articles").select(*columns).collect()
    stories = {r["id"]: r["story_id"] for r in rows}
    truth = dict(generated.select("id", "gold").collect())
    generated.unpersist()
    figures = {"articles": result.counts["articles"], "generate_s": round(made, 1),
               "cross_article_s": round(seconds, 1), "cross_article_articles_per_s": round(n / seconds, 1),
               # the JVM's and the Python workers' CPU over the cross-article phases, sampled from /proc
               "cross_article_cpu_s": round(cpu, 1), "cross_article_cpu_ms_per_article": round(1000 * cpu / n, 2),
               "cross_article_python_cpu_s": round(python_cpu, 1),
               # each one imports newsfuse (and the story stages their pipelines: ~1.5 CPU s)
               "python_workers_seen": len(memory.python_pids),
               "load_average_1min": round(os.getloadavg()[0], 1),
               "phases_s": dict(result.seconds), "stories": result.counts["stories"],
               "threads": result.counts["threads"], "peak_executor_rss_mb": round(memory.peak_executor_mb),
               "peak_python_worker_rss_mb": round(memory.peak_worker_mb), "cuts": result.cuts,
               **task_metrics(spark), "story_b3_f1_vs_recombination": round(b_cubed(truth, stories).f1, 4)}
    if compare:
        start = time.process_time()
        batch = batch_grouping(rows)
        figures["single_machine_batch_cpu_s"] = round(time.process_time() - start, 1)
        figures["story_b3_f1_vs_single_machine_batch"] = round(b_cubed(batch, stories).f1, 4)
        figures["single_machine_batch_vs_recombination"] = round(b_cubed(truth, batch).f1, 4)
    return figures


def batch_grouping(rows) -> dict[str, str]:
    """Article id -> story id by the single-machine batch grouping (`stories.grouping.group_vectors`
    over every original at once), with the document frequencies the Spark job uses (all articles,
    copies included); copies take their original's story."""
    from newsfuse.stories.features import StoryFeatures
    from newsfuse.stories.grouping import Units, group_vectors
    from newsfuse.stories.model import ArticleVector, DocFrequencies

    rows = sorted(rows, key=lambda r: (r["seq"], r["id"]))
    features = {r["id"]: StoryFeatures.from_bytes(r["features"]) for r in rows}
    dfs = DocFrequencies.of(features.values())
    order = [r["id"] for r in rows if not r["duplicate_of"]]
    vectors = {a: ArticleVector.of(features[a], dfs) for a in order}
    stories = group_vectors(order, vectors, Units(order)).stories
    return {r["id"]: stories.get(r["duplicate_of"] or r["id"], r["id"]) for r in rows}


def sources_from_tables(tables: str, topic_of_path: dict[str, str]) -> tuple[list[Article], dict[str, str]]:
    """The analyzed articles of a run (text, mentions, re-anchored times) and article id -> topic."""
    import pyarrow.parquet as pq

    mentions: dict[str, list[Mention]] = {}
    for m in pq.read_table(f"{tables}/mentions").to_pylist():
        mentions.setdefault(m["article_id"], []).append(Mention(m["article_id"], m["start"], m["end"], m["text"],
                                                                m["label"]))
    # "FILE#N": the N-th line of the JSON Lines file (the run may have read it from another directory)
    topic_of_line = {path.rpartition("#")[2]: topic for path, topic in topic_of_path.items()}
    sources, topic_of = [], {}
    for r in pq.read_table(f"{tables}/articles").to_pylist():
        line = r["path"].rpartition("#")[2]
        if r["duplicate_of"] or line not in topic_of_line:
            continue
        sources.append(Article(id=r["id"], path=r["path"], raw="", title=r["title"], text=r["text"],
                               source=r["source"], published=r["published"], language=r["language"],
                               mentions=sorted(mentions.get(r["id"], []), key=lambda m: m.start),
                               times=decode(list[TimeExpression], json.loads(r["times"]))))
        topic_of[r["id"]] = topic_of_line[line]
    return sources, topic_of


def synthetic_rows(ids, sources: list[Article], topic_of: dict[str, str]):
    """Analyzed-article rows (`ARTICLE_SCHEMA` plus the gold story key) of synthetic articles `ids`."""
    by_topic = group_by_topic(sources, topic_of)
    for i in ids:
        article, gold = synthetic_article(i, sources, by_topic)
        yield (*article_row(article, i, None), gold)


def task_metrics(spark) -> dict:
    """CPU seconds of every task of the application and the largest task's peak execution memory
    (Spark's task metrics, from the driver's REST API), and each executor's peak memory."""
    import urllib.request

    base = f"{spark.sparkContext.uiWebUrl}/api/v1/applications/{spark.sparkContext.applicationId}"

    def get(path: str):
        try:
            with urllib.request.urlopen(base + path, timeout=30) as answer:
                return json.load(answer)
        except (OSError, ValueError):
            return None

    stages = get("/stages") or []
    cpu_s = sum(st.get("executorCpuTime", 0) for st in stages) / 1e9
    # task time per job description (the phase, or a step of it such as a components round):
    # unlike executorCpuTime it includes the Python workers' time
    by_step: dict[str, float] = {}
    for st in stages:
        step = st.get("description") or "(no phase)"
        by_step[step] = by_step.get(step, 0.0) + st.get("executorRunTime", 0) / 1000
    task_peak = 0
    for st in sorted(stages, key=lambda st: (-st.get("peakExecutionMemory", 0), st["stageId"]))[:5]:
        summary = get(f"/stages/{st['stageId']}/{st['attemptId']}/taskSummary?quantiles=1.0") or {}
        task_peak = max(task_peak, *(summary.get("peakExecutionMemory") or [0]))
    executors = {}
    for ex in get("/allexecutors") or []:
        peak = ex.get("peakMemoryMetrics") or {}
        executors[ex["id"]] = {"task_s": round(ex.get("totalDuration", 0) / 1000, 1),
                               "jvm_heap_peak_mb": round(peak.get("JVMHeapMemory", 0) / 2**20),
                               "jvm_rss_peak_mb": round(peak.get("ProcessTreeJVMRSSMemory", 0) / 2**20),
                               "python_rss_peak_mb": round(peak.get("ProcessTreePythonRSSMemory", 0) / 2**20)}
    return {"task_cpu_s": round(cpu_s, 1), "task_s_by_step": {k: round(v, 1) for k, v in sorted(by_step.items())},
            "largest_task_peak_execution_mb": round(task_peak / 2**20),
            "executors": executors}


def bench_workers(ecbplus: Path, synthetic: int, workers: list[int], limit: int | None = None,
                  partitions: int = 8, worker_memory: str = "3g", sources: Path | None = None) -> dict:
    """The synthetic scale-up on standalone clusters of 1-core workers (one cluster per count in
    `workers`, started here from the PySpark distribution), and the speed-up of each over the first.
    The source articles come from one `local[2]` run on ECB+ (not timed), or from `sources` as in
    `bench_spark`."""
    from newsfuse.spark.standalone import cluster_env, start_cluster

    # executors of 2 GB (the worker's memory less room for Python), with their process trees' RSS
    # measured; the driver collects every article's story and features at the end (50,000: ~0.3 GB)
    os.environ.setdefault("PYSPARK_SUBMIT_ARGS", "--driver-memory 3g --conf spark.executor.memory=2g "
                          "--conf spark.executor.processTreeMetrics.enabled=true pyspark-shell")
    figures: dict = {"synthetic": synthetic, "runs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = tmp / "ecbplus.jsonl"
        subtopic = write_jsonl(ecbplus, source, limit)
        if sources is None:
            spark = session("local[2]", app_name="newsfuse-bench-sources", shuffle_partitions=partitions)
            spark.sparkContext.setLogLevel("ERROR")
            sources = run(spark, str(source), tmp / "ecb", SparkOptions(partitions=partitions)).out
            spark.stop()
        articles, topic_of = sources_from_tables(str(sources), subtopic)
        os.environ.update(cluster_env())  # the driver on loopback too
        for n in workers:
            with start_cluster(tmp / f"cluster-{n}", workers=n, memory=worker_memory) as cluster:
                spark = session(cluster.url, app_name=f"newsfuse-bench-{n}-workers", shuffle_partitions=4 * n)
                spark.sparkContext.setLogLevel("ERROR")
                start = time.process_time()
                load_before = os.getloadavg()[1]
                run_figures = scale_up_from(spark, articles, topic_of, synthetic, tmp / f"out-{n}", partitions,
                                            compare=False)
                run_figures["driver_cpu_s"] = round(time.process_time() - start, 1)
                # the machine's 5-minute load average before and after: other work makes a speed-up a low bound
                run_figures["load_average"] = [round(load_before, 1), round(os.getloadavg()[1], 1)]
                run_figures["cores"] = spark.sparkContext.defaultParallelism
                spark.stop()
            figures["runs"][str(n)] = run_figures
    first = figures["runs"][str(workers[0])]["cross_article_s"]
    figures["speed_up"] = {str(n): round(first / r["cross_article_s"], 2) for n, r in
                           ((int(k), v) for k, v in figures["runs"].items())}
    return figures
