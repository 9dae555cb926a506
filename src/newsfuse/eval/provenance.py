"""The provenance benchmark: publisher and credit detection, copies (`derived_from`) and the
independent sources of each story, on a corpus with the true origins (tests/data/provenance,
written in our own words: agency wires, republishing sites, rewrites with new leads, lifted
paragraphs, independent reports), the cost per article of the copy index at scale, and what
provenance adds to the whole pipeline's time (`pipeline_cost`)."""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
import random
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from pathlib import Path
from unittest import mock

from newsfuse.facts.provenance import origin_resolver
from newsfuse.models import Article
from newsfuse.pipeline.stages import MetadataStage
from newsfuse.stories.copies import CopyIndex

CORPUS = Path(__file__).resolve().parents[3] / "tests" / "data" / "provenance" / "corpus.json"


def load_corpus(path: Path = CORPUS) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["articles"]


def analyse(records: list[dict]) -> list[Article]:
    """The corpus through metadata inference and the copy index, in corpus order."""
    stage, index, articles = MetadataStage(), CopyIndex(), []
    for record in records:
        article = Article(id=record["id"], path=record["id"] + ".txt", raw=record["text"], text=record["text"],
                          url=record.get("url"), source=record.get("source"))
        stage.process(article)
        article.derived_from = index.add(article.id, article.text)
        articles.append(article)
    return articles


def _story(article_id: str) -> str:
    return article_id.split("-")[0]


def score(records: list[dict], articles: list[Article]) -> dict[str, float]:
    truth = {r["id"]: r["truth"] for r in records}
    publisher_ok = sum(a.publisher == truth[a.id]["publisher"] for a in articles)
    credits_ok = sum(sorted(a.credits) == sorted(truth[a.id]["credits"]) for a in articles)
    found = {(a.id, d[0]) for a in articles for d in a.derived_from}
    gold = {(aid, d) for aid, t in truth.items() for d in t["derived_from"]}
    origin = origin_resolver(articles)
    origin_ok = sum(origin(a.id, 0) == truth[a.id]["origin"] for a in articles)
    stories: dict[str, tuple[set, set]] = {}
    for a in articles:
        got, want = stories.setdefault(_story(a.id), (set(), set()))
        got.add(origin(a.id, 0))
        want.add(truth[a.id]["origin"])
    n = len(articles)
    return {
        "articles": n,
        "publisher accuracy": round(publisher_ok / n, 3),
        "credits accuracy": round(credits_ok / n, 3),
        "derived_from precision": round(len(found & gold) / len(found), 3) if found else 0.0,
        "derived_from recall": round(len(found & gold) / len(gold), 3) if gold else 1.0,
        "article origin accuracy": round(origin_ok / n, 3),
        "independent_sources exact (stories)": round(sum(g == w for g, w in stories.values()) / len(stories), 3),
    }


def true_origin(record: dict, offset: int) -> str:
    """The origin of what `record`'s text says at `offset`, by hand: the passage's (`truth.passages`:
    a paragraph attributed to an agency or lifted from a wire), else the article's."""
    for passage in record["truth"].get("passages", []):
        start = record["text"].find(passage["text"])
        if start >= 0 and start <= offset < start + len(passage["text"]):
            return passage["origin"]
    return record["truth"]["origin"]


def story_facts(articles: list[Article]) -> dict[str, dict]:
    """Each story's facts document (the facts stage and cross-check over its articles), by story."""
    from newsfuse.facts import cross_check, facts_to_dicts, read_facts
    from newsfuse.nlp import mentions_from_doc, parse

    found: dict[str, list] = {}
    for article, doc in zip(articles, parse(a.text for a in articles)):
        article.mentions = mentions_from_doc(article.id, doc)
        found.setdefault(_story(article.id), []).append((article, read_facts(article, doc)))
    documents = {}
    for story, items in found.items():
        facts = [f for _, f in items]
        documents[story] = facts_to_dicts(cross_check([a for a, _ in items], [c for f in facts for c in f.claims],
                                                      [e for f in facts for e in f.events],
                                                      [q for f in facts for q in f.quotes]))
    return documents


def fact_score(records: list[dict], articles: list[Article]) -> dict[str, float]:
    """Share of the figures (claims), events and quotes the facts stage finds whose
    `independent_sources` are exactly the true origins of the sentences they stand on."""
    by_id = {r["id"]: r for r in records}
    exact: dict[str, list[bool]] = {"claims": [], "events": [], "quotes": []}
    for document in story_facts(articles).values():
        for kind, results in exact.items():
            for fact in document[kind]:
                want = sorted({true_origin(by_id[s["article_id"]], s["start"]) for s in fact["sources"]})
                results.append(fact["independent_sources"] == want)
    figures = {"figures": len(exact["claims"])}
    for kind, label in (("claims", "figures"), ("events", "events"), ("quotes", "quotes")):
        if exact[kind]:
            figures[f"independent_sources exact ({label})"] = round(sum(exact[kind]) / len(exact[kind]), 3)
    return figures


def copy_cost(n: int, seed: int = 7) -> dict[str, float]:
    """Milliseconds per article for the copy index over `n` generated articles (a third lift a
    paragraph of an earlier one), first and last thousand: flat cost means the two are alike."""
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(5000)]
    index, texts, times = CopyIndex(), [], []
    for i in range(n):
        text = " ".join(rng.choice(words) for _ in range(250))
        if texts and i % 3 == 0:
            text += " " + rng.choice(texts)[:600]
        texts.append(text)
        start = time.perf_counter()
        index.add(f"a{i}", text)
        times.append(time.perf_counter() - start)
    k = min(1000, n)
    return {"articles indexed": n, "ms per article (first 1,000)": round(1000 * sum(times[:k]) / k, 3),
            "ms per article (last 1,000)": round(1000 * sum(times[-k:]) / k, 3)}


# --- what provenance adds to the whole pipeline ---------------------------------------------------
# The provenance work of a store run, by where the pipeline calls it: publisher and credits at the
# metadata stage, the copy index at the dedup stage and when the store writes it, the origins
# (copies, credits, attributions) and their annotation when stories and threads are analysed.
PROVENANCE_CALLS: tuple[tuple[str, str], ...] = (
    ("newsfuse.pipeline.stages", "infer_publisher"), ("newsfuse.pipeline.stages", "infer_credits"),
    ("newsfuse.pipeline.stages", "shingles"), ("newsfuse.pipeline.stages", "copied_from"),
    ("newsfuse.pipeline.indexes", "shingles"), ("newsfuse.pipeline.indexes", "StoreDuplicates.copy_holders"),
    ("newsfuse.facts.story", "origin_resolver"), ("newsfuse.facts.provenance", "origin_resolver"),
    ("newsfuse.facts.story", "annotate"), ("newsfuse.pipeline.analysis", "annotate"),
)
# Stand-ins doing none of that work, for the run without provenance: no publisher, no credits, no
# shingles (so no copies, nothing stored), every article its own origin, nothing annotated.
_WITHOUT: dict[str, Callable] = {
    "infer_publisher": lambda *args, **kwargs: None, "infer_credits": lambda *args, **kwargs: [],
    "shingles": lambda text: set(), "copied_from": lambda *args, **kwargs: [],
    "copy_holders": lambda self, values: {}, "origin_resolver": lambda articles: (lambda article_id, offset: article_id),
    "annotate": lambda *args, **kwargs: None,
}


class Stopwatch:
    """CPU time spent inside the functions it wraps; a wrapped call made inside another counts once.
    (CPU time, not the clock: on a machine shared with other work the clock measures the others too.)"""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._inside = False

    def wrap(self, function: Callable, *, returns_function: bool = False) -> Callable:
        @functools.wraps(function)
        def timed(*args, **kwargs):
            if self._inside:
                return function(*args, **kwargs)
            self._inside, start = True, time.process_time()
            try:
                result = function(*args, **kwargs)
            finally:
                self.seconds += time.process_time() - start
                self._inside = False
            return self.wrap(result) if returns_function else result  # origin_resolver's resolver
        return timed


@contextmanager
def provenance_switch(enabled: bool, watch: Stopwatch | None = None):
    """The pipeline with its provenance calls timed by `watch` (enabled) or replaced by stand-ins."""
    import importlib

    with ExitStack() as stack:
        for module, path in PROVENANCE_CALLS:
            owner = importlib.import_module(module)
            *classes, name = path.split(".")
            for cls in classes:
                owner = getattr(owner, cls)
            original = getattr(owner, name)
            if enabled:
                replacement = watch.wrap(original, returns_function=name == "origin_resolver") if watch else original
            else:
                replacement = _WITHOUT[name]
            stack.enter_context(mock.patch.object(owner, name, replacement))
        yield


def write_pipeline_corpus(folder: Path, records: list[dict], ecbplus: Path | None, limit: int) -> int:
    """The provenance corpus as a JSON Lines file, and the first `limit` ECB+ documents as text files."""
    with (folder / "provenance.jsonl").open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps({"title": record["id"], "text": record["text"], "url": record.get("url"),
                                  "source": record.get("source"), "published": "2024-03-04"}) + "\n")
    count = len(records)
    if ecbplus is not None and limit:
        from newsfuse.eval.pipeline import write_corpus

        count += write_corpus(ecbplus, folder, limit)
    return count


def _timed_runs(folder: str, repeat: int) -> dict[bool, list[dict]]:
    """The store run over `folder`, with provenance and without, alternately, `repeat` times each
    (spaCy loaded before the first clock starts; a fresh store each time)."""
    # one process: the switch patches this process's functions (and a pool's worker cannot have its own)
    os.environ["NEWSFUSE_JOBS"] = "1"
    from newsfuse.nlp import load_pipeline
    from newsfuse.pipeline.run import analyze
    from newsfuse.store import Store
    from newsfuse.text.language import detect_language

    load_pipeline(None)
    detect_language("warm up the language detector before the clock starts")
    runs: dict[bool, list[dict]] = {True: [], False: []}
    for enabled in [True, False] * repeat:
        watch = Stopwatch()
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store, \
                provenance_switch(enabled, watch):
            start, cpu = time.perf_counter(), time.process_time()
            result = analyze([folder], store)
            runs[enabled].append({"articles": len(result.articles), "seconds": time.perf_counter() - start,
                                  "cpu": time.process_time() - cpu, "provenance_cpu": watch.seconds})
    return runs


def pipeline_cost(records: list[dict], ecbplus: Path | None = None, limit: int = 200,
                  repeat: int = 1) -> dict[str, float]:
    """The whole store run (ingest to stories) over the provenance corpus and `limit` ECB+ documents,
    with provenance and without it (its calls replaced by stand-ins), alternately `repeat` times
    in one fresh process, the one using least CPU of each kept; and, in the run with it, the CPU
    time spent inside the provenance calls (less skewed by a loaded machine than the difference
    of two runs)."""
    with tempfile.TemporaryDirectory() as folder:
        count = write_pipeline_corpus(Path(folder), records, ecbplus, limit)
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            runs = pool.apply(_timed_runs, (folder, repeat))
    with_it = min(runs[True], key=lambda r: r["cpu"])
    without = min(runs[False], key=lambda r: r["cpu"])
    n = with_it["articles"] or 1
    rest = with_it["cpu"] - with_it["provenance_cpu"]
    return {
        "pipeline articles": count,
        "pipeline runs (each way)": repeat,
        "pipeline ms per article (clock, with provenance)": round(1000 * with_it["seconds"] / n, 1),
        "pipeline CPU ms per article (with provenance)": round(1000 * with_it["cpu"] / n, 1),
        "pipeline CPU ms per article (without)": round(1000 * without["cpu"] / n, 1),
        "pipeline CPU time with / without provenance": round(with_it["cpu"] / without["cpu"], 3),
        "provenance CPU ms per article (timed in the run)": round(1000 * with_it["provenance_cpu"] / n, 2),
        "provenance share of pipeline CPU time": round(with_it["provenance_cpu"] / rest, 3) if rest > 0 else 0.0,
    }


def bench_provenance(path: Path = CORPUS, scale: int = 10_000, ecbplus: Path | None = None,
                     pipeline: int | None = 200, repeat: int = 1) -> dict[str, float]:
    """Scores on the corpus; the copy index's cost at `scale` articles; and, unless `pipeline` is
    None, what provenance adds to the whole pipeline over the corpus and `pipeline` ECB+ documents."""
    records = load_corpus(path)
    articles = analyse(records)
    figures = score(records, articles)
    figures.update(fact_score(records, articles))
    if scale:
        figures.update(copy_cost(scale))
    if pipeline is not None:
        figures.update(pipeline_cost(records, ecbplus, pipeline, repeat))
    return figures
