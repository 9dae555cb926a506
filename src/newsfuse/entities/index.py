"""The store-wide entity index, kept in the store's SQLite database (tables `ent_*`).

Each story's entities (resolved inside the story by `resolve`) are linked to canonical entities of
the whole store: `link_story` looks up candidates through blocking keys of every spelling
(`ent_keys`: folded name, spelling skeleton, surname, acronym, listed organization, gazetteer
position), newest first and a bounded number per key, scores only those with `similarity.match`,
type and the entities they co-occur with, and links to the best one or creates a new canonical
entity. So the cost of linking a story depends on its entities, not on the size of the store.

What a story gave each canonical entity is kept with its link (`ent_links.contribution`), so a
story analysed again first takes back what it gave, and `rebuild` can recompute the whole index
from those contributions and report how far it agrees with the incremental result. The store
runs `SCHEMA` in its migrations; this module never creates tables and never commits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from newsfuse.errors import NotFoundError
from newsfuse.models import Entity
from newsfuse.entities.index_scoring import SURE, UNIQUE, WEAK, attested, score
from newsfuse.entities.records import CONTEXT_KEPT, Canonical, LocalEntity, blocking_keys, kept_context, skeleton
from newsfuse.entities.store_index import (FORMS_READ, LOOSE_POSTINGS, MAX_CANDIDATES, POSTINGS_PER_KEY, SCHEMA,
                                           AmbiguousEntityError, EntityIndex)

__all__ = ["CONTEXT_KEPT", "FORMS_READ", "LOOSE_POSTINGS", "MAX_CANDIDATES", "POSTINGS_PER_KEY", "SCHEMA", "SURE",
           "UNIQUE", "WEAK", "AmbiguousEntityError", "Canonical", "EntityIndex", "LocalEntity", "Rebuilt",
           "aliases_for", "attested", "b_cubed_f1", "blocking_keys", "canonical_entities", "kept_context", "link_story",
           "rebuild", "score", "skeleton"]


def link_story(index: EntityIndex, story_id: str, entities: list[Entity],
               outlets: Mapping[str, str] | None = None) -> dict[str, str]:
    """Link a story's entities to the store's canonical ones; local entity id -> canonical id. `outlets`
    (article id -> outlet) lets the index count the outlets writing each spelling."""
    return index.link(story_id, [LocalEntity.of(e, outlets) for e in entities])


def canonical_entities(index: EntityIndex, story_id: str, entities: list[Entity],
                       outlets: Mapping[str, str] | None = None) -> list[Entity]:
    """The story's entities under their store-wide ids, names and types (two local entities linked to one
    canonical entity become one), for the story and thread views."""
    mapping = link_story(index, story_id, entities, outlets)
    found = {c.id: c for c in index.entities(list(dict.fromkeys(mapping[e.id] for e in entities)))}  # one read
    out: dict[str, Entity] = {}
    for entity in entities:
        canonical = found.get(mapping[entity.id])
        if canonical is None:
            out[entity.id] = entity
            continue
        known = out.get(canonical.id)
        if known is None:
            spellings = [entity.name, *entity.aliases]
            known = out[canonical.id] = Entity(
                id=canonical.id, name=canonical.name, type=canonical.type,
                aliases=[s for s in dict.fromkeys(spellings) if s != canonical.name], mentions=list(entity.mentions),
                roles=list(entity.roles), lat=canonical.lat if canonical.lat is not None else entity.lat,
                lon=canonical.lon if canonical.lon is not None else entity.lon,
                country=canonical.country or entity.country)
            continue
        known.mentions = sorted(known.mentions + entity.mentions, key=lambda m: (m.article_id, m.start, m.end))
        known.aliases.extend(s for s in [entity.name, *entity.aliases] if s != known.name and s not in known.aliases)
        known.roles.extend(r for r in entity.roles if r not in known.roles)
    return sorted(out.values(), key=lambda e: (-len(e.mentions), e.name, e.id))


@dataclass(slots=True)
class Rebuilt:
    entities: int
    links: int
    agreement: float  # B³ F1 of the rebuilt linking against the incremental one, over stories' entities
    # (story id, canonical id before) -> canonical id after, where the rebuild moved a story's entity
    moved: dict[tuple[str, str], str] = field(default_factory=dict)

    def apply(self, story_id: str, entities: list[Entity], index: EntityIndex) -> list[Entity]:
        """A story's stored entities under the ids, names and types of the rebuilt index."""
        for entity in entities:
            target = self.moved.get((story_id, entity.id))
            canonical = index.entity(target) if target else None
            if canonical is not None:
                entity.id, entity.name, entity.type = canonical.id, canonical.name, canonical.type
                entity.aliases = [a for a in entity.aliases if a != canonical.name]
        return entities


def rebuild(index: EntityIndex, stories: Iterable[tuple[str, list[Entity]]] | None = None,
            merges: Iterable[tuple[str, str]] = (), renames: Mapping[str, str] | None = None,
            keep: set[str] | None = None) -> Rebuilt:
    """Recompute the whole index from scratch, story by story in the order given (by default the stories it
    holds, in the order they were linked, only those in `keep` when given), then replay the user's
    store-wide merges and renames; report the agreement with what the incremental links were."""
    before = index.links()
    if stories is None:
        rows = index.conn.execute("SELECT story_id, contribution FROM ent_links ORDER BY seq, story_id, local_id")
        grouped: dict[str, list[LocalEntity]] = {}
        for story_id, body in rows.fetchall():
            grouped.setdefault(story_id, []).append(LocalEntity.from_dict(json.loads(body)))
        work = list(grouped.items())
    else:
        work = [(story_id, [LocalEntity.of(e) for e in entities]) for story_id, entities in stories]
    if keep is not None:
        work = [(story_id, locals_) for story_id, locals_ in work if story_id in keep]
        before = {item: target for item, target in before.items() if item[0] in keep}
    index.clear()
    for story_id, locals_ in work:
        index.link(story_id, locals_)
    for a, b in merges:
        try:
            index.merge(a, b)
        except NotFoundError:
            continue  # an entity the user merged is no longer in any story
    for reference, name in (renames or {}).items():
        try:
            index.rename(reference, name)
        except NotFoundError:
            continue
    after = index.links()
    moved = {(story_id, old): after[(story_id, local_id)] for (story_id, local_id), old in before.items()
             if (story_id, local_id) in after and after[(story_id, local_id)] != old}
    count = index.conn.execute("SELECT COUNT(*) FROM ent_entities").fetchone()[0]
    return Rebuilt(count, len(after), b_cubed_f1(before, after) if before else 1.0, moved)


def b_cubed_f1(gold: Mapping, predicted: Mapping) -> float:
    """B³ F1 of two clusterings of the same items (items missing from one count as singletons)."""
    items = set(gold) | set(predicted)
    if not items:
        return 1.0
    g = {i: gold.get(i, ("only", i)) for i in items}
    p = {i: predicted.get(i, ("only", i)) for i in items}
    g_members: dict = {}
    p_members: dict = {}
    for i in items:
        g_members.setdefault(g[i], set()).add(i)
        p_members.setdefault(p[i], set()).add(i)
    precision = recall = 0.0
    for i in items:
        both = len(g_members[g[i]] & p_members[p[i]])
        precision += both / len(p_members[p[i]])
        recall += both / len(g_members[g[i]])
    precision, recall = precision / len(items), recall / len(items)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def aliases_for(index: EntityIndex, term: str) -> list[str]:
    """The other spellings of the entity a search term names, for full-text search to add to the query
    ("Banjska" -> ["Banjské", "Banska"]); [] when no stored entity is written so."""
    return index.aliases_for(term)
