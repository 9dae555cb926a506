"""One text read once: the time tagger, the anchor, the figures and the events each ask for the
same article's (or sentence's) sentences, dates and time candidates, several times a run."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps

_CLEARS: list[Callable[[], None]] = []


def forget() -> None:
    """Empty every `per_text` memory (a benchmark times reading, not remembering)."""
    for clear in _CLEARS:
        clear()


def per_text(maxsize: int, max_chars: int) -> Callable:
    """Remember what `function(text, *args)` (a list) found for the last `maxsize` texts of at
    most `max_chars` characters (longer ones are read each time, so the cache holds bounded text).
    Each call gets a list of its own; the items are shared, so they must not be changed."""
    def decorate(function: Callable[..., list]) -> Callable[..., list]:
        remembered = lru_cache(maxsize=maxsize)(lambda *args: tuple(function(*args)))

        @wraps(function)
        def read(text: str, *args) -> list:
            return list(remembered(text, *args)) if len(text) <= max_chars else function(text, *args)

        read.cache_clear = remembered.cache_clear  # type: ignore[attr-defined]
        _CLEARS.append(remembered.cache_clear)
        return read
    return decorate
