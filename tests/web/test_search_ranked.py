"""The search page ranks a bounded set of candidates (the newest matching articles among the stories
the filters leave), groups them by story, and says when it did not rank every match."""

from __future__ import annotations

import sqlite3

import pytest

from newsfuse.web import pages
from newsfuse.web.pages import Site

WORD = '"the"'  # the demo store's commonest word, so that matches outnumber a small candidate set


def _matches(db, order: str) -> list[tuple[int, str]]:
    """(row id, story id) of every article matching WORD, in the given SQL order."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [(r[0], r[1]) for r in conn.execute(
            f"""SELECT f.rowid, a.story_id FROM articles_fts f JOIN articles a ON a.seq = f.rowid
                WHERE articles_fts MATCH ? AND a.story_id IS NOT NULL ORDER BY {order}""", (WORD,))]
    finally:
        conn.close()


def _in_order(pairs: list[tuple[int, str]]) -> list[str]:
    return list(dict.fromkeys(story for _, story in pairs))


def test_a_search_with_fewer_matches_than_candidates_ranks_them_all(demo_db):
    best_first = _matches(demo_db, "bm25(articles_fts, 5.0, 1.0, 1.0), f.rowid")
    assert len(best_first) < pages.SEARCH_CANDIDATES
    listing = Site(demo_db, cache_mb=0).story_list("the")
    assert [r.id for r in listing.rows][:pages.PAGE_SIZE] == _in_order(best_first)[:pages.PAGE_SIZE]
    assert listing.total == len(_in_order(best_first)) and not listing.notice


def test_only_the_newest_matches_are_ranked_and_the_page_says_so(demo_db, monkeypatch):
    newest = _matches(demo_db, "f.rowid DESC")
    assert len(_in_order(newest)) > 3
    monkeypatch.setattr(pages, "SEARCH_CANDIDATES", 4)
    listing = Site(demo_db, cache_mb=0).story_list("the")
    candidates = {rowid for rowid, _ in newest[:4]}
    best_first = [(rowid, story) for rowid, story in _matches(demo_db, "bm25(articles_fts, 5.0, 1.0, 1.0), f.rowid")
                  if rowid in candidates]
    assert [r.id for r in listing.rows] == _in_order(best_first)  # the candidates, best first, by story
    assert listing.total == len(listing.rows)
    assert f"newest 4 matching articles ({len(newest):,} match" in listing.notice
    for row in listing.rows:  # under each story its matching articles, the best with a snippet
        found = listing.hits[row.id]
        assert 1 <= len(found) <= pages.HITS_PER_STORY and all(hit.story_id == row.id for hit, _ in found)
        assert "<mark>" in str(found[0][1]).lower() and all(snippet is None for _, snippet in found[1:])


def test_a_filter_ranks_the_matches_of_the_stories_it_leaves(demo_db, monkeypatch):
    newest = _matches(demo_db, "f.rowid DESC")
    monkeypatch.setattr(pages, "SEARCH_CANDIDATES", 2)
    site = Site(demo_db, cache_mb=0)
    unfiltered = {r.id for r in site.story_list("the").rows}
    old = next(story for _, story in reversed(newest) if story not in unfiltered)  # beyond the newest two
    listing = site.story_list("the", story=old)
    assert [r.id for r in listing.rows] == [old] and listing.hits[old]
    thread = site.story_rows([old])[old].thread_id
    if thread:
        in_thread = site.story_list("the", thread=thread)
        assert in_thread.rows and all(r.thread_id == thread for r in in_thread.rows)


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR NOT", "*", "\x00\x01", "nonexistentwordzz"])
def test_odd_queries_rank_nothing_or_something_but_never_fail(demo_db, query):
    listing = Site(demo_db, cache_mb=0).story_list(query)
    assert all(listing.hits.get(r.id) for r in listing.rows)  # a story found by words shows its matching articles
    if query == "nonexistentwordzz":
        assert listing.total == 0 and not listing.rows
