"""Named stages run in order over a `Batch`, with their needs checked once, when built.

A stage declares what it `requires` and what it `assigns` (e.g. requires "article.text", assigns
"article.mentions"); `Pipeline` refuses an order in which a stage needs what no earlier stage or
the ingest step provides. A per-article stage that fails on one article rejects that article with a
reason naming the stage, and the run goes on; a batch stage that raises is reported as a
`StageError` naming the stage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar, Protocol

from newsfuse.errors import PipelineError, StageError
from newsfuse.models import Article, Batch

# What ingest fills in on every article before any stage runs.
INGESTED: frozenset[str] = frozenset(
    {"article.raw", "article.title", "article.path", "article.url", "article.source", "article.published",
     "article.language"}
)


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, batch: Batch) -> Batch: ...


class ArticleStage:
    """A stage that enriches each article on its own; subclasses implement `process`.

    `process` returns the enriched article, or a string: the reason to reject the article.
    """

    name: ClassVar[str] = "article-stage"
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


def failure_reason(stage: str, exc: BaseException) -> str:
    """The rejection reason of an article a stage failed on (the run goes on without it)."""
    return f"stage '{stage}' failed: {type(exc).__name__}: {exc}"


class Pipeline:
    """Stages in order; `run` applies them to a batch and reports progress per stage."""

    def __init__(self, stages: Sequence[Stage], provided: Iterable[str] = INGESTED) -> None:
        available = set(provided)
        seen: set[str] = set()
        for stage in stages:
            if stage.name in seen:
                raise PipelineError(f"stage '{stage.name}' appears twice", stage=stage.name)
            seen.add(stage.name)
            missing = [need for need in stage.requires if need not in available]
            if missing:
                raise PipelineError(
                    f"stage '{stage.name}' needs {', '.join(missing)}, which no earlier stage assigns",
                    stage=stage.name,
                )
            available.update(stage.assigns)
        self.stages = list(stages)
        self.assigns = frozenset(available)

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def run(self, batch: Batch, on_stage: Callable[[str], None] | None = None) -> Batch:
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
