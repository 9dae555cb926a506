"""`newsfuse check`: verify the store's invariants (docs/store.md), and with `--repair` fix them.

Thin: the checks are `newsfuse.store.check`, the repair `newsfuse.pipeline.pending.repair`.
Exit 0 when the store is sound (after a repair, if asked), 1 when something is wrong, 2 when the
store cannot be opened.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from newsfuse.cli.common import DEFAULT_DB, DbOption, _existing, err, out


def check(db: DbOption = Path(DEFAULT_DB),
          repair: Annotated[bool, typer.Option("--repair", help="Finish pending work, drop orphan rows, rebuild "
                                                                "full-text search; then check again.")] = False,
          as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document instead of lines.")]
          = False) -> None:
    """Verify the store: every article in a listed story, every story analysed and current, thread
    records present, full-text search in sync, no orphan rows, nothing left pending.

    Prints one line per problem; exit 1 if there is any. Example: [bold]newsfuse check --repair[/bold]
    """
    from newsfuse.store.check import check_store

    with _existing(db) as store:
        found = check_store(store)
        remaining = found
        if repair and found:
            from newsfuse.pipeline.pending import repair as run_repair

            remaining = run_repair(store)
        counts = (store.count_articles(), len(store.stories()), len(store.threads()))
    if as_json:
        document = {"store": str(db), "ok": not remaining, "articles": counts[0], "stories": counts[1],
                    "threads": counts[2], "violations": [v.to_dict() for v in found]}
        if repair:
            document["remaining"] = [v.to_dict() for v in remaining]
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        for violation in found:
            out.print(violation.message, highlight=False, markup=False, soft_wrap=True)
        if repair and found:
            err.print(f"repaired {len(found) - len(remaining)} of {len(found)} problems", highlight=False,
                      soft_wrap=True)
            for violation in remaining:
                out.print("still: " + violation.message, highlight=False, markup=False, soft_wrap=True)
        if not remaining:
            err.print(f"{db}: sound ({counts[0]} articles, {counts[1]} stories, {counts[2]} threads)",
                      highlight=False, soft_wrap=True)
    raise typer.Exit(1 if remaining else 0)


def bench_resume(articles: Annotated[int, typer.Option(help="Generated reports to ingest.", min=6)] = 500,
                 kills: Annotated[int, typer.Option(help="SIGKILLs at random moments, each followed by a rerun.",
                                                    min=1)] = 10,
                 seed: Annotated[int, typer.Option(help="Seed of the corpus and of the kill moments.")] = 0,
                 chunk_size: Annotated[Optional[int], typer.Option(
                     help="Records committed together (NEWSFUSE_CHUNK_SIZE) [default: ingest's, 256].", min=1)] = None,
                 fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table") -> None:
    """Kill `newsfuse ingest` with SIGKILL at random moments and rerun it; compare with an uninterrupted run.

    Passes when `check` finds nothing and the JSON report and every table are the same.
    Example: [bold]newsfuse bench resume --articles 500 --kills 10[/bold]
    """
    from newsfuse.cli.common import _print_figures
    from newsfuse.eval.resume import bench_resume as run_bench

    figures = run_bench(articles, kills, seed=seed, chunk_size=chunk_size)
    _print_figures(f"Resume after SIGKILL: {articles} articles, {kills} kills", figures, fmt)
    raise typer.Exit(0 if figures["passed"] else 1)


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    app.command()(check)
    bench_app.command("resume")(bench_resume)
