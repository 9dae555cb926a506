"""What each page shows, read from the store through the shared views; the HTML and the JSON API
both render these records.

A `Site` holds one read-only store per server thread and caches what it has built until the store
file changes (a new ingest while serving), so a busy story page costs a dictionary lookup.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup, escape

from newsfuse.errors import NotFoundError
from newsfuse.format import claim_text, date_text
from newsfuse.present.brief import (Brief, Citation, Figure, FigureValue, brief_from, render_html, sentence_around,
                                    source_citations)
from newsfuse.models import Article, Entity, Story, Thread
from newsfuse.present.views import story_entities, story_facts, story_outlets, story_timeline
from newsfuse.web import geo, svg
from newsfuse.web.highlight import Annotation, highlight
from newsfuse.web.readonly import ReadOnlyStore

PAGE_SIZE = 50
GENERATION_TTL = 1.0  # seconds between checks of the store file for changes
ENTITY_TYPES = ("person", "org", "place", "group", "other")
_LABEL_TYPES = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "group"}


def article_href(article_id: str, start: int | None = None, end: int | None = None) -> str:
    href = "/article/" + quote(article_id, safe="")
    return href + (f"#c{start}-{end}" if start is not None else "")


def cite_href(citation: Citation) -> str:
    return article_href(citation.article_id, citation.start, citation.end)


def thread_href(thread_id: str) -> str:
    return "/thread/" + quote(thread_id, safe="")


@dataclass(slots=True, frozen=True)
class StoryRow:
    id: str
    title: str
    thread_id: str | None
    date_start: str | None
    date_end: str | None
    article_count: int
    outlets: tuple[str, ...]


@dataclass(slots=True)
class StoryIndex:
    rows: list[StoryRow]
    by_id: dict[str, StoryRow]
    outlets: list[tuple[str, int]]  # outlet, number of stories it reported
    threads: dict[str, Thread]


@dataclass(slots=True, frozen=True)
class Ref:
    """A citation with its link and the sentence it points at (shown on hover)."""

    citation: Citation
    href: str
    sentence: str


@dataclass(slots=True)
class StoryList:
    rows: list[StoryRow]
    total: int
    page: int
    pages: int
    snippets: dict[str, Markup]
    outlets: list[tuple[str, int]]


@dataclass(slots=True)
class StoryPage:
    story: Story
    row: StoryRow
    thread: Thread | None
    brief: Brief
    brief_html: Markup
    timeline_svg: Markup | None
    figures: list[tuple[Figure, list[tuple[FigureValue, list[Ref]]]]]
    entities: dict[str, list[tuple[Entity, str]]]  # type -> (entity, link to its first mention)
    entity_list: list[Entity]
    map_svg: Markup | None
    quotes: list[tuple[dict, list[Ref]]]
    events: list[tuple[dict, list[Ref]]]
    articles: list[Article]
    facts: dict
    timeline: list[dict]


@dataclass(slots=True)
class ArticlePage:
    article: Article
    story: StoryRow | None
    body: Markup
    counts: Counter = field(default_factory=Counter)


@dataclass(slots=True)
class ThreadPage:
    thread: Thread
    rows: list[StoryRow]
    axis_svg: Markup | None


class Site:
    """The pages of one store, and a cache of what was rendered from it.

    The cache holds rendered pages and documents (strings or bytes) up to `cache_mb` megabytes,
    least recently used first out, and forgets everything when the store file changes (checked at
    most once a second, so a new ingest shows within a second).
    """

    def __init__(self, db: str | Path, cache_mb: float = 256) -> None:
        self.db = Path(db)
        ReadOnlyStore(self.db).close()  # fail now, not on the first request, if it cannot be read
        self._local = threading.local()
        self._cache: OrderedDict = OrderedDict()
        self._cache_bytes = 0
        self._cache_generation: tuple = ()
        self._cache_limit = int(cache_mb * 1_000_000)
        self._lock = threading.Lock()
        self._index_lock = threading.Lock()
        self._index: tuple[tuple, StoryIndex] | None = None
        self._generation: tuple = ()
        self._checked = 0.0
        self.index()  # built before the first request

    # -- plumbing -------------------------------------------------------------------------------
    @property
    def store(self) -> ReadOnlyStore:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = ReadOnlyStore(self.db)
        return store

    def generation(self) -> tuple:
        """A stamp of the store file and its write-ahead log; changes when anything is written."""
        now = time.monotonic()
        if now - self._checked < GENERATION_TTL:
            return self._generation
        stamp = []
        for path in (self.db, self.db.with_name(self.db.name + "-wal")):
            try:
                info = os.stat(path)
                stamp.append((info.st_mtime_ns, info.st_size))
            except FileNotFoundError:
                stamp.append(None)
        self._generation, self._checked = tuple(stamp), now
        return self._generation

    def lookup(self, key: tuple) -> str | bytes | None:
        """What was rendered for `key` from the store as it is now, or None."""
        key = (self.generation(), *key)
        with self._lock:
            value = self._cache.get(key)
            if value is not None:
                self._cache.move_to_end(key)
            return value

    def remember(self, key: tuple, value: str | bytes) -> None:
        if len(value) > self._cache_limit // 4:
            return
        generation = self.generation()
        with self._lock:
            if self._cache_generation != generation:  # the store changed: everything is stale
                self._cache.clear()
                self._cache_bytes, self._cache_generation = 0, generation
            previous = self._cache.pop((generation, *key), None)
            self._cache_bytes -= len(previous) if previous is not None else 0
            self._cache[(generation, *key)] = value
            self._cache_bytes += len(value)
            while self._cache_bytes > self._cache_limit and self._cache:
                _, dropped = self._cache.popitem(last=False)
                self._cache_bytes -= len(dropped)

    # -- the story index ------------------------------------------------------------------------
    def index(self) -> StoryIndex:
        generation = self.generation()
        if self._index is not None and self._index[0] == generation:
            return self._index[1]
        # one thread builds it while the others wait: many threads building it at once after a
        # change to the store would each take the whole build time
        with self._index_lock:
            if self._index is None or self._index[0] != generation:
                self._index = (generation, self._build_index())
            return self._index[1]

    def _build_index(self) -> StoryIndex:
        store = self.store
        members: dict[str, list] = {}
        for row in store.article_rows():
            if row.story_id:
                members.setdefault(row.story_id, []).append(row)
        rows = []
        for story in store.stories():
            articles = members.get(story.id, [])
            dates = sorted(a.published[:10] for a in articles if a.published)
            outlets = Counter(a.source or "unattributed" for a in articles)
            rows.append(StoryRow(story.id, story.title, story.thread_id, story.date_start or (dates[0] if dates else None),
                                 story.date_end or (dates[-1] if dates else None), len(articles),
                                 tuple(name for name, _ in outlets.most_common())))
        rows.sort(key=lambda r: (r.date_start or "", r.id), reverse=True)
        per_outlet = Counter(o for r in rows for o in r.outlets)
        return StoryIndex(rows, {r.id: r for r in rows}, sorted(per_outlet.items(), key=lambda kv: (-kv[1], kv[0])),
                          {t.id: t for t in store.threads()})

    def story_list(self, q: str = "", date_from: str = "", date_to: str = "", outlet: str = "",
                   page: int = 1) -> StoryList:
        index = self.index()
        rows = index.rows
        snippets: dict[str, Markup] = {}
        if q.strip():
            order: dict[str, int] = {}
            for rank, hit in enumerate(self.store.search(q, limit=200)):
                if hit.story_id and hit.story_id not in order:
                    order[hit.story_id] = rank
                    snippets[hit.story_id] = snippet_html(hit.snippet)
            rows = sorted((r for r in rows if r.id in order), key=lambda r: order[r.id])
        if date_from:
            rows = [r for r in rows if (r.date_end or r.date_start or "") >= date_from]
        if date_to:
            rows = [r for r in rows if r.date_start and r.date_start <= date_to]
        if outlet:
            rows = [r for r in rows if outlet in r.outlets]
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        page = min(max(page, 1), pages)
        return StoryList(rows[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], len(rows), page, pages, snippets, index.outlets)

    # -- a story --------------------------------------------------------------------------------
    def story_page(self, story_id: str) -> StoryPage:
        return self._build_story(story_id)

    def _build_story(self, story_id: str) -> StoryPage:
        store = self.store
        story = store.story(story_id)
        articles = store.articles(ids=story.article_ids, with_details=False)
        by_id = {a.id: a for a in articles}
        facts = _facts(story_facts(store, story))
        entries = [e for e in story_timeline(store, story) if isinstance(e, dict)]
        entities = story_entities(store, story)
        story.entities = entities
        brief = brief_from(story, articles, facts, entries)
        index = self.index()
        row = index.by_id.get(story.id) or StoryRow(story.id, story.title, story.thread_id, brief.date_start,
                                                    brief.date_end, len(articles), tuple(story_outlets(store, story)))

        def refs(citations) -> list[Ref]:
            return [Ref(c, cite_href(c), " ".join(by_id[c.article_id].text[c.start:c.end].split()))
                    for c in citations if c.article_id in by_id]

        figure_rows = [(f, [(v, refs(v.citations)) for v in f.values]) for f in brief.figures]
        grouped: dict[str, list[tuple[Entity, str]]] = {t: [] for t in ENTITY_TYPES}
        for entity in sorted(entities, key=lambda e: (-len(e.mentions), e.name)):
            grouped.setdefault(entity.type if entity.type in grouped else "other", []).append(
                (entity, _first_mention_href(entity, by_id)))
        places = [geo.Place(e.name, e.lat, e.lon, "place", f"{len(e.mentions)} mentions")
                  for e in entities if e.type == "place" and e.lat is not None and e.lon is not None]
        places += [geo.Place(str(ev.get("place") or ev.get("location") or ev.get("type") or "event"), ev["latitude"], ev["longitude"],
                             "event", " ".join(str(ev.get(k) or "") for k in ("type", "date")).strip())
                   for ev in facts["events"] if _is_number(ev.get("latitude")) and _is_number(ev.get("longitude"))]
        bars = []
        for number, item in enumerate(brief.timeline):
            span = svg.span_of(item.date, item.precision)
            if span is None:
                continue
            marks = tuple(s[0] for s in (svg.span_of(d) for d in item.conflicts) if s)
            bars.append(svg.Bar(f"{date_text(item.date, item.precision)}: {item.text}", span[0], span[1],
                                href=f"#tl-{number}", tooltip=item.text, css="planned" if item.planned else "",
                                marks=marks))
        return StoryPage(
            story=story, row=row, thread=index.threads.get(story.thread_id or ""), brief=brief,
            brief_html=Markup(render_html(brief, href=cite_href)),
            timeline_svg=svg.chart(bars, label="Timeline of the story"), figures=figure_rows, entities=grouped,
            entity_list=entities, map_svg=geo.map_svg(places),
            quotes=[(q, _one_per_outlet(refs(source_citations(q.get("sources", []), by_id)))) for q in facts["quotes"]],
            events=[(ev, _one_per_outlet(refs(source_citations(ev.get("sources", []), by_id))))
                    for ev in facts["events"]],
            articles=articles, facts=facts, timeline=entries,
        )

    # -- an article -----------------------------------------------------------------------------
    def article_page(self, article_id: str) -> ArticlePage:
        return self._build_article(article_id)

    def _build_article(self, article_id: str) -> ArticlePage:
        store = self.store
        article = store.article(article_id)
        annotations: list[Annotation] = []
        row = None
        story = None
        if article.story_id:
            try:
                story = store.story(article.story_id)
            except NotFoundError:
                story = None
        if story is not None:
            row = self.index().by_id.get(story.id)
            for entity in story_entities(store, story):
                annotations += [Annotation(m.start, m.end, _kind(entity.type), f"{entity.name} ({entity.type})")
                                for m in entity.mentions
                                if m.article_id == article.id and article.text[m.start:m.end] == m.text]
            facts = _facts(story_facts(store, story))
            claims = {c.get("id"): c for c in facts["claims"]}
            for measure in facts["measures"]:
                for claim_id in measure.get("claim_ids", []):
                    claim = claims.get(claim_id) or {}
                    note = f"{measure.get('label', '')}: {claim_text(claim)} ({measure.get('status', 'single')})"
                    annotations += [Annotation(int(s["start"]), int(s["end"]), "figure", note)
                                    for s in claim.get("sources", [])
                                    if s.get("article_id") == article.id and _is_span(s)]
        else:
            annotations += [Annotation(m.start, m.end, _kind(_LABEL_TYPES.get(m.label, "other")), f"{m.text} ({m.label})")
                            for m in article.mentions if article.text[m.start:m.end] == m.text]
        annotations += [Annotation(t.start, t.end, "date", f"{t.type.lower()} {t.value}")
                        for t in article.times if article.text[t.start:t.end] == t.text]
        counts = Counter("entity" if a.kind in ENTITY_TYPES else a.kind for a in annotations)
        return ArticlePage(article, row, highlight(article.text, annotations), counts)

    # -- a thread -------------------------------------------------------------------------------
    def thread_page(self, thread_id: str) -> ThreadPage:
        return self._build_thread(thread_id)

    def _build_thread(self, thread_id: str) -> ThreadPage:
        index = self.index()
        thread = index.threads.get(thread_id)
        if thread is None:
            raise NotFoundError("thread", thread_id)
        rows = sorted((index.by_id[s] for s in thread.story_ids if s in index.by_id),
                      key=lambda r: (r.date_start or "", r.id))
        bars = []
        for row in rows:
            first, last = svg.span_of(row.date_start), svg.span_of(row.date_end or row.date_start)
            if first and last:
                bars.append(svg.Bar(row.title, first[0], max(last[1], first[0]), href=svg.story_href(row.id),
                                    tooltip=f"{row.title} ({row.article_count} articles)"))
        return ThreadPage(thread, rows, svg.chart(bars, label="Stories of the thread on a time axis"))


def _one_per_outlet(refs: list[Ref]) -> list[Ref]:
    """The first citation of each outlet, in order: a list of outlets, not of sentences."""
    seen: set[str] = set()
    return [r for r in refs if not (r.citation.outlet in seen or seen.add(r.citation.outlet))]


def _facts(body: object) -> dict:
    body = body if isinstance(body, dict) else {}
    return {key: [item for item in body.get(key) or [] if isinstance(item, dict)]
            for key in ("claims", "measures", "events", "quotes")}


def _kind(entity_type: str) -> str:
    return entity_type if entity_type in ENTITY_TYPES else "other"


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_span(source: dict) -> bool:
    return _is_number(source.get("start")) and _is_number(source.get("end"))


def _first_mention_href(entity: Entity, articles: dict[str, Article]) -> str:
    for mention in sorted(entity.mentions, key=lambda m: (m.article_id not in articles, m.article_id, m.start)):
        article = articles.get(mention.article_id)
        if article is not None:
            start, end = sentence_around(article.text, mention.start, mention.end)
            return article_href(article.id, start, end)
    return ""


def snippet_html(snippet: str) -> Markup:
    """A search snippet with its matches (between STX and ETX) as `<mark>`s, everything else escaped."""
    out, inside = [], False
    for piece in snippet.replace("\x03", "\x02").split("\x02"):
        out.append(f"<mark>{escape(piece)}</mark>" if inside and piece else str(escape(piece)))
        inside = not inside
    return Markup("".join(out))
