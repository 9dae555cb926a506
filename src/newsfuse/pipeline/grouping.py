"""Fold analyzed articles into stories and threads through the incremental index of `newsfuse.stories`.

The index (tables `grp_*`) decides which story an article is in: it is the one truth of story
membership. `articles.story_id` and the `stories`/`threads` records are copies of it for reading,
rewritten by `sync_stories` for the stories a run or a correction queued (`pending`), in one
transaction with the rows they copy; `newsfuse check` verifies that the copies agree.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import replace

from newsfuse.entities.lookup import HeldEntity, held_entities
from newsfuse.models import Article, Story
from newsfuse.stories.features import StoryFeatures, entity_keys, featurize
from newsfuse.stories.grouping import Constraints, story_id_for
from newsfuse.stories.index import StoryIndex
from newsfuse.store import PlainRows, Store  # noqa: F401 - PlainRows: re-exported for the callers here


def story_index(store: Store) -> StoryIndex:
    return StoryIndex(PlainRows(store.conn))


# How a name the store-wide entity index holds joins the article's name keys: "canonical" adds the keys of
# the entity's canonical name where the article spells it otherwise ("Kosovo Force" also counts as "KFOR",
# "Бањска" as "Banjska"); "id" adds the entity's id as a key of every name it holds; "" adds nothing.
# Canonical keys, because the first report of anything new is filed before its story is analysed, so it
# holds no id: with ids its later reports carry keys it lacks, and drift from it (longcov2 without recap,
# filed through the store: thread 0.913 -> 0.874 with ids; canonical keys leave it at 0.913).
# Off by default: filed one document a run through the store (eval/store_grouping.py), canonical keys lift
# ECB+ train and dev when each is its own store (dev story 0.947 -> 0.957) but drop train + dev in one store
# (story 0.935 -> 0.932, thread 0.921 -> 0.907, regroup thread 0.935 -> 0.903): a lone surname takes the
# full name the store writes most ("Bush" -> Reggie Bush, "Williams" -> Jamal Williams) and joins topics.
# Leaving one-word person names out keeps threads but still costs stories (0.935 -> 0.927).
STORE_KEYS = ""
ID_KEY = "="  # an entity id as a name key ("=e-3f2a..."): no folded name starts so


def grouping_features(article: Article, conn: sqlite3.Connection) -> StoryFeatures:
    """The article's grouping features (`featurize`), with the names the store-wide entity index already
    holds (read only, `entities.lookup`) keyed as the index resolved them, so that two spellings of
    one store-wide entity meet in stories and threads. Stored with the article: a regroup reads them."""
    features = featurize(article)
    if not STORE_KEYS or not article.mentions or not features.names:  # off: no look-up at all
        return features
    return with_held_names(features, article, held_entities(conn, ((m.text, m.label) for m in article.mentions)))


def with_held_names(features: StoryFeatures, article: Article,
                    held: dict[tuple[str, str], HeldEntity]) -> StoryFeatures:
    """`features` with, per name the index holds, the key of its store-wide entity (`STORE_KEYS`) added at
    the weight the article gives the name's own key (a place's key stays a place)."""
    if not held or not STORE_KEYS:
        return features
    added: dict[tuple[str, str], None] = {}  # (own key, added key), each counted once
    for mention in article.mentions:
        entity = held.get((mention.text, mention.label))
        keys = entity_keys(mention.text, mention.label) if entity is not None else ()
        if not keys or keys[0][0] not in features.names:
            continue
        own = keys[0][0]
        if STORE_KEYS == "id":
            extra = ID_KEY + entity.entity_id
        else:
            theirs = entity_keys(entity.name, mention.label)
            extra = theirs[0][0] if theirs else own
            if extra in {k for k, _ in keys}:
                continue
        added.setdefault((own, extra), None)
    if not added:
        return features
    names = dict(features.names)
    places = set(features.places)
    for own, extra in added:
        names[extra] = names.get(extra, 0.0) + features.names[own]
        if own in places:
            places.add(extra)
    return replace(features, names=names, places=sorted(places))


# The parts of one text (`ingest.parts`) of at most this many parts are grouped like any articles
# (they usually make one story: 3,000,000 characters are 16 parts of 200,000). A longer text is
# grouped as consecutive stories of `STORY_PARTS` parts each, in one thread, so that one story's
# analysis (which holds its articles) stays bounded: 2,000,000 characters' story stages peak near
# 500 MB (docs/bad-input.md).
ONE_STORY_PARTS = 16
STORY_PARTS = 10


class Grouper:
    """Assigns each new article to a story as it is stored, and queues the stories it touched."""

    def __init__(self, store: Store, *, story_parts: int = STORY_PARTS, one_story_parts: int = ONE_STORY_PARTS) -> None:
        self.store = store
        self.index = story_index(store)
        self.touched: set[str] = set()
        self.windows = PartWindows(self.index, story_parts, one_story_parts)

    def assign(self, articles: list[Article], conn: sqlite3.Connection) -> None:
        """File each article (a duplicate joins its original's story); call it in the transaction
        that stores the articles, so the queued story work commits with them or not at all."""
        touched: dict[str, None] = {}
        for article in articles:
            if self.windows.applies(article):
                article.story_id = self.windows.assign(article, conn)
                touched[article.story_id] = None
                continue
            pin = self.index.story_of(article.duplicate_of) if article.duplicate_of else None
            article.story_id = self.index.assign(article.id, grouping_features(article, conn), published=article.published,
                                                 pin=pin)
            touched[article.story_id] = None
        # a later article may have merged an earlier story into another: both stories need syncing
        revisited = self.index.take_revisited()
        if revisited:
            touched.update(dict.fromkeys(revisited))
            for article in articles:
                article.story_id = self.index.story_of(article.id)
        self.store.queue("story", touched, "articles assigned", conn)
        self.touched.update(touched)


class PartWindows:
    """The parts of a text longer than `one_story_parts` parts, filed as consecutive stories of
    `story_parts` parts ("parts 11-20 of 250") in the thread of the text's first story.

    The first part of each window opens a new story; the window's other parts are must-linked to
    it and each window's first part cannot-linked to the earlier windows' (kept in `grp_constraints`,
    as corrections are), so a later report, a revisit or `regroup` never merges two windows and no
    part leaves its window. Parts come in order, one text after another: what is held is the current
    text's window founders. A run resumed in the middle of a text opens a new story for the rest of
    the window it stopped in (still at most `story_parts` parts)."""

    def __init__(self, index: StoryIndex, story_parts: int, one_story_parts: int) -> None:
        self.index = index
        self.story_parts = max(1, story_parts)
        self.one_story_parts = one_story_parts
        self._text: str | None = None
        self._founders: dict[int, str] = {}  # window number -> the article that opened its story
        self._thread: str | None = None

    def applies(self, article: Article) -> bool:
        return article.part_of is not None and article.part_count > self.one_story_parts and not article.duplicate_of

    def assign(self, article: Article, conn: sqlite3.Connection) -> str:
        if article.part_of != self._text:
            self._text, self._founders, self._thread = article.part_of, {}, None
        window = (article.part_number - 1) // self.story_parts
        founder = self._founders.get(window)
        features = grouping_features(article, conn)
        if founder is None or self.index.story_of(founder) is None:
            others = [f for w, f in sorted(self._founders.items()) if w != window]
            constraints = Constraints(cannot_link=[(f, article.id) for f in others])
            self.index._record(constraints)  # noqa: SLF001 - kept as corrections are, for regroup and revisits
            story = self.index.assign(article.id, features, published=article.published,
                                      pin=story_id_for(article.id), constraints=constraints)
            self._founders[window] = article.id
        else:
            constraints = Constraints(must_link=[(founder, article.id)])
            self.index._record(constraints)  # noqa: SLF001
            story = self.index.assign(article.id, features, published=article.published,
                                      pin=self.index.story_of(founder), constraints=constraints)
        if self._thread is None:
            self._thread = self.index.thread_of(story)
        else:
            self.index.move_to_thread(story, self._thread)
        return story


_PART_TITLE = re.compile(r"^(?P<head>.*) \(part (?P<number>\d+) of (?P<count>\d+)\)$", re.S)


def window_titled(index: StoryIndex, record: Story) -> Story:
    """A story of a window of parts is titled by the parts it holds: "<headline> (parts 11-20 of 250)"."""
    found = _PART_TITLE.match(record.title or "")
    if not found or int(found["count"]) <= ONE_STORY_PARTS:
        return record
    numbers = []
    for _, features in index.features(record.article_ids):
        own = _PART_TITLE.match(features.title or "")
        if own and own["head"] == found["head"] and own["count"] == found["count"]:
            numbers.append(int(own["number"]))
    if len(numbers) < 2:
        return record
    return replace(record, title=f"{found['head']} (parts {min(numbers)}-{max(numbers)} of {found['count']})")


def sync_stories(store: Store, index: StoryIndex, story_ids: Iterable[str]) -> set[str]:
    """Copy the index's view of these stories (members, title, dates, thread) into `articles.story_id`
    and the `stories`/`threads` records, in the caller's transaction (or one of its own).

    A story the index no longer has loses its record and analysis, and its pending row. The threads
    of the stories (before and after) get their records refreshed and are queued for analysis.
    Returns the story ids found to be affected (the given ones and any an article left for).
    """
    with store.atomic() as conn:
        todo = list(dict.fromkeys(story_ids))
        seen: set[str] = set()
        threads: dict[str, None] = {}
        while todo:
            story_id = todo.pop()
            if story_id in seen:
                continue
            seen.add(story_id)
            old = conn.execute("SELECT thread_id FROM stories WHERE id = ?", (story_id,)).fetchone()
            if old and old[0]:
                threads[old[0]] = None
            # articles the copy still puts here but the index put elsewhere: their stories change too
            for (moved_to,) in conn.execute(
                    "SELECT g.story_id FROM articles a JOIN grp_articles g ON g.article_id = a.id "
                    "WHERE a.story_id = ? AND g.story_id <> ?", (story_id, story_id)).fetchall():
                if moved_to not in seen:
                    todo.append(moved_to)
                    store.queue("story", [moved_to], "an article moved in", conn)
            members = index.members(story_id)
            if not members:
                conn.execute("UPDATE articles SET story_id = NULL WHERE story_id = ?", (story_id,))
                store.delete_story(story_id, conn)
                store.done("story", [story_id], conn)
                continue
            record = window_titled(index, index.story_record(story_id))
            store.set_story(members, story_id, conn)
            store.upsert_story(record, conn)
            threads[record.thread_id] = None
        for thread_id in threads:
            store.refresh_thread(thread_id, conn)
        gone = [t for t in threads if not conn.execute("SELECT 1 FROM threads WHERE id = ?", (t,)).fetchone()]
        store.done("thread", gone, conn)
        store.queue("thread", [t for t in threads if t not in gone], "story records changed", conn)
    return seen


def regroup_store(store: Store) -> dict[str, str]:
    """Recompute every story and thread from scratch (honouring the user's corrections).

    One transaction: the new grouping, the story and thread records copied from it, and every
    story queued for analysis (the caller, or the next run, does the analysis)."""
    index = story_index(store)
    with store.atomic() as conn:
        before = {r[0] for r in conn.execute("SELECT id FROM stories")}
        before |= {r[0] for r in conn.execute("SELECT DISTINCT story_id FROM grp_articles")}
        assignment = index.regroup()
        after = set(assignment.values())
        store.queue("story", sorted(before | after), "regroup", conn)
        sync_stories(store, index, sorted(before | after))
    return assignment
