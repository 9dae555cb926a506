"""The fetcher's network: resolve a host once, check every address, connect to the address checked.

An httpx transport whose connection pool uses `GuardedBackend`: the TLS name (SNI, certificate)
and the Host header stay the URL's host, while the TCP connection goes to an address the
`AddressPolicy` allowed, so a DNS answer that changes between check and connect changes nothing.
Every read and write also stops at the fetch's deadline, so a server trickling its headers one
byte at a time cannot hold a fetch longer than the deadline.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpcore
import httpx

from newsfuse.fetch.urls import AddressPolicy, Resolver, literal_address, resolve

Deadline = Callable[[], float | None]  # seconds left for the current fetch (None: no deadline)


class RefusedAddress(httpcore.ConnectError):
    """The host resolves to an address the policy does not allow: no connection was attempted."""


class DeadlinePassed(httpcore.ReadTimeout):
    """The fetch's deadline passed while waiting for the server."""


class GuardedBackend(httpcore.NetworkBackend):
    def __init__(self, policy: AddressPolicy, resolver: Resolver = resolve, remaining: Deadline = lambda: None) -> None:
        self.policy = policy
        self.resolver = resolver
        self.remaining = remaining
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options=None) -> httpcore.NetworkStream:
        addresses = [literal] if (literal := literal_address(host)) else None
        if addresses is None:
            try:
                addresses = list(self.resolver(host, port))
            except (OSError, UnicodeError) as exc:  # the cause tells a missing name from a network failure
                raise httpcore.ConnectError(f"cannot resolve host '{host}': "
                                            f"{getattr(exc, 'strerror', None) or exc}") from exc
            if not addresses:
                raise httpcore.ConnectError(f"cannot resolve host '{host}': no addresses")
        for address in addresses:  # one refused address refuses the host: it may be a rebinding trick
            problem = self.policy.problem(address, host)
            if problem:
                raise RefusedAddress(problem)
        error: Exception | None = None
        for address in addresses:
            try:
                stream = self._sockets.connect_tcp(address, port, timeout=_cap(timeout, self.remaining()),
                                                   local_address=local_address, socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
                continue
            return DeadlineStream(stream, self.remaining)
        raise error or httpcore.ConnectError(f"cannot connect to {host}")

    def connect_unix_socket(self, *args, **kwargs):  # pragma: no cover - newsfuse never asks for one
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits no longer than the current fetch has left."""

    def __init__(self, stream: httpcore.NetworkStream, remaining: Deadline) -> None:
        self._stream = stream
        self._remaining = remaining

    def _timeout(self, timeout: float | None) -> float | None:
        left = self._remaining()
        if left is not None and left <= 0:
            raise DeadlinePassed("the fetch's deadline passed")
        return _cap(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._timeout(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._timeout(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None, timeout: float | None = None):
        return DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, self._timeout(timeout)),
                              self._remaining)

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


def _cap(timeout: float | None, left: float | None) -> float | None:
    if left is None:
        return timeout
    left = max(left, 0.001)
    return left if timeout is None else min(timeout, left)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with the guarded backend (no proxies: a proxy would connect for us, unchecked)."""

    def __init__(self, backend: GuardedBackend, limits: httpx.Limits = httpx.Limits(max_connections=50)) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections, keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )
