"""What a reader yields: one input record, before cleaning, with the metadata the input gave."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsfuse.ingest.extract import HtmlText


@dataclass(slots=True)
class RawRecord:
    """One article as read from a file, a JSON record, a feed entry or standard input.

    `identity` says where the record lives (its path relative to the directory given, `path#n`
    for records in a container, `path#part-n` for a part of a long text, or URL); together with
    the content it gives the article id, so reading the same input again, from any folder, gives
    the same id. Fields other than `body` are metadata given explicitly by the input.
    """

    path: str
    identity: str
    body: str
    kind: str  # "text" (plain text), "html", or "link" (a feed entry with only a link: `url`, no body)
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str | None = None
    notes: dict[str, str] = field(default_factory=dict)
    # a part of a longer text (newsfuse.ingest.parts): the whole's id, this part's number, how many
    part_of: str | None = None
    part_number: int = 0
    part_count: int = 0
    # an HTML body's text, when reading had to extract it already (to see whether it needs parts)
    extracted: HtmlText | None = None
    # the identity release 0.2.0 gave a file (its resolved path): the id a store written by
    # them holds for this record, so a run can tell the record is stored already
    former_identity: str | None = None

    @property
    def article_id(self) -> str:
        return _article_id(self.identity, self.title, self.body)

    @property
    def former_id(self) -> str | None:
        return _article_id(self.former_identity, self.title, self.body) if self.former_identity is not None else None


def _article_id(identity: str, title: str | None, body: str) -> str:
    digest = hashlib.sha256(f"{identity}\0{title or ''}\0{body}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]
