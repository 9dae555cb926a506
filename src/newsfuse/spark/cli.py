"""`newsfuse spark analyze` and `newsfuse import`: thin commands over `newsfuse.spark`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NewsfuseError
from ..store import DEFAULT_DB, Store

spark_app = typer.Typer(help="Run newsfuse on Apache Spark (needs: pip install 'newsfuse[spark]' and Java).")


@spark_app.command("analyze")
def spark_analyze(
    source: Annotated[str, typer.Argument(help="Parquet or JSON Lines records, or a directory of text/HTML files.")],
    out: Annotated[Path, typer.Option("--out", help="Directory for the Parquet tables.")],
    master: Annotated[Optional[str], typer.Option("--master", help="Spark master URL, e.g. local[4] or spark://host:7077 (default: spark-submit's).")] = None,
    model: Annotated[Optional[str], typer.Option("--model", envvar="NEWSFUSE_MODEL", help="spaCy pipeline name.")] = None,
) -> None:
    """Analyze INPUT on Spark and write Parquet tables (articles, stories, entities, ...) to --out.

    Example: [bold]newsfuse spark analyze archive.parquet --out tables/ --master local[4][/bold]
    """
    from . import session
    from .job import SparkOptions, run

    try:
        result = run(session(master or ("local[*]" if not _in_spark_submit() else None)), source, out,
                     SparkOptions(model=model))
    except NewsfuseError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(", ".join(f"{n} {name}" for name, n in result.counts.items()))


def import_cmd(
    directory: Annotated[Path, typer.Argument(help="Output directory of `newsfuse spark analyze`.")],
    db: Annotated[Path, typer.Option("--db", envvar="NEWSFUSE_DB", help="The store (SQLite file).")] = Path(DEFAULT_DB),
) -> None:
    """Import the Parquet tables of a Spark run into a store, for the web app and the CLI.

    Example: [bold]newsfuse import tables/ --db archive.db[/bold]
    """
    from .importer import import_tables

    try:
        with Store(db) as store:
            added = import_tables(directory, store)
    except NewsfuseError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"imported {added} articles into {db}")


def _in_spark_submit() -> bool:
    import os
    return "SPARK_ENV_LOADED" in os.environ or "PYSPARK_GATEWAY_PORT" in os.environ


def register(app: typer.Typer) -> None:
    """Add `spark analyze` and `import` to the newsfuse CLI."""
    app.add_typer(spark_app, name="spark")
    app.command("import")(import_cmd)


def main() -> None:
    """Entry point for `spark-submit -m`-style runs: `spark-submit newsfuse/spark/submit.py INPUT --out DIR`."""
    spark_app()
