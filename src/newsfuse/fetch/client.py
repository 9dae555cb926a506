"""The polite fetcher: names itself, honours robots.txt, paces each host, retries, caps sizes.

`Fetcher.fetch` never raises for a bad address or a bad server: every failure comes back as a
`Rejection` whose reason says what went wrong (HTTP status, timeout, too large, not HTML or a feed,
refused address). One deadline covers a whole fetch: robots.txt, redirects, retries and the waits
between them. Every connection goes to an address the policy allows (newsfuse.fetch.net), and the
fetcher may be used from several threads at once (`newsfuse watch` polls sources in parallel).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from newsfuse.models import Rejection
from newsfuse.fetch.net import GuardedBackend, GuardedTransport, RefusedAddress
from newsfuse.fetch.robots import MAX_ROBOTS_BYTES, RobotsCache, RobotsOutcome
from newsfuse.fetch.urls import AddressPolicy, Resolver, address_problem, literal_address, resolve, scheme_problem
from newsfuse.ingest.safe import size_label
from newsfuse.ingest.urls import strip_credentials

TIMEOUT, DEADLINE = 10.0, 60.0
REDIRECTS = {301, 302, 303, 307, 308}
RETRY_STATUSES = {429, 500, 502, 503, 504}
ACCEPT = ("text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
          "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/plain;q=0.7, */*;q=0.1")
_ACCEPTED_TYPES = {
    "text/html", "text/plain", "text/xml", "text/markdown", "application/xhtml+xml", "application/xml",
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/x-rss+xml",
    "application/json", "application/feed+json",
}


@dataclass(slots=True, frozen=True)
class FetchSettings:
    """How newsfuse behaves on the web; the CLI fills it from the environment (`from_env`)."""

    contact: str | None = None  # an e-mail or URL site owners can reach the operator at
    timeout: float = TIMEOUT  # seconds to connect, and to wait for each part of a response
    deadline: float = DEADLINE  # seconds one fetch may take in all: robots.txt, redirects, retries and waits
    max_bytes: int = 10 * 1024 * 1024  # larger responses are rejected, not kept in memory
    max_redirects: int = 5
    retries: int = 2  # further attempts after a 5xx, 429, timeout or connection error
    backoff: float = 1.0  # seconds before the first retry; doubles with every retry
    max_backoff: float = 30.0  # the longest wait before a retry; a longer Retry-After gives up at once
    per_host_interval: float = 1.0  # seconds between two requests to the same host
    allow_loopback: bool = False  # 127.0.0.0/8 and ::1 (a local feed server, the tests)
    allow_private: bool = False  # 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7 (never link-local or metadata)
    obey_robots: bool = True
    robots_ttl: float = 3600.0  # seconds a host's robots.txt is kept

    @property
    def user_agent(self) -> str:
        from newsfuse.version import __version__

        return f"newsfuse/{__version__}" + (f" (+contact: {self.contact})" if self.contact else "")

    @property
    def policy(self) -> AddressPolicy:
        return AddressPolicy(self.allow_loopback, self.allow_private)

    @classmethod
    def from_env(cls, *, environ: Mapping[str, str] | None = None, **overrides) -> FetchSettings:
        """Settings for the CLI: NEWSFUSE_CONTACT sets the contact; NEWSFUSE_ALLOW_LOOPBACK=1 and
        NEWSFUSE_ALLOW_PRIVATE=1 do what --allow-loopback and --allow-private do; NEWSFUSE_FETCH_DEADLINE
        sets the seconds one URL may take (60 by default)."""
        environ = os.environ if environ is None else environ

        def flag(name: str) -> bool:
            return environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}

        values = {"contact": environ.get("NEWSFUSE_CONTACT", "").strip() or None,
                  "allow_loopback": flag("NEWSFUSE_ALLOW_LOOPBACK"), "allow_private": flag("NEWSFUSE_ALLOW_PRIVATE")}
        try:
            deadline = float(environ.get("NEWSFUSE_FETCH_DEADLINE", "") or DEADLINE)
        except ValueError:
            deadline = DEADLINE
        if 0 < deadline != DEADLINE:
            values.update(deadline=deadline, timeout=min(TIMEOUT, deadline))
        overrides = {k: v for k, v in overrides.items() if v is not None}
        if overrides.get("allow_loopback") is False:
            overrides.pop("allow_loopback")  # a flag not given leaves the environment's choice
        if overrides.get("allow_private") is False:
            overrides.pop("allow_private")
        return cls(**{**values, **overrides})


@dataclass(slots=True, frozen=True)
class FetchResult:
    """A response newsfuse can read: its final URL, status, headers and body."""

    url: str  # after redirects
    status: int
    headers: httpx.Headers
    body: bytes
    content_type: str  # media type in lower case, "" when the server named none
    encoding: str | None  # the charset the Content-Type header names, if any
    not_modified: bool = False  # 304 to a conditional request: `body` is empty
    redirects: tuple[str, ...] = ()  # the URLs that redirected here, first one first

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


@dataclass(slots=True, frozen=True)
class _Failure:
    reason: str
    status: int | None = None
    retry: bool = False
    retry_after: float | None = None
    redirect: bool = False  # a redirect that could not be followed


@dataclass(slots=True, frozen=True)
class _Redirect:
    location: str | None
    status: int


@dataclass(slots=True)
class _Request:
    """One fetch as it goes: what the caller asked for and the redirects seen so far."""

    etag: str | None
    last_modified: str | None
    robots: bool
    any_type: bool
    max_bytes: int
    chain: list[str] = field(default_factory=list)


class Fetcher:
    """Fetches pages and feeds politely; use as a context manager or call `close()`."""

    def __init__(self, settings: FetchSettings | None = None, *, transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 resolver: Resolver = resolve) -> None:
        self.settings = settings or FetchSettings()
        self._clock = clock
        self._sleep = sleep
        self._resolver = resolver
        self._last_request: dict[str, float] = {}
        self._pace_lock = threading.Lock()
        self._local = threading.local()  # the deadline of the fetch this thread is doing
        # an injected transport (tests) does not connect: names are then checked before the request
        self._check_names = transport is not None
        if transport is None:
            transport = GuardedTransport(GuardedBackend(self.settings.policy, resolver, self._remaining))
        self._client = httpx.Client(
            transport=transport, follow_redirects=False, timeout=httpx.Timeout(self.settings.timeout),
            headers={"User-Agent": self.settings.user_agent, "Accept": ACCEPT},
        )
        self.robots = RobotsCache(self._load_robots, clock, self.settings.robots_ttl)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- the one public call ----------------------------------------------------------------------
    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult | Rejection:
        """The response at `url` (following redirects), or a Rejection saying why there is none.

        With `etag` / `last_modified` from an earlier response the request is conditional, and an
        unchanged resource comes back as a FetchResult with `not_modified=True` and no body.
        """
        request = _Request(etag, last_modified, self.settings.obey_robots, False, self.settings.max_bytes)
        outer = getattr(self._local, "active", False)  # robots.txt is fetched within the page's fetch
        if not outer:
            # the deadline starts with the first request, after the wait for this host's turn
            self._local.active, self._local.until = True, None
        try:
            outcome = self._get(url, request)
        except Exception as exc:  # noqa: BLE001 - whatever a server does, the URL gets a rejection
            outcome = _Failure(f"fetch failed: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
        finally:
            if not outer:
                self._local.active, self._local.until = False, None
        return Rejection(strip_credentials(url), outcome.reason) if isinstance(outcome, _Failure) else outcome

    def _remaining(self) -> float | None:
        until = getattr(self._local, "until", None)
        return None if until is None else until - self._clock()

    def _out_of_time(self) -> _Failure:
        return _Failure(f"timed out (no complete response within the {self.settings.deadline:g} s deadline, "
                        "retries included)")

    # -- redirects, checks, retries ----------------------------------------------------------------
    def _get(self, url: str, request: _Request) -> FetchResult | _Failure:
        current = urldefrag(url)[0]
        request.chain = [current]
        while True:
            problem = self._problem(current, request.robots)
            if problem:
                return _Failure(problem)
            outcome = self._with_retries(current, request)
            if not isinstance(outcome, _Redirect):
                return outcome
            if not outcome.location:
                return _Failure(f"HTTP {outcome.status} redirect without a Location header", redirect=True)
            target = urldefrag(urljoin(current, outcome.location.strip()))[0]
            if target in request.chain:
                loop = request.chain[request.chain.index(target):] + [target]
                return _Failure(f"redirect loop ({' → '.join(loop)})", redirect=True)
            if len(request.chain) > self.settings.max_redirects:
                return _Failure(f"too many redirects (more than {self.settings.max_redirects})", redirect=True)
            request.chain.append(target)
            current = target

    def _problem(self, url: str, robots: bool) -> str | None:
        """Why `url` may not be requested now. Names are resolved and checked by the network backend
        when it connects (once); an address written in the URL is refused here, before robots.txt."""
        problem = scheme_problem(url)
        if problem is None:
            host = urlsplit(url).hostname or ""
            literal = literal_address(host)
            if literal is not None:
                problem = self.settings.policy.problem(literal, host)
            elif self._check_names:
                problem = address_problem(url, self.settings.policy, self._resolver)
        if problem is None and robots:
            problem = self.robots.problem(url)
        return problem

    def _with_retries(self, url: str, request: _Request) -> FetchResult | _Redirect | _Failure:
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            if not self._pace(url):
                return self._out_of_time()
            outcome = self._once(url, request)
            if not (isinstance(outcome, _Failure) and outcome.retry):
                return outcome
            if attempt + 1 == attempts:
                break
            wait = self.settings.backoff * 2 ** attempt
            left = self._remaining()
            if outcome.retry_after is not None:
                if outcome.retry_after > self.settings.max_backoff or (left is not None and outcome.retry_after >= left):
                    limit = min(self.settings.max_backoff, left) if left is not None else self.settings.max_backoff
                    return replace(outcome, reason=f"{outcome.reason} (the server asks to wait "
                                                   f"{outcome.retry_after:g} s before retrying; newsfuse waits at "
                                                   f"most {max(limit, 0):.0f} s, so it gave up)")
                wait = max(wait, outcome.retry_after)
            wait = min(wait, self.settings.max_backoff)
            if left is not None and wait >= left:
                return replace(outcome, reason=f"{outcome.reason} (after {attempt + 1} attempt"
                                               f"{'s' * (attempt > 0)}; no time left for another)")
            self._sleep(wait)
        if attempts > 1:
            outcome = replace(outcome, reason=f"{outcome.reason} (after {attempts} attempts)")
        return outcome

    def _pace(self, url: str) -> bool:
        """Wait until the host may be asked again (the per-host interval, or robots.txt's Crawl-delay);
        False when that wait would pass the deadline. Threads asking one host take turns."""
        host = urlsplit(url).netloc.lower()
        interval = self.settings.per_host_interval
        delay = self.robots.crawl_delay(url) if self.settings.obey_robots else None
        if delay is not None:
            interval = max(interval, min(delay, self.settings.max_backoff))
        with self._pace_lock:
            now = self._clock()
            last = self._last_request.get(host)
            slot = now if last is None or interval <= 0 else max(now, last + interval)
            left = self._remaining()
            if left is not None and slot - now >= left:
                return False
            self._last_request[host] = slot  # reserved: the next thread waits for the slot after it
        if slot > now:
            self._sleep(slot - now)
        if getattr(self._local, "active", False) and self._local.until is None:
            self._local.until = self._clock() + self.settings.deadline
        return True

    # -- one request ------------------------------------------------------------------------------
    def _once(self, url: str, request: _Request) -> FetchResult | _Redirect | _Failure:
        headers = {}
        if request.etag:
            headers["If-None-Match"] = request.etag
        if request.last_modified:
            headers["If-Modified-Since"] = request.last_modified
        try:
            response = self._client.send(self._client.build_request("GET", url, headers=headers), stream=True)
        except httpx.TimeoutException:
            if self._deadline_passed():
                return self._out_of_time()
            return _Failure(f"timed out (no response within {self.settings.timeout:g} s)", retry=True)
        except (httpx.TransportError, httpx.InvalidURL) as exc:
            if isinstance(exc.__cause__, RefusedAddress):
                return _Failure(str(exc.__cause__))
            return _Failure(f"connection failed: {_describe(exc)}", retry=_transient(exc))
        try:
            outcome = self._read(url, response, request)
            if not isinstance(outcome, FetchResult) or outcome.not_modified:
                _drain(response)
            return outcome
        except httpx.TimeoutException:
            if self._deadline_passed():
                return self._out_of_time()
            return _Failure(f"timed out (the response stalled for more than {self.settings.timeout:g} s)", retry=True)
        except httpx.DecodingError as exc:
            return _Failure(f"undecodable response body ({_describe(exc)})")
        except httpx.TransportError as exc:
            return _Failure(f"connection failed while reading: {_describe(exc)}", retry=True)
        finally:
            response.close()

    def _deadline_passed(self) -> bool:
        left = self._remaining()
        return left is not None and left <= 0.01

    def _read(self, url: str, response: httpx.Response, request: _Request) -> FetchResult | _Redirect | _Failure:
        status = response.status_code
        if status in REDIRECTS:
            return _Redirect(response.headers.get("location"), status)
        media, charset = _content_type(response.headers.get("content-type", ""))
        result = FetchResult(url, status, response.headers, b"", media, charset, redirects=tuple(request.chain[:-1]))
        if status == 304 and (request.etag or request.last_modified):
            return replace(result, not_modified=True)
        if status >= 300:
            phrase = f"HTTP {status} {response.reason_phrase}".strip()
            return _Failure(phrase, status, retry=status in RETRY_STATUSES,
                            retry_after=_retry_after(response.headers.get("retry-after")))
        if not request.any_type and media and not _readable(media):
            return _Failure(f"not HTML or a feed (content-type {media})")
        too_large = _Failure(f"too large (more than {size_label(request.max_bytes)})")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > request.max_bytes:
            return too_large  # no need to read what is announced as too large
        body = bytearray()
        for chunk in response.iter_bytes():  # decompressed, so a gzip bomb is capped too
            body += chunk
            if len(body) > request.max_bytes:
                return too_large
            if self._deadline_passed():
                return self._out_of_time()
        return replace(result, body=bytes(body))

    def _load_robots(self, robots_url: str) -> RobotsOutcome:
        request = _Request(None, None, robots=False, any_type=True, max_bytes=MAX_ROBOTS_BYTES)
        outcome = self._get(robots_url, request)
        if isinstance(outcome, FetchResult):
            return RobotsOutcome(text=outcome.body.decode("utf-8", "replace"))
        if outcome.redirect:
            return RobotsOutcome(status=404)  # RFC 9309: unfollowable redirects mean no robots.txt
        if outcome.status is not None:
            return RobotsOutcome(status=outcome.status)
        if outcome.reason.startswith("too large"):
            return RobotsOutcome(status=404)
        return RobotsOutcome(error=outcome.reason)


def _drain(response: httpx.Response, limit: int = 64 * 1024) -> None:
    """Read the small body of a 304, redirect or error, so the connection can be used again."""
    if response.is_stream_consumed:
        return
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return  # cheaper to open a new connection than to read it
    read = 0
    for chunk in response.iter_raw():
        read += len(chunk)
        if read > limit:
            return


def _content_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def _readable(media: str) -> bool:
    return media in _ACCEPTED_TYPES or media.endswith(("+xml", "+json"))


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: the exponential back-off applies instead


def _transient(exc: Exception) -> bool:
    """Worth another attempt: not a bad URL, and not a host name that does not exist."""
    if not isinstance(exc, httpx.TransportError) or isinstance(exc, httpx.UnsupportedProtocol):
        return False
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, socket.gaierror) and cause.errno == socket.EAI_NONAME:
            return False
        cause = cause.__cause__ or cause.__context__
    return True


def _describe(exc: Exception) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__
