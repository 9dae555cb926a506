"""What a reader yields: one input record, before cleaning, with the metadata the input gave."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(slots=True)
class RawRecord:
    """One article as read from a file, a JSON record, a feed entry or standard input.

    `identity` says where the record lives (absolute path, `path#n` for records in a container,
    or URL); together with the content it gives the article id, so reading the same input again
    gives the same id. Fields other than `body` are metadata given explicitly by the input.
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

    @property
    def article_id(self) -> str:
        digest = hashlib.sha256(f"{self.identity}\0{self.title or ''}\0{self.body}".encode("utf-8", "surrogatepass"))
        return digest.hexdigest()[:16]
