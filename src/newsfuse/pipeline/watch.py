"""Follow feeds and pages as a story develops: poll, ingest only what is new, say what changed.

What was polled lives in the store (`watch_sources`, `watch_seen`), so a restarted watcher resumes:
it sends the validators it was given (ETag / Last-Modified), skips bodies it has seen (content
hash), and skips feed entries and page texts it has ingested.

Sources are fetched in parallel (at most MAX_PARALLEL at a time), each within the fetcher's
deadline, so a slow source delays no other. Whatever goes wrong with one source (a failed fetch,
a feed that cannot be read, an analysis that fails on its articles) is a rejection of that
source; the other sources' articles are ingested in the same poll.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from newsfuse.errors import InputError, NewsfuseError, StoreError
from newsfuse.ingest import RawRecord
from newsfuse.ingest.safe import one_line, printable
from newsfuse.models import Rejection
from newsfuse.store import Store
from newsfuse.pipeline.changes import StoryChange, facts_snapshot, story_changes
from newsfuse.fetch.client import Fetcher, FetchResult
from newsfuse.fetch.read import follow_link, is_link, read_result
from newsfuse.fetch.urls import scheme_problem


NEW, UNCHANGED, NOT_MODIFIED, FAILED = "new", "unchanged", "not modified", "failed"
MAX_PARALLEL = 8  # sources (and entry links) fetched at the same time
AnalyzeFn = Callable[[list[RawRecord]], object]  # returns a RunResult (articles, stories, rejected, added)


@dataclass(slots=True)
class SourceState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    last_polled: str | None = None
    failures: int = 0  # polls in a row that failed
    last_error: str | None = None


@dataclass(slots=True, frozen=True)
class SourcePoll:
    url: str
    outcome: str  # new, unchanged, not modified, failed
    new: int = 0  # new records (articles to be) from this source
    reason: str | None = None


@dataclass(slots=True)
class PollReport:
    started_at: str
    sources: list[SourcePoll] = field(default_factory=list)
    stories: list[StoryChange] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    added: int = 0  # articles added to the store
    seconds: float = 0.0

    def count(self, outcome: str) -> int:
        return sum(1 for s in self.sources if s.outcome == outcome)


class WatchState:
    """The watch tables of a store: validators and hashes per source, and the entries already ingested."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, url: str) -> SourceState:
        row = self.store.conn.execute("SELECT * FROM watch_sources WHERE url = ?", (url,)).fetchone()
        return SourceState(**dict(row)) if row else SourceState(url)

    def seen(self, url: str, keys: list[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            found.update(r[0] for r in self.store.conn.execute(
                f"SELECT entry_key FROM watch_seen WHERE url = ? AND entry_key IN ({','.join('?' * len(chunk))})",
                [url, *chunk]))
        return found

    def save(self, conn: sqlite3.Connection, state: SourceState, keys: Iterable[str], at: str) -> None:
        conn.execute(
            """INSERT OR REPLACE INTO watch_sources
               (url, etag, last_modified, content_hash, last_polled, failures, last_error)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            (state.url, state.etag, state.last_modified, state.content_hash, state.last_polled,
             state.failures, state.last_error))
        conn.executemany("INSERT OR IGNORE INTO watch_seen (url, entry_key, seen_at) VALUES (?, ?, ?)",
                         [(state.url, key, at) for key in keys])


class Watcher:
    """Polls sources, passes what is new to `analyze_fn`, and reports what changed per story."""

    def __init__(self, store: Store, fetcher: Fetcher, analyze_fn: AnalyzeFn,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep, *,
                 emit: Callable[[str], None] = print) -> None:
        self.store = store
        self.fetcher = fetcher
        self.analyze_fn = analyze_fn
        self.state = WatchState(store)
        self._clock = clock
        self._sleep = sleep
        self._emit = emit
        self.rejected = 0  # rejections reported over all polls (the command exits 1 when there were any)

    def run(self, sources: list[str], every: float, *, polls: int | None = None, quiet: bool = False) -> int:
        """Poll every `every` seconds until Ctrl-C (or `polls` polls); returns the number of polls done.

        Ctrl-C rolls back the write under way; what earlier polls saved stays, so the next run resumes.
        """
        done = 0
        try:
            while polls is None or done < polls:
                started = self._clock()
                try:
                    report = self.poll_once(sources)
                except StoreError:
                    raise
                except NewsfuseError as exc:  # e.g. a stage failed: say so, keep watching, retry next poll
                    self.rejected += 1
                    self._emit(f"poll failed: {exc}")
                else:
                    self.rejected += len(report.rejected)
                    for line in format_report(report, quiet=quiet):
                        self._emit(line)
                done += 1
                if polls is None or done < polls:
                    self._sleep(max(0.0, every - (self._clock() - started)))
        except KeyboardInterrupt:
            self._emit(f"stopped after {done} poll{'s' * (done != 1)}; "
                       "what was polled is saved, and the next run resumes from there")
        return done

    def poll_once(self, sources: list[str]) -> PollReport:
        """Fetch every source once (in parallel); analyze the new records together; then save the sources' state."""
        started = self._clock()
        report = PollReport(_iso(started))
        urls = list(dict.fromkeys(sources))
        states = {url: self.state.get(url) for url in urls}
        now = _iso(started)
        polled = _parallel(lambda url: self._fetch_source(url, states[url], now), urls,
                           lambda url, exc: _failed(states[url], now, f"poll failed: {one_line(exc)}"))
        items_by_source = self._new_items(urls, polled)
        records_by_source: dict[str, list[RawRecord]] = {}
        saves: list[tuple[SourceState, list[str]]] = []
        fetch_rejections: list[Rejection] = []
        for url in urls:
            poll, _, state, keys = polled[url]
            items = items_by_source.get(url, [])
            if poll.outcome not in (FAILED, NOT_MODIFIED) and poll.new == 0:
                new = sum(1 for i in items if isinstance(i, RawRecord))
                poll = SourcePoll(url, NEW if new else UNCHANGED, new)
            if poll.outcome == FAILED:
                fetch_rejections.append(Rejection(url, poll.reason or "failed"))
            report.sources.append(poll)
            records_by_source[url] = [i for i in items if isinstance(i, RawRecord)]
            fetch_rejections.extend(i for i in items if isinstance(i, Rejection))
            saves.append((state, keys))
        report.rejected = list(fetch_rejections)
        failed_analysis = self._analyze(records_by_source, report)
        with self.store.transaction() as conn:  # after the analysis: an interrupted poll is polled again
            for state, keys in saves:
                if state.url in failed_analysis:  # polled again next time, and reported again
                    state = replace(states[state.url], last_polled=now, failures=states[state.url].failures + 1,
                                    last_error=failed_analysis[state.url])
                    keys = []
                self.state.save(conn, state, keys, report.started_at)
            self.store.add_rejections(fetch_rejections + [Rejection(u, r) for u, r in failed_analysis.items()], conn)
        report.seconds = self._clock() - started
        return report

    def _analyze(self, records_by_source: dict[str, list[RawRecord]], report: PollReport) -> dict[str, str]:
        """Analyze the new records of all sources at once; when that fails, source by source, so a source
        whose articles break the analysis is rejected alone. Returns {source: reason} of the failed ones."""
        records = [r for group in records_by_source.values() for r in group]
        if not records:
            return {}
        known = self.store.known_ids(r.article_id for r in records)
        before = facts_snapshot(self.store)
        results = []
        failed: dict[str, str] = {}
        try:
            results.append(self.analyze_fn(records))
        except StoreError:
            raise
        except NewsfuseError:
            for url, group in records_by_source.items():
                if not group:
                    continue
                try:
                    results.append(self.analyze_fn(group))
                except StoreError:
                    raise
                except NewsfuseError as exc:
                    failed[url] = f"analysis failed: {one_line(exc)}"
                    report.rejected.append(Rejection(url, failed[url]))
        results = [r for r in results if r is not None]
        if not results:  # an analyze_fn that only collects (the benchmark's)
            report.added = len(records) - sum(len(records_by_source[u]) for u in failed)
            return failed
        report.added = sum(r.added for r in results)
        for result in results:
            report.rejected.extend(r for r in result.rejected if r not in report.rejected)
        articles = [a for r in results for a in r.articles]
        stories = list({s.id: s for r in results for s in r.stories}.values())
        report.stories = story_changes(self.store, articles, stories, known, before)
        return failed

    def _fetch_source(self, url: str, state: SourceState, now: str) -> _Polled:
        """One source fetched and read (in a worker thread: no store access here)."""
        result = self.fetcher.fetch(url, etag=state.etag, last_modified=state.last_modified)
        if isinstance(result, Rejection):
            return _failed(state, now, result.reason)
        fresh = replace(state, etag=result.etag or state.etag, last_polled=now, failures=0, last_error=None,
                        last_modified=result.last_modified or state.last_modified)
        if result.not_modified:
            return SourcePoll(url, NOT_MODIFIED), [], fresh, []
        fresh.content_hash = hashlib.sha256(result.body).hexdigest()
        if fresh.content_hash == state.content_hash:
            return SourcePoll(url, UNCHANGED), [], fresh, []
        keyed = [(item, _entry_key(url, result.url, item)) for item in read_result(url, result)]
        return SourcePoll(url, UNCHANGED), keyed, fresh, []

    def _new_items(self, urls: Sequence[str], polled: dict[str, _Polled]) -> dict[str, list[RawRecord | Rejection]]:
        """Per source, the records not ingested before; link-only entries are fetched (in parallel) only when new.

        The keys of what was taken are added to each source's `polled` entry, to be saved with it."""
        slots: dict[str, list[RawRecord | Rejection | int]] = {}
        links: list[tuple[str, RawRecord, str]] = []
        for url in urls:
            _, keyed, _, keys = polled[url]
            seen = self.state.seen(url, [key for _, key in keyed if isinstance(key, str)])
            slot: list[RawRecord | Rejection | int] = []
            for item, key in keyed:
                if not isinstance(key, str):  # a rejection, or the rejection of a page without text
                    slot.append(key or item)
                    continue
                if key in seen:
                    continue
                seen.add(key)
                if is_link(item):
                    slot.append(len(links))
                    links.append((url, item, key))
                    continue
                slot.append(item)
                keys.append(key)
            slots[url] = slot
        followed = _parallel(lambda i: follow_link(links[i][1], self.fetcher), range(len(links)),
                             lambda i, exc: [Rejection(links[i][1].url or links[i][0],
                                                       f"fetching the entry's link failed: {one_line(exc)}")])
        items: dict[str, list[RawRecord | Rejection]] = {}
        for url, slot in slots.items():
            items[url] = []
            for entry in slot:
                if not isinstance(entry, int):
                    items[url].append(entry)
                    continue
                got = followed[entry]
                items[url].extend(got)
                if any(isinstance(i, RawRecord) for i in got):
                    polled[url][3].append(links[entry][2])  # a link that gave nothing is tried again later
        return items


_Polled = tuple[SourcePoll, list, SourceState, list[str]]  # (poll, keyed items, state to save, keys taken)


def _failed(state: SourceState, now: str, reason: str) -> _Polled:
    failed = replace(state, last_polled=now, failures=state.failures + 1, last_error=reason)
    return SourcePoll(state.url, FAILED, reason=reason), [], failed, []


def _parallel(work: Callable, keys: Iterable, on_error: Callable) -> dict:
    """{key: work(key)} computed in at most MAX_PARALLEL threads; an exception gives on_error(key, exc)."""
    keys = list(keys)
    if not keys:
        return {}

    def guarded(key):
        try:
            return work(key)
        except Exception as exc:  # noqa: BLE001 - one source's failure is that source's rejection
            return on_error(key, exc)

    with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(keys)), thread_name_prefix="watch") as pool:
        return dict(zip(keys, pool.map(guarded, keys)))


def _entry_key(label: str, final_url: str, item: RawRecord | Rejection) -> str | Rejection | None:
    """What identifies a record across polls: an entry's link, an entry's content, or a page's text."""
    if isinstance(item, Rejection):
        return None
    if is_link(item):
        return "link:" + (item.url or item.identity)
    if item.path == label:  # a page: its extracted text, so a new ad or timestamp is not news
        from newsfuse.ingest.extract import article_from_record

        article = article_from_record(item)
        if isinstance(article, Rejection):
            return article
        return "page:" + _digest(article.title, article.raw)
    positional = item.identity.startswith((f"{label}#", f"{final_url}#"))  # no link or id: position shifts
    return "entry:" + _digest("" if positional else item.identity, item.title or "", item.body)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds")


# -- the command line's helpers ---------------------------------------------------------------------
def load_sources(path: Path) -> tuple[list[str], list[Rejection]]:
    """URLs from a sources file (one per line; '#' starts a comment), and the lines that are not URLs."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the sources file {path}: {getattr(exc, 'strerror', None) or exc}",
                         path=str(path)) from exc
    urls: dict[str, None] = {}
    rejected = []
    for number, line in enumerate(lines, start=1):
        url, rest = (line.split(maxsplit=1) + ["", ""])[:2]
        if not url or url.startswith("#"):
            continue
        problem = scheme_problem(url)
        if problem is None and rest and not rest.startswith("#"):
            problem = f"unexpected text after the URL ({rest})"
        if problem:
            rejected.append(Rejection(f"{path}:{number}", f"{problem}: {url}"))
        else:
            urls[url] = None
    return list(urls), rejected


_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr)?\s*$", re.IGNORECASE)


def parse_interval(text: str) -> float:
    """Seconds from "90s", "10m", "1h" or a bare number of seconds; at least one second."""
    match = _INTERVAL.match(text)
    if not match:
        raise InputError(f"cannot read the interval {text!r}: write it like 90s, 10m or 1h")
    unit = (match.group(2) or "s").lower()[0]
    seconds = float(match.group(1)) * {"s": 1, "m": 60, "h": 3600}[unit]
    if seconds < 1:
        raise InputError(f"the interval {text!r} is shorter than one second")
    return seconds


def format_report(report: PollReport, *, quiet: bool = False) -> list[str]:
    """The lines `newsfuse watch` prints for one poll: a summary, then each story's changes.

    Titles, outlets and reasons come from the web: control characters and bidi marks in them are
    shown escaped, so a feed cannot fake or reverse a line of the output."""
    lines = []
    if not quiet or report.stories:
        failed = report.count(FAILED)
        lines.append(
            f"{report.started_at}  {len(report.sources)} sources: {report.count(NEW)} with news, "
            f"{report.count(NOT_MODIFIED) + report.count(UNCHANGED)} unchanged"
            + (f", {failed} failed" if failed else "") + f"; {report.added} articles added")
    for story in report.stories:
        lines.append(f"  {'new story' if story.new_story else 'story'} {story.story_id}: {printable(story.title)}")
        for article in story.articles:
            outlet = article.source or "unknown outlet"
            tag = " (new outlet)" if article.source in story.new_outlets and not story.new_story else ""
            dup = " (duplicate)" if article.duplicate_of else ""
            lines.append(f"    + {printable(article.title or article.url or article.id)} — {printable(outlet)}{tag}{dup}")
        for figure in story.new_figures:
            lines.append(f"    + figure {figure.label}: {' / '.join(figure.values)}")
        for figure in story.changed_figures:
            lines.append(f"    ~ figure {figure.label}: {' / '.join(figure.previous)} → {' / '.join(figure.values)}")
        for figure in story.new_conflicts:
            lines.append(f"    ! conflict {figure.label}: {' vs '.join(figure.values)}")
    for rejection in report.rejected:
        lines.append(f"  rejected {printable(rejection.path)}: {printable(rejection.reason)}")
    return lines
