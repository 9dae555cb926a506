"""The stage contract: named stages of four scopes, their declared fields checked when built.

A stage has a `scope` ("article", "batch", "story" or "thread"), and declares what it `requires`
and what it `assigns` as "scope.field" names ("article.text", "story.timeline"). `Pipeline` checks,
once, when it is built: every name is a field of that record (`Article`, `Batch`, `Story`,
`Thread`), a stage assigns only fields of its own record or of the records it holds (a story holds
articles, a thread stories), and every need is met by what the pipeline starts with (`provided`)
or an earlier stage assigns. At run time each stage's return is checked to be its record.

Failures are values, and the run goes on: an article-scope stage failing on one article rejects
that article naming the stage; a story- or thread-scope stage failing on one story or thread
yields a `StageFailure` naming the stage and the story. A batch stage that raises is a
`StageError` naming the stage: the batch as a whole cannot go on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

from newsfuse.errors import PipelineError, StageError
from newsfuse.models import Article, Batch, Story, Thread

RECORDS: dict[str, type] = {"article": Article, "batch": Batch, "story": Story, "thread": Thread}
# The records a stage of each scope can reach, hence may assign fields of.
HOLDS: dict[str, frozenset[str]] = {
    "article": frozenset({"article"}),
    "batch": frozenset({"batch", "article"}),
    "story": frozenset({"story", "article"}),
    "thread": frozenset({"thread", "story", "article"}),
}
# Pipelines run over one kind of unit: a batch (article and batch stages), a story or a thread.
UNIT: dict[str, str] = {"article": "batch", "batch": "batch", "story": "story", "thread": "thread"}

# What ingest fills in on every article before any stage runs.
INGESTED: frozenset[str] = frozenset(
    {"article.id", "article.raw", "article.title", "article.path", "article.url", "article.source",
     "article.published", "article.language", "article.inferred"}
)


class Stage(Protocol):
    name: str
    scope: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, record): ...


@dataclass(slots=True, frozen=True)
class StageFailure:
    """A story or thread a stage failed on; its analysis stays as it was, the run goes on."""

    scope: str  # "story" or "thread"
    key: str  # the story or thread id
    stage: str
    reason: str

    def __str__(self) -> str:
        return f"{self.scope} {self.key}: {self.reason}"


def field_names(record: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(record))


def checked(stage: str, names: Iterable[str]) -> tuple[str, ...]:
    """`names` if each is "scope.field" with a field of that scope's record; else a PipelineError."""
    names = tuple(names)
    for name in names:
        scope, _, attr = name.partition(".")
        record = RECORDS.get(scope)
        if record is None:
            raise PipelineError(f"stage '{stage}': '{name}' names no record (one of {', '.join(RECORDS)})",
                                stage=stage)
        if attr not in field_names(record):
            raise PipelineError(f"stage '{stage}': '{name}' is not a field of {record.__name__}", stage=stage)
    return names


def failure_reason(stage: str, exc: BaseException) -> str:
    """The rejection reason of an article a stage failed on (the run goes on without it)."""
    return f"stage '{stage}' failed: {type(exc).__name__}: {exc}"


class ArticleStage:
    """A stage that enriches each article on its own; subclasses implement `process`.

    `process` returns the enriched article, or a string: the reason to reject the article.
    """

    name: ClassVar[str] = "article-stage"
    scope: ClassVar[str] = "article"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def process(self, article: Article) -> Article | str:
        raise NotImplementedError

    def __call__(self, batch: Batch) -> Batch:
        for article in list(batch.articles):
            try:
                result = self.process(article)
            except Exception as exc:  # noqa: BLE001 - one bad article must not stop the run
                batch.reject(article, failure_reason(self.name, exc))
                continue
            if isinstance(result, str):
                batch.reject(article, result)
            elif not isinstance(result, Article):
                raise StageError(self.name, article.id, article.path,
                                 TypeError(f"process() returned {type(result).__name__}, not Article"))
        return batch


class StoryStage:
    """A stage over one story (its articles loaded); `process` returns the story, enriched."""

    name: ClassVar[str] = "story-stage"
    scope: ClassVar[str] = "story"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def process(self, story: Story) -> Story:
        raise NotImplementedError

    def __call__(self, story: Story) -> Story:
        return self.process(story)


class ThreadStage:
    """A stage over one thread (its stories, with their analysis, loaded)."""

    name: ClassVar[str] = "thread-stage"
    scope: ClassVar[str] = "thread"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def process(self, thread: Thread) -> Thread:
        raise NotImplementedError

    def __call__(self, thread: Thread) -> Thread:
        return self.process(thread)


class Pipeline:
    """Stages in order over one kind of unit (a batch, a story or a thread), checked when built.

    `provided` is what every unit holds before the first stage: for a batch, what ingest fills
    in (`INGESTED`); for a story or thread, what the run loads (see `pipeline.stages`).
    """

    def __init__(self, stages: Sequence[Stage], provided: Iterable[str] = INGESTED) -> None:
        self.stages = list(stages)
        units = {UNIT.get(getattr(stage, "scope", None), None) for stage in self.stages}
        for stage in self.stages:
            if getattr(stage, "scope", None) not in UNIT:
                raise PipelineError(f"stage '{stage.name}' has no scope (one of {', '.join(UNIT)})",
                                    stage=stage.name)
        if len(units) > 1:
            raise PipelineError(f"stages of {' and '.join(sorted(units))} units cannot share a pipeline: "
                                f"{', '.join(f'{s.name} ({s.scope})' for s in self.stages)}")
        self.unit = units.pop() if units else "batch"
        available = set(checked("provided", provided))
        seen: set[str] = set()
        for stage in self.stages:
            if stage.name in seen:
                raise PipelineError(f"stage '{stage.name}' appears twice", stage=stage.name)
            seen.add(stage.name)
            requires, assigns = checked(stage.name, stage.requires), checked(stage.name, stage.assigns)
            missing = [need for need in requires if need not in available]
            if missing:
                raise PipelineError(
                    f"stage '{stage.name}' needs {', '.join(missing)}, which no earlier stage assigns",
                    stage=stage.name,
                )
            foreign = [name for name in assigns if name.partition(".")[0] not in HOLDS[stage.scope]]
            if foreign:
                raise PipelineError(f"stage '{stage.name}' ({stage.scope} scope) cannot assign "
                                    f"{', '.join(foreign)}", stage=stage.name)
            available.update(assigns)
        self.assigns = frozenset(available)

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def run(self, batch: Batch, on_stage: Callable[[str], None] | None = None) -> Batch:
        """Every stage over the batch; failing articles end up in `batch.rejected`."""
        if self.unit != "batch":
            raise PipelineError(f"a pipeline of {self.unit} stages runs over {self.unit}s, not a batch")
        for stage in self.stages:
            if on_stage:
                on_stage(stage.name)
            try:
                result = stage(batch)
            except StageError:
                raise
            except Exception as exc:  # noqa: BLE001 - a batch stage failed as a whole
                raise StageError(stage.name, None, None, exc) from exc
            if not isinstance(result, Batch):
                raise StageError(stage.name, None, None,
                                 TypeError(f"stage returned {type(result).__name__}, not Batch"))
            batch = result
        return batch

    def run_one(self, record: Story | Thread) -> Story | Thread | StageFailure:
        """Every stage over one story or thread: the enriched record, or the failure of a stage.

        A stage returning something else than its record is a defect of the stage, not of the
        story: a `StageError` naming it.
        """
        expected = RECORDS[self.unit]
        if not isinstance(record, expected):
            raise PipelineError(f"a pipeline of {self.unit} stages cannot run over {type(record).__name__}")
        for stage in self.stages:
            try:
                result = stage(record)
            except Exception as exc:  # noqa: BLE001 - one story's failure must not stop the others
                return StageFailure(self.unit, record.id, stage.name, failure_reason(stage.name, exc))
            if not isinstance(result, expected):
                raise StageError(stage.name, None, None, TypeError(
                    f"stage returned {type(result).__name__}, not {expected.__name__} ({self.unit} {record.id})"))
            record = result
        return record

    def run_each(self, records: Iterable[Story | Thread]) -> Iterator[Story | Thread | StageFailure]:
        """`run_one` over each record, in order."""
        for record in records:
            yield self.run_one(record)
