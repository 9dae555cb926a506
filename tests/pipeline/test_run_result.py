"""What a run hands back is read from the store a page at a time: the run's own articles in ingest
order and the stories they belong to, not every story of the store."""

from newsfuse.models import Article, Story
from newsfuse.pipeline import run


def _article(article_id: str, story_id: str | None) -> Article:
    return Article(id=article_id, path=f"/in/{article_id}.txt", raw=article_id, title=article_id,
                   text=f"Text of {article_id}.", content_hash=article_id, story_id=story_id)


def test_the_run_reads_its_articles_in_ingest_order_across_pages(store, monkeypatch):
    monkeypatch.setattr(run, "PAGE", 2)
    with store.atomic() as conn:
        store.add_articles([_article(i, "s1") for i in ("e", "b", "d", "a", "c")], conn)
    asked = ["a", "c", "e", "missing", "b"]  # the order of the inputs, not that of the store
    assert [a.id for a in run.run_articles(store, asked)] == ["e", "b", "a", "c"]


def test_the_run_lists_only_the_stories_it_touched_in_list_order(store, monkeypatch):
    monkeypatch.setattr(run, "PAGE", 2)
    with store.atomic() as conn:
        store.add_articles([_article("a1", "s-late"), _article("a2", "s-early"), _article("a3", "s-other"),
                            _article("a4", "s-unlisted")], conn)
        store.add_records([Story("s-late", "Late", [], None, "2024-05-01"),
                           Story("s-early", "Early", [], None, "2024-01-01"),
                           Story("s-other", "Other", [], None, "2023-01-01"),
                           Story("s-late2", "Prefix twin", [], None, "2024-06-01")], [], conn)
    found = run.run_stories(store, {"s-late", "s-early", "s-unlisted"})
    # s-unlisted has no record; s-other was not touched; s-late2 only shares a prefix
    assert [(s.id, s.article_ids) for s in found] == [("s-early", ["a2"]), ("s-late", ["a1"])]


def test_a_run_hands_back_its_articles_by_id_and_reads_them_when_asked(store, monkeypatch):
    monkeypatch.setattr(run, "PAGE", 2)
    with store.atomic() as conn:
        store.add_articles([_article(i, "s1") for i in ("e", "b", "d", "a", "c")], conn)
    articles = run.RunArticles(store, run.in_ingest_order(store, ["a", "c", "e", "missing", "b"]))
    assert len(articles) == 4 and articles.ids == ["e", "b", "a", "c"]  # counted without reading them
    assert [a.id for a in articles] == ["e", "b", "a", "c"]
    assert articles[1].text == "Text of b." and [a.id for a in articles[1:3]] == ["b", "a"]
    assert articles.story_ids() == {"s1"}


def test_the_articles_of_a_run_read_after_its_store_is_closed(tmp_path):
    from newsfuse.store import Store

    path = tmp_path / "closed.db"
    with Store(path) as store:
        with store.atomic() as conn:
            store.add_articles([_article(i, "s1") for i in ("x", "y")], conn)
        articles = run.RunArticles(store, run.in_ingest_order(store, ["y", "x"]))
    assert [a.id for a in articles] == ["x", "y"]  # as `newsfuse.analyze` returns them, its store closed
