"""The fetcher against a real local server: every failure is a Rejection with the reason a user needs."""

import itertools
import socket

from localweb import Reply, conditional, gzipped, html_page

from newsfuse.fetch import Fetcher, FetchResult, FetchSettings
from newsfuse.models import Rejection

PUBLIC = lambda host, port: ["93.184.216.34"]  # noqa: E731 - every name is a public address (mock transports)
PAGE = html_page("Bridge reopens", ["The bridge over the Ibar reopened on Monday after repairs."]).encode()


def html(body: bytes = PAGE, status: int = 200, **headers) -> Reply:
    return Reply(status, body, {"Content-Type": "text/html; charset=utf-8", **headers})


def test_page_is_fetched_with_a_user_agent_that_names_newsfuse_and_the_contact(server, fetcher):
    server.route("/news/bridge", html())
    result = fetcher.fetch(server.url("/news/bridge"))
    assert isinstance(result, FetchResult)
    assert result.status == 200 and result.body == PAGE
    assert result.content_type == "text/html" and result.encoding == "utf-8"
    agent = server.headers_of("/news/bridge")[0]["user-agent"]
    assert agent.startswith("newsfuse/") and "+contact: newsroom@example.org" in agent


def test_contact_comes_from_the_environment():
    settings = FetchSettings.from_env(environ={"NEWSFUSE_CONTACT": "desk@example.org"})
    assert settings.user_agent.endswith("(+contact: desk@example.org)")
    assert not settings.allow_private and not settings.allow_loopback
    assert FetchSettings.from_env(environ={"NEWSFUSE_ALLOW_PRIVATE": "1"}).allow_private
    assert FetchSettings.from_env(environ={}, allow_loopback=True).allow_loopback


def test_404_is_rejected_with_its_status_and_not_retried(server, fetcher, sleeps):
    url = server.url("/gone")
    assert fetcher.fetch(url) == Rejection(url, "HTTP 404 Not Found")
    assert server.hits("/gone") == 1 and sleeps == []


def test_500_then_200_is_retried_after_a_back_off(server, fetcher, sleeps):
    answers = iter([html(b"oops", 500), html()])
    server.route("/flaky", lambda request: next(answers))
    result = fetcher.fetch(server.url("/flaky"))
    assert isinstance(result, FetchResult) and result.body == PAGE
    assert server.hits("/flaky") == 2
    assert sleeps == [0.25]


def test_a_server_that_keeps_failing_is_given_up_with_its_status(server, fetcher, sleeps):
    server.route("/down", html(b"busy", 503, **{"Retry-After": "2"}))
    url = server.url("/down")
    assert fetcher.fetch(url) == Rejection(url, "HTTP 503 Service Unavailable (after 3 attempts)")
    assert server.hits("/down") == 3
    assert sleeps == [2.0, 2.0]  # Retry-After is longer than the back-off (0.25, 0.5)


def test_slow_response_times_out_and_is_retried(server, fetcher):
    server.route("/slow", Reply(200, PAGE, {"Content-Type": "text/html"}, delay=3.0))
    url = server.url("/slow")
    result = fetcher.fetch(url)
    assert result == Rejection(url, "timed out (no response within 0.5 s) (after 3 attempts)")
    assert server.hits("/slow") == 3


def test_endless_body_is_cut_at_the_size_cap(server, fetcher):
    server.route("/endless", Reply(200, itertools.repeat(b"<p>more words</p>" * 512), {"Content-Type": "text/html"}))
    url = server.url("/endless")
    assert fetcher.fetch(url) == Rejection(url, "too large (more than 256 KiB)")


def test_announced_oversized_body_is_refused_before_reading(server, fetcher):
    server.route("/huge", html(b"x" * (300 * 1024)))
    url = server.url("/huge")
    assert fetcher.fetch(url) == Rejection(url, "too large (more than 256 KiB)")


def test_gzip_bomb_is_capped_on_the_decompressed_size(server, fetcher):
    server.route("/bomb", html(gzipped(b"<p>" + b"a" * (2 * 1024 * 1024) + b"</p>"), **{"Content-Encoding": "gzip"}))
    url = server.url("/bomb")
    assert fetcher.fetch(url) == Rejection(url, "too large (more than 256 KiB)")


def test_gzip_body_is_decompressed(server, fetcher):
    server.route("/zipped", html(gzipped(PAGE), **{"Content-Encoding": "gzip"}))
    result = fetcher.fetch(server.url("/zipped"))
    assert isinstance(result, FetchResult) and result.body == PAGE


def test_redirects_are_followed_to_the_final_address(server, fetcher):
    server.route("/old", Reply(301, b"", {"Location": "/middle"}))
    server.route("/middle", Reply(302, b"", {"Location": server.url("/new")}))
    server.route("/new", html())
    result = fetcher.fetch(server.url("/old"))
    assert isinstance(result, FetchResult) and result.url == server.url("/new")
    assert result.redirects == (server.url("/old"), server.url("/middle"))


def test_redirect_loop_is_detected(server, fetcher):
    server.route("/loop/a", Reply(302, b"", {"Location": "/loop/b"}))
    server.route("/loop/b", Reply(302, b"", {"Location": "/loop/a"}))
    url = server.url("/loop/a")
    result = fetcher.fetch(url)
    assert isinstance(result, Rejection) and result.reason.startswith("redirect loop (")
    assert server.hits("/loop/a") == 1 and server.hits("/loop/b") == 1


def test_endless_redirect_chain_stops_at_the_bound(server, fetcher):
    server.route("/hop", lambda request: Reply(302, b"", {"Location": f"/hop?n={len(server.requests)}"}))
    url = server.url("/hop")
    assert fetcher.fetch(url) == Rejection(url, "too many redirects (more than 5)")
    assert server.hits("/hop") == 6


def test_only_http_and_https_are_fetched(server, fetcher):
    assert fetcher.fetch("file:///etc/passwd") == Rejection("file:///etc/passwd", "unsupported URL scheme 'file'")
    assert fetcher.fetch("ftp://example.org/x").reason == "unsupported URL scheme 'ftp'"
    server.route("/sneaky", Reply(302, b"", {"Location": "file:///etc/passwd"}))
    url = server.url("/sneaky")
    assert fetcher.fetch(url) == Rejection(url, "unsupported URL scheme 'file'")


def test_robots_txt_forbids_a_path_and_is_read_once_per_host(server, fetcher):
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}))
    server.route("/private/memo", html())
    server.route("/public/story", html())
    url = server.url("/private/memo")
    assert fetcher.fetch(url) == Rejection(url, "forbidden by robots.txt")
    assert isinstance(fetcher.fetch(server.url("/public/story")), FetchResult)
    assert server.hits("/private/memo") == 0
    assert server.hits("/robots.txt") == 1


def test_robots_txt_group_for_newsfuse_applies_to_newsfuse_only(server, fetcher):
    rules = b"User-agent: newsfuse\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    server.route("/robots.txt", Reply(200, rules, {"Content-Type": "text/plain"}))
    server.route("/story", html())
    url = server.url("/story")
    assert fetcher.fetch(url) == Rejection(url, "forbidden by robots.txt")
    lenient = Fetcher(FetchSettings(obey_robots=False, per_host_interval=0.0, timeout=0.5, allow_loopback=True))
    with lenient:
        assert isinstance(lenient.fetch(url), FetchResult)


def test_robots_txt_the_server_fails_to_give_forbids_the_host_for_now(server, fetcher):
    server.route("/robots.txt", Reply(500, b"", {}))
    server.route("/story", html())
    url = server.url("/story")
    result = fetcher.fetch(url)
    assert isinstance(result, Rejection) and result.reason.startswith("robots.txt unavailable (HTTP 500)")
    assert server.hits("/story") == 0


def test_wrong_content_type_is_rejected_before_the_body_is_read(server, fetcher):
    server.route("/photo", Reply(200, b"\x89PNG\r\n\x1a\n" + bytes(1000), {"Content-Type": "image/png"}))
    url = server.url("/photo")
    assert fetcher.fetch(url) == Rejection(url, "not HTML or a feed (content-type image/png)")


def test_conditional_request_gives_not_modified(server, fetcher):
    server.route("/feed.xml", conditional(lambda: b"<rss><channel></channel></rss>", "application/rss+xml"))
    first = fetcher.fetch(server.url("/feed.xml"))
    again = fetcher.fetch(server.url("/feed.xml"), etag=first.etag)
    assert first.etag and not first.not_modified
    assert again.not_modified and again.body == b""
    assert server.headers_of("/feed.xml")[1]["if-none-match"] == first.etag


def test_requests_to_one_host_are_spaced_by_the_interval():
    now = [100.0]
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds

    import httpx

    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="<p>hi</p>",
                                                                   headers={"Content-Type": "text/html"}))
    settings = FetchSettings(per_host_interval=2.0, obey_robots=False)
    with Fetcher(settings, transport=transport, clock=lambda: now[0], sleep=sleep, resolver=PUBLIC) as paced:
        paced.fetch("http://one.example/a")
        now[0] += 0.5
        paced.fetch("http://one.example/b")
        paced.fetch("http://two.example/a")  # another host: no wait
    assert waits == [1.5]


def test_connection_refused_is_a_rejection(fetcher):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/story"  # nothing listens there any more
    result = fetcher.fetch(url)
    assert isinstance(result, Rejection) and result.reason.startswith("connection failed")
    assert result.reason.endswith("(after 3 attempts)")


def test_loopback_is_refused_unless_allowed(server):
    server.route("/story", html())
    url = server.url("/story")
    with Fetcher(FetchSettings(allow_private=True, per_host_interval=0.0)) as strict:
        assert strict.fetch(url) == Rejection(
            url, "refused: 127.0.0.1 is a loopback address (fetched only with --allow-loopback)")
    with Fetcher(FetchSettings(allow_loopback=True, per_host_interval=0.0)) as local:
        assert isinstance(local.fetch(url), FetchResult)
    assert server.hits("/story") == 1


def test_every_redirect_target_is_checked(server):
    public = {"news.example": ["93.184.216.34"]}
    import httpx

    def answer(request):
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:9/admin"})

    settings = FetchSettings(obey_robots=False, per_host_interval=0.0)
    with Fetcher(settings, transport=httpx.MockTransport(answer), resolver=lambda host, port: public[host]) as strict:
        result = strict.fetch("http://news.example/story")
    assert result.reason.startswith("refused: 127.0.0.1 is a loopback address")


def test_a_body_that_trickles_forever_is_cut_at_the_deadline(server, sleeps):
    server.route("/trickle", Reply(200, itertools.repeat(b"<p>word</p>"), {"Content-Type": "text/html"}))
    ticks = itertools.count(0.0, 5.0)  # every reading of the clock: five seconds later
    settings = FetchSettings(timeout=0.5, deadline=60, retries=0, per_host_interval=0.0, obey_robots=False,
                             allow_loopback=True)
    with Fetcher(settings, clock=lambda: next(ticks), sleep=sleeps.append) as slow:
        url = server.url("/trickle")
        assert slow.fetch(url) == Rejection(
            url, "timed out (no complete response within the 60 s deadline, retries included)")


def test_crawl_delay_in_robots_txt_spaces_requests_further():
    import httpx

    def answer(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nCrawl-delay: 5\n")
        return httpx.Response(200, text="<p>hi</p>", headers={"Content-Type": "text/html"})

    now, waits = [0.0], []

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds

    settings = FetchSettings(per_host_interval=1.0)
    with Fetcher(settings, transport=httpx.MockTransport(answer), clock=lambda: now[0], sleep=sleep,
                 resolver=PUBLIC) as paced:
        paced.fetch("http://one.example/a")
        paced.fetch("http://one.example/b")
    assert waits == [5.0, 5.0]  # after robots.txt is read, its Crawl-delay (not the 1 s interval) applies


def test_a_host_name_that_does_not_exist_is_not_retried(fetcher, sleeps):
    result = fetcher.fetch("http://no-such-host.invalid/story")  # the no_internet fixture answers "no such name"
    assert isinstance(result, Rejection) and result.reason.startswith("connection failed")
    assert "attempts" not in result.reason and sleeps == []
