"""Read-only look-up of the store-wide entity index (tables `ent_*`): which canonical entity the index
already holds under a name, so that grouping can treat two spellings the index has linked as one.

The index learns spellings when a story is analysed (`EntityIndex.link`); an article being grouped is
not analysed yet, so only what earlier stories taught is found. One keyed read per batch of names
(`ent_aliases` by its `key` index, the folded spelling `EntityIndex.find` reads), never a scan; nothing
is written and no entity is created.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from newsfuse.entities.normalize import LABEL_TYPES, fold

KEYS_PER_STATEMENT = 500  # folded names per read (SQLite's parameter limit is far above)
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@dataclass(frozen=True, slots=True)
class HeldEntity:
    """A canonical entity of the store as grouping needs it: its id, name and type."""

    entity_id: str
    name: str
    type: str


def name_keys(text: str) -> list[str]:
    """The folded spellings a mention may be filed under: as written, then without a leading article
    or a possessive ("the Kosovo Force's" -> "kosovo force"), as the index files a story's spellings."""
    keys = [fold(text)]
    bare = _POSSESSIVE.sub("", _DETERMINER.sub("", text.strip()))
    if bare and fold(bare) not in keys:
        keys.append(fold(bare))
    return [k for k in keys if k]


def held_entities(conn: sqlite3.Connection, names: Iterable[tuple[str, str]]) -> dict[tuple[str, str], HeldEntity]:
    """(mention text, spaCy label) -> the canonical entity the index holds under that spelling.

    Among the entities filed under a spelling, one of the label's type comes first, then the one
    written so most often, then the smaller id (the order `EntityIndex.find` reads them in); a
    spelling of another type only when no entity of the label's type bears it. Names the index does
    not hold are left out. A store without the entity tables gives nothing."""
    wanted = list(dict.fromkeys(names))
    keys_of = {name: name_keys(name[0]) for name in wanted}
    keys = sorted({k for found in keys_of.values() for k in found})
    if not keys:
        return {}
    filed: dict[str, list[tuple[str, int, str, str]]] = {}  # key -> (entity id, times written, name, type)
    try:
        for i in range(0, len(keys), KEYS_PER_STATEMENT):
            page = keys[i:i + KEYS_PER_STATEMENT]
            for key, entity_id, n, name, kind in conn.execute(
                    "SELECT a.key, a.entity_id, SUM(a.n), e.name, e.type FROM ent_aliases a "
                    "JOIN ent_entities e ON e.id = a.entity_id "
                    f"WHERE a.key IN ({', '.join('?' * len(page))}) GROUP BY a.key, a.entity_id", page):
                filed.setdefault(key, []).append((entity_id, n, name, kind))
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return {}
        raise
    out: dict[tuple[str, str], HeldEntity] = {}
    for name, found in keys_of.items():
        kind = LABEL_TYPES.get(name[1])
        for key in found:
            rows = filed.get(key)
            if rows:
                entity_id, _, canonical, held = min(rows, key=lambda r: (r[3] != kind, -r[1], r[0]))
                out[name] = HeldEntity(entity_id, canonical, held)
                break
    return out
