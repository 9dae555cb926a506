"""Which inputs are web addresses rather than paths (the fetcher decides what it may fetch)."""

from __future__ import annotations

import re
from pathlib import Path

SCHEMES = ("http", "https")
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]+):", re.IGNORECASE)
# schemes a user may paste that are not web addresses; named so they are rejected, not read as paths
_OTHER_SCHEMES = {"file", "ftp", "ftps", "data", "javascript", "mailto", "sftp", "ws", "wss", "gopher"}


def looks_like_url(given: str) -> bool:
    """True for `http://…`, `https://…` and other `scheme:` inputs that are not existing files."""
    match = _SCHEME_RE.match(given)
    if not match:
        return False
    scheme = match.group(1).lower()
    if scheme not in SCHEMES and scheme not in _OTHER_SCHEMES and "://" not in given[:40]:
        return False
    return not Path(given).exists()  # a file called "notes:2023.txt" stays a file


def strip_credentials(url: str) -> str:
    """The URL without a `user:password@` part, which must never be stored or shown."""
    match = re.match(r"^([a-z][a-z0-9+.-]*://)([^/?#]*@)", url, re.IGNORECASE)
    return match.group(1) + url[match.end():] if match else url
