"""On an archive the site starts and serves a story, thread or article page without reading every
story of the store, and the rows the pages read from the store say the same as the story list does."""

from webstores import EARNINGS, FLOOD, build_store

from newsfuse.web.pages import Site


def test_pages_read_their_rows_from_the_store_and_agree_with_the_list(tmp_path):
    db, made = build_store(tmp_path / "a.db", {"s-flood": FLOOD, "s-earnings": EARNINGS},
                           threads={"t-flood": ["s-flood", "s-earnings"]})
    site = Site(db, cache_mb=0)
    story = site.story_page("s-flood")
    assert story.row.article_count == len(made["s-flood"])
    assert set(story.row.outlets) == {a.source or "unattributed" for a in made["s-flood"]}
    assert story.thread is not None and set(story.thread.story_ids) == {"s-flood", "s-earnings"}
    thread = site.thread_page("t-flood")
    assert {r.id for r in thread.rows} == {"s-flood", "s-earnings"}
    article = site.article_page(made["s-earnings"][0].id)
    assert article.story is not None and article.story.id == "s-earnings"
    listed = {r.id: r for r in site.story_list().rows}
    assert site.story_rows(["s-flood", "s-earnings", "s-none"]) == listed
    assert thread.rows == sorted(listed.values(), key=lambda r: (r.date_start or "", r.id))


def test_the_copy_map_reads_only_the_copies(tmp_path):
    from newsfuse.store import COPIES
    from newsfuse.web.readonly import ReadOnlyStore

    db, made = build_store(tmp_path / "c.db", {"s-flood": FLOOD})
    store = ReadOnlyStore(db)
    plan = " ".join(r[3] for r in store.conn.execute(f"EXPLAIN QUERY PLAN SELECT id FROM articles WHERE {COPIES} ORDER BY seq"))
    assert "articles_copies" in plan  # the partial index of copies, not a scan of every article
    assert store.copies() == []
