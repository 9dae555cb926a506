"""`newsfuse bench longtext`: one very long input (3, 10, 20, 50 MB of text) through `newsfuse analyze`,
with the peak RSS and CPU seconds of each stage, to show that memory stays flat as the text grows.

The text is made of ECB+ sentences drawn with a seeded generator into paragraphs (no two parts
alike, so the dedup stage keeps them all). Each size runs in a fresh process, so one run's peak does
not hide the next one's.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

MIB = 1024 * 1024
HEADLINE = "The full record of a year of reports, joined into one text"


def ecb_sentences(ecbplus_dir: Path | str) -> list[str]:
    """Every sentence of the ECB+ documents given (the headline lines included), in document order."""
    from newsfuse.eval.datasets.ecbplus import iter_documents

    found = []
    for doc in iter_documents(ecbplus_dir):
        starts = [*doc.sentence_starts, len(doc.text)]
        for start, end in zip(starts, starts[1:]):
            sentence = " ".join(doc.text[start:end].split())
            if len(sentence) > 20:
                found.append(sentence)
    return found


def paragraphs(sentences: Sequence[str], chars: int, seed: int = 7) -> Iterator[str]:
    """Paragraphs of three to eight sentences drawn at random, about `chars` characters in all."""
    rng = random.Random(seed)
    written = 0
    while written < chars:
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 8)))
        written += len(paragraph) + 2
        yield paragraph


def write_long_text(ecbplus_dir: Path | str, path: Path, chars: int, seed: int = 7) -> int:
    """Write one plain-text input of at most `chars` characters (whole paragraphs, so `--mb 50` stays
    within the 50 MiB newsfuse reads of one input); returns its length."""
    sentences = ecb_sentences(ecbplus_dir)
    written = len(HEADLINE) + 2
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADLINE + "\n\n")
        for paragraph in paragraphs(sentences, chars, seed):
            if written + len(paragraph) + 2 > chars:
                break
            out.write(paragraph + "\n\n")
            written += len(paragraph) + 2
    return written


class StagePeaks:
    """`Options.on_stage`: the peak RSS of each stage (the kernel's high-water mark, reset as each
    stage starts where Linux allows it; else the process's peak so far) and its CPU seconds."""

    def __init__(self, log: TextIO | None = None) -> None:
        self.current: str | None = None
        self.peak_mb: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._cpu_at = time.process_time()
        self.resets = _reset_peak()
        self.log = log  # a line per stage as it ends, so a run stopped early still shows its peaks

    def __call__(self, name: str | None) -> None:
        now = time.process_time()
        if self.current is not None:
            self.cpu[self.current] = self.cpu.get(self.current, 0.0) + now - self._cpu_at
            peak = _high_water_mb()
            self.peak_mb[self.current] = max(self.peak_mb.get(self.current, 0.0), peak)
            if self.log is not None:
                self.log.write(json.dumps({"stage": self.current, "peak_rss_mb": round(peak, 1),
                                           "cpu_seconds": round(now, 1)}) + "\n")
                self.log.flush()
        self.current, self._cpu_at = name, now
        self.resets = _reset_peak() and self.resets


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")  # resets VmHWM, the peak resident size
        return True
    except OSError:
        return False


def _high_water_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(path: Path, db: Path) -> dict:
    """`analyze` of one input into a new store, in this process, with the figures of each stage."""
    from newsfuse.pipeline.run import Options, analyze
    from newsfuse.store import Store

    start = time.process_time()
    with Store(db) as store, db.with_suffix(".stages.jsonl").open("w", encoding="utf-8") as log:
        peaks = StagePeaks(log)
        result = analyze([str(path)], store, Options(jobs=1, on_stage=peaks))
        peaks(None)
        parts = len(result.articles)
        stories, threads = len(result.stories), len(result.threads)
        largest = max((len(s.article_ids) for s in result.stories), default=0)
        rejected = [r.reason for r in result.rejected]
    return {"bytes": path.stat().st_size, "parts": parts, "stories": stories, "threads": threads,
            "largest_story_parts": largest, "rejected": rejected,
            "cpu_seconds": round(time.process_time() - start, 1),
            # the process's counter forgets a peak the stage resets cleared: the highest of both
            "peak_rss_mb": round(max([resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                                      *peaks.peak_mb.values()]), 1),
            "stage_peak_rss_mb": {k: round(v, 1) for k, v in peaks.peak_mb.items()},
            "stage_cpu_seconds": {k: round(v, 1) for k, v in peaks.cpu.items()},
            "stage_peaks_reset": peaks.resets}


def bench_longtext(ecbplus_dir: Path | str, sizes_mb: Sequence[float], *, seed: int = 7,
                   keep: Path | None = None) -> dict:
    """For each size, a text of that many MiB written from ECB+ sentences and analysed in a new process."""
    figures: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="newsfuse-longtext-") as scratch:
        folder = keep or Path(scratch)
        for mb in sizes_mb:
            path = folder / f"longtext-{mb:g}mb.txt"
            characters = write_long_text(ecbplus_dir, path, int(mb * MIB), seed)
            db = folder / f"longtext-{mb:g}mb.db"
            db.unlink(missing_ok=True)
            env = {**os.environ, "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0")}
            done = subprocess.run([sys.executable, "-m", "newsfuse.eval.longtext", str(path), str(db)],
                                  capture_output=True, text=True, env=env, check=False)
            if done.returncode != 0:
                figures[f"{mb:g} MiB"] = {"failed": done.stderr.strip().splitlines()[-1:]}
                continue
            figures[f"{mb:g} MiB"] = {**json.loads(done.stdout.strip().splitlines()[-1]), "characters": characters}
            if keep is None:
                path.unlink()
    return figures


if __name__ == "__main__":  # one run, in the fresh process `bench_longtext` starts
    print(json.dumps(run_one(Path(sys.argv[1]), Path(sys.argv[2]))))
