"""Fixtures: a real HTTP server on 127.0.0.1 (see localweb.py), and a fetcher with small timeouts."""

import socket

import pytest
from localweb import LocalServer

from newsfuse.fetch import Fetcher, FetchSettings


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Only 127.0.0.1 resolves: a test that would reach out gets a connection failure instead."""
    resolve = socket.getaddrinfo

    def local_only(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise socket.gaierror(socket.EAI_NONAME, f"tests do not touch the internet (asked for {host})")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_only)


@pytest.fixture
def server():
    running = LocalServer().start()
    yield running
    running.stop()


@pytest.fixture
def sleeps():
    """The back-off and pacing waits a fetcher asked for (nothing actually waits)."""
    return []


@pytest.fixture
def fetcher(sleeps):
    settings = FetchSettings(contact="newsroom@example.org", timeout=0.5, retries=2, backoff=0.25, allow_loopback=True,
                             per_host_interval=0.0, max_bytes=256 * 1024)
    with Fetcher(settings, sleep=sleeps.append) as opened:
        yield opened
