"""The `newsfuse` command: parses arguments, calls the library, turns its errors into exit codes.

Exit codes: 0 when every input was used, 1 when something was rejected, 2 on a usage error or
any other expected problem (bad setting, unreadable store). No traceback for expected problems.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from newsfuse.cli.common import (DEFAULT_DB, DbOption, FormatOption, JobsOption, JsonFlag, JsonOption, ModelOption,
                                 NewsfuseGroup, PathsArgument, QuietOption, _env_jobs, _existing, _fail, _print_figures,
                                 err, out, print_json, version_option)
from newsfuse.errors import NewsfuseError

if TYPE_CHECKING:
    from newsfuse.pipeline.run import RunResult
    from newsfuse.store import Store

app = typer.Typer(
    cls=NewsfuseGroup,
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

@app.callback()
def newsfuse_options(version: Annotated[bool, typer.Option(
        "--version", callback=version_option, is_eager=True, help="Print the version and exit.")] = False) -> None:
    """Turn many outlets' reports on a developing story into one verified, cited picture."""


def _run(paths: list[str], db: Path, model: str | None, quiet: bool, fetcher=None,
         jobs: int | None = None) -> tuple[RunResult, Store]:
    from newsfuse.ingest import IngestLimits
    from newsfuse.pipeline.run import Options, analyze
    from newsfuse.present import terminal
    from newsfuse.store import Store

    store = Store(db)
    limits = IngestLimits(on_skip=lambda path, reason: terminal.skipped(err, path, reason))
    with terminal.progress(err, enabled=not quiet, total=count_inputs(paths)) as advance:
        options = Options(model=model, limits=limits)
        options.jobs = jobs or _env_jobs()
        result = analyze(paths, store, options,
                         stdin=sys.stdin.buffer if "-" in paths else None, progress=advance, fetcher=fetcher)
    terminal.rejections(err, result.rejected)
    return result, store


def count_inputs(paths: list[str]) -> int | None:
    """How many records the inputs hold, to size the progress bar: a file is one, a JSON Lines
    file one per line. None (a counter, not a bar) when any input is a URL or standard input."""
    from newsfuse.ingest import list_files
    from newsfuse.ingest.urls import looks_like_url

    if any(p == "-" or looks_like_url(p) for p in paths):
        return None
    total = 0
    for entry in list_files(paths):
        path = entry[1] if isinstance(entry, tuple) else None
        if path is not None and path.suffix.lower() in (".jsonl", ".ndjson"):
            try:
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
                continue
            except OSError:
                pass
        total += 1  # a rejection, or a file of one article (a JSON array or a feed grows the total)
    return total


def _run_and_report(paths: list[str], db: Path, model: str | None, quiet: bool, json_path: Optional[Path],
                    show_stories: bool, fetcher=None, jobs: int | None = None) -> None:
    """`ingest` and `analyze`: run, then the stories (text) or the JSON report (to a file or stdout)."""
    from newsfuse.present import terminal
    from newsfuse.present.views import report_for

    to_stdout = json_path == Path("-")
    try:
        result, store = _run(paths, db, model, quiet or to_stdout, fetcher, jobs)
        with store:
            if json_path:
                report = report_for(store, result, None if to_stdout else json_path)
                if to_stdout:
                    print_json(report)
            if show_stories and not quiet and not to_stdout:
                terminal.stories(out, store, result.stories)
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    if not quiet:
        terminal.summary(err if to_stdout else out, result)
    raise typer.Exit(result.exit_code)


AllowLoopback = Annotated[bool, typer.Option(
    "--allow-loopback", help="Fetch from 127.0.0.1 / ::1 too (a local feed server); refused by default.")]
AllowPrivate = Annotated[bool, typer.Option(
    "--allow-private", help="Fetch from private networks too (10/8, 172.16/12, 192.168/16, fc00::/7).")]


@app.command()
def ingest(paths: PathsArgument, db: DbOption = Path(DEFAULT_DB), model: ModelOption = None,
           quiet: QuietOption = False, json_path: JsonOption = None, allow_loopback: AllowLoopback = False,
           allow_private: AllowPrivate = False, jobs: JobsOption = None) -> None:
    """Add articles to the store and fold them into stories.

    Example: [bold]newsfuse ingest reports/ --db kosovo.db[/bold]
    """
    from newsfuse.fetch import Fetcher, FetchSettings
    from newsfuse.ingest import MAX_BYTES

    settings = FetchSettings.from_env(max_bytes=MAX_BYTES, allow_loopback=allow_loopback, allow_private=allow_private)
    with Fetcher(settings) as fetcher:
        _run_and_report(paths, db, model, quiet, json_path, show_stories=False, fetcher=fetcher, jobs=jobs)


@app.command("analyze")
def analyze_cmd(paths: PathsArgument, json_path: JsonOption = None, db: DbOption = Path(DEFAULT_DB),
                model: ModelOption = None, quiet: QuietOption = False, jobs: JobsOption = None) -> None:
    """Ingest the inputs, then show their stories, sources and entities (and write a JSON report).

    Example: [bold]newsfuse analyze ../shared/seeds --json report.json[/bold]
    """
    _run_and_report(paths, db, model, quiet, json_path, show_stories=True, jobs=jobs)


@app.command()
def search(query: Annotated[str, typer.Argument(help="Words that must all appear.")],
           db: DbOption = Path(DEFAULT_DB), limit: Annotated[int, typer.Option(help="Most hits to show.")] = 20,
           json_out: JsonFlag = False) -> None:
    """Full-text search over stored articles, with snippets.

    Example: [bold]newsfuse search "troops Kosovo" --json[/bold]
    """
    from rich.markup import escape

    from newsfuse.present import terminal
    from newsfuse.present.report import SCHEMA, hit_dict

    try:
        with _existing(db) as store:
            hits = store.search(query, limit)
            expanded = store.search_expansions(query)
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    if json_out:
        print_json({"schema": SCHEMA, "query": query, "also_spelled": expanded, "hits": [hit_dict(h) for h in hits],
                    "notice": hits.notice})
    else:
        for word, spellings in expanded.items():
            out.print(f"[dim]{escape(word)} also searched as: {escape(', '.join(spellings))}[/dim]", highlight=False)
        terminal.hits(out, hits, query)


STORIES_PAGE = 100  # stories `newsfuse stories` lists at once: an archive's first page shows in a second


@stories_app.callback()
def stories_list(ctx: typer.Context, db: DbOption = Path(DEFAULT_DB), json_out: JsonFlag = False,
                 stats: Annotated[bool, typer.Option(
                     "--stats", help="Counts of the grouping index and how close incremental grouping stayed to "
                                     "the last regroup.")] = False,
                 limit: Annotated[Optional[int], typer.Option(
                     min=1, help=f"Stories to list (default {STORIES_PAGE}; with --json, all).")] = None,
                 after: Annotated[Optional[str], typer.Option(
                     help="List the stories after this one (the next page).")] = None) -> None:
    """List stories, oldest first: title, dates, number of articles and outlets.

    Example: [bold]newsfuse stories --db kosovo.db --json[/bold]
    """
    if ctx.invoked_subcommand is not None:
        return
    from newsfuse.present import terminal

    try:
        with _existing(db) as store:
            if stats:
                _grouping_stats(store, json_out)
            elif json_out:
                paged = limit is not None or after is not None
                print_json(stories_document(store, store.stories(limit=limit, after=after) if paged else store.stories()))
            else:
                page = store.stories(limit=(limit or STORIES_PAGE) + 1, after=after)
                shown = page[:limit or STORIES_PAGE]
                terminal.stories(out, store, shown, after=shown[-1].id if len(page) > len(shown) else None)
    except NewsfuseError as exc:
        raise _fail(exc) from exc


def _grouping_stats(store: Store, json_out: bool) -> None:
    from newsfuse.pipeline.grouping import story_index

    figures = story_index(store).stats()
    if json_out:
        print_json(figures)
        return
    out.print(f"{figures['articles']} articles in {figures['stories']} stories and {figures['threads']} threads; "
              f"{figures['revisits']} stories merged into a neighbour and {figures.get('splits', 0)} split apart "
              f"when later articles changed the evidence; "
              f"{figures['thread_merges']} thread merges, {figures.get('thread_splits', 0)} thread splits; {figures['corrections']} correction pairs", highlight=False)
    if figures["regroup_agreement_b3_f1"] is None:
        out.print("incremental vs regroup: not measured yet (`newsfuse regroup` measures it)", highlight=False)
    else:
        out.print(f"incremental vs regroup: B³ F1 {figures['regroup_agreement_b3_f1']:.3f} over "
                  f"{figures['regroup_agreement_articles']} articles, at the last `newsfuse regroup`", highlight=False)


def stories_document(store: Store, stories: list) -> dict:
    """`stories --json`: the report's story and thread shapes, each story with its outlets."""
    from newsfuse.present.report import SCHEMA, story_dict
    from newsfuse.present.views import story_entities, story_outlets

    listed = []
    for story in stories:
        story.entities = story_entities(store, story)
        listed.append(story_dict(story, {"outlets": story_outlets(store, story)}))
    return {"schema": SCHEMA, "stories": listed,
            "threads": [{"id": t.id, "title": t.title, "story_ids": t.story_ids} for t in store.threads()]}


@app.command()
def demo(model: ModelOption = None, keep: Annotated[Optional[Path], typer.Option(
        help="Keep the demo store in this file instead of a temporary one.")] = None,
         json_out: JsonFlag = False) -> None:
    """Analyze the sample corpus that ships with newsfuse and print its stories (or, with --json, its report).

    Example: [bold]newsfuse demo --keep demo.db[/bold]
    """
    from newsfuse.demo import corpus_dir
    from newsfuse.present import terminal
    from newsfuse.present.views import report_for

    with tempfile.TemporaryDirectory() as tmp:
        db = keep or Path(tmp) / "demo.db"
        said = err if json_out else out
        said.print(f"Analyzing the sample corpus in {corpus_dir()} …", highlight=False)
        try:
            result, store = _run([str(corpus_dir())], db, model, quiet=json_out)
            with store:
                if json_out:
                    print_json(report_for(store, result, None))
                else:
                    terminal.stories(out, store, result.stories)
        except NewsfuseError as exc:
            raise _fail(exc) from exc
        terminal.summary(said, result)


@app.command()
def watch(sources: Annotated[Path, typer.Argument(
              help="A text file with one feed or page URL per line ('#' starts a comment).", show_default=False)],
          every: Annotated[str, typer.Option("--every", help="Time between polls: 90s, 10m, 1h.")] = "10m",
          polls: Annotated[Optional[int], typer.Option(
              "--polls", help="Stop after this many polls [default: run until Ctrl-C].")] = None,
          db: DbOption = Path(DEFAULT_DB), model: ModelOption = None, quiet: QuietOption = False,
          allow_loopback: AllowLoopback = False, allow_private: AllowPrivate = False) -> None:
    """Follow feeds and pages: ingest only what is new, and print what changed per story.

    For each story: new articles and outlets, new or changed figures, new conflicts. Ctrl-C stops
    cleanly, and the next run resumes where this one left off. Set NEWSFUSE_CONTACT (an e-mail or URL)
    so site owners can reach you; it goes into the user agent.

    Example: [bold]newsfuse watch sources.txt --every 10m --db kosovo.db[/bold]
    """
    from newsfuse.errors import InputError
    from newsfuse.fetch import Fetcher, FetchSettings
    from newsfuse.pipeline.run import Options, analyze_records
    from newsfuse.pipeline.watch import Watcher, load_sources, parse_interval
    from newsfuse.present import terminal
    from newsfuse.store import Store

    try:
        interval = parse_interval(every)
        urls, bad = load_sources(sources)
        terminal.rejections(err, bad)
        if not urls:
            raise InputError(f"no http(s) URLs in {sources}", path=str(sources))
        options = Options(model=model)
        settings = FetchSettings.from_env(max_bytes=options.limits.max_bytes, allow_loopback=allow_loopback,
                                          allow_private=allow_private)
        with Store(db) as store, Fetcher(settings) as fetcher:
            watcher = Watcher(store, fetcher, lambda records: analyze_records(records, store, options),
                              emit=lambda line: out.print(line, highlight=False, markup=False, soft_wrap=True))
            watcher.run(urls, interval, polls=polls, quiet=quiet)
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    raise typer.Exit(1 if bad or watcher.rejected else 0)


@bench_app.command("pipeline")
def bench_pipeline_cmd(ecbplus: Annotated[Path, typer.Option(help="ECB+ folder (documents used as plain text).")],
                       model: ModelOption = None, limit: Annotated[Optional[int], typer.Option(
                           help="Use only the first N documents.")] = None,
                       long: Annotated[Optional[int], typer.Option(
                           help="Run on N long articles (10,000+ characters) joined from ECB+ documents.")] = None,
                       jobs: JobsOption = None,
                       fmt: FormatOption = "table") -> None:
    """Articles/s and peak memory of ingest+clean, NLP and the whole pipeline (and per stage), next to bare spaCy.

    Example: [bold]newsfuse bench pipeline --ecbplus ../shared/data/ecbplus[/bold]
    """
    from newsfuse.eval.pipeline import bench_pipeline

    try:
        figures = bench_pipeline(ecbplus, model, limit, long=long, jobs=jobs)  # also run with `jobs` processes
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    _print_figures("Pipeline speed on ECB+", figures, fmt)


@bench_app.command("longtext")
def bench_longtext_cmd(mb: Annotated[list[float], typer.Option("--mb", help="Size of the one input in MiB (repeat for several).")],
                       ecbplus: Annotated[Path, typer.Option(help="ECB+ folder (its sentences make the text).")] = Path("../shared/data/ecbplus"),
                       fmt: FormatOption = "table") -> None:
    """One very long input through `analyze` in a fresh process: parts, stories, threads, CPU s and peak RSS per stage.

    Example: [bold]newsfuse bench longtext --mb 3 --mb 10 --ecbplus ../shared/data/ecbplus[/bold]
    """
    from newsfuse.eval.longtext import bench_longtext

    _bench("One long input", lambda: bench_longtext(ecbplus, mb), fmt)


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


@bench_app.command("start")
def bench_start_cmd(runs: Annotated[int, typer.Option(help="Runs of each command.", min=1)] = 5,
                    fmt: FormatOption = "table") -> None:
    """Seconds before `newsfuse --help` and `newsfuse --version` answer (new processes, median of RUNS), next to bare Python.

    Example: [bold]newsfuse bench start --runs 10[/bold]
    """
    from newsfuse.eval.start import bench_start

    _bench(f"Start time ({runs} runs each)", lambda: bench_start(runs), fmt)


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
        scale: Annotated[bool, typer.Option(help="Time linking an article to the store-wide entity index at "
                                                 "1,000 and 100,000 stored synthetic articles (no data needed).")] = False,
        fmt: FormatOption = "table") -> None:
    """Named-mention detection P/R/F1 and cross-document coreference (MUC, B³, CEAF-e, CoNLL F1).

    Example: [bold]newsfuse bench entities --meantime ../shared/data/meantime --ecbplus ../shared/data/ecbplus[/bold]
    """
    from newsfuse.eval.entities import bench_entities, bench_index_scale

    if scale:
        _bench("Entity index at scale", bench_index_scale, fmt)
        if meantime is None and ecbplus is None:
            return
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


@bench_app.command("coverage")
def bench_coverage_cmd(data: Annotated[Optional[Path], typer.Option(
                           help="JSON Lines collection (published, source, title, text, topic[, story]).")] = None,
                       fmt: FormatOption = "table") -> None:
    """Long coverage fed in publication order: thread B³, topic share in its largest thread, outlet fusion, agreement.

    Example: [bold]newsfuse bench coverage --data tests/data/coverage/coverage.jsonl[/bold]
    """
    from newsfuse.eval.coverage import DEV_COLLECTION, bench_coverage

    _bench(f"Long coverage ({(data or DEV_COLLECTION).name})", lambda: bench_coverage(data or DEV_COLLECTION), fmt)


@bench_app.command("events")
def bench_events_cmd(ecbplus: Annotated[Optional[Path], typer.Option(help="ECB+ folder.")] = None,
                     split: SplitOption = "all",
                     seeds: Annotated[Optional[Path], typer.Option(help="The seed reports (000_*.txt ... 004_*.txt), "
                                                                         "scored against tests/data/events/seeds_gold.jsonl.")] = None,
                     gold: Annotated[Optional[Path], typer.Option(help="Folder of gold event files "
                                                                        "(demo_gold.jsonl, seeds_gold.jsonl).")] = None,
                     fmt: FormatOption = "table") -> None:
    """Event rows (type, actors, place, date, fatalities) against our gold on the demo corpus (and the seeds); with --ecbplus, cross-document event coreference over gold ECB+ event mentions.

    Example: [bold]newsfuse bench events --seeds ../shared/seeds --ecbplus ../shared/data/ecbplus --split dev[/bold]
    """
    from newsfuse.eval.events import GOLD_DIR, bench_event_rows, bench_events

    def run() -> dict:
        figures = bench_event_rows(seeds, gold or GOLD_DIR)
        if ecbplus is not None:
            figures.update({f"ecbplus_{k}": v for k, v in bench_events(ecbplus, split).items()})
        return figures

    _bench(f"Events (demo corpus{', seeds' if seeds else ''}{f', ECB+ {split}' if ecbplus else ''})", run, fmt)


@bench_app.command("keydates")
def bench_keydates_cmd(tls: Annotated[Optional[Path], typer.Option(
        help="Timeline-summarization folder: one folder per topic with articles.jsonl and timeline.json "
             "(docs/time.md). Default: the development collection in tests/data/tls.")] = None,
                       fmt: FormatOption = "table") -> None:
    """Key dates of a thread against reference timelines: Date-F1 and ROUGE-1/2 (news-tls protocol), beside a publication-volume baseline.

    Example: [bold]newsfuse bench keydates --tls tests/data/tls[/bold]
    """
    from newsfuse.eval.keydates import DEV_COLLECTION, bench_keydates

    _bench("Key dates", lambda: bench_keydates(tls or DEV_COLLECTION), fmt)


@bench_app.command("quantities")
def bench_quantities_cmd(data: Annotated[Path, typer.Option(help="Recognizers-Text folder (Number/, NumberWithUnit/).")],
                         dev: Annotated[Optional[Path], typer.Option(help="Development set (marked-up sentences).")] = None,
                         model: ModelOption = None, fmt: FormatOption = "table") -> None:
    """Figures found in text (value, unit, change, concept F1) on Recognizers-Text and our dev set, beside quantulum3.

    Example: [bold]newsfuse bench quantities --data ../shared/data/recognizers-text[/bold]
    """
    from newsfuse.eval.quantities import DEV_SET, bench_quantities

    _bench("Quantities", lambda: bench_quantities(data, dev or DEV_SET, model), fmt)


@bench_app.command("corrections")
def bench_corrections_cmd(articles: Annotated[int, typer.Option(help="Synthetic articles in the store.", min=50)] = 10_000,
                          fmt: FormatOption = "table") -> None:
    """Seconds per story and entity correction and per undo on a synthetic store (built without NLP): the answer, and the analysis of the stories it queued.

    Example: [bold]newsfuse bench corrections --articles 10000[/bold]
    """
    from newsfuse.eval.corrections import bench_corrections

    _bench(f"Corrections on {articles:,} synthetic articles", lambda: bench_corrections(articles), fmt)


@bench_app.command("scale")
def bench_scale_cmd(articles: Annotated[int, typer.Option(help="Synthetic articles in the store.", min=1000)] = 1_000_000,
                    base: Annotated[int, typer.Option(help="Store size the ingest cost is compared with.")] = 10_000,
                    clients: Annotated[int, typer.Option(help="Concurrent clients loading the story pages.")] = 10,
                    seconds: Annotated[float, typer.Option(help="Seconds of load.")] = 20.0,
                    store: Annotated[Optional[Path], typer.Option(
                        help="Build the store here and keep it; a store already there is measured as it is.")] = None,
                    fmt: FormatOption = "table") -> None:
    """The store at archive size (built without NLP): ingest cost per article at --base and at --articles, `stories` and `search` in a fresh process, story page p95 with the page cache off.

    Example: [bold]nice -n 10 newsfuse bench scale --articles 100000[/bold]
    """
    from newsfuse.eval.scale import bench_scale

    _bench(f"Store at {articles:,} synthetic articles",
           lambda: bench_scale(articles, base, clients=clients, seconds=seconds, db=store), fmt)


def _bench(title: str, run, fmt: str) -> None:
    try:
        figures = run()
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    except (OSError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    _print_figures(title, figures, fmt)

# the other command groups: brief/serve/export/bench web, corrections and reading views, Spark
from newsfuse.cli.web import register as _register_web  # noqa: E402

_register_web(app, bench_app)

from newsfuse.cli.analysis import entities_app as _entities_app  # noqa: E402
from newsfuse.cli.analysis import register as _register_analysis  # noqa: E402

_register_analysis(app, stories_app)

from newsfuse.cli.corrections import register as _register_corrections  # noqa: E402

_register_corrections(app, stories_app, _entities_app)

from newsfuse.cli.spark import register as _register_spark  # noqa: E402

_register_spark(app, bench_app)

from newsfuse.cli.check import register as _register_check  # noqa: E402

_register_check(app, bench_app)

from newsfuse.cli.rejected import register as _register_rejected  # noqa: E402

_register_rejected(app)

from newsfuse.cli.entity import register as _register_entity  # noqa: E402

_register_entity(app)

from newsfuse.cli.outlets import register as _register_outlets  # noqa: E402

_register_outlets(app, bench_app)


def main() -> None:
    app()
