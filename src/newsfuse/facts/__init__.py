"""Facts: numeric claims, measures, events and quotes, cross-checked between outlets.

Per article (inside the single spaCy pass): `extract_claims`, `extract_events`, `extract_quotes`,
or `FactsReader` as an `NlpStage` consumer. Per story: `cross_check`, then `facts_to_dicts` for
the JSON report and `events_csv_rows` for the ACLED-like CSV. Rules: docs/facts.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsfuse.models import Article
from newsfuse.facts.claims import extract_claims
from newsfuse.facts.events import CSV_COLUMNS, events_csv_rows, extract_events, merge_events
from newsfuse.facts.measures import build_measures, measure_key, status_of
from newsfuse.facts.numbers import Quantity, parse_number, parse_quantity
from newsfuse.facts.quotes import extract_quotes
from newsfuse.facts.records import (Casualty, Claim, Event, EventMention, Measure, Quote, Source, StoryClaim, StoryFacts,
                      StoryQuote)
from newsfuse.facts.story import cross_check, facts_to_dicts
from newsfuse.facts.syntax import doc_text

__all__ = [
    "CSV_COLUMNS", "ArticleFacts", "Casualty", "Claim", "Event", "EventMention", "FactsReader", "Measure",
    "Quantity", "Quote", "Source", "StoryClaim", "StoryFacts", "StoryQuote", "build_measures", "cross_check",
    "events_csv_rows", "extract_claims", "extract_events", "extract_quotes", "facts_to_dicts", "measure_key",
    "merge_events", "parse_number", "parse_quantity", "read_facts", "status_of",
]


@dataclass(slots=True)
class ArticleFacts:
    """What one article states: its figures, event mentions and quotes."""

    article_id: str
    claims: list[Claim] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


def read_facts(article: Article, doc) -> ArticleFacts:
    """Claims, event mentions and quotes of one parsed article."""
    doc_text(doc, article.text)  # the extractors slice the text; spaCy would join its tokens each time
    return ArticleFacts(article.id, extract_claims(article, doc), extract_events(article, doc),
                        extract_quotes(article, doc))


class FactsReader:
    """An `NlpStage` consumer: puts each article's facts on the article, from the shared parse."""

    name = "facts"
    requires = ("article.text", "article.published")
    assigns = ("article.facts",)

    def __call__(self, article: Article, doc) -> None:
        article.facts = read_facts(article, doc)
