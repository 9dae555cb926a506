"""newsfuse: turn many outlets' reports on a developing story into one verified, cited picture.

The Python API, for notebooks and scripts::

    import newsfuse

    result = newsfuse.analyze(["reports/"], db="kosovo.db")   # ingest, analyze, store
    with newsfuse.open_store("kosovo.db") as store:
        for story in newsfuse.stories(store):
            print(story.title, story.date_start, len(story.article_ids))
            for entity in newsfuse.entities(store, story):
                print("  ", entity.type, entity.name, entity.aliases)
            for claim in newsfuse.claims(store, story):
                print("  ", claim.measure, claim.value, claim.unit, claim.as_of)
            result = newsfuse.story_result(store, story)   # entities, timeline, facts at once
            for measure in result.facts.measures:
                print("  ", measure.status, measure.label, [c.value for c in result.facts.claims_of(measure)])

Results are records (`newsfuse.store.results`: `ClaimResult`, `MeasureResult`, `EventResult`,
`QuoteResult`, timeline `TimelineEntry`) with the fields of the JSON report; `newsfuse.format`
writes their figures and dates for people (`format.quantity(claim.value, claim.unit, ...)`).
Scripts written when these were dicts keep working: `claim["value"]`, `claim.get("as_of")`.
Errors are `newsfuse.NewsfuseError` subclasses (see `newsfuse.errors`).
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from newsfuse.errors import NewsfuseError
from newsfuse.models import Article, Entity, Mention, Rejection, Story, Thread, TimeExpression
from newsfuse.version import __version__

if TYPE_CHECKING:
    from newsfuse.pipeline.run import Options, RunResult
    from newsfuse.store import Store
    from newsfuse.store.results import (ClaimResult, EventResult, MeasureResult, QuoteResult, StoryResult,
                                        ThreadResult)
    from newsfuse.timex import TimelineEntry

_RESULTS = ("ClaimResult", "EventResult", "FactsResult", "MeasureResult", "QuoteResult", "StoryResult", "ThreadResult")
_LAZY = {"Options": "newsfuse.pipeline.run", "RunResult": "newsfuse.pipeline.run", "Store": "newsfuse.store",
         "TimelineEntry": "newsfuse.timex", **{name: "newsfuse.store.results" for name in _RESULTS}}


def __getattr__(name: str):
    """The heavy parts (spaCy, scikit-learn, the store) load only when used."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'newsfuse' has no attribute {name!r}")

__all__ = [
    "Article", "ClaimResult", "Entity", "EventResult", "FactsResult", "MeasureResult", "Mention", "NewsfuseError",
    "Options", "QuoteResult", "Rejection", "RunResult", "Store", "Story", "StoryResult", "Thread", "ThreadResult",
    "TimeExpression", "TimelineEntry", "analyze", "articles", "claims", "entities", "events", "measures",
    "open_store", "quotes", "stories", "story_result", "thread_result", "timeline",
]


def open_store(path: str | Path = "newsfuse.db") -> Store:
    """Open an existing newsfuse store; use it as a context manager. A missing file is a `StoreError`
    (use `newsfuse.analyze` or `Store(path)` to create one)."""
    from newsfuse.store import Store

    return Store.existing(path)


def analyze(paths: Iterable[str], db: str | Path = "newsfuse.db", *, model: str | None = None) -> RunResult:
    """Ingest and analyze files, directories or URLs into the store `db`; returns what the run saw."""
    from newsfuse.pipeline.run import Options, analyze as run
    from newsfuse.store import Store

    with Store(db) as store:
        return run(list(paths), store, Options(model=model))


def stories(store: Store) -> Iterator[Story]:
    """Every story in the store, oldest first, with its entities filled in."""
    from newsfuse.store.results import entities_result

    for story in store.stories():
        story.entities = entities_result(store, story.id)
        yield story


def articles(store: Store, story: Story | None = None) -> list[Article]:
    return store.articles(story_id=story.id) if story else store.articles()


def entities(store: Store, story: Story | str) -> list[Entity]:
    """The story's entities (people, organizations, places) with their mentions."""
    from newsfuse.store.results import entities_result

    return entities_result(store, _story_id(store, story))


def story_result(store: Store, story: Story | str) -> StoryResult:
    """Everything the last analysis stored for a story (a `Story`, an id or a unique prefix):
    `entities`, `timeline`, `facts` (claims, measures, events, quotes) and the analysis `version`."""
    from newsfuse.store.results import story_result as read

    return read(store, _story_id(store, story))


def thread_result(store: Store, thread: Thread | str) -> ThreadResult:
    """The figures cross-checked over a whole thread (a `Thread`, an id or a unique prefix)."""
    from newsfuse.store.results import thread_result as read

    return read(store, thread.id if isinstance(thread, Thread) else store.thread(thread).id)


def _story_id(store: Store, story: Story | str) -> str:
    return story.id if isinstance(story, Story) else store.story_id(story)


def claims(store: Store, story: Story | str) -> list[ClaimResult]:
    """Numeric claims of a story: `measure`, `value`, `unit`, `qualifier`, `as_of` and the
    `sources` (sentences) behind them."""
    from newsfuse.store.results import facts_result

    return facts_result(store, "story", _story_id(store, story)).claims


def measures(store: Store, story: Story | str) -> list[MeasureResult]:
    """Claims grouped by what they measure, with a `status`: agreed, conflicting, changed or single."""
    from newsfuse.store.results import facts_result

    return facts_result(store, "story", _story_id(store, story)).measures


def events(store: Store, story: Story | str) -> list[EventResult]:
    from newsfuse.store.results import facts_result

    return facts_result(store, "story", _story_id(store, story)).events


def quotes(store: Store, story: Story | str) -> list[QuoteResult]:
    from newsfuse.store.results import facts_result

    return facts_result(store, "story", _story_id(store, story)).quotes


def timeline(store: Store, story: Story | str) -> list[TimelineEntry]:
    """The story's dated statements, oldest first; `newsfuse.format.date_text(entry.date)` reads them."""
    from newsfuse.store.results import timeline_result

    return timeline_result(store, _story_id(store, story))


class _Api(types.ModuleType):
    """`newsfuse.stories` and `newsfuse.entities` are functions of the API and also the names of
    subpackages: Python sets a package's attribute when it imports a subpackage, which would
    replace the function with the module as soon as the store or the pipeline is loaded."""

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and isinstance(self.__dict__.get(name), types.FunctionType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Api
