"""robots.txt, read once per host and kept for a while, with the status rules of RFC 9309.

A robots.txt that is missing (any 4xx) allows everything; one the server fails to give (5xx, 429)
forbids everything for now; a host that cannot be reached gives its network error.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

AGENT = "newsfuse"  # the product token robots.txt groups are matched against
MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309 asks crawlers to parse at least 500 KiB
RETRY_FAILED = 60.0  # seconds before asking again for a robots.txt that could not be had


@dataclass(slots=True)
class RobotsOutcome:
    """What one robots.txt request gave: its text, or the HTTP status of a failure, or a network error."""

    text: str | None = None
    status: int | None = None
    error: str | None = None


@dataclass(slots=True)
class _Entry:
    parser: RobotFileParser | None
    problem: str | None  # a reason that forbids every URL of the host for now
    expires: float


class RobotsCache:
    """Answers "may newsfuse fetch this URL?" for every host, asking each host once per `ttl`."""

    def __init__(self, load: Callable[[str], RobotsOutcome], clock: Callable[[], float], ttl: float) -> None:
        self._load = load
        self._clock = clock
        self._ttl = ttl
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}  # one robots.txt request per host at a time

    def problem(self, url: str) -> str | None:
        """Why robots.txt keeps newsfuse from `url`, or None when it may be fetched."""
        entry = self._entry(url)
        if entry.problem:
            return entry.problem
        if entry.parser is not None and not entry.parser.can_fetch(AGENT, url):
            return "forbidden by robots.txt"
        return None

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay robots.txt asks of newsfuse on this host, if any (only once it has been read)."""
        entry = self._entries.get(_origin(url))
        if entry is None or entry.parser is None:
            return None
        delay = entry.parser.crawl_delay(AGENT)
        return float(delay) if delay is not None else None

    def _entry(self, url: str) -> _Entry:
        origin = _origin(url)
        with self._lock:
            lock = self._origin_locks.setdefault(origin, threading.Lock())
        with lock:
            now = self._clock()
            entry = self._entries.get(origin)
            if entry is None or now >= entry.expires:
                entry = self._read(origin, now)
                self._entries[origin] = entry
            return entry

    def _read(self, origin: str, now: float) -> _Entry:
        outcome = self._load(origin + "/robots.txt")
        if outcome.text is not None:
            parser = RobotFileParser()
            parser.parse(outcome.text.splitlines())
            return _Entry(parser, None, now + self._ttl)
        if outcome.status is not None and 400 <= outcome.status < 500 and outcome.status != 429:
            return _Entry(None, None, now + self._ttl)  # no robots.txt: everything is allowed
        if outcome.status is not None:
            reason = f"robots.txt unavailable (HTTP {outcome.status}); the host is not fetched until it answers"
            return _Entry(None, reason, now + RETRY_FAILED)
        return _Entry(None, outcome.error or "robots.txt could not be read", now + RETRY_FAILED)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
