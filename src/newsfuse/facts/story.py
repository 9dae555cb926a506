"""Cross-checking one story: measures with a status, events and quotes merged across outlets,
and the JSON report (`facts_to_dicts`)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz, process

from newsfuse.models import Article
from newsfuse.facts.dates import relative_date
from newsfuse.facts.events import Located, event_dict, merge_events
from newsfuse.facts.measures import build_measures, short_hash
from newsfuse.facts.numbers import Quantity
from newsfuse.facts.provenance import Provenance, annotate, origin_resolver
from newsfuse.facts.quotes import full_name
from newsfuse.facts.records import Claim, EventMention, FirstReport, Quote, Source, StoryClaim, StoryFacts, StoryQuote
from newsfuse.facts.vocab import fold

# Two versions of a quote by the same speaker are one quote from this similarity on (rapidfuzz
# token_set_ratio of accent-folded text); with an unknown speaker on either side, from the stricter one.
SAME_QUOTE = 75
SAME_QUOTE_UNKNOWN_SPEAKER = 90


def outlets(articles: list[Article]) -> dict[str, str]:
    """Article id -> outlet name: the publisher, else the source (the article id when unknown)."""
    return {a.id: (a.publisher or a.source or a.id) for a in articles}


def speaker_resolver(articles: list[Article], quotes: list[Quote],
                     canonical: Callable[[str], str] | None = None) -> Callable[[str | None], str | None]:
    """Map a speaker as an article names them to the story's canonical name: the entity
    resolver's `canonical` first, then the longest person name of the story with the same
    surname ("Stoltenberg" -> "Jens Stoltenberg")."""
    names = [m.text for a in articles for m in a.mentions if m.label == "PERSON"]
    names += [q.speaker for q in quotes if q.speaker]

    def resolve(name: str | None) -> str | None:
        if not name:
            return None
        resolved = canonical(name) if canonical else name
        if resolved == name:
            resolved = full_name(name, names) or name
        return resolved

    return resolve


def merge_quotes(quotes: list[Quote], resolve: Callable[[str | None], str | None]) -> list[StoryQuote]:
    """One `StoryQuote` per quote, however many outlets carry it (same speaker, similar words)."""
    merged: list[StoryQuote] = []
    folded: list[list[str]] = []  # beside `merged`: each one's quotes' texts, folded once
    for quote in sorted(quotes, key=lambda q: (q.article_id, q.start)):
        speaker = resolve(quote.speaker or quote.speaker_text)
        text = fold(quote.text)
        match = None
        for candidate, texts in zip(merged, folded):
            known = speaker is not None and candidate.speaker is not None
            if known and speaker != candidate.speaker:
                continue
            threshold = SAME_QUOTE if known else SAME_QUOTE_UNKNOWN_SPEAKER
            # any of its texts this similar, compared in one call (not one Python call per text)
            if process.extractOne(text, texts, scorer=fuzz.token_set_ratio, processor=None,
                                  score_cutoff=threshold) is not None:
                match, match_texts = candidate, texts
                break
        if match is None:
            match = StoryQuote("q-" + short_hash("quote", speaker, text[:200]), quote.text, speaker)
            match_texts = []
            merged.append(match)
            folded.append(match_texts)
        elif match.speaker is None:
            match.speaker = speaker
        match.quotes.append(quote)
        match_texts.append(text)
        if quote.source not in match.sources:
            match.sources.append(quote.source)
    return merged


def dated_claims(articles: list[Article], claims: list[Claim]) -> list[Claim]:
    """A claim with no date of its own holds on the day of its article: the publication date, else
    the anchor its story gave the article (`inferred["anchor"]`, "2023-11-28 (…)")."""
    day = {}
    for article in articles:
        anchor = (article.published or article.inferred.get("anchor") or "")[:10]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", anchor):
            day[article.id] = date.fromisoformat(anchor)
    out = []
    for claim in claims:
        ref = day.get(claim.article_id)
        if claim.as_of is None and ref is not None:
            ahead, _ = _relative_date(claim.sentence, ref)  # "next year" from the article's day
            claim = replace(claim, as_of=ahead or (None if claim.planned else ref.isoformat()))
        out.append(claim)
    return out


@lru_cache(maxsize=4096)
def _relative_date(sentence: str, ref: date) -> tuple[str | None, bool]:
    # a thread's cross-check dates again the claims its stories dated, and a sentence holds several
    return relative_date(sentence, ref)


def cross_check(articles: list[Article], claims: list[Claim], events: list[EventMention], quotes: list[Quote], *,
                canonical: Callable[[str], str] | None = None,
                locate: Callable[[str], Located | None] | None = None) -> StoryFacts:
    """The story's facts: claims grouped into measures with a status, events and quotes merged
    across outlets, speakers and actors named canonically, event places located by `locate`."""
    outlet_of = outlets(articles)
    origin = origin_resolver(articles)
    measures, story_claims = build_measures(dated_claims(articles, claims), outlet_of, origin)
    resolve = speaker_resolver(articles, quotes, canonical)
    merged_quotes = merge_quotes(quotes, resolve)
    facts = StoryFacts(
        claims=story_claims, measures=measures, events=merge_events(events, canonical=canonical, locate=locate,
                                                               published={a.id: a.published or a.inferred.get("anchor", "")[:10]
                                                                          for a in articles}),
        quotes=merged_quotes,
    )
    # outlets, independent sources and first reports of every kind of fact, one way (facts/provenance.py)
    annotate(Provenance({a.id: a for a in articles}, origin), facts)
    return facts


def _number(value: float | None) -> int | float | None:
    if value is None or not math.isfinite(value):
        return None
    return int(value) if float(value).is_integer() else value


def quantity_value(quantity: Quantity) -> int | float | list | None:
    """A JSON value: the number, or [low, high] for a range."""
    if quantity.is_range:
        return [_number(quantity.low), _number(quantity.high)]
    return _number(quantity.value)


def _source(source: Source) -> dict:
    return {"article_id": source.article_id, "text": source.text, "start": source.start, "end": source.end}


def owner_id(name: str) -> str:
    """A stable id for an owner, from its canonical name ("United Kingdom" -> "owner:united-kingdom")."""
    return "owner:" + "-".join(re.findall(r"[a-z0-9]+", fold(name)))


def _first(report: FirstReport | None) -> dict | None:
    if report is None:
        return None
    return {"article_id": report.article_id, "publisher": report.publisher, "origin": report.origin,
            "published": report.published}


def _claim_dict(claim: StoryClaim) -> dict:
    return {
        "id": claim.id, "measure": claim.measure, "value": quantity_value(claim.quantity),
        "low": _number(claim.quantity.low), "high": _number(claim.quantity.high),
        "unit": claim.quantity.unit, "qualifier": claim.quantity.qualifier, "change": claim.change,
        "owner": {"id": owner_id(claim.owner), "name": claim.owner} if claim.owner else None,
        "concept": claim.concept, "as_of": claim.as_of,
        "sources": [_source(s) for s in claim.sources],
        "outlets": list(claim.outlets), "independent_sources": list(claim.independent_sources),
        "first_report": _first(claim.first_report),
    }


def facts_to_dicts(story_facts: StoryFacts) -> dict:
    """The JSON report of a story: `claims`, `measures`, `events`, `quotes` (docs/facts.md)."""
    return {
        "claims": [_claim_dict(c) for c in story_facts.claims],
        "measures": [{"id": m.id, "label": m.label, "status": m.status, "reason": m.reason,
                      "claim_ids": list(m.claim_ids), "outlets": list(m.outlets),
                      "independent_sources": list(m.independent_sources), "rests_on": m.rests_on,
                      "first_report": _first(m.first_report)} for m in story_facts.measures],
        "events": [{**event_dict(e, _source), "outlets": list(e.outlets),
                    "independent_sources": list(e.independent_sources)} for e in story_facts.events],
        "quotes": [{"id": q.id, "text": q.text, "speaker": q.speaker, "sources": [_source(s) for s in q.sources],
                    "outlets": list(q.outlets), "independent_sources": list(q.independent_sources)}
                   for q in story_facts.quotes],
    }
