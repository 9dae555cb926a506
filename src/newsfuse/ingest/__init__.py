"""Read inputs (files, directories, standard input, URLs) into raw records, rejecting what cannot be used.

Every input ends up either as a `RawRecord` or as a `Rejection` with a one-line reason.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsfuse.models import Rejection
from newsfuse.ingest.decode import decode, looks_binary
from newsfuse.ingest.readers import READERS, sniff
from newsfuse.ingest.records import RawRecord

# urls -> their records; the fetch layer provides one (ingest itself never opens a connection)
UrlReader = Callable[[list[str]], Iterator["RawRecord | Rejection"]]

__all__ = ["IngestLimits", "RawRecord", "list_files", "read_bytes", "read_inputs"]

STDIN = "-"
LINK_ONLY = "feed entry has no text (it carries only a link)"


@dataclass(slots=True, frozen=True)
class IngestLimits:
    max_bytes: int = 20 * 1024 * 1024  # larger files are rejected, not read into memory
    follow_hidden: bool = False


def list_files(paths: Iterable[str], limits: IngestLimits = IngestLimits()) -> Iterator[tuple[str, Path | None] | Rejection]:
    """(label, path) for every file under the given paths, in a stable order; `-` is standard input."""
    for given in paths:
        if given == STDIN:
            yield (STDIN, None)
            continue
        path = Path(given)
        if not path.exists():
            yield Rejection(given, "no such file or directory")
        elif path.is_dir():
            yield from _walk(path, limits)
        elif path.is_file():
            yield (given, path)
        else:
            yield Rejection(given, "not a regular file")


def _walk(root: Path, limits: IngestLimits) -> Iterator[tuple[str, Path] | Rejection]:
    for folder, dirs, files in os.walk(root, onerror=None):
        dirs[:] = sorted(d for d in dirs if limits.follow_hidden or not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") and not limits.follow_hidden:
                continue
            path = Path(folder) / name
            if path.is_file():
                yield (str(path), path)


def read_bytes(label: str, data: bytes, identity: str, suffix: str = "") -> Iterator[RawRecord | Rejection]:
    """Records from the bytes of one input (a file, standard input, a fetched page)."""
    if not data.strip():
        yield Rejection(label, "empty file")
        return
    if looks_binary(data):
        yield Rejection(label, "binary file")
        return
    text, encoding = decode(data)
    if text is None:
        yield Rejection(label, encoding)
        return
    kind = sniff(text, suffix)
    for item in READERS[kind](label, identity, text):
        if isinstance(item, RawRecord) and encoding not in ("utf-8", "utf-8-sig"):
            item.notes["encoding"] = encoding
        yield item


def read_inputs(paths: Iterable[str], *, stdin: BinaryIO | None = None, limits: IngestLimits = IngestLimits(),
                read_urls: UrlReader | None = None) -> Iterator[RawRecord | Rejection]:
    """Records of files, directories, standard input (`-`) and http(s) URLs, in the order given.

    URLs are read with `read_urls` (the fetch layer's `newsfuse.fetch.url_reader`); without one a URL is
    rejected, never fetched behind the caller's back.
    """
    from newsfuse.ingest.urls import looks_like_url

    for given in paths:
        if looks_like_url(given):
            if read_urls is None:
                yield Rejection(given, "URLs are not read here (no fetcher given)")
            else:
                yield from read_urls([given])
            continue
        for entry in list_files([given], limits):
            if isinstance(entry, Rejection):
                yield entry
                continue
            label, path = entry
            if path is None:
                data = stdin.read() if stdin is not None else b""
                yield from _no_links(read_bytes("<stdin>", data, "<stdin>"))
                continue
            yield from _no_links(read_file(label, path, limits))


def _no_links(items: Iterator[RawRecord | Rejection]) -> Iterator[RawRecord | Rejection]:
    """A feed read from a file does not fetch its entries' links: link-only entries are rejected."""
    for item in items:
        yield Rejection(item.path, LINK_ONLY) if isinstance(item, RawRecord) and item.kind == "link" else item


def read_file(label: str, path: Path, limits: IngestLimits = IngestLimits()) -> Iterator[RawRecord | Rejection]:
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            yield Rejection(label, f"file too large ({size / 1e6:.1f} MB; the limit is {limits.max_bytes / 1e6:.0f} MB)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejection(label, f"cannot read file: {exc.strerror or exc}")
        return
    yield from read_bytes(label, data, str(path.resolve()), path.suffix)
