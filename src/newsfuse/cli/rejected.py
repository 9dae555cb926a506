"""The `rejected` command: the inputs the store currently holds as rejected, and why."""

from __future__ import annotations

from pathlib import Path

import typer

from newsfuse.cli.common import DEFAULT_DB, DbOption, JsonFlag, _existing, _fail, err, out, print_json
from newsfuse.errors import NewsfuseError


def rejected(db: DbOption = Path(DEFAULT_DB), json_out: JsonFlag = False) -> None:
    """List the inputs that were rejected and are still not stored, each with its reason.

    An input stored by a later run drops out of the list; one rejected again shows its latest reason.
    Example: [bold]newsfuse rejected --db kosovo.db --json[/bold]
    """
    from newsfuse.present import terminal
    from newsfuse.present.report import SCHEMA

    try:
        with _existing(db) as store:
            found = store.rejections()
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    if json_out:
        print_json({"schema": SCHEMA, "rejected": [{"path": r.path, "reason": r.reason} for r in found]})
        return
    if not found:
        out.print("Nothing is rejected.", highlight=False)
        return
    terminal.rejections(out, found)
    err.print(f"{len(found)} rejected", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `newsfuse rejected` to the app."""
    app.command()(rejected)
