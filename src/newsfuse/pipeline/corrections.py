"""Users' corrections, store-wide: make one, list them, undo one, redo it.

A correction changes the index it concerns (entities: `ent_*`, stories: `grp_*`), is logged in the
`corrections` table with what reverses it, rewrites the story records it changes and queues the
re-analysis of the stories it touches (`pending`), all in one transaction, which is all a
correction waits for. `finish` then does the queued analysis: only the touched stories, never the
whole store; a kill at any point loses nothing, as the next run (or correction) finishes the queue.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from newsfuse.entities.corrections import correct_index
from newsfuse.entities.index import EntityIndex
from newsfuse.errors import ConfigError, NotFoundError
from newsfuse.pipeline.grouping import story_index, sync_stories
from newsfuse.pipeline.pending import Progress, finish_pending
from newsfuse.pipeline.story import StoryAnalyzer
from newsfuse.store import CorrectionRecord, PlainRows, Store
from newsfuse.stories.index import StoryIndex

# the pending row that says: once the queued stories are analysed, replay the entity corrections in force
REPLAY_SCOPE, REPLAY_KEY = "correction", "replay"


@dataclass(slots=True, frozen=True)
class Applied:
    """What a correction, an undo or a redo did."""

    number: int | None  # the logged correction (None when nothing changed, so nothing was logged)
    message: str
    stories: tuple[str, ...] = ()  # stories queued for analysis again


# --- entities ---------------------------------------------------------------------------------------

def correct_entities(store: Store, action: str, payload: dict) -> Applied:
    """`entities merge/split/rename`: checked against the store-wide index (unknown or ambiguous: an
    error), applied there, logged, and only the entity's stories analysed again."""
    with store.atomic() as conn:
        index = EntityIndex(PlainRows(conn))
        undo, before = _entity_undo(index, action, payload)
        message, changed = correct_index(index, action, payload)
        if not changed:
            return Applied(None, message)
        stories = _entity_stories(index, action, undo, before)
        number = store.add_correction("entity", action, payload, undo, conn)
        store.queue("story", stories, f"correction {number}: entities {action}", conn)
    return Applied(number, f"{message} (correction {number})", tuple(stories))


def _entity_undo(index: EntityIndex, action: str, payload: dict) -> tuple[dict, list[str]]:
    """What will reverse the correction, read before it is made; and the stories it concerns now."""
    if action == "merge":
        keep, join = index.resolve_reference(payload["a"]), index.resolve_reference(payload["b"])
        return ({"kept": keep.id, "joined": join.id, "names": [keep.name, join.name],
                 "forms": sorted({_fold(f) for f in join.forms})},
                index.stories_of(keep.id) + index.stories_of(join.id))
    entity = index.resolve_reference(payload["entity"])
    undo = {"entity": entity.id, "names": [entity.name]}
    if action == "split":
        undo["keys"] = sorted({_fold(f) for f in entity.forms})
    elif action == "rename":
        undo["previous"] = entity.name
    return undo, index.stories_of(entity.id)


def _entity_stories(index: EntityIndex, action: str, undo: dict, before: list[str]) -> list[str]:
    if action == "merge":
        return list(dict.fromkeys(before + index.stories_of(undo["kept"])))
    return list(dict.fromkeys(before))


def _reverse_entity(store: Store, record: CorrectionRecord, conn) -> list[str]:
    """Undo an entity correction in the index: drop what it pinned (merged names, kept-apart names, a
    chosen name) and take back what its entities' stories gave, so their analysis links them afresh.
    Returns those stories."""
    index = EntityIndex(PlainRows(conn))
    undo = record.undo
    if record.action == "merge":
        targets = _existing_ids(index, [undo.get("kept"), undo.get("joined")], undo.get("forms", []))
        forms = set(undo.get("forms", []))
        for entity_id in targets:
            conn.execute("UPDATE ent_entities SET profile = json_set(profile, '$.merged', json(?)) WHERE id = ?",
                         (json.dumps(sorted(set(_profile(index, entity_id).get("merged", [])) - forms)), entity_id))
    elif record.action == "split":
        conn.execute("DELETE FROM ent_apart WHERE split = ?", (undo["entity"],))
        targets = _existing_ids(index, [undo["entity"]], undo.get("keys", []))
    else:
        targets = _existing_ids(index, [undo["entity"]], [_fold(record.payload["name"])])
        for entity_id in targets:
            conn.execute("UPDATE ent_entities SET profile = json_remove(profile, '$.pinned_name') WHERE id = ?",
                         (entity_id,))
    stories = list(dict.fromkeys(s for entity_id in targets for s in index.stories_of(entity_id)))
    for story_id in stories:
        index.link(story_id, [])  # withdrawn: the analysis links the story's entities with no hint of before
    for entity_id in targets:  # what no story gives any more goes, with the names pinned to it
        if not index.stories_of(entity_id):
            for table, column in (("ent_keys", "entity_id"), ("ent_aliases", "entity_id"), ("ent_entities", "id")):
                conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (entity_id,))
    return stories


def _existing_ids(index: EntityIndex, ids: Iterable[str | None], keys: Sequence[str]) -> list[str]:
    """The logged entity ids still in the index, else the entities now bearing those folded names."""
    found = [i for i in ids if i and index.entity(i) is not None]
    if found:
        return found
    marks = ", ".join("?" * len(keys))
    return [r[0] for r in index.conn.execute(
        f"SELECT DISTINCT entity_id FROM ent_aliases WHERE key IN ({marks})", list(keys))] if keys else []


def _profile(index: EntityIndex, entity_id: str) -> dict:
    entity = index.entity(entity_id)
    return entity.profile if entity is not None else {}


def _fold(name: str) -> str:
    from newsfuse.entities.normalize import fold

    return fold(name)


def replay_entity_corrections(store: Store) -> set[str]:
    """Apply the entity merges and renames in force to the index again (after an undo took back the
    stories of the entities they concern); returns the stories whose entities that changed."""
    changed: set[str] = set()
    with store.atomic() as conn:
        index = EntityIndex(PlainRows(conn))
        for record in store.correction_log():
            if record.target != "entity" or record.undone_at or record.action not in ("merge", "rename"):
                continue
            try:
                if record.action == "merge":
                    keep = _first(index, [record.undo.get("kept"), record.payload["a"]])
                    join = _first(index, [record.undo.get("joined"), record.payload["b"]])
                    if keep.id != join.id:
                        stories = index.stories_of(keep.id) + index.stories_of(join.id)
                        index.merge(keep.id, join.id)
                        changed.update(stories)
                else:
                    entity = _first(index, [record.undo.get("entity"), record.payload["entity"]])
                    if entity.name != record.payload["name"]:
                        index.rename(entity.id, record.payload["name"])
                        changed.update(index.stories_of(entity.id))
            except NotFoundError:
                continue  # no story names it any more
        store.queue("story", sorted(changed), "entity corrections replayed", conn)
        store.done(REPLAY_SCOPE, [REPLAY_KEY], conn)
    return changed


def _first(index: EntityIndex, references: Sequence[str | None]):
    for reference in references:
        if reference and index.entity(reference) is not None:
            return index.entity(reference)
    return index.resolve_reference(references[-1])


# --- stories ----------------------------------------------------------------------------------------

def merge_stories(store: Store, a: str, b: str) -> Applied:
    """`stories merge A B`: one story; the one founded first keeps its id."""
    first, second = store.story(a).id, store.story(b).id
    number, kept, touched = _story_correction(store, "merge", {"a": first, "b": second}, [first, second],
                                              lambda index: index.merge(first, second))
    return Applied(number, f"merged {second} into {kept}" + (f" (correction {number})" if number else ""), touched)


def split_story(store: Store, story: str, article_refs: Sequence[str]) -> Applied:
    """`stories split S --articles ...`: the articles leave S as a story of their own; the message says
    which story they are now (the part holding S's founding article keeps the id S)."""
    old = store.story(story).id
    ids = [store.article_id(a) for a in article_refs]  # ids or unique prefixes
    if not ids:
        raise ConfigError("give the articles to split off (--articles ID,ID)", setting="articles")
    number, new, touched = _story_correction(store, "split", {"story": old, "articles": ids}, [old],
                                             lambda index: index.split(old, ids))
    moved_to = story_index(store).story_of(ids[0])
    rest = new if moved_to == old else old
    if number is None or moved_to == rest:
        return Applied(None, f"nothing to split: {old} holds only these articles")
    return Applied(number, f"split {len(ids)} articles out of {old}: they are story {moved_to} now, the rest is "
                           f"story {rest} (correction {number})", touched)


def move_article(store: Store, article: str, to: str) -> Applied:
    """`stories move ARTICLE --to S`."""
    target = store.story(to).id
    found = store.article(article)  # an id or a unique prefix of one
    stories = [s for s in (found.story_id, target) if s]
    number, _, touched = _story_correction(store, "move", {"article": found.id, "to": target}, stories,
                                           lambda index: index.move(found.id, target))
    return Applied(number, f"moved {found.id} to {target}" + (f" (correction {number})" if number else ""), touched)


def _story_correction(store: Store, action: str, payload: dict, stories: list[str],
                      change: Callable[[StoryIndex], object]) -> tuple[int | None, object, tuple[str, ...]]:
    """Make a story correction and log, with it, where its articles were and the constraints it wrote
    and replaced; queue the stories and finish."""
    with store.atomic() as conn:
        index = story_index(store)
        articles = sorted({a for s in stories for a in index.members(s)})
        rows_before, before = _constraint_rows(conn, articles), {a: index.story_of(a) for a in articles}
        result = change(index)
        rows_after, after = _constraint_rows(conn, articles), {a: index.story_of(a) for a in articles}
        if before == after and rows_before == rows_after:
            return None, result, ()
        undo = {"before": before, "after": after, "added": sorted(rows_after - rows_before),
                "removed": sorted(rows_before - rows_after)}
        number = store.add_correction("story", action, payload, undo, conn)
        touched = sorted({s for s in (*before.values(), *after.values()) if s})
        store.queue("story", touched, f"correction {number}: stories {action}", conn)
        sync_stories(store, index, touched)  # the story records at once; the analysis is queued
    return number, result, tuple(touched)


def _constraint_rows(conn, articles: Sequence[str]) -> set[tuple]:
    rows: set[tuple] = set()
    for i in range(0, len(articles), 400):
        chunk = list(articles[i:i + 400])
        marks = ", ".join("?" * len(chunk))
        rows.update(tuple(r) for r in conn.execute(
            f"SELECT a, b, kind, seq FROM grp_constraints WHERE a IN ({marks}) OR b IN ({marks})", chunk + chunk))
    return rows


def _reverse_story(store: Store, record: CorrectionRecord, conn, *, redo: bool) -> list[str]:
    """Put the story index back as the logged correction found it (or, redoing, as it left it)."""
    undo = record.undo
    if record.action == "constraints":  # made before the log: only its constraints are known
        if redo:
            raise ConfigError(f"correction {record.number} was made before corrections were logged: make it again "
                              "with `newsfuse stories merge/split/move`", setting="correction")
        conn.execute("DELETE FROM grp_constraints WHERE seq = ?", (undo["seq"],))
        return []
    drop, put = (undo["removed"], undo["added"]) if redo else (undo["added"], undo["removed"])
    conn.executemany("DELETE FROM grp_constraints WHERE a = ? AND b = ? AND kind = ?", [row[:3] for row in drop])
    conn.executemany("INSERT OR REPLACE INTO grp_constraints (a, b, kind, seq) VALUES (?, ?, ?, ?)",
                     [tuple(row) for row in put])
    index = story_index(store)
    wanted = undo["after"] if redo else undo["before"]
    changed = index.restore({a: s for a, s in wanted.items() if s})
    return sorted(changed | {s for s in wanted.values() if s})


# --- the log ------------------------------------------------------------------------------------------

def undo(store: Store, number: int) -> Applied:
    """Reverse a correction store-wide; an undone one is refused (`redo` makes it again)."""
    record = store.correction(number)
    if record.undone_at:
        raise ConfigError(f"correction {number} is already undone ({record.undone_at}); "
                          f"`newsfuse corrections redo {number}` makes it again", setting="correction")
    with store.atomic() as conn:
        if record.target == "entity":
            stories = _reverse_entity(store, record, conn)
            store.queue(REPLAY_SCOPE, [REPLAY_KEY], f"correction {number} undone", conn)
        else:
            stories = _reverse_story(store, record, conn, redo=False)
        store.set_correction_state(number, undone=True, conn=conn)
        store.queue("story", stories, f"correction {number} undone", conn)
        if record.target == "story":
            sync_stories(store, story_index(store), stories)
    later = "" if stories or record.action != "constraints" else "; the grouping follows at the next `newsfuse regroup`"
    return Applied(number, f"undid correction {number}: {describe(record)}{later}", tuple(stories))


def redo(store: Store, number: int) -> Applied:
    """Make an undone correction again."""
    record = store.correction(number)
    if not record.undone_at:
        raise ConfigError(f"correction {number} is in force: nothing to redo", setting="correction")
    if record.target == "entity":
        payload = dict(record.payload)
        with store.atomic() as conn:
            index = EntityIndex(PlainRows(conn))
            undo_record, before = _entity_undo(index, record.action, payload)
            correct_index(index, record.action, payload)
            stories = _entity_stories(index, record.action, undo_record, before)
            store.set_correction_state(number, undone=False, undo=undo_record, conn=conn)
            store.queue("story", stories, f"correction {number} redone", conn)
    else:
        with store.atomic() as conn:
            stories = _reverse_story(store, record, conn, redo=True)
            store.set_correction_state(number, undone=False, conn=conn)
            store.queue("story", stories, f"correction {number} redone", conn)
            sync_stories(store, story_index(store), stories)
    return Applied(number, f"redid correction {number}: {describe(record)}", tuple(stories))


def finish(store: Store, progress: Progress | None = None) -> None:
    """Do the work corrections queued (and whatever else is pending): the stories' analysis; after an
    undo of an entity correction, the entity corrections still in force again, and the stories that
    changes. One gazetteer load for all of it."""
    analyzer = StoryAnalyzer(store)
    finish_pending(store, analyzer, progress=progress)
    if any(p.key == REPLAY_KEY for p in store.pending(REPLAY_SCOPE)):
        if replay_entity_corrections(store):
            finish_pending(store, analyzer, progress=progress)


def describe(record: CorrectionRecord) -> str:
    """One line a user reads: what the correction did, in their words."""
    p = record.payload
    if record.target == "entity":
        if record.action == "merge":
            return f"entities merge '{p['a']}' '{p['b']}'"
        if record.action == "split":
            return f"entities split '{p['entity']}'"
        return f"entities rename '{p['entity']}' to '{p['name']}'"
    if record.action == "merge":
        return f"stories merge {p['a']} {p['b']}"
    if record.action == "split":
        return f"stories split {p['story']} --articles {','.join(p['articles'])}"
    if record.action == "move":
        return f"stories move {p['article']} --to {p['to']}"
    return f"story correction made before corrections were logged ({p.get('pairs', '?')} article pairs)"


def listed(store: Store) -> list[dict]:
    """The log as documents: `newsfuse corrections --json`."""
    return [{"id": r.number, "target": r.target, "action": r.action, "what": describe(r), "at": r.at or None,
             "undone_at": r.undone_at, "in_force": r.undone_at is None, "payload": r.payload}
            for r in store.correction_log()]
