"""A body too long for one article becomes parts: articles of their own, cut between paragraphs.

A record whose text is longer than `PART_CHARS` (a book-length report, a 50 MB transcript) is
cut at a paragraph break, else after a sentence, else at a space, never inside a word; each part
is a record titled "<headline> (part 3 of 250)" with the input's metadata and the id of the whole
(`part_of`: the id the text would have had as one article). The cuts are found on the text as it
is, without copies; each part's text is copied only when its record is made, so the parts held
at once are those the pipeline's current chunk holds.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import replace

from newsfuse.ingest.records import RawRecord
from newsfuse.models import Rejection

PART_CHARS = 200_000  # characters of one part, at most
# Characters of one input read in parts, at most (50 MiB). A text of more than
# `pipeline.grouping.ONE_STORY_PARTS` parts is grouped as consecutive stories of at most
# `pipeline.grouping.STORY_PARTS` parts each (one story's analysis holds its articles), so memory
# does not grow with the text; time does (about 43 CPU s per 1,000,000 characters). A longer text is
# refused. The whole text is held while its parts are read: at most `ingest.MAX_BYTES` of input.
MAX_TOTAL_CHARS = 50 * 1024 * 1024
# A cut is looked for in the last half of a part's window: parts are at least half this long.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def part_bounds(text: str, limit: int = PART_CHARS) -> list[tuple[int, int]]:
    """(start, end) of each part: contiguous, covering `text`, each at most `limit` characters.

    The whitespace of a cut stays at the end of the part before it, so the parts joined are the
    text. A run of `limit` characters without any space is cut where it reaches the limit."""
    bounds = []
    start, size = 0, len(text)
    while size - start > limit:
        end = _cut(text, start, start + limit)
        bounds.append((start, end))
        start = end
    bounds.append((start, size))
    return bounds


def _cut(text: str, start: int, stop: int) -> int:
    """Where the part from `start` ends: after the last paragraph break, sentence or space before `stop`."""
    half = start + (stop - start) // 2
    paragraph = text.rfind("\n\n", half, stop)
    if paragraph >= 0:
        return _after_space(text, paragraph, stop)
    last = None
    for last in _SENTENCE_END.finditer(text, half, stop):
        pass
    if last is None:
        for last in _SPACE.finditer(text, start + 1, stop):
            pass
    return last.end() if last is not None else stop


def _after_space(text: str, at: int, stop: int) -> int:
    match = _SPACE.match(text, at, stop)
    return match.end() if match else at


def whole_id(record: RawRecord, title: str, bounds: list[tuple[int, int]]) -> str:
    """The id the whole text would have as one article (`RawRecord.article_id`), hashed part by part."""
    digest = hashlib.sha256(f"{record.identity}\0{title}\0".encode("utf-8", "surrogatepass"))
    for start, end in bounds:
        digest.update(record.body[start:end].encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def split_record(record: RawRecord, title: str, limit: int = PART_CHARS,
                 max_chars: int = MAX_TOTAL_CHARS) -> Iterator[RawRecord | Rejection]:
    """The record itself when its body fits in one part, else its parts in order.

    `title` is the headline the parts' titles are made from (the record's own, or the one the
    cleaner finds at the top of the text)."""
    if len(record.body) <= limit:
        yield record
        return
    if len(record.body) > max_chars:
        yield Rejection(record.path, f"text too long ({len(record.body):,} characters; newsfuse reads up to "
                                     f"{max_chars:,} of one input, in parts of {limit:,})")
        return
    bounds = part_bounds(record.body, limit)
    if any(not record.body[end - 1].isspace() and not record.body[end].isspace() for _, end in bounds[:-1]):
        yield Rejection(record.path, f"text too long for one article ({len(record.body):,} characters) and not "
                                     f"prose that can be read in parts (no space in {limit:,} characters; "
                                     f"prose is read up to {max_chars:,})")
        return
    of = whole_id(record, title, bounds)
    count = len(bounds)
    for number, (start, end) in enumerate(bounds, start=1):
        yield replace(record, path=f"{record.path}#part-{number}", identity=f"{record.identity}#part-{number}",
                      body=record.body[start:end], title=f"{title} (part {number} of {count})".strip(),
                      part_of=of, part_number=number, part_count=count, notes=dict(record.notes))


def in_parts(record: RawRecord, limit: int = PART_CHARS,
             max_chars: int = MAX_TOTAL_CHARS) -> Iterator[RawRecord | Rejection]:
    """A record read from an input, in parts when its text is longer than `limit`.

    Plain text is cut as it is. An HTML body longer than `limit` is extracted here, to know how
    long its text is: a short text goes on as the record (with its extraction kept, so it is not
    extracted twice and its id does not change), a long one as parts of plain text that carry the
    page's metadata."""
    if record.kind == "text" and len(record.body) > limit:
        yield from split_record(record, record.title or _headline(record.body, limit), limit, max_chars)
    elif record.kind == "html" and len(record.body) > limit and record.extracted is None:
        from newsfuse.ingest.extract import html_text

        page = html_text(record.body)
        if isinstance(page, str):
            yield Rejection(record.path, page)
        elif len(page.text) <= limit:
            yield replace(record, extracted=page)
        else:
            yield from split_record(_as_text(record, page), record.title or page.meta.get("title")
                                    or _headline(page.text, limit), limit, max_chars)
    else:
        yield record


def _headline(text: str, limit: int) -> str:
    """The headline the cleaner finds at the top of the text (as it would for the whole)."""
    from newsfuse.text.clean import clean_text

    cleaned = clean_text(text[:limit])
    return cleaned.title or cleaned.text.split("\n", 1)[0][:120]


def _as_text(record: RawRecord, page) -> RawRecord:
    """An HTML record as the plain text extracted from it, with what the page stated as metadata."""
    notes = {**record.notes, **page.inferred}
    source, published = record.source, record.published
    if not source and page.meta.get("sitename"):
        source, notes["source"] = page.meta["sitename"], "html metadata"
    if not published and page.meta.get("date"):
        published, notes["published"] = page.meta["date"], "html date (htmldate)"
    if not record.title and page.meta.get("title"):
        notes["title"] = "html metadata"
    return replace(record, body=page.text, kind="text", source=source, published=published, notes=notes)
