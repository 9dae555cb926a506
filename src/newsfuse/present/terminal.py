"""Terminal output of the CLI (Rich): tables, progress, rejections. No logic lives here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import (BarColumn, Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.table import Table
from rich.text import Text

from newsfuse.format import date_range, date_text
from newsfuse.ingest.safe import printable
from newsfuse.models import Rejection, Story
from newsfuse.present.report import snippet_matches

# what a pipeline reports progress on -> the words shown
PROGRESS_WORDS = {"read": "articles read", "analyzed": "stories analyzed", "exported": "stories exported",
                  "regrouped": "stories analyzed"}


class _Count(ProgressColumn):
    """ "1,204/2,000", or "1,204" while the total is unknown (never "1204/?")."""

    def render(self, task: Task) -> Text:
        done = f"{int(task.completed):,}"
        return Text(done if task.total is None else f"{done}/{int(task.total):,}", style="progress.download")


class _Rate(ProgressColumn):
    """Items per second over the last seconds."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:,.1f}/s", style="progress.data.speed")


class _Left(ProgressColumn):
    """Time left when the total is known, else time elapsed."""

    def __init__(self) -> None:
        super().__init__()
        self._left, self._elapsed = TimeRemainingColumn(), TimeElapsedColumn()

    def render(self, task: Task) -> Text:
        if task.total is None:
            return self._elapsed.render(task)
        return Text("left ") + self._left.render(task)


@contextmanager
def progress(console: Console, enabled: bool = True, total: int | None = None) -> Iterator:
    """A progress bar; yields the callback `(what, count)` a pipeline reports to.

    The first kind of progress reported (articles read, stories exported) gets `total` and a bar
    with rate and time left; a total that proves too small grows. Without a total (URLs, standard
    input) it counts, with the rate. Nothing is shown when the console is not a terminal.
    """
    if not enabled or not console.is_terminal:
        yield None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), _Count(), _Rate(), _Left(),
                  console=console, transient=True) as bar:
        tasks: dict[str, object] = {}

        def advance(what: str, count: int) -> None:
            if what not in tasks:
                tasks[what] = bar.add_task(PROGRESS_WORDS.get(what, what), total=None if tasks else total)
            task = tasks[what]
            bar.advance(task, count)
            known = next(t for t in bar.tasks if t.id == task)
            if known.total is not None and known.completed > known.total:
                bar.update(task, total=known.completed)

        yield advance


def rejections(console: Console, rejected: list[Rejection]) -> None:
    """One line per rejection; control characters and bidi marks in names are shown escaped."""
    for rejection in rejected:
        console.print(f"[yellow]rejected:[/yellow] {escape(printable(rejection.path))} — "
                      f"{escape(printable(rejection.reason))}", highlight=False, soft_wrap=True)


def skipped(console: Console, path: str, reason: str) -> None:
    """A path a directory walk skipped on purpose (a hidden file), and why."""
    console.print(f"[dim]skipped:[/dim] {escape(printable(path))} — {escape(printable(reason))}",
                  highlight=False, soft_wrap=True)


def summary(console: Console, result) -> None:
    console.print(
        f"{len(result.articles)} articles ({result.added} new, {result.already_stored} already stored), "
        f"{len(result.rejected)} rejected, {len(result.stories)} stories in {len(result.threads)} threads",
        highlight=False,
    )


def stories(console: Console, store, items: list[Story]) -> None:
    """Stories grouped by thread: title, dates, articles, outlets and the most named entities."""
    if not items:
        console.print("No stories yet.")
        return
    from newsfuse.present.views import story_outlets, top_entities

    threads = {t.id: t for t in store.threads()}
    by_thread: dict[str | None, list[Story]] = {}
    for story in items:
        by_thread.setdefault(story.thread_id, []).append(story)
    for thread_id, members in by_thread.items():
        thread = threads.get(thread_id)
        head = Text("Thread ", style="bold magenta")
        head.append(thread.title if thread else "(none)", style="bold")
        head.append(f"  {thread_id or ''} · {len(members)} of {len(thread.story_ids) if thread else 1} stories",
                    style="dim")
        console.print(head)
        for story in members:
            line = Text("  ")
            line.append(story.id, style="cyan")
            line.append("  ")
            line.append(story.title, style="bold")
            console.print(line)
            dates = date_range(story.date_start, story.date_end)
            outlets = story_outlets(store, story)
            console.print(Text(f"      {dates} · {len(story.article_ids)} articles · {len(outlets)} outlets: "
                               + ", ".join(outlets), style="dim"))
            names = top_entities(store, story, 10)
            if names:
                console.print(Text("      who/where: " + ", ".join(names)))
        console.print()

def highlighted(snippet: str) -> Text:
    """A search snippet with the matched words in bold."""
    plain, matches = snippet_matches(snippet)
    text = Text(plain)
    for start, end in matches:
        text.stylize("bold yellow", start, end)
    return text


def hits(console: Console, found, query: str) -> None:
    """Search results as a list: title, outlet and date, then the snippet with the matches in bold."""
    if not found:
        console.print(f"No article matches {query!r}.", highlight=False)
        return
    for hit in found:
        head = Text()
        head.append(hit.title or "(untitled)", style="bold")
        head.append(f"  {hit.source or 'unknown outlet'}, {date_text(hit.published)}  ", style="dim")
        head.append(hit.article_id, style="cyan")
        console.print(head)
        console.print(Text("    ") + highlighted(" ".join(hit.snippet.split())))


def figures(console: Console, title: str, values: dict) -> None:
    """A benchmark's figures as a two-column table (nested dicts flattened with dots)."""
    table = Table(title=title, title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in _flatten(values):
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    console.print(table)


def _flatten(values: dict, prefix: str = "") -> Iterator[tuple[str, object]]:
    for key, value in values.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value
