"""The pipeline stage: anchor each article, then tag its time expressions.

Anchors are inferred story by story (articles sharing `story_id`), so an article that dates things
only by month and day borrows the year from the others. An inferred anchor fills a missing
`published` and is recorded in `article.inferred["published"]`.
"""

from __future__ import annotations

from typing import ClassVar

from ..models import Article, Batch
from .anchor import Anchor, anchor_articles
from .tagger import TimeTagger


class TimexStage:
    """requires article.text; assigns article.times (and article.published when it was missing)."""

    name: ClassVar[str] = "times"
    requires: ClassVar[tuple[str, ...]] = ("article.text",)
    assigns: ClassVar[tuple[str, ...]] = ("article.times", "article.published")

    def __init__(self, tagger: TimeTagger | None = None) -> None:
        self.tagger = tagger or TimeTagger()

    def __call__(self, batch: Batch) -> Batch:
        stories: dict[str, list[Article]] = {}
        for article in batch.articles:
            stories.setdefault(article.story_id or f"article:{article.id}", []).append(article)
        for articles in stories.values():
            anchors = anchor_articles(articles)
            for article in articles:
                apply_anchor(article, anchors[article.id])
                article.times = self.tagger.tag(article.text, anchors[article.id].date, article_id=article.id)
        return batch


def apply_anchor(article: Article, anchor: Anchor) -> None:
    """Record an inferred anchor as the article's publication date, marked as inferred."""
    if anchor.inferred and anchor.date is not None and not article.published:
        article.published = anchor.date.isoformat()
        article.inferred["published"] = anchor.how
