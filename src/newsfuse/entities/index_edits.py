"""A user's corrections applied to the store-wide entity index: merge, split and rename store-wide, and
giving an entity back the id its pages name (`EntityIndex` has these as methods)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from newsfuse.entities.index_scoring import add_outlets
from newsfuse.entities.normalize import fold
from newsfuse.entities.records import LocalEntity, kept_context


class IndexEdits:
    """The corrections part of `EntityIndex` (which gives `conn`, `moved`, the reads and `link`)."""

    def merge(self, keep: str, join: str) -> str:
        """Merge canonical entity `join` into `keep` store-wide (both references must name one entity)."""
        a, b = self.resolve_reference(keep), self.resolve_reference(join)
        if a.id == b.id:
            return a.id
        for form, n in b.forms.items():
            self.conn.execute(
                "INSERT INTO ent_aliases VALUES (?, ?, ?, ?) ON CONFLICT (entity_id, alias) DO UPDATE SET n = n + ?",
                (a.id, form, fold(form), n, n))
        self.conn.execute("UPDATE OR REPLACE ent_keys SET entity_id = ? WHERE entity_id = ?", (a.id, b.id))
        self.conn.execute("UPDATE ent_links SET entity_id = ? WHERE entity_id = ?", (a.id, b.id))
        types = Counter(a.profile.get("types", {})) + Counter(b.profile.get("types", {}))
        roles = Counter(a.profile.get("roles", {})) + Counter(b.profile.get("roles", {}))
        context = Counter(a.profile.get("context", {})) + Counter(b.profile.get("context", {}))
        written = Counter(a.profile.get("written", {})) + Counter(b.profile.get("written", {}))
        context.pop(a.id, None)
        context.pop(b.id, None)
        # a later merge undoes an earlier split of these names
        keys_a, keys_b = {fold(f) for f in a.forms}, {fold(f) for f in b.forms}
        for keys in self._splits(keys_a | keys_b):
            if keys & keys_a and keys & keys_b:
                self.conn.executemany("DELETE FROM ent_apart WHERE key = ?", [(k,) for k in keys])
        # the user's word: what `join` was called links here from now on, even once no story writes it
        merged = sorted({*a.profile.get("merged", []), *b.profile.get("merged", []), *map(fold, b.forms)})
        outlets = add_outlets(a.profile.get("outlets", {}), b.profile.get("outlets", {}), +1)
        profile = {**a.profile, "types": dict(types), "roles": dict(roles), "written": dict(written), "outlets": outlets,
                   "context": kept_context(context), "merged": merged}
        self.conn.execute("UPDATE ent_entities SET mentions = ?, profile = ? WHERE id = ?",
                          (a.mentions + b.mentions, json.dumps(profile), a.id))
        self.conn.execute("DELETE FROM ent_aliases WHERE entity_id = ?", (b.id,))
        self.conn.execute("DELETE FROM ent_entities WHERE id = ?", (b.id,))
        self._recompute(a.id)
        self.moved[b.id] = a.id
        return a.id

    def split(self, reference: str) -> list[str]:
        """Split a canonical entity store-wide into one entity per spelling (folded), kept apart from now on;
        returns the entities its stories' contributions now link to. The largest piece keeps the entity's
        id (its page and links go on naming it)."""
        entity = self.resolve_reference(reference)
        keys = sorted({fold(f) for f in entity.forms})
        self.conn.executemany("INSERT OR IGNORE INTO ent_apart VALUES (?, ?)", [(k, entity.id) for k in keys])
        rows = self.conn.execute("SELECT story_id, local_id FROM ent_links WHERE entity_id = ?", (entity.id,))
        linked = [tuple(r) for r in rows.fetchall()]
        stories = sorted({story_id for story_id, _ in linked})
        self.conn.execute("UPDATE ent_entities SET profile = json_remove(profile, '$.merged') WHERE id = ?",
                          (entity.id,))
        for story_id in stories:
            locals_ = [LocalEntity.from_dict(json.loads(r[0])) for r in self.conn.execute(
                "SELECT contribution FROM ent_links WHERE story_id = ? ORDER BY local_id", (story_id,)).fetchall()]
            self.link(story_id, locals_)
        after = self.links()
        pieces = sorted({after[item] for item in linked if item in after})
        found = self.entities(pieces)
        if not found:
            return pieces
        largest = max(found, key=lambda e: (e.mentions, fold(e.name) == fold(entity.name), e.id))
        holder = self.entity(entity.id)
        if holder is not None and holder.id != largest.id:  # a piece created under the id: it takes another
            spare = "e-" + hashlib.sha1(f"{entity.id}@split:{fold(holder.name)}".encode()).hexdigest()[:12]
            self.take_id(holder.id, spare)
        self.take_id(largest.id, entity.id)
        after = self.links()
        return sorted({after[item] for item in linked if item in after})

    def rename(self, reference: str, name: str) -> str:
        entity = self.resolve_reference(reference)
        profile = {**entity.profile, "pinned_name": name}
        self.conn.execute("UPDATE ent_entities SET name = ?, profile = ? WHERE id = ?",
                          (name, json.dumps(profile), entity.id))
        return entity.id

    def take_id(self, current: str, wanted: str) -> str:
        """Give entity `current` the id `wanted` (an undone split gives its entity back the id it had,
        which links and pages name); refused, keeping `current`, while another entity holds `wanted`."""
        if current == wanted or self.entity(current) is None or self.entity(wanted) is not None:
            return current
        self.conn.execute("UPDATE ent_entities SET id = ? WHERE id = ?", (wanted, current))
        for table, column in (("ent_keys", "entity_id"), ("ent_aliases", "entity_id"), ("ent_links", "entity_id"),
                              ("ent_apart", "split")):
            self.conn.execute(f"UPDATE OR REPLACE {table} SET {column} = ? WHERE {column} = ?", (wanted, current))
        # the entities it co-occurs with name it in their profiles' context: they are its context too
        for (other,) in self.conn.execute("SELECT DISTINCT e.id FROM ent_links l JOIN ent_links k ON k.story_id = "
                                          "l.story_id JOIN ent_entities e ON e.id = k.entity_id WHERE l.entity_id = ?",
                                          (wanted,)).fetchall():
            self.conn.execute("UPDATE ent_entities SET profile = replace(profile, ?, ?) WHERE id = ?",
                              (f'"{current}"', f'"{wanted}"', other))
        return wanted

    def clear(self) -> None:
        for table in ("ent_entities", "ent_keys", "ent_aliases", "ent_links", "ent_meta"):  # not ent_apart: the user's
            self.conn.execute(f"DELETE FROM {table}")
