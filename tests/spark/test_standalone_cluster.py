"""`newsfuse spark analyze` on a real standalone cluster (a master and two workers on this machine)
writes the same stories as the same command on `local[2]`, and its tasks ran on both workers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.spark, pytest.mark.timeout(1200)]

RUN_WAIT = 600  # seconds for one run of the demo corpus
NEWSFUSE = Path(sys.executable).parent / "newsfuse"


def spark_analyze(source: Path, out: Path, master: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run([str(NEWSFUSE), "spark", "analyze", str(source), "--out", str(out), "--master", master],
                              env=env, capture_output=True, text=True, timeout=RUN_WAIT)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"`newsfuse spark analyze --master {master}` did not finish within {RUN_WAIT} s:\n"
                    f"{(exc.stderr or b'')[-3000:]!r}")
    assert done.returncode == 0, f"--master {master} exited with {done.returncode}:\n{done.stderr[-3000:]}"
    return done


def stories(out: Path) -> dict[frozenset, tuple]:
    import pyarrow.parquet as pq

    return {frozenset(s["article_ids"]): (s["id"], s["title"], s["thread_id"])
            for s in pq.read_table(out / "stories").to_pylist()}


@pytest.fixture(scope="module")
def demo_runs(standalone_cluster, tmp_path_factory):
    from newsfuse.demo import corpus_dir

    tmp = tmp_path_factory.mktemp("standalone")
    env = standalone_cluster.env()
    on_cluster = spark_analyze(corpus_dir(), tmp / "cluster", standalone_cluster.url, env)
    spark_analyze(corpus_dir(), tmp / "local", "local[2]", env)
    return tmp / "cluster", tmp / "local", on_cluster


def test_cluster_stories_equal_the_local_run(demo_runs):
    cluster, local, _ = demo_runs
    found, expected = stories(cluster), stories(local)
    assert len(expected) > 1
    assert found == expected


def test_cluster_run_writes_every_article(demo_runs):
    import pyarrow.parquet as pq

    cluster, local, _ = demo_runs
    ids = sorted(pq.read_table(cluster / "articles", columns=["id"]).column("id").to_pylist())
    assert ids and ids == sorted(pq.read_table(local / "articles", columns=["id"]).column("id").to_pylist())


def test_both_workers_ran_tasks_of_the_job(demo_runs, standalone_cluster):
    # each worker keeps app-*/<executor id>/stderr, the log of every executor it launched for the job
    for n in (1, 2):
        logs = " ".join(p.read_text(errors="replace")
                        for p in (standalone_cluster.logs / f"worker{n}").glob("app-*/*/stderr"))
        assert "Running task" in logs, f"worker {n} ran no task of the job:\n{standalone_cluster.log_tail()}"
