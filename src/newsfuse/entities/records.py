"""What the store-wide entity index holds and compares: a story's entity as the index needs it
(`LocalEntity`), a canonical entity as it is stored (`Canonical`) and the blocking keys both are filed under."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from newsfuse.models import Entity
from newsfuse.entities.known import known_org
from newsfuse.entities.normalize import acronym, fold
from newsfuse.entities.similarity import CORPORATE_SUFFIXES, DEMONYM_ENDINGS, FACILITY_HEADS, FACILITY_WORDS, ORG_HEADS


CONTEXT_KEPT = 60  # co-occurring entities remembered per canonical entity


def kept_context(context: Counter) -> dict[str, int]:
    """The CONTEXT_KEPT most frequent co-occurring entities, ties by id: the same on every run (a story's
    co-occurring ids arrive as a set, whose order follows the hash seed)."""
    return {entity_id: -n for n, entity_id in sorted((-n, entity_id) for entity_id, n in context.items())[:CONTEXT_KEPT]}


_VOWELS = re.compile(r"(?<=\w)[aeiouyhj]")


@lru_cache(maxsize=65_536)  # a name's keys are worked out each time a story names it, and scored again
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
        # outlets in their order, not the set's (which follows the hash seed): the stored JSON is the same on every run
        by_outlet = {form: dict(sorted(Counter((outlets or {}).get(i) or i for i in ids).items()))
                     for form, ids in articles.items()}
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


def _people_word(key: str) -> bool:
    """A nationality or people's word ("serbs", "albanian", "turkish"), not a surname spaCy called NORP."""
    return key.endswith(DEMONYM_ENDINGS) or key.endswith("s")


def _facility_stem(words: list[str]) -> str:
    """The name of a clinic before its facility words ("betty ford" of "betty ford treatment center")."""
    n = len(words)
    while n > 0 and words[n - 1] in FACILITY_WORDS:
        n -= 1
    return " ".join(words[:n]) if n >= 2 and n < len(words) and any(w in FACILITY_HEADS or w == "rehab"
                                                                    for w in words[n:]) else ""


_SITE_SUFFIXES = frozenset({"com", "online"})  # a publication's website ("People.com") is told apart from it


def _bare_company(words: list[str]) -> str:
    """The name before its company suffixes ("microsoft" of "microsoft corp"; "staunton police" of "staunton
    police department"), which `similarity`'s suffix rule links to the bare name; "" when there are none."""
    n = len(words)
    while n > 1 and words[n - 1] in CORPORATE_SUFFIXES and words[n - 1] not in _SITE_SUFFIXES:
        n -= 1
    if n == len(words) and n >= 3 and words[-1] == "department" and words[-2] in ORG_HEADS:
        n -= 1
    return " ".join(words[:n]) if n < len(words) else ""


def blocking_keys(local: LocalEntity) -> set[str]:
    """The keys a local entity is looked up and filed under."""
    out: set[str] = set()
    for key in local.keys:
        words = key.split()
        out.add("k:" + key)
        if len(key) >= 4:
            out.add("s:" + skeleton(key))
        # a lone surname spaCy calls NORP ("Klitschko") is filed as one too; a people's name ("Serbs") is not
        lone = len(words) == 1 and local.lat is None and (local.type != "group" or not _people_word(key))
        if (local.type in ("person", "org", "other") or lone) and words and len(words[-1]) >= 3:
            out.add("p:" + words[-1])  # a surname finds the full names that end in it
        if local.type == "person":
            pass  # news does not write people as initials; their acronyms only collide
        elif len(words) >= 2 and acronym(key):
            out.add("a:" + acronym(key))
        elif len(words) == 1 and 2 <= len(key) <= 6:
            out.add("a:" + key)
        bare = _bare_company(words) if local.type != "person" else ""
        if bare:
            out.add("k:" + bare)  # "Microsoft Corp." is found by "Microsoft" and finds it
        stem = _facility_stem(words)
        if stem:
            out.add("f:" + stem)  # "Betty Ford Center" / "Clinic" / "Rehab", whatever type one article gave it
        listed = known_org(key)
        if listed is not None:
            out.add("c:" + fold(listed[0]))
    if local.lat is not None and local.lon is not None:
        out.add(f"g:{local.lat:.3f},{local.lon:.3f}")
    return out
