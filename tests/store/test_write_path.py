"""The store's write path: a batch of articles written a statement per table lands as articles
written one by one did; documents written together read back as written one by one."""

from newsfuse.models import Article, Mention, Rejection, Removed, TimeExpression
from newsfuse.pipeline.indexes import StoreDuplicates, save_article_results


def make_article(article_id: str, text: str = "Troops arrived in Kosovo on Monday.") -> Article:
    article = Article(id=article_id, path=f"/in/{article_id}.txt", raw="RAW " + text, title=f"Title {article_id}",
                      text=text, source="Example Wire", content_hash="h-" + article_id)
    article.removed = [Removed("Leave a Comment", "comments", 0, 15), Removed("Share", "share", 20, 25)]
    start = text.find("Kosovo")
    article.mentions = [Mention(article_id, start, start + 6, "Kosovo", "GPE"), Mention(article_id, 0, 6, "Troops", "NORP")]
    article.times = [TimeExpression(article_id, len(text) - 7, len(text) - 1, text[-7:-1], "DATE", "2023-09-25")]
    return article


def test_a_batch_skips_stored_and_repeated_ids_and_keeps_input_order(store):
    with store.atomic() as conn:
        assert store.add_articles([make_article("a")], conn) == 1
    batch = [make_article("c"), make_article("a"), make_article("b"), make_article("c")]
    with store.atomic() as conn:
        assert store.add_articles(batch, conn) == 2  # "a" was stored, the second "c" repeats the first
    assert [a.id for a in store.articles()] == ["a", "c", "b"]  # ingest order: the order given
    seqs = [r[0] for r in store.conn.execute("SELECT seq FROM articles ORDER BY seq")]
    assert seqs == [1, 2, 3]
    b = store.article("b")
    assert [(m.start, m.text) for m in b.mentions] == [(0, "Troops"), (18, "Kosovo")]
    assert [r.reason for r in b.removed] == ["comments", "share"]
    assert [(t.text, t.value) for t in b.times] == [("Monday", "2023-09-25")]
    # each article's rows are its own, in the order it listed them
    rows = [r[0] for r in store.conn.execute("SELECT article_id FROM mentions ORDER BY rowid")]
    assert rows == ["a", "a", "c", "c", "b", "b"]


def test_storing_an_input_clears_its_earlier_rejection(store):
    store.add_rejections([Rejection("/in/x.txt", "empty file"), Rejection("/in/feed.jsonl", "bad line"),
                          Rejection("/in/other.txt", "binary file")])
    x, entry = make_article("x"), make_article("y")
    entry.path = "/in/feed.jsonl#3"
    with store.atomic() as conn:
        store.add_articles([x, entry], conn)
    assert [r.path for r in store.rejections()] == ["/in/other.txt"]


def test_documents_written_together_read_back_as_written(store):
    store.put_analyses([("story", "s1", "facts", {"claims": ["Ćirilica ok"]}), ("thread", "t1", "facts", [1, 2])])
    store.put_analysis("story", "s2", "facts", {"claims": []})
    assert store.get_analysis("story", "s1", "facts") == {"claims": ["Ćirilica ok"]}
    assert store.get_analysis("thread", "t1", "facts") == [1, 2]
    stored = store.conn.execute("SELECT key, body, version FROM analysis ORDER BY key").fetchall()
    assert [tuple(r) for r in stored][0][1] == '{"claims": ["Ćirilica ok"]}'  # UTF-8, as put_analysis writes
    assert len({r[2] for r in stored}) == 1  # one analysis version for both ways of writing


def test_band_keys_looked_up_together_find_what_each_key_finds(store):
    articles = [make_article(f"d{i}", f"Text number {i} about Kosovo.") for i in range(4)]
    for i, article in enumerate(articles):
        article.bands = [(0, "k0"), (1, f"k{i % 2}"), (2, f"own{i}")]
    with store.atomic() as conn:
        store.add_articles(articles, conn)
        save_article_results(store, articles, conn)
    index = StoreDuplicates(store)
    keys = [(0, "k0"), (1, "k1"), (2, "own3"), (5, "nothing")]
    together = index.near_candidates_of(keys)
    assert {key: together.get(key, []) for key in keys} == {key: index.near_candidates(key) for key in keys}
    assert together[(0, "k0")] == ["d0", "d1", "d2", "d3"]
