"""Independent sources behind a fact: the origins left once copies collapse into their original,
whole-article credits into the agency credited, and attributed sentences into the agency named.

Five sites printing one wire are one independent source and five outlets (docs/provenance.md).
No I/O: reads the articles' `publisher`, `source`, `credits`, `duplicate_of`, `derived_from`, `text`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from newsfuse.models import Article
from newsfuse.text.agencies import Attribution, agencies, attributions

# An article that copies most of its text (this share) from an earlier one has that one's origin; one
# that lifts a paragraph into its own report keeps its own origin (its sentences may be attributed).
DERIVED_ORIGIN = 0.6

Origin = Callable[[str, int], str]


def root_of(article_id: str, by_id: dict[str, Article]) -> str:
    """The original a copy leads back to (through `duplicate_of` and a large `derived_from`); a copy
    loop (A copies B, B copies A) ends at its first article seen twice, so it is one origin."""
    seen: list[str] = []
    current = article_id
    while current in by_id and current not in seen:
        seen.append(current)
        article = by_id[current]
        parent = article.duplicate_of
        if parent is None:
            big = [d for d in article.derived_from if d[1] >= DERIVED_ORIGIN and d[0] in by_id]
            parent = max(big, key=lambda d: d[1])[0] if big else None
        if parent is None or parent not in by_id:
            return current
        current = parent
    if current in seen:  # a loop: the same answer from wherever it is entered
        return min(seen[seen.index(current):])
    return current


def article_origin(article: Article) -> str:
    """Whom a whole article comes from: its first credit (agency names canonical), else its publisher."""
    if article.credits:
        return agencies().canonical(article.credits[0])
    return article.publisher or article.source or article.id


def publisher_of(article: Article) -> str:
    return article.publisher or article.source or article.id


def origin_resolver(articles: Iterable[Article]) -> Origin:
    """(article id, offset in its text) -> the independent origin of what is written there."""
    by_id = {a.id: a for a in articles}
    origin = {aid: article_origin(by_id[root_of(aid, by_id)]) for aid in by_id}
    said: dict[str, list[Attribution]] = {}

    def resolve(article_id: str, offset: int) -> str:
        article = by_id.get(article_id)
        if article is None:
            return article_id
        if article_id not in said:
            said[article_id] = attributions(article.text) if article.text else []
        for attribution in said[article_id]:
            if attribution.sentence_start <= offset < attribution.sentence_end:
                return attribution.agency
        return origin[article_id]

    return resolve


def count_phrase(independent: int, outlets: int) -> str:
    """"2 independent sources, 4 outlets"."""
    sources = "1 independent source" if independent == 1 else f"{independent} independent sources"
    return f"{sources}, {outlets} outlet{'s' if outlets != 1 else ''}"
