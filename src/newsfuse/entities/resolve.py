"""Cross-document entity resolution: one entity per person, organization, place and group.

Steps (docs/entities.md explains each): mentions are cleaned and keyed by their folded name, and names
tagged elsewhere in the scope recovered where spaCy missed them (`mentions`); mentions of one article are
linked into article-level nodes (`nodes`); nodes are grouped by key and merged across articles through
shared blocking keys, never all pairs (`clusters`); each cluster becomes an entity with a voted type, a
canonical name and, for places, coordinates (`naming`); role phrases and person nouns join their person
(`person_links`); the user's corrections apply last.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from newsfuse.models import Article, Entity, Mention
from newsfuse.entities.clusters import clusters_of, groups_of
from newsfuse.entities.corrections import Corrections, apply_corrections
from newsfuse.entities.gazetteer import Gazetteer
from newsfuse.entities.mentions import (LABEL_WEIGHTS, ROLE_LABEL, ResolveOptions, acronyms_with_the, blended_nicknames,
                                        clinics_by_bare_name, known_names,
                                        places_as_teams, prepare,
                                        surnames_as_people, with_recovered)
from newsfuse.entities.naming import countries_in, entity_of, finish
from newsfuse.entities.nodes import Node, ScopeNames, article_nodes
from newsfuse.entities.normalize import LABEL_TYPES, fold
from newsfuse.entities.person_links import link_person_nouns, link_role_mentions

__all__ = ["LABEL_WEIGHTS", "ROLE_LABEL", "SCOPES", "Resolution", "ResolveOptions", "entity_key", "resolve",
           "resolve_story", "resolve_with_report"]


SCOPES = ("story", "thread", "store")


@dataclass(slots=True)
class Resolution:
    """Entities, the mentions that could not be used (with why), and corrections that found no entity."""

    entities: list[Entity]
    rejected: list[tuple[Mention, str]] = field(default_factory=list)
    unapplied: list[str] = field(default_factory=list)


def resolve(articles: list[Article], *, gazetteer: Gazetteer | None = None,
            corrections: Corrections | None = None, scope: str = "store",
            threads: Mapping[str, str] | None = None, options: ResolveOptions | None = None) -> list[Entity]:
    """Entities named in the articles, resolved within each story, thread or the whole store.

    `threads` maps story id -> thread id for `scope="thread"` (a story not in it is its own
    thread). Articles without a story are one story of their own each under "story" and "thread".
    """
    return resolve_with_report(articles, gazetteer=gazetteer, corrections=corrections, scope=scope,
                               threads=threads, options=options).entities


def resolve_story(articles: list[Article], **kwargs) -> list[Entity]:
    """The entities of one story's articles (all resolved together)."""
    return resolve(articles, scope="store", **kwargs)


def resolve_with_report(articles: list[Article], *, gazetteer: Gazetteer | None = None,
                        corrections: Corrections | None = None, scope: str = "store",
                        threads: Mapping[str, str] | None = None,
                        options: ResolveOptions | None = None) -> Resolution:
    if scope not in SCOPES:
        raise ValueError(f"unknown scope '{scope}' (use {', '.join(SCOPES)})")
    options = options or ResolveOptions()
    rejected: list[tuple[Mention, str]] = []
    entities: list[Entity] = []
    for part in _partition(articles, scope, threads or {}):
        entities.extend(_resolve_part(part, gazetteer, options, rejected))
    _assign_ids(entities)
    unapplied: list[str] = []
    if corrections is not None:
        entities, unapplied = apply_corrections(entities, corrections, rebuild=lambda e: finish(e, gazetteer))
        _assign_ids(entities, keep_existing=True)
    entities.sort(key=lambda e: (-len(e.mentions), e.name, e.id))
    return Resolution(entities, rejected, unapplied)


def _partition(articles: list[Article], scope: str, threads: Mapping[str, str]) -> list[list[Article]]:
    if scope == "store":
        return [list(articles)] if articles else []
    parts: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        story = article.story_id or f"article:{article.id}"
        parts[threads.get(story, story) if scope == "thread" else story].append(article)
    return list(parts.values())


def _resolve_part(articles: list[Article], gazetteer: Gazetteer | None, options: ResolveOptions,
                  rejected: list[tuple[Mention, str]]) -> list[Entity]:
    prepared = {a.id: prepare(a, rejected, options.keep_spans) for a in articles}
    surnames_as_people(prepared.values(), gazetteer)
    blended_nicknames(prepared.values())
    acronyms_with_the(articles, prepared)
    places_as_teams(articles, prepared, gazetteer)
    clinics_by_bare_name(articles, prepared)
    known = known_names(m for ms in prepared.values() for m in ms) if options.recover_mentions else None
    scope_votes: dict[str, Counter] = defaultdict(Counter)
    for ms in prepared.values():
        for m in ms:
            entity_type = LABEL_TYPES.get(m.voted)
            if entity_type:
                scope_votes[m.key][entity_type] += LABEL_WEIGHTS[m.voted]
    names = ScopeNames(scope_votes, gazetteer)
    nodes: list[Node] = []
    for article in articles:
        mentions = prepared[article.id]
        if known is not None:
            mentions = with_recovered(article, mentions, known)
        nodes.extend(article_nodes(article, mentions, options, names))
    groups = groups_of(nodes, gazetteer)
    clusters = clusters_of(groups)
    countries = countries_in(groups)
    outlets = {a.id: a.publisher or a.source or a.id for a in articles}
    entities = []
    for cluster in clusters:
        entity = entity_of([n for g in cluster for n in g.nodes], gazetteer, countries, outlets)
        if entity is not None:
            entities.append(entity)
    if options.link_roles:
        link_role_mentions(articles, entities)
    if options.link_person_nouns:
        entities = link_person_nouns(articles, entities)
    return entities


def entity_key(entity: Entity) -> str:
    """The stable key corrections refer to: type and folded canonical name ("person:jens stoltenberg")."""
    return f"{entity.type}:{fold(entity.name)}"


def _assign_ids(entities: list[Entity], keep_existing: bool = False) -> None:
    """ "e-" + a short hash of the entity's key; a second entity with the same key adds its first mention."""
    used: set[str] = {e.id for e in entities if keep_existing and e.id}
    for entity in sorted(entities, key=lambda e: (-len(e.mentions), e.name)):
        if keep_existing and entity.id:
            continue
        key = entity_key(entity)
        candidate = "e-" + hashlib.sha1(key.encode()).hexdigest()[:12]
        if candidate in used and entity.mentions:
            first = entity.mentions[0]
            candidate = "e-" + hashlib.sha1(f"{key}@{first.article_id}:{first.start}".encode()).hexdigest()[:12]
        used.add(candidate)
        entity.id = candidate
