"""TempEval-3 on TimeML files: read `.tml`, score TIMEX3 spans and values, and run the benchmark.

The scorer follows the TempEval-3 definitions (UzZaman et al. 2013), written here from the paper:
strict match = identical extent, relaxed match = overlapping extent; value F1 counts relaxed
matches whose normalized value is identical.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError


@dataclass(slots=True, frozen=True)
class Timex:
    """A TIMEX3 in a document's text: `text == document.text[start:end]`."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(slots=True)
class TmlDocument:
    docid: str
    path: str
    dct: str  # the document creation time's value, e.g. "1998-11-20T19:30"
    text: str  # the <TEXT> section with every tag removed
    timexes: list[Timex] = field(default_factory=list)


_PIECE_RE = re.compile(r"<[^>]*>|&[#\w]+;|[^<&]+|&")
_ATTR_RE = re.compile(r'(\w+)="([^"]*)"')
_DCT_RE = re.compile(r"<DCT>\s*<TIMEX3([^>]*)>", re.S)
_TEXT_RE = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DOCID_RE = re.compile(r"<DOCID>(.*?)</DOCID>", re.S)


def read_tml(path: str | Path) -> TmlDocument:
    """Read a TimeML file: its DCT value, its <TEXT> as plain text, and the TIMEX3s in it."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}", path=str(path)) from exc
    dct_match = _DCT_RE.search(raw)
    text_match = _TEXT_RE.search(raw)
    if not dct_match or not text_match:
        raise InputError(f"{path} is not a TimeML document with <DCT> and <TEXT>", path=str(path))
    dct = dict(_ATTR_RE.findall(dct_match.group(1))).get("value", "")
    docid_match = _DOCID_RE.search(raw)
    docid = docid_match.group(1).strip() if docid_match else path.stem

    parts: list[str] = []
    length = 0
    timexes: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    for piece in _PIECE_RE.findall(text_match.group(1)):
        if piece.startswith("<") and piece.endswith(">"):
            if piece.startswith("<TIMEX3"):
                open_timex = (length, dict(_ATTR_RE.findall(piece)))
            elif piece.startswith("</TIMEX3") and open_timex is not None:
                start, attrs = open_timex
                timexes.append(Timex(start, length, "", attrs.get("type", ""), attrs.get("value", "")))
                open_timex = None
            continue
        text = html.unescape(piece) if piece.startswith("&") else piece
        parts.append(text)
        length += len(text)
    body = "".join(parts)
    timexes = [Timex(t.start, t.end, body[t.start:t.end], t.type, t.value) for t in timexes]
    return TmlDocument(docid, str(path), dct, body, timexes)
