"""What is known about a story once its articles are grouped: entities, timeline and facts.

Per-article results (facts extracted during the spaCy pass) are stored per article; story-level
results are recomputed for the stories a run touched and stored as documents that the CLI, the
report and the web app read through `newsfuse.views`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from newsfuse.codec import decode, encode
from newsfuse.entities import Gazetteer, resolve
from newsfuse.entities.corrections import Corrections
from newsfuse.facts import ArticleFacts, cross_check, facts_to_dicts
from newsfuse.facts.dates import _resolve as resolve_year
from newsfuse.models import Article, Entity
from newsfuse.store import Store
from newsfuse.timex import TimeTagger, anchor_articles, build_timeline, timeline_to_dicts


@dataclass(slots=True)
class StoryAnalyzer:
    """Refreshes the stored entities, timeline and facts of stories."""

    store: Store
    gazetteer_file: Path | None = None
    _gazetteer: Gazetteer | None = field(default=None, init=False)

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.load(self.gazetteer_file)
        return self._gazetteer

    def save_article_facts(self, facts: dict[str, ArticleFacts], conn) -> None:
        for article_id, found in facts.items():
            self.store.put_analysis("article", article_id, "facts", encode(found), conn)

    def refresh(self, story_ids: set[str]) -> None:
        corrections = load_entity_corrections(self.store)
        for story_id in sorted(story_ids):
            articles = self.store.articles(story_id=story_id)
            if not articles:
                continue
            self._reanchor(articles)
            entities = resolve(articles, gazetteer=self.gazetteer, corrections=corrections, scope="story")
            timeline = timeline_to_dicts(build_timeline(articles))
            facts = self._facts(articles, entities)
            with self.store.transaction() as conn:
                self.store.put_analysis("story", story_id, "entities", encode(entities), conn)
                self.store.put_analysis("story", story_id, "timeline", timeline, conn)
                self.store.put_analysis("story", story_id, "facts", facts, conn)
        self.refresh_threads(self.store.thread_ids(story_ids))

    def refresh_threads(self, thread_ids: set[str]) -> None:
        """Figures cross-checked over a whole thread: a figure that moved between stories weeks apart
        (4,000 troops in June, 4,500 in November) is a series, `changed`, not a conflict."""
        for thread_id in sorted(thread_ids):
            articles = [a for story_id in self.store.thread_story_ids(thread_id)
                        for a in self.store.articles(story_id=story_id, with_details=False)]
            if articles:
                entities = [e for story_id in self.store.thread_story_ids(thread_id)
                            for e in stored_entities(self.store, story_id) or []]
                self.store.put_analysis("thread", thread_id, "facts", self._facts(articles, entities))

    def _reanchor(self, articles: list[Article]) -> None:
        for article in reanchor(articles):
            self.store.replace_times(article.id, article.times, article.inferred["anchor"])

    def _facts(self, articles: list[Article], entities: list[Entity]) -> dict:
        anchors = {a.id: a.inferred.get("anchor", "")[:10] for a in articles}
        found = []
        for article in articles:
            body = self.store.get_analysis("article", article.id, "facts")
            if body:
                found.append(dated(decode(ArticleFacts, body), anchors[article.id]))
        canonical = canonical_names(entities)
        story = cross_check(articles, [c for f in found for c in f.claims], [e for f in found for e in f.events],
                            [q for f in found for q in f.quotes], canonical=canonical)
        return facts_to_dicts(story)


def reanchor(articles: list[Article]) -> list[Article]:
    """Articles without a date of their own borrow the year and day from their story: their time
    expressions are tagged again from that anchor, recorded in `inferred["anchor"]`. Returns them."""
    undated = [a for a in articles if not a.published]
    if not undated:
        return []
    anchors = anchor_articles(articles)
    tagger = TimeTagger()
    changed = []
    for article in undated:
        anchor = anchors[article.id]
        if anchor.date is None:
            continue
        article.times = tagger.tag(article.text, anchor.date, article_id=article.id)
        article.inferred["anchor"] = f"{anchor.date.isoformat()} ({anchor.how})"
        changed.append(article)
    return changed


def dated(found: ArticleFacts, anchor: str) -> ArticleFacts:
    """Give figures dated "XXXX-MM-DD" at extraction the year of the article's later-inferred anchor."""
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
    found.claims = claims
    return found


def canonical_names(entities: list[Entity]):
    """A mention text -> canonical entity name function, for quote speakers and event actors."""
    names = {}
    for entity in entities:
        for text in [entity.name, *entity.aliases, *(m.text for m in entity.mentions)]:
            names.setdefault(text, entity.name)
    return lambda text: names.get(text, text)


def load_entity_corrections(store: Store) -> Corrections:
    """The user's entity corrections, in the order they were made."""
    corrections = Corrections([], [], {})
    for action, payload in store.corrections("entity"):
        if action == "merge":
            corrections.merges.append((payload["a"], payload["b"]))
        elif action == "split":
            corrections.splits.append(payload["entity"])
        elif action == "rename":
            corrections.renames[payload["entity"]] = payload["name"]
    return corrections


def stored_entities(store: Store, story_id: str) -> list[Entity] | None:
    body = store.get_analysis("story", story_id, "entities")
    return None if body is None else decode(list[Entity], body)
