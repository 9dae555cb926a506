"""`newsfuse bench scale`: the store at archive size (issue #21 item 3), built without NLP.

The synthetic store of `eval.web` (demo sentences recombined, with mentions and analysis documents)
is written in batches of 1,000 stories (bounded memory, one transaction each). At `base` stored
articles and again at the full size it measures:
- `ingest`: CPU ms per new article of what a run does after the NLP step: storing it (rows,
  full-text index), filing it in a story (the grouping index), copying the story records and
  linking the story's entities to the store-wide index. The bulk articles are stored but not
  grouped nor linked (filing a million articles one by one takes hours): the grouping and entity
  indexes hold only the measured articles; `bench stories --scale` and `bench entities --scale`
  measure those indexes' growth.
- `stories_s`, `search_*_s`: wall seconds of `newsfuse stories` and `newsfuse search` in a fresh
  process (`stories_first_page_s`: until its first 50 lines);
- story page p50/p95 with the page cache off, from `eval.web`'s closed-loop clients.
Not a test: it reports figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsfuse.codec import encode
from newsfuse.entities.index import EntityIndex, canonical_entities
from newsfuse.eval.corrections import _entities
from newsfuse.eval.web import bench_web, synthetic_batches, write_batch
from newsfuse.models import Article
from newsfuse.pipeline.grouping import Grouper, story_index, sync_stories
from newsfuse.store import PlainRows, Store

BATCH_STORIES = 1000
PER_STORY = 5
PROBE_SEED = 11  # the measured articles: other recombinations than the bulk's
KINDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "NORP": "group"}
FIRST_PAGE_LINES = 50


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from newsfuse.cli.main import main; sys.argv[0] = 'newsfuse'; main()",
            *args]


def fill(store: Store, upto: int, stored: int, seed: int = 7) -> int:
    """Add synthetic articles until the store holds `upto` (from `stored`); returns the new count."""
    first = stored // PER_STORY
    for batch in synthetic_batches(upto - stored, PER_STORY, seed=seed + first, batch_stories=BATCH_STORIES,
                                   first_story=first):
        write_batch(store, batch)
    return upto


def ingest_cost(store: Store, articles: list[Article], batch: int = 20) -> dict:
    """CPU and wall ms per article of storing, grouping and linking these articles, `batch` per transaction."""
    grouper, index = Grouper(store), story_index(store)
    c0, t0 = time.process_time(), time.perf_counter()
    for at in range(0, len(articles), batch):
        chunk = articles[at:at + batch]
        with store.atomic() as conn:
            store.add_articles(chunk, conn)
            grouper.assign(chunk, conn)
            touched = sorted({a.story_id for a in chunk})
            sync_stories(store, index, touched)
            entity_index = EntityIndex(PlainRows(conn))
            for story_id in touched:
                members = store.articles(ids=index.members(story_id))
                linked = canonical_entities(entity_index, story_id, _entities(members, KINDS))
                store.put_analysis("story", story_id, "entities", encode(linked), conn)
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    return {"cpu_ms_per_article": round(1000 * cpu / len(articles), 2),
            "wall_ms_per_article": round(1000 * wall / len(articles), 2)}


def probe_articles(n: int, number: int) -> list[Article]:
    """`n` new articles (ids and stories of their own), the `number`-th probe's."""
    first = 50_000_000 + number * 100_000  # story numbers no fill reaches
    return [a for made, *_ in synthetic_batches(n, PER_STORY, seed=PROBE_SEED + number, first_story=first)
            for a in made]


def timed_command(args: list[str], first_lines: int = 0) -> dict:
    """Wall seconds of a newsfuse command in a fresh process (and until its first `first_lines` lines)."""
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    t0 = time.perf_counter()
    process = subprocess.Popen(_cli(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    lines, first = 0, None
    for _ in process.stdout:
        lines += 1
        if lines == first_lines:
            first = time.perf_counter() - t0
    process.wait()
    took = time.perf_counter() - t0
    if process.returncode:
        raise RuntimeError(f"{' '.join(args[:2])} failed: {process.stderr.read().decode(errors='replace')[-500:]}")
    out = {"s": round(took, 2), "lines": lines}
    if first_lines:
        out["first_page_s"] = round(first if first is not None else took, 2)
    return out


def read_figures(db: Path, common: str, rare: str) -> dict:
    figures: dict = {}
    stories = timed_command(["stories", "--db", str(db)], FIRST_PAGE_LINES)
    figures.update({"stories_s": stories["s"], "stories_first_page_s": stories["first_page_s"],
                    "stories_lines": stories["lines"]})
    for name, word in (("common", common), ("rare", rare)):
        figures[f"search_{name}_s"] = timed_command(["search", word, "--db", str(db)])["s"]
    with Store(db) as store:
        for name, word in (("common", common), ("rare", rare)):
            hits = store.search(word)
            figures[f"search_{name}_matches"] = hits.matching
    return figures


def bench_scale(articles: int = 1_000_000, base: int = 10_000, probe: int = 200, *, clients: int = 10,
                seconds: float = 20.0, db: Path | None = None, keep: bool = False,
                common: str = "the", rare: str = "Achterberg") -> dict:
    """Figures at `base` stored articles and at `articles`; the store is deleted unless `keep`."""
    figures: dict = {"articles": articles, "base": base, "probe_articles": probe, "clients": clients,
                     "seconds": seconds, "load_start": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory(dir=None if db is None else Path(db).parent) as tmp:
        path = Path(db) if db is not None else Path(tmp) / "scale.db"
        t0 = time.perf_counter()
        with Store(path) as store:
            store.conn.execute("PRAGMA cache_size = -262144")  # 256 MB while building
            stored = fill(store, base, 0)
            figures["ingest_at_base"] = ingest_cost(store, probe_articles(probe, 0))
            stored = fill(store, articles, stored)
            figures["build_s"] = round(time.perf_counter() - t0, 1)
            figures["ingest_at_full"] = ingest_cost(store, probe_articles(probe, 1))
            figures["stored_articles"] = store.count_articles()
        figures["ingest_cpu_ratio"] = round(figures["ingest_at_full"]["cpu_ms_per_article"]
                                            / figures["ingest_at_base"]["cpu_ms_per_article"], 2)
        figures["db_mb"] = round(sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6)
        figures.update(read_figures(path, common, rare))
        web = bench_web(articles, clients, seconds, cache_mb=0, db=path)
        figures.update({"story_p50_ms": web["story p50 ms"], "story_p95_ms": web["story p95 ms"],
                        "all_p95_ms": web["all p95 ms"], "web_requests": web["requests"],
                        "web_failures": web["failures"], "load_end": round(os.getloadavg()[0], 2)})
        if web.get("first errors"):
            figures["web_errors"] = web["first errors"]
        if not keep and db is not None:
            for leftover in path.parent.glob(path.name + "*"):
                leftover.unlink()
    figures["targets"] = "ingest ratio <= 1.5; story p95 < 300 ms; stories and search < 1 s"
    return figures
