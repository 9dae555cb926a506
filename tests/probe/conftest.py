"""The probe's fixtures: a socket guard (no connection leaves loopback), and a hostile local server."""

from __future__ import annotations

import ipaddress
import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from hostile import HostileServer  # noqa: E402


class SocketGuard:
    """Every connection attempt of this process; any to a non-loopback address is blocked and recorded."""

    def __init__(self) -> None:
        self.attempts: list[str] = []
        self.blocked: list[str] = []

    def check(self, address) -> None:
        host = address[0] if isinstance(address, tuple) else str(address)
        self.attempts.append(str(host))
        try:
            loopback = ipaddress.ip_address(str(host).split("%", 1)[0]).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            self.blocked.append(str(host))
            raise OSError(f"the probe's socket guard blocked a connection to {host}")


@pytest.fixture
def guard(monkeypatch):
    """Patches socket connect and create_connection; the test ends by asserting nothing was blocked."""
    watched = SocketGuard()
    connect, connect_ex, create = socket.socket.connect, socket.socket.connect_ex, socket.create_connection

    def guarded_connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            watched.check(address)
        return connect(self, address)

    def guarded_connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            watched.check(address)
        return connect_ex(self, address)

    def guarded_create(address, *args, **kwargs):
        watched.check(address)
        return create(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "create_connection", guarded_create)
    yield watched
    assert watched.blocked == [], f"connections to non-loopback addresses were attempted: {watched.blocked}"


@pytest.fixture
def hostile():
    server = HostileServer().start()
    yield server
    server.stop()
