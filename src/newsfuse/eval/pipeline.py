"""`newsfuse bench pipeline`: speed and peak memory of each part of the pipeline on ECB+ texts.

Each phase runs in a fresh process so its peak memory is its own; the spaCy pipeline is loaded
before the clock starts, so the figures are throughput, not start-up time. The whole-pipeline
phase also reports memory per stage: the process's peak RSS when each stage (over all chunks), the
store writes and the story analysis at the end were done, and the largest resident size seen at
their ends, and the CPU seconds each took (`time.process_time`: on a shared machine wall-clock
rates follow the other processes' load, CPU seconds much less, so `pipeline_vs_spacy_cpu` is the
figure to compare runs by). The bare spaCy pass is the pipeline's own parse (`newsfuse.nlp.parse`: same
components, batch sizes and character budget) over the same texts. With `jobs` > 1 the whole
pipeline runs a second time with that many worker processes parsing; their start-up (each loads
spaCy) is inside its clock. `long=N` runs on N long articles (10,000+ characters) made by joining ECB+ documents
of one topic, the size of a long feature or live report.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import resource
import tempfile
import time
from pathlib import Path

from newsfuse.eval.datasets.ecbplus import iter_documents


def write_corpus(ecbplus_dir: Path, folder: Path, limit: int | None = None) -> int:
    """ECB+ documents as plain-text files (first line is the title), as a user would have them."""
    docs = iter_documents(ecbplus_dir)[:limit]
    for doc in docs:
        (folder / f"{doc.name}.txt").write_text(doc.text + "\n", encoding="utf-8")
    return len(docs)


LONG_CHARS = 10_000  # the least characters of a long article


def write_long_corpus(ecbplus_dir: Path, folder: Path, count: int, seed: int = 21) -> int:
    """`count` long articles, each documents of one ECB+ topic drawn at random and joined until it
    holds LONG_CHARS characters (so two articles share few documents and are not copies)."""
    by_topic: dict[int, list] = {}
    for doc in iter_documents(ecbplus_dir):
        by_topic.setdefault(doc.topic, []).append(doc)
    topics = sorted(by_topic)
    rng = random.Random(seed)
    for i in range(count):
        docs = by_topic[topics[i % len(topics)]][:]
        rng.shuffle(docs)
        parts: list[str] = []
        while sum(map(len, parts)) < LONG_CHARS:
            parts.append(docs[len(parts) % len(docs)].text)
        title = f"Long report {i + 1}: " + parts[0].split("\n", 1)[0][:80]
        (folder / f"long_{i:05d}.txt").write_text(title + "\n\n" + "\n\n".join(parts) + "\n", encoding="utf-8")
    return count


def write_synthetic_corpus(ecbplus_dir: Path, folder: Path, count: int, seed: int = 21) -> int:
    """`count` distinct articles recombined from ECB+ sentences (`newsfuse.eval.synthetic`: 4-10
    sentences of 2-3 documents of one event, long words tagged per variant), for runs past the
    772 ECB+ documents."""
    from newsfuse.eval.synthetic import recombine
    from newsfuse.models import Article

    sources, topic_of = [], {}
    for doc in iter_documents(ecbplus_dir):
        title, _, body = doc.text.partition("\n")
        sources.append(Article(id=doc.name, path=doc.name, raw=doc.text, title=title, text=body.strip()))
        topic_of[doc.name] = doc.subtopic
    for article, _ in recombine(sources, topic_of, count, seed=seed):
        (folder / f"{article.id}.txt").write_text(article.title + "\n\n" + article.text + "\n", encoding="utf-8")
    return count


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float | None:
    """The resident size now (Linux), else None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


class StageMemory:
    """Called with a stage's name as it starts (`Options.on_stage`): notes, for the stage that
    just ended, the peak RSS so far, the resident size at its end (largest over chunks) and the
    CPU seconds of this process it took (summed over chunks)."""

    def __init__(self) -> None:
        self.current: str | None = None
        self.peak: dict[str, float] = {}
        self.resident: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._cpu_at = time.process_time()

    def __call__(self, name: str) -> None:
        cpu_now = time.process_time()
        if self.current is not None:
            self.cpu[self.current] = self.cpu.get(self.current, 0.0) + cpu_now - self._cpu_at
            self.peak[self.current] = max(self.peak.get(self.current, 0.0), _peak_mb())
            now = _rss_mb()
            if now is not None:
                self.resident[self.current] = max(self.resident.get(self.current, 0.0), now)
        self.current, self._cpu_at = name, cpu_now


def _phase_ingest_clean(folder: str) -> dict:
    from newsfuse.pipeline.run import Options
    from newsfuse.ingest import read_inputs
    from newsfuse.ingest.extract import article_from_record
    from newsfuse.models import Batch, Rejection
    from newsfuse.pipeline.contract import Pipeline
    from newsfuse.pipeline.stages import CleanStage, LanguageStage, MetadataStage

    from newsfuse.text.language import detect_language

    detect_language("warm up the language detector before the clock starts")
    start = time.perf_counter()
    batch = Batch()
    for item in read_inputs([folder], limits=Options().limits):
        article = item if isinstance(item, Rejection) else article_from_record(item)
        if not isinstance(article, Rejection):
            batch.articles.append(article)
    Pipeline([CleanStage(), LanguageStage(), MetadataStage()]).run(batch)
    return {"articles": len(batch.articles), "seconds": time.perf_counter() - start, "peak_rss_mb": _peak_mb()}


def _phase_spacy(folder: str, model: str | None, stock: bool = True) -> dict:
    """The bare spaCy pass the pipeline is compared with: the same pipeline (components, batch
    sizes, character budget per batch, long texts in parts) over the same texts, nothing else;
    with spaCy's own components (`stock`), or with the attribute ruler read by the pipeline's
    table lookup (`nlp.ruler`), so the report shows both references."""
    from newsfuse.nlp import load_pipeline, parse

    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))]
    load_pipeline(model, stock=stock)
    start, cpu = time.perf_counter(), time.process_time()
    count = sum(1 for _ in parse(texts, model, stock=stock))
    return {"articles": count, "seconds": time.perf_counter() - start, "main_cpu_s": time.process_time() - cpu,
            "peak_rss_mb": _peak_mb()}


def _phase_nlp_stage(folder: str, model: str | None) -> dict:
    from newsfuse.models import Article, Batch
    from newsfuse.nlp import load_pipeline
    from newsfuse.pipeline.stages import NlpStage

    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))]
    batch = Batch([Article(id=str(i), path=str(i), raw=t, text=t) for i, t in enumerate(texts)])
    load_pipeline(model)
    start = time.perf_counter()
    NlpStage(model)(batch)
    return {"articles": len(texts), "seconds": time.perf_counter() - start, "peak_rss_mb": _peak_mb()}


def _phase_whole(folder: str, model: str | None, jobs: int = 1) -> dict:
    from newsfuse.pipeline.run import Options, analyze
    from newsfuse.text.language import detect_language
    from newsfuse.nlp import load_pipeline
    from newsfuse.store import Store

    load_pipeline(model)
    detect_language("warm up the language detector before the clock starts")
    memory = StageMemory()
    memory("start")
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        cpu = _cpu_seconds()
        start = time.perf_counter()
        result = analyze([folder], store, Options(model=model, on_stage=memory, jobs=jobs))
        memory("end")
        seconds = time.perf_counter() - start
        main_cpu, workers_cpu = (after - before for after, before in zip(_cpu_seconds(), cpu))
    return {"articles": len(result.articles), "seconds": seconds, "peak_rss_mb": _peak_mb(),
            "main_cpu_s": main_cpu, "workers_cpu_s": workers_cpu,
            "workers_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "stage_peak_rss_mb": {k: round(v, 1) for k, v in memory.peak.items()},
            "stage_resident_mb": {k: round(v, 1) for k, v in memory.resident.items()},
            "stage_cpu_s": {k: round(v, 2) for k, v in memory.cpu.items() if k != "start"}}


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user and system) of this process, and of its children that ended (the
    `--jobs` workers, once the run has joined them)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _in_fresh_process(function, *args) -> dict:
    """`function(*args)` in a new process (not a pool's: a daemon process cannot start the
    `--jobs` workers)."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_send_result, args=(send, function, args))
    process.start()
    send.close()
    try:
        kind, value = receive.recv()
    except EOFError:
        process.join()
        kind, value = "error", f"the benchmark process ended with exit code {process.exitcode}"
    process.join()
    if kind == "error":
        raise RuntimeError(value)
    return value


def _send_result(send, function, args) -> None:
    try:
        send.send(("ok", function(*args)))
    except BaseException as exc:  # noqa: BLE001 - reported by the parent
        send.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()


def _cpu_rates(pipeline: dict, spacy: dict) -> dict:
    """Articles per CPU second of the single-process pipeline and of the bare spaCy pass, and their ratio."""
    whole = pipeline["articles"] / pipeline["main_cpu_s"] if pipeline["main_cpu_s"] else 0.0
    bare = spacy["articles"] / spacy["main_cpu_s"] if spacy["main_cpu_s"] else 0.0
    return {"articles_per_cpu_s": round(whole, 2), "spacy_articles_per_cpu_s": round(bare, 2),
            "pipeline_vs_spacy_cpu": round(whole / bare, 3) if bare else 0.0}


def _jobs_cpu(phase: dict, single_cpu: float, jobs: int) -> dict:
    """The CPU seconds of a `--jobs` run's main process and of all its processes, the main
    process' share of them, and the most speed-up over the single process they allow on `jobs`
    idle cores (`jobs_cpu_bound`: the run takes at least its main process' CPU time, and at least
    its total over the cores). An upper bound: a phase where the workers wait for the main process
    (or it for them) is not in it, so it moves with the total CPU, not with the serial part."""
    main, total = phase["main_cpu_s"], phase["main_cpu_s"] + phase["workers_cpu_s"]
    bound = max(main, total / jobs)
    return {"jobs_main_cpu_s": round(main, 1), "jobs_total_cpu_s": round(total, 1),
            "jobs_single_cpu_s": round(single_cpu, 1),
            "jobs_main_cpu_share": round(main / total, 3) if total else 0.0,
            "jobs_cpu_bound": round(single_cpu / bound, 3) if bound else 0.0}


def bench_pipeline(ecbplus_dir: Path, model: str | None = None, limit: int | None = None,
                   long: int | None = None, jobs: int | None = None) -> dict:
    """The figures on ECB+ documents (the first `limit`), or on `long` long articles made of them;
    the whole pipeline once in one process and once with `jobs` processes parsing (default: the
    cores; 1: the single-process run only)."""
    from newsfuse.pipeline.workers import default_jobs

    jobs = jobs or default_jobs()
    with tempfile.TemporaryDirectory() as folder:
        if long:
            count = write_long_corpus(Path(ecbplus_dir), Path(folder), long)
        else:
            count = write_corpus(Path(ecbplus_dir), Path(folder), limit)
        chars = sum(p.stat().st_size for p in Path(folder).glob("*.txt"))
        phases = {
            "ingest_clean": _in_fresh_process(_phase_ingest_clean, folder),
            "spacy": _in_fresh_process(_phase_spacy, folder, model),
            "spacy_lookup": _in_fresh_process(_phase_spacy, folder, model, False),
            "nlp": _in_fresh_process(_phase_nlp_stage, folder, model),
            "pipeline": _in_fresh_process(_phase_whole, folder, model, 1),
        }
        if jobs > 1:
            phases["pipeline_jobs"] = _in_fresh_process(_phase_whole, folder, model, jobs)
    rate = {name: p["articles"] / p["seconds"] if p["seconds"] else 0.0 for name, p in phases.items()}
    figures = {
        "documents": count,
        "text_mb": round(chars / 2**20, 2),
        "articles_per_s": round(rate["pipeline"], 1),
        "spacy_articles_per_s": round(rate["spacy"], 1),
        "ingest_clean_articles_per_s": round(rate["ingest_clean"], 1),
        "nlp_articles_per_s": round(rate["nlp"], 1),
        "pipeline_vs_spacy": round(rate["pipeline"] / rate["spacy"], 3) if rate["spacy"] else 0.0,
        # the same per CPU second of the process (less moved by the machine's load than the above)
        **_cpu_rates(phases["pipeline"], phases["spacy"]),
        # against a spaCy pass that reads the attribute ruler by the pipeline's own table lookup
        "spacy_lookup_articles_per_s": round(rate["spacy_lookup"], 1),
        "pipeline_vs_spacy_lookup_cpu": _cpu_rates(phases["pipeline"], phases["spacy_lookup"])["pipeline_vs_spacy_cpu"],
    }
    if jobs > 1:
        figures.update({
            "jobs": jobs,
            "jobs_articles_per_s": round(rate["pipeline_jobs"], 1),
            "jobs_vs_single": round(rate["pipeline_jobs"] / rate["pipeline"], 3) if rate["pipeline"] else 0.0,
            "jobs_worker_peak_rss_mb": round(phases["pipeline_jobs"]["workers_peak_rss_mb"], 1),
            # the critical path, free of the machine's load: the main process (dedup, grouping, the
            # store, entity linking) runs alone, the rest is shared out to the workers
            **_jobs_cpu(phases["pipeline_jobs"], phases["pipeline"]["main_cpu_s"], jobs),
        })
    figures.update({
        "peak_rss_mb": round(max(p["peak_rss_mb"] for p in phases.values()), 1),
        "phase_peak_rss_mb": {name: round(p["peak_rss_mb"], 1) for name, p in phases.items()},
        "stage_peak_rss_mb": phases["pipeline"]["stage_peak_rss_mb"],
        "stage_resident_mb": phases["pipeline"]["stage_resident_mb"],
        "stage_cpu_s": phases["pipeline"]["stage_cpu_s"],
    })
    return figures
