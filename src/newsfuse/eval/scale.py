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
- `stories_s`, `search_*_s`: wall (and CPU) seconds of `newsfuse stories` and `newsfuse search` in a fresh
  process (`stories_first_page_s`: until its first 50 lines);
- story page p50/p95 with the page cache off, from `eval.web`'s closed-loop clients (and the p95
  of the list pages served beside them: story lists, searches, threads).
Not a test: it reports figures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsfuse.codec import encode
from newsfuse.entities.index import EntityIndex, canonical_entities
from newsfuse.errors import NewsfuseError
from newsfuse.eval.corrections import _entities
from newsfuse.eval.web import bench_web, synthetic_batches, write_batch
from newsfuse.models import Article
from newsfuse.pipeline.grouping import Grouper, story_index, sync_stories
from newsfuse.store import PlainRows, Store
from newsfuse.stories.summary import fingerprint

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


def grow(store: Store, upto: int, stored: int) -> int:
    """Copy the stored stories (articles, mentions, analysis documents) under new ids, whole, until
    the store holds at least `upto` articles (returns how many). The copy is made by SQLite
    (`INSERT ... SELECT`, `BATCH_STORIES` stories a transaction), so the full-text index does the
    same work as for new articles while Python touches only the analysis documents, whose article
    ids are renamed and whose summary fingerprint is made anew: 1,000,000 articles in minutes, in
    bounded memory."""
    # the originals (not the probes', nor copies); a store grown before goes on with new copy numbers
    sources = [r[0] for r in store.conn.execute(
        "SELECT id FROM stories WHERE id GLOB 's-bench*' AND id NOT GLOB '*-c[0-9]*' ORDER BY id")]
    copy = store.conn.execute("SELECT COALESCE(MAX(CAST(substr(id, instr(id, '-c') + 2) AS INTEGER)), 0) FROM stories "
                              "WHERE id GLOB 's-bench*-c[0-9]*'").fetchone()[0]
    while stored < upto and sources:
        copy += 1
        for at in range(0, len(sources), BATCH_STORIES):
            if stored >= upto:
                break
            stored += _copy_stories(store, sources[at:at + BATCH_STORIES], f"c{copy}", upto - stored)
    return stored


def _copy_stories(store: Store, story_ids: list[str], tag: str, most: int) -> int:
    """Copies of these stories (at most about `most` articles, whole stories) in one transaction; returns the articles copied."""
    conn = store.conn
    sizes = dict(conn.execute("SELECT story_id, COUNT(*) FROM articles WHERE story_id IN (SELECT value FROM json_each(?)) "
                              "GROUP BY story_id", (json.dumps(story_ids),)))
    chosen, count = [], 0
    for story_id in story_ids:
        if count >= most:
            break
        chosen.append(story_id)
        count += sizes.get(story_id, 0)
    ids = json.dumps(chosen)
    members = "SELECT id FROM articles WHERE story_id IN (SELECT value FROM json_each(?))"
    with store.atomic() as conn:
        first = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]
        conn.execute(
            """INSERT INTO articles (id, seq, path, url, title, text, raw, source, published, language, inferred,
                   content_hash, duplicate_of, story_id, ingested_at, publisher, credits, derived_from)
               SELECT id || :tag, :first + row_number() OVER (ORDER BY seq), path || '#' || :tag, url, title, text, raw,
                   source, published, language, inferred, content_hash || '-' || :tag, duplicate_of || :tag,
                   story_id || '-' || :tag, ingested_at, publisher, credits, derived_from
               FROM articles WHERE story_id IN (SELECT value FROM json_each(:ids)) ORDER BY seq""",
            {"tag": tag, "first": first, "ids": ids})
        for table, columns in (("mentions", "start, end, text, label"), ("removed", "start, end, reason, text"),
                               ("times", "start, end, text, type, value")):
            conn.execute(f"INSERT INTO {table} SELECT article_id || ?, {columns} FROM {table} "
                         f"WHERE article_id IN ({members}) ORDER BY rowid", (tag, ids))
        conn.execute("INSERT OR REPLACE INTO stories SELECT id || '-' || ?, title, thread_id || '-' || ?, date_start, "
                     "date_end FROM stories WHERE id IN (SELECT value FROM json_each(?))", (tag, tag, ids))
        conn.execute("INSERT OR REPLACE INTO threads SELECT id || '-' || ?, title FROM threads WHERE id IN "
                     "(SELECT thread_id FROM stories WHERE id IN (SELECT value FROM json_each(?)))", (tag, ids))
        texts: dict[str, list[tuple]] = {}
        for row in conn.execute("SELECT story_id, id, source, duplicate_of, text FROM articles WHERE story_id IN "
                                "(SELECT value FROM json_each(?)) ORDER BY seq", (ids,)):
            texts.setdefault(row[0], []).append(tuple(row[1:]))
        for story_id, kind, body in conn.execute(
                "SELECT key, kind, body FROM analysis WHERE scope = 'story' AND kind IN ('facts', 'timeline', 'summary') "
                "AND key IN (SELECT value FROM json_each(?)) ORDER BY key, kind", (ids,)).fetchall():
            renamed = [(i + tag, source, f"{dup}{tag}" if dup else None, text)
                       for i, source, dup, text in texts.get(story_id, [])]
            for (old, *_), (new, *_) in zip(texts.get(story_id, []), renamed):
                body = body.replace(f'"{old}"', f'"{new}"')
            document = json.loads(body)
            if kind == "summary":
                document["fingerprint"] = fingerprint([Article(id=i, path="", raw="", title="", text=text, source=source,
                                                               duplicate_of=dup) for i, source, dup, text in renamed])
            store.put_analysis("story", f"{story_id}-{tag}", kind, document, conn)
    return count


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
    """Wall and CPU seconds of a newsfuse command in a fresh process (and wall seconds until its
    first `first_lines` lines); the CPU time says what the wall time would be on a free core."""
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    t0 = time.perf_counter()
    process = subprocess.Popen(_cli(*args), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    lines, first = 0, None
    for _ in process.stdout:
        lines += 1
        if lines == first_lines:
            first = time.perf_counter() - t0
    _, status, usage = os.wait4(process.pid, 0)
    took = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: a search that found nothing is no failure
        raise RuntimeError(f"newsfuse {' '.join(args[:2])} failed ({status})")
    out = {"s": round(took, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2), "lines": lines}
    if first_lines:
        out["first_page_s"] = round(first if first is not None else took, 2)
    return out


def read_figures(db: Path, common: str, rare: str) -> dict:
    figures: dict = {}
    start = timed_command(["--version"])  # what any command costs before it reads the store
    figures.update({"startup_s": start["s"], "startup_cpu_s": start["cpu_s"]})
    stories = timed_command(["stories", "--db", str(db)], FIRST_PAGE_LINES)
    figures.update({"stories_s": stories["s"], "stories_cpu_s": stories["cpu_s"],
                    "stories_first_page_s": stories["first_page_s"], "stories_lines": stories["lines"]})
    for name, word in (("common", common), ("rare", rare)):
        found = timed_command(["search", word, "--db", str(db)])
        figures.update({f"search_{name}_s": found["s"], f"search_{name}_cpu_s": found["cpu_s"]})
    with Store(db) as store:
        for name, word in (("common", common), ("rare", rare)):
            figures[f"search_{name}_matches"] = store.search(word).matching
    return figures


def bench_scale(articles: int = 1_000_000, base: int = 10_000, probe: int = 200, *, clients: int = 10,
                seconds: float = 20.0, db: Path | None = None, common: str = "the", rare: str = "Achterberg") -> dict:
    """Figures at `base` stored articles and at `articles`. The store is built in a temporary folder
    and deleted, or at `db` and kept; a store already at `db` is measured as it is (reads only)."""
    figures: dict = {"articles": articles, "base": base, "probe_articles": probe, "clients": clients,
                     "seconds": seconds, "load_start": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(db) if db is not None else Path(tmp) / "scale.db"
        if not path.exists():
            t0, c0 = time.perf_counter(), time.process_time()
            with Store(path) as store:
                store.conn.execute("PRAGMA cache_size = -262144")  # 256 MB while building
                stored = fill(store, base, 0)
                figures["ingest_at_base"] = ingest_cost(store, probe_articles(probe, 0))
                grow(store, articles, stored + probe)
                figures["build_s"] = round(time.perf_counter() - t0, 1)
                figures["build_cpu_s"] = round(time.process_time() - c0, 1)
                figures["ingest_at_full"] = ingest_cost(store, probe_articles(probe, 1))
            figures["ingest_cpu_ratio"] = round(figures["ingest_at_full"]["cpu_ms_per_article"]
                                                / figures["ingest_at_base"]["cpu_ms_per_article"], 2)
        with Store(path) as store:
            figures["stored_articles"] = store.count_articles()
        figures["db_mb"] = round(sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6)
        figures.update(read_figures(path, common, rare))
        try:
            web = bench_web(articles, clients, seconds, cache_mb=0, db=path)
        except NewsfuseError as exc:  # the figures above still count
            figures["web_error"] = str(exc)
            return figures
        figures.update({"story_p50_ms": web["story p50 ms"], "story_p95_ms": web["story p95 ms"],
                        "list_p95_ms": web["list p95 ms"],
                        "all_p95_ms": web["all p95 ms"], "web_requests": web["requests"],
                        "web_failures": web["failures"], "server_cpu_ms_per_request": web["server CPU ms/request"],
                        "load_end": round(os.getloadavg()[0], 2)})
        if web.get("first errors"):
            figures["web_errors"] = web["first errors"]
    figures["targets"] = "ingest ratio <= 1.5; story p95 < 300 ms; stories and search < 1 s"
    return figures
