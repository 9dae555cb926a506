"""Story- and thread-scope stages: what is known about a story once its articles are grouped
(re-anchored times, entities, timeline, figures) and about a thread (figures over its stories).

Functions of records to records, no I/O: the store run (`pipeline.story.StoryAnalyzer`) and the
Spark job (`spark.story`) load the records their own way, run the same stages, and write the
documents of `story_documents` / `thread_documents` where they keep results.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from newsfuse.codec import encode
from newsfuse.entities import Gazetteer, resolve
from newsfuse.entities.corrections import Corrections
from newsfuse.facts import ArticleFacts, StoryFacts, cross_check, facts_to_dicts
from newsfuse.facts.events import Located
from newsfuse.facts.provenance import Provenance, annotate
from newsfuse.facts.vocab import fold
from newsfuse.facts.dates import _resolve as resolve_year
from newsfuse.models import Article, Entity, Story, Thread
from newsfuse.pipeline.contract import StoryStage, ThreadStage
from newsfuse.stories.summary import summary_document
from newsfuse.timex import TimeTagger, anchor_articles, build_timeline, timeline_to_dicts


class ReanchorStage(StoryStage):
    """Articles without a date of their own borrow the year and day from their story."""

    name = "reanchor"
    requires = ("story.articles", "article.text", "article.published", "article.times")
    assigns = ("article.times", "article.inferred", "story.reanchored")

    def __init__(self, tagger: TimeTagger | None = None) -> None:
        self.tagger = tagger

    def process(self, story: Story) -> Story:
        if self.tagger is None and any(not a.published for a in story.articles):
            self.tagger = TimeTagger()
        story.reanchored = [a.id for a in reanchor(story.articles, self.tagger)]
        return story


class EntitiesStage(StoryStage):
    """The story's entities: mentions resolved across its articles, with the user's corrections."""

    name = "entities"
    requires = ("story.articles", "article.mentions", "article.text")
    assigns = ("story.entities",)

    def __init__(self, gazetteer: Gazetteer, corrections: Corrections | None = None) -> None:
        self.gazetteer = gazetteer
        self.corrections = corrections or Corrections([], [], {})

    def process(self, story: Story) -> Story:
        story.entities = resolve(story.articles, gazetteer=self.gazetteer, corrections=self.corrections,
                                 scope="story")
        return story


class TimelineStage(StoryStage):
    """What happened when, merged over the story's articles."""

    name = "timeline"
    requires = ("story.articles", "article.times", "article.text", "article.source", "article.published")
    assigns = ("story.timeline",)

    def process(self, story: Story) -> Story:
        story.timeline = build_timeline(story.articles)
        annotate(Provenance.of(story.articles), timeline=story.timeline)  # outlets, independent sources
        return story


class FactsStage(StoryStage):
    """The story's figures, events and quotes, cross-checked between outlets."""

    name = "facts"
    requires = ("story.articles", "story.entities", "article.facts", "article.inferred", "article.mentions")
    assigns = ("story.facts",)

    def process(self, story: Story) -> Story:
        story.facts = cross_checked(story.articles, story.entities)
        return story


class ThreadFactsStage(ThreadStage):
    """Figures cross-checked over a whole thread: a figure that moved between stories weeks apart
    (4,000 troops in June, 4,500 in November) is a series, `changed`, not a conflict."""

    name = "thread-facts"
    requires = ("thread.stories", "story.articles", "story.entities", "article.facts", "article.inferred")
    assigns = ("thread.facts",)

    def process(self, thread: Thread) -> Thread:
        # over a thread, speakers are named through the stories' resolved entities only
        articles = [replace(a, mentions=[]) for story in thread.stories for a in story.articles]
        thread.facts = cross_checked(articles, [e for story in thread.stories for e in story.entities])
        return thread


def cross_checked(articles: list[Article], entities: list[Entity]) -> StoryFacts:
    """The articles' facts (their years completed from the anchors) cross-checked, speakers and
    actors named as the entities name them."""
    found = [dated(a.facts, a.inferred.get("anchor", "")[:10]) for a in articles if a.facts is not None]
    return cross_check(articles, [c for f in found for c in f.claims], [e for f in found for e in f.events],
                       [q for f in found for q in f.quotes], canonical=canonical_names(entities),
                       locate=place_locator(entities))


def story_documents(story: Story) -> dict[str, object]:
    """The stored documents of an analysed story (kinds "entities", "timeline", "facts", and
    "summary": the sentences of its brief, chosen once here rather than on every page view)."""
    return {"entities": encode(story.entities), **derived_documents(story)}


def derived_documents(story: Story) -> dict[str, object]:
    """The documents of `story_documents` but "entities": final when the stages end, where the
    entities may still be linked to a store-wide index (`pipeline.story.StoryAnalyzer.write`)."""
    return {"timeline": timeline_to_dicts(story.timeline), "facts": facts_to_dicts(story.facts or StoryFacts()),
            "summary": summary_document(story.articles)}


def thread_documents(thread: Thread) -> dict[str, object]:
    """The stored documents of an analysed thread (kind "facts")."""
    return {"facts": facts_to_dicts(thread.facts or StoryFacts())}


def reanchor(articles: list[Article], tagger: TimeTagger | None = None) -> list[Article]:
    """Articles without a date of their own borrow the year and day from their story: their time
    expressions are tagged again from that anchor, recorded in `inferred["anchor"]` (or, when the
    story gives none any more, without one, as at ingest). Returns the articles changed."""
    undated = [a for a in articles if not a.published]
    if not undated:
        return []
    anchors = anchor_articles(articles)
    tagger = tagger or TimeTagger()
    changed = []
    for article in undated:
        anchor = anchors[article.id]
        if anchor.date is None:
            if "anchor" in article.inferred:  # a story that anchored it before (it moved) no longer does
                article.times = tagger.tag(article.text, None, article_id=article.id)
                del article.inferred["anchor"]
                changed.append(article)
            continue
        article.times = tagger.tag(article.text, anchor.date, article_id=article.id)
        article.inferred["anchor"] = f"{anchor.date.isoformat()} ({anchor.how})"
        changed.append(article)
    return changed


def dated(found: ArticleFacts, anchor: str) -> ArticleFacts:
    """`found` with figures and events dated "XXXX-MM-DD" at extraction given the year of the
    article's later-inferred anchor (a copy; `found` is left as extracted)."""
    try:
        ref = date.fromisoformat(anchor)
    except ValueError:
        return found
    claims = []
    for claim in found.claims:
        if claim.as_of and claim.as_of.startswith("XXXX-"):
            month, _, day = claim.as_of[5:].partition("-")
            claim = replace(claim, as_of=resolve_year(int(month), int(day) if day else None, None, ref))
        claims.append(claim)
    events = [replace(e, date=_completed(e.date, ref)) if e.date and e.date.startswith("XXXX-") else e
              for e in found.events]
    return replace(found, claims=claims, events=events)


def _completed(value: str, ref: date) -> str:
    month, _, day = value[5:].partition("-")
    return resolve_year(int(month), int(day) if day else None, None, ref)


def place_locator(entities: list[Entity]) -> Callable[[str], Located | None]:
    """A place name as written -> the place entity the gazetteer located, for event places."""
    places: dict[str, Located] = {}
    for entity in entities:
        if entity.type != "place" or entity.lat is None or entity.lon is None:
            continue
        for text in [entity.name, *entity.aliases, *(m.text for m in entity.mentions)]:
            places.setdefault(fold(text.removeprefix("the ")), Located(entity.name, entity.lat, entity.lon))
    return lambda text: places.get(fold(text.removeprefix("the ")))


def canonical_names(entities: list[Entity]) -> Callable[[str], str]:
    """A mention text -> canonical entity name function, for quote speakers and event actors."""
    names: dict[str, str] = {}
    for entity in entities:
        for text in [entity.name, *entity.aliases, *(m.text for m in entity.mentions)]:
            names.setdefault(text, entity.name)
    return lambda text: names.get(text, text)
