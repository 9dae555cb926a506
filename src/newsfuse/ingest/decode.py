"""Turn bytes into text, or say why they are not text."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

# UTF-32 first: its little-endian mark begins with UTF-16's
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_TEXT_CONTROLS = {9, 10, 12, 13, 27}
# Single-byte encodings that news in Latin and Cyrillic scripts is still published in.
FALLBACK_ENCODINGS = ["cp1252", "cp1250", "cp1251", "iso8859_2", "iso8859_15", "latin_1", "koi8_r"]


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean a binary file.

    Text with a UTF-16 or UTF-32 byte-order mark is full of NUL bytes and is not binary: `decode` reads it.
    """
    head = data[:8192]
    if head.startswith(tuple(bom for bom, _ in _BOMS)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return bool(head) and controls / len(head) > 0.05


def decode(data: bytes) -> tuple[str | None, str]:
    """(text, encoding) or (None, reason) when the bytes are not text in any encoding we trust."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeError:
                return None, f"undecodable bytes (starts with a {encoding} byte-order mark but is not {encoding})"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = f"invalid UTF-8 at byte {exc.start}"
    best = from_bytes(data[:200_000], cp_isolation=FALLBACK_ENCODINGS).best()
    try:
        text = data.decode(best.encoding) if best is not None and best.chaos <= 0.2 else None
    except (UnicodeDecodeError, LookupError):
        text = None
    if text is None or not _reads_like_prose(text):
        return None, f"undecodable bytes ({utf8_error}, and no other encoding fits)"
    return text, best.encoding


def _reads_like_prose(text: str) -> bool:
    """Words separated by plain spaces: what a wrongly decoded byte soup lacks."""
    sample = text[:20_000]
    spaces = sum(1 for c in sample if c in " \n\t\r")
    return bool(sample) and spaces / len(sample) >= 0.05
