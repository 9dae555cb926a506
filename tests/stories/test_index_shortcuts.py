"""The index's shortcuts give what the plain computation gives: pair products reused both ways, the
document frequencies counted in one statement, candidates decoded once and kept by their bytes."""

from __future__ import annotations

from newsfuse.stories.features import StoryFeatures
from newsfuse.stories.grouping import alone
from newsfuse.stories.model import ArticleVector, DocFrequencies, pair_dots, score


def _features(words: str, names: dict[str, float], day: str) -> StoryFeatures:
    terms: dict[str, float] = {}
    for w in words.split():
        terms[w] = terms.get(w, 0) + 1
    return StoryFeatures(terms=terms, names=names, anchor=day, title=" ".join(words.split()[:5]))


ITEMS = [
    ("a1", _features("quake shook island village houses collapsed rescue teams", {"qeshm": 2, "iran": 1}, "2005-11-27")),
    ("a2", _features("quake island village rescue teams searched rubble", {"qeshm": 1, "iran": 2}, "2005-11-28")),
    ("a3", _features("parliament vote election turnout polls opened", {"ashgabat": 1}, "2013-12-15")),
    ("a4", _features("quake rubble island aid arrived village", {"qeshm": 1}, "2005-11-29")),
]


def test_a_pair_scored_with_its_shared_products_scores_as_without_them_both_ways():
    dfs = DocFrequencies.of(f for _, f in ITEMS)
    vectors = {a: ArticleVector.of(f, dfs) for a, f in ITEMS}
    for a in vectors:
        for b in vectors:
            if a == b:
                continue
            dots = pair_dots(vectors[a], vectors[b])
            assert dots == pair_dots(vectors[b], vectors[a])
            assert score(vectors[a], alone(b, vectors[b]), dots) == score(vectors[a], alone(b, vectors[b]))


def test_the_stored_document_frequencies_are_the_counts_of_the_assigned_articles(index, conn):
    index.assign_many(ITEMS)
    stored = dict(conn.execute("SELECT key, n FROM grp_df"))
    assert stored == DocFrequencies.of(f for _, f in ITEMS).df
    assert index.stats()["articles"] == len(ITEMS)


def test_a_fresh_index_on_the_same_rows_files_the_next_article_with_its_event(conn):
    from newsfuse.stories.index import StoryIndex

    first = StoryIndex(conn)
    first.assign_many(ITEMS[:3])
    late = ("a4", ITEMS[3][1])
    again = StoryIndex(conn)  # nothing decoded yet: reads every candidate from the store
    story = again.assign(*late)
    assert story == again.story_of("a1") == again.story_of("a2")
    assert again.story_of("a3") != story


def test_a_small_decoding_memory_stays_within_its_bound_and_files_articles_alike(monkeypatch):
    import sqlite3

    from newsfuse.eval.stories import SyntheticNews
    from newsfuse.stories import links
    from newsfuse.stories.index import SCHEMA, StoryIndex

    items = list(SyntheticNews(seed=5, vocabulary=3000, names=3000).articles(150))

    def filed(bound: int) -> tuple[dict[str, str], StoryIndex]:
        monkeypatch.setattr(links, "DECODED_BYTES", bound)
        conn = sqlite3.connect(":memory:")
        for ddl in SCHEMA:
            conn.execute(ddl)
        index = StoryIndex(conn)
        index.assign_many(items)
        return index.assignment(), index

    plenty, _ = filed(10**9)
    few, index = filed(200_000)  # room for a handful of reports
    assert few == plenty
    assert 0 < len(index._decoded_cache) < 40  # noqa: SLF001 - the bound is what this test checks
    assert index._decoded_bytes <= 200_000  # noqa: SLF001


def test_a_regroup_stores_the_links_a_fresh_linking_of_the_store_finds(index, conn):
    from newsfuse.eval.stories import SyntheticNews

    items = list(SyntheticNews(seed=7, vocabulary=3000, names=3000).articles(120))
    index.assign_many(items)
    index.regroup()  # stores the links its grouping found
    stored = sorted(conn.execute("SELECT article_id, neighbour, score FROM grp_links"))
    assert len(stored) > len(items) // 2
    features = index.features()
    index._file_links(features, DocFrequencies.of(f for _, f in features))  # noqa: SLF001 - links worked out again
    again = sorted(conn.execute("SELECT article_id, neighbour, score FROM grp_links"))
    assert [(a, b) for a, b, _ in again] == [(a, b) for a, b, _ in stored]
    assert all(abs(s - t) < 1e-9 for (_, _, s), (_, _, t) in zip(again, stored))
