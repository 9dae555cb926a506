"""The newsfuse web app: server-rendered pages over one store, and the same data as JSON under /api.

Read-only: the store is opened with SQLite's `mode=ro`, only GET and HEAD are answered, and the
only files served are the package's own static files. Every page works offline: styles, the one
small script and the map outlines ship in the package. Pages carry a Content-Security-Policy that
allows scripts from this server only, so nothing in an article can run even if it slipped past the
escaping.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape

from newsfuse.format import date_range, date_text
from newsfuse.present.brief import brief_dict, html_sources, outlet_name
from newsfuse.errors import AmbiguousError, NotFoundError
from newsfuse.present.report import SCHEMA, article_dict, entity_dict, hit_dict, story_dict
from newsfuse.format import claim_text, number, quantity
from newsfuse.codec import encode
from newsfuse.timex.timeline import timeline_to_dicts
from newsfuse.web.pages import (PAGE_SIZE, BadFilter, Site, article_href, cite_href, entity_href, options, outlet_href,
                                record_sources, thread_href)
from newsfuse.web.svg import story_href
from newsfuse.store.lists import outlet_story_counts, thread_story_counts, threads_matching

READ_METHODS = frozenset({"GET", "HEAD"})
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
# where each kind of id an ambiguous prefix may fit has its page
CANDIDATE_LINKS = {"story": story_href, "article": article_href, "thread": thread_href, "entity": entity_href}
DateParam = Annotated[str, Query(pattern=r"^(\d{4}-\d{2}-\d{2})?$", description="YYYY-MM-DD")]


class Guard:
    """ASGI middleware: answer only read requests, only for the expected host names, with security headers.

    The host check stops DNS rebinding: a web page elsewhere cannot point a name at 127.0.0.1 and
    read the store through a visitor's browser.
    """

    def __init__(self, app, allowed_hosts: frozenset[str] | None) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["method"] not in READ_METHODS:
            return await _plain(send, 405, b"newsfuse serves read requests only", [(b"allow", b"GET, HEAD")])
        if self.allowed_hosts is not None:
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name.lower() not in self.allowed_hosts:
                return await _plain(send, 400, b"unexpected Host header")

        head = scope["method"] == "HEAD"
        if head:  # answered as GET without the body
            scope = {**scope, "method": "GET"}

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _plain(send, status: int, body: bytes, extra: list | None = None) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), *SECURITY_HEADERS, *(extra or [])]})
    await send({"type": "http.response.body", "body": body})


def templates() -> Environment:
    env = Environment(loader=PackageLoader("newsfuse.web", "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True, auto_reload=False)
    env.globals.update(story_href=story_href, article_href=article_href, thread_href=thread_href,
                       cite_href=cite_href, entity_href=entity_href, outlet_href=outlet_href, number=number,
                       claim_text=claim_text, outlet_link=outlet_link, entity_link=entity_link, cite=cite,
                       date_label=_date_label, date_range=_date_range, outlet_name=outlet_name, safe_url=safe_url,
                       options=options, sources_note=sources_note, event_extras=event_extras,
                       casualty_text=casualty_text, figure_rows=figure_rows, who_rows=who_rows,
                       story_rows=story_rows,
                       PAGE_SIZE=PAGE_SIZE)
    return env


def _remembered(function):
    """`function` with its answers kept (pure functions of a few short strings that a page calls
    hundreds of times with the same few values); an argument that cannot be a key is not kept."""
    kept = lru_cache(maxsize=8192)(function)

    def call(*args):
        try:
            return kept(*args)
        except TypeError:  # an unhashable value from a damaged document
            return function(*args)

    call.__doc__ = function.__doc__
    return call


_date_label = _remembered(date_text)
_date_range = _remembered(date_range)


# The helpers below build their few tags with f-strings over escaped values: Markup.format goes
# through string.Formatter, which made them a fifth of a story page's cost.
@_remembered
def outlet_link(name: str) -> Markup:
    # an outlet's name is one of a few dozen: quoting it for its link each time was a tenth of a story page
    return Markup(f'<a class="outlet" href="{escape(outlet_href(name))}"><bdi>{escape(name)}</bdi></a>')


def entity_link(href: str, name: str) -> Markup:
    if href:
        return Markup(f'<a href="{escape(href)}" dir="auto">{escape(name)}</a>')
    return Markup(f"<bdi>{escape(name)}</bdi>")


def cite(ref) -> Markup:
    return Markup(f'<a class="cite" href="{escape(ref.href)}" title="{escape(ref.sentence)}">'
                  f'[<bdi>{escape(ref.citation.outlet)}</bdi>]</a>')


def sources_note(item: object) -> Markup:
    """"4 outlets · 2 independent" for a figure's `Sources` or an analysis item (a result record) that
    has them; nothing otherwise."""
    return Markup(html_sources(record_sources(item)))


EVENT_SHOWN = frozenset({"id", "type", "date", "place", "actor1", "actor2", "fatalities", "injuries", "casualties",
                         "latitude", "longitude", "sources"})


def event_extras(event) -> list[tuple[str, object]]:
    """The fields of an event record the page has no row of its own for, those with a value."""
    return [(name, getattr(event, name)) for name in sorted(event.__dataclass_fields__)
            if name not in EVENT_SHOWN and getattr(event, name) not in (None, "", [], {})]


def casualty_text(casualty) -> str:
    """"at least 3", "about 20": a casualty count of an event as figures are written; "" without one."""
    return quantity(casualty.value, None, casualty.qualifier) if _is_number(casualty.value) else ""


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# The figures and who-reported-what tables hold most of a story page's citations: written here with
# f-strings they cost a third of what the same markup cost as template loops (one escape and one
# Markup per expression there). The output is the markup the template wrote, byte for byte.
def figure_rows(p) -> Markup:
    """The rows of the story page's figures table."""
    out = []
    for number, (figure, values) in enumerate(p.figures):
        status, items = escape(figure.status), []
        for value, refs in values:
            title = "&#10;".join(f"[{escape(r.citation.outlet)}] {escape(r.sentence)}" for r in refs)
            as_of = f' <span class="as-of">as of {escape(_date_label(value.as_of))}</span>' if value.as_of else ""
            items.append(f'    <li title="{title}"><strong>{escape(value.text)}</strong>{as_of}&ensp;'
                         f'{"".join(f"{cite(r)} " for r in refs)}</li>\n')
        count = p.figure_sources[number]
        sources = "".join(f'      <li><a href="{escape(r.href)}">[<bdi>{escape(r.citation.outlet)}</bdi>]</a> '
                          f'<q dir="auto">{escape(r.sentence)}</q></li>\n' for _, refs in values for r in refs)
        out.append(f'<tr class="figure status-{status}" data-status="{status}" '
                   f'data-measure-id="{escape(figure.measure_id)}">\n'
                   f'  <td dir="auto">{escape(figure.label)}</td>\n'
                   f'  <td><span class="badge {status}">{status}</span>{sources_note(figure.sources)}</td>\n'
                   f'  <td><ul class="values">\n{"".join(items)}  </ul></td>\n'
                   f'  <td><details><summary>{count} source sentence{"" if count == 1 else "s"}</summary>\n'
                   f'    <ul class="sources">\n{sources}    </ul></details></td>\n</tr>\n')
    return Markup("".join(out).removesuffix("\n"))


def who_rows(p) -> Markup:
    """The rows of the story page's who-reported-what table (outlets x figures)."""
    out = []
    for figure, cells in p.who.rows:
        status = escape(figure.status)
        row = [f'<tr data-measure-id="{escape(figure.measure_id)}"><th scope="row" dir="auto">{escape(figure.label)} '
               f'<span class="badge {status}">{status}</span></th>\n']
        for cell in cells:
            if cell:
                row.append('<td class="gave">' + "<br>".join(
                    f'<a href="{escape(r.href)}" title="{escape(r.sentence)}">{escape(text)}</a>' for text, r in cell)
                    + "</td>")
            else:
                row.append('<td class="omitted"><span aria-hidden="true">—</span><span class="sr-only">not reported'
                           '</span></td>')
        out.append("".join(row) + "</tr>\n")
    return Markup("".join(out).removesuffix("\n"))


def story_rows(listing) -> Markup:
    """The rows of a story list (with a search's matching articles under each story), as the
    template loop wrote them: fifty rows of a dozen links each were most of a list page in template calls."""
    out = []
    for row in listing.rows:
        count, outlets = row.article_count, row.outlets
        more = f" and {len(outlets) - 6} more" if len(outlets) > 6 else ""
        thread = listing.threads.get(row.thread_id) if row.thread_id else None
        in_thread = (f'&ensp;· thread <a href="{escape(thread_href(row.thread_id))}" dir="auto">{escape(thread)}</a>'
                     if thread is not None else "")
        out.append(f'  <li class="story-row" data-story-id="{escape(row.id)}">\n'
                   f'    <a class="story-title" href="{escape(story_href(row.id))}" dir="auto">{escape(row.title)}</a>\n'
                   f'    <div class="meta">\n'
                   f'      {escape(_date_range(row.date_start, row.date_end))}\n'
                   f'      · {count} article{"" if count == 1 else "s"}\n'
                   f'      · {", ".join(outlet_link(o) for o in outlets[:6])}{more}{in_thread}    </div>\n')
        if row.id in listing.hits:
            out.append('    <ul class="hits">\n')
            for hit, snippet in listing.hits[row.id]:
                text = f'<p class="snippet" dir="auto">{escape(snippet)}</p>' if snippet else ""
                out.append(f'      <li class="hit"><a href="{escape(article_href(hit.article_id))}" dir="auto">'
                           f'{escape(hit.title or "(untitled)")}</a> <span class="meta"><bdi>'
                           f'{escape(hit.source or "unattributed")}</bdi> · {escape(_date_label(hit.published))}</span>\n'
                           f'{text}</li>\n')
            out.append("    </ul>\n")
        out.append("  </li>\n")
    if not listing.rows:
        out.append('  <li class="empty">No story matches.</li>\n')
    return Markup("".join(out).removesuffix("\n"))


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain web address; anything else (javascript:, data:) is not linked."""
    return url if url and re.match(r"https?://[^\s\"'<>]+$", url, re.IGNORECASE) else None


def create_app(db: str | Path, *, host: str = "127.0.0.1", cache_mb: float = 256,
               allowed_hosts: Iterable[str] = ()) -> FastAPI:
    """The app over one store file. `host` is the address served; requests must name it, a loopback
    name or one of `allowed_hosts` in their Host header, whatever the address (a wildcard bind such
    as 0.0.0.0 answers local names and the allowed ones only). `cache_mb` bounds the cache of
    rendered pages (0 turns it off)."""
    site = Site(db, cache_mb=cache_mb)
    env = templates()
    app = FastAPI(title="newsfuse", version=SCHEMA, docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  description="Stories fused from many outlets' reports, with cited briefs, figures, timelines and "
                              "entities. Read-only. Shapes follow docs/report-schema.md.")
    app.state.site = site
    app.mount("/static", StaticFiles(directory=str(files("newsfuse.web") / "static")), name="static")

    def render(name: str, **context) -> str:
        return env.get_template(name).render(**context)

    async def cached(key: tuple, build, *, in_thread: bool = False) -> str | bytes:
        """A rendered page or document from the cache, built when missing.

        Builds run on the event loop: they are short and CPU-bound, and handing them to threads
        only adds GIL hand-offs. Full-text searches, which can take longer, run in a thread.
        """
        value = site.lookup(key)
        if value is None:
            value = await run_in_threadpool(build) if in_thread else build()
            site.remember(key, value)
        return value

    def json_bytes(body: object) -> bytes:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    async def json_response(key: tuple, build, *, in_thread: bool = False) -> Response:
        return Response(await cached(key, lambda: json_bytes(build()), in_thread=in_thread),
                        media_type="application/json")

    def error(request: Request, status: int, title: str, message: str, candidates: list[tuple[str, str]] = ()):
        if request.url.path.startswith("/api/"):
            body = {"detail": message}
            if candidates:
                body["candidates"] = [name for name, _ in candidates]
            return JSONResponse(body, status_code=status)
        return HTMLResponse(render("error.html", title=title, message=message, status=status, candidates=candidates),
                            status_code=status)

    @app.exception_handler(AmbiguousError)
    async def ambiguous(request: Request, exc: AmbiguousError):
        href = CANDIDATE_LINKS.get(exc.kind, lambda _: "")
        return error(request, 400, "Which one?", f"'{exc.key}' is the start of more than one {exc.kind} id; "
                     f"give more of it, or pick one:", [(c, href(c)) for c in exc.candidates])

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError):
        return error(request, 404, "Not found", str(exc))

    @app.exception_handler(BadFilter)
    async def bad_filter(request: Request, exc: BadFilter):
        return error(request, 400, "Bad filter", str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', 'invalid')}"
                             for e in exc.errors())
        return error(request, 400, "Bad request", f"this request cannot be answered: {problems}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        title = "Not found" if exc.status_code == 404 else "Error"
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        return error(request, exc.status_code, title, message)

    # -- pages ----------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def stories_html(q: str = "", date_from: DateParam = "", date_to: DateParam = "", outlet: str = "",
                           page: Annotated[int, Query(ge=1, le=1_000_000)] = 1, entity: str = "", thread: str = "",
                           story: str = "", after: str = ""):
        def build() -> str:
            listing = site.story_list(q, date_from, date_to, outlet, page, entity, thread, story, after)
            filters = {"q": q, "date_from": date_from, "date_to": date_to, "outlet": outlet, "entity": entity,
                       "thread": thread, "story": story}
            return render("index.html", title="Search" if q or entity else "Stories", listing=listing,
                          form=site.search_form(outlet, thread, listing), filters=filters, **filters)

        _dates_in_order(date_from, date_to)
        key = ("list", q, date_from, date_to, outlet, page, entity, thread, story, after)
        return HTMLResponse(await cached(key, build, in_thread=bool(q.strip())))

    @app.get("/story/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    async def story_html(story_id: str):
        def build() -> str:
            p = site.story_page(story_id)
            return render("story.html", title=p.story.title, p=p)

        return HTMLResponse(await cached(("story", story_id), build))

    @app.get("/article/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    async def article_html(article_id: str):
        def build() -> str:
            p = site.article_page(article_id)
            return render("article.html", title=p.article.title, p=p)

        return HTMLResponse(await cached(("article", article_id), build))

    @app.get("/thread/{thread_id:path}", response_class=HTMLResponse, include_in_schema=False)
    async def thread_html(thread_id: str):
        def build() -> str:
            p = site.thread_page(thread_id)
            return render("thread.html", title=p.thread.title, p=p)

        return HTMLResponse(await cached(("thread", thread_id), build))

    @app.get("/entity/{entity_id:path}", response_class=HTMLResponse, include_in_schema=False)
    async def entity_html(entity_id: str):
        def build() -> str:
            p = site.entity_page(entity_id)
            return render("entity.html", title=p.entity.name, p=p)

        return HTMLResponse(await cached(("entity", entity_id), build))

    @app.get("/outlet/{outlet:path}", response_class=HTMLResponse, include_in_schema=False)
    async def outlet_html(outlet: str):
        def build() -> str:
            p = site.outlet_page(outlet)
            return render("outlet.html", title=p.name, p=p)

        return HTMLResponse(await cached(("outlet", outlet), build))

    @app.get("/threads", response_class=HTMLResponse, include_in_schema=False)
    async def threads_html(after: str = ""):
        def build() -> str:
            listing = site.thread_list(after)
            return render("threads.html", title="Threads", listing=listing, after=after)

        return HTMLResponse(await cached(("threads", after), build))

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    async def api_html():
        return HTMLResponse(await cached(("api",), lambda: render("api.html", title="JSON API", spec=app.openapi())))

    # -- JSON -----------------------------------------------------------------------------------
    @app.get("/api/stories", tags=["stories"], response_model=StoryListing)
    async def api_stories(q: str = "", date_from: DateParam = "", date_to: DateParam = "", outlet: str = "",
                          page: Annotated[int, Query(ge=1, le=1_000_000)] = 1, entity: str = "", thread: str = "",
                          story: str = "", after: str = ""):
        """Stories, newest first (best match first with `q`), 50 a page, filtered like the story list
        (`entity`: an entity id or name; `thread`, `story`: ids). A filter naming nothing is a 400.
        `total` counts up to 1,000 stories (`exact` false: more match); the next page is the one
        `after` the last story listed (`next_after`, null on the last page), or `page` + 1."""
        _dates_in_order(date_from, date_to)

        def build() -> dict:
            listing = site.story_list(q, date_from, date_to, outlet, page, entity, thread, story, after)
            return {"total": listing.total, "exact": listing.exact, "page": listing.page, "pages": listing.pages,
                    "next_after": listing.after or None, "stories": [_row_dict(r) for r in listing.rows]}

        return await json_response(("api-stories", q, date_from, date_to, outlet, page, entity, thread, story, after),
                                   build,
                                   in_thread=bool(q.strip()))

    @app.get("/api/stories/{story_id:path}/brief", tags=["stories"])
    async def api_brief(story_id: str) -> dict:
        """The story's brief: cited summary sentences, key figures with their status, timeline."""
        return await json_response(("api-brief", story_id), lambda: brief_dict(site.story_page(story_id).brief))

    @app.get("/api/stories/{story_id:path}/entities", tags=["stories"])
    async def api_entities(story_id: str) -> list[dict]:
        """The story's entities with every mention (offsets into each article's text)."""
        return await json_response(("api-entities", story_id),
                                   lambda: [entity_dict(e) for e in site.story_page(story_id).entity_list])

    @app.get("/api/stories/{story_id:path}", tags=["stories"])
    async def api_story(story_id: str) -> dict:
        """A story with its entities, outlets, brief, timeline and facts (claims, measures, events,
        quotes): the report's Story shape (docs/report-schema.md) plus `outlets`, `brief`, `timeline`, `facts`."""
        def build() -> dict:
            p = site.story_page(story_id)
            return story_dict(p.story, {"outlets": list(p.row.outlets), "brief": brief_dict(p.brief),
                                        "timeline": timeline_to_dicts(p.timeline), "facts": encode(p.facts)})

        return await json_response(("api-story", story_id), build)

    @app.get("/api/articles/{article_id:path}", tags=["articles"])
    async def api_article(article_id: str) -> dict:
        """An article: cleaned text, removed boilerplate (offsets into `raw`), mentions and dates
        (offsets into `text`), and `copied_by`: the later articles that copy its text (`share` of
        theirs, null for a near-duplicate)."""
        def build() -> dict:
            article = site.store.article(article_id)
            out = article_dict(article)
            out["removed"] = [{"text": r.text, "reason": r.reason, "start": r.start, "end": r.end}
                              for r in article.removed]
            out["mentions"] = [{"start": m.start, "end": m.end, "text": m.text, "label": m.label}
                               for m in article.mentions]
            out["times"] = [{"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
                            for t in article.times]
            out["copied_by"] = [{"article_id": c.article_id, "share": c.share, "publisher": c.publisher,
                                 "outlet": c.row.source} for c in site.copied_by(article.id)]
            return out

        return await json_response(("api-article", article_id), build)

    @app.get("/api/threads", tags=["threads"])
    async def api_threads(q: str = "", limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict]:
        """Every thread with its story ids, oldest story first; with `q`, at most `limit` threads whose
        title holds `q` (or whose id it is), by title (what the search form's thread field suggests)."""
        def build() -> list[dict]:
            if not q.strip():
                return [{"id": t.id, "title": t.title, "story_ids": t.story_ids} for t in site.store.threads()]
            found = threads_matching(site.store.conn, q.strip(), limit)
            counts = thread_story_counts(site.store.conn, [i for i, _ in found])
            return [{"id": i, "title": title, "stories": counts.get(i, 0)} for i, title in found]

        return await json_response(("api-threads", q, limit), build)

    @app.get("/api/threads/{thread_id:path}", tags=["threads"])
    async def api_thread(thread_id: str) -> dict:
        """A thread and its stories."""
        def build() -> dict:
            p = site.thread_page(thread_id)
            return {"id": p.thread.id, "title": p.thread.title, "stories": [_row_dict(r) for r in p.rows]}

        return await json_response(("api-thread", thread_id), build)

    @app.get("/api/search", tags=["search"])
    async def api_search(q: str, limit: Annotated[int, Query(ge=1, le=500)] = 20) -> list[dict]:
        """Full-text search over articles; `matches` are [start, end) offsets of the matches in `snippet`."""
        return await json_response(("api-search", q, limit), lambda: [hit_dict(h) for h in site.store.search(q, limit)],
                                   in_thread=True)

    @app.get("/api/entities/{entity_id:path}", tags=["entities"])
    async def api_entity(entity_id: str) -> dict:
        """One entity of the store-wide index: spellings by outlet, roles, stories, company kept."""
        def build() -> dict:
            e = site.entity_page(entity_id).entity
            return {"id": e.id, "name": e.name, "type": e.type, "mentions": e.mentions, "lat": e.lat, "lon": e.lon,
                    "country": e.country, "roles": e.roles, "first_seen": e.first_seen, "last_seen": e.last_seen,
                    "spellings": [{"text": t, "count": n, "outlets": o} for t, n, o in e.spellings],
                    "stories": [{"id": s.id, "title": s.title, "mentions": s.mentions} for s in e.stories],
                    "outlets": [{"outlet": o, "mentions": n} for o, n in e.outlets],
                    "co_occurring": [{"id": i, "name": name, "stories": n} for i, name, n in e.company]}

        return await json_response(("api-entity", entity_id), build)

    @app.get("/api/outlets/{outlet:path}", tags=["stories"])
    async def api_outlet(outlet: str) -> dict:
        """One outlet: its articles (newest first), which are its own reports and which copy another's
        text (`copied`, with from whom and how much: `share` null for a near-duplicate), the origins
        it credits, the other outlets' articles that credit it, and its stories."""
        def build() -> dict:
            p = site.outlet_page(outlet)
            def row(a) -> dict:
                return {"id": a.id, "title": a.title, "published": a.published, "story": a.story_id}

            return {"outlet": p.name, "first": p.first, "last": p.last, "copies": p.copies,
                    "articles": [row(a) for a in p.articles], "originals": [a.id for a in p.originals],
                    "copied": [{**row(a), "from": [{"article_id": c.article_id, "share": c.share,
                                                    "outlet": c.row.source if c.row else None} for c in origins]}
                               for a, origins in p.copied],
                    "credits": [{"outlet": name, "articles": n} for name, n in p.credits],
                    "credited_by": [{**row(a), "outlet": a.source} for a in p.credited_by],
                    "stories": [{"id": r.id, "title": r.title, "articles": n} for r, n in p.stories]}

        return await json_response(("api-outlet", outlet), build)

    @app.get("/api/outlets", tags=["stories"])
    async def api_outlets() -> list[dict]:
        """Outlets and how many stories each reported."""
        return await json_response(("api-outlets",), lambda: [
            {"outlet": name, "stories": count} for name, count in outlet_story_counts(site.store.conn)])

    app.add_middleware(Guard, allowed_hosts=host_names(host, allowed_hosts))
    return app


class StoryRowModel(BaseModel):
    id: str
    title: str
    thread: str | None
    date_start: str | None
    date_end: str | None
    article_count: int
    outlets: list[str]


class StoryListing(BaseModel):
    total: int
    exact: bool
    page: int
    pages: int
    next_after: str | None
    stories: list[StoryRowModel]


def _dates_in_order(date_from: str, date_to: str) -> None:
    """A date range must be real days, the first not after the last (else 400)."""
    from datetime import date

    for value in (date_from, date_to):
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise BadFilter("date", value, f"{value!r} is not a day (YYYY-MM-DD)") from None
    if date_from and date_to and date_from > date_to:
        raise BadFilter("date range", date_from, f"the date range starts ({date_from}) after it ends ({date_to})")


def _row_dict(row) -> dict:
    return {"id": row.id, "title": row.title, "thread": row.thread_id, "date_start": row.date_start,
            "date_end": row.date_end, "article_count": row.article_count, "outlets": list(row.outlets)}


def host_names(host: str, allowed_hosts: Iterable[str] = ()) -> frozenset[str]:
    """The Host header names the app answers: loopback names, the address bound (unless a wildcard), the allowed ones."""
    names = set(LOOPBACK_HOSTS)
    if host not in ("0.0.0.0", "::", "[::]", ""):
        names.update({host.lower(), f"[{host.lower()}]" if ":" in host else host.lower()})
    names.update(name.strip().lower() for name in allowed_hosts if name.strip())
    return frozenset(names)


def app_from_env() -> FastAPI:
    """The app for `uvicorn --factory` (several worker processes): the store and host come from the
    environment variables NEWSFUSE_WEB_DB and NEWSFUSE_WEB_HOST; NEWSFUSE_WEB_CACHE_MB bounds the cache."""
    import os

    return create_app(os.environ["NEWSFUSE_WEB_DB"], host=os.environ.get("NEWSFUSE_WEB_HOST", "127.0.0.1"),
                      cache_mb=float(os.environ.get("NEWSFUSE_WEB_CACHE_MB", "256")),
                      allowed_hosts=os.environ.get("NEWSFUSE_WEB_ALLOWED_HOSTS", "").split(","))
