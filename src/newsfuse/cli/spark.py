"""`newsfuse spark analyze`, `newsfuse import` and `newsfuse bench spark`: thin commands over `newsfuse.spark`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from newsfuse.cli.common import DEFAULT_DB, DbOption, JsonFlag, ModelOption, _fail, err, print_json
from newsfuse.errors import ConfigError, NewsfuseError

spark_app = typer.Typer(help="Run newsfuse on Apache Spark, for archives beyond one machine (needs: pip install "
                             "'newsfuse\\[spark]' and Java).\n\nExample: [bold]newsfuse spark analyze archive.parquet "
                             "--out tables/[/bold]", no_args_is_help=True)
SHOWN_REJECTIONS = 20


@spark_app.command("analyze")
def spark_analyze(
    source: Annotated[str, typer.Argument(help="Parquet or JSON Lines records (a path or a URL such as s3a://…), "
                                               "or a directory of text/HTML/JSON/feed files.")],
    out: Annotated[str, typer.Option("--out", help="Directory (or URL) for the Parquet tables.")],
    master: Annotated[Optional[str], typer.Option(
        "--master", help="Spark master URL, e.g. local[4] or spark://host:7077 (default: spark-submit's, else local[*]).")] = None,
    model: ModelOption = None,
    gazetteer: Annotated[Optional[Path], typer.Option(help="Extra gazetteer file (as `newsfuse entities`).")] = None,
    partitions: Annotated[Optional[int], typer.Option(help="Input partitions (default: Spark's parallelism).", min=1)] = None,
    json_out: JsonFlag = False,
) -> None:
    """Analyze INPUT on Spark and write Parquet tables (articles, rejected, stories, threads, entities, mentions,
    claims, measures, events, quotes) to --out. Exit code 1 when any input was rejected.

    Example: [bold]newsfuse spark analyze archive.parquet --out tables/ --master local[4][/bold]
    """
    from newsfuse.spark import session
    from newsfuse.spark.job import SparkOptions, run

    if "://" not in source and not Path(source).exists():  # before a JVM starts
        raise _fail(ConfigError(f"no such input: {source}", setting="input"))
    try:
        spark = session(master or (None if in_spark_submit() else "local[*]"))
        spark.sparkContext.setLogLevel(os.environ.get("NEWSFUSE_SPARK_LOG", "ERROR"))
        result = run(spark, source, out, SparkOptions(model=model, gazetteer=gazetteer, partitions=partitions))
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    if json_out:
        print_json({"out": str(result.out), "counts": result.counts, "seconds": result.seconds})
    else:
        typer.echo(", ".join(f"{n:,} {name}" for name, n in result.counts.items()))
        typer.echo("seconds: " + ", ".join(f"{name} {s:.1f}" for name, s in result.seconds.items()))
    rejected = result.counts.get("rejected", 0)
    if rejected:
        for row in spark.read.parquet(f"{result.out}/rejected").limit(SHOWN_REJECTIONS).collect():
            err.print(escape(f"rejected: {row['path']} — {row['reason']}"), highlight=False)
        if rejected > SHOWN_REJECTIONS:
            err.print(f"… {rejected - SHOWN_REJECTIONS:,} more in {result.out}/rejected", highlight=False)
        raise typer.Exit(1)


def import_cmd(
    directory: Annotated[Path, typer.Argument(help="Output directory of `newsfuse spark analyze`.")],
    db: DbOption = Path(DEFAULT_DB),
    json_out: JsonFlag = False,
) -> None:
    """Import the Parquet tables of a Spark run into a store, for the web app and the CLI.

    Example: [bold]newsfuse import tables/ --db archive.db[/bold]
    """
    from newsfuse.spark.importer import import_tables
    from newsfuse.store import Store

    try:
        with Store(db) as store:
            added = import_tables(directory, store)
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    if json_out:
        print_json({"imported": added, "db": str(db)})
    else:
        typer.echo(f"imported {added:,} articles into {db}")


def bench_spark_cmd(
    ecbplus: Annotated[Path, typer.Option(help="ECB+ folder (documents used as plain text).")],
    synthetic: Annotated[int, typer.Option(
        help="Articles in the synthetic scale-up (recombined ECB+ sentences; 0 skips it).", min=0)] = 200_000,
    master: Annotated[str, typer.Option(help="Spark master.")] = "local[2]",
    limit: Annotated[Optional[int], typer.Option(help="Use only the first N ECB+ documents.", min=1)] = None,
    sources: Annotated[Optional[Path], typer.Option(
        help="Tables of an earlier `newsfuse spark analyze` of the ECB+ JSON Lines this bench writes: skip the ECB+ "
             "part and build the synthetic articles from these.")] = None,
    workers: Annotated[Optional[str], typer.Option(
        help="Instead of local mode: the synthetic scale-up on standalone clusters of this many 1-core workers "
             "each (e.g. 1,2), started here from the PySpark distribution; reports the speed-up.")] = None,
) -> None:
    """The Spark job in local mode on ECB+ (articles/s, peak memory, story agreement with the single-machine run)
    and on a synthetic scale-up (time per cross-article phase). Prints one JSON object.

    Example: [bold]newsfuse bench spark --ecbplus ../shared/data/ecbplus --synthetic 200000[/bold]
    """
    from newsfuse.eval.spark import bench_spark

    try:
        if workers:
            from newsfuse.eval.spark import bench_workers

            counts = [int(n) for n in workers.split(",") if n.strip()]
            if not counts or min(counts) < 1 or not synthetic:
                raise typer.BadParameter("give worker counts such as 1,2 and a --synthetic size", param_hint="--workers")
            figures = bench_workers(ecbplus, synthetic, counts, limit=limit, sources=sources)
        else:
            figures = bench_spark(ecbplus, synthetic=synthetic, master=master, limit=limit, sources=sources)
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    typer.echo(json.dumps(figures, indent=1))


def in_spark_submit() -> bool:
    """True inside `spark-submit` (it sets these before Python starts)."""
    return "SPARK_ENV_LOADED" in os.environ or "PYSPARK_GATEWAY_PORT" in os.environ


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Add `spark analyze`, `import` and `bench spark` to the newsfuse CLI."""
    app.add_typer(spark_app, name="spark")
    app.command("import")(import_cmd)
    bench_app.command("spark")(bench_spark_cmd)


def main() -> None:
    """`spark-submit …/newsfuse/spark/submit.py INPUT --out DIR`: the analyze command as a job."""
    typer.run(spark_analyze)
