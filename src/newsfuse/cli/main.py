"""The `newsfuse` command: parses arguments, calls the library, turns its errors into exit codes.

Exit codes: 0 when every input was used, 1 when something was rejected, 2 on a usage error or
any other expected problem (bad setting, unreadable store). No traceback for expected problems.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.console import Console

from newsfuse.present import terminal as render
from newsfuse.pipeline.run import Options, RunResult, analyze
from newsfuse.errors import NewsfuseError
from newsfuse.cli.common import (DbOption, FormatOption, JsonOption, ModelOption, PathsArgument, QuietOption,
                                  _fail, _print_figures, err, out)
from newsfuse.store import DEFAULT_DB, Store

app = typer.Typer(
    name="newsfuse",
    help="Turn many outlets' reports on a developing story into one verified, cited picture.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
stories_app = typer.Typer(help="List stories (title, dates, articles, outlets), and correct how articles are grouped."
                               "\n\nExample: [bold]newsfuse stories --db kosovo.db[/bold]", invoke_without_command=True)
bench_app = typer.Typer(help="Measure speed and quality on public benchmark data (not part of the tests).\n\n"
                             "Example: [bold]newsfuse bench pipeline --ecbplus ../shared/data/ecbplus[/bold]",
                        no_args_is_help=True)
app.add_typer(stories_app, name="stories")
app.add_typer(bench_app, name="bench")

def _run(paths: list[str], db: Path, model: str | None, quiet: bool) -> tuple[RunResult, Store]:
    store = Store(db)
    with render.progress(err, enabled=not quiet) as advance:
        result = analyze(paths, store, Options(model=model), stdin=sys.stdin.buffer if "-" in paths else None,
                         progress=advance)
    render.rejections(err, result.rejected)
    return result, store


@app.command()
def ingest(paths: PathsArgument, db: DbOption = Path(DEFAULT_DB), model: ModelOption = None,
           quiet: QuietOption = False) -> None:
    """Add articles to the store and fold them into stories.

    Example: [bold]newsfuse ingest reports/ --db kosovo.db[/bold]
    """
    try:
        result, store = _run(paths, db, model, quiet)
        store.close()
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    if not quiet:
        render.summary(out, result)
    raise typer.Exit(result.exit_code)


@app.command("analyze")
def analyze_cmd(paths: PathsArgument, json_path: JsonOption = None, db: DbOption = Path(DEFAULT_DB),
                model: ModelOption = None, quiet: QuietOption = False) -> None:
    """Ingest the inputs, then show their stories, sources and entities (and write a JSON report).

    Example: [bold]newsfuse analyze ../shared/seeds --json report.json[/bold]
    """
    from newsfuse.present.views import report_for

    try:
        result, store = _run(paths, db, model, quiet)
        with store:
            if json_path:
                report_for(store, result, json_path)
            if not quiet:
                render.stories(out, store, result.stories)
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    if not quiet:
        render.summary(out, result)
    raise typer.Exit(result.exit_code)


@app.command()
def search(query: Annotated[str, typer.Argument(help="Words that must all appear.")],
           db: DbOption = Path(DEFAULT_DB), limit: Annotated[int, typer.Option(help="Most hits to show.")] = 20) -> None:
    """Full-text search over stored articles, with snippets.

    Example: [bold]newsfuse search "troops Kosovo"[/bold]
    """
    try:
        with Store(db) as store:
            hits = store.search(query, limit)
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    render.hits(out, hits, query)


@stories_app.callback()
def stories_list(ctx: typer.Context, db: DbOption = Path(DEFAULT_DB)) -> None:
    """List stories: title, dates, number of articles and outlets.

    Example: [bold]newsfuse stories --db kosovo.db[/bold]
    """
    if ctx.invoked_subcommand is not None:
        return
    try:
        with Store(db) as store:
            render.stories(out, store, store.stories())
    except NewsfuseError as exc:
        raise _fail(exc) from exc


@app.command()
def demo(model: ModelOption = None, keep: Annotated[Optional[Path], typer.Option(
        help="Keep the demo store in this file instead of a temporary one.")] = None) -> None:
    """Analyze the sample corpus that ships with newsfuse and print its stories.

    Example: [bold]newsfuse demo --keep demo.db[/bold]
    """
    from newsfuse.demo import corpus_dir

    with tempfile.TemporaryDirectory() as tmp:
        db = keep or Path(tmp) / "demo.db"
        out.print(f"Analyzing the sample corpus in {corpus_dir()} …", highlight=False)
        try:
            result, store = _run([str(corpus_dir())], db, model, quiet=False)
            with store:
                render.stories(out, store, result.stories)
        except NewsfuseError as exc:
            raise _fail(exc) from exc
        render.summary(out, result)


@app.command()
def watch(sources: Annotated[Path, typer.Argument(
              help="A text file with one feed or page URL per line ('#' starts a comment).", show_default=False)],
          every: Annotated[str, typer.Option("--every", help="Time between polls: 90s, 10m, 1h.")] = "10m",
          polls: Annotated[Optional[int], typer.Option(
              "--polls", help="Stop after this many polls [default: run until Ctrl-C].")] = None,
          db: DbOption = Path(DEFAULT_DB), model: ModelOption = None, quiet: QuietOption = False) -> None:
    """Follow feeds and pages: ingest only what is new, and print what changed per story.

    For each story: new articles and outlets, new or changed figures, new conflicts. Ctrl-C stops
    cleanly, and the next run resumes where this one left off. Set NEWSFUSE_CONTACT (an e-mail or URL)
    so site owners can reach you; it goes into the user agent.

    Example: [bold]newsfuse watch sources.txt --every 10m --db kosovo.db[/bold]
    """
    from newsfuse.pipeline.run import analyze_records
    from newsfuse.errors import InputError
    from newsfuse.fetch import Fetcher, FetchSettings
    from newsfuse.pipeline.watch import Watcher, load_sources, parse_interval

    try:
        interval = parse_interval(every)
        urls, bad = load_sources(sources)
        render.rejections(err, bad)
        if not urls:
            raise InputError(f"no http(s) URLs in {sources}", path=str(sources))
        options = Options(model=model)
        with Store(db) as store, Fetcher(FetchSettings.from_env(max_bytes=options.limits.max_bytes)) as fetcher:
            watcher = Watcher(store, fetcher, lambda records: analyze_records(records, store, options),
                              emit=lambda line: out.print(line, highlight=False, markup=False, soft_wrap=True))
            watcher.run(urls, interval, polls=polls, quiet=quiet)
    except NewsfuseError as exc:
        raise _fail(exc) from exc


@bench_app.command("pipeline")
def bench_pipeline_cmd(ecbplus: Annotated[Path, typer.Option(help="ECB+ folder (documents used as plain text).")],
                       model: ModelOption = None, limit: Annotated[Optional[int], typer.Option(
                           help="Use only the first N documents.")] = None,
                       fmt: FormatOption = "table") -> None:
    """Articles/s and peak memory of ingest+clean, NLP and the whole pipeline, next to bare spaCy.

    Example: [bold]newsfuse bench pipeline --ecbplus ../shared/data/ecbplus[/bold]
    """
    from newsfuse.eval.pipeline import bench_pipeline

    try:
        figures = bench_pipeline(ecbplus, model, limit)
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    _print_figures("Pipeline speed on ECB+", figures, fmt)


@bench_app.command("watch")
def bench_watch_cmd(feeds: Annotated[int, typer.Option(help="Feeds the local server serves.")] = 200,
                    entries: Annotated[int, typer.Option(help="Entries per feed.")] = 50,
                    fmt: FormatOption = "table") -> None:
    """Seconds for a full poll and an unchanged poll of local feeds, next to bare conditional requests.

    Analysis is replaced by a counter: the figures are about fetching, parsing and the watch state.

    Example: [bold]newsfuse bench watch --feeds 200 --entries 50[/bold]
    """
    from newsfuse.eval.watch import bench_watch

    _print_figures(f"Watch: {feeds} local feeds × {entries} entries", bench_watch(feeds, entries), fmt)


SplitOption = Annotated[str, typer.Option("--split", help="ECB+ topics: all, train or dev.")]


@bench_app.command("time")
def bench_time_cmd(tempeval: Annotated[Path, typer.Option(help="Folder of TimeML .tml files (TempEval-3).")],
                   fmt: FormatOption = "table") -> None:
    """Time-expression tagging scored against TIMEX3: strict/relaxed span F1 and value F1, sentences/s.

    Example: [bold]newsfuse bench time --tempeval ../shared/data/tempeval3[/bold]
    """
    from newsfuse.eval.tempeval import bench_time

    _bench("Time expressions (TempEval-3 scoring)", lambda: bench_time(tempeval), fmt)


@bench_app.command("entities")
def bench_entities_cmd(
        meantime: Annotated[Optional[Path], typer.Option(help="MEANTIME folder (CAT XML).")] = None,
        ecbplus: Annotated[Optional[Path], typer.Option(help="ECB+ folder.")] = None,
        fmt: FormatOption = "table") -> None:
    """Named-mention detection P/R/F1 and cross-document coreference (MUC, B³, CEAF-e, CoNLL F1).

    Example: [bold]newsfuse bench entities --meantime ../shared/data/meantime --ecbplus ../shared/data/ecbplus[/bold]
    """
    from newsfuse.eval.entities import bench_entities

    if meantime is None and ecbplus is None:
        err.print("[red]error:[/red] give --meantime, --ecbplus or both")
        raise typer.Exit(2)
    _bench("Entities", lambda: bench_entities(meantime, ecbplus), fmt)


@bench_app.command("stories")
def bench_stories_cmd(ecbplus: Annotated[Path, typer.Option(help="ECB+ folder.")], split: SplitOption = "all",
                      scale: Annotated[bool, typer.Option(
                          help="Also time incremental assignment at 1,000 / 10,000 / 100,000 stored articles.")] = False,
                      fmt: FormatOption = "table") -> None:
    """Story and thread B³ P/R/F1 on ECB+ (no labels used), grouping speed, incremental-vs-regroup agreement.

    Example: [bold]newsfuse bench stories --ecbplus ../shared/data/ecbplus --split dev[/bold]
    """
    from newsfuse.eval.stories import bench_scale, bench_stories

    def run() -> dict:
        figures = bench_stories(ecbplus, split)
        if scale:
            figures["scale"] = bench_scale()
        return figures

    _bench(f"Stories on ECB+ ({split})", run, fmt)


@bench_app.command("events")
def bench_events_cmd(ecbplus: Annotated[Path, typer.Option(help="ECB+ folder.")], split: SplitOption = "all",
                     fmt: FormatOption = "table") -> None:
    """Cross-document event coreference over gold ECB+ event mentions, with our own document clustering.

    Example: [bold]newsfuse bench events --ecbplus ../shared/data/ecbplus --split dev[/bold]
    """
    from newsfuse.eval.events import bench_events

    _bench(f"Event coreference on ECB+ ({split})", lambda: bench_events(ecbplus, split), fmt)


def _bench(title: str, run, fmt: str) -> None:
    try:
        figures = run()
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    except (OSError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    _print_figures(title, figures, fmt)

# brief, serve, export and bench web live in cli_web, which imports the option groups above
from newsfuse.cli.web import register as _register_web  # noqa: E402

_register_web(app, bench_app)

from newsfuse.cli.analysis import register as _register_analysis  # noqa: E402

_register_analysis(app, stories_app)

from newsfuse.cli.spark import register as _register_spark  # noqa: E402

_register_spark(app, bench_app)


def main() -> None:
    app()
