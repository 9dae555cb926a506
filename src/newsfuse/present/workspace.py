"""Read-side views of the analyst's workspace that the story views lack: one store-wide entity,
and the dated statements of a thread's stories that matter most. The web app's entity and thread
pages read these.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newsfuse.errors import NotFoundError
from newsfuse.models import Entity
from newsfuse.store import Store


@dataclass(slots=True)
class EntityStory:
    id: str
    title: str
    date_start: str | None
    date_end: str | None
    mentions: int


@dataclass(slots=True)
class EntityView:
    """What the store knows of one canonical entity."""

    id: str
    name: str
    type: str
    mentions: int
    lat: float | None
    lon: float | None
    country: str | None
    spellings: list[tuple[str, int, list[str]]] = field(default_factory=list)  # text, count, outlets
    roles: list[str] = field(default_factory=list)
    stories: list[EntityStory] = field(default_factory=list)
    company: list[tuple[str, str, int]] = field(default_factory=list)  # id, name, stories together
    outlets: list[tuple[str, int]] = field(default_factory=list)  # outlet, mentions
    first_seen: str | None = None
    last_seen: str | None = None


def entity_view(store: Store, entity_id: str) -> EntityView:
    """One entity of the store-wide index by its id (`NotFoundError` when there is none)."""
    from newsfuse.entities.index import EntityIndex
    from newsfuse.pipeline.grouping import PlainRows
    from newsfuse.pipeline.story import stored_entities

    index = EntityIndex(PlainRows(store.conn))
    entity = index.entity(entity_id)
    if entity is None:
        raise NotFoundError("entity", entity_id)
    view = EntityView(entity.id, entity.name, entity.type, entity.mentions, entity.lat, entity.lon, entity.country)
    here_by_story: dict[str, list[Entity]] = {}
    company: Counter = Counter()
    names: dict[str, str] = {}
    for story_id in index.stories_of(entity.id):
        found = stored_entities(store, story_id) or []
        here = [e for e in found if e.id == entity.id]
        if here:
            here_by_story[story_id] = here
            for other in found:
                if other.id != entity.id and other.id:
                    company[other.id] += 1
                    names.setdefault(other.id, other.name)
    article_ids = {m.article_id for here in here_by_story.values() for e in here for m in e.mentions}
    articles = {a.id: a for a in store.articles(ids=sorted(article_ids), with_details=False)} if article_ids else {}
    spellings: dict[str, Counter] = {}
    roles: Counter = Counter()
    outlets: Counter = Counter()
    seen: list[str] = []
    for story_id, here in here_by_story.items():
        try:
            story = store.story(story_id)
            title, start, end = story.title, story.date_start, story.date_end
        except NotFoundError:
            continue
        view.stories.append(EntityStory(story_id, title, start, end, sum(len(e.mentions) for e in here)))
        for e in here:
            roles.update(e.roles)
            for m in e.mentions:
                article = articles.get(m.article_id)
                outlet = (article.publisher or article.source if article else None) or "unknown outlet"
                if m.label != "ROLE":
                    spellings.setdefault(m.text, Counter())[outlet] += 1
                outlets[outlet] += 1
                if article is not None and article.published:
                    seen.append(article.published[:10])
    view.stories.sort(key=lambda s: (s.date_start or "", s.id))
    view.spellings = [(text, sum(c.values()), sorted(c)) for text, c in
                      sorted(spellings.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))]
    view.roles = [role for role, _ in sorted(roles.items(), key=lambda kv: (-kv[1], kv[0]))[:12]]
    # the index's names, not those a story stored when it was analysed (a later story may have renamed the
    # entity); ties by id, whatever order the stories were analysed in
    together = sorted(company.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
    current = {e.id: e.name for e in index.entities([other for other, _ in together])}
    view.company = [(other, current.get(other, names[other]), n) for other, n in together]
    view.outlets = sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))
    view.first_seen, view.last_seen = (min(seen), max(seen)) if seen else (None, None)
    return view


def key_dates(timeline: list[dict], limit: int = 12) -> list[dict]:
    """The dated statements of a development that matter most, from the stories' stored timelines
    (what the thread page shows when the articles give no key date): events, not background, the
    most reported first, at most `limit`, in date order."""
    events = [e for e in timeline if isinstance(e, dict) and e.get("date") and e.get("kind", "event") != "background"]
    ranked = sorted(events, key=lambda e: (-len(e.get("outlets") or e.get("article_ids") or []), str(e.get("date"))))
    return sorted(ranked[:limit], key=lambda e: str(e.get("date", "")))
