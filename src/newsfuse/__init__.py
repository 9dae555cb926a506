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
                print("  ", claim["measure"], claim["value"], claim["unit"])

Errors are `newsfuse.NewsfuseError` subclasses (see `newsfuse.errors`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from newsfuse.errors import NewsfuseError
from newsfuse.models import Article, Entity, Mention, Rejection, Story, Thread, TimeExpression
from newsfuse.version import __version__

if TYPE_CHECKING:
    from newsfuse.pipeline.run import Options, RunResult
    from newsfuse.store import Store

_LAZY = {"Options": "newsfuse.pipeline.run", "RunResult": "newsfuse.pipeline.run", "Store": "newsfuse.store"}


def __getattr__(name: str):
    """The heavy parts (spaCy, scikit-learn, the store) load only when used."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'newsfuse' has no attribute {name!r}")

__all__ = [
    "Article", "Entity", "Mention", "NewsfuseError", "Options", "Rejection", "RunResult", "Store", "Story",
    "Thread", "TimeExpression", "analyze", "articles", "claims", "entities", "events", "measures",
    "open_store", "quotes", "stories", "timeline",
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
    from newsfuse.present.views import story_entities

    for story in store.stories():
        story.entities = story_entities(store, story)
        yield story


def articles(store: Store, story: Story | None = None) -> list[Article]:
    return store.articles(story_id=story.id) if story else store.articles()


def entities(store: Store, story: Story) -> list[Entity]:
    from newsfuse.present.views import story_entities

    return story_entities(store, story)


def _facts(store: Store, story: Story, key: str) -> list[dict]:
    from newsfuse.present.views import story_facts

    return story_facts(store, story)[key]


def claims(store: Store, story: Story) -> list[dict]:
    """Numeric claims of a story: measure, value, unit, qualifier, as_of and the sentences behind them."""
    return _facts(store, story, "claims")


def measures(store: Store, story: Story) -> list[dict]:
    """Claims grouped by what they measure, with a status: agreed, conflicting, changed or single."""
    return _facts(store, story, "measures")


def events(store: Store, story: Story) -> list[dict]:
    return _facts(store, story, "events")


def quotes(store: Store, story: Story) -> list[dict]:
    return _facts(store, story, "quotes")


def timeline(store: Store, story: Story) -> list[dict]:
    from newsfuse.present.views import story_timeline

    return story_timeline(store, story)
