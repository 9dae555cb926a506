"""A hostile HTTP server on 127.0.0.1: trickles headers and bodies, redirects to private addresses,
sends gzip bombs, endless bodies, garbage, lying lengths, huge Retry-After, odd robots.txt.

It speaks HTTP by hand (a raw socket per connection) so it can misbehave in ways a real server
library will not; every request it receives is logged in `requests` (path and Host header).
"""

from __future__ import annotations

import gzip
import socket
import socketserver
import threading
import time
from urllib.parse import parse_qs, urlsplit

from generate import BODY, PARAGRAPHS, item, rss

PRIVATE_TARGETS = [
    "http://10.0.0.1/", "http://172.16.0.1/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
    "http://[fd00::1]/", "http://[::ffff:10.0.0.1]/", "http://0.0.0.0/", "http://[::]/", "http://100.64.0.1/",
    "http://[fe80::1]/", "http://224.0.0.1/", "http://[::ffff:169.254.169.254]/", "http://[fd12:3456::1]/",
    "http://192.168.0.1:8080/admin", "http://10.255.255.255:22/",
]
PAGE = ("<!doctype html><html><head><title>Storm wall finished at Vela</title></head><body><article>"
        "<h1>Storm wall finished at Vela</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>")
BOMB = gzip.compress(b"\0" * (40 * 1024 * 1024), compresslevel=9)  # 40 MiB once unpacked, ~40 KB sent


def full_entry(title: str, extra: str) -> str:
    return item(title, "<![CDATA[" + "".join(f"<p>{p} {extra}</p>" for p in PARAGRAPHS * 3) + "]]>",
                link=f"http://example.test/{abs(hash(title))}")


class HostileServer:
    """`url(path)` for a route; `robots` sets what /robots.txt does ("none", "disallow", "500", "trickle")."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        self.robots = "none"
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self.polls = 0
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                server._handle(self.request)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.tcp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.tcp.daemon_threads = True
        self.thread = threading.Thread(target=self.tcp.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.tcp.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> HostileServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.tcp.shutdown()
        self.tcp.server_close()

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if urlsplit(p).path == path)

    # -- the protocol, by hand --------------------------------------------------------------------
    def _handle(self, sock: socket.socket) -> None:
        sock.settimeout(10)
        try:
            data = b""
            while b"\r\n\r\n" not in data and len(data) < 65536:
                chunk = sock.recv(4096)
                if not chunk:
                    return
                data += chunk
            head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
            line, *header_lines = head.split("\r\n")
            target = line.split(" ")[1] if " " in line else "/"
            headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)}
            with self._lock:
                self.requests.append((target, headers.get("host", "")))
            self._route(sock, target)
        except OSError:
            pass
        finally:
            try:
                sock.close()
            except OSError:
                pass

    def _send(self, sock, status: str, body: bytes = b"", headers: dict | None = None) -> None:
        lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Connection: close"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    def _trickle(self, sock, data: bytes, every: float = 0.2) -> None:
        for i in range(len(data)):
            if self.stopping.wait(every):
                return
            sock.sendall(data[i:i + 1])

    def _route(self, sock, target: str) -> None:  # noqa: C901 - one branch per misbehaviour
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            if self.robots == "disallow":
                return self._send(sock, "200 OK", b"User-agent: *\nDisallow: /\n", {"Content-Type": "text/plain"})
            if self.robots == "500":
                return self._send(sock, "500 Internal Server Error", b"no")
            if self.robots == "trickle":
                sock.sendall(b"HTTP/1.1 200 OK\r\n")
                return self._trickle(sock, b"X-Slow: " + b"a" * 10_000)
            return self._send(sock, "404 Not Found", b"")
        if path == "/page":
            return self._send(sock, "200 OK", PAGE.encode(), html)
        if path == "/redirect":
            return self._send(sock, "302 Found", b"", {"Location": query["to"][0]})
        if path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            where = f"/chain/{left - 1}" if left > 0 else query.get("to", ["http://10.0.0.1/"])[0]
            return self._send(sock, "302 Found", b"", {"Location": where + (f"?{parts.query}" if left > 0 else "")})
        if path == "/loop":
            return self._send(sock, "301 Moved Permanently", b"", {"Location": "/loop"})
        if path == "/trickle-headers":
            sock.sendall(b"HTTP/1.1 200 OK\r\n")
            return self._trickle(sock, b"X-Slow: " + b"a" * 100_000)
        if path == "/trickle-body":
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<p>")
            return self._trickle(sock, b"a" * 100_000)
        if path == "/silent":
            self.stopping.wait(30)
            return None
        if path == "/retry-after":
            return self._send(sock, "503 Service Unavailable", b"busy", {"Retry-After": query.get("s", ["3600"])[0]})
        if path == "/always-503":
            return self._send(sock, "503 Service Unavailable", b"busy")
        if path == "/bomb":
            return self._send(sock, "200 OK", BOMB, {**html, "Content-Encoding": "gzip"})
        if path == "/double-bomb":
            return self._send(sock, "200 OK", gzip.compress(BOMB), {**html, "Content-Encoding": "gzip, gzip"})
        if path == "/endless":
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
            chunk = b"<p>" + b"more words " * 1000 + b"</p>"
            while not self.stopping.is_set():
                sock.sendall(chunk)
            return None
        if path == "/garbage":
            sock.sendall(b"\x00\x01\x02 this is not HTTP at all \xff\xfe\r\n\r\n")
            return None
        if path == "/lying-length":
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<p>short")
            return None
        if path == "/bad-chunked":
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
                         b"zz\r\nnot hex\r\n")
            return None
        if path == "/huge-header":
            sock.sendall(b"HTTP/1.1 200 OK\r\nX-Huge: " + b"h" * 200_000 + b"\r\n\r\n")
            return None
        if path == "/image":
            return self._send(sock, "200 OK", b"\x89PNG\r\n\x1a\n" + bytes(256), {"Content-Type": "image/png"})
        if path == "/binary-as-html":
            return self._send(sock, "200 OK", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, html)
        if path == "/bad-gzip":
            return self._send(sock, "200 OK", b"this is not gzip data at all", {**html, "Content-Encoding": "gzip"})
        if path == "/empty":
            return self._send(sock, "200 OK", b"", html)
        if path == "/feed-private":  # every entry links to a private address; summaries are short
            items = "".join(item(f"Entry {i}", "Short summary of the quay works.", link=target_url)
                            for i, target_url in enumerate(PRIVATE_TARGETS))
            return self._send(sock, "200 OK", rss(items).encode(), {"Content-Type": "application/rss+xml"})
        if path == "/feed-good":
            self.polls += 1
            items = "".join(full_entry(f"Good entry {i} of poll {self.polls}", f"Poll {self.polls}, item {i}.")
                            for i in range(2))
            return self._send(sock, "200 OK", rss(items, "Good Feed").encode(), {"Content-Type": "application/rss+xml"})
        if path == "/feed-poisoned":
            items = (item("Huge entry", "&lt;p&gt;" + ("word " * 240_000) + "&lt;/p&gt;", link="http://example.test/huge")
                     + item("Year zero entry", BODY.replace("\n\n", " ") + " Zero.", date="Mon, 01 Jan 0000 00:00:00 GMT")
                     + item("Private link", "Tiny.", link="http://169.254.169.254/latest/"))
            return self._send(sock, "200 OK", rss(items, "Poisoned Feed").encode(),
                              {"Content-Type": "application/rss+xml"})
        if path == "/feed-malformed":
            return self._send(sock, "200 OK", b"<rss><channel><title>x</title></chan", {"Content-Type": "application/rss+xml"})
        return self._send(sock, "404 Not Found", b"<html><body>not here</body></html>", html)


def wait_until(predicate, seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()
