"""Story and thread results as records: the one place the store's analysis documents are decoded.

A story's documents ("entities", "timeline", "facts") and a thread's ("facts") are JSON in the
`analysis` table, in the shapes of the JSON report (docs/report-schema.md). `story_result` and
`thread_result` read them back with `codec.decode` into the records below, so every reader (CLI,
report, exports, the Python API) gets attributes, not dicts; `codec.encode(result.facts)` and
`timeline_to_dicts(result.timeline)` give the report shapes back unchanged.

Decoding is tolerant of older documents: every field added to a document since the first release
has a default here, so a document written before it decodes with that default (a claim stored
before `outlets` existed has no outlets); keys this release does not know are left out.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsfuse.codec import decode
from newsfuse.errors import StoreError
from newsfuse.models import Entity

if TYPE_CHECKING:
    from newsfuse.facts.records import FirstReport, Source
    from newsfuse.store import Store
    from newsfuse.timex.timeline import TimelineEntry

__all__ = [
    "CasualtyResult", "ClaimResult", "EventResult", "FactsResult", "MeasureResult", "Owner", "QuoteResult",
    "StoryResult", "ThreadResult", "canonical_names_of", "current_names", "current_names_from", "decode_document", "entities_result", "facts_result", "story_result", "thread_result",
    "timeline_result",
]

def _record_types() -> None:
    """Bring in the facts and timeline records the documents decode into (the annotations below name
    them). Imported on first use: the facts and timex packages load their extractors (spaCy, the
    calendar's patterns), most of what `newsfuse stories` or `search` cost, and neither reads them."""
    global FirstReport, Source, TimelineEntry
    from newsfuse.facts.records import FirstReport, Source
    from newsfuse.timex.timeline import TimelineEntry


# Field order is the order of the keys in the stored documents (and so in `--json` output).


class _Keyed:
    """Also read as the report's dicts are (`claim["value"]`, `claim.get("as_of")`): scripts written
    when the Python API returned dicts keep working. New code reads attributes."""

    __slots__ = ()

    def __getitem__(self, key: str) -> object:
        if key not in self.__dataclass_fields__:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: object = None) -> object:
        return getattr(self, key) if key in self.__dataclass_fields__ else default


@dataclass(slots=True, frozen=True)
class Owner:
    """Whose figure it is: a stable id from the canonical name ("owner:nato") and the name."""

    id: str
    name: str


@dataclass(slots=True)
class ClaimResult(_Keyed):
    """A figure as the story reports it. `value` is the number, or [low, high] for a range;
    `measure` the words of the sentence it counts; `as_of` an ISO date, maybe partial."""

    id: str = ""
    measure: str = ""
    value: int | float | list | None = None
    low: int | float | None = None
    high: int | float | None = None
    unit: str | None = "count"
    qualifier: str | None = "exact"
    change: str | None = None  # "up" / "down" when the figure is the size of a rise or a fall
    owner: Owner | None = None
    concept: str = ""
    as_of: str | None = None
    sources: list[Source] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)  # publishers carrying the figure
    independent_sources: list[str] = field(default_factory=list)  # origins once copies collapse
    first_report: FirstReport | None = None  # the earliest article giving the figure


@dataclass(slots=True)
class MeasureResult(_Keyed):
    """One thing counted, its claims (`claim_ids`) and their status: agreed, conflicting, changed
    or single, with the reason."""

    id: str = ""
    label: str = ""
    status: str = "single"
    reason: str = ""
    claim_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    independent_sources: list[str] = field(default_factory=list)
    rests_on: str = ""  # "agreed by 2 independent sources, 4 outlets"
    first_report: FirstReport | None = None


@dataclass(slots=True)
class CasualtyResult(_Keyed):
    kind: str = ""  # killed, injured, arrested
    value: int | float | None = None
    qualifier: str | None = None
    who: str = ""
    article_id: str = ""
    as_of: str | None = None  # the figure's date (a restated total's own)
    status: str | None = None  # current or superseded, when the event's figure was restated as a new total


@dataclass(slots=True)
class EventResult(_Keyed):
    """One event merged over the outlets that report it (the ACLED-like fields)."""

    id: str = ""
    type: str = ""
    date: str | None = None
    place: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int | None = None
    injuries: int | None = None
    casualties: list[CasualtyResult] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    independent_sources: list[str] = field(default_factory=list)


@dataclass(slots=True)
class QuoteResult(_Keyed):
    id: str = ""
    text: str = ""
    speaker: str | None = None
    sources: list[Source] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    independent_sources: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FactsResult:
    """The cross-checked figures, events and quotes of a story (or of a whole thread)."""

    claims: list[ClaimResult] = field(default_factory=list)
    measures: list[MeasureResult] = field(default_factory=list)
    events: list[EventResult] = field(default_factory=list)
    quotes: list[QuoteResult] = field(default_factory=list)

    def claims_of(self, measure: MeasureResult) -> list[ClaimResult]:
        """The measure's claims, in the measure's order (ids without a claim are skipped)."""
        by_id = {c.id: c for c in self.claims}
        return [by_id[i] for i in measure.claim_ids if i in by_id]


@dataclass(slots=True)
class StoryResult:
    """What the last analysis of a story stored. `version` is the analysis version that wrote its
    documents (the oldest of them; 0 before documents carried one), None when none is stored."""

    id: str
    entities: list[Entity] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    facts: FactsResult = field(default_factory=FactsResult)
    version: int | None = None


@dataclass(slots=True)
class ThreadResult:
    """The figures cross-checked over a whole thread (a series over weeks is `changed`)."""

    id: str
    facts: FactsResult = field(default_factory=FactsResult)
    version: int | None = None


def story_result(store: Store, story_id: str) -> StoryResult:
    """The stored results of the story `story_id` (an exact id); empty ones when it was never analysed."""
    _record_types()
    documents, version = _documents(store, "story", story_id)

    def read(hint: object, kind: str):
        return _decoded(store, hint, documents, kind, "story", story_id)

    return StoryResult(story_id, entities=current_names(store, read(list[Entity], "entities") or []),
                       timeline=read(list[TimelineEntry], "timeline") or [],
                       facts=read(FactsResult, "facts") or FactsResult(), version=version)


def thread_result(store: Store, thread_id: str) -> ThreadResult:
    _record_types()
    documents, version = _documents(store, "thread", thread_id)
    return ThreadResult(thread_id, _decoded(store, FactsResult, documents, "facts", "thread", thread_id) or FactsResult(),
                        version)


def facts_result(store: Store, scope: str, key: str) -> FactsResult:
    """Only the facts document of a story or thread (`scope` "story" or "thread")."""
    _record_types()
    documents, _ = _documents(store, scope, key, "facts")
    return _decoded(store, FactsResult, documents, "facts", scope, key) or FactsResult()


def entities_result(store: Store, story_id: str) -> list[Entity]:
    """Only the entities document of a story."""
    documents, _ = _documents(store, "story", story_id, "entities")
    return current_names(store, _decoded(store, list[Entity], documents, "entities", "story", story_id) or [])


def current_names(store: Store, entities: list[Entity]) -> list[Entity]:
    """The entities under the names the store-wide entity index gives them now: a story stores the
    names its entities had when it was analysed, and a later story can rename one (more outlets
    writing "Zvečan" than the "Zvecan" the first report wrote). The name it had stays an alias."""
    return current_names_from(canonical_names_of(store, [e.id for e in entities]), entities)


def current_names_from(names: dict[str, str], entities: list[Entity]) -> list[Entity]:
    """`current_names` with the index's names already read (`canonical_names_of`)."""
    for entity in entities:
        name = names.get(entity.id)
        if name and name != entity.name:
            if entity.name not in entity.aliases:
                entity.aliases.append(entity.name)
            entity.name = name
    return entities


def canonical_names_of(store: Store, ids: list[str]) -> dict[str, str]:
    """id -> the store-wide index's name for these entity ids (a store from before the index: none)."""
    ids = sorted({i for i in ids if i})
    names: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        try:
            names.update(store.conn.execute(
                f"SELECT id, name FROM ent_entities WHERE id IN ({', '.join('?' * len(chunk))})", chunk).fetchall())
        except sqlite3.DatabaseError:
            return {}
    return names


def timeline_result(store: Store, story_id: str) -> list[TimelineEntry]:
    """Only the timeline document of a story."""
    _record_types()
    documents, _ = _documents(store, "story", story_id, "timeline")
    return _decoded(store, list[TimelineEntry], documents, "timeline", "story", story_id) or []


def decode_document(kind: str, body: object):
    """One analysis document already parsed from JSON ("entities", "timeline" or "facts") as the
    records above, for a reader that reads the stored JSON itself (the web pages, which hand the
    parsed documents to the brief as well: each is parsed once). A damaged document raises
    TypeError, ValueError, AttributeError or KeyError."""
    _record_types()
    hint = {"entities": list[Entity], "timeline": list[TimelineEntry], "facts": FactsResult}[kind]
    return decode(hint, _renamed(body) if hint is FactsResult else body)


def _documents(store: Store, scope: str, key: str, kind: str | None = None) -> tuple[dict[str, object], int | None]:
    query = "SELECT kind, body, version FROM analysis WHERE scope = ? AND key = ?"
    params: tuple = (scope, key)
    if kind is not None:
        query, params = query + " AND kind = ?", (scope, key, kind)
    rows = store.conn.execute(query, params).fetchall()
    versions = [row[2] for row in rows]
    return {row[0]: row[1] for row in rows}, (min(versions) if versions else None)


def _decoded(store: Store, hint: object, documents: dict[str, object], kind: str, scope: str, key: str):
    body = documents.get(kind)
    if body is None:
        return None
    try:
        return decode(hint, _renamed(json.loads(body)) if hint is FactsResult else json.loads(body))
    except (TypeError, ValueError, AttributeError, KeyError) as exc:  # a field without a default is missing
        raise StoreError(f"the {kind} of {scope} {key} in {store.path} cannot be read ({exc})",
                         path=store.path) from exc


def _renamed(facts: object) -> object:
    """Facts documents written in the ACLED-like shape name an event's place `location`."""
    events = facts.get("events") if isinstance(facts, dict) else None
    for event in events or []:
        if isinstance(event, dict) and "place" not in event and "location" in event:
            event["place"] = event["location"]
    return facts
