"""Load benchmark of the web app (`newsfuse bench web`, `python -m newsfuse.eval.web`).

Builds a synthetic store by recombining the demo corpus's sentences (with their entity mentions,
and made-up figures, timelines, events and quotes at real offsets), serves it with `newsfuse serve
--workers N` in a subprocess on 127.0.0.1, and runs a bounded closed-loop load generator: `clients` concurrent
HTTP clients, each sending its next request when the last one answered, for `seconds` seconds.
Traffic goes to the loopback address only. Not a test: it reports figures.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from newsfuse.errors import NewsfuseError
from newsfuse.models import Article, Mention, Story, Thread
from newsfuse.store import Store
from newsfuse.stories.summary import summary_document
from newsfuse.timex.tense import sentence_spans

OUTLETS = ["Balkan Ledger", "Ibar Valley Herald", "Danube Dispatch", "Continental Desk", "Morava Morning Post",
           "Adriatic Wire", "Iron Gate Wire", "Šar Mountain Courier", "Lantern Street Review", "Harbourline News",
           "Pannonia Post", "Valden Gazette", "Lowland Courier", None]
PLACES = [("Zvečan", 42.9076, 20.8403), ("Banjska", 42.9581, 20.7894), ("Pristina", 42.6727, 21.1669),
          ("Brussels", 50.8503, 4.3517), ("Belgrade", 44.8176, 20.4633)]
STATUSES = ["agreed", "conflicting", "changed", "single"]
MIX = (("story", 0.7), ("article", 0.15), ("list", 0.1), ("api", 0.05))


class BenchError(NewsfuseError):
    """The benchmark could not run (the server did not start, no free port)."""


@dataclass(slots=True)
class _Sentence:
    text: str
    mentions: list[tuple[int, int, str]]  # offsets within the sentence, label


@lru_cache(maxsize=1)
def _demo_sentences() -> tuple[_Sentence, ...]:
    from newsfuse.pipeline.run import Options, analyze
    from newsfuse.demo import corpus_dir

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "demo.db") as demo:
        analyze([str(corpus_dir())], demo, Options())
        articles = demo.articles()
    found = []
    for article in articles:
        for start, end in sentence_spans(article.text):
            text = article.text[start:end]
            if len(text.split()) < 5:
                continue
            found.append(_Sentence(text, [(m.start - start, m.end - start, m.label) for m in article.mentions
                                          if start <= m.start and m.end <= end]))
    return tuple(found)


def synthetic_batches(articles: int = 10_000, per_story: int = 5, stories_per_thread: int = 8, seed: int = 7,
                      batch_stories: int = 1000, first_story: int = 0):
    """`articles` articles recombined from the demo corpus, `batch_stories` stories at a time: each
    batch is (articles, stories, threads, story id -> analysis documents), so memory stays bounded
    whatever the size. `first_story` numbers the stories after an earlier run's (new ids)."""
    rng = random.Random(seed)
    pool = _demo_sentences()
    story_count = max(1, articles // per_story)
    day0 = time.mktime((2020, 1, 1, 12, 0, 0, 0, 0, 0))
    made: list[Article] = []
    stories: list[Story] = []
    threads: list[Thread] = []
    for n in range(story_count):
        s = first_story + n
        story_id, thread_id = f"s-bench{s:05d}", f"t-bench{s // stories_per_thread:04d}"
        core = rng.sample(pool, 6)  # what every outlet of the story repeats
        date = time.strftime("%Y-%m-%d", time.gmtime(day0 + (s % 60_000 // 3) * 86400))  # within 55 years
        members = []
        for k in range(per_story if n < story_count - 1 else articles - per_story * (story_count - 1)):
            chosen = rng.sample(core, 4) + rng.sample(pool, rng.randint(3, 8))
            text, mentions, cursor = [], [], 0
            article_id = f"{s:05d}{k:02d}" + format(rng.getrandbits(36), "09x")
            for number, sentence in enumerate(chosen):
                if number and number % 3 == 0:
                    text.append("\n\n")
                    cursor += 2
                elif number:
                    text.append(" ")
                    cursor += 1
                mentions += [Mention(article_id, cursor + a, cursor + b, sentence.text[a:b], label)
                             for a, b, label in sentence.mentions]
                text.append(sentence.text)
                cursor += len(sentence.text)
            body = "".join(text)
            made.append(Article(id=article_id, path=f"bench/{article_id}.txt", raw=body,
                                title=" ".join(chosen[0].text.split()[:12]), text=body,
                                source=rng.choice(OUTLETS), published=date, language="en",
                                content_hash="bench-" + article_id, mentions=mentions, story_id=story_id))
            members.append(article_id)
        stories.append(Story(story_id, made[-len(members)].title, members, thread_id, date, date))
        if s % stories_per_thread == 0:
            threads.append(Thread(thread_id, stories[-1].title, []))
        if len(stories) == batch_stories or n == story_count - 1:
            by_id = {a.id: a for a in made}
            docs = {}
            for story in stories:
                members_of = [by_id[i] for i in story.article_ids]
                docs[story.id] = _analysis(rng, story, members_of)
                docs[story.id]["summary"] = summary_document(members_of)  # as the story analysis stores it
            yield made, stories, threads, docs
            made, stories, threads = [], [], []


def write_batch(store: Store, batch) -> None:
    """One batch of `synthetic_batches` into the store, in one transaction."""
    made, stories, threads, docs = batch
    with store.transaction() as conn:
        store.add_articles(made, conn)
        store.add_records(stories, threads, conn)
        for story_id, kinds in docs.items():
            for kind, body in kinds.items():
                store.put_analysis("story", story_id, kind, body, conn)


def synthetic_store(path: Path, articles: int = 10_000, per_story: int = 5, stories_per_thread: int = 8,
                    seed: int = 7) -> Path:
    """A store of `articles` articles recombined from the demo corpus, with analysis documents."""
    with Store(path) as store:
        for batch in synthetic_batches(articles, per_story, stories_per_thread, seed):
            write_batch(store, batch)
    return path


def _analysis(rng: random.Random, story: Story, articles: list[Article]) -> dict:
    claims, measures = [], []
    for article in articles:
        for match in list(re.finditer(r"\d[\d,.]*", article.text))[:2]:
            claim_id = f"c{len(claims) + 1}"
            claims.append({"id": claim_id, "measure": f"m{len(claims) % 4 + 1}", "value": len(match.group()),
                           "unit": None, "qualifier": "about", "as_of": article.published,
                           "sources": [{"article_id": article.id, "text": match.group(), "start": match.start(),
                                        "end": match.end()}]})
    for m in range(4):
        ids = [c["id"] for c in claims if c["measure"] == f"m{m + 1}"]
        if ids:
            measures.append({"id": f"m{m + 1}", "label": f"figure {m + 1}", "status": STATUSES[m], "claim_ids": ids})
    first = articles[0]
    start, end = sentence_spans(first.text)[0]
    where = rng.choice(PLACES)
    evidence = [{"article_id": first.id, "start": start, "end": end, "text": first.text[start:end]}]
    timeline = [{"date": story.date_start, "precision": "day", "text": first.text[start:end],
                 "article_ids": [first.id], "evidence": evidence, "outlets": [first.source or "unattributed"],
                 "planned": False, "conflicts": []},
                {"date": (story.date_start or "2020-01-01")[:7], "precision": "month", "text": "Follow-up expected.",
                 "article_ids": [first.id], "evidence": evidence, "outlets": [], "planned": True, "conflicts": []}]
    events = [{"id": "e1", "type": "clash", "date": story.date_start, "actor1": "A", "actor2": "B",
               "location": where[0], "latitude": where[1], "longitude": where[2], "fatalities": 0,
               "sources": evidence}]
    quotes = [{"id": "q1", "text": first.text[start:end], "speaker": "someone", "outlets": [],
               "sources": evidence}]
    return {"facts": {"claims": claims, "measures": measures, "events": events, "quotes": quotes},
            "timeline": timeline}


# -- serving and loading ------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_command(db: Path, port: int, workers: int = 1, cache_mb: float = 256) -> list[str]:
    """`newsfuse serve` on 127.0.0.1 as a command line, run by this Python (the benchmark measures
    the server a user starts, workers and all)."""
    return [sys.executable, "-c", "import sys; from newsfuse.cli.main import main; sys.argv[0] = 'newsfuse'; main()",
            "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
            "--cache-mb", str(cache_mb)]


def _serve(db: Path, port: int, workers: int, cache_mb: float, log) -> subprocess.Popen:
    return subprocess.Popen(serve_command(db, port, workers, cache_mb), stdout=subprocess.DEVNULL, stderr=log)


def stop_server(process: subprocess.Popen) -> None:
    """Stop a server started with `serve_command`: SIGTERM (uvicorn stops its workers), then SIGKILL."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _worker_pids(pid: int) -> list[int]:
    """The worker processes a server spawned (Linux /proc), not multiprocessing's resource tracker."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            try:
                if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                    found.append(int(child))
            except OSError:  # gone meanwhile
                pass
    return found


def _wait_workers_idle(pid: int, workers: int, limit: float = 60.0) -> None:
    """Wait until all `workers` worker processes are up and idle (their CPU time still for half a
    second: they have built their app). The first answer comes from the first worker ready; 50
    keep-alive clients connecting then would all stay on it, and the others would serve nothing.
    Without /proc, waits nothing."""
    if not Path(f"/proc/{pid}").is_dir():
        return
    deadline, last = time.monotonic() + limit, None
    while time.monotonic() < deadline:
        pids = _worker_pids(pid)
        now = [_cpu_seconds(p) for p in pids]
        if len(pids) >= workers and now == last:
            return
        last = now
        time.sleep(0.5)
    raise BenchError(f"the {workers} server workers were not all up within {limit:.0f} s")


def _wait_ready(base: str, process: subprocess.Popen, log: Path, limit: float = 60.0) -> None:
    import httpx

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"the server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(base + "/api/outlets", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise BenchError(f"the server did not answer within {limit:.0f} s")


@dataclass(slots=True)
class _Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


class _Connection:
    """A keep-alive HTTP/1.1 connection to the server under test (loopback only). httpx's async
    pool tops out near 100 requests/s with 50 clients on this size of machine, which would measure
    the load generator instead of the server."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                          f"Accept: */*\r\n\r\n".encode("ascii"))
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            while size := int((await self.reader.readline()).strip() or b"0", 16):
                await self.reader.readexactly(size + 2)
            await self.reader.readline()
        if headers.get("connection") == "close":
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def _load(host: str, port: int, targets: dict[str, list[str]], clients: int, seconds: float,
                seed: int) -> _Tally:
    tally = _Tally()
    kinds = [k for k, _ in MIX if targets.get(k)]
    weights = [w for k, w in MIX if targets.get(k)]
    deadline = time.monotonic() + seconds

    async def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        connection = _Connection(host, port)
        while time.monotonic() < deadline:
            kind = rng.choices(kinds, weights)[0]
            url = rng.choice(targets[kind])
            began = time.perf_counter()
            try:
                status = await asyncio.wait_for(connection.get(url), timeout=30)
                ok = status == 200
                if not ok and len(tally.errors) < 5:
                    tally.errors.append(f"{url}: HTTP {status}")
            except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError) as exc:
                ok = False
                await connection.close()
                if len(tally.errors) < 5:
                    tally.errors.append(f"{url}: {type(exc).__name__}: {exc}")
            tally.latencies.setdefault(kind, []).append(time.perf_counter() - began)
            if not ok:
                tally.failures[kind] = tally.failures.get(kind, 0) + 1
        await connection.close()

    await asyncio.gather(*(client(n) for n in range(clients)))
    return tally


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children that were waited for (Linux /proc;
    NaN elsewhere). With several workers, uvicorn's workers are children of `pid`: their time is
    summed over /proc's children lists."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        pending = [pid]
        while pending:
            current = pending.pop()
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children")
                if children.exists():
                    pending += [int(c) for c in children.read_text().split()]
        return total
    except (OSError, ValueError, IndexError):
        return float("nan")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def bench_web(articles: int = 10_000, clients: int = 50, seconds: float = 30.0, *, workers: int = 1,
              cache_mb: float = 256, db: Path | None = None, seed: int = 7) -> dict:
    """Serve a synthetic store of `articles` articles and load it; latency figures in milliseconds."""
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        if db is None or not Path(db).exists():
            db = synthetic_store(Path(db or Path(tmp) / "bench.db"), articles, seed=seed)
        built = time.perf_counter() - began
        with Store(db) as store:  # ids only: a store of a million articles is not read into memory
            story_ids = [r[0] for r in store.conn.execute(
                "SELECT id FROM stories s WHERE EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id) ORDER BY id")]
            article_ids = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY seq LIMIT 5000")]
            stored = store.count_articles()
        rng = random.Random(seed)
        targets = {
            "story": [f"/story/{s}" for s in story_ids],
            "article": [f"/article/{a}" for a in article_ids],
            "list": ["/", "/?q=troops", "/?q=police+Kosovo", "/?outlet=Balkan+Ledger", "/?date_from=2020-03-01",
                     "/threads"],
            "api": [f"/api/stories/{rng.choice(story_ids)}" for _ in range(50)] + ["/api/stories"],
        }
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = Path(tmp) / "server.log"
        with log.open("wb") as log_file:
            server = _serve(Path(db), port, workers, cache_mb, log_file)
        try:
            # the app reads the store's story list when it starts: a minute, plus one per 2,000 articles
            _wait_ready(base, server, log, limit=60.0 + stored / 2000)
            if workers > 1:
                _wait_workers_idle(server.pid, workers)
            load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
            cpu_before = _cpu_seconds(server.pid)
            started = time.perf_counter()
            tally = asyncio.run(_load("127.0.0.1", port, targets, clients, seconds, seed))
            elapsed = time.perf_counter() - started
            cpu = _cpu_seconds(server.pid) - cpu_before
        finally:
            stop_server(server)
    every = [x for values in tally.latencies.values() for x in values]
    figures = {"articles": stored, "stories": len(story_ids), "clients": clients, "seconds": round(elapsed, 1),
               "workers": workers, "cache MB": cache_mb, "store build s": round(built, 1), "requests": len(every),
               "failures": sum(tally.failures.values()), "requests/s": round(len(every) / elapsed, 1)}
    for kind in ["story", "list", "all"]:  # list: the story lists, searches and the thread list
        values = every if kind == "all" else tally.latencies.get(kind, [])
        for q in (50, 95, 99):
            figures[f"{kind} p{q} ms"] = round(_percentile(values, q) * 1000, 1)
    figures["story requests"] = len(tally.latencies.get("story", []))
    # what the latencies cannot say on a shared machine: the server's own CPU time per request
    # (its capacity on a free core) and how busy the machine was
    figures["server CPU ms/request"] = round(cpu / max(len(every), 1) * 1000, 2) if cpu == cpu else "n/a"
    figures["load average"] = round(load, 2)
    if tally.errors:
        figures["first errors"] = "; ".join(tally.errors)
    return figures


def main(argv: list[str] | None = None) -> None:
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m newsfuse.eval.web", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--cache-mb", type=float, default=256, help="rendered pages kept per worker (0: none)")
    parser.add_argument("--db", type=Path, help="keep the synthetic store here (reused when it exists)")
    args = parser.parse_args(argv)
    print(json.dumps(bench_web(args.articles, args.clients, args.seconds, workers=args.workers, cache_mb=args.cache_mb,
                               db=args.db), indent=1))


if __name__ == "__main__":
    main()
