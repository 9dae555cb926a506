"""The `brief`, `serve`, `export` and `bench web` commands, added to the CLI by `register()`.

Thin, like the rest of the CLI: each command parses its options, calls the library, and turns
`NewsfuseError`s into a message and exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from newsfuse.cli.common import (DEFAULT_DB, DbOption, FormatOption, JsonFlag, QuietOption, StoryArgument, _existing,
                                 _fail, _print_figures, err, out)
from newsfuse.errors import ConfigError, NewsfuseError

def brief(story: StoryArgument, db: DbOption = Path(DEFAULT_DB),
          fmt: Annotated[str, typer.Option("--format", help="md, html or json.")] = "md",
          sentences: Annotated[int, typer.Option(help="Most summary sentences.", min=1)] = 5,
          output: Annotated[Optional[Path], typer.Option("--out", help="Write to this file instead of the screen.")]
          = None, json_out: JsonFlag = False) -> None:
    """A story's brief: cited summary sentences, key figures with their status, timeline (--json: --format json).

    Example: [bold]newsfuse brief s-3b77 --format html --out brief.html[/bold]
    """
    import json

    from newsfuse.present.brief import brief_dict, build_brief, render_html_page, render_markdown

    fmt = "json" if json_out else fmt
    if fmt not in ("md", "html", "json"):
        raise _fail(ConfigError(f"unknown brief format '{fmt}' (use md, html or json)", setting="format"))
    try:
        with _existing(db) as store:
            made = build_brief(store, store.story(story), max_sentences=sentences)
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    if fmt == "md":
        text = render_markdown(made)
    elif fmt == "html":
        from importlib.resources import files

        text = render_html_page(made, (files("newsfuse.web") / "static" / "style.css").read_text(encoding="utf-8"))
    else:
        text = json.dumps(brief_dict(made), ensure_ascii=False, indent=2) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def serve(db: DbOption = Path(DEFAULT_DB),
          host: Annotated[str, typer.Option(help="Address to listen on; keep 127.0.0.1 unless others must reach it.")]
          = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
          workers: Annotated[int, typer.Option(
              help="Server processes. Each keeps its own page cache, so one serves the most pages from it; "
                   "more help with --cache-mb 0 when cores are free.", min=1)] = 1,
          cache_mb: Annotated[float, typer.Option(help="Megabytes of rendered pages kept per process (0: none).",
                                                  min=0)] = 256,
          allowed_host: Annotated[Optional[list[str]], typer.Option(
              "--allowed-host", help="A host name browsers may use to reach the server (repeatable); "
                                     "requests naming any other host are refused.")] = None) -> None:
    """Browse the store in a web browser: stories, briefs, figures, timelines, maps, articles, JSON API.

    Read-only, and offline: every script, style and map outline ships with newsfuse.
    Example: [bold]newsfuse serve --db kosovo.db --port 8000[/bold]
    """
    import os

    try:
        import uvicorn

        from newsfuse.web import create_app
        from newsfuse.web.app import LOOPBACK_HOSTS

        # opens the store now: a bad --db fails before serving
        create_app(db, host=host, cache_mb=0, allowed_hosts=allowed_host or ())
    except ImportError as exc:
        raise _fail(ConfigError("the web app needs the web extra: pip install 'newsfuse[web]'", setting="web")) from exc
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    if host not in LOOPBACK_HOSTS:
        err.print(f"[yellow]warning:[/yellow] listening on {host}: anyone who can reach this machine can read the store",
                  highlight=False)
    shown = f"[{host}]" if ":" in host else host
    out.print(f"Serving {db} read-only at http://{shown}:{port}/ (Ctrl+C stops)", highlight=False)
    os.environ.update(NEWSFUSE_WEB_DB=str(db), NEWSFUSE_WEB_HOST=host, NEWSFUSE_WEB_CACHE_MB=str(cache_mb),
                      NEWSFUSE_WEB_ALLOWED_HOSTS=",".join(allowed_host or ()))
    uvicorn.run("newsfuse.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning", access_log=False, server_header=False)


def export(out_path: Annotated[Path, typer.Option("--out", help="File (json, md, html) or folder (csv, parquet).",
                                                  show_default=False)],
           fmt: Annotated[str, typer.Option("--format", help="json, csv, parquet, md or html.")] = "json",
           story: Annotated[Optional[str], typer.Option(help="Export only this story (id or prefix).")] = None,
           db: DbOption = Path(DEFAULT_DB), quiet: QuietOption = False) -> None:
    """Export articles, stories, entities, claims, events (ACLED-like), quotes and timeline.

    Example: [bold]newsfuse export --format csv --out kosovo-csv/[/bold]
    """
    from newsfuse.present import terminal
    from newsfuse.present.export import export as run_export

    try:
        with _existing(db) as store:
            total = 1 if story else len(store.stories())
            with terminal.progress(err, enabled=not quiet, total=total) as advance:
                counts = run_export(store, fmt, out_path, story, progress=advance)
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    if not quiet:
        err.print(f"wrote {out_path}: " + ", ".join(f"{n:,} {name}" for name, n in counts.items()), highlight=False,
                  soft_wrap=True)


def bench_web(articles: Annotated[int, typer.Option(help="Articles in the synthetic store.", min=10)] = 10_000,
              clients: Annotated[int, typer.Option(help="Concurrent clients.", min=1)] = 50,
              seconds: Annotated[float, typer.Option(help="How long to load the server.", min=1)] = 30.0,
              workers: Annotated[int, typer.Option(help="Server processes.", min=1)] = 1,
              cache_mb: Annotated[float, typer.Option(help="Page cache per process in MB (0: none).", min=0)] = 256,
              keep: Annotated[Optional[Path], typer.Option(
                  help="Keep the synthetic store in this file (reused when it exists).")] = None,
              fmt: FormatOption = "table") -> None:
    """Load test of the web app on loopback: requests, failures, p50/p95/p99 of the story page.

    Example: [bold]newsfuse bench web --articles 10000 --clients 50 --seconds 30[/bold]
    """
    from newsfuse.eval.web import bench_web as run_bench

    try:
        figures = run_bench(articles, clients, seconds, workers=workers, cache_mb=cache_mb, db=keep)
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    _print_figures("Web app under load (story pages)", figures, fmt)


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Add the commands of this module to the `newsfuse` app and its `bench` group."""
    app.command()(brief)
    app.command()(serve)
    app.command()(export)
    bench_app.command("web")(bench_web)
