"""`newsfuse bench pipeline`: speed and peak memory of each part of the pipeline on ECB+ texts.

Each phase runs in a fresh process so its peak memory is its own; the spaCy pipeline is loaded
before the clock starts, so the figures are throughput, not start-up time.
"""

from __future__ import annotations

import multiprocessing
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


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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


def _phase_spacy(folder: str, model: str | None) -> dict:
    from newsfuse.nlp import load_pipeline

    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))]
    nlp = load_pipeline(model)
    start = time.perf_counter()
    count = sum(1 for _ in nlp.pipe(texts, batch_size=64))
    return {"articles": count, "seconds": time.perf_counter() - start, "peak_rss_mb": _peak_mb()}


def _phase_nlp_stage(folder: str, model: str | None) -> dict:
    from newsfuse.models import Article, Batch
    from newsfuse.nlp import NlpStage, load_pipeline

    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))]
    batch = Batch([Article(id=str(i), path=str(i), raw=t, text=t) for i, t in enumerate(texts)])
    load_pipeline(model)
    start = time.perf_counter()
    NlpStage(model)(batch)
    return {"articles": len(texts), "seconds": time.perf_counter() - start, "peak_rss_mb": _peak_mb()}


def _phase_whole(folder: str, model: str | None) -> dict:
    from newsfuse.pipeline.run import Options, analyze
    from newsfuse.text.language import detect_language
    from newsfuse.nlp import load_pipeline
    from newsfuse.store import Store

    load_pipeline(model)
    detect_language("warm up the language detector before the clock starts")
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        start = time.perf_counter()
        result = analyze([folder], store, Options(model=model))
        seconds = time.perf_counter() - start
    return {"articles": len(result.articles), "seconds": seconds, "peak_rss_mb": _peak_mb()}


def _in_fresh_process(function, *args) -> dict:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def bench_pipeline(ecbplus_dir: Path, model: str | None = None, limit: int | None = None) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        count = write_corpus(Path(ecbplus_dir), Path(folder), limit)
        phases = {
            "ingest_clean": _in_fresh_process(_phase_ingest_clean, folder),
            "spacy": _in_fresh_process(_phase_spacy, folder, model),
            "nlp": _in_fresh_process(_phase_nlp_stage, folder, model),
            "pipeline": _in_fresh_process(_phase_whole, folder, model),
        }
    rate = {name: p["articles"] / p["seconds"] if p["seconds"] else 0.0 for name, p in phases.items()}
    return {
        "documents": count,
        "articles_per_s": round(rate["pipeline"], 1),
        "spacy_articles_per_s": round(rate["spacy"], 1),
        "ingest_clean_articles_per_s": round(rate["ingest_clean"], 1),
        "nlp_articles_per_s": round(rate["nlp"], 1),
        "pipeline_vs_spacy": round(rate["pipeline"] / rate["spacy"], 3) if rate["spacy"] else 0.0,
        "peak_rss_mb": round(max(p["peak_rss_mb"] for p in phases.values()), 1),
        "phase_peak_rss_mb": {name: round(p["peak_rss_mb"], 1) for name, p in phases.items()},
    }
