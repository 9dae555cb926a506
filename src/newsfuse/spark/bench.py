"""`make bench-spark`: the Spark job in local mode against the single-machine run (not a test).

Usage: python -m newsfuse.spark.bench INPUT [--master local[2]] — prints articles/s and the B³ F1
of stories between the two runs. (The synthetic 200k scale-up is not written yet.)
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from ..analyze import analyze
from ..metrics import b_cubed
from ..store import Store
from . import run, session


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    spark = session(args.master, app_name="newsfuse-bench", shuffle_partitions=4)
    spark.sparkContext.setLogLevel("ERROR")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = run(spark, args.input, Path(tmp) / "out")
        seconds = time.perf_counter() - start
        import pyarrow.parquet as pq
        spark_stories = {r["id"]: r["story_id"] for r in pq.read_table(Path(tmp) / "out" / "articles").to_pylist()}
        store = Store(Path(tmp) / "single.db")
        analyze([args.input], store)
        single = {a.id: a.story_id for a in store.articles(with_details=False)}
    print(json.dumps({"articles": result.counts["articles"], "seconds": round(seconds, 1),
                      "articles_per_s": round(result.counts["articles"] / seconds, 2),
                      "driver_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      "b3_f1_vs_single_machine": round(b_cubed(single, spark_stories).f1, 4)}))


if __name__ == "__main__":
    main()
