"""The exceptions newsfuse raises, all under one base class.

    NewsfuseError            anything newsfuse raises on purpose; the CLI turns it into a message
    ├── ConfigError          a bad setting (unknown spaCy pipeline, unreadable gazetteer, ...)
    ├── PipelineError        stages in an order that cannot work (checked when the pipeline is built)
    ├── StageError           a stage failed on an article; names the stage and the article
    ├── StoreError           the SQLite store cannot be opened, migrated or written
    │   ├── NotFoundError    an id (story, article, entity) that is not in the store
    │   └── AmbiguousError   an id prefix that fits several stored ids (lists them)
    └── InputError           an input cannot be read at all (not a rejection of one file: a usage error)

Rejections of single files or records are not exceptions: they are `Rejection` values.
"""

from __future__ import annotations


class NewsfuseError(Exception):
    """Base class of every error newsfuse raises on purpose."""


class ConfigError(NewsfuseError):
    def __init__(self, message: str, *, setting: str | None = None) -> None:
        super().__init__(message)
        self.setting = setting


class PipelineError(NewsfuseError):
    """The stages cannot run in the order given: a stage needs what no earlier stage adds."""

    def __init__(self, message: str, *, stage: str | None = None) -> None:
        super().__init__(message)
        self.stage = stage


class StageError(NewsfuseError):
    """A stage raised while working on an article."""

    def __init__(self, stage: str, article_id: str | None, path: str | None, cause: BaseException) -> None:
        where = f" on article {article_id} ({path})" if article_id else ""
        super().__init__(f"stage '{stage}' failed{where}: {type(cause).__name__}: {cause}")
        self.stage = stage
        self.article_id = article_id
        self.path = path
        self.__cause__ = cause


class StoreError(NewsfuseError):
    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class NotFoundError(StoreError):
    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"no {kind} '{key}' in the store")
        self.kind = kind
        self.key = key


class AmbiguousError(StoreError):
    def __init__(self, kind: str, key: str, candidates: list[str]) -> None:
        shown = ", ".join(candidates[:10]) + (", …" if len(candidates) > 10 else "")
        super().__init__(f"'{key}' fits more than one {kind}: {shown} (give more of the id)")
        self.kind = kind
        self.key = key
        self.candidates = candidates


class InputError(NewsfuseError):
    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path
