"""The records newsfuse works with: articles, what was extracted from them, and how they group.

Everything extracted from an article (mentions, time expressions, claims, quotes) carries the
article id and character offsets into `Article.text`, the cleaned text, so any fact can be traced
back to the sentence it came from. Records become dicts only at the store and export boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # records of the domain packages, which build on these
    from newsfuse.facts import ArticleFacts, StoryFacts
    from newsfuse.timex.timeline import TimelineEntry


@dataclass(slots=True, frozen=True)
class Rejection:
    """An input that could not be used, and why (`path` is a file, `file#record` or URL)."""

    path: str
    reason: str


@dataclass(slots=True, frozen=True)
class Removed:
    """A piece of boilerplate taken out of the raw text, kept so a user can inspect it.

    `start`/`end` are offsets into `Article.raw`.
    """

    text: str
    reason: str
    start: int
    end: int


@dataclass(slots=True, frozen=True)
class Mention:
    """A named mention in an article: `text == article.text[start:end]`."""

    article_id: str
    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ...


@dataclass(slots=True, frozen=True)
class TimeExpression:
    """A time expression normalized to a TIMEX3-style value relative to the article's anchor."""

    article_id: str
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION or SET
    value: str  # e.g. 2023-11-28, 2023-W48, P3D, PRESENT_REF, 2023-11-29TAF


@dataclass(slots=True)
class Article:
    """One report from one outlet, from raw input to cleaned and analyzed text.

    Metadata given explicitly by the input wins over inferred metadata; `inferred` names the
    fields that newsfuse guessed from the text (e.g. {"published": "date line"}).
    """

    id: str
    path: str
    raw: str
    title: str = ""
    text: str = ""
    url: str | None = None
    source: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime
    language: str | None = None
    inferred: dict[str, str] = field(default_factory=dict)
    removed: list[Removed] = field(default_factory=list)
    content_hash: str = ""
    duplicate_of: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    story_id: str | None = None
    # what the facts reader found in the spaCy pass (None: not read yet, or not kept by the store)
    facts: ArticleFacts | None = None
    # MinHash signature (little-endian uint64 values) and its LSH band keys, from the dedup stage
    minhash: bytes = b""
    bands: list[tuple[int, str]] = field(default_factory=list)
    # provenance (docs/provenance.md): who published this copy, the agencies or outlets it credits
    # as its origin, and the earlier articles it copies long passages from (article id, share of
    # this article's text)
    publisher: str | None = None
    credits: list[str] = field(default_factory=list)
    derived_from: list[tuple[str, float]] = field(default_factory=list)
    # one part of a text too long for one article (newsfuse.ingest.parts, docs/ingest.md): the id
    # the whole text would have as one article, this part's number (from 1) and the number of parts
    part_of: str | None = None
    part_number: int = 0
    part_count: int = 0
    # the id release 0.2.0 gave this article (from the file's absolute path), when it differs: a
    # store written by it holds the article under this id
    former_id: str | None = None


@dataclass(slots=True)
class Entity:
    """One real-world person, organization or place, with every mention that names it."""

    id: str
    name: str
    type: str  # person, org, place, group (NORP: "Serbs") or other
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    country: str | None = None

    @property
    def article_ids(self) -> list[str]:
        return sorted({m.article_id for m in self.mentions})


@dataclass(slots=True)
class Story:
    """Articles that report one real-world event."""

    id: str
    title: str
    article_ids: list[str]
    thread_id: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    entities: list[Entity] = field(default_factory=list)
    # the story stages' inputs and results (pipeline/stages.py); the store keeps the results as
    # the documents "entities", "timeline" and "facts"
    articles: list[Article] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    facts: StoryFacts | None = None
    reanchored: list[str] = field(default_factory=list)  # ids of articles whose times were tagged again


@dataclass(slots=True)
class Thread:
    """A chain of related stories over time."""

    id: str
    title: str
    story_ids: list[str]
    stories: list[Story] = field(default_factory=list)  # in date order, with their articles and entities
    facts: StoryFacts | None = None  # figures cross-checked over the whole thread


@dataclass(slots=True)
class Batch:
    """What one pipeline run works on: the articles of this run and what is known about them.

    `stories` and `threads` cover the whole store after grouping, not only this run's articles.
    """

    articles: list[Article] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    threads: list[Thread] = field(default_factory=list)

    def reject(self, article: Article, reason: str) -> None:
        """Move an article out of the run into the rejections."""
        self.articles = [a for a in self.articles if a.id != article.id]
        self.rejected.append(Rejection(article.path, reason))
