"""The web app's pages and API, what it refuses to do, and what hostile articles cannot do to it."""

from __future__ import annotations

import html
import re
import sqlite3
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from webstores import EARNINGS, FLOOD, IMG, LONG_WORD, XSS, build_store

from newsfuse.web import create_app

pytestmark = pytest.mark.filterwarnings("ignore:Using .httpx. with .starlette.testclient.:Warning")


def client_for(db, **kwargs):
    from fastapi.testclient import TestClient

    return TestClient(create_app(db, **kwargs), base_url="http://127.0.0.1")


@pytest.fixture
def small(small_db):
    path, made = small_db
    return client_for(path), made


class Page(HTMLParser):
    """Every tag and attribute of a page, and its text, to check what a browser would see."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def with_attr(self, name: str, value: str | None = None) -> list[dict]:
        return [a for _, a in self.tags if name in a and (value is None or a[name] == value)]


# -- pages ----------------------------------------------------------------------------------------

def test_story_list_links_every_story(small):
    client, made = small
    page = Page(client.get("/").text)
    rows = page.with_attr("data-story-id")
    assert {r["data-story-id"] for r in rows} == {"s-flood", "s-earnings"}
    assert any(a.get("href") == "/story/s-flood" for _, a in page.tags)


def test_story_list_filters_by_words_date_and_outlet(small):
    client, _ = small
    ids = lambda url: {a["data-story-id"] for a in Page(client.get(url).text).with_attr("data-story-id")}  # noqa: E731
    assert ids("/?q=Quillbyte") == {"s-earnings"}
    assert ids("/?q=evacuated+Lindmark") == {"s-flood"}
    assert ids("/?q=nonexistentword") == set()
    assert ids("/?date_from=2023-10-20") == {"s-earnings"}
    assert ids("/?date_to=2023-10-20") == {"s-flood"}
    assert ids("/?outlet=Lowland+Courier") == {"s-flood"}
    assert client.get("/?date_from=yesterday").status_code == 400


def test_search_snippet_marks_the_match(small):
    client, _ = small
    body = client.get("/?q=Quillbyte").text
    assert "<mark>Quillbyte</mark>" in body


def test_story_page_has_every_part(small):
    client, made = small
    response = client.get("/story/s-flood")
    assert response.status_code == 200
    body = response.text
    page = Page(body)
    for section in ("brief", "timeline", "figures", "entities", "map", "quotes", "articles"):
        assert page.with_attr("id", section), section
    statuses = {a["data-status"] for a in page.with_attr("data-status")}
    assert statuses == {"agreed", "conflicting", "changed"}
    assert "<svg class=\"chart\"" in body and "<svg class=\"map\"" in body
    assert "Henrike Söllner" in body  # entities
    assert "the water rose 3.2 metres above normal" in body  # quotes
    assert {a["data-article-id"] for a in page.with_attr("data-article-id")} >= {a.id for a in made["s-flood"]}


def test_figures_show_their_sources_on_hover_and_expand(small):
    client, made = small
    page = Page(client.get("/story/s-flood").text)
    hovered = [a["title"] for a in page.with_attr("title") if "[Valley Gazette]" in a["title"]]
    assert any("about 2,300 residents" in t for t in hovered)
    assert [t for t, _ in page.tags].count("details") == 3


def test_brief_citations_point_at_sentences_the_article_page_marks(small):
    client, made = small
    story = Page(client.get("/story/s-flood").text)
    links = [a["href"] for a in story.with_attr("class", "cite") if a["href"].startswith("/article/")]
    assert links
    for link in links[:8]:
        path, anchor = link.split("#")
        article = Page(client.get(path).text)
        assert article.with_attr("id", anchor), f"{link} has no sentence with that anchor"


def test_article_page_highlights_entities_dates_and_figures(small):
    client, made = small
    gazette = made["s-flood"][0]
    body = client.get(f"/article/{gazette.id}").text
    page = Page(body)
    marks = [a for t, a in page.tags if t == "mark" and "title" in a]
    classes = " ".join(a["class"] for a in marks)
    assert "ent person" in classes and "ent place" in classes and "date" in classes and "fig" in classes
    assert any(a["title"] == "Henrike Söllner (person)" for a in marks)
    assert any("residents evacuated: about 2,300 residents (conflicting)" in a["title"] for a in marks)
    # the text is all there, in order, once the markup is taken away
    article_text = body.split('<article class="text" dir="auto">')[1].split("</article>")[0]
    assert html.unescape(re.sub(r"<[^>]+>", "", article_text)) == gazette.text


def test_article_page_shows_removed_boilerplate_apart(small):
    client, made = small
    body = client.get(f"/article/{made['s-flood'][0].id}").text
    removed = body.split("Removed as boilerplate")[1]
    assert "Share this story on social media" in removed and "related links" in removed


def test_thread_page_puts_its_stories_on_a_time_axis(small):
    client, _ = small
    body = client.get("/thread/t-flood").text
    assert '<svg class="chart"' in body and 'href="/story/s-flood"' in body
    assert client.get("/threads").status_code == 200


def test_unknown_ids_are_404_pages(small):
    client, _ = small
    for url in ("/story/s-nothing", "/article/nothing", "/thread/t-nothing"):
        response = client.get(url)
        assert response.status_code == 404 and "Not found" in response.text
    assert client.get("/api/stories/s-nothing").json() == {"detail": "no story 's-nothing' in the store"}
    assert client.get("/api/stories/s-flo").json()["id"] == "s-flood"  # a unique prefix is enough
    assert client.get("/story/s-").status_code == 404  # too short to be a prefix


def test_story_and_thread_pages_search_their_own_articles(small):
    client, _ = small
    for url, field, value in (("/story/s-flood", "story", "s-flood"), ("/thread/t-flood", "thread", "t-flood")):
        form = re.search(r'<form class="inline-search" action="/".*?</form>', client.get(url).text, re.S).group()
        assert f'name="{field}" value="{value}"' in form and 'name="q"' in form
    hits = client.get("/", params={"q": "Lindmark", "story": "s-flood"}).text
    assert re.findall(r'class="story-row" data-story-id="([^"]+)"', hits) == ["s-flood"] and "<mark>" in hits
    assert 'data-story-id="s-earnings"' not in client.get("/", params={"q": "Lindmark OR Quillbyte", "thread": "t-flood"}).text


def test_a_prefix_that_fits_several_stories_lists_them_instead_of_picking_one(tmp_path):
    path, _ = build_store(tmp_path / "twins.db", {"s-ab01-flood": FLOOD, "s-ab02-earnings": EARNINGS})
    client = client_for(path, cache_mb=0)
    page = client.get("/story/s-ab0")
    assert page.status_code == 400 and '<p class="error"' in page.text
    assert 'href="/story/s-ab01-flood"' in page.text and 'href="/story/s-ab02-earnings"' in page.text
    api = client.get("/api/stories/s-ab0")
    assert api.status_code == 400 and api.json()["candidates"] == ["s-ab01-flood", "s-ab02-earnings"]
    for url in ("/api/stories/s-ab0/brief", "/api/stories/s-ab0/entities"):
        assert client.get(url).status_code == 400
    assert client.get("/story/s-ab01").status_code == 200  # one fits: that one
    assert 'data-story-id="s-ab02-earnings"' in client.get("/story/s-ab02").text


# -- JSON API -------------------------------------------------------------------------------------

def test_api_serves_the_same_data_with_an_openapi_description(small):
    client, made = small
    listing = client.get("/api/stories").json()
    assert listing["total"] == 2 and {s["id"] for s in listing["stories"]} == {"s-flood", "s-earnings"}
    story = client.get("/api/stories/s-flood").json()
    assert story["article_ids"] == [a.id for a in made["s-flood"]]
    assert {m["status"] for m in story["facts"]["measures"]} == {"agreed", "conflicting", "changed"}
    assert story["brief"]["summary"] and story["timeline"]
    assert client.get("/api/stories/s-flood/brief").json() == story["brief"]
    assert any(e["name"] == "Henrike Söllner" for e in client.get("/api/stories/s-flood/entities").json())
    article = client.get(f"/api/articles/{made['s-flood'][0].id}").json()
    assert article["text"] == made["s-flood"][0].text and article["mentions"] and article["removed"]
    assert client.get("/api/threads").json()[0]["story_ids"] == ["s-flood"]
    assert client.get("/api/threads/t-flood").json()["stories"][0]["id"] == "s-flood"
    assert client.get("/api/search", params={"q": "Quillbyte"}).json()[0]["story_id"] == "s-earnings"
    assert {o["outlet"] for o in client.get("/api/outlets").json()} >= {"Valley Gazette", "Ledger Markets"}
    spec = client.get("/api/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/search"} <= set(spec["paths"])
    assert all("/story/" not in path for path in spec["paths"])  # pages are not API
    api_page = client.get("/api").text
    assert "/api/openapi.json" in api_page and "/api/stories/{story_id}" in api_page


# -- read-only, local, contained ------------------------------------------------------------------

def test_only_read_requests_are_served(small):
    client, _ = small
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        response = client.request(method, "/api/stories")
        assert response.status_code == 405 and response.headers["allow"] == "GET, HEAD"
    assert client.head("/story/s-flood").status_code == 200


def test_the_store_is_opened_read_only(small):
    client, _ = small
    store = client.app.state.site.store
    with pytest.raises(sqlite3.OperationalError):
        store.conn.execute("DELETE FROM articles")
    store.put_analysis("story", "s-flood", "facts", {})  # a view's cache write is dropped, not an error
    assert client.get("/api/stories/s-flood").json()["facts"]["claims"]


def test_no_file_outside_the_package_static_folder_is_served(small, tmp_path):
    client, _ = small
    (tmp_path / "secret.txt").write_text("secret")
    for url in ("/static/../small.db", "/static/..%2fsmall.db", "/static/%2e%2e/%2e%2e/small.db",
                "/static/../../../../etc/passwd", f"/static/{quote(str(tmp_path / 'secret.txt'))}",
                "/small.db", "/static/", "/article/..%2F..%2Fsmall.db"):
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert "secret" not in response.text and "SQLite format" not in response.text
    assert client.get("/static/style.css").status_code == 200


def test_requests_for_other_host_names_are_refused(small_db):
    path, _ = small_db
    client = client_for(path)
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200
    open_client = client_for(path, host="0.0.0.0")  # every bind checks the Host header, a wildcard too
    assert open_client.get("/", headers={"host": "newsfuse.lan"}).status_code == 400
    allowed = client_for(path, host="0.0.0.0", allowed_hosts=["newsfuse.lan"])
    assert allowed.get("/", headers={"host": "newsfuse.lan:8000"}).status_code == 200
    assert allowed.get("/", headers={"host": "attacker.example"}).status_code == 400
    named = client_for(path, host="10.0.0.7")
    assert named.get("/", headers={"host": "10.0.0.7:8000"}).status_code == 200


def test_pages_forbid_scripts_from_anywhere_else(small):
    client, _ = small
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    assert client.get("/").headers["x-content-type-options"] == "nosniff"


def test_pages_load_nothing_from_elsewhere(small):
    client, made = small
    for url in ("/", "/story/s-flood", f"/article/{made['s-flood'][0].id}", "/thread/t-flood", "/api"):
        page = Page(client.get(url).text)
        for tag, attrs in page.tags:
            for name in ("src", "href"):
                value = attrs.get(name) or ""
                if tag in ("script", "link", "img") and value:
                    assert value.startswith(("/static/", "data:")), (url, tag, value)


# -- hostile articles -----------------------------------------------------------------------------

def hostile_pages(client, made):
    story_id = next(iter(made))
    articles = made[story_id]
    thread = client.get("/api/threads").json()[0]["id"]
    story = client.get(f"/story/{quote(story_id, safe='')}").text
    linked = sorted(set(re.findall(r'href="(/(?:entity|outlet)/[^"#]+)"', story)))
    assert any(u.startswith("/outlet/") for u in linked)
    urls = ["/", "/?q=Kosovo", "/threads", f"/story/{quote(story_id, safe='')}", f"/thread/{quote(thread, safe='')}",
            *[f"/article/{a.id}" for a in articles], *[html.unescape(u) for u in linked]]
    return {url: client.get(url) for url in urls}


def test_nothing_from_a_hostile_article_can_run_or_link_out(hostile_db):
    path, made = hostile_db
    client = client_for(path)
    for url, response in hostile_pages(client, made).items():
        assert response.status_code == 200, url
        page = Page(response.text)
        scripts = [a for t, a in page.tags if t == "script"]
        assert scripts == [{"src": "/static/app.js"}], url
        for tag, attrs in page.tags:
            assert not [n for n in attrs if n.startswith("on")], (url, tag, attrs)
            for name in ("href", "src", "action", "xlink:href"):
                assert not (attrs.get(name) or "").strip().lower().startswith(("javascript:", "data:text")), (url, tag)
            assert tag not in ("img", "iframe", "object", "embed") or attrs.get("rel") == "icon", (url, tag)


def test_hostile_text_is_shown_as_text(hostile_db):
    path, made = hostile_db
    client = client_for(path)
    pages = hostile_pages(client, made)
    story = next(r for u, r in pages.items() if u.startswith("/story/"))
    text = "".join(Page(story.text).text)
    assert XSS in text and IMG in text  # visible, literally
    article = next(r for u, r in pages.items() if u.startswith("/article/")).text
    assert XSS in "".join(Page(article).text) and "&lt;script&gt;" in article
    assert 'href="javascript:' not in article and "javascript:alert(3)" in article  # shown, not linked


def test_long_words_and_right_to_left_text_cannot_break_the_layout(hostile_db):
    path, made = hostile_db
    client = client_for(path)
    css = client.get("/static/style.css").text
    assert "overflow-wrap: anywhere" in css
    pages = hostile_pages(client, made)
    article = next(r for u, r in pages.items() if u.startswith("/article/")).text
    assert LONG_WORD in article
    story = next(r for u, r in pages.items() if u.startswith("/story/")).text
    # outlet names and titles from articles sit in isolating elements, so a right-to-left override
    # inside them cannot reorder the page around them
    assert re.search(r'<a class="outlet" href="/outlet/[^"]+"><bdi>\u202eevil', story)
    assert re.search(r'<a href="/article/[0-9a-f]+" dir="auto">\u202eevil', story)


def test_hostile_json_is_still_json(hostile_db):
    path, made = hostile_db
    client = client_for(path)
    story_id = next(iter(made))
    body = client.get(f"/api/stories/{quote(story_id, safe='')}").json()
    assert body["id"] == story_id and body["facts"]["quotes"][0]["text"] == XSS
    assert client.get(f"/api/stories/{quote(story_id, safe='')}").headers["content-type"] == "application/json"


def test_a_store_that_changes_while_serving_is_shown_fresh(small_db, monkeypatch):
    import newsfuse.web.pages as pages
    from newsfuse.store import Store

    monkeypatch.setattr(pages, "GENERATION_TTL", 0.0)
    path, _ = small_db
    client = client_for(path)
    assert "Flood season." in client.get("/story/s-flood").text
    with Store(path) as store:
        store.put_analysis("story", "s-flood", "timeline", [])
    assert "Flood season." not in client.get("/story/s-flood").text


def test_an_unreadable_store_fails_at_start(tmp_path):
    from newsfuse.errors import StoreError

    with pytest.raises(StoreError):
        create_app(tmp_path / "missing.db")
    (tmp_path / "notes.db").write_text("not a database " * 100)
    with pytest.raises(StoreError):
        create_app(tmp_path / "notes.db")
