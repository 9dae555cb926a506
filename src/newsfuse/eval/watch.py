"""`newsfuse bench watch`: how long a poll of many feeds takes, and what an unchanged poll costs.

A local server (its own process, so its memory is not counted) serves N feeds of M full-text
entries (about 1 KB each) with ETags. The watcher polls them twice — a full poll, then one where nothing changed — next to the
bare conditional requests. Analysis is replaced by a counter, so the figures are about fetching,
parsing and the watch state, not about the NLP pipeline.

    python -m newsfuse.fetch.bench [--feeds 200] [--entries 50] [--format json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# full-text entries (over FULL_TEXT_CHARS), so no entry's link is followed: the bench stays on the local server
PARAGRAPHS = [
    "Floodwater reached the old town of {town} on Tuesday night, the mayor said at a briefing.",
    "Some {n} residents were moved to the sports hall, and the river is expected to peak on Thursday.",
    "Volunteers filled sandbags along the embankment while the regional government sent two pumps.",
    "Engineers said the defences built in the 1970s were never raised, and residents have long complained "
    "about the state of the drainage channels along the old town.",
    "Insurers said they expected hundreds of claims, and the chamber of commerce asked for emergency loans "
    "for shops and workshops that lost their stock to the water.",
    "The weather service expects more rain over the weekend in the uplands, and it has kept its warnings in "
    "place for the whole of the lower valley until Monday.",
    "Schools in the old town will stay closed until the water has gone down, the education office said, and "
    "pupils will be taught in the village hall of a neighbouring municipality.",
    "A parliamentary committee will visit the valley next week to decide whether the region qualifies for "
    "money from the national disaster fund.",
]


def feed_xml(feed: int, entries: int) -> bytes:
    items = []
    for entry in range(entries):
        body = "".join(f"<p>{p.format(town=f'Town {feed}', n=entry * 10 + feed)}</p>" for p in PARAGRAPHS)
        link = f"http://outlet{feed}.example/story/{entry}"
        items.append(f"<item><title>Flood report {feed}-{entry}</title><link>{link}</link><guid>{link}</guid>"
                     f"<pubDate>Tue, 28 Nov 2023 10:{entry % 60:02d}:00 GMT</pubDate>"
                     f"<description><![CDATA[{body}]]></description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Outlet {feed}</title>'
            f"<link>http://outlet{feed}.example/</link>{''.join(items)}</channel></rss>").encode()


def _serve(feeds: int, entries: int, ready) -> None:
    bodies = {f"/feed/{i}.xml": feed_xml(i, entries) for i in range(feeds)}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out as separate writes

        def do_GET(self) -> None:  # noqa: N802
            body = bodies.get(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = f'"{self.path}-v1"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    ready.put(httpd.server_address[1])
    httpd.serve_forever()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_watch(feeds: int = 200, entries: int = 50) -> dict:
    """Seconds for a full poll, an unchanged poll and the bare conditional requests; peak memory."""
    from newsfuse.store import Store
    from newsfuse.fetch.client import Fetcher, FetchSettings
    from newsfuse.pipeline.watch import Watcher

    context = multiprocessing.get_context("spawn")
    ready = context.Queue()
    server = context.Process(target=_serve, args=(feeds, entries, ready), daemon=True)
    server.start()
    try:
        port = ready.get(timeout=60)
        urls = [f"http://127.0.0.1:{port}/feed/{i}.xml" for i in range(feeds)]
        received: list[int] = []
        settings = FetchSettings(per_host_interval=0.0, allow_loopback=True)  # every feed is on one local host here
        with tempfile.TemporaryDirectory() as tmp, \
                Store(Path(tmp) / "bench.db") as store, \
                Fetcher(settings) as fetcher:
            watcher = Watcher(store, fetcher, lambda records: received.append(len(records)), emit=lambda line: None)
            fetcher.fetch(urls[0] + "?warm-up")  # robots.txt and the connection, before the clock starts
            rss_before = _rss_mb()
            start = time.perf_counter()
            full = watcher.poll_once(urls)
            full_seconds = time.perf_counter() - start
            start = time.perf_counter()
            unchanged = watcher.poll_once(urls)
            unchanged_seconds = time.perf_counter() - start
            etags = {url: watcher.state.get(url).etag for url in urls}
            start = time.perf_counter()
            bare = [fetcher.fetch(url, etag=etags[url]) for url in urls]
            bare_seconds = time.perf_counter() - start
    finally:
        server.terminate()
        server.join(timeout=10)
    return {
        "feeds": feeds,
        "entries_per_feed": entries,
        "full_poll": {"seconds": full_seconds, "records": sum(received), "feeds_per_s": feeds / full_seconds,
                      "entries_per_s": sum(received) / full_seconds},
        "unchanged_poll": {"seconds": unchanged_seconds, "not_modified": unchanged.count("not modified"),
                           "ms_per_feed": 1000 * unchanged_seconds / feeds},
        "conditional_requests_only": {"seconds": bare_seconds,
                                      "not_modified": sum(1 for r in bare if getattr(r, "not_modified", False)),
                                      "ms_per_feed": 1000 * bare_seconds / feeds},
        "unchanged_vs_bare_requests": unchanged_seconds / bare_seconds,
        "failed_sources": full.count("failed"),
        "rejected": len(full.rejected),
        "rss_before_mb": rss_before,
        "peak_rss_mb": _rss_mb(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m newsfuse.fetch.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--format", choices=["table", "json"], default="table")
    args = parser.parse_args(argv)
    figures = bench_watch(args.feeds, args.entries)
    if args.format == "json":
        print(json.dumps(figures, indent=2))
    else:
        from rich.console import Console

        from newsfuse.present.terminal import figures as table

        table(Console(), f"Watch: {args.feeds} local feeds × {args.entries} entries", figures)


if __name__ == "__main__":
    main()
