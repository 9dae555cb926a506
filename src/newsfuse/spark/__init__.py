"""newsfuse on Apache Spark: the analysis of `newsfuse analyze` for archives beyond one machine.

`run(spark, INPUT, OUT)` on an existing SparkSession writes the Parquet tables described in
docs/spark.md; `session(master)` makes a local or cluster session; `import_tables` loads the
tables into a newsfuse SQLite store. Needs the `spark` extra: `pip install 'newsfuse[spark]'`.
"""

from __future__ import annotations

import os
import shutil
import sys

from newsfuse.errors import ConfigError

INSTALL_HINT = "Spark support needs PySpark and Java: pip install 'newsfuse[spark]' (and a JRE, e.g. apt-get install default-jre-headless)"


def require_spark() -> None:
    """Raise a ConfigError with the install hint when PySpark or Java is missing."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise ConfigError(INSTALL_HINT, setting="spark") from exc
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        raise ConfigError(INSTALL_HINT, setting="spark")


def session(master: str | None = None, app_name: str = "newsfuse", shuffle_partitions: int | None = None):
    """A SparkSession (the running one under spark-submit; `master` e.g. local[2] otherwise)."""
    require_spark()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master and master.startswith("local"):
        # local workers run this interpreter, so they import the same newsfuse
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if master:
        builder = builder.master(master)
    if master and master.startswith("local") and not shuffle_partitions:
        # Spark's default of 200 shuffle partitions costs ~0.1 s of Python start-up per task
        shuffle_partitions = 2 * local_cores(master)
    if shuffle_partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    builder = (builder.config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.adaptive.enabled", "true")
               .config("spark.python.worker.reuse", "true")
               # our UDFs take and return plain values: no pandas, no Arrow batches
               .config("spark.sql.execution.pythonUDF.arrow.enabled", "false")
               # rows carry texts and feature blobs: shuffle joins, never broadcast copies of them
               .config("spark.sql.autoBroadcastJoinThreshold", "-1"))
    if master and master.startswith("local"):
        builder = (builder.config("spark.driver.memory", os.environ.get("NEWSFUSE_SPARK_MEMORY", "3g"))
                   # JVM warnings (GC) go to stderr, never into a command's output
                   .config("spark.driver.extraJavaOptions", "-Xlog:all=warning:stderr"))
    spark = builder.getOrCreate()
    if master and not master.startswith("local") and not shuffle_partitions \
            and not spark.sparkContext.getConf().contains("spark.sql.shuffle.partitions"):
        # a cluster session with Spark's 200 shuffle partitions spends a small run in task start-up;
        # a large cluster sets its own (spark-defaults.conf or spark-submit --conf)
        spark.conf.set("spark.sql.shuffle.partitions", str(2 * max(2, spark.sparkContext.defaultParallelism)))
    return spark


def local_cores(master: str) -> int:
    """Cores of a local master: local -> 1, local[4] -> 4, local[*] -> all."""
    inside = master.partition("[")[2].partition("]")[0].partition(",")[0]
    return int(inside) if inside.isdigit() else (os.cpu_count() or 1) if inside == "*" else 1


def run(spark, source, out, options=None):
    from newsfuse.spark.job import run as _run
    return _run(spark, source, out, options)


def import_tables(directory, store):
    from newsfuse.spark.importer import import_tables as _import
    return _import(directory, store)


__all__ = ["INSTALL_HINT", "import_tables", "require_spark", "run", "session"]
