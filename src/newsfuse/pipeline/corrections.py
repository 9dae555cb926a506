"""Users' corrections, store-wide: make one, list them, undo one, redo it.

A correction changes the index it concerns (entities: `ent_*`, stories: `grp_*`), is logged in the
`corrections` table with what reverses it, rewrites the story records it changes and queues the
re-analysis of the stories it touches (`pending`), all in one transaction, which is all a
correction waits for. `finish` then does the queued analysis: only the touched stories, never the
whole store; a kill at any point loses nothing, as the next run (or correction) finishes the queue.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsfuse.entities.corrections import correct_index
from newsfuse.entities.index import EntityIndex, LocalEntity
from newsfuse.entities.normalize import fold
from newsfuse.errors import ConfigError, NotFoundError
from newsfuse.pipeline.grouping import story_index, sync_stories
from newsfuse.store import CorrectionRecord, PlainRows, Store
from newsfuse.stories.index import StoryIndex

if TYPE_CHECKING:
    from newsfuse.pipeline.pending import Progress



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
        own = {fold(f) for f in keep.forms}
        return ({"kept": keep.id, "joined": join.id, "names": [keep.name, join.name],
                 "forms": sorted({fold(f) for f in join.forms} - own)},
                index.stories_of(keep.id) + index.stories_of(join.id))
    entity = index.resolve_reference(payload["entity"])
    undo = {"entity": entity.id, "type": entity.type, "names": [entity.name]}
    if action == "split":
        undo["keys"] = sorted({fold(f) for f in entity.forms})
    return undo, index.stories_of(entity.id)


def _entity_stories(index: EntityIndex, action: str, undo: dict, before: list[str]) -> list[str]:
    if action == "merge":
        return list(dict.fromkeys(before + index.stories_of(undo["kept"])))
    return list(dict.fromkeys(before))


def _reverse_entity(store: Store, record: CorrectionRecord, conn) -> list[str]:
    """Undo an entity correction in the index, keeping every other correction: returns the stories
    to analyse again.

    A merge: the joined names leave the kept entity's merged names, and the stories that wrote them
    give back what they gave it, so their analysis links those names afresh (to an entity of their
    own unless something else fits). A split: the names may share an entity again, and its pieces
    are merged back under the entity's id from before the split. A rename: the entity's name is
    computed from its spellings again."""
    index = EntityIndex(PlainRows(conn))
    undo = record.undo
    if record.action == "merge":
        kept = _current(index, undo.get("kept"), record.payload["a"])
        if kept is None:
            return []
        # logged before migration 8: the joined name as the user wrote it is all that is known
        forms = set(undo.get("forms") or [fold(record.payload["b"].partition(":")[2] or record.payload["b"])])
        merged = sorted(set(kept.profile.get("merged", [])) - forms)
        conn.execute("UPDATE ent_entities SET profile = json_set(profile, '$.merged', json(?)) WHERE id = ?",
                     (json.dumps(merged), kept.id))
        stories = [story_id for story_id, body in conn.execute(
            "SELECT story_id, contribution FROM ent_links WHERE entity_id = ? ORDER BY seq, story_id, local_id",
            (kept.id,)).fetchall()
            if forms & {fold(f) for f in LocalEntity.from_dict(json.loads(body)).forms}]
        stories = list(dict.fromkeys(stories))
        for story_id in stories:
            index.link(story_id, [])  # given back: the analysis links the story's entities afresh
        return stories
    if record.action == "split":
        if "keys" not in undo:
            raise ConfigError(f"correction {record.number} was made before corrections were logged: merge the "
                              "pieces with `newsfuse entities merge` instead", setting="correction")
        conn.execute("DELETE FROM ent_apart WHERE split = ?", (undo["entity"],))
        marks = ", ".join("?" * len(undo["keys"]))
        pieces = [index.entity(r[0]) for r in conn.execute(
            f"SELECT DISTINCT entity_id FROM ent_aliases WHERE key IN ({marks}) ORDER BY entity_id",
            undo["keys"]).fetchall()]
        pieces = sorted((p for p in pieces if p is not None and p.type == undo["type"]),
                        key=lambda p: (p.id != undo["entity"], -p.mentions, p.id))
        if not pieces:
            return []
        for piece in pieces[1:]:
            index.merge(pieces[0].id, piece.id)
        # the entity gets back the id it had before the split (its pages and links name it), unless
        # another entity has taken that id meanwhile
        return index.stories_of(index.take_id(pieces[0].id, undo["entity"]))
    entity = _current(index, undo.get("entity"), record.payload["name"])
    if entity is None:
        return []
    conn.execute("UPDATE ent_entities SET profile = json_remove(profile, '$.pinned_name') WHERE id = ?", (entity.id,))
    stories = index.stories_of(entity.id)
    if stories:  # linking one of its stories again computes the name from the spellings
        index.link(stories[0], [LocalEntity.from_dict(json.loads(r[0])) for r in conn.execute(
            "SELECT contribution FROM ent_links WHERE story_id = ? ORDER BY local_id", (stories[0],)).fetchall()])
    for other in store.correction_log():  # an earlier rename of the same entity, still in force, holds again
        if other.number != record.number and other.action == "rename" and not other.undone_at \
                and other.undo.get("entity") == entity.id:
            index.rename(entity.id, other.payload["name"])
    return stories


def _current(index: EntityIndex, entity_id: str | None, name: str):
    """The logged entity if the index still has it, else the one entity now bearing the name."""
    if entity_id and index.entity(entity_id) is not None:
        return index.entity(entity_id)
    found = index.find(name)
    return found[0] if len(found) == 1 else None


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
    """Do the work corrections queued (and whatever else is pending): the stories' analysis.

    Imported here, not above: the analysis (its stages, the gazetteer) is what a correction made
    with `--later` does not wait for."""
    from newsfuse.pipeline.pending import finish_pending
    from newsfuse.pipeline.story import StoryAnalyzer

    finish_pending(store, StoryAnalyzer(store), progress=progress)


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
