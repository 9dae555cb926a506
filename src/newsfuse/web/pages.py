"""What each page shows, read from the store through the shared views; the HTML and the JSON API
both render these records.

A `Site` holds one read-only store per server thread and caches what it has built until the store
file changes (a new ingest while serving), so a busy story page costs a dictionary lookup.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup, escape

from newsfuse.errors import NewsfuseError, NotFoundError
from newsfuse.format import claim_text, date_range, date_text
from newsfuse.present.brief import (Brief, Citation, Figure, FigureValue, Sources, brief_from, outlet_name,
                                    render_html, sentence_around, source_citations, sources_of)
from newsfuse.models import Article, Entity, Story, Thread
from newsfuse.store import SEARCH_CANDIDATES  # matching articles a search ranks (the newest), shared with `Store.search`
from newsfuse.store import lists
from newsfuse.store.results import EventResult, FactsResult, QuoteResult, canonical_names_of, current_names_from, decode_document
from newsfuse.timex.timeline import TimelineEntry, timeline_to_dicts
from newsfuse.present.workspace import EntityView, entity_view, key_dates
from newsfuse.web import geo, svg
from newsfuse.web.highlight import Annotation, highlight
from newsfuse.web.readonly import ReadOnlyStore

PAGE_SIZE = 50
COUNT_MOST = 1000  # stories a list counts exactly; beyond, it says "more than 1,000"
MATCHES_MOST = 10_000  # matching articles a search counts for its notice; beyond, "more than" (a tenth of the cost)
OUTLET_CHOICES = 100  # outlets the search form lists (more: a text field)
THREAD_CHOICES = 50  # threads the thread field suggests
THREAD_PAGE = 100  # threads a page of /threads lists
HITS_PER_STORY = 3  # matching articles shown under each story of a search
GENERATION_TTL = 1.0  # seconds between checks of the store file for changes
ENTITY_TYPES = ("person", "org", "place", "group", "other")
_LABEL_TYPES = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "group"}


class BadFilter(NewsfuseError):
    """A search filter that names nothing in the store (answered with 400, not an empty page)."""

    def __init__(self, kind: str, value: str, message: str | None = None) -> None:
        super().__init__(message or f"no {kind} {value!r} in this store")
        self.kind, self.value = kind, value


def article_href(article_id: str, start: int | None = None, end: int | None = None) -> str:
    # ids are hex digests: quoting them, thousands of times a story page, changes nothing
    href = "/article/" + (article_id if article_id.isascii() and article_id.isalnum() else quote(article_id, safe=""))
    return href + (f"#c{start}-{end}" if start is not None else "")


def cite_href(citation: Citation) -> str:
    return article_href(citation.article_id, citation.start, citation.end)


def thread_href(thread_id: str) -> str:
    return "/thread/" + quote(thread_id, safe="")


def entity_href(entity_id: str) -> str:
    return "/entity/" + quote(entity_id, safe="") if entity_id else ""


def outlet_href(outlet: str) -> str:
    return "/outlet/" + quote(outlet, safe="")


@dataclass(slots=True, frozen=True)
class _Dated:
    """What a story's row needs of one of its articles."""

    source: str | None
    published: str | None


@dataclass(slots=True, frozen=True)
class StoryRow:
    id: str
    title: str
    thread_id: str | None
    date_start: str | None
    date_end: str | None
    article_count: int
    outlets: tuple[str, ...]


def story_row(story: Story, articles) -> StoryRow:
    """A story's list row from its record and its articles (or their rows) in ingest order."""
    dates = sorted(a.published[:10] for a in articles if a.published)
    outlets = Counter(a.source or "unattributed" for a in articles)
    return StoryRow(story.id, story.title, story.thread_id, story.date_start or (dates[0] if dates else None),
                    story.date_end or (dates[-1] if dates else None), len(articles),
                    tuple(name for name, _ in outlets.most_common()))


def options(pairs: list[tuple[str, str]], selected: str) -> Markup:
    """<option>s of (value, label), the one whose value is `selected` marked so."""
    return Markup("".join(f'<option value="{escape(value)}"{" selected" if value == selected else ""}>'
                          f'{escape(label)}</option>' for value, label in pairs))


def short_title(title: str, limit: int = 60) -> str:
    """A title cut at a word near `limit` characters (as Jinja's truncate does)."""
    if len(title) <= limit + 5:
        return title
    cut = title[:limit - 3].rsplit(" ", 1)[0]
    return cut + "..."


@dataclass(slots=True, frozen=True)
class Ref:
    """A citation with its link and the sentence it points at (shown on hover)."""

    citation: Citation
    href: str
    sentence: str


@dataclass(slots=True)
class StoryList:
    rows: list[StoryRow]
    total: int  # stories matching, counted up to COUNT_MOST (see `exact`)
    page: int
    pages: int  # pages of `total` (more when the count is not exact)
    snippets: dict[str, Markup]
    hits: dict[str, list] = field(default_factory=dict)  # story id -> (search hit, snippet or None), best first
    notice: str = ""  # why nothing matches, when a filter names nothing the store has
    exact: bool = True  # False: more than `total` stories match
    after: str = ""  # the next page starts after this story (its last row); "" on the last page
    threads: dict[str, str] = field(default_factory=dict)  # thread id -> title, of the rows shown


@dataclass(slots=True)
class SearchForm:
    """The choices of the story list's search form: the outlets as a list when there are few, and
    at most THREAD_CHOICES threads for the thread field (those of the page, and the one chosen)."""

    outlets: list[tuple[str, str]]  # value, label; empty when there are too many to list
    threads: list[tuple[str, str]]  # id, title


@dataclass(slots=True)
class ThreadList:
    threads: list[tuple[str, str, int]]  # id, title, stories
    after: str = ""  # the next page starts after this thread


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
    quotes: list[tuple[QuoteResult, list[Ref]]]
    events: list[tuple[EventResult, list[Ref]]]
    articles: list[Article]
    facts: FactsResult
    timeline: list[TimelineEntry]
    who: "WhoReported | None" = None
    off_axis: list = field(default_factory=list)  # timeline items kept off the chart's axis, and why
    off_map: list[str] = field(default_factory=list)  # places too far from the story to fit its map
    outlets: list[tuple[str, int]] = field(default_factory=list)  # outlet, articles
    figure_sources: list[int] = field(default_factory=list)  # source sentences of each figure, in order


@dataclass(slots=True)
class WhoReported:
    """Outlets x figures: which outlet gave which value of each figure, and who left it out."""

    outlets: list[str]
    rows: list[tuple[Figure, list[list[tuple[str, Ref]]]]]  # figure, per outlet: (value, its citation)


@dataclass(slots=True)
class ArticlePage:
    article: Article
    story: StoryRow | None
    body: Markup
    counts: Counter = field(default_factory=Counter)
    copied_from: list[Copied] = field(default_factory=list)  # what it copies, from whom
    copied_by: list[Copied] = field(default_factory=list)  # the later articles that copy it, and how much


@dataclass(slots=True)
class Trend:
    """A figure of a thread that changed over time: its values by outlet and date, and a small chart."""

    label: str
    status: str
    chart: Markup | None
    points: list[tuple[str, str, str, str]]  # date, outlet, value as written, link to the sentence
    sources: Sources | None = None  # outlets and independent sources behind the figure


@dataclass(slots=True)
class ThreadPage:
    thread: Thread
    rows: list[StoryRow]
    axis_svg: Markup | None
    key_dates: list[tuple[dict, StoryRow | None]] = field(default_factory=list)
    trends: list[Trend] = field(default_factory=list)
    # what, (value, outlet, href), the outlets and independent sources behind it (when known)
    conflicts: list[tuple[str, list[tuple[str, str, str]], object]] = field(default_factory=list)
    entities: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)  # type -> (href, name, stories)
    outlets: list[tuple[str, int]] = field(default_factory=list)
    map_svg: Markup | None = None


@dataclass(slots=True)
class EntityPage:
    entity: EntityView
    stories: list[StoryRow]
    company: list[tuple[str, str, int]]  # href, name, stories together
    map_svg: Markup | None


@dataclass(slots=True)
class OutletPage:
    name: str
    articles: list  # ArticleRow, newest first
    stories: list[tuple[StoryRow, int]]  # story, articles of this outlet in it
    first: str | None
    last: str | None
    copies: int  # articles that are copies of another article in the store
    originals: list = field(default_factory=list)  # ArticleRow: its own reports (no copy of another), newest first
    copied: list[tuple[object, list[Copied]]] = field(default_factory=list)  # its copies: (row, what they copy)
    credits: list[tuple[str, int]] = field(default_factory=list)  # origins its articles credit, how often
    credited_by: list = field(default_factory=list)  # ArticleRow of other outlets' articles crediting it


@dataclass(slots=True, frozen=True)
class Copied:
    """An earlier article a copy takes text from: its row (None when it is not in the store) and the share."""

    article_id: str
    row: object
    share: float | None  # None: a near-duplicate of it
    publisher: str | None = None  # who published the article (its `publisher`, when known)


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
        self._generation: tuple = ()
        self._checked = 0.0
        self._copies: tuple[tuple, dict] | None = None

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

    # -- the lists ------------------------------------------------------------------------------
    # Every list reads the page it shows through the store's indexes (store/lists.py): nothing of
    # the whole archive is read or held, so a list page costs the same at any size.
    def story_rows(self, ids) -> dict[str, StoryRow]:
        """The list rows of these stories (those with articles), read from the store: two indexed
        statements per 500 stories, where the index holds every story of the archive."""
        store, found = self.store, {}
        ids = list(dict.fromkeys(ids))
        for at in range(0, len(ids), 500):
            chunk = json.dumps(ids[at:at + 500])
            members: dict[str, list] = {}
            for row in store.conn.execute("SELECT story_id, source, published FROM articles WHERE story_id IN "
                                          "(SELECT value FROM json_each(?)) ORDER BY seq", (chunk,)):
                members.setdefault(row[0], []).append(_Dated(row[1], row[2]))
            for row in store.conn.execute("SELECT id, title, thread_id, date_start, date_end FROM stories WHERE id IN "
                                          "(SELECT value FROM json_each(?))", (chunk,)):
                if row[0] in members:
                    found[row[0]] = story_row(Story(row[0], row[1], [], row[2], row[3], row[4]), members[row[0]])
        return found

    def thread(self, thread_id: str | None) -> Thread | None:
        """The thread with its listed stories (oldest first), from the store; None when it has none."""
        listed = self.store.threads([thread_id]) if thread_id else []
        return listed[0] if listed else None

    def _copied_by(self) -> dict[str, list[tuple[str, float | None, str | None]]]:
        """An article id -> the articles copying it: (copy's id, share of the copy's text or None for
        a near-duplicate, the copy's publisher). One read of the copies, again after the store changed."""
        generation = self.generation()
        if self._copies is None or self._copies[0] != generation:
            copied_by: dict[str, list[tuple[str, float | None, str | None]]] = {}
            for copy in self.store.copies():
                for origin, share in ([(copy.duplicate_of, None)] if copy.duplicate_of else []) + copy.derived_from:
                    copied_by.setdefault(origin, []).append((copy.row.id, share, copy.publisher))
            self._copies = (generation, copied_by)
        return self._copies[1]

    def story_list(self, q: str = "", date_from: str = "", date_to: str = "", outlet: str = "",
                   page: int = 1, entity: str = "", thread: str = "", story: str = "", after: str = "") -> StoryList:
        """Stories matching the filters, newest first, PAGE_SIZE a page (the `page`-th, or the one
        after the story `after`); with words, the matching articles grouped under their story, best first.

        A filter naming an entity, thread or story the store does not have raises `BadFilter`, which
        the pages answer with 400; an unknown outlet name matches nothing, with a notice."""
        conn = self.store.conn
        notice = ""
        if outlet and not lists.outlet_known(conn, outlet):  # free text, like a search word: no match, not an error
            notice = f"No outlet named {outlet!r} in this store."
        if thread and not lists.thread_listed(conn, thread):
            raise BadFilter("thread", thread)
        if story and not lists.story_listed(conn, story):
            raise BadFilter("story", story)
        among = tuple(sorted(self._entity_stories(entity.strip()))) if entity.strip() else None
        filters = lists.StoryFilters(date_from, date_to, outlet, thread, story, among)
        if q.strip():
            return self._search_list(q, filters, page, notice)
        if after:
            try:
                listed = lists.newest_stories(conn, filters, PAGE_SIZE + 1, after=after)
            except ValueError:
                raise BadFilter("story", after) from None
            total, exact = lists.count_stories(conn, filters, COUNT_MOST)
        else:
            total, exact = lists.count_stories(conn, filters, COUNT_MOST)
            page = max(1, min(page, -(-total // PAGE_SIZE))) if exact else max(page, 1)
            listed = lists.newest_stories(conn, filters, PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
        shown = listed[:PAGE_SIZE]
        by_id = self.story_rows([r.id for r in shown])
        rows = [by_id[r.id] for r in shown if r.id in by_id]
        pages = max(1, -(-total // PAGE_SIZE), page + (len(listed) > PAGE_SIZE))
        return StoryList(rows, total, page, pages, {}, notice=notice, exact=exact,
                         after=shown[-1].id if len(listed) > PAGE_SIZE else "", threads=self._thread_titles(rows))

    def _search_list(self, q: str, filters: lists.StoryFilters, page: int, notice: str) -> StoryList:
        fts_query = self.store.fts_query(q)
        ordered, found, more = self._search(fts_query, filters) if fts_query else ([], {}, "")  # "*" matches nothing
        if more:
            notice = (notice + " " if notice else "") + more
        pages = max(1, -(-len(ordered) // PAGE_SIZE))
        page = min(max(page, 1), pages)
        by_id = self.story_rows(ordered[(page - 1) * PAGE_SIZE:page * PAGE_SIZE])
        shown = [by_id[i] for i in ordered[(page - 1) * PAGE_SIZE:page * PAGE_SIZE] if i in by_id]
        snippets: dict[str, Markup] = {}
        hits: dict[str, list[tuple[object, Markup]]] = {}
        if found:  # hits only for the stories this page shows, a snippet for the best of each
            # (FTS5 tokenizes a whole article for each snippet: 150 of them were most of a search page)
            wanted = [rowid for r in shown for rowid in found.get(r.id, [])]
            texts = self.store.snippets(fts_query, [found[r.id][0] for r in shown if found.get(r.id)])
            rows_of = self.store.hits_by_row(wanted)
            for row in shown:
                for rowid in found.get(row.id, []):
                    if rowid in rows_of:  # a row deleted meanwhile (an ingest in another process) is left out
                        text = texts.get(rowid)
                        hits.setdefault(row.id, []).append((rows_of[rowid], snippet_html(text) if text else None))
                if row.id in hits and hits[row.id][0][1] is not None:
                    snippets[row.id] = hits[row.id][0][1]
        return StoryList(shown, len(ordered), page, pages, snippets, hits, notice, threads=self._thread_titles(shown))

    def _search(self, fts_query: str, filters: lists.StoryFilters) -> tuple[list[str], dict[str, list[int]], str]:
        """The stories the filters leave with articles matching, best match first, each with the row
        ids of its best matching articles (at most HITS_PER_STORY), and a note when not every match was ranked.

        Only a bounded set of candidates is ranked: the newest SEARCH_CANDIDATES matching articles
        among the stories the filters leave (FTS5's bm25 scores every match it
        visits, whatever the LIMIT: ranking all 10,000 matches of a common word was most of a search
        page). Matches are read newest first from the index, unscored, until there are enough."""
        conn = self.store.conn
        try:
            candidates, complete = lists.newest_matches(conn, fts_query, SEARCH_CANDIDATES, filters)
        except sqlite3.OperationalError:  # a query FTS5 refuses: nothing matches
            return [], {}, ""
        order: dict[str, int] = {}
        found: dict[str, list[int]] = {}
        for rank, rowid in enumerate(self.store.ranked(fts_query, set(candidates))):
            story_id = candidates[rowid]
            order.setdefault(story_id, rank)
            kept = found.setdefault(story_id, [])
            if len(kept) < HITS_PER_STORY:
                kept.append(rowid)
        more = ""
        if not complete:
            matching, exact = lists.count_matches(conn, fts_query, MATCHES_MOST)
            if matching > len(candidates):
                more = (f"Ranked the newest {len(candidates):,} matching articles ({'' if exact else 'more than '}"
                        f"{matching:,} match the words); a filter ranks others.")
        return sorted(order, key=order.__getitem__), found, more

    def _thread_titles(self, rows: list[StoryRow]) -> dict[str, str]:
        return lists.thread_titles(self.store.conn, [r.thread_id for r in rows if r.thread_id])

    def search_form(self, outlet: str = "", thread: str = "", listing: StoryList | None = None) -> SearchForm:
        """The search form's choices: every outlet when there are at most OUTLET_CHOICES (else a
        text field takes the name), and for the thread field the chosen thread and those of the
        stories shown, at most THREAD_CHOICES (the field looks up others as one types)."""
        conn = self.store.conn
        names, complete = lists.outlet_names(conn, OUTLET_CHOICES)
        outlets = [(name, name) for name in names] if complete else []
        if outlets and outlet and all(value != outlet for value, _ in outlets):
            outlets.append((outlet, outlet))  # an outlet the store lacks stays chosen (the page says so)
        wanted = list(dict.fromkeys(([thread] if thread else []) + (
            [r.thread_id for r in listing.rows if r.thread_id] if listing else [])))[:THREAD_CHOICES]
        titles = lists.thread_titles(conn, wanted)
        return SearchForm(outlets, [(t, short_title(titles[t])) for t in wanted if t in titles])

    def thread_list(self, after: str = "") -> ThreadList:
        """THREAD_PAGE threads by title, from the first or after the thread `after`."""
        try:
            found = lists.threads_by_title(self.store.conn, THREAD_PAGE + 1, after or None)
        except ValueError:
            raise BadFilter("thread", after) from None
        return ThreadList(found[:THREAD_PAGE], found[THREAD_PAGE - 1][0] if len(found) > THREAD_PAGE else "")

    def _entity_stories(self, reference: str) -> set[str]:
        from newsfuse.entities.index import EntityIndex
        from newsfuse.pipeline.grouping import PlainRows

        try:
            entity_index = EntityIndex(PlainRows(self.store.conn))
            found = entity_index.find(reference)
            stories = {s for e in found for s in entity_index.stories_of(e.id)}
        except sqlite3.DatabaseError:
            found, stories = [], set()
        if not found:
            raise BadFilter("entity", reference)
        return stories

    # -- a story --------------------------------------------------------------------------------
    def story_page(self, story_id: str) -> StoryPage:
        return self._build_story(story_id)

    def _build_story(self, story_id: str) -> StoryPage:
        store = self.store
        story, articles = store.story_with_articles(story_id)
        by_id = {a.id: a for a in articles}
        documents = stored_documents(store, "story", story.id)
        facts, timeline, entities = (_records(documents, "facts", FactsResult()), _records(documents, "timeline", []),
                                     _records(documents, "entities", []))
        story.entities = entities
        # the brief (present/brief.py) reads the documents in their report shape, as parsed: encoding
        # the records back for it would cost more than decoding them
        brief = brief_from(story, articles, _facts(documents.get("facts") if facts.claims or facts.measures else None),
                           [e for e in documents.get("timeline") or [] if isinstance(e, dict)] if timeline else [],
                           summary=documents.get("summary"))
        row = story_row(story, articles)

        def refs(citations) -> list[Ref]:
            return [Ref(c, cite_href(c), " ".join(by_id[c.article_id].text[c.start:c.end].split()))
                    for c in citations if c.article_id in by_id]

        figure_rows = [(f, [(v, refs(v.citations)) for v in f.values]) for f in brief.figures]
        known = self._known_entities([e.id for e in entities])
        current_names_from(known, entities)
        grouped: dict[str, list[tuple[Entity, str]]] = {t: [] for t in ENTITY_TYPES}
        for entity in sorted(entities, key=lambda e: (-len(e.mentions), e.name)):
            href = entity_href(entity.id) if entity.id in known else _first_mention_href(entity, by_id)
            grouped.setdefault(entity.type if entity.type in grouped else "other", []).append((entity, href))
        events = [(ev, _one_per_outlet(refs(_citations(ev.sources, by_id)))) for ev in facts.events]
        places = [geo.Place(e.name, e.lat, e.lon, "place", f"{len(e.mentions)} mentions",
                            href=entity_href(e.id) if e.id in known else "", anchor=e.country is not None)
                  for e in entities if e.type == "place" and e.lat is not None and e.lon is not None]
        for number, (ev, _) in enumerate(events):
            if _is_number(ev.latitude) and _is_number(ev.longitude):
                where = str(ev.place or "")
                when = date_text(ev.date) if ev.date else ""
                what = str(ev.type or "event")
                places.append(geo.Place(" · ".join(x for x in (what, where, when) if x), ev.latitude,
                                        ev.longitude, "event", "open the event", href=f"#ev-{number}",
                                        label=" · ".join(x for x in (what, when) if x)))
        on_map, off_map = geo.fit(places)
        bars, off_axis = _timeline_bars(brief, timeline)
        outlet_counts = Counter(outlet_name(a) for a in articles)
        return StoryPage(
            story=story, row=row, thread=self.thread(story.thread_id), brief=brief,
            brief_html=Markup(render_html(brief, href=cite_href)),
            timeline_svg=svg.chart(bars, label="Timeline of the story"), figures=figure_rows, entities=grouped,
            entity_list=entities, map_svg=geo.map_svg(on_map),
            quotes=[(q, _one_per_outlet(refs(_citations(q.sources, by_id)))) for q in facts.quotes],
            events=events, articles=articles, facts=facts, timeline=timeline,
            who=_who_reported(brief, figure_rows), off_axis=off_axis,
            off_map=sorted({p.name for p in off_map}),
            outlets=sorted(outlet_counts.items(), key=lambda kv: (-kv[1], kv[0])),
            figure_sources=[sum(len(refs) for _, refs in values) for _, values in figure_rows],
        )

    def _known_entities(self, ids: list[str]) -> dict[str, str]:
        """Which of these ids the store-wide entity index has (those get an entity page), with the
        name it gives each now (a story keeps the names its entities had when it was analysed)."""
        return canonical_names_of(self.store, ids)

    # -- an article -----------------------------------------------------------------------------
    def article_page(self, article_id: str) -> ArticlePage:
        return self._build_article(article_id)

    def _build_article(self, article_id: str) -> ArticlePage:
        store = self.store
        article = store.article(article_id)
        annotations: list[Annotation] = []
        # the story's row from the index (three statements fewer than `store.story`), the store when
        # the index does not list it
        row = self.story_rows([article.story_id]).get(article.story_id) if article.story_id else None
        story_id = row.id if row is not None else None
        if article.story_id and row is None:
            try:
                story_id = store.story(article.story_id).id
            except NotFoundError:
                story_id = None
        if story_id is not None:
            documents = stored_documents(store, "story", story_id)
            for entity in _records(documents, "entities", []):
                annotations += [Annotation(m.start, m.end, _kind(entity.type), f"{entity.name} ({entity.type})")
                                for m in entity.mentions
                                if m.article_id == article.id and article.text[m.start:m.end] == m.text]
            facts = _records(documents, "facts", FactsResult())
            for measure in facts.measures:
                for claim in facts.claims_of(measure):
                    note = f"{measure.label}: {claim_text(claim)} ({measure.status or 'single'})"
                    annotations += [Annotation(int(s.start), int(s.end), "figure", note)
                                    for s in claim.sources if s.article_id == article.id and _is_span(s)]
        else:
            annotations += [Annotation(m.start, m.end, _kind(_LABEL_TYPES.get(m.label, "other")), f"{m.text} ({m.label})")
                            for m in article.mentions if article.text[m.start:m.end] == m.text]
        annotations += [Annotation(t.start, t.end, "date", f"{t.type.lower()} {t.value}")
                        for t in article.times if article.text[t.start:t.end] == t.text]
        counts = Counter("entity" if a.kind in ENTITY_TYPES else a.kind for a in annotations)
        origins = ([(article.duplicate_of, None)] if article.duplicate_of else []) + list(article.derived_from)
        rows = store.rows_by_id([i for i, _ in origins])
        copied_from = [Copied(i, rows.get(i), share) for i, share in origins]
        copied_by = self.copied_by(article.id)
        return ArticlePage(article, row, highlight(article.text, annotations), counts, copied_from, copied_by)

    def copied_by(self, article_id: str) -> list[Copied]:
        """The articles in the store that copy this one's text, oldest first, with their publishers."""
        copies = self._copied_by().get(article_id, [])
        rows = self.store.rows_by_id([i for i, _, _ in copies])
        return sorted((Copied(i, rows[i], share, publisher) for i, share, publisher in copies if i in rows),
                      key=lambda c: (c.row.published or "", c.article_id))

    # -- a thread -------------------------------------------------------------------------------
    def thread_page(self, thread_id: str) -> ThreadPage:
        return self._build_thread(thread_id)

    def _key_dates(self, thread: Thread, rows: list[StoryRow]) -> list[tuple[dict, StoryRow | None]]:
        """The thread's key dates (timex.keydates over all its articles), each with its most
        representative sentence and the story that sentence belongs to."""
        from newsfuse.present.timelines import thread_key_dates

        store = self.store
        story_of = {a: row for row in rows for a in store.story(row.id).article_ids}
        out = []
        for day in thread_key_dates(store, thread, None, 1):
            first = day.sentences[0] if day.sentences else None
            out.append(({"date": day.date, "precision": "day", "text": first.text if first else "",
                         "outlets": day.outlets}, story_of.get(first.article_id) if first else None))
        return out

    def _build_thread(self, thread_id: str) -> ThreadPage:
        thread = self.thread(thread_id)
        if thread is None:
            raise NotFoundError("thread", thread_id)
        by_id = self.story_rows(thread.story_ids)
        rows = sorted((by_id[s] for s in thread.story_ids if s in by_id), key=lambda r: (r.date_start or "", r.id))
        bars = []
        for row in rows:
            first, last = svg.span_of(row.date_start), svg.span_of(row.date_end or row.date_start)
            if first and last:
                bars.append(svg.Bar(row.title, first[0], max(last[1], first[0]), href=svg.story_href(row.id),
                                    tooltip=f"{row.title} ({row.article_count} articles)"))
        page = ThreadPage(thread, rows, svg.chart(bars, label="Stories of the thread on a time axis"))
        store = self.store
        entries: list[dict] = []
        entities: dict[str, list] = {}
        for row in rows:
            documents = stored_documents(store, "story", row.id)
            timeline = _records(documents, "timeline", [])
            for entry, shape in zip(timeline, timeline_to_dicts(timeline)):  # key_dates reads the report shape
                entries.append({**shape, "story_id": row.id})
                if entry.conflict:
                    others = [(date_text(c.date), ", ".join(c.outlets), "") for c in entry.conflicts]
                    page.conflicts.append((f"{date_text(entry.date)}: {entry.text}", others, record_sources(entry)))
            for entity in _records(documents, "entities", []):
                entities.setdefault(entity.id or entity.name, []).append(entity)
        page.key_dates = self._key_dates(thread, rows) or [(e, by_id.get(e.get("story_id", "")))
                                                           for e in key_dates(entries)]
        known = self._known_entities(list(entities))
        ranked = sorted(entities.items(), key=lambda kv: (-len(kv[1]), -sum(len(e.mentions) for e in kv[1]), kv[0]))
        for key, found in ranked:
            kind = found[0].type if found[0].type in ("person", "org", "place") else None
            if kind and len(page.entities.setdefault(kind, [])) < 10:
                page.entities[kind].append((entity_href(key) if key in known else "", known.get(key, found[0].name),
                                            len(found)))
        places = [geo.Place(known.get(k, f[0].name), f[0].lat, f[0].lon, "place", f"in {len(f)} stories",
                            href=entity_href(k) if k in known else "", anchor=f[0].country is not None)
                  for k, f in ranked if f[0].type == "place" and f[0].lat is not None and f[0].lon is not None]
        page.map_svg = geo.map_svg(geo.fit(places)[0], label="Map of the places of the thread")
        page.outlets = sorted(Counter(o for r in rows for o in r.outlets).items(), key=lambda kv: (-kv[1], kv[0]))
        self._thread_figures(page)
        return page

    def _thread_figures(self, page: ThreadPage) -> None:
        """Figures cross-checked over the thread's stories: the ones that changed become small charts,
        the conflicting ones join the open conflicts."""
        facts = _records(stored_documents(self.store, "thread", page.thread.id, "facts"), "facts", FactsResult())
        wanted = [m for m in facts.measures if m.status in ("changed", "conflicting")]
        ids = sorted({s.article_id for m in wanted for c in facts.claims_of(m) for s in c.sources})
        articles = {a.id: a for a in self.store.articles(ids=ids, with_details=False)} if ids else {}
        for measure in wanted[:12]:
            points = []
            for claim in facts.claims_of(measure):
                for source in claim.sources:
                    article = articles.get(source.article_id)
                    if article is None:
                        continue
                    day = claim.as_of if svg.span_of(claim.as_of) and len(str(claim.as_of)) >= 10 \
                        else (article.published or "")[:10]
                    href = article_href(article.id, source.start, source.end) if _is_span(source) \
                        else article_href(article.id)
                    points.append((day, outlet_name(article), claim_text(claim), href, claim.value))
            points.sort(key=lambda p: (p[0] or "", p[1]))
            label = measure.label
            if measure.status == "conflicting":
                page.conflicts.append((label, [(p[2], p[1], p[3]) for p in points], record_sources(measure)))
                continue
            chart = svg.trend([(svg.span_of(p[0])[0], float(p[4]), f"{p[1]}: {p[2]}, {date_text(p[0])}")
                               for p in points if svg.span_of(p[0]) and _is_number(p[4])], label=f"{label} over time")
            page.trends.append(Trend(label, measure.status, chart,
                                     [(date_text(p[0]) if p[0] else "undated", p[1], p[2], p[3]) for p in points],
                                     record_sources(measure)))

    # -- an entity, an outlet --------------------------------------------------------------------
    def entity_page(self, entity_id: str) -> EntityPage:
        view = entity_view(self.store, entity_id)
        by_id = self.story_rows([s.id for s in view.stories])
        stories = [by_id[s.id] for s in view.stories if s.id in by_id]
        known = self._known_entities([c[0] for c in view.company])
        company = [(entity_href(i) if i in known else "", name, n) for i, name, n in view.company]
        here = [geo.Place(view.name, view.lat, view.lon, "place", view.country or "")] \
            if view.lat is not None and view.lon is not None else []
        return EntityPage(view, stories, company, geo.map_svg(here, label=f"Where {view.name} is"))

    def outlet_page(self, outlet: str) -> OutletPage:
        """An outlet's articles and stories, which of its reports are its own and which copy
        another's text (with from whom), the origins it credits and who credits it."""
        found = self.store.outlet_articles(outlet)
        own = [a for a in found if (a.row.source or "unattributed") == outlet or a.publisher == outlet]
        own_ids = {a.row.id for a in own}
        credited_by = [a.row for a in found if a.row.id not in own_ids and outlet in a.credits]
        if not own and not credited_by:  # an agency only credited by others still has its page
            raise NotFoundError("outlet", outlet)
        rows = [a.row for a in own]
        per_story = Counter(r.story_id for r in rows if r.story_id)
        by_id = self.story_rows(per_story)
        stories = sorted(((by_id[s], n) for s, n in per_story.items() if s in by_id),
                         key=lambda sn: (sn[0].date_start or "", sn[0].id), reverse=True)
        dates = sorted(r.published[:10] for r in rows if r.published)
        newest = sorted(own, key=lambda a: (a.row.published or "", a.row.id), reverse=True)
        sources = self.store.rows_by_id([i for a in newest for i in (
            [a.duplicate_of] if a.duplicate_of else []) + [d for d, _ in a.derived_from]])
        copied = [(a.row, ([Copied(a.duplicate_of, sources.get(a.duplicate_of), None)] if a.duplicate_of else [])
                   + [Copied(d, sources.get(d), share) for d, share in a.derived_from])
                  for a in newest if a.duplicate_of or a.derived_from]
        credits = Counter(c for a in own for c in a.credits if c != outlet)
        return OutletPage(outlet, [a.row for a in newest], stories, dates[0] if dates else None,
                          dates[-1] if dates else None, len(copied),
                          originals=[a.row for a in newest if not (a.duplicate_of or a.derived_from)],
                          copied=copied, credits=sorted(credits.items(), key=lambda kv: (-kv[1], kv[0])),
                          credited_by=credited_by)


AXIS_MARGIN = 45  # days beyond the story's first and last report that its timeline axis still shows


def _timeline_bars(brief: Brief, entries: list[TimelineEntry]) -> tuple[list[svg.Bar], list[tuple[int, object, str]]]:
    """The timeline's rows on an axis fitted to the story's dates, and the items left off it with
    the reason: background (an earlier development the reports recall) or far outside the story."""
    kinds = {(e.date, e.text): e.kind or "event" for e in entries}
    first, last = svg.span_of(brief.date_start), svg.span_of(brief.date_end or brief.date_start)
    low = first[0] - timedelta(days=AXIS_MARGIN) if first else None
    high = last[1] + timedelta(days=AXIS_MARGIN) if last else None
    bars, off = [], []
    for number, item in enumerate(brief.timeline):
        span = svg.span_of(item.date, item.precision)
        if span is None:
            continue
        if kinds.get((item.date, item.text)) == "background":
            off.append((number, item, "background"))
            continue
        if low and high and (span[1] - span[0]).days > 62 and (high - low).days < 365:
            off.append((number, item, "too vague for the axis"))  # "2023" on a story of one week
            continue
        if low and high and (span[1] < low or span[0] > high):
            off.append((number, item, "planned, after the story" if span[0] > high else "long before the story"))
            continue
        marks = tuple(d for d in (s[0] for s in (svg.span_of(c) for c in item.conflicts) if s)
                      if not (low and high) or low <= d <= high)
        bars.append(svg.Bar(f"{date_text(item.date, item.precision)}: {item.text}", span[0], span[1],
                            href=f"#tl-{number}", tooltip=item.text, css="planned" if item.planned else "",
                            marks=marks))
    return bars, off


def _who_reported(brief: Brief, figure_rows) -> WhoReported | None:
    outlets = list(brief.outlets)
    if not figure_rows or not outlets:
        return None
    rows = []
    for figure, values in figure_rows[:40]:
        cells: list[list[tuple[str, Ref]]] = [[] for _ in outlets]
        for value, refs in values:
            for ref in refs:
                if ref.citation.outlet in outlets:
                    cell = cells[outlets.index(ref.citation.outlet)]
                    if all(text != value.text for text, _ in cell):
                        cell.append((value.text, ref))
        rows.append((figure, cells))
    return WhoReported(outlets, rows)


def _one_per_outlet(refs: list[Ref]) -> list[Ref]:
    """The first citation of each outlet, in order: a list of outlets, not of sentences."""
    seen: set[str] = set()
    return [r for r in refs if not (r.citation.outlet in seen or seen.add(r.citation.outlet))]


def stored_documents(store: ReadOnlyStore, scope: str, key: str, kind: str | None = None) -> dict[str, object]:
    """The analysis documents of a story or thread as stored JSON, in one query.

    The pages read the documents' dicts as they are (every field through .get): decoding them
    into records and encoding them back, as the shared views do, was a third of a story page."""
    query, params = "SELECT kind, body FROM analysis WHERE scope = ? AND key = ?", (scope, key)
    if kind is not None:
        query, params = query + " AND kind = ?", (scope, key, kind)
    found = {}
    for row in store.conn.execute(query, params):
        try:
            found[row[0]] = json.loads(row[1])
        except ValueError:  # a damaged document reads as missing; `newsfuse check` reports it
            continue
    return found


def _records(documents: dict[str, object], kind: str, default):
    """A parsed document as its records (store/results.py); a damaged one reads as `default`, as
    a missing one does (`newsfuse check` reports it)."""
    body = documents.get(kind)
    if body is None:
        return default
    try:
        return decode_document(kind, body)
    except (TypeError, ValueError, AttributeError, KeyError):
        return default


def _citations(sources, articles: dict[str, Article]) -> tuple[Citation, ...]:
    """Citations of a result's sources (facts.records.Source), to the sentence around each."""
    return source_citations([{"article_id": s.article_id, "start": s.start, "end": s.end} for s in sources], articles)


def record_sources(item: object) -> Sources | None:
    """`sources_of` for a result record (a measure, claim, timeline entry, event or quote): the
    outlets and independent sources behind it, when it has them."""
    if isinstance(item, Sources) or item is None:
        return item
    if isinstance(item, dict):
        return sources_of(item)
    if not hasattr(item, "outlets") or not hasattr(item, "independent_sources"):
        return None
    return sources_of({"outlets": item.outlets, "independent_sources": item.independent_sources,
                       "rests_on": getattr(item, "rests_on", "")})


def _facts(body: object) -> dict:
    body = body if isinstance(body, dict) else {}
    return {key: [item for item in body.get(key) or [] if isinstance(item, dict)]
            for key in ("claims", "measures", "events", "quotes")}


def _kind(entity_type: str) -> str:
    return entity_type if entity_type in ENTITY_TYPES else "other"


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_span(source) -> bool:
    return _is_number(source.start) and _is_number(source.end)


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
