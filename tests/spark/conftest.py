"""A real Spark standalone cluster on this machine, started from the PySpark distribution in the venv:
one master and two workers (1 core each), bound to 127.0.0.1 on free ports, stopped at teardown."""

from __future__ import annotations

import shutil

import pytest

WORKER_MEMORY = "1536m"  # room for one executor of spark.executor.memory=1g


@pytest.fixture(scope="module")
def standalone_cluster(tmp_path_factory):
    """A master and two 1-core workers; skips only where PySpark or Java is missing."""
    pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'newsfuse[spark]')")
    if not shutil.which("java"):
        pytest.skip("Java is not installed (apt-get install default-jre-headless)")
    from newsfuse.spark.standalone import ClusterError, start_cluster

    try:
        cluster = start_cluster(tmp_path_factory.mktemp("cluster"), workers=2, memory=WORKER_MEMORY)
    except ClusterError as exc:
        pytest.fail(str(exc))
    with cluster:
        yield cluster
