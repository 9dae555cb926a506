"""Hostile URLs: every one settles within its deadline with a reason, and nothing leaves loopback."""

from __future__ import annotations

import pytest
from hostile import PRIVATE_TARGETS

from newsfuse.fetch import Fetcher, FetchResult, FetchSettings, read_urls
from newsfuse.ingest import RawRecord
from newsfuse.models import Rejection

DEADLINE = 3.0  # each test's timeout (10 s) holds only if the deadline does: a trickle would take hours


def settings(**changes) -> FetchSettings:
    values = dict(timeout=1.0, deadline=DEADLINE, retries=2, backoff=0.1, max_backoff=2.0, per_host_interval=0.0,
                  allow_loopback=True, max_bytes=1024 * 1024)
    return FetchSettings(**{**values, **changes})


HOSTILE = [  # route, what the rejection reason says
    ("/trickle-headers", "deadline"),
    ("/trickle-body", "deadline"),
    ("/silent", "deadline"),
    ("/retry-after?s=3600", "wait 3600 s"),
    ("/retry-after?s=1e400", "wait inf s"),
    ("/retry-after?s=-5", "HTTP 503"),
    ("/retry-after?s=soon", "HTTP 503"),
    ("/always-503", "HTTP 503"),
    ("/bomb", "too large"),
    ("/double-bomb", "too large"),
    ("/endless", "too large"),
    ("/garbage", "connection failed"),
    ("/lying-length", "connection failed"),
    ("/bad-chunked", "connection failed"),
    ("/huge-header", ""),
    ("/image", "not HTML or a feed"),
    ("/bad-gzip", "undecodable response body"),
    ("/loop", "redirect loop"),
    ("/chain/9?to=/page", "too many redirects"),
    ("/nowhere", "HTTP 404"),
]


@pytest.mark.timeout(10)
@pytest.mark.parametrize("route, reason", HOSTILE, ids=[r for r, _ in HOSTILE])
def test_a_hostile_response_is_a_rejection_within_the_deadline(hostile, guard, route, reason):
    with Fetcher(settings()) as fetcher:
        result = fetcher.fetch(hostile.url(route))
    assert isinstance(result, Rejection), route
    assert reason in result.reason
    assert "\n" not in result.reason


@pytest.mark.timeout(20)
@pytest.mark.parametrize("target", PRIVATE_TARGETS)
def test_a_redirect_to_a_private_address_is_refused_without_connecting(hostile, guard, target):
    with Fetcher(settings()) as fetcher:
        result = fetcher.fetch(hostile.url(f"/chain/2?to={target}"))
    assert isinstance(result, Rejection) and result.reason.startswith("refused:"), result
    assert not any(not a.startswith("127.") for a in guard.attempts)


@pytest.mark.timeout(20)
@pytest.mark.parametrize("target", PRIVATE_TARGETS[:6])
def test_a_private_address_given_directly_is_refused_before_robots(guard, target):
    with Fetcher(settings(allow_loopback=False)) as fetcher:
        result = fetcher.fetch(target)
    assert result.reason.startswith("refused:") and guard.attempts == []


@pytest.mark.timeout(20)
def test_loopback_needs_its_flag_and_private_ranges_theirs(hostile, guard):
    url = hostile.url("/page")
    with Fetcher(settings(allow_loopback=False, allow_private=True)) as fetcher:
        assert fetcher.fetch(url).reason.endswith("(fetched only with --allow-loopback)")
    assert hostile.requests == []
    with Fetcher(settings()) as fetcher:
        assert isinstance(fetcher.fetch(url), FetchResult)


@pytest.mark.timeout(20)
def test_a_name_is_resolved_once_and_the_checked_address_is_the_one_connected_to(hostile, guard):
    port = hostile.tcp.server_address[1]
    answers = iter([["127.0.0.1"], ["10.0.0.1"], ["10.0.0.1"]])  # a rebinding resolver: safe first, then not
    asked = []

    def rebinding(host, port_):
        asked.append(host)
        return next(answers)

    with Fetcher(settings(obey_robots=False), resolver=rebinding) as fetcher:
        result = fetcher.fetch(f"http://news.example:{port}/page")
    assert isinstance(result, FetchResult) and b"Storm wall" in result.body
    assert asked == ["news.example"]  # once: no second lookup that could answer differently
    assert hostile.requests == [("/page", f"news.example:{port}")]  # the Host header stays the name
    assert set(guard.attempts) == {"127.0.0.1"}


@pytest.mark.timeout(20)
def test_a_name_that_resolves_to_private_or_mixed_addresses_is_refused(guard):
    table = {"intranet.example": ["10.0.0.5"], "mixed.example": ["93.184.216.34", "192.168.0.2"],
             "meta.example": ["169.254.169.254"]}
    with Fetcher(settings(obey_robots=False), resolver=lambda host, port: table[host]) as fetcher:
        for host in table:
            assert fetcher.fetch(f"http://{host}/").reason.startswith(f"refused: {host} resolves to"), host
    assert guard.attempts == []


@pytest.mark.timeout(10)
@pytest.mark.parametrize("robots, reason", [("disallow", "forbidden by robots.txt"),
                                            ("500", "robots.txt unavailable"), ("trickle", "deadline")])
def test_robots_txt_that_forbids_fails_or_trickles_settles_in_time(hostile, guard, robots, reason):
    hostile.robots = robots
    with Fetcher(settings()) as fetcher:
        result = fetcher.fetch(hostile.url("/page"))
    assert isinstance(result, Rejection) and reason in result.reason


@pytest.mark.timeout(30)
def test_a_feed_linking_to_private_addresses_keeps_its_summaries_and_connects_nowhere(hostile, guard):
    with Fetcher(settings()) as fetcher:
        items = list(read_urls([hostile.url("/feed-private")], fetcher))
    refused = [i for i in items if isinstance(i, Rejection)]
    kept = [i for i in items if isinstance(i, RawRecord)]
    assert len(refused) == len(PRIVATE_TARGETS) and all(r.reason.startswith("refused:") for r in refused)
    assert len(kept) == len(PRIVATE_TARGETS)  # the feed's summary is used instead of each refused page
    assert all(a.startswith("127.") for a in guard.attempts)


@pytest.mark.timeout(20)
def test_credentials_in_a_url_are_not_kept(hostile, guard):
    url = hostile.url("/page").replace("http://", "http://editor:s3cret@")
    with Fetcher(settings()) as fetcher:
        [record] = list(read_urls([url], fetcher))
        rejected = fetcher.fetch(url.replace("/page", "/nowhere"))
    assert "s3cret" not in record.url and "s3cret" not in record.path
    assert "s3cret" not in rejected.path


@pytest.mark.timeout(20)
@pytest.mark.parametrize("url, reason", [
    ("ftp://127.0.0.1/x", "unsupported URL scheme"), ("file:///etc/passwd", "unsupported URL scheme"),
    ("http://127.0.0.1:99999/", "invalid URL"), ("http:///nohost", "no host"),
    ("http://[::1/", "invalid URL"), ("gopher://127.0.0.1/", "unsupported URL scheme"),
])
def test_urls_that_cannot_be_fetched_say_why(guard, url, reason):
    with Fetcher(settings()) as fetcher:
        result = fetcher.fetch(url)
    assert isinstance(result, Rejection) and reason in result.reason and guard.attempts == []
