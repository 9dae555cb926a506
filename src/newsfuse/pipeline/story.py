"""The store run's story and thread analysis: load a story's articles from the store, run the story
stages (`pipeline.stages.story_stages`), write the documents; likewise for threads.

The stages themselves are in `pipeline.analysis` and do no I/O; the Spark job runs the same ones
over its groups. Documents are read back by the CLI, the report and the web app through
`newsfuse.present.views`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsfuse.codec import decode
from newsfuse.entities import Gazetteer
from newsfuse.entities.corrections import Corrections
from newsfuse.entities.index import EntityIndex, canonical_entities
from newsfuse.facts import ArticleFacts
from newsfuse.models import Article, Entity, Story, Thread
from newsfuse.pipeline.analysis import canonical_names, dated, reanchor, story_documents, thread_documents
from newsfuse.pipeline.contract import StageFailure
from newsfuse.pipeline.grouping import PlainRows
from newsfuse.pipeline.indexes import save_facts
from newsfuse.pipeline.stages import story_pipeline, thread_pipeline
from newsfuse.store import Store

log = logging.getLogger(__name__)

__all__ = ["StoryAnalyzer", "canonical_names", "dated", "load_entity_corrections", "reanchor", "stored_entities"]


@dataclass(slots=True)
class StoryAnalyzer:
    """Refreshes the stored entities, timeline and facts of stories, and the figures of threads."""

    store: Store
    gazetteer_file: Path | None = None
    # link each story's entities to the store-wide entity index (canonical ids and names); the
    # Spark job has no such index, and the parity test turns it off to compare the stages' output
    link_entities: bool = True
    _gazetteer: Gazetteer | None = field(default=None, init=False)

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.load(self.gazetteer_file)
        return self._gazetteer

    def save_article_facts(self, facts: Iterable[Article] | dict[str, ArticleFacts], conn=None) -> None:
        """Store the facts the spaCy pass put on `facts` (articles), or an {article id: facts} dict."""
        if isinstance(facts, dict):
            facts = [Article(article_id, "", "", facts=found) for article_id, found in facts.items()]
        save_facts(self.store, facts, conn)

    def refresh(self, story_ids: Iterable[str]) -> list[StageFailure]:
        """Analyse these stories again, then their threads; return the stories and threads a stage
        failed on (logged; their stored documents stay as they were)."""
        story_ids = set(story_ids)
        pipeline = story_pipeline(self.gazetteer, load_entity_corrections(self.store))
        failures = []
        for story_id in sorted(story_ids):
            story = self.load_story(story_id)
            if story is None:
                if self.link_entities:
                    with self.store.transaction() as conn:  # a story gone: its entities leave the entity index
                        EntityIndex(PlainRows(conn)).link(story_id, [])
                continue
            result = pipeline.run_one(story)
            if isinstance(result, StageFailure):
                failures.append(_logged(result))
                continue
            for article in result.articles:
                if article.id in result.reanchored:
                    self._write_times(article)
            with self.store.transaction() as conn:
                if self.link_entities:  # the story's entities under their store-wide ids (newsfuse.entities.index)
                    outlets = {a.id: a.publisher or a.source or a.id for a in result.articles}  # spellings count outlets
                    result.entities = canonical_entities(EntityIndex(PlainRows(conn)), story_id, result.entities, outlets)
                for kind, body in story_documents(result).items():
                    self.store.put_analysis("story", story_id, kind, body, conn)
        return failures + self.refresh_threads(self.store.thread_ids(story_ids))

    def refresh_threads(self, thread_ids: Iterable[str]) -> list[StageFailure]:
        """Figures cross-checked over each whole thread; returns the threads a stage failed on."""
        pipeline = thread_pipeline()
        failures = []
        for thread_id in sorted(thread_ids):
            thread = self.load_thread(thread_id)
            if thread is None:
                continue
            result = pipeline.run_one(thread)
            if isinstance(result, StageFailure):
                failures.append(_logged(result))
                continue
            for kind, body in thread_documents(result).items():
                self.store.put_analysis("thread", thread_id, kind, body)
        return failures

    def _write_times(self, article: Article) -> None:
        anchor = article.inferred.get("anchor")
        self.store.replace_times(article.id, article.times, anchor or "")
        if anchor is None:  # re-tagged without the anchor a story gave it before
            with self.store.transaction() as conn:
                conn.execute("UPDATE articles SET inferred = json_remove(inferred, '$.anchor') WHERE id = ?",
                             (article.id,))

    def load_story(self, story_id: str) -> Story | None:
        """The story with its stored articles (facts attached); None when it has none."""
        articles = self.store.articles(story_id=story_id)
        if not articles:
            return None
        attach_facts(self.store, articles)
        return Story(story_id, "", [a.id for a in articles], articles=articles)

    def load_thread(self, thread_id: str) -> Thread | None:
        """The thread with its stories in date order, each with its articles (facts attached, no
        mentions) and stored entities; None when no story has articles."""
        stories = []
        for story_id in self.store.thread_story_ids(thread_id):
            articles = self.store.articles(story_id=story_id, with_details=False)
            attach_facts(self.store, articles)
            stories.append(Story(story_id, "", [a.id for a in articles], thread_id,
                                 entities=stored_entities(self.store, story_id) or [], articles=articles))
        if not any(s.articles for s in stories):
            return None
        return Thread(thread_id, "", [s.id for s in stories], stories=stories)


def attach_facts(store: Store, articles: list[Article]) -> None:
    for article in articles:
        body = store.get_analysis("article", article.id, "facts")
        article.facts = decode(ArticleFacts, body) if body else None


def _logged(failure: StageFailure) -> StageFailure:
    log.error("analysis incomplete for %s", failure)
    return failure


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
