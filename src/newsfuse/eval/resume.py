"""`newsfuse bench resume`: kill `newsfuse ingest` with SIGKILL at random moments, run it again each
time, and compare the store it ends with to the store of an uninterrupted run.

The corpus is generated (`write_corpus`): short reports, written for this benchmark, on a few
invented events in invented places, each event reported in waves weeks apart, so there are stories,
threads, entities, dates and figures to get right. Passing means `newsfuse check` finds nothing
and the JSON report (`newsfuse analyze --json`: articles, stories, threads, each story's entities,
timeline and figures) and every table of the two stores are the same.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

OUTLETS = ["Harbour Gazette", "Northern Courier", "Valley Times", "Capital Wire", "Coastline Post",
           "Upland Herald", "Evening Ledger", "Morning Observer"]

# Invented events: a place, a person who speaks for the response, what is counted, and when.
EVENTS = [
    {"place": "Valdmark", "region": "the Sorrel valley", "person": "Ilse Brandt", "role": "mayor",
     "what": "flood", "count": "residents were evacuated", "unit": "metres", "level": "the river stood at",
     "start": date(2024, 3, 4)},
    {"place": "Kestrel Bay", "region": "the eastern coast", "person": "Tomas Ferreira", "role": "union leader",
     "what": "dock strike", "count": "dockworkers walked out", "unit": "ships", "level": "waiting offshore were",
     "start": date(2024, 5, 13)},
    {"place": "Orrin Ridge", "region": "the Halden hills", "person": "Maya Okafor", "role": "governor",
     "what": "wildfire", "count": "firefighters were deployed", "unit": "hectares", "level": "the fire had burned",
     "start": date(2024, 7, 22)},
    {"place": "Larchfield", "region": "the Brenn district", "person": "Samuel Reyes", "role": "chief engineer",
     "what": "bridge collapse", "count": "people were injured", "unit": "metres", "level": "the span that fell was",
     "start": date(2024, 9, 2)},
    {"place": "Grauberg", "region": "the Iser mountains", "person": "Pavel Novak", "role": "rescue chief",
     "what": "mine rescue", "count": "miners were trapped", "unit": "metres", "level": "the shaft reached",
     "start": date(2024, 10, 14)},
    {"place": "Norvale", "region": "the Tamsin province", "person": "Anika Varga", "role": "election commission chair",
     "what": "vote recount", "count": "ballots were disputed", "unit": "districts", "level": "the recount covered",
     "start": date(2024, 11, 18)},
]

SENTENCES = [
    "{count_n} {count} in {place} on {weekday}, {person}, the {role}, told reporters.",
    "By {weekday} evening {level} {level_n} {unit}, according to figures from {region}.",
    "{person} said the {what} in {place} was the worst the town had seen in {years} years.",
    "Officials in {region} promised a full inquiry once the {what} is over.",
    "Local volunteers brought food and blankets to a school hall in {place}.",
    "The {role} is expected to visit the site again on {next_day}.",
    "Neighbours described a long night of sirens and closed roads around {place}.",
    "A spokesperson for the regional council said {count_n} {count} and more help was on the way.",
    "Shops near the centre of {place} stayed shut while crews worked through the {what}.",
    "\"We will not leave anyone behind,\" {person} said at a briefing on {weekday}.",
]
WAVE_GAP = timedelta(days=35)  # a second wave of the same event: a new story in the same thread
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def write_corpus(folder: Path, n: int, seed: int = 0) -> list[Path]:
    """Write `n` short distinct reports (one JSON file each) into `folder`; returns their paths in order."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        event = EVENTS[i % len(EVENTS)]
        wave = (i // len(EVENTS)) % 3
        day = event["start"] + wave * WAVE_GAP + timedelta(days=rng.randrange(4))
        fill = {**event, "weekday": WEEKDAYS[day.weekday()], "next_day": WEEKDAYS[(day.weekday() + 2) % 7],
                "count_n": f"{rng.choice([40, 60, 120, 300, 450, 800]) * (wave + 1):,}",
                "level_n": f"{rng.choice([2, 3, 5, 8, 12]) + wave}", "years": rng.choice([20, 30, 50])}
        picked = rng.sample(SENTENCES, k=rng.randint(4, 7))
        text = " ".join(s.format(**fill) for s in picked)
        text += f" This is report {i + 1} of the desk's coverage."  # every report distinct
        record = {"title": f"{event['what'].capitalize()} in {event['place']}: update {wave + 1}.{i // 18 + 1}",
                  "text": text, "source": rng.choice(OUTLETS), "published": day.isoformat(),
                  "url": f"https://news.example/{event['place'].lower().replace(' ', '-')}/{i + 1}"}
        path = folder / f"{i + 1:04d}.json"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


@dataclass(slots=True)
class Trial:
    """What happened to one store: the runs started, the kills that landed, seconds spent."""

    runs: int = 0
    kills: int = 0
    kill_moments: list[float] = field(default_factory=list)  # seconds after the run started writing
    stored_at_kill: list[int] = field(default_factory=list)  # articles stored when it was killed (all: in the analysis)
    seconds: float = 0.0


def newsfuse_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from newsfuse.cli.main import main; main()", *args]


def _writes(db: Path) -> tuple:
    """A marker that changes when the store is written (the WAL file's size and time)."""
    marks = []
    for path in (db, db.with_name(db.name + "-wal")):
        try:
            stat = path.stat()
            marks.append((stat.st_size, stat.st_mtime_ns))
        except FileNotFoundError:
            marks.append(None)
    return tuple(marks)


def _stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def run_to_end(args: list[str], env: dict, timeout: float) -> tuple[int, float]:
    started = time.monotonic()
    done = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args[3:])} exited {done.returncode}: {done.stderr.decode()[-2000:]}")
    return done.returncode, time.monotonic() - started


def profile_run(args: list[str], db: Path, env: dict, timeout: float) -> tuple[float, float, float]:
    """Run to the end, watching the store: (seconds until the first write, until every article was
    stored, until exit)."""
    started = time.monotonic()
    before = _writes(db)
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    first = stored_all = None
    last_count = -1
    while process.poll() is None:
        now = time.monotonic() - started
        if first is None and _writes(db) != before:
            first = now
        if first is not None:
            count = _stored(db)
            if count != last_count:
                last_count, stored_all = count, now
        if now > timeout:
            process.kill()
            raise RuntimeError("the uninterrupted run did not finish in time")
        time.sleep(0.05)
    end = time.monotonic() - started
    if process.returncode not in (0, 1):
        raise RuntimeError(f"the uninterrupted run exited {process.returncode}: {process.stderr.read().decode()[-2000:]}")
    first = first if first is not None else end
    return first, stored_all if stored_all is not None else end, end


def killed_runs(args: list[str], db: Path, env: dict, *, kills: int, total: int, profile: tuple[float, float, float],
                rng: random.Random, timeout: float, max_attempts: int | None = None) -> Trial:
    """Start the command and SIGKILL it at a random moment after it starts writing, again and again
    until `kills` kills landed or a run got to its end first (after that a kill interrupts nothing);
    then run it once more to the end."""
    trial = Trial()
    first, stored_all, end = profile
    writing, tail = max(stored_all - first, 0.5), max(end - stored_all, 0.5)
    scale = 0.75  # kill moments within three quarters of the work left, as long as the uninterrupted run took
    attempts = 0
    started_all = time.monotonic()
    while trial.kills < kills and attempts < (max_attempts or kills * 3):
        attempts += 1
        left = max(0.0, 1 - _stored(db) / max(total, 1))
        # a moment within what is left of the work, as long as the uninterrupted run took for it
        delay = rng.uniform(0, scale * (writing * left + tail))
        before = _writes(db)
        process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        trial.runs += 1
        started = time.monotonic()
        while process.poll() is None and _writes(db) == before and time.monotonic() - started < timeout:
            time.sleep(0.02)
        writing_since = time.monotonic()
        while process.poll() is None and time.monotonic() - writing_since < delay:
            time.sleep(0.01)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            trial.kills += 1
            trial.kill_moments.append(round(time.monotonic() - writing_since, 2))
            trial.stored_at_kill.append(_stored(db))
        elif process.returncode not in (0, 1):
            raise RuntimeError(f"a run exited {process.returncode}")
        elif trial.kills == 0:
            # the first run finished before its moment came (this run went faster than the profiled
            # one: warm caches, a quieter machine): start again from an empty store, earlier
            scale /= 2
            for leftover in db.parent.glob(db.name + "*"):
                leftover.unlink()
        else:
            break  # it finished: the store is complete, later kills would interrupt nothing
    run_to_end(args, env, timeout)
    trial.runs += 1
    trial.seconds = time.monotonic() - started_all
    return trial


# what may differ between two stores holding the same thing: when rows were written
VOLATILE = {"articles": {"ingested_at"}, "rejected": {"at"}, "corrections": {"at"}, "pending": {"queued_at"},
            "watch_sources": {"last_polled"}, "watch_seen": {"seen_at"}}


def store_digest(db: Path) -> dict[str, str]:
    """A digest per table (rows sorted, times of writing left out): equal digests, equal stores."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'articles_fts%' ORDER BY name")]
        digests = {}
        for table in tables:
            cursor = conn.execute(f"SELECT * FROM {table}")  # noqa: S608 - names from sqlite_master
            names = [d[0] for d in cursor.description]
            keep = [i for i, name in enumerate(names) if name not in VOLATILE.get(table, set())]
            rows = sorted(repr(tuple(_canonical(table, names[i], row[i]) for i in keep)) for row in cursor)
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16] + f" ({len(rows)} rows)"
        return digests
    finally:
        conn.close()


def _canonical(table: str, column: str, value: object) -> object:
    """A value as what it means: pickled index profiles decoded (pickle's bytes depend on which equal
    strings happen to be the same object), JSON with its keys sorted."""
    from newsfuse.stories.features import StoryFeatures
    from newsfuse.stories.model import StoryProfile

    if isinstance(value, bytes):
        decode = StoryFeatures.from_bytes if column == "features" else StoryProfile.from_bytes
        try:
            return repr(decode(value))
        except Exception:  # noqa: BLE001 - not one of ours: compare the bytes
            return value
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.dumps(json.loads(value), sort_keys=True)
        except ValueError:
            return value
    return value


def json_report(db: Path) -> dict:
    """The JSON report of everything in the store (as `newsfuse analyze --json` writes it for its
    inputs, here all of them), without its time stamp."""
    from newsfuse.pipeline.run import RunResult
    from newsfuse.present.views import report_for
    from newsfuse.store import Store

    with Store.existing(db) as store, tempfile.TemporaryDirectory() as tmp:
        result = RunResult(store.articles(), store.rejections(), 0, 0, store.stories(), store.threads())
        report = report_for(store, result, Path(tmp) / "report.json")
    report = json.loads(json.dumps(report))
    report.pop("generated_at", None)
    return report


def check_lines(db: Path) -> list[str]:
    """What `newsfuse check` prints: one line per broken invariant (none: the store is sound)."""
    from newsfuse.store import Store
    from newsfuse.store.check import check_store

    with Store.existing(db) as store:
        return [v.message for v in check_store(store)]


def summary(db: str) -> dict:
    """What is compared of a finished store: check's lines, the table digests, the JSON report."""
    return {"check": check_lines(Path(db)), "digest": store_digest(Path(db)), "report": json_report(Path(db))}


def summary_of(db: Path, env: dict, timeout: float) -> dict:
    """`summary(db)` computed by the code the runs used."""
    done = subprocess.run([sys.executable, "-c", "import json, sys; from newsfuse.eval.resume import summary; "
                           "sys.stdout.write(json.dumps(summary(sys.argv[1])))", str(db)],
                          env=env, capture_output=True, timeout=timeout)
    if done.returncode:
        raise RuntimeError(f"summary of {db} failed: {done.stderr.decode()[-2000:]}")
    return json.loads(done.stdout)


def compare_runs(inputs: list[str], workdir: Path, *, kills: int, seed: int = 0, chunk_size: int | None = None,
                 timeout: float = 900.0) -> dict:
    """The benchmark: an uninterrupted ingest, then the same ingest killed `kills` times and rerun;
    figures on whether the two stores and reports are the same."""
    # one hash seed for every run: the story index iterates over sets of strings in places, so two
    # processes with different seeds can tie-break differently (a difference not due to the kills)
    env = {**os.environ, "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0")}
    if chunk_size:
        env["NEWSFUSE_CHUNK_SIZE"] = str(chunk_size)
    # every run, and the comparison, import one copy of the code, taken now: an edited working tree
    # must not make the runs differ
    code = workdir / "code"
    shutil.copytree(Path(__file__).resolve().parents[1], code / "newsfuse",
                    ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    env["PYTHONPATH"] = os.pathsep.join([str(code), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    base, killed = workdir / "uninterrupted.db", workdir / "killed.db"
    ingest = lambda db: newsfuse_command("ingest", *inputs, "--db", str(db), "-q")  # noqa: E731
    profile = profile_run(ingest(base), base, env, timeout)
    total = _stored(base)
    trial = killed_runs(ingest(killed), killed, env, kills=kills, total=total, profile=profile,
                        rng=random.Random(seed), timeout=timeout)
    expected, got = summary_of(base, env, timeout), summary_of(killed, env, timeout)
    problems = got["check"]
    different = sorted(t for t in expected["digest"].keys() | got["digest"].keys()
                       if expected["digest"].get(t) != got["digest"].get(t))
    same_report = expected["report"] == got["report"]
    return {
        "articles": total,
        "uninterrupted seconds": round(profile[2], 1),
        "kills landed": trial.kills,
        "runs": trial.runs,
        "kill moments (s after writing began)": trial.kill_moments,
        "articles stored at each kill": trial.stored_at_kill,
        "check problems": len(problems),
        "check output": problems[:10],
        "report equal": same_report,
        "tables different": different,
        "passed": not problems and same_report and not different,
    }


def bench_resume(articles: int = 500, kills: int = 10, seed: int = 0, chunk_size: int | None = None) -> dict:
    """`newsfuse bench resume`: `articles` generated reports, `kills` random SIGKILLs."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        write_corpus(folder, articles, seed)
        return compare_runs([str(folder)], Path(tmp), kills=kills, seed=seed, chunk_size=chunk_size)
