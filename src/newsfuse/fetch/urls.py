"""Which addresses newsfuse may fetch: http(s) only, and public IP addresses unless allowed.

Loopback (127.0.0.0/8, ::1) is fetched only with `allow_loopback` (`--allow-loopback`: a local
feed server, the tests); private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) only
with `allow_private` (`--allow-private`). Link-local addresses (169.254/16 with the cloud metadata
service 169.254.169.254, fe80::/10), the unspecified 0.0.0.0 and ::, multicast and reserved ranges
are never fetched. An IPv4 address written as IPv6 (::ffff:10.0.0.1) counts as the IPv4 address.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from newsfuse.ingest.urls import _OTHER_SCHEMES, _SCHEME_RE, SCHEMES, looks_like_url, strip_credentials  # noqa: F401

# host, port -> the IP addresses the host resolves to (injected in tests; getaddrinfo by default)
Resolver = Callable[[str, int], list[str]]

METADATA = frozenset({"169.254.169.254", "fd00:ec2::254", "100.100.100.200"})
NEVER = ("link-local", "unspecified", "multicast", "reserved", "metadata")


def scheme_problem(url: str) -> str | None:
    """Why the URL cannot be fetched because of its form, or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError as exc:
        return f"invalid URL: {exc}"
    if not parts.scheme:
        return "not a URL (it has no http:// or https://)"
    if parts.scheme.lower() not in SCHEMES:
        return f"unsupported URL scheme '{parts.scheme.lower()}'"
    if not parts.hostname:
        return "invalid URL: no host"
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every IP address `host` resolves to (the system resolver)."""
    return sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


def address_kind(address: str) -> str | None:
    """What makes an IP address non-public ("loopback", "private", "metadata", …), or None for a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if str(ip) in METADATA:
        return "metadata"
    for kind in ("loopback", "link_local", "multicast", "unspecified", "private", "reserved"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if ip.is_global else "private"


@dataclass(slots=True, frozen=True)
class AddressPolicy:
    """Which non-public addresses may be fetched (loopback, private ranges); the rest never are."""

    allow_loopback: bool = False
    allow_private: bool = False

    def problem(self, address: str, host: str) -> str | None:
        """Why newsfuse may not connect to `address` (which `host` resolved to), or None."""
        try:
            kind = address_kind(address)
        except ValueError:
            return f"cannot resolve host '{host}': bad address {address!r}"
        if kind is None or (kind == "loopback" and self.allow_loopback) or (kind == "private" and self.allow_private):
            return None
        what = f"{address} is" if _same(address, host) else f"{host} resolves to {address},"
        if kind in NEVER:
            label = "a cloud metadata" if kind == "metadata" else f"a {kind}"
            return f"refused: {what} {label} address (never fetched)"
        flag = "--allow-loopback" if kind == "loopback" else "--allow-private"
        return f"refused: {what} a {kind} address (fetched only with {flag})"


def _same(address: str, host: str) -> bool:
    return address == host.strip("[]") or address == host


def literal_address(host: str) -> str | None:
    """The IP address a URL's host names literally (no DNS needed), or None for a name."""
    try:
        return str(ipaddress.ip_address(host.strip("[]").split("%", 1)[0]))
    except ValueError:
        return None


def addresses_of(host: str, port: int, resolver: Resolver = resolve) -> list[str] | str:
    """The addresses to connect to for `host`, or the reason there are none."""
    literal = literal_address(host)
    if literal is not None:
        return [literal]
    try:
        found = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        return f"cannot resolve host '{host}': {getattr(exc, 'strerror', None) or exc}"
    return list(found) or f"cannot resolve host '{host}': no addresses"


def address_problem(url: str, policy: AddressPolicy = AddressPolicy(), resolver: Resolver = resolve) -> str | None:
    """Why the URL's host may not be fetched, or None: every address the host resolves to must be allowed.

    The fetcher does not call this before connecting (that would resolve the name twice): its
    network backend (newsfuse.fetch.net) checks the addresses it resolved and connects to them.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    addresses = addresses_of(host, port, resolver)
    if isinstance(addresses, str):
        return addresses
    for address in addresses:
        problem = policy.problem(address, host)
        if problem:
            return problem
    return None
