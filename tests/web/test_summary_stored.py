"""The brief's sentences are chosen once, by the story analysis, and a page takes the stored choice
only when it was made from the very articles it shows."""

from __future__ import annotations

import dataclasses

from newsfuse.present.brief import build_brief, summarize
from newsfuse.store import Store
from newsfuse.stories.summary import stored_selection, summary_document


def test_the_analysis_stores_a_summary_that_gives_the_same_brief(demo_db):
    with Store(demo_db) as store:
        stories = store.stories()
        used = 0
        for story in stories:
            articles = store.articles(ids=story.article_ids, with_details=False)
            document = store.get_analysis("story", story.id, "summary")
            assert document is not None, f"story {story.id} has no stored summary"
            used += stored_selection(document, articles) is not None
            assert build_brief(store, story).summary == summarize(articles)  # stored choice == a fresh one
        assert used == len(stories)  # every story's stored choice fits its articles as stored


def test_a_summary_chosen_from_other_articles_is_not_used(small_db):
    path, made = small_db
    articles = made["s-flood"]
    document = summary_document(articles)
    assert stored_selection(document, articles) is not None
    # an outlet renamed, an article gone, an edited text: each makes the stored choice stale
    renamed = [dataclasses.replace(articles[0], source="Someone Else"), *articles[1:]]
    edited = [dataclasses.replace(articles[0], text=articles[0].text + " More."), *articles[1:]]
    for changed in (renamed, articles[1:], edited):
        assert stored_selection(document, changed) is None
    assert stored_selection({**document, "version": 0}, articles) is None
    assert stored_selection(document, articles, max_sentences=3) is None


def test_a_stale_or_damaged_summary_falls_back_to_choosing_again(small_db):
    path, made = small_db
    articles = made["s-flood"]
    fresh = summarize(articles)
    wrong = summary_document(articles)
    wrong["sentences"] = [[[articles[0].id, 0, 10 ** 6]]]  # offsets past the text
    assert summarize(articles, stored=wrong) == fresh
    for damaged in ({"sentences": "x"}, [], "summary", {**summary_document(articles), "sentences": [[["a"]]]}):
        assert summarize(articles, stored=damaged) == fresh
    # a stale choice is not used: it would cite another outlet's name
    stale = summary_document([dataclasses.replace(a, source="Old Name") for a in articles])
    assert all(c.outlet != "Old Name" for s in summarize(articles, stored=stale) for c in s.citations)
