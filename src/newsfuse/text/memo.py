"""One text read once: the time tagger, the anchor, the figures and the events each ask for the
same article's (or sentence's) sentences, dates and time candidates, several times a run."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

_CLEARS: list[Callable[[], None]] = []
# Characters of whole articles a memory of them holds: an article is read at ingest and read again
# when its story is analysed at the end of the run, so the memory spans a run's articles (all 772
# ECB+ texts are 1.3 million characters), not the last 256 of them.
RUN_TEXTS = 2_000_000


def forget() -> None:
    """Empty every `per_text` memory (a benchmark times reading, not remembering)."""
    for clear in _CLEARS:
        clear()


def per_text(maxsize: int, max_chars: int, held_chars: int | None = None, *, immutable: bool = False) -> Callable:
    """Remember what `function(text, *args)` (a list) found for the last `maxsize` texts of at
    most `max_chars` characters, and of at most `held_chars` characters together (default
    `maxsize * max_chars`); longer texts are read each time, so the cache holds bounded text.
    Each call gets a list of its own; the items are shared, so they must not be changed.
    `immutable`: the function returns an immutable value (a frozenset), remembered and given as is."""
    budget = maxsize * max_chars if held_chars is None else held_chars

    def decorate(function: Callable[..., list]) -> Callable[..., list]:
        remembered: OrderedDict[tuple, object] = OrderedDict()  # least recently read first
        held = 0

        @wraps(function)
        def read(text: str, *args) -> list:
            nonlocal held
            if len(text) > max_chars:
                return function(text, *args)
            key = (text, *args)
            found = remembered.get(key)
            if found is not None:
                remembered.move_to_end(key)
                return found if immutable else list(found)
            found = function(text, *args) if immutable else tuple(function(text, *args))
            remembered[key] = found
            held += len(text)
            while len(remembered) > maxsize or held > budget:
                oldest, _ = remembered.popitem(last=False)
                held -= len(oldest[0])
            return found if immutable else list(found)

        def clear() -> None:
            nonlocal held
            remembered.clear()
            held = 0

        read.cache_clear = clear  # type: ignore[attr-defined]
        read.cache_held = lambda: (len(remembered), held)  # type: ignore[attr-defined]  # texts, characters
        _CLEARS.append(clear)
        return read
    return decorate
