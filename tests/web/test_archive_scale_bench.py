"""`bench scale` grows a synthetic store by copying its stories: the copies are whole stories (their
articles, mentions and analysis under new ids, the summary still valid), and measuring one more
article's ingest stores, groups and links it."""

from newsfuse.eval.scale import grow, ingest_cost, probe_articles
from newsfuse.eval.web import synthetic_store
from newsfuse.store import Store
from newsfuse.stories.summary import stored_selection


def test_grown_stories_are_whole_copies_with_a_valid_summary(tmp_path):
    path = synthetic_store(tmp_path / "g.db", articles=20, per_story=5)
    with Store(path) as store:
        originals = {s.id: s for s in store.stories()}
        assert grow(store, 47, 20) == 50  # whole stories: the last copy may pass the size asked for
        assert store.count_articles() == 50
        copies = [s for s in store.stories() if s.id not in originals]
        assert len(copies) == 6 and sum(len(s.article_ids) for s in copies) == 30
        for copy in copies:
            source = originals[copy.id.rsplit("-", 1)[0]]
            articles = store.articles(ids=copy.article_ids)
            assert [a.text for a in articles] == [a.text for a in store.articles(ids=source.article_ids)]
            assert all(a.text[m.start:m.end] == m.text and m.article_id == a.id for a in articles for m in a.mentions)
            # the story page reads the copy's summary instead of choosing its sentences again
            assert stored_selection(store.get_analysis("story", copy.id, "summary"), articles) is not None
        assert store.thread(copies[0].thread_id).story_ids  # the copies have threads of their own
        assert store.search("the").matching == 50
        # a store grown before grows again under new ids (the originals copied once more)
        assert grow(store, 60, 50) == 60 and store.count_articles() == 60


def test_the_ingest_probe_files_and_links_new_articles(tmp_path):
    path = synthetic_store(tmp_path / "p.db", articles=10, per_story=5)
    with Store(path) as store:
        probe = probe_articles(6, 0)
        figures = ingest_cost(store, probe, batch=3)
        assert figures["cpu_ms_per_article"] > 0
        assert store.count_articles() == 16
        filed = store.articles(ids=[a.id for a in probe])
        assert all(a.story_id for a in filed)
        assert all(store.get_analysis("story", a.story_id, "entities") is not None for a in filed)
