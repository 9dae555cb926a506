"""Independent sources behind a fact: the origins left once copies collapse into their original,
whole-article credits into the agency credited, attributed sentences into the agency named, and
sentences lifted word for word from an earlier article into that article's origin.

Five sites printing one wire are one independent source and five outlets (docs/provenance.md).
`Provenance.sources` is the one answer for every kind of fact (claims, measures, timeline entries,
events, quotes): the places in the text it stands on -> its outlets and independent sources.
No I/O: reads the articles' `publisher`, `source`, `credits`, `duplicate_of`, `derived_from`, `text`,
`published`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from newsfuse.facts.records import FirstReport, StoryFacts
from newsfuse.models import Article
from newsfuse.text.agencies import Attribution, agencies, attributions, sentence_bounds

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


# A sentence of at least this many words found word for word in an article this one copies from
# (`derived_from`) is a lifted one: it has the origin of that article, not of the one lifting it.
LIFTED_WORDS = 8
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Words:
    """A text's words, case-folded and joined by single spaces, with each word's offset in the text."""

    joined: str
    starts: list[int]  # where each word starts in `joined`
    offsets: list[int]  # where each word starts in the text

    @classmethod
    def of(cls, text: str) -> Words:
        found = [(m.group().casefold(), m.start()) for m in _WORD.finditer(text)]
        starts, at = [], 0
        for word, _ in found:
            starts.append(at)
            at += len(word) + 1
        return cls(" ".join(w for w, _ in found), starts, [o for _, o in found])

    def find(self, other: Words) -> int | None:
        """The offset in this text where `other`'s words appear in a row, else None."""
        at = f" {self.joined} ".find(f" {other.joined} ")
        return None if at < 0 else self.offsets[bisect.bisect_left(self.starts, at)]


def origin_resolver(articles: Iterable[Article]) -> Origin:
    """(article id, offset in its text) -> the independent origin of what is written there: the
    agency a sentence is attributed to; for a sentence lifted word for word from an article it
    copies from, that article's origin there; else the article's own origin (its original's, when
    it is a copy of most of one; the agency it credits; its publisher)."""
    by_id = {a.id: a for a in articles}
    root = {aid: root_of(aid, by_id) for aid in by_id}
    origin = {aid: article_origin(by_id[root[aid]]) for aid in by_id}
    said: dict[str, list[Attribution]] = {}
    words: dict[str, Words] = {}

    def words_of(article_id: str) -> Words:
        if article_id not in words:
            words[article_id] = Words.of(by_id[article_id].text or "")
        return words[article_id]

    def lifted(article: Article, offset: int, seen: frozenset[str]) -> str | None:
        parents = [d[0] for d in sorted(article.derived_from, key=lambda d: -d[1]) if d[0] in by_id]
        if not parents or not article.text:
            return None
        start, end = sentence_bounds(article.text, offset, offset)
        sentence = Words.of(article.text[start:end])
        if len(sentence.starts) < LIFTED_WORDS:
            return None
        for parent in parents:
            at = words_of(parent).find(sentence)
            if at is None:
                continue
            if parent in seen or parent == article.id:  # a copy loop: one origin, wherever it is entered
                return origin[min(seen | {article.id})]
            return resolve(parent, at, seen | {article.id})
        return None

    known: dict[tuple[str, int], str] = {}

    def resolve(article_id: str, offset: int, seen: frozenset[str] = frozenset()) -> str:
        # every claim, measure, event and quote of a story asks again for the same places
        if seen:
            return _resolve(article_id, offset, seen)
        found = known.get((article_id, offset))
        if found is None:
            found = known[(article_id, offset)] = _resolve(article_id, offset, seen)
        return found

    def _resolve(article_id: str, offset: int, seen: frozenset[str]) -> str:
        article = by_id.get(article_id)
        if article is None:
            return article_id
        if article_id not in said:
            said[article_id] = attributions(article.text) if article.text else []
        for attribution in said[article_id]:
            if attribution.sentence_start <= offset < attribution.sentence_end:
                return attribution.agency
        if root[article_id] == article_id and article.derived_from:  # a lifted passage keeps its origin
            found = lifted(article, offset, seen)
            if found is not None:
                return found
        return origin[article_id]

    return resolve


def count_phrase(independent: int, outlets: int) -> str:
    """"2 independent sources, 4 outlets"."""
    sources = "1 independent source" if independent == 1 else f"{independent} independent sources"
    return f"{sources}, {outlets} outlet{'s' if outlets != 1 else ''}"


# How a measure's status rests on its sources, in front of count_phrase ("agreed by 2 independent ...").
_RESTS = {"agreed": "agreed by", "conflicting": "disputed between", "changed": "changed, as reported by",
          "single": "reported by"}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

Place = tuple[str, int]  # (article id, offset in its text)


def rests_on(status: str, independent: int, outlets: int) -> str:
    """"agreed by 2 independent sources, 4 outlets", "disputed between 2 independent sources, 2 outlets"."""
    return f"{_RESTS.get(status, 'reported by')} {count_phrase(independent, outlets)}"


def published_day(article: Article) -> str | None:
    """The day the article came out: its date, else the anchor its story gave it (`inferred`)."""
    day = (article.published or article.inferred.get("anchor") or "")[:10]
    return day if _DAY.fullmatch(day) else None


@dataclass(slots=True)
class Provenance:
    """Outlets, independent sources and first report of facts, over one story's (or thread's) articles."""

    articles: dict[str, Article]
    origin: Origin

    @classmethod
    def of(cls, articles: Iterable[Article]) -> Provenance:
        articles = list(articles)
        return cls({a.id: a for a in articles}, origin_resolver(articles))

    def outlet(self, article_id: str) -> str:
        article = self.articles.get(article_id)
        return publisher_of(article) if article is not None else article_id

    def sources(self, places: Iterable[Place]) -> tuple[list[str], list[str]]:
        """(outlets, independent sources) of a fact stated at these places, each sorted."""
        places = list(places)
        return (sorted({self.outlet(aid) for aid, _ in places}),
                sorted({self.origin(aid, offset) for aid, offset in places}))

    def first_report(self, places: Iterable[Place]) -> FirstReport | None:
        """The earliest article stating the fact (undated ones last; on a tie, the original before
        a copy, then the article id): which origin, published by whom, and when."""
        ids: dict[str, int] = {}
        for aid, offset in sorted(places):
            if aid in self.articles:
                ids.setdefault(aid, offset)  # its first statement of the fact
        if not ids:
            return None
        by_id = self.articles

        def order(aid: str) -> tuple:
            day = published_day(by_id[aid])
            return (day is None, day or "", root_of(aid, by_id) != aid, aid)

        first = min(ids, key=order)
        return FirstReport(first, self.outlet(first), self.origin(first, ids[first]), published_day(by_id[first]))


def annotate(provenance: Provenance, facts: StoryFacts | None = None, timeline: Iterable = ()) -> None:
    """Fill `outlets` and `independent_sources` on every claim, measure, event and quote of `facts`
    and every entry of `timeline` (timex `TimelineEntry`s, read through `evidence`); the first
    report of each claim and measure, and what each measure's status rests on (`rests_on`)."""
    for entry in timeline:
        entry.outlets, entry.independent_sources = provenance.sources((e.article_id, e.start) for e in entry.evidence)
    if facts is None:
        return
    by_claim = {}
    for claim in facts.claims:
        places = [(c.article_id, c.sentence_start) for c in claim.claims]
        claim.outlets, claim.independent_sources = provenance.sources(places)
        claim.first_report = provenance.first_report(places)
        by_claim[claim.id] = places
    for measure in facts.measures:
        places = [p for claim_id in measure.claim_ids for p in by_claim.get(claim_id, ())]
        measure.outlets, measure.independent_sources = provenance.sources(places)
        measure.first_report = provenance.first_report(places)
        measure.rests_on = rests_on(measure.status, len(measure.independent_sources), len(measure.outlets))
    for event in facts.events:
        event.outlets, event.independent_sources = provenance.sources(
            (m.article_id, m.sentence_start) for m in event.mentions)
    for quote in facts.quotes:
        quote.outlets, quote.independent_sources = provenance.sources((q.article_id, q.start) for q in quote.quotes)
