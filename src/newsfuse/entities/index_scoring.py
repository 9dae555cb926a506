"""Whether a story's entity can be a canonical one of the store, and how sure that is (`score`), with what
the index reads of a canonical entity to decide: its spellings, type votes, place and outlets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

from newsfuse.entities.gazetteer import Gazetteer, Place
from newsfuse.entities.normalize import fold
from newsfuse.entities.records import Canonical, LocalEntity, skeleton
from newsfuse.entities.similarity import (DEMONYM_ENDINGS, FACILITY_WORDS, NAME_SUFFIXES, SCORES, NameInfo,
                                         acronym_conflict, facility_variants, match, person_conflict)


WEAK = frozenset({"fuzzy", "prefix", "surname", "given"})  # need co-occurring support across stories
UNIQUE = frozenset({"acronym", "surname", "given"})  # need a single fitting candidate
SURE = frozenset({"exact", "listed"})  # an exact key's match that ends the lookup


def score(local: LocalEntity, candidate: Canonical, keys: list[str] | None = None,
          full: list[tuple[str, ...]] | None = None, mine: list[NameInfo] | None = None) -> tuple[float, str] | None:
    """(score, rule) when a story's entity can be the canonical one, else None; `keys`, `full` and `mine` (the
    local entity's folded names, the words of its full names, `names_of(local, keys)`) when the caller has them."""
    keys = local.keys if keys is None else keys
    if '"merged"' in candidate.profile_text and set(keys) & set(candidate.profile.get("merged", ())):
        return 1.0, "exact"  # a name the user merged into this entity
    if local.type == "group" and candidate.type != "group" or candidate.type == "group" and local.type != "group":
        return _surname_as_group(local, candidate, keys)
    if local.type != "person" and candidate.type != "person" and _long_names_differ(keys, candidate.forms):
        return None  # "American Pie" / "The Associated Press", each with an "AP" of its own
    if local.type == "person" and candidate.type == "person":  # before the votes: no profile read for these
        full_mine = [t for t in map(name_tokens, keys[:6]) if len(t) >= 2] if full is None else full
        full_theirs = [t for t in map(name_tokens, list(dict.fromkeys(map(fold, candidate.forms)))[:12]) if len(t) >= 2]
        if any(person_conflict(a, b) for a in full_mine for b in full_theirs):
            return None
    if (local.lat is not None and candidate.lat is not None
            and (round(local.lat, 3), round(local.lon, 3)) != (round(candidate.lat, 3), round(candidate.lon, 3))):
        return None  # two different places of the gazetteer
    # One gazetteer position alone does not make one place: a country is placed at its capital.
    spot = position_of(local.lat, local.lon, local.country)
    same_spot = spot is not None and spot == position_of(candidate.lat, candidate.lon, candidate.country)
    candidate_votes = Counter(candidate.profile.get("types") or {candidate.type: 1})
    mine = names_of(local, keys) if mine is None else mine
    theirs = [NameInfo(k, candidate_votes) for k in dict.fromkeys(map(fold, candidate.forms))][:12]
    best = None
    for a in mine:
        for b in theirs:
            if same_spot and skeleton(a.key) == skeleton(b.key):
                return 0.95, "place"  # "Banska" / "Banjska": one gazetteer entry, one spelling skeleton
            result = match(a, b)
            if result is None and _place_before(a, b):
                result = match(a, b)  # "Los Angeles Angels" / "Angels", as the resolver has it in a story
            if result is None and a.tokens[-1] in FACILITY_WORDS and b.tokens[-1] in FACILITY_WORDS \
                    and facility_variants(a.tokens, b.tokens):
                # one clinic whatever type one article's spaCy gave it ("Betty Ford Center" as PERSON)
                result = (SCORES["facility"], "facility")
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


def _surname_as_group(local: LocalEntity, candidate: Canonical, keys: list[str]) -> tuple[float, str] | None:
    """spaCy calls a lone surname NORP ("Klitschko"): a one-word "group" that is no nationality word and is
    the surname of a person the store names in full may be that person (a weak link: it needs support)."""
    if local.type != "group" or candidate.type != "person" or local.mentions > 3 or len(keys) != 1:
        return None
    key = keys[0]
    if " " in key or key.endswith(DEMONYM_ENDINGS) or key.endswith("s"):
        return None  # "Serbs", "Albanian", "Turkish": a people, not a surname
    full = [t for t in map(name_tokens, dict.fromkeys(map(fold, candidate.forms))) if len(t) >= 2]
    return (SCORES["surname"], "surname") if any(t[-1] == key for t in full) else None


def _place_before(a: NameInfo, b: NameInfo) -> bool:
    """Whether the longer name is a gazetteer place before the shorter one ("los angeles" + "angels"); then
    its `place_prefix` is set, as `nodes` sets it for the names of a scope (only here: a lookup per pair)."""
    short, long = (a, b) if len(a.tokens) < len(b.tokens) else (b, a)
    n = len(short.tokens)
    if not 0 < n < len(long.tokens) or long.tokens[-n:] != short.tokens or long.place_prefix:
        return False
    prefix = len(long.tokens) - n
    if prefix > 2 or packaged_places().lookup(" ".join(long.tokens[:prefix])) is None:
        return False
    long.place_prefix = prefix
    return True


def _long_names_differ(keys: list[str], forms: Mapping[str, int]) -> bool:
    """Two different long names sharing only their initials, one on each side (as the resolver keeps apart)."""
    mine = [k for k in keys[:6] if " " in k]
    if not mine:
        return False
    theirs = [k for k in dict.fromkeys(map(fold, forms)) if " " in k][:12]
    return any(acronym_conflict(a, b) for a in mine for b in theirs) and not set(mine) & set(theirs)


def names_of(local: LocalEntity, keys: list[str]) -> list[NameInfo]:
    """The local entity's first names with its type as their evidence, as `score` compares them."""
    votes = Counter({local.type: local.mentions})
    return [NameInfo(k, votes) for k in keys[:6]]


def add_outlets(held: Mapping, given: Mapping, sign: int) -> dict[str, dict[str, int]]:
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


def name_tokens(key: str) -> tuple[str, ...]:
    """A folded name's words without "Jr" and the like, as `NameInfo.tokens` has them."""
    return tuple(t for t in key.split() if t not in NAME_SUFFIXES) or tuple(key.split())


def one_word_only(entity: Canonical) -> bool:
    """An entity known only by one word and no gazetteer place: maybe a surname of someone named in full."""
    return entity.type != "group" and entity.lat is None and all(len(fold(f).split()) == 1 for f in entity.forms)


@lru_cache(maxsize=1)
def packaged_places() -> Gazetteer:
    """The packaged gazetteer, loaded once: it spells the places the index names."""
    return Gazetteer.load()


def position_of(lat: float | None, lon: float | None, country: str | None) -> Place | None:
    return None if lat is None or lon is None else Place("", round(lat, 3), round(lon, 3), country or "", "")
