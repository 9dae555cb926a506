"""Which addresses newsfuse may fetch: http(s) only, and in server mode only public IP addresses."""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

# host, port -> the IP addresses the host resolves to (injected in tests; getaddrinfo by default)
Resolver = Callable[[str, int], list[str]]

from newsfuse.ingest.urls import _OTHER_SCHEMES, _SCHEME_RE, SCHEMES, looks_like_url  # noqa: F401

def scheme_problem(url: str) -> str | None:
    """Why the URL cannot be fetched because of its form, or None."""
    try:
        parts = urlsplit(url)
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
    """What makes an IP address non-public ("loopback", "private", …), or None for a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind in ("loopback", "link_local", "multicast", "unspecified", "private", "reserved"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if ip.is_global else "non-public"


def address_problem(url: str, allow_private: bool, resolver: Resolver = resolve) -> str | None:
    """Why the URL's host may not be fetched (server mode refuses non-public addresses), or None.

    The check is on the resolved addresses, so a public name that points at 127.0.0.1 is refused
    too. (The HTTP client resolves the name again when it connects; a DNS answer that changes in
    between is not caught here.)
    """
    if allow_private:
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            addresses = resolver(host, port)
        except (OSError, UnicodeError) as exc:
            return f"cannot resolve host '{host}': {getattr(exc, 'strerror', None) or exc}"
        if not addresses:
            return f"cannot resolve host '{host}': no addresses"
    for address in addresses:
        try:
            kind = address_kind(address)
        except ValueError:
            return f"cannot resolve host '{host}': bad address {address!r}"
        if kind:
            what = f"{address} is" if address == host else f"{host} resolves to {address},"
            return f"refused: {what} a {kind} address (server mode fetches public addresses only)"
    return None
