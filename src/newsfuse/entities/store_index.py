"""The store-wide entity index in the store's SQLite database (tables `ent_*`): reading canonical entities,
and linking a story's entities to them (`EntityIndex.link`); docs/entities.md and `newsfuse.entities.index`
say how. The store runs `SCHEMA` in its migrations; this module never creates tables and never commits.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Collection, Container
from itertools import islice

from newsfuse.errors import NotFoundError
from newsfuse.entities.gazetteer import Gazetteer
from newsfuse.entities.index_edits import IndexEdits
from newsfuse.entities.index_scoring import (SURE, UNIQUE, WEAK, add_outlets, attested, name_tokens, names_of,
                                             one_word_only, packaged_places, score)
from newsfuse.entities.naming import canonical_name
from newsfuse.entities.normalize import TYPES, fold
from newsfuse.entities.records import CONTEXT_KEPT, Canonical, LocalEntity, blocking_keys, kept_context


SCHEMA: list[str] = [
    """CREATE TABLE IF NOT EXISTS ent_entities (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        lat REAL,
        lon REAL,
        country TEXT,
        profile TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS ent_keys (
        key TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (key, entity_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS ent_keys_recent ON ent_keys (key, seq)",
    "CREATE INDEX IF NOT EXISTS ent_keys_entity ON ent_keys (entity_id)",
    """CREATE TABLE IF NOT EXISTS ent_aliases (
        entity_id TEXT NOT NULL,
        alias TEXT NOT NULL,
        key TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (entity_id, alias)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS ent_aliases_key ON ent_aliases (key)",
    """CREATE TABLE IF NOT EXISTS ent_links (
        story_id TEXT NOT NULL,
        local_id TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        contribution TEXT NOT NULL,
        PRIMARY KEY (story_id, local_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS ent_links_entity ON ent_links (entity_id)",
    "CREATE TABLE IF NOT EXISTS ent_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    # a user's split: folded names of one former entity that must not share an entity again
    """CREATE TABLE IF NOT EXISTS ent_apart (
        key TEXT NOT NULL,
        split TEXT NOT NULL,
        PRIMARY KEY (key, split)
    ) WITHOUT ROWID""",
]
POSTINGS_PER_KEY = 24  # newest entities read per exact key (k:, c:): bounds a link's cost in a big store
LOOSE_POSTINGS = 8  # newest entities read per loose key (skeleton, surname, acronym, position)
MAX_CANDIDATES = 40  # candidates scored per local entity
FORMS_READ = 40  # spellings of a candidate read to score it


class EntityIndex(IndexEdits):
    """Canonical entities of the store, updated one story at a time, over an injected connection."""

    def __init__(self, conn: sqlite3.Connection, gazetteer: Gazetteer | None = None) -> None:
        self.conn = conn
        self.gazetteer = gazetteer  # names places store-wide; the packaged one when not given
        self.examined = 0  # candidate rows read since creation: what a link costs (tests read it)
        self.moved: dict[str, str] = {}  # merged-away id -> the id it went into, since the link began
        self._counters: dict[str, int] | None = None  # during a link: counters drawn, written when it ends
        self._apart = True  # during a link: whether the user split anything (no split is added while linking)

    def entity(self, entity_id: str) -> Canonical | None:
        row = self.conn.execute("SELECT id, name, type, mentions, lat, lon, country, profile FROM ent_entities "
                                "WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            return None
        forms = dict(self.conn.execute("SELECT alias, n FROM ent_aliases WHERE entity_id = ? ORDER BY n DESC, alias "
                                       "LIMIT ?", (entity_id, FORMS_READ)).fetchall())
        return Canonical(*row, forms)

    def entities(self, entity_ids: list[str]) -> list[Canonical]:
        """Several entities in two queries (the candidates of one link), in the order asked."""
        if not entity_ids:
            return []
        marks = ", ".join("?" * len(entity_ids))
        rows = {r[0]: r for r in self.conn.execute(
            f"SELECT id, name, type, mentions, lat, lon, country, profile FROM ent_entities WHERE id IN ({marks})",
            entity_ids)}
        forms: dict[str, dict[str, int]] = {}
        for entity_id, alias, n in self.conn.execute(
                f"SELECT entity_id, alias, n FROM ent_aliases WHERE entity_id IN ({marks}) ORDER BY n DESC, alias",
                entity_ids):
            kept = forms.setdefault(entity_id, {})
            if len(kept) < FORMS_READ:
                kept[alias] = n
        return [Canonical(*rows[i], forms.get(i, {})) for i in entity_ids if i in rows]

    def links(self) -> dict[tuple[str, str], str]:
        """(story id, local entity id) -> canonical id, for the whole index (an export, not the ingest path)."""
        return {(s, l): e for s, l, e in self.conn.execute("SELECT story_id, local_id, entity_id FROM ent_links")}

    def stories_of(self, entity_id: str) -> list[str]:
        rows = self.conn.execute("SELECT story_id FROM ent_links WHERE entity_id = ? GROUP BY story_id "
                                 "ORDER BY MIN(seq), story_id", (entity_id,)).fetchall()
        return [r[0] for r in rows]

    def find(self, reference: str) -> list[Canonical]:
        """The canonical entities a user's reference means: an id, or a name or spelling, optionally
        'type:Name'. Several when the name is ambiguous, none when nothing bears it."""
        hit = self.entity(reference)
        if hit is not None:
            return [hit]
        wanted, _, name = reference.partition(":")
        if wanted not in TYPES or not name:
            wanted, name = "", reference
        key = fold(name)
        ids = [r[0] for r in self.conn.execute(
            "SELECT entity_id FROM ent_aliases WHERE key = ? GROUP BY entity_id ORDER BY SUM(n) DESC, entity_id LIMIT 20",
            (key,))]
        found = [e for e in map(self.entity, ids) if e is not None and (not wanted or e.type == wanted)]
        exact = [e for e in found if fold(e.name) == key]
        return exact if len(exact) == 1 else found

    def resolve_reference(self, reference: str) -> Canonical:
        """The one entity a reference means; `NotFoundError` when none, `AmbiguousEntityError` when several."""
        found = self.find(reference)
        if not found:
            raise NotFoundError("entity", reference)
        if len(found) > 1:
            raise AmbiguousEntityError(reference, [f"{e.id} ({e.type}: {e.name})" for e in found])
        return found[0]

    def aliases_for(self, term: str) -> list[str]:
        """Every spelling of the canonical entities a search term names ("Banjska" -> "Banska", "Бањска")."""
        key = fold(term)
        ids = [r[0] for r in self.conn.execute("SELECT entity_id FROM ent_aliases WHERE key = ? GROUP BY entity_id "
                                               "ORDER BY SUM(n) DESC, entity_id LIMIT 5", (key,))]
        spellings: list[str] = []
        for entity_id in ids:
            for (alias,) in self.conn.execute("SELECT alias FROM ent_aliases WHERE entity_id = ? AND n > 0 "
                                              "ORDER BY n DESC, alias LIMIT ?", (entity_id, FORMS_READ)):
                if fold(alias) != key and alias not in spellings:
                    spellings.append(alias)
        return spellings

    def link(self, story_id: str, locals_: list[LocalEntity]) -> dict[str, str]:
        """Link one story's entities (replacing what the story gave before); local id -> canonical id."""
        previous = self._withdraw(story_id)
        self._counters = {}
        self._apart = self.conn.execute("SELECT EXISTS (SELECT 1 FROM ent_apart)").fetchone()[0] == 1
        try:
            linked = self._link(story_id, locals_, previous)
            counters = self._counters
        finally:
            self._counters = None
        self.conn.executemany("INSERT OR REPLACE INTO ent_meta VALUES (?, ?)", sorted(counters.items()))
        return linked

    def _link(self, story_id: str, locals_: list[LocalEntity], previous: dict[str, str]) -> dict[str, str]:
        seq = self._next("link")
        order = sorted(locals_, key=lambda e: (len(e.name.split()) < 2, -e.mentions, e.local_id))
        linked: dict[str, str] = {}
        context: set[str] = set()
        self.moved = {}
        hints = self._lone_hints(order, previous)
        fitted = Counter(hints.values())
        remapped = 0  # how many merges `linked` and `context` have followed
        created: list[tuple[str, LocalEntity]] = []  # new full names that took in no lone name yet
        for local in order:
            keys = blocking_keys(local)  # once: looked up under, then filed under
            # the full names the story's other lone names fit support this one's ("Klitschko" and "Rahman")
            support = _Support(context, fitted, hints.get(local.local_id))
            target = self._best(local, support, previous.get(local.local_id), keys)
            fresh = None  # the row of an entity just created, while nothing else wrote it
            if target is None:
                target, fresh = self._create(local, story_id)
                if local.type == "person" and len(local.name.split()) >= 2:
                    if self._absorb_surnames(target, local, context):
                        fresh = None
                    else:
                        created.append((target, local))
            if self.moved:
                # an entity this story already linked to was merged into another (a lone surname a full name
                # took in): its links and context go to where it went (again only after a new merge)
                if len(self.moved) != remapped:
                    linked = {k: self._where(v) for k, v in linked.items()}
                    context = {self._where(c) for c in context}
                    remapped = len(self.moved)
                target = self._where(target)
                fresh = None
            self._contribute(target, [local], +1, fresh)
            self._file_keys(target, keys, seq)
            linked[local.local_id] = target
            context.add(target)
        # again once the story's whole context is known (its full names are linked first, so a lone name filed
        # before shares with them what the story names after them: "McDermott" and "Bluejays", then "Doug
        # McDermott" and "Bluejays"); not a lone entity the story itself keeps apart from the full name
        for target, local in created:
            if self._absorb_surnames(self._where(target), local, context, set(linked.values())):
                linked = {k: self._where(v) for k, v in linked.items()}
                context = {self._where(c) for c in context}
        self.conn.executemany("INSERT OR REPLACE INTO ent_links VALUES (?, ?, ?, ?, ?)",
                              [(story_id, local.local_id, linked[local.local_id], seq, json.dumps(local.to_dict()))
                               for local in order])
        targets = sorted(set(linked.values()))
        # one read for all and one write for all: settling one entity reads and changes no other's row
        members = set(targets)
        settled = [self._settle(entity, targets, members) for entity in self.entities(targets)]
        self.conn.executemany("UPDATE ent_entities SET name = ?, type = ?, profile = ? WHERE id = ?",
                              [row for row in settled if row is not None])
        return linked

    def _lone_hints(self, order: list[LocalEntity], previous: dict[str, str]) -> dict[str, str]:
        """Per one-word name of the story (a lone surname) the one full name it fits by a weak rule when
        nothing sure bears it: two such names of one story whose full names co-occur support each other."""
        lone = [local for local in order if local.type in ("person", "group", "org") and local.keys
                and all(" " not in k for k in local.keys)]
        if len(lone) < 2:
            return {}
        hints = {}
        for local in lone:
            keys = blocking_keys(local)
            scored = self._scored(local, set(), previous.get(local.local_id), self._candidates(local, keys))
            if any(s[5] not in WEAK and s[5] not in UNIQUE and not s[6] for s in scored):
                continue  # a name the store holds as it is: no lone name
            fitting = {s[4] for s in scored if s[5] in WEAK and not s[6]}
            if len(fitting) == 1:
                hints[local.local_id] = fitting.pop()
        return hints if len(set(hints.values())) >= 2 else {}

    def _where(self, entity_id: str) -> str:
        """Where an entity merged during this link went (itself when it was not)."""
        seen = {entity_id}
        while entity_id in self.moved and self.moved[entity_id] not in seen:
            entity_id = self.moved[entity_id]
            seen.add(entity_id)
        return entity_id

    def _candidates(self, local: LocalEntity, keys: set[str] | None = None) -> list[str]:
        keys = sorted(blocking_keys(local) if keys is None else keys)
        postings = self._postings(keys)
        seen: dict[str, None] = {}
        for key in keys:
            rows = postings.get(key, [])
            self.examined += len(rows)
            for entity_id in rows:
                seen.setdefault(entity_id, None)
        return list(seen)[:MAX_CANDIDATES]

    def _postings(self, keys: list[str]) -> dict[str, list[str]]:
        """Per key, the newest entities filed under it (a bounded number per key, as `_candidates` reads
        them: newest first, ties by id from the last), all keys in one statement."""
        if not keys:
            return {}
        marks = ", ".join("?" * len(keys))
        rows = self.conn.execute(
            "SELECT key, entity_id FROM (SELECT key, entity_id, seq, ROW_NUMBER() OVER (PARTITION BY key ORDER BY "
            f"seq DESC, entity_id DESC) AS r FROM ent_keys WHERE key IN ({marks})) WHERE r <= CASE WHEN substr(key, "
            "1, 2) IN ('k:', 'c:') THEN ? ELSE ? END ORDER BY key, r", (*keys, POSTINGS_PER_KEY, LOOSE_POSTINGS))
        out: dict[str, list[str]] = {}
        for key, entity_id in rows:
            out.setdefault(key, []).append(entity_id)
        return out

    def _best(self, local: LocalEntity, context: Collection[str], previous: str | None, keys: set[str]) -> str | None:
        # Most names recur as written: the exact keys first, and only when they find no entity named in
        # full the looser keys (skeleton, surname, acronym), whose posting lists are the long ones.
        exact = {k for k in keys if k[:2] in ("k:", "c:")}
        found = self._scored(local, context, previous, self._candidates(local, exact))
        if any(s[5] in SURE and not s[6] for s in found):
            # the entity named in full, not one filed under a short form the story also writes
            return self._bridge(self._choose([s for s in found if not s[6]]), found, local)
        return self._choose(self._scored(local, context, previous, self._candidates(local, keys - exact)) + found)

    def _scored(self, local: LocalEntity, context: Collection[str], previous: str | None,
                ids: list[str]) -> list[tuple]:
        scored = []
        keys = local.keys  # once per entity, not once per candidate: the names, their words, a user's splits
        full = [t for t in map(name_tokens, keys[:6]) if len(t) >= 2] if local.type == "person" else []
        if not ids:
            return scored
        splits = self._splits(set(keys)) if self._apart else []
        mine = names_of(local, keys)
        lone = local.type == "person" and all(" " not in k for k in keys)
        known = len(context) if lone else 0  # how many entities the story linked before it
        for candidate in self.entities(ids):
            entity_id = candidate.id
            if candidate.mentions <= 0:
                continue
            result = score(local, candidate, keys, full, mine)
            if result is None or self._kept_apart(local, candidate, splits):
                continue
            value, kind = result
            # the full name written in this same story supports its surname most
            theirs = candidate.profile.get("context", {})
            shared = sum(c in context for c in theirs) + 2 * (entity_id in context)
            if (kind == "exact" and not shared and known >= CONTRADICTED and len(theirs) >= CONTRADICTED
                    and candidate.type == "person" and not one_word_only(candidate)):
                # a lone surname another story wrote beside a full name ("Bush" of "Reggie Bush"), in a story
                # whose names that person's stories never wrote: a namesake (George W. Bush) unless supported
                kind = "surname"
            scored.append((value, shared, entity_id == previous, candidate.mentions, entity_id, kind,
                           one_word_only(candidate)))
        return scored

    def _bridge(self, target: str | None, scored: list[tuple], local: LocalEntity) -> str | None:
        """One story writing a name both ways ("the New Orleans Saints ... the Saints") joins to the full
        name's entity the one entity filed before under the short form alone, when it is the only one, is
        of the same type and shares co-occurring entities with the full name's: the story's own resolution
        says they are one, the shared context says it is the same one."""
        lone = sorted({s[4] for s in scored if s[5] == "exact" and s[6] and s[4] != target})
        chosen = next((s for s in scored if s[4] == target), None)
        if target is None or chosen is None or chosen[6] or len(lone) != 1:
            return target
        pair = self.entities([target, lone[0]])
        if len(pair) != 2 or not pair[0].type == pair[1].type == local.type or local.type == "group":
            return target
        full, short = pair
        if not set(full.profile.get("context", {})) & set(short.profile.get("context", {})):
            return target
        return self.merge(target, short.id)

    def _choose(self, scored: list[tuple]) -> str | None:
        scored = list({s[4]: s for s in scored}.values())
        if not scored:
            return None
        strong = [s for s in scored if s[5] not in WEAK and s[5] not in UNIQUE]
        people = [s for s in scored if s[5] == "surname" and s[1] > 0]
        if strong and all(s[6] for s in strong) and len({s[4] for s in people}) == 1:
            # a lone surname filed on its own before ("Kurti") belongs to the one full name that fits
            for s in strong:
                self.merge(people[0][4], s[4])
            return people[0][4]
        if strong:
            return max(strong)[:6][4]
        fitting = [s for s in scored if s[5] not in WEAK or s[1] > 0]
        if len({s[4] for s in fitting}) != 1:
            return None  # a surname or acronym that fits several entities (or none with support) stays apart
        return fitting[0][4]

    def _absorb_surnames(self, target: str, local: LocalEntity, context: set[str],
                         own: Container[str] = ()) -> list[str]:
        """A new full name takes in the one lone surname filed earlier with shared context ("Kurti" seen
        before "Albin Kurti"), or the one lone first name of a person ("Katie" before "Katie Jenkin"); several
        such entities, or one without support, stay apart, and so do those in `own` (linked by this story,
        which kept them apart from the full name). The ids taken in."""
        absorbed: list[str] = []
        names = [fold(f).split() for f in local.forms if len(fold(f).split()) >= 2]
        surnames = {words[-1] for words in names}
        given = {words[0] for words in names if len(words[0]) >= 3} - surnames
        for surname in sorted(surnames | given):
            rows = self.conn.execute("SELECT entity_id FROM ent_keys WHERE key = ? ORDER BY seq DESC, entity_id DESC "
                                     "LIMIT ?",
                                     ("k:" + surname, POSTINGS_PER_KEY)).fetchall()
            self.examined += len(rows)
            lone = [e for e in self.entities([r[0] for r in rows if r[0] != target and r[0] not in own])
                    if e.type != "group" and e.lat is None and (surname in surnames or e.type == "person")
                    and all(len(fold(f).split()) == 1 for f in e.forms)]
            supported = [e for e in lone if context & set(e.profile.get("context", {}))]
            if len(lone) == 1 and supported:
                self.merge(target, lone[0].id)
                absorbed.append(lone[0].id)
        return absorbed

    def _kept_apart(self, local: LocalEntity, candidate: Canonical, splits: list[set[str]]) -> bool:
        """Whether a user's split (`splits`: those of the local entity's names) keeps the local entity's
        names apart from the candidate's."""
        if not splits:
            return False
        mine = set(local.keys)
        theirs = {fold(f) for f in candidate.forms}
        return any(mine & keys and theirs & keys and len((mine | theirs) & keys) > 1 for keys in splits)

    def _splits(self, keys: set[str]) -> list[set[str]]:
        if not keys:
            return []
        listed = sorted(keys)
        groups = sorted({r[0] for r in self.conn.execute(
            f"SELECT split FROM ent_apart WHERE key IN ({', '.join('?' * len(listed))})", listed)})
        if not groups:
            return []
        members: dict[str, set[str]] = {g: set() for g in groups}
        for split, key in self.conn.execute(
                f"SELECT split, key FROM ent_apart WHERE split IN ({', '.join('?' * len(groups))})", groups):
            members[split].add(key)
        return [members[g] for g in groups]

    def _create(self, local: LocalEntity, story_id: str) -> tuple[str, tuple[int, dict, float | None]]:
        """A new entity for the local one; its id and its row as `_contribute` reads it (mentions, profile, lat)."""
        entity_id = local.local_id or "e-" + hashlib.sha1(f"{local.type}:{fold(local.name)}".encode()).hexdigest()[:12]
        profile = {"types": {}, "roles": {}, "context": {}}
        row = (local.name, local.type, self._next("entity"), local.lat, local.lon, local.country, json.dumps(profile))
        if self.conn.execute("INSERT OR IGNORE INTO ent_entities VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)",
                             (entity_id, *row)).rowcount == 0:  # the id is taken: one of this story's
            entity_id = "e-" + hashlib.sha1(f"{entity_id}@{story_id}".encode()).hexdigest()[:12]
            self.conn.execute("INSERT OR REPLACE INTO ent_entities VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)", (entity_id, *row))
        return entity_id, (0, profile, local.lat)

    def _contribute(self, entity_id: str, locals_: list[LocalEntity], sign: int,
                    fresh: tuple[int, dict, float | None] | None = None) -> None:
        """Add (sign +1) or take back (-1) what local entities give a canonical one: one read and one write of
        its row for all of them (taking back, the spellings left with no count go once at the end); `fresh`:
        the row of an entity `_create` just wrote, not read again."""
        if fresh is not None:
            mentions, profile, lat = fresh
        else:
            row = self.conn.execute("SELECT mentions, profile, lat FROM ent_entities WHERE id = ?",
                                    (entity_id,)).fetchone()
            if row is None:
                return
            profile = json.loads(row[1])
            mentions, lat = row[0], row[2]
        if not locals_:
            return
        for local in locals_:
            types = Counter(profile.get("types", {}))
            types[local.type] += sign * local.mentions
            roles = Counter(profile.get("roles", {}))
            for role, n in local.roles.items():
                roles[role] += sign * n
            written = Counter(profile.get("written", {}))
            for form, n in local.written.items():
                written[form] += sign * n
            profile["types"] = {k: v for k, v in types.items() if v > 0}
            profile["roles"] = {k: v for k, v in roles.items() if v > 0}
            profile["written"] = {k: v for k, v in written.items() if v > 0}
            profile["outlets"] = add_outlets(profile.get("outlets", {}), local.outlets, sign)
            mentions += sign * local.mentions
            if sign > 0 and lat is None and local.lat is not None:
                self.conn.execute("UPDATE ent_entities SET lat = ?, lon = ?, country = ? WHERE id = ?",
                                  (local.lat, local.lon, local.country, entity_id))
                lat = local.lat
        self.conn.execute("UPDATE ent_entities SET mentions = ?, profile = ? WHERE id = ?",
                          (mentions, json.dumps(profile), entity_id))
        self.conn.executemany(
            "INSERT INTO ent_aliases VALUES (?, ?, ?, ?) ON CONFLICT (entity_id, alias) DO UPDATE SET n = n + ?",
            [(entity_id, form, fold(form), max(0, sign * max(n, 1)), sign * max(n, 1))
             for local in locals_ for form, n in local.forms.items()])
        if sign < 0:
            self.conn.execute("DELETE FROM ent_aliases WHERE entity_id = ? AND n <= 0", (entity_id,))

    def _file_keys(self, entity_id: str, keys: set[str], seq: int) -> None:
        self.conn.executemany("INSERT OR REPLACE INTO ent_keys VALUES (?, ?, ?)",
                              [(key, entity_id, seq) for key in sorted(keys)])

    def _settle(self, entity: Canonical, targets: list[str], members: set[str]) -> tuple[str, str, str, str] | None:
        """Remember the entities it co-occurred with in the story (the others of `targets`, the story's entities
        in id order; `members` the same as a set), then its name and type as `_recompute`, from one read of its
        row: the row's new (name, type, profile, id) for the caller to write, None when the entity has no
        mention left (deleted here)."""
        entity_id = entity.id
        profile = entity.profile
        known = profile.get("context", {})
        context = Counter({c: n + (c in members and c != entity_id) for c, n in known.items()})
        # an entity new to its context counts 1, and ties go by id: only the first CONTEXT_KEPT of them in id
        # order can be kept, so a story of many entities costs each one CONTEXT_KEPT, not the story's size
        context.update(islice((c for c in targets if c != entity_id and c not in known), CONTEXT_KEPT))
        profile["context"] = kept_context(context)
        if entity.mentions <= 0:
            self._delete(entity_id)
            return None
        name, kind = self._named(entity)
        return name, kind, json.dumps(profile), entity_id

    def _named(self, entity: Canonical) -> tuple[str, str]:
        """The name and type an entity's spellings and type votes give it now."""
        types = Counter(entity.profile.get("types", {}))
        kind = max(types, key=lambda t: (types[t], t == entity.type, t)) if types else entity.type
        forms = Counter({f: n for f, n in entity.forms.items() if n > 0}) or Counter({entity.name: 1})
        # the store-wide count of outlets writing each spelling decides between misspellings; a place takes
        # the gazetteer's spelling
        places = (self.gazetteer or packaged_places()) if kind == "place" else None
        return entity.profile.get("pinned_name") or canonical_name(forms, kind, attested(entity.profile), places), kind

    def _recompute(self, entity_id: str) -> None:
        """Name and type from all the spellings and type votes the entity has now."""
        entity = self.entity(entity_id)
        if entity is None:
            return
        if entity.mentions <= 0:
            self._delete(entity_id)
            return
        name, kind = self._named(entity)
        self.conn.execute("UPDATE ent_entities SET name = ?, type = ? WHERE id = ?", (name, kind, entity_id))

    def _withdraw(self, story_id: str) -> dict[str, str]:
        """Take back what the story gave; returns local id -> the canonical id it was linked to."""
        rows = self.conn.execute("SELECT local_id, entity_id, contribution FROM ent_links WHERE story_id = ? "
                                 "ORDER BY local_id", (story_id,)).fetchall()
        given: dict[str, list[LocalEntity]] = {}  # per canonical entity, in the order of the rows
        for local_id, entity_id, body in rows:
            given.setdefault(entity_id, []).append(LocalEntity.from_dict(json.loads(body)))
        touched = set(given)
        for entity_id, locals_ in given.items():
            self._contribute(entity_id, locals_, -1)
        self.conn.execute("DELETE FROM ent_links WHERE story_id = ?", (story_id,))
        for entity_id in sorted(touched):
            self._recompute(entity_id)
        return {local_id: entity_id for local_id, entity_id, _ in rows}

    def _delete(self, entity_id: str) -> None:
        for table, column in (("ent_keys", "entity_id"), ("ent_aliases", "entity_id"), ("ent_entities", "id")):
            self.conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (entity_id,))

    def _next(self, name: str) -> int:
        """The counter's next value; during a link drawn in memory (`link` writes the counters when it ends)."""
        value = self._counters.get(name) if self._counters is not None else None
        if value is None:
            row = self.conn.execute("SELECT value FROM ent_meta WHERE key = ?", (name,)).fetchone()
            value = row[0] if row else 0
        value += 1
        if self._counters is not None:
            self._counters[name] = value
        else:
            self.conn.execute("INSERT OR REPLACE INTO ent_meta VALUES (?, ?)", (name, value))
        return value


CONTRADICTED = 3  # names on both sides, none shared: the story contradicts a person its lone surname names


class _Support:
    """The entities that support a candidate of one local entity: those the story linked so far, and the full
    names the story's other lone names fit (`fitted`: how many lone names fit each; `own`: the one this local
    entity's name fits), asked one by one instead of building their union for every entity of the story."""

    __slots__ = ("linked", "fitted", "own")

    def __init__(self, linked: set[str], fitted: Counter, own: str | None) -> None:
        self.linked, self.fitted, self.own = linked, fitted, own

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.linked or self.fitted.get(entity_id, 0) > (entity_id == self.own)

    def __len__(self) -> int:
        return len(self.linked)


class AmbiguousEntityError(NotFoundError):
    """A name several entities bear: the message lists them, so the user can give an id."""

    def __init__(self, reference: str, candidates: list[str]) -> None:
        super().__init__("single entity", reference)
        self.args = (f"'{reference}' names {len(candidates)} entities: {'; '.join(candidates)} (give an id)",)
        self.candidates = candidates
