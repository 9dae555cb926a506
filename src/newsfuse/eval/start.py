"""How long `newsfuse --help` and `newsfuse --version` take to answer: what a person waits for
before every command. Each is run as a new process, as typed; the figure is the median."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_SECONDS = 0.5  # issue #13: both answer in under half a second


def _command() -> list[str]:
    """The installed `newsfuse` script next to this Python, else the CLI through `python -c`."""
    script = Path(sys.executable).with_name("newsfuse")
    if script.is_file():
        return [str(script)]
    found = shutil.which("newsfuse")
    return [found] if found else [sys.executable, "-c", "from newsfuse.cli.main import main; main()"]


def _seconds(argv: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.strip()[:200]}")
    return times


def bench_start(runs: int = 5) -> dict:
    """Median and fastest wall-clock seconds of `--help`, `--version` and bare Python, `runs` times each."""
    figures: dict[str, object] = {"runs": runs, "target_seconds": TARGET_SECONDS}
    for name, argv in (("help", _command() + ["--help"]), ("version", _command() + ["--version"]),
                       ("bare_python", [sys.executable, "-c", "pass"])):
        times = _seconds(argv, runs)
        figures[name] = {"median_seconds": round(statistics.median(times), 3), "fastest_seconds": round(min(times), 3)}
    return figures
