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
    return ArticleFacts(article.id, extract_claims(article, doc), extract_events(article, doc),
                        extract_quotes(article, doc))


class FactsReader:
    """An `NlpStage` consumer: keeps each article's facts by article id, from the shared parse."""

    name = "facts"
    requires = ("article.text", "article.published")
    assigns = ("facts",)

    def __init__(self) -> None:
        self.by_article: dict[str, ArticleFacts] = {}

    def __call__(self, article: Article, doc) -> None:
        self.by_article[article.id] = read_facts(article, doc)

    def story(self, articles: list[Article], canonical=None) -> StoryFacts:
        """Cross-check the facts of the given articles (one story)."""
        facts = [self.by_article[a.id] for a in articles if a.id in self.by_article]
        return cross_check(articles, [c for f in facts for c in f.claims], [e for f in facts for e in f.events],
                           [q for f in facts for q in f.quotes], canonical=canonical)
