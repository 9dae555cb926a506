"""Text that is safe to store and to print: no lone surrogates, one line, control characters escaped.

Inputs bring names and fields that are not well-formed text (file names that are not UTF-8, JSON
with lone surrogates, names with a newline or a right-to-left mark); these helpers make them safe
at the boundary, so a bad name is shown plainly and never breaks the store or the terminal.
"""

from __future__ import annotations

import os
import re

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls, DEL, bidirectional and zero-width format characters, line/paragraph separators
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
MAX_MESSAGE = 300  # characters of an exception message kept in a rejection reason


def well_formed(text: str) -> str:
    """`text` with lone surrogates (which UTF-8 cannot hold) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def path_label(name: str | bytes | os.PathLike) -> str:
    """A file name as text that can be stored: bytes that are not UTF-8 are shown as \\xNN."""
    raw = os.fsencode(name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def printable(text: str) -> str:
    """One line with control, bidi and zero-width characters escaped (\\n, \\x1b, \\u202e)."""
    text = well_formed(text)
    return _UNPRINTABLE.sub(lambda m: _NAMED.get(m.group(), _escape(m.group())), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(exc: BaseException) -> str:
    """An exception as one short line: its type and message, escaped and cut to MAX_MESSAGE characters."""
    message = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    text = printable(text)
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE - 1] + "…"


def size_label(size: int) -> str:
    """A byte count in binary units as people read them: 20 MiB, 1.4 MiB, 256 KiB, 900 bytes."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"
