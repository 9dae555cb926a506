"""A Spark standalone cluster on this machine, started from the PySpark distribution: one master and
N workers of 1 core each, bound to 127.0.0.1 on free ports (for `newsfuse bench spark --workers`
and the cluster tests; docs/spark.md has the same recipe by hand)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from newsfuse.errors import NewsfuseError

REGISTER_WAIT = 120.0  # seconds for the master to come up and every worker to register


class ClusterError(NewsfuseError):
    """A daemon of the standalone cluster exited, or the workers did not register in time."""


@dataclass(slots=True)
class Cluster:
    url: str  # spark://127.0.0.1:PORT
    ui: str  # the master's web UI, whose /json/ lists the workers
    logs: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def status(self) -> dict:
        try:
            with urllib.request.urlopen(f"{self.ui}/json/", timeout=2) as answer:
                return json.load(answer)
        except (OSError, ValueError):
            return {}

    def alive_workers(self) -> int:
        return sum(w.get("state") == "ALIVE" for w in self.status().get("workers", []))

    @staticmethod
    def env() -> dict[str, str]:
        return cluster_env()

    def log_tail(self, lines: int = 15) -> str:
        tails = []
        for path in sorted(self.logs.glob("*.log")):
            text = path.read_text(errors="replace").splitlines()[-lines:]
            tails.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(tails)

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=20)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def spark_class() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent / "bin" / "spark-class"


def cluster_env() -> dict[str, str]:
    """Daemons and executors bound to loopback; executors run this interpreter, so they import the
    same (editable) newsfuse as the driver."""
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1", SPARK_LOCAL_HOSTNAME="127.0.0.1",
               PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    env.pop("SPARK_HOME", None)  # let spark-class find the pip distribution it belongs to
    return env


def _start(cluster: Cluster, name: str, *args: str, work: Path) -> None:
    log = (cluster.logs / f"{name}.log").open("wb")
    cluster.processes.append(subprocess.Popen(
        [str(spark_class()), *args], cwd=work, env=cluster_env(), stdout=log, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, start_new_session=True))  # its own process group: stop() kills it whole


def _wait_for(cluster: Cluster, workers: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        if cluster.alive_workers() >= workers:
            return
        for process in cluster.processes:
            if process.poll() is not None:
                raise ClusterError(f"a Spark daemon exited with {process.returncode}:\n{cluster.log_tail()}")
        time.sleep(0.5)
    raise ClusterError(f"{cluster.alive_workers()} of {workers} Spark workers registered with {cluster.url} within "
                       f"{REGISTER_WAIT:.0f} s:\n{cluster.log_tail()}")


def start_cluster(root: Path, workers: int = 2, memory: str = "1536m") -> Cluster:
    """A master and `workers` 1-core workers of `memory` each, logs and work dirs under `root`;
    returns once every worker is ALIVE (stop it with `Cluster.stop`, or use it as a context manager)."""
    root.mkdir(parents=True, exist_ok=True)
    port, ui = free_port(), free_port()
    cluster = Cluster(f"spark://127.0.0.1:{port}", f"http://127.0.0.1:{ui}", root)
    try:
        _start(cluster, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
               "--port", str(port), "--webui-port", str(ui), work=root)
        for n in range(1, workers + 1):
            work = root / f"worker{n}"
            work.mkdir(exist_ok=True)
            _start(cluster, f"worker{n}", "org.apache.spark.deploy.worker.Worker", cluster.url,
                   "--host", "127.0.0.1", "--port", str(free_port()), "--webui-port", str(free_port()),
                   "--cores", "1", "--memory", memory, "--work-dir", str(work), work=work)
        _wait_for(cluster, workers, time.monotonic() + REGISTER_WAIT)
    except BaseException:
        cluster.stop()
        raise
    return cluster
