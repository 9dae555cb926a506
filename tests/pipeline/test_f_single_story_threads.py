"""A thread of one story shows that story's figures: they are cross-checked once, for the story,
not again over the same articles for the thread."""

from newsfuse.models import Article, Story, Thread
from newsfuse.pipeline import analysis
from newsfuse.pipeline.story import StoryAnalyzer

FACTS = {"claims": [{"id": "c-1", "value": 48}], "measures": [{"id": "m-1", "status": "single"}],
         "events": [], "quotes": []}


def _article(article_id: str, story_id: str) -> Article:
    return Article(id=article_id, path=f"/in/{article_id}.txt", raw=article_id, title=article_id,
                   text=f"Text of {article_id}: 48 containers were lost.", content_hash=article_id, story_id=story_id)


def _stored(store, stories: dict[str, str]) -> None:
    with store.atomic() as conn:
        store.add_articles([_article(f"a-{s}", s) for s in stories], conn)
        store.add_records([Story(s, s, [f"a-{s}"], t, "2024-05-16") for s, t in stories.items()],
                          [Thread(t, t, [s for s in stories if stories[s] == t]) for t in sorted(set(stories.values()))],
                          conn)
    store.put_analyses([("story", s, "facts", FACTS) for s in stories])


def test_a_one_story_thread_takes_the_story_figures_without_a_second_cross_check(store, monkeypatch):
    _stored(store, {"s1": "t1"})
    calls = []
    monkeypatch.setattr(analysis, "cross_checked", lambda *a, **k: calls.append(a))
    assert StoryAnalyzer(store).refresh_threads(["t1"]) == []
    assert store.get_analysis("thread", "t1", "facts") == FACTS
    assert calls == []


def test_a_thread_of_two_stories_is_cross_checked_over_both(store):
    _stored(store, {"s1": "t1", "s2": "t1"})
    assert StoryAnalyzer(store).refresh_threads(["t1"]) == []
    facts = store.get_analysis("thread", "t1", "facts")
    assert facts is not None and facts != FACTS  # the articles' own (here: no stored article facts)
