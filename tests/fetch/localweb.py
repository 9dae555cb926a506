"""A real HTTP server on 127.0.0.1 whose routes each test writes, and builders of the pages and feeds it serves."""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Reply:
    status: int = 200
    body: bytes | Iterable[bytes] = b""  # an iterable is streamed without Content-Length
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering


Route = Callable[[BaseHTTPRequestHandler], Reply]


class LocalServer:
    """Routes by path; records every request (path and headers) in `requests`."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # clients that hang up are expected here
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def headers_of(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.requests if p == path]

    def route(self, path: str, reply: Reply | Route) -> None:
        self.routes[path] = reply if callable(reply) else (lambda _request, r=reply: r)

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                path = urlsplit(self.path).path
                with server._lock:
                    server.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(path)
                reply = route(self) if route else Reply(404, b"<html><body>not here</body></html>",
                                                        {"Content-Type": "text/html"})
                if reply.delay and server.stopping.wait(reply.delay):
                    return
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if isinstance(reply.body, bytes):
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                    return
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                try:
                    for chunk in reply.body:
                        if server.stopping.is_set():
                            return
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args) -> None:
                pass

        return Handler

    def start(self) -> LocalServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def html_page(title: str, paragraphs: list[str], charset: str | None = None, extra: str = "") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head>{meta}<title>{title}</title></head><body>{extra}"
            f"<article><h1>{title}</h1>{body}</article></body></html>")


def rss(title: str, items: list[dict], encoding: str = "utf-8") -> str:
    entries = []
    for item in items:
        parts = [f"<title>{item['title']}</title>"]
        if item.get("link"):
            parts.append(f"<link>{item['link']}</link><guid>{item['link']}</guid>")
        if item.get("text"):
            parts.append(f"<description><![CDATA[{item['text']}]]></description>")
        parts.append(f"<pubDate>{item.get('date', 'Tue, 28 Nov 2023 10:00:00 GMT')}</pubDate>")
        entries.append("<item>" + "".join(parts) + "</item>")
    return (f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.test/</link>{''.join(entries)}</channel></rss>")


def conditional(content: Callable[[], bytes], content_type: str, *, etag: bool = True,
                last_modified: bool = False) -> Route:
    """A route that answers 304 to a matching If-None-Match / If-Modified-Since, like a good server."""

    def route(request: BaseHTTPRequestHandler) -> Reply:
        body = content()
        tag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        stamp = formatdate(1_700_000_000 + int(hashlib.sha1(body).hexdigest()[:6], 16), usegmt=True)
        headers = {"Content-Type": content_type}
        if etag:
            headers["ETag"] = tag
        if last_modified:
            headers["Last-Modified"] = stamp
        if (etag and request.headers.get("If-None-Match") == tag) or (
                last_modified and not etag and request.headers.get("If-Modified-Since") == stamp):
            return Reply(304, b"", headers)
        return Reply(200, body, headers)

    return route


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data)


BACKGROUND = [
    "Background: the river has flooded the valley three times in the past decade, and the regional government "
    "has promised new embankments since the last flood.",
    "Engineers said the defences built in the 1970s were never raised, and residents have long complained "
    "about the state of the drainage channels along the old town.",
    "Volunteers from nearby villages arrived with pumps and shovels, and the local football club opened its "
    "clubhouse as a collection point for food, blankets and medicines.",
    "Insurers said they expected hundreds of claims, and the chamber of commerce asked for emergency loans "
    "for shops and workshops that lost their stock to the water.",
    "The weather service expects more rain over the weekend in the uplands, and it has kept its warnings in "
    "place for the whole of the lower valley until Monday.",
    "Schools in the old town will stay closed until the water has gone down, the education office said, and "
    "pupils will be taught in the village hall of a neighbouring municipality.",
    "A parliamentary committee will visit the valley next week to decide whether the region qualifies for "
    "money from the national disaster fund.",
]


def full_text(*paragraphs: str) -> str:
    """An entry body long enough to count as the full article (not a summary): <p> paragraphs."""
    return "".join(f"<p>{p}</p>" for p in [*paragraphs, *BACKGROUND])
