"""The web app's lists read one page at a time through indexes (store/lists.py): paging by the last
key visits every story once, in the order and with the filters a read of the whole store gives."""

from __future__ import annotations

import random

import pytest

from newsfuse.models import Article, Story, Thread
from newsfuse.store import Store, lists

OUTLETS = ["Harbourline News", "Valden Gazette", "Lowland Courier", None]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """60 stories over 3 months (some on the same day, a few undated records), in 7 threads."""
    rng = random.Random(3)
    path = tmp_path_factory.mktemp("lists") / "lists.db"
    articles, stories, truth = [], [], {}
    for n in range(60):
        day = f"2021-{1 + n % 3:02d}-{1 + rng.randrange(5):02d}"
        sources = [rng.choice(OUTLETS) for _ in range(1 + n % 3)]
        story = Story(f"s-{n:03d}", f"Story {n}", [], f"t-{n % 7}", None if n % 11 == 0 else day,
                      None if n % 11 == 0 else day)
        for k, source in enumerate(sources):
            articles.append(Article(id=f"a-{n:03d}-{k}", path=f"/in/{n}-{k}", raw="x", title=f"Report {n}",
                                    text=f"Report {n} text.", source=source, published=day, story_id=story.id,
                                    content_hash=f"h{n}-{k}"))
        stories.append(story)
        truth[story.id] = (story, {s or lists.UNATTRIBUTED for s in sources}, day)
    with Store(path) as store, store.atomic() as conn:
        store.add_articles(articles, conn)
        store.add_records(stories + [Story("s-empty", "No articles", [], "t-0", "2021-02-02", "2021-02-02")],
                          [Thread(f"t-{i}", f"Thread {6 - i}", []) for i in range(7)] + [Thread("t-none", "Alone", [])],
                          conn)
    with Store(path) as store:
        yield store, truth


def _all_pages(conn, filters, size):
    seen, after = [], None
    while True:
        page = lists.newest_stories(conn, filters, size, after=after)
        seen += [s.id for s in page]
        if len(page) < size:
            return seen
        after = page[-1].id


def _expected(truth, keep=lambda story, outlets, day: True):
    chosen = [s for s, outlets, day in truth.values() if keep(s, outlets, day)]
    return [s.id for s in sorted(chosen, key=lambda s: (s.date_start or "", s.id), reverse=True)]


@pytest.mark.parametrize("size", [1, 7, 50, 100])
def test_paging_by_the_last_key_lists_every_story_once_newest_first(archive, size):
    store, truth = archive
    assert _all_pages(store.conn, lists.StoryFilters(), size) == _expected(truth)  # "s-empty" has no articles


def test_filters_are_those_of_a_whole_read(archive):
    store, truth = archive
    cases = [
        (lists.StoryFilters(outlet="Valden Gazette"), lambda s, o, d: "Valden Gazette" in o),
        (lists.StoryFilters(outlet=lists.UNATTRIBUTED), lambda s, o, d: lists.UNATTRIBUTED in o),
        (lists.StoryFilters(thread="t-3"), lambda s, o, d: s.thread_id == "t-3"),
        # an undated record is placed by its articles' days
        (lists.StoryFilters(date_from="2021-02-01", date_to="2021-02-28"), lambda s, o, d: "2021-02" in d),
        (lists.StoryFilters(among=("s-004", "s-011", "s-nope")), lambda s, o, d: s.id in {"s-004", "s-011"}),
    ]
    for filters, keep in cases:
        expected = _expected(truth, keep)
        assert expected, filters
        assert _all_pages(store.conn, filters, 4) == expected, filters
        assert lists.count_stories(store.conn, filters, 1000) == (len(expected), True)
        assert lists.count_stories(store.conn, filters, 1) == (1, len(expected) == 1)  # else "more than 1"


def test_an_offset_page_is_the_same_page(archive):
    store, truth = archive
    assert [s.id for s in lists.newest_stories(store.conn, lists.StoryFilters(), 10, offset=20)] == _expected(truth)[20:30]
    with pytest.raises(ValueError):
        lists.newest_stories(store.conn, lists.StoryFilters(), 10, after="s-unknown")


def test_threads_page_by_title_with_their_story_counts(archive):
    store, truth = archive
    counts = {}
    for story, _, _ in truth.values():
        counts[story.thread_id] = counts.get(story.thread_id, 0) + 1
    seen, after = [], None
    while True:
        page = lists.threads_by_title(store.conn, 3, after)
        seen += page
        if len(page) < 3:
            break
        after = page[-1][0]
    # "t-none" has no stories: not listed
    assert seen == sorted(((t, f"Thread {6 - int(t[2:])}", n) for t, n in counts.items()), key=lambda r: (r[1], r[0]))
    assert lists.threads_matching(store.conn, "thread 2") == [("t-4", "Thread 2")]
    assert lists.threads_matching(store.conn, "t-5")[0] == ("t-5", "Thread 1")  # an id first
    assert lists.threads_matching(store.conn, "%") == []  # a LIKE wildcard is a plain character
    assert len(lists.threads_matching(store.conn, "Thread", limit=4)) == 4


def test_outlets_are_read_one_seek_each(archive):
    store, _ = archive
    names, complete = lists.outlet_names(store.conn, 100)
    assert names == sorted(["Harbourline News", "Valden Gazette", "Lowland Courier", lists.UNATTRIBUTED]) and complete
    assert lists.outlet_names(store.conn, 2) == (names[:2], False)
    assert lists.outlet_known(store.conn, "Lowland Courier") and not lists.outlet_known(store.conn, "Nobody")
    plan = " ".join(r[3] for r in store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT min(source) FROM articles WHERE source > ? AND story_id IS NOT NULL", ("a",)))
    assert "articles_source" in plan


def test_the_story_list_walks_its_index_not_the_table(archive):
    store, _ = archive
    for filters in (lists.StoryFilters(), lists.StoryFilters(outlet="Valden Gazette")):
        where, params = lists._where(filters)
        plan = " ".join(r[3] for r in store.conn.execute(
            f"EXPLAIN QUERY PLAN SELECT s.id FROM stories s WHERE {where} ORDER BY {lists.NEWEST} DESC, s.id DESC "
            f"LIMIT 51", params))
        assert "stories_listed" in plan and "TEMP B-TREE" not in plan, plan


def test_search_candidates_keep_to_the_filtered_stories(archive):
    store, truth = archive
    fts = '"report"'
    found, complete = lists.newest_matches(store.conn, fts, 1000, lists.StoryFilters(thread="t-2"))
    assert complete and found and set(found.values()) == {s.id for s, _, _ in truth.values() if s.thread_id == "t-2"}
    newest, complete = lists.newest_matches(store.conn, fts, 5)
    assert len(newest) == 5 and not complete and sorted(newest, reverse=True) == list(newest)
    assert lists.count_matches(store.conn, fts, 10) == (10, False)
