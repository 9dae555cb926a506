"""Read inputs (files, directories, standard input, URLs) into raw records, rejecting what cannot be used.

Every input ends up as a `RawRecord`, as a `Rejection` with a one-line reason, or (hidden names
inside a directory, a directory reached twice) as a skip reported to `IngestLimits.on_skip`.
Nothing an input contains escapes as an exception: each read, decode and parse step turns a
failure into that input's rejection, naming the step, and the next input is read. A text longer
than a part (`newsfuse.ingest.parts`) comes as several records, one per part. A file's identity
is its path inside the directory given (`list_inputs`), so ids do not depend on where it lives.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsfuse.models import Rejection
from newsfuse.ingest.decode import decode, looks_binary
from newsfuse.ingest.parts import MAX_TOTAL_CHARS, PART_CHARS, in_parts
from newsfuse.ingest.readers import READERS, sniff
from newsfuse.ingest.records import RawRecord
from newsfuse.ingest.safe import one_line, path_label, size_label

# urls -> their records; the fetch layer provides one (ingest itself never opens a connection)
UrlReader = Callable[[list[str]], Iterator["RawRecord | Rejection"]]
Skip = Callable[[str, str], None]  # (path, reason) of a path a walk met and did not read

__all__ = ["IngestLimits", "Listed", "RawRecord", "list_files", "list_inputs", "read_bytes", "read_file", "read_inputs"]

STDIN = "-"
STDIN_LABEL = "<stdin>"
LINK_ONLY = "feed entry has no text (it carries only a link)"
HIDDEN = "hidden (names starting with '.' are skipped inside directories; name the file to read it)"
# Larger inputs are rejected unread. Below it a page is read whole (a 50 MB HTML page whose
# article is short), and a text longer than a part (ingest.parts.PART_CHARS) is read as parts, up to
# ingest.parts.MAX_TOTAL_CHARS. Reading holds the bytes and their text: 64 MiB keeps that bounded.
MAX_BYTES = 64 * 1024 * 1024
# feedparser builds every entry of a feed at once: a larger feed is rejected (a feed of 20 MiB is
# some thousands of entries; a news site's feed is well below 1 MiB)
MAX_FEED_BYTES = 20 * 1024 * 1024


@dataclass(slots=True, frozen=True)
class IngestLimits:
    max_bytes: int = MAX_BYTES  # larger files (and standard input) are rejected, not read into memory
    follow_hidden: bool = False
    on_skip: Skip | None = None  # told of every path a walk skips on purpose (the CLI prints them)
    part_chars: int = PART_CHARS  # a longer text is read as parts of at most this many characters
    max_text_chars: int = MAX_TOTAL_CHARS  # a longer text is refused (in parts, up to this)


def list_files(paths: Iterable[str], limits: IngestLimits = IngestLimits()) -> Iterator[tuple[str, Path | None] | Rejection]:
    """(label, path) for every file under the given paths, in a stable order; `-` is standard input.

    Whatever else a path is (missing, a broken link, a symlink loop, a FIFO, an unreadable
    directory) becomes a Rejection saying so.
    """
    for entry in list_inputs(paths, limits):
        yield entry if isinstance(entry, Rejection) else (entry.label, entry.path)


@dataclass(slots=True, frozen=True)
class Listed:
    """A file to read: the path as the user sees it, the path to open, and its identity (the path
    relative to the directory given, or a file's own name), which does not depend on where the
    corpus lives, so a folder copied or moved gives the same article ids."""

    label: str
    path: Path | None  # None: standard input
    identity: str


def list_inputs(paths: Iterable[str], limits: IngestLimits = IngestLimits()) -> Iterator[Listed | Rejection]:
    """`list_files` with each file's identity."""
    for given in paths:
        if given == STDIN:
            yield Listed(STDIN, None, STDIN_LABEL)
            continue
        label = path_label(given)
        path = Path(given)
        kind = _kind(path)
        if kind == "dir":
            yield from _walk(path, label, limits)
        elif kind == "file":
            yield Listed(label, path, path_label(path.name or path.resolve().name))
        else:
            yield Rejection(label, kind)


def _kind(path: Path) -> str:
    """"file", "dir", or the reason the path cannot be read."""
    try:
        info = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop (the link leads back to itself)"
        if exc.errno == errno.ENOENT:
            return "broken symbolic link (its target does not exist)" if path.is_symlink() else "no such file or directory"
        if exc.errno == errno.ENAMETOOLONG:
            return "file name too long"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(info.st_mode):
        return "dir"
    if stat.S_ISREG(info.st_mode):
        return "file"
    what = ("a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode)
            else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "not a file")
    return f"not a regular file ({what})"


def _walk(root: Path, label: str, limits: IngestLimits) -> Iterator[Listed | Rejection]:
    """Files under `root`, following symbolic links to directories once (a loop is a rejection).

    A link to the walk's root or to a directory that holds it (`up -> ..`) is a loop too: following
    it would read the root again, and whatever lies beside it."""
    root_real = os.path.realpath(root)
    seen: dict[tuple[int, int], str] = {}
    stack: list[tuple[Path, str, str, tuple[tuple[int, int], ...]]] = [(root, label, "", ())]
    while stack:
        folder, folder_label, folder_identity, ancestors = stack.pop()
        try:
            info = folder.stat()
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                yield Rejection(folder_label, f"symlink loop (leads back to {seen.get(key, 'an enclosing directory')})")
                continue
            if key in seen:
                _skip(limits, folder_label, f"directory already read as {seen[key]}")
                continue
            seen[key] = folder_label
            with os.scandir(folder) as listing:
                names = sorted(entry.name for entry in listing)
        except OSError as exc:
            yield Rejection(folder_label, f"cannot read directory: {exc.strerror or exc}")
            continue
        subfolders = []
        for name in names:
            path = folder / name
            entry_label = f"{folder_label.rstrip('/')}/{path_label(name)}"
            entry_identity = f"{folder_identity}{path_label(name)}"
            if name.startswith(".") and not limits.follow_hidden:
                _skip(limits, entry_label, HIDDEN)
                continue
            kind = _kind(path)
            if kind == "dir" and path.is_symlink() and _holds(os.path.realpath(path), root_real):
                yield Rejection(entry_label, f"symlink loop (leads to {path_label(os.path.realpath(path))}, "
                                             f"which holds {label})")
            elif kind == "dir":
                subfolders.append((path, entry_label, entry_identity + "/", (*ancestors, key)))
            elif kind == "file":
                yield Listed(entry_label, path, entry_identity)
            else:
                yield Rejection(entry_label, kind)
        stack.extend(reversed(subfolders))  # depth first, in name order


def _holds(folder: str, inner: str) -> bool:
    return inner == folder or inner.startswith(folder.rstrip(os.sep) + os.sep)


def _skip(limits: IngestLimits, path: str, reason: str) -> None:
    if limits.on_skip is not None:
        limits.on_skip(path, reason)


def read_bytes(label: str, data: bytes, identity: str, suffix: str = "",
               limits: IngestLimits = IngestLimits()) -> Iterator[RawRecord | Rejection]:
    """Records from the bytes of one input (a file, standard input, a fetched page)."""
    if not data.strip():
        yield Rejection(label, "empty file")
        return
    try:
        if looks_binary(data):
            yield Rejection(label, "binary file")
            return
        text, encoding = decode(data)
    except Exception as exc:  # noqa: BLE001 - a bad input is that input's rejection
        yield Rejection(label, f"decoding failed: {one_line(exc)}")
        return
    if text is None:
        yield Rejection(label, encoding)
        return
    try:
        kind = sniff(text, suffix)
    except Exception as exc:  # noqa: BLE001
        yield Rejection(label, f"format detection failed: {one_line(exc)}")
        return
    if kind == "feed" and len(data) > MAX_FEED_BYTES:
        yield Rejection(label, f"feed too large ({size_label(len(data))}; the limit for a feed is "
                               f"{size_label(MAX_FEED_BYTES)})")
        return
    del data  # the text is what the readers read: the bytes need not stay while its records are used
    for item in _guarded(label, f"reading the {kind}", READERS[kind](label, identity, text)):
        if isinstance(item, Rejection):
            yield item
            continue
        if encoding not in ("utf-8", "utf-8-sig"):
            item.notes["encoding"] = encoding
        if kind == "feed":  # a feed's entries are summaries or articles: one too long for an article is rejected
            yield item
        else:
            yield from _guarded(item.path, "cutting into parts",
                                in_parts(item, limits.part_chars, limits.max_text_chars))


def _guarded(label: str, step: str, items: Iterator[RawRecord | Rejection]) -> Iterator[RawRecord | Rejection]:
    """The items of a reader; an exception becomes a rejection of the input (what came before stays)."""
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001 - a bad input is that input's rejection
        yield Rejection(label, f"{step} failed: {one_line(exc)}")


def read_inputs(paths: Iterable[str], *, stdin: BinaryIO | None = None, limits: IngestLimits = IngestLimits(),
                read_urls: UrlReader | None = None) -> Iterator[RawRecord | Rejection]:
    """Records of files, directories, standard input (`-`) and http(s) URLs, in the order given.

    URLs are read with `read_urls` (the fetch layer's `newsfuse.fetch.url_reader`); without one a URL is
    rejected, never fetched behind the caller's back.
    """
    from newsfuse.ingest.urls import looks_like_url, strip_credentials

    for given in paths:
        if looks_like_url(given):
            if read_urls is None:
                yield Rejection(strip_credentials(path_label(given)), "URLs are not read here (no fetcher given)")
            else:
                yield from _guarded(strip_credentials(path_label(given)), "fetching", read_urls([given]))
            continue
        for entry in list_inputs([given], limits):
            if isinstance(entry, Rejection):
                yield entry
            elif entry.path is None:
                yield from _no_links(_guarded(STDIN_LABEL, "reading", read_stdin(stdin, limits)))
            else:
                yield from _no_links(_guarded(entry.label, "reading",
                                              read_file(entry.label, entry.path, limits, identity=entry.identity)))


def read_stdin(stdin: BinaryIO | None, limits: IngestLimits = IngestLimits()) -> Iterator[RawRecord | Rejection]:
    """Standard input, under the same size limit as a file, sniffed like a file without a suffix."""
    data = stdin.read(limits.max_bytes + 1) if stdin is not None else b""
    if len(data) > limits.max_bytes:
        yield _too_large(STDIN_LABEL, "standard input", f"more than {size_label(limits.max_bytes)}", limits)
        return
    yield from read_bytes(STDIN_LABEL, data, STDIN_LABEL, limits=limits)


def _too_large(label: str, what: str, size: str, limits: IngestLimits) -> Rejection:
    return Rejection(label, f"{what} too large ({size}; the limit is {size_label(limits.max_bytes)})")


def _no_links(items: Iterator[RawRecord | Rejection]) -> Iterator[RawRecord | Rejection]:
    """A feed read from a file does not fetch its entries' links: link-only entries are rejected."""
    for item in items:
        yield Rejection(item.path, LINK_ONLY) if isinstance(item, RawRecord) and item.kind == "link" else item


def read_file(label: str, path: Path, limits: IngestLimits = IngestLimits(), *,
              identity: str | None = None) -> Iterator[RawRecord | Rejection]:
    """The records of one file. `identity` (with the content, the article id) is the file's place
    in the corpus, as `list_inputs` gives it; without one, the file's resolved path, which
    changes when the corpus moves."""
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            yield _too_large(label, "file", size_label(size), limits)
            return
        with path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        yield Rejection(label, f"cannot read file: {exc.strerror or exc}")
        return
    if len(data) > limits.max_bytes:  # it grew since stat
        yield _too_large(label, "file", f"more than {size_label(limits.max_bytes)}", limits)
        return
    resolved = path_label(path.resolve())
    records = read_bytes(label, data, identity if identity is not None else resolved, path.suffix, limits)
    del data  # read_bytes lets the bytes go once they are decoded
    if identity is None:
        yield from records
        return
    for record in records:
        if isinstance(record, RawRecord) and record.identity.startswith(identity) and record.part_of is None:
            record.former_identity = resolved + record.identity[len(identity):]  # "x.txt#3" -> "/abs/x.txt#3"
        yield record
