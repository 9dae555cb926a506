"""The load benchmark runs end to end and counts what happened (its figures are in docs/web.md)."""

from newsfuse.store import Store
from newsfuse.present.views import story_facts
from newsfuse.eval.web import bench_web, synthetic_store


def test_synthetic_store_recombines_the_demo_with_analysis(tmp_path):
    path = synthetic_store(tmp_path / "b.db", articles=23, per_story=5)
    with Store(path) as store:
        stories = store.stories()
        assert store.count_articles() == 23 and len(stories) == 4
        article = store.articles(ids=stories[0].article_ids)[0]
        assert all(article.text[m.start:m.end] == m.text for m in article.mentions)
        facts = story_facts(store, stories[0])
        assert facts["measures"] and facts["events"][0]["latitude"]


def test_the_benchmark_serves_on_loopback_and_reports(tmp_path):
    figures = bench_web(articles=30, clients=4, seconds=1.5, db=tmp_path / "b.db")
    assert figures["articles"] == 30 and figures["failures"] == 0, figures.get("first errors")
    assert figures["requests"] > 0 and figures["story requests"] > 0
    assert 0 < figures["story p50 ms"] <= figures["story p95 ms"] <= figures["story p99 ms"]
