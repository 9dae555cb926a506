"""Terminal output of the CLI (Rich): tables, progress, rejections. No logic lives here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .models import Rejection, Story


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
    """A table per thread of its stories, with outlets and the most named entities."""
    if not items:
        console.print("No stories yet.")
        return
    from .views import story_outlets, top_entities

    threads = {t.id: t for t in store.threads()}
    by_thread: dict[str | None, list[Story]] = {}
    for story in items:
        by_thread.setdefault(story.thread_id, []).append(story)
    for thread_id, members in by_thread.items():
        title = threads[thread_id].title if thread_id in threads else "(no thread)"
        table = Table(title=f"Thread: {escape(title)}", title_justify="left", show_lines=True, expand=True)
        table.add_column("story", no_wrap=True)
        table.add_column("title", ratio=3)
        table.add_column("dates", no_wrap=True)
        table.add_column("art.", justify="right")
        table.add_column("outlets", ratio=2)
        table.add_column("entities", ratio=3)
        for story in members:
            dates = " → ".join(dict.fromkeys(d for d in (story.date_start, story.date_end) if d)) or "?"
            table.add_row(story.id, escape(story.title), dates, str(len(story.article_ids)),
                          escape(", ".join(story_outlets(store, story))),
                          escape(", ".join(top_entities(store, story, 8))))
        console.print(table)


def highlighted(snippet: str) -> Text:
    """A search snippet with the matched words (between \\x02 and \\x03) in bold."""
    text = Text()
    for i, part in enumerate(snippet.replace("\x03", "\x02").split("\x02")):
        text.append(part, style="bold yellow" if i % 2 else "")
    return text


def hits(console: Console, found, query: str) -> None:
    if not found:
        console.print(f"No article matches {query!r}.", highlight=False)
        return
    table = Table(show_lines=True, expand=True)
    table.add_column("article", no_wrap=True)
    table.add_column("title", ratio=2)
    table.add_column("outlet")
    table.add_column("date", no_wrap=True)
    table.add_column("snippet", ratio=4)
    for hit in found:
        table.add_row(hit.article_id, escape(hit.title), escape(hit.source or "?"), hit.published or "?",
                      highlighted(hit.snippet))
    console.print(table)


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
