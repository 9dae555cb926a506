"""The story and thread lists page by the last row shown ("older →" carries it), count up to a bound,
and the search form suggests a few threads instead of listing every thread of the archive."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from newsfuse.models import Article, Story, Thread
from newsfuse.store import Store
from newsfuse.web import pages
from newsfuse.web.app import create_app

STORIES, THREADS = 130, 120


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("paging") / "paging.db"
    articles, stories = [], []
    for n in range(STORIES):
        day = f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}"
        stories.append(Story(f"s-{n:03d}", f"Bridge story {n}", [], f"t-{n % THREADS:03d}", day, day))
        articles.append(Article(id=f"a{n:03d}", path=f"/in/{n}", raw="x", title=f"Report {n}", text=f"Report {n}.",
                                source="Harbourline News" if n % 2 else "Valden Gazette", published=day,
                                story_id=f"s-{n:03d}", content_hash=f"h{n}"))
    with Store(path) as store, store.atomic() as conn:
        store.add_articles(articles, conn)
        store.add_records(stories, [Thread(f"t-{i:03d}", f"Thread about {'ferries' if i % 10 == 0 else 'roads'} {i}", [])
                                    for i in range(THREADS)], conn)
    newest = [s.id for s in sorted(stories, key=lambda s: (s.date_start, s.id), reverse=True)]
    return TestClient(create_app(path, cache_mb=0), base_url="http://127.0.0.1"), newest


def _rows(html: str) -> list[str]:
    return re.findall(r'data-story-id="([^"]+)"', html)


def _older(html: str) -> str | None:
    found = re.search(r'<a href="(\?[^"]*)">older', html)
    return unescape(found.group(1)) if found else None


def test_older_links_walk_every_story_once_newest_first(archive):
    client, newest = archive
    seen, url, pages_seen = [], "/", 0
    while url is not None:
        html = client.get(url).text
        seen += _rows(html)
        pages_seen += 1
        url = _older(html)
        if url is not None:
            assert parse_qs(urlsplit(url).query)["after"] == [seen[-1]]  # the key of the last row shown
    assert seen == newest and pages_seen == -(-STORIES // pages.PAGE_SIZE)
    assert f"{STORIES} stories" in client.get("/").text


def test_a_filtered_list_pages_within_the_filter(archive):
    client, newest = archive
    html = client.get("/?outlet=Valden+Gazette").text
    rows = _rows(html)
    assert rows == [s for s in newest if int(s[2:]) % 2 == 0][:pages.PAGE_SIZE]
    following = _rows(client.get("/" + _older(html)).text)
    assert following and following[0] == [s for s in newest if int(s[2:]) % 2 == 0][pages.PAGE_SIZE]


def test_a_large_count_is_said_as_a_bound(archive, monkeypatch):
    client, _ = archive
    monkeypatch.setattr(pages, "COUNT_MOST", 100)
    html = client.get("/").text
    assert "more than 100 stories" in html and len(_rows(html)) == pages.PAGE_SIZE and _older(html)
    listing = client.get("/api/stories").json()
    assert listing["total"] == 100 and listing["exact"] is False and listing["next_after"] == listing["stories"][-1]["id"]
    again = client.get("/api/stories", params={"after": listing["next_after"]}).json()
    assert again["stories"][0]["id"] not in {s["id"] for s in listing["stories"]}


def test_the_search_form_suggests_few_threads_and_looks_up_others(archive):
    client, _ = archive
    html = client.get("/").text
    datalist = html[html.index('<datalist id="thread-choices">'):html.index("</datalist>")]
    assert 0 < datalist.count("<option") <= pages.THREAD_CHOICES < THREADS  # not one per thread
    assert '<input type="text" name="thread"' in html
    assert html.count('<option value="') - datalist.count("<option") <= 3  # the outlets: two, and "any"
    found = client.get("/api/threads", params={"q": "ferries", "limit": 5}).json()
    assert len(found) == 5 and all("ferries" in t["title"] for t in found)
    assert [t["id"] for t in client.get("/api/threads", params={"q": "t-007"}).json()][0] == "t-007"
    chosen = client.get("/", params={"thread": "t-007"}).text
    assert 'value="t-007" selected' in chosen and set(_rows(chosen)) == {f"s-{n:03d}" for n in range(STORIES) if n % THREADS == 7}
    assert client.get("/", params={"thread": "t-nope"}).status_code == 400


def test_threads_page_by_title(archive):
    client, _ = archive
    html = client.get("/threads").text
    first = re.findall(r'data-thread-id="([^"]+)"', html)
    assert len(first) == pages.THREAD_PAGE
    nxt = re.search(r'href="(/threads\?after=[^"]+)"', html).group(1)
    rest = re.findall(r'data-thread-id="([^"]+)"', client.get(unescape(nxt)).text)
    assert len(first) + len(rest) == THREADS and not set(first) & set(rest)
    titles = {t["id"]: t["title"] for t in client.get("/api/threads").json()}
    assert [titles[t] for t in first + rest] == sorted(titles.values())
