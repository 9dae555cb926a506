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

import hashlib
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from newsfuse.errors import NotFoundError
from newsfuse.models import Entity
from newsfuse.entities.gazetteer import Gazetteer, Place
from newsfuse.entities.known import known_org
from newsfuse.entities.normalize import TYPES, acronym, fold
from newsfuse.entities.similarity import NAME_SUFFIXES, NameInfo, match, person_conflict

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
CONTEXT_KEPT = 60  # co-occurring entities remembered per canonical entity


def _kept(context: Counter) -> dict[str, int]:
    """The CONTEXT_KEPT most frequent co-occurring entities, ties by id: the same on every run (a story's
    co-occurring ids arrive as a set, whose order follows the hash seed)."""
    return dict(sorted(context.items(), key=lambda item: (-item[1], item[0]))[:CONTEXT_KEPT])
FORMS_READ = 40  # spellings of a candidate read to score it
WEAK = frozenset({"fuzzy", "prefix", "surname", "given"})  # need co-occurring support across stories
UNIQUE = frozenset({"acronym", "surname", "given"})  # need a single fitting candidate
SURE = frozenset({"exact", "listed"})  # an exact key's match that ends the lookup
_VOWELS = re.compile(r"(?<=\w)[aeiouyhj]")


def skeleton(key: str) -> str:
    """A spelling skeleton: vowels, h, j and y after a word's first letter gone, doubled letters once
    ("anthony blinken" and "antony blinken" -> "antn blnkn"; "banjska" and "banska" -> "bnsk")."""
    words = []
    for word in key.split():
        bare = _VOWELS.sub("", word)
        words.append(re.sub(r"(.)\1+", r"\1", bare))
    return " ".join(words)


@dataclass(slots=True)
class LocalEntity:
    """What one story knows of one entity: the part of it the store-wide index needs."""

    local_id: str
    name: str
    type: str
    forms: dict[str, int] = field(default_factory=dict)  # spelling as written -> mentions
    roles: dict[str, int] = field(default_factory=dict)
    mentions: int = 0
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    written: dict[str, int] = field(default_factory=dict)  # spelling -> articles of the story writing it
    # spelling -> outlet -> articles of the story: the store counts outlets, not articles, per spelling
    outlets: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, entity: Entity, outlets: Mapping[str, str] | None = None) -> "LocalEntity":
        """`outlets` maps an article id to its outlet (publisher, else source); without it each article
        counts as an outlet of its own."""
        named = [m for m in entity.mentions if m.label != "ROLE"]
        forms = Counter()
        articles: dict[str, set[str]] = {}
        spellings = [entity.name, *entity.aliases]
        for mention in named:
            key = fold(mention.text)
            form = next((s for s in spellings if fold(s) == key or key.endswith(" " + fold(s))), entity.name)
            forms[form] += 1
            articles.setdefault(form, set()).add(mention.article_id)
        for spelling in spellings:
            forms.setdefault(spelling, 0)
        by_outlet = {form: dict(Counter((outlets or {}).get(i) or i for i in ids)) for form, ids in articles.items()}
        return cls(entity.id, entity.name, entity.type, dict(forms), dict(Counter(entity.roles)),
                   max(1, len(named)), entity.lat, entity.lon, entity.country,
                   {form: len(ids) for form, ids in articles.items()}, by_outlet)

    def to_dict(self) -> dict:
        return {"local_id": self.local_id, "name": self.name, "type": self.type, "forms": self.forms,
                "roles": self.roles, "mentions": self.mentions, "lat": self.lat, "lon": self.lon,
                "country": self.country, "written": self.written, "outlets": self.outlets}

    @classmethod
    def from_dict(cls, data: Mapping) -> "LocalEntity":
        local = cls(**{k: data.get(k) for k in ("local_id", "name", "type", "forms", "roles", "mentions", "lat",
                                                   "lon", "country")})
        local.written = dict(data.get("written") or {})  # contributions stored before it have none
        local.outlets = {form: dict(by) for form, by in (data.get("outlets") or {}).items()}
        return local

    @property
    def keys(self) -> list[str]:
        return [k for k in dict.fromkeys(fold(f) for f in self.forms) if k]


@dataclass(slots=True)
class Canonical:
    """A store-wide entity as the index holds it."""

    id: str
    name: str
    type: str
    mentions: int
    lat: float | None
    lon: float | None
    country: str | None
    profile_text: str  # the stored JSON, read only when scoring gets past the names (most candidates do not)
    forms: dict[str, int] = field(default_factory=dict)
    _profile: dict | None = None

    @property
    def profile(self) -> dict:
        if self._profile is None:
            self._profile = json.loads(self.profile_text)
        return self._profile


def blocking_keys(local: LocalEntity) -> set[str]:
    """The keys a local entity is looked up and filed under."""
    out: set[str] = set()
    for key in local.keys:
        words = key.split()
        out.add("k:" + key)
        if len(key) >= 4:
            out.add("s:" + skeleton(key))
        lone = len(words) == 1 and local.type != "group" and local.lat is None
        if (local.type in ("person", "org", "other") or lone) and words and len(words[-1]) >= 3:
            out.add("p:" + words[-1])  # a surname finds the full names that end in it
        if local.type == "person":
            pass  # news does not write people as initials; their acronyms only collide
        elif len(words) >= 2 and acronym(key):
            out.add("a:" + acronym(key))
        elif len(words) == 1 and 2 <= len(key) <= 6:
            out.add("a:" + key)
        listed = known_org(key)
        if listed is not None:
            out.add("c:" + fold(listed[0]))
    if local.lat is not None and local.lon is not None:
        out.add(f"g:{local.lat:.3f},{local.lon:.3f}")
    return out


class EntityIndex:
    """Canonical entities of the store, updated one story at a time, over an injected connection."""

    def __init__(self, conn: sqlite3.Connection, gazetteer: Gazetteer | None = None) -> None:
        self.conn = conn
        self.gazetteer = gazetteer  # names places store-wide; the packaged one when not given
        self.examined = 0  # candidate rows read since creation: what a link costs (tests read it)
        self.moved: dict[str, str] = {}  # merged-away id -> the id it went into, since the link began

    # --- reading -------------------------------------------------------------------------------

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

    # --- linking -------------------------------------------------------------------------------

    def link(self, story_id: str, locals_: list[LocalEntity]) -> dict[str, str]:
        """Link one story's entities (replacing what the story gave before); local id -> canonical id."""
        previous = self._withdraw(story_id)
        seq = self._next("link")
        order = sorted(locals_, key=lambda e: (len(e.name.split()) < 2, -e.mentions, e.local_id))
        linked: dict[str, str] = {}
        context: set[str] = set()
        self.moved = {}
        for local in order:
            target = self._best(local, context, previous.get(local.local_id))
            if target is None:
                target = self._create(local, story_id)
                if local.type == "person" and len(local.name.split()) >= 2:
                    self._absorb_surnames(target, local, context)
            if self.moved:
                # an entity this story already linked to was merged into another (a lone surname a full name
                # took in): its links and context go to where it went
                linked = {k: self._where(v) for k, v in linked.items()}
                context = {self._where(c) for c in context}
                target = self._where(target)
            self._contribute(target, [local], +1)
            self._file_keys(target, local, seq)
            linked[local.local_id] = target
            context.add(target)
        for local in order:
            self.conn.execute("INSERT OR REPLACE INTO ent_links VALUES (?, ?, ?, ?, ?)",
                              (story_id, local.local_id, linked[local.local_id], seq, json.dumps(local.to_dict())))
        for target in sorted(set(linked.values())):
            self._settle(target, set(linked.values()) - {target})
        return linked

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

    def _best(self, local: LocalEntity, context: set[str], previous: str | None) -> str | None:
        # Most names recur as written: the exact keys first, and only when they find no entity named in
        # full the looser keys (skeleton, surname, acronym), whose posting lists are the long ones.
        keys = blocking_keys(local)
        exact = {k for k in keys if k[:2] in ("k:", "c:")}
        found = self._scored(local, context, previous, self._candidates(local, exact))
        if any(s[5] in SURE and not s[6] for s in found):
            return self._choose(found)
        return self._choose(self._scored(local, context, previous, self._candidates(local, keys - exact)) + found)

    def _scored(self, local: LocalEntity, context: set[str], previous: str | None, ids: list[str]) -> list[tuple]:
        scored = []
        keys = local.keys  # once per entity, not once per candidate: the names, their words, a user's splits
        full = [t for t in map(_tokens, keys[:6]) if len(t) >= 2] if local.type == "person" else []
        splits = self._splits(set(keys)) if ids else []
        for candidate in self.entities(ids):
            entity_id = candidate.id
            if candidate.mentions <= 0:
                continue
            result = score(local, candidate, keys, full)
            if result is None or self._kept_apart(local, candidate, splits):
                continue
            value, kind = result
            # the full name written in this same story supports its surname most
            shared = len(context & set(candidate.profile.get("context", {}))) + 2 * (entity_id in context)
            scored.append((value, shared, entity_id == previous, candidate.mentions, entity_id, kind,
                           _lone(candidate)))
        return scored

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

    def _absorb_surnames(self, target: str, local: LocalEntity, context: set[str]) -> list[str]:
        """A new full name takes in the one lone surname filed earlier with shared context ("Kurti" seen
        before "Albin Kurti"); several such entities, or one without support, stay apart. The ids taken in."""
        absorbed: list[str] = []
        surnames = {fold(f).split()[-1] for f in local.forms if len(fold(f).split()) >= 2}
        for surname in sorted(surnames):
            rows = self.conn.execute("SELECT entity_id FROM ent_keys WHERE key = ? ORDER BY seq DESC, entity_id DESC "
                                     "LIMIT ?",
                                     ("k:" + surname, POSTINGS_PER_KEY)).fetchall()
            self.examined += len(rows)
            lone = [e for e in self.entities([r[0] for r in rows if r[0] != target])
                    if e.type != "group" and e.lat is None
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

    def _create(self, local: LocalEntity, story_id: str) -> str:
        entity_id = local.local_id or "e-" + hashlib.sha1(f"{local.type}:{fold(local.name)}".encode()).hexdigest()[:12]
        exists = self.conn.execute("SELECT 1 FROM ent_entities WHERE id = ?", (entity_id,)).fetchone()
        if exists:
            entity_id = "e-" + hashlib.sha1(f"{entity_id}@{story_id}".encode()).hexdigest()[:12]
        self.conn.execute("INSERT OR REPLACE INTO ent_entities VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)",
                          (entity_id, local.name, local.type, self._next("entity"), local.lat, local.lon,
                           local.country, json.dumps({"types": {}, "roles": {}, "context": {}})))
        return entity_id

    def _contribute(self, entity_id: str, locals_: list[LocalEntity], sign: int) -> None:
        """Add (sign +1) or take back (-1) what local entities give a canonical one: one read and one write of
        its row for all of them (taking back, the spellings left with no count go once at the end)."""
        row = self.conn.execute("SELECT mentions, profile, lat FROM ent_entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None or not locals_:
            return
        profile = json.loads(row[1])
        mentions, lat = row[0], row[2]
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
            profile["outlets"] = _add_outlets(profile.get("outlets", {}), local.outlets, sign)
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

    def _file_keys(self, entity_id: str, local: LocalEntity, seq: int) -> None:
        self.conn.executemany("INSERT OR REPLACE INTO ent_keys VALUES (?, ?, ?)",
                              [(key, entity_id, seq) for key in sorted(blocking_keys(local))])

    def _settle(self, entity_id: str, others: set[str]) -> None:
        """Remember the entities it co-occurred with in the story, then its name and type as `_recompute`, from
        one read of its row."""
        entity = self.entity(entity_id)
        if entity is None:
            return
        profile = entity.profile
        context = Counter(profile.get("context", {}))
        context.update(others)
        profile["context"] = _kept(context)
        if entity.mentions <= 0:
            self._delete(entity_id)
            return
        name, kind = self._named(entity)
        self.conn.execute("UPDATE ent_entities SET name = ?, type = ?, profile = ? WHERE id = ?",
                          (name, kind, json.dumps(profile), entity_id))

    def _named(self, entity: Canonical) -> tuple[str, str]:
        """The name and type an entity's spellings and type votes give it now."""
        from newsfuse.entities.resolve import _canonical

        types = Counter(entity.profile.get("types", {}))
        kind = max(types, key=lambda t: (types[t], t == entity.type, t)) if types else entity.type
        forms = Counter({f: n for f, n in entity.forms.items() if n > 0}) or Counter({entity.name: 1})
        # the store-wide count of outlets writing each spelling decides between misspellings; a place takes
        # the gazetteer's spelling
        places = (self.gazetteer or _places()) if kind == "place" else None
        return entity.profile.get("pinned_name") or _canonical(forms, kind, attested(entity.profile), places), kind

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
        row = self.conn.execute("SELECT value FROM ent_meta WHERE key = ?", (name,)).fetchone()
        value = (row[0] if row else 0) + 1
        self.conn.execute("INSERT OR REPLACE INTO ent_meta VALUES (?, ?)", (name, value))
        return value

    # --- corrections ----------------------------------------------------------------------------

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
        outlets = _add_outlets(a.profile.get("outlets", {}), b.profile.get("outlets", {}), +1)
        profile = {**a.profile, "types": dict(types), "roles": dict(roles), "written": dict(written), "outlets": outlets,
                   "context": _kept(context), "merged": merged}
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


class AmbiguousEntityError(NotFoundError):
    """A name several entities bear: the message lists them, so the user can give an id."""

    def __init__(self, reference: str, candidates: list[str]) -> None:
        super().__init__("single entity", reference)
        self.args = (f"'{reference}' names {len(candidates)} entities: {'; '.join(candidates)} (give an id)",)
        self.candidates = candidates


def score(local: LocalEntity, candidate: Canonical, keys: list[str] | None = None,
          full: list[tuple[str, ...]] | None = None) -> tuple[float, str] | None:
    """(score, rule) when a story's entity can be the canonical one, else None; `keys` and `full` (the
    local entity's folded names and the words of its full names) when the caller has them already."""
    keys = local.keys if keys is None else keys
    if '"merged"' in candidate.profile_text and set(keys) & set(candidate.profile.get("merged", ())):
        return 1.0, "exact"  # a name the user merged into this entity
    if local.type == "group" and candidate.type != "group" or candidate.type == "group" and local.type != "group":
        return None
    if local.type == "person" and candidate.type == "person":  # before the votes: no profile read for these
        full_mine = [t for t in map(_tokens, keys[:6]) if len(t) >= 2] if full is None else full
        full_theirs = [t for t in map(_tokens, list(dict.fromkeys(map(fold, candidate.forms)))[:12]) if len(t) >= 2]
        if any(person_conflict(a, b) for a in full_mine for b in full_theirs):
            return None
    if (local.lat is not None and candidate.lat is not None
            and (round(local.lat, 3), round(local.lon, 3)) != (round(candidate.lat, 3), round(candidate.lon, 3))):
        return None  # two different places of the gazetteer
    # One gazetteer position alone does not make one place: a country is placed at its capital.
    spot = _place(local.lat, local.lon, local.country)
    same_spot = spot is not None and spot == _place(candidate.lat, candidate.lon, candidate.country)
    local_votes = Counter({local.type: local.mentions})
    candidate_votes = Counter(candidate.profile.get("types") or {candidate.type: 1})
    mine = [NameInfo(k, local_votes) for k in keys[:6]]
    theirs = [NameInfo(k, candidate_votes) for k in dict.fromkeys(map(fold, candidate.forms))][:12]
    best = None
    for a in mine:
        for b in theirs:
            if same_spot and skeleton(a.key) == skeleton(b.key):
                return 0.95, "place"  # "Banska" / "Banjska": one gazetteer entry, one spelling skeleton
            result = match(a, b)
            if result is None and local.type != candidate.type and len(a.tokens) == 1 and local.mentions <= 3 \
                    and candidate.type == "person" and len(b.tokens) >= 2 and a.key == b.tokens[-1] \
                    and local.lat is None:
                result = (0.8, "surname")  # spaCy's label on a lone surname ("Vučić" as GPE) often errs
            if result is not None and (best is None or result[0] > best[0]):
                best = result
    if best is not None and best[1] == "exact" and local.type != candidate.type and "other" not in (
            local.type, candidate.type) and candidate_votes[local.type] * 4 < sum(candidate_votes.values()) \
            and local.mentions > 2:
        return None  # the same name for a different kind of thing, each seen often
    return best


def _add_outlets(held: Mapping, given: Mapping, sign: int) -> dict[str, dict[str, int]]:
    """Per spelling, articles per outlet: `given` added to (sign +1) or taken from (-1) `held`."""
    out = {form: Counter(by) for form, by in held.items()}
    for form, by in given.items():
        counts = out.setdefault(form, Counter())
        for outlet, n in by.items():
            counts[outlet] += sign * n
    return {form: {o: n for o, n in c.items() if n > 0} for form, c in out.items() if any(n > 0 for n in c.values())}


def attested(profile: Mapping) -> dict[str, int | set[str]]:
    """The outlets writing each spelling store-wide; a count of articles for what was linked before outlets
    were kept (contributions stored without them)."""
    given: dict[str, int | set[str]] = dict(profile.get("written") or {})
    given.update({form: set(by) for form, by in (profile.get("outlets") or {}).items()})
    return given


def _tokens(key: str) -> tuple[str, ...]:
    """A folded name's words without "Jr" and the like, as `NameInfo.tokens` has them."""
    return tuple(t for t in key.split() if t not in NAME_SUFFIXES) or tuple(key.split())


def _lone(entity: Canonical) -> bool:
    """An entity known only by one word and no gazetteer place: maybe a surname of someone named in full."""
    return entity.type != "group" and entity.lat is None and all(len(fold(f).split()) == 1 for f in entity.forms)


@lru_cache(maxsize=1)
def _places() -> Gazetteer:
    """The packaged gazetteer, loaded once: it spells the places the index names."""
    return Gazetteer.load()


def _place(lat: float | None, lon: float | None, country: str | None) -> Place | None:
    return None if lat is None or lon is None else Place("", round(lat, 3), round(lon, 3), country or "", "")


# --- what the store run calls ---------------------------------------------------------------------

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
