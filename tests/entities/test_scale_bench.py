"""`newsfuse bench entities --scale`: the synthetic store it builds is one the entity index links into."""

from __future__ import annotations

import sqlite3

from newsfuse.entities.index import SCHEMA, EntityIndex
from newsfuse.eval.entities import _fill, _SyntheticNews, bench_index_scale


def test_names_the_bulk_fill_stored_link_to_the_same_entities():
    conn = sqlite3.connect(":memory:")
    for statement in SCHEMA:
        conn.execute(statement)
    news = _SyntheticNews(seed=3)
    _fill(conn, news, 0, 150)
    before = conn.execute("SELECT COUNT(*) FROM ent_entities").fetchone()[0]
    article = news.article(150)
    linked = EntityIndex(conn).link("story-150", article)
    # the three names every article has are the entities the fill made, not new ones
    for local in article[:3]:
        assert linked[local.local_id].startswith("x-"), local.name
        assert EntityIndex(conn).entity(linked[local.local_id]).mentions == 151
    created = conn.execute("SELECT COUNT(*) FROM ent_entities").fetchone()[0] - before
    assert 1 <= created <= len(article) - 3  # only names never seen before are new
    conn.close()


def test_the_scale_figures_name_both_store_sizes():
    figures = bench_index_scale(stored=(20, 120), window=5)
    assert figures["at_20_entities"] < figures["at_120_entities"]
    assert figures["at_120_candidate_rows_per_article"] > 0
    assert figures["cpu_ratio"] > 0 and figures["target_ratio"] == 1.5
