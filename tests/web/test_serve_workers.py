"""`newsfuse serve --workers 2` as a user starts it, and full-text search ranked on the index alone."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from newsfuse.eval.web import _free_port, _worker_pids, serve_command, stop_server
from newsfuse.store import Store, _fts_query


@pytest.fixture
def served(small_db, tmp_path):
    """`newsfuse serve --workers 2 --cache-mb 0` over the small store; killed at teardown."""
    path, _ = small_db
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(serve_command(path, port, workers=2, cache_mb=0), stdout=subprocess.DEVNULL,
                               stderr=log)
    yield process, f"http://127.0.0.1:{port}", tmp_path / "serve.log"
    stop_server(process)
    log.close()


def _first_answer(base: str, process: subprocess.Popen, log: Path, path: str, limit: float = 60.0) -> httpx.Response:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server exited: {log.read_text(errors='replace')[-2000:]}"
        try:
            return httpx.get(base + path, timeout=5)
        except httpx.HTTPError:
            time.sleep(0.2)
    pytest.fail(f"no answer from {base}{path} within {limit:.0f} s")


def test_serve_with_two_workers_answers_a_story_page(served):
    process, base, log = served
    page = _first_answer(base, process, log, "/story/s-flood")
    assert page.status_code == 200
    assert "River bursts its banks in Lindmark" in page.text and "Lowland Courier" in page.text
    # every worker opens the store from the environment `serve` hands them: a run of fresh
    # connections (each may land on either worker) all answer the page
    for _ in range(8):
        with httpx.Client(base_url=base, timeout=5) as client:
            assert client.get("/story/s-flood").status_code == 200
    assert httpx.get(base + "/story/s-nothing", timeout=5).status_code == 404
    if Path("/proc").is_dir():
        assert len(_worker_pids(process.pid)) == 2


def _joined_search(conn: sqlite3.Connection, fts_query: str, limit: int) -> list[tuple]:
    """What `Store.search` answered before it ranked on the index alone: one ranked join."""
    return [tuple(r) for r in conn.execute(
        """SELECT a.id, a.title, a.source, a.published, snippet(articles_fts, 1, char(2), char(3), ' … ', 12),
                  a.story_id
           FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
           WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 5.0, 1.0, 1.0) LIMIT ?""", (fts_query, limit))]


@pytest.mark.parametrize("store_name", ["small_db", "hostile_db"])
def test_search_keeps_the_order_and_snippets_of_one_ranked_join(store_name, request):
    path, articles = request.getfixturevalue(store_name)
    text = " ".join(a.title + " " + a.text for group in articles.values() for a in group)
    words = sorted({w.lower() for w in re.findall(r"[^\W\d_]{3,}", text)})
    assert len(words) > 20
    queries = words + [f"{a} {b}" for a, b in zip(words[::7], words[3::7])]
    with Store(path) as store:
        compared = 0
        for query in queries:
            fts_query = _fts_query(query, store.search_expansions(query))
            for limit in (1, 3, 50):
                hits = [(h.article_id, h.title, h.source, h.published, h.snippet, h.story_id)
                        for h in store.search(query, limit)]
                assert hits == _joined_search(store.conn, fts_query, limit), (query, limit)
                compared += bool(hits)
        assert compared > 20  # the queries found articles, so the orders compared were not empty


def test_a_word_with_other_spellings_followed_by_another_word_is_searched(demo_db):
    """A name the entity index knows in several spellings becomes an (… OR …) group; the words after it
    must still be ANDed to it, on the search page, in the API and in `Store.search`."""
    from fastapi.testclient import TestClient

    from newsfuse.web import create_app

    with Store(demo_db) as store:
        words = sorted({w for a in store.articles() for w in re.findall(r"[A-Z][a-z]{3,}", a.text)})
        named = next((w for w in words if store.search_expansions(w)), None)
        if named is None:
            pytest.skip("the demo store's entity index has no name with other spellings")
        alone = store.search(named, 50)
        both = store.search(f"{named} the", 50)
    assert alone and both and {h.article_id for h in both} <= {h.article_id for h in alone}
    client = TestClient(create_app(demo_db, cache_mb=0), base_url="http://127.0.0.1")
    for query in (f"{named} the", f"the {named}"):
        assert client.get("/", params={"q": query}).status_code == 200
        assert client.get("/api/search", params={"q": query}).status_code == 200
