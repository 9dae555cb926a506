"""The store run's story and thread analysis: load a story's articles from the store, run the story
stages (`pipeline.stages.story_stages`), write the documents; likewise for threads.

The stages themselves are in `pipeline.analysis` and do no I/O; the Spark job runs the same ones
over its groups. Documents are read back by the CLI, the report and the web app through
`newsfuse.present.views`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsfuse.codec import decode, encode
from newsfuse.entities import Gazetteer
from newsfuse.entities.corrections import Corrections
from newsfuse.entities.index import EntityIndex, canonical_entities
from newsfuse.facts import ArticleFacts
from newsfuse.models import Article, Entity, Story, Thread, TimeExpression
from newsfuse.pipeline.analysis import canonical_names, dated, derived_documents, reanchor, thread_documents
from newsfuse.pipeline.contract import Pipeline, StageFailure
from newsfuse.pipeline.grouping import PlainRows
from newsfuse.pipeline.indexes import save_facts
from newsfuse.pipeline.memory import give_back
from newsfuse.pipeline.stages import story_pipeline, thread_pipeline
from newsfuse.store import EncodedJson, Store
from newsfuse.store.results import entities_result

log = logging.getLogger(__name__)

# A thread's figures are cross-checked over consecutive runs of its stories (date order) holding
# at most about this many characters of article text each, so a thread of many long stories (the
# 25 stories of a 50 MB text) is never held at once; a thread below it is read whole, as before.
THREAD_CHARS = 3_000_000

__all__ = ["AnalysedStory", "StoryAnalyzer", "canonical_names", "dated", "load_entity_corrections", "reanchor", "stored_entities"]


@dataclass(slots=True)
class AnalysedStory:
    """A story's analysis before it is written: what `StoryAnalyzer.analysed` returns, in this
    process or in a worker (`pipeline.workers`), for the process that owns the store to write.

    The entities are written once linked to the store-wide entity index, which only the writing
    process holds; the other documents are final."""

    story_id: str
    entities: list[Entity]
    documents: dict[str, object]  # the story's documents but "entities" (`analysis.derived_documents`)
    outlets: dict[str, str]  # article id -> its outlet, as the entity index counts spellings
    # articles tagged again from the story's dates: (id, time expressions, anchor or None)
    times: list[tuple[str, list[TimeExpression], str | None]] = field(default_factory=list)


# `StoryAnalyzer.ahead.take` found no analysis done ahead for the story: it is done here
NOT_AHEAD = object()


@dataclass(slots=True)
class StoryAnalyzer:
    """Refreshes the stored entities, timeline and facts of stories, and the figures of threads."""

    store: Store
    gazetteer_file: Path | None = None
    # link each story's entities to the store-wide entity index (canonical ids and names); the
    # Spark job has no such index, and the parity test turns it off to compare the stages' output
    link_entities: bool = True
    # stories analysed ahead by worker processes (`pipeline.workers.StoriesAhead`), or None: all here
    ahead: object | None = None
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

    def expect(self, story_ids: list[str]) -> None:
        """The stories `refresh` will be asked for next, in that order: the workers, if any,
        start on them now (the store must hold, committed, what their analysis reads)."""
        if self.ahead is not None and story_ids:
            self.ahead.expect(story_ids, load_entity_corrections(self.store))

    def refresh(self, story_ids: Iterable[str]) -> list[StageFailure]:
        """Analyse these stories again, then their threads; return the stories and threads a stage
        failed on (logged; their stored documents stay as they were)."""
        story_ids = set(story_ids)
        corrections = load_entity_corrections(self.store)
        pipeline = None  # built when a story is analysed here (the gazetteer is loaded then)
        failures = []
        for story_id in sorted(story_ids):
            analysed = self.ahead.take(story_id, corrections) if self.ahead is not None else NOT_AHEAD
            if analysed is NOT_AHEAD:
                pipeline = pipeline or story_pipeline(self.gazetteer, corrections)
                analysed = self.analysed(story_id, pipeline)
            if isinstance(analysed, StageFailure):
                failures.append(_logged(analysed))
            else:
                self.write(story_id, analysed)
            del analysed
            give_back()  # a long story's pages returned before the next one is read
        return failures + self.refresh_threads(self.store.thread_ids(story_ids))

    def analysed(self, story_id: str, pipeline: Pipeline) -> AnalysedStory | StageFailure | None:
        """The story's stages over its stored articles, nothing written; None when it has none."""
        story = self.load_story(story_id)
        if story is None:
            return None
        result = pipeline.run_one(story)
        if isinstance(result, StageFailure):
            return result
        return AnalysedStory(story_id, result.entities, derived_documents(result),
                             {a.id: a.publisher or a.source or a.id for a in result.articles},  # spellings count outlets
                             [(a.id, a.times, a.inferred.get("anchor")) for a in result.articles
                              if a.id in result.reanchored])

    def write(self, story_id: str, analysed: AnalysedStory | None) -> None:
        """Store a story's analysis (None: the story is gone, its entities leave the entity index)."""
        if analysed is None:
            if self.link_entities:
                with self.store.transaction() as conn:
                    EntityIndex(PlainRows(conn)).link(story_id, [])
            return
        for article_id, times, anchor in analysed.times:
            self._write_times(article_id, times, anchor)
        entities = analysed.entities
        with self.store.transaction() as conn:
            if self.link_entities:  # the story's entities under their store-wide ids (newsfuse.entities.index)
                entities = canonical_entities(EntityIndex(PlainRows(conn)), story_id, entities, analysed.outlets)
            self.store.put_analyses([("story", story_id, "entities", encode(entities)),
                                     *(("story", story_id, kind, body) for kind, body in analysed.documents.items())],
                                    conn)

    def refresh_threads(self, thread_ids: Iterable[str]) -> list[StageFailure]:
        """Figures cross-checked over each whole thread; returns the threads a stage failed on."""
        pipeline = thread_pipeline()
        failures = []
        for thread_id in sorted(thread_ids):
            story_ids = self.store.thread_story_ids(thread_id)
            if len(story_ids) == 1 and self.store.conn.execute(  # one story: its figures are the thread's
                    "SELECT 1 FROM articles WHERE story_id = ? LIMIT 1", story_ids).fetchone():
                facts = self.store.get_analysis("story", story_ids[0], "facts")  # cross-checked once
                if facts is not None:
                    self.store.put_analyses([("thread", thread_id, "facts", facts)])
                    continue
            windows = self.thread_windows(story_ids)
            if len(windows) == 1:
                thread = self.load_thread(thread_id)
                if thread is None:
                    continue
                result = pipeline.run_one(thread)
                documents = None if isinstance(result, StageFailure) else thread_documents(result)
            else:
                result = documents = self._windowed_thread(thread_id, windows, pipeline)
            if isinstance(result, StageFailure):
                failures.append(_logged(result))
                continue
            if documents is not None:
                self.store.put_analyses(("thread", thread_id, kind, body) for kind, body in documents.items())
        return failures

    def thread_windows(self, story_ids: list[str], chars: int = THREAD_CHARS) -> list[list[str]]:
        """The thread's stories (in their order) cut into consecutive runs of at most about `chars`
        characters of article text (a longer story is a run of its own)."""
        sizes: dict[str, int] = {}
        for i in range(0, len(story_ids), 500):
            page = story_ids[i:i + 500]
            sizes.update(self.store.conn.execute(
                f"SELECT story_id, sum(length(text)) FROM articles WHERE story_id IN ({','.join('?' * len(page))}) "
                "GROUP BY story_id", page).fetchall())
        windows: list[list[str]] = [[]]
        held = 0
        for story_id in story_ids:
            size = sizes.get(story_id) or 0
            if windows[-1] and held + size > chars:
                windows.append([])
                held = 0
            windows[-1].append(story_id)
            held += size
        return windows

    def _windowed_thread(self, thread_id: str, windows: list[list[str]], pipeline: Pipeline
                         ) -> dict | StageFailure | None:
        """The thread's documents from the thread stages run over each run of stories, one run held
        at a time (a figure is cross-checked within its run); a run of one story has that story's
        figures, as a thread of one story does. None when no story has articles.

        The merged figures are built as text: each run's lists are encoded as soon as they are read,
        so a thread of 27 stories of 2,000,000 characters (about 130 MB of JSON) is never held
        decoded whole (that took about 900 MB more than one run's)."""
        merged: dict[str, list[bytes]] | None = None
        for window in windows:
            found = self._one_story_facts(window)
            if found is None:
                thread = self.load_thread(thread_id, window)
                if thread is None:
                    continue
                result = pipeline.run_one(thread)
                if isinstance(result, StageFailure):
                    return result
                found = thread_documents(result)["facts"]
                del thread, result
            merged = merged if merged is not None else {}
            for kind, items in found.items():
                pieces = merged.setdefault(kind, [])
                if items:  # the list's items as they read inside the merged list
                    pieces.append(json.dumps(items, ensure_ascii=False)[1:-1].encode())
            del found
            give_back()
        return None if merged is None else {"facts": merged_json(merged)}

    def _one_story_facts(self, window: list[str]) -> dict | None:
        """The stored figures of a run's one story (None: several stories, or none stored)."""
        if len(window) != 1:
            return None
        found = self.store.get_analysis("story", window[0], "facts")
        return found if isinstance(found, dict) else None

    def _write_times(self, article_id: str, times: list[TimeExpression], anchor: str | None) -> None:
        self.store.replace_times(article_id, times, anchor or "")
        if anchor is None:  # re-tagged without the anchor a story gave it before
            with self.store.transaction() as conn:
                conn.execute("UPDATE articles SET inferred = json_remove(inferred, '$.anchor') WHERE id = ?",
                             (article_id,))

    def load_story(self, story_id: str) -> Story | None:
        """The story with its stored articles (facts attached); None when it has none."""
        articles = self.store.articles(story_id=story_id)
        if not articles:
            return None
        attach_facts(self.store, articles)
        return Story(story_id, "", [a.id for a in articles], articles=articles)

    def load_thread(self, thread_id: str, story_ids: list[str] | None = None) -> Thread | None:
        """The thread with its stories in date order (or only these of its stories), each with its
        articles (facts attached, no mentions) and stored entities; None when no story has articles."""
        stories = []
        for story_id in story_ids if story_ids is not None else self.store.thread_story_ids(thread_id):
            articles = self.store.articles(story_id=story_id, with_details=False)
            attach_facts(self.store, articles)
            stories.append(Story(story_id, "", [a.id for a in articles], thread_id,
                                 entities=entities_result(self.store, story_id), articles=articles))
        if not any(s.articles for s in stories):
            return None
        return Thread(thread_id, "", [s.id for s in stories], stories=stories)


def attach_facts(store: Store, articles: list[Article]) -> None:
    """Each article's stored facts (None when it has none), read for the articles together."""
    bodies: dict[str, str] = {}
    ids = [a.id for a in articles]
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        bodies.update((r[0], r[1]) for r in store.conn.execute(
            f"SELECT key, body FROM analysis WHERE scope = 'article' AND kind = 'facts' AND key IN "
            f"({','.join('?' * len(chunk))})", chunk))
    for article in articles:
        body = bodies.get(article.id)
        found = json.loads(body) if body is not None else None
        article.facts = decode(ArticleFacts, found) if found else None


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


def stored_entities(store: Store, story_id: str) -> list[Entity]:
    """The story's stored entities (none when it was never analysed), read as `store.results` reads them."""
    return entities_result(store, story_id)


def merged_json(lists: dict[str, list[bytes]]) -> EncodedJson:
    """The JSON object of these lists, each given as its items' encodings (`json.dumps(items)`
    without the brackets), written as `json.dumps` writes the merged object, in one join."""
    parts = [b"{"]
    for i, (kind, pieces) in enumerate(lists.items()):
        parts += [b", " if i else b"", json.dumps(kind, ensure_ascii=False).encode(), b": ["]
        for j, piece in enumerate(pieces):
            parts += [b", ", piece] if j else [piece]
        parts.append(b"]")
    parts.append(b"}")
    return EncodedJson(b"".join(parts))
