"""Terminal output of the CLI (Rich): tables, progress, rejections. No logic lives here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.progress import (BarColumn, Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.table import Table
from rich.text import Text

from newsfuse.format import date_range, date_text, number, quantity
from newsfuse.models import Rejection, Story
from newsfuse.present.report import snippet_matches

if TYPE_CHECKING:
    from newsfuse.store.results import EventResult, FactsResult, QuoteResult
    from newsfuse.timex import TimelineEntry

# what a pipeline reports progress on -> the words shown
PROGRESS_WORDS = {"read": "articles read", "analyzed": "stories analyzed", "exported": "stories exported",
                  "regrouped": "stories analyzed"}


class _Count(ProgressColumn):
    """ "1,204/2,000", or "1,204" while the total is unknown (never "1204/?")."""

    def render(self, task: Task) -> Text:
        done = f"{int(task.completed):,}"
        return Text(done if task.total is None else f"{done}/{int(task.total):,}", style="progress.download")


class _Rate(ProgressColumn):
    """Items per second over the last seconds; over the whole run while too few steps came to tell
    (work reported in one batch of stories)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None and task.completed and task.elapsed:
            speed = task.completed / task.elapsed
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
    from newsfuse.ingest.safe import printable  # the ingest package (its readers): only when something was rejected

    for rejection in rejected:
        console.print(f"[yellow]rejected:[/yellow] {escape(printable(rejection.path))} — "
                      f"{escape(printable(rejection.reason))}", highlight=False, soft_wrap=True)


def skipped(console: Console, path: str, reason: str) -> None:
    """A path a directory walk skipped on purpose (a hidden file), and why."""
    from newsfuse.ingest.safe import printable

    console.print(f"[dim]skipped:[/dim] {escape(printable(path))} — {escape(printable(reason))}",
                  highlight=False, soft_wrap=True)


def summary(console: Console, result) -> None:
    console.print(
        f"{len(result.articles)} articles ({result.added} new, {result.already_stored} already stored), "
        f"{len(result.rejected)} rejected, {len(result.stories)} stories in {len(result.threads)} threads",
        highlight=False,
    )


def stories(console: Console, store, items: list[Story], after: str | None = None) -> None:
    """Stories grouped by thread: title, dates, articles, outlets and the most named entities;
    `after`: the last story shown when more follow (how to list them is said at the end)."""
    if not items:
        console.print("No stories yet.")
        return
    from newsfuse.present.views import story_outlets, top_entities

    threads = {t.id: t for t in store.threads({s.thread_id for s in items if s.thread_id})}
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
    if after is not None:
        console.print(Text(f"More stories follow: newsfuse stories --after {after}", style="dim"))

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
    if getattr(found, "notice", ""):  # not every match was ranked (`Store.search`)
        console.print(Text(found.notice, style="dim"))


# -- a story's results (newsfuse.store.results); `outlets` maps article id -> outlet name ------------

STATUS_STYLE = {"agreed": "green", "conflicting": "red", "changed": "yellow", "single": "dim"}


def _names(article_ids: Iterable[str], outlets: dict[str, str]) -> list[str]:
    return sorted({outlets.get(a, "?") for a in article_ids})


def timeline(console: Console, entries: list[TimelineEntry], outlets: dict[str, str]) -> None:
    """One line per dated statement (its date, words and outlets), then the dates others give it."""
    for entry in entries:
        planned = " (planned)" if entry.planned else ""
        console.print(f"[cyan]{escape(date_text(entry.date, entry.precision))}[/cyan]{planned}  "
                      f"{escape(' '.join(entry.text.split()))}  "
                      f"[dim]— {escape(', '.join(_names(entry.article_ids, outlets)))}[/dim]", soft_wrap=True)
        for other in entry.conflicts:
            console.print(f"    [yellow]but {escape(date_text(other.date))}[/yellow] according to "
                          f"{escape(', '.join(_names(other.article_ids, outlets)))}", soft_wrap=True)


def facts(console: Console, found: FactsResult, outlets: dict[str, str]) -> None:
    """Each measure with its status, then its figures with their outlets and dates."""
    for measure in found.measures:
        style = STATUS_STYLE.get(measure.status, "")
        console.print(f"[{style}]{measure.status:>11}[/{style}]  [bold]{escape(measure.label)}[/bold]")
        for claim in found.claims_of(measure):
            names = _names((s.article_id for s in claim.sources), outlets)
            as_of = f" · as of {date_text(claim.as_of)}" if claim.as_of else ""
            shown = quantity(claim.value, claim.unit, claim.qualifier, claim.change)
            console.print(f"             {escape(shown)}  [dim]{escape(', '.join(names) + as_of)}[/dim]",
                          soft_wrap=True)


def cited_outlets(item: EventResult | QuoteResult, outlets: dict[str, str]) -> list[str]:
    """The outlets of an event's or a quote's sources, in the order they are cited."""
    return list(dict.fromkeys(outlets.get(s.article_id, "?") for s in item.sources))


def events(console: Console, found: list[tuple[str, EventResult]], outlets: dict[str, str]) -> None:
    """(story id, event) pairs as one table."""
    table = Table(expand=True)
    for column in ("date", "type", "actor", "target", "place", "killed", "sources", "story"):
        table.add_column(column)
    for story_id, event in found:
        table.add_row(date_text(event.date) if event.date else "?", event.type, escape(event.actor1 or ""),
                      escape(event.actor2 or ""), escape(event.place or ""),
                      "" if event.fatalities is None else number(event.fatalities),
                      escape(", ".join(cited_outlets(event, outlets))), story_id)
    console.print(table)


def quotes(console: Console, found: list[tuple[str, QuoteResult]], outlets: dict[str, str]) -> None:
    for _, quote in found:
        console.print(f"[bold]{escape(quote.speaker or 'unknown speaker')}[/bold]: "
                      f"“{escape(' '.join(quote.text.split()))}”  "
                      f"[dim]{escape(', '.join(cited_outlets(quote, outlets)))}[/dim]", soft_wrap=True)


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
