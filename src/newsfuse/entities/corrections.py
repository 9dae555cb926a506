"""A user's corrections to entity resolution, kept so they survive re-analysis.

Corrections never name run-local positions. They refer to an entity by any of:
- its id ("e-3f2a9c0d1b4e"), which is a hash of its type and canonical name and so comes back
  when the same articles are analysed again;
- its key, type and folded canonical name ("person:jens stoltenberg", see `entity_key`);
- a name: the canonical name or any alias, with or without a type prefix ("place:Banjska").
They are applied after every resolution, in this order: splits, merges, renames. `correct_index`
checks a new correction against the store-wide entity index first: a name or id nothing bears is
an error (`NotFoundError`), an ambiguous name lists its candidates (`AmbiguousEntityError`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from newsfuse.models import Entity
from newsfuse.entities.normalize import TYPES, fold, name_form


@dataclass(slots=True)
class Corrections:
    merges: list[tuple[str, str]] = field(default_factory=list)  # (A, B): B joins A, keeping A's id
    splits: list[str] = field(default_factory=list)  # E: one entity per distinct name of E
    renames: dict[str, str] = field(default_factory=dict)  # E -> the canonical name the user wants

    def to_dict(self) -> dict:
        return {"merges": [list(pair) for pair in self.merges], "splits": list(self.splits),
                "renames": dict(self.renames)}

    @classmethod
    def from_dict(cls, data: dict) -> "Corrections":
        return cls([tuple(pair) for pair in data.get("merges", [])], list(data.get("splits", [])),
                   dict(data.get("renames", {})))


def find_entity(entities: list[Entity], reference: str) -> Entity | None:
    """The entity a correction means: by id, by key, then by canonical name, then by alias.

    When a name fits several entities the one with most mentions is meant.
    """
    for entity in entities:
        if entity.id == reference:
            return entity
    wanted_type, _, name = reference.partition(":")
    if wanted_type not in TYPES or not name:
        wanted_type, name = "", reference
    key = fold(name)
    pool = [e for e in entities if not wanted_type or e.type == wanted_type]
    for names_of in (lambda e: [e.name], lambda e: [e.name, *e.aliases]):
        hits = [e for e in pool if any(fold(n) == key for n in names_of(e))]
        if hits:
            return max(hits, key=lambda e: (len(e.mentions), e.id))
    return None


def apply_corrections(entities: list[Entity], corrections: Corrections,
                      rebuild: Callable[[Entity], Entity]) -> tuple[list[Entity], list[str]]:
    """The entities with the corrections applied, and the corrections that found no entity."""
    entities = list(entities)
    unapplied: list[str] = []
    for reference in corrections.splits:
        entity = find_entity(entities, reference)
        if entity is None:
            unapplied.append(f"split {reference}: no such entity")
            continue
        pieces = _split(entity)
        if len(pieces) > 1:
            entities.remove(entity)
            entities.extend(rebuild(piece) for piece in pieces)
    for a, b in corrections.merges:
        keep, join = find_entity(entities, a), find_entity(entities, b)
        if keep is None or join is None:
            unapplied.append(f"merge {a} {b}: no such entity ({a if keep is None else b})")
            continue
        if keep is join:
            continue
        keep.mentions = sorted(keep.mentions + join.mentions, key=lambda m: (m.article_id, m.start, m.end))
        keep.aliases = _unique([*keep.aliases, join.name, *join.aliases], exclude=keep.name)
        keep.roles = _unique([*keep.roles, *join.roles])
        entities.remove(join)
        rebuild(keep)
    for reference, name in corrections.renames.items():
        entity = find_entity(entities, reference)
        if entity is None:
            unapplied.append(f"rename {reference}: no such entity")
            continue
        if name != entity.name:
            entity.aliases = _unique([entity.name, *entity.aliases], exclude=name)
            entity.name = name
    return entities, unapplied


def _split(entity: Entity) -> list[Entity]:
    """One entity per distinct folded name; role phrases stay with the largest piece."""
    by_name: dict[str, list] = {}
    roles = []
    for mention in entity.mentions:
        if mention.label == "ROLE":
            roles.append(mention)
            continue
        by_name.setdefault(fold(name_form(mention.text, person=entity.type == "person")), []).append(mention)
    pieces = []
    for mentions in sorted(by_name.values(), key=lambda ms: (-len(ms), ms[0].article_id, ms[0].start)):
        forms = Counter(name_form(m.text, person=entity.type == "person") for m in mentions)
        name = forms.most_common(1)[0][0]
        pieces.append(Entity(id="", name=name, type=entity.type, aliases=[f for f in forms if f != name],
                             mentions=list(mentions)))
    if pieces:
        pieces[0].mentions = sorted(pieces[0].mentions + roles, key=lambda m: (m.article_id, m.start, m.end))
        pieces[0].roles = list(entity.roles)
    return pieces


def _unique(names: list[str], exclude: str | None = None) -> list[str]:
    seen, out = set(), []
    for name in names:
        if name and name != exclude and name not in seen:
            seen.add(name)
            out.append(name)
    return out


# --- checked against the store-wide index ---------------------------------------------------------

def correct_index(index, action: str, payload: dict) -> tuple[str, bool]:
    """Check a user's correction against the store-wide entity index (`newsfuse.entities.index`) and apply
    what applies there at once: (message to show, whether the correction changes anything and is kept).

    An unknown name or id raises `NotFoundError`; a name several entities bear raises
    `AmbiguousEntityError`, whose message lists them with their ids.
    """
    if action == "merge":
        keep, join = index.resolve_reference(payload["a"]), index.resolve_reference(payload["b"])
        if keep.id == join.id:
            return f"'{payload['a']}' and '{payload['b']}' are already one entity: {keep.name} ({keep.id})", False
        index.merge(keep.id, join.id)
        return f"merged {join.name} ({join.id}) into {keep.name} ({keep.id})", True
    if action == "split":
        entity = index.resolve_reference(payload["entity"])
        if len({fold(form) for form in entity.forms}) < 2:
            return f"{entity.name} ({entity.id}) has one spelling only: nothing to split", False
        pieces = index.split(entity.id)
        payload["entity"] = f"{entity.type}:{entity.name}"  # what each story's own resolution can find
        names = ", ".join(sorted({index.entity(p).name for p in pieces if index.entity(p) is not None}))
        return f"split {entity.name} ({entity.id}) into one entity per spelling: {names}", True
    if action == "rename":
        entity = index.resolve_reference(payload["entity"])
        index.rename(entity.id, payload["name"])
        return f"renamed {entity.name} ({entity.id}) to {payload['name']}", True
    raise ValueError(f"unknown correction '{action}'")
