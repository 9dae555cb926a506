"""Freed heap memory given back to the system between large pieces of work.

glibc's allocator keeps the pages of freed objects for reuse: after a chunk of long parts has been
parsed and stored, or a story of 2,000,000 characters analysed, hundreds of MB stay resident though
nothing uses them (the 5 MiB long text enters its story stage at 615 MB, 365 MB once trimmed), and
the next piece of work starts from there. `give_back` asks glibc to return them (`malloc_trim`);
elsewhere (macOS, musl) it does nothing. It changes no result, only the resident size.
"""

from __future__ import annotations

import ctypes
import time

MIN_INTERVAL = 2.0  # seconds between two trims: a run of many small stories is not slowed

_trim = None  # libc's malloc_trim, False where there is none
_last = 0.0


def give_back(*, force: bool = False) -> bool:
    """Return freed heap pages to the system (at most once every MIN_INTERVAL seconds unless
    `force`); whether a trim ran."""
    global _trim, _last
    if _trim is None:
        try:
            _trim = ctypes.CDLL("libc.so.6").malloc_trim
            _trim.argtypes, _trim.restype = [ctypes.c_size_t], ctypes.c_int
        except (OSError, AttributeError):
            _trim = False
    now = time.monotonic()
    if not _trim or (not force and now - _last < MIN_INTERVAL):
        return False
    _trim(0)
    _last = time.monotonic()
    return True
