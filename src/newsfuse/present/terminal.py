"""Terminal output of the CLI (Rich): tables, progress, rejections. No logic lives here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from newsfuse.models import Rejection, Story


@contextmanager
def progress(console: Console, enabled: bool = True) -> Iterator:
    """A progress display of inputs read; yields the callback `analyze()` reports to."""
    if not enabled or not console.is_terminal:
        yield None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("reading and analyzing", total=None)

        def advance(_what: str, count: int) -> None:
            bar.advance(task, count)

        yield advance


def rejections(console: Console, rejected: list[Rejection]) -> None:
    for rejection in rejected:
        console.print(f"[yellow]rejected:[/yellow] {escape(rejection.path)} — {escape(rejection.reason)}",
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
            dates = " → ".join(dict.fromkeys(d for d in (story.date_start, story.date_end) if d)) or "undated"
            outlets = story_outlets(store, story)
            console.print(Text(f"      {dates} · {len(story.article_ids)} articles · {len(outlets)} outlets: "
                               + ", ".join(outlets), style="dim"))
            names = top_entities(store, story, 10)
            if names:
                console.print(Text("      who/where: " + ", ".join(names)))
        console.print()

def highlighted(snippet: str) -> Text:
    """A search snippet with the matched words (between \\x02 and \\x03) in bold."""
    text = Text()
    for i, part in enumerate(snippet.replace("\x03", "\x02").split("\x02")):
        text.append(part, style="bold yellow" if i % 2 else "")
    return text


def hits(console: Console, found, query: str) -> None:
    """Search results as a list: title, outlet and date, then the snippet with the matches in bold."""
    if not found:
        console.print(f"No article matches {query!r}.", highlight=False)
        return
    for hit in found:
        head = Text()
        head.append(hit.title or "(untitled)", style="bold")
        head.append(f"  {hit.source or 'unknown outlet'}, {hit.published or 'undated'}  ", style="dim")
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
