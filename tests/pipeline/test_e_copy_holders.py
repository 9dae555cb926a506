"""The copy index's look-up (`StoreDuplicates.copy_holders`): every stored article holding each
shingle, earliest first, for an article of any length, and the same copies found through it."""

from newsfuse.models import Article
from newsfuse.pipeline.indexes import StoreDuplicates, save_article_results
from newsfuse.store import Store
from newsfuse.stories.copies import copied_from, shingles


def test_holders_of_many_large_hashes_in_the_order_stored(tmp_path):
    big = 2**56 - 1  # shingle hashes use 56 bits: past a double's 53, they must be read exactly
    values = [big - 2 * i for i in range(1_200)]  # more than one statement's 500 of the former look-up
    with Store(tmp_path / "s.db") as store:
        with store.atomic() as conn:
            conn.executemany("INSERT INTO copy_shingles VALUES (?, ?)", [(v, "first") for v in values[:700]])
            conn.executemany("INSERT INTO copy_shingles VALUES (?, ?)", [(v, "second") for v in values[300:]])
            conn.execute("INSERT INTO copy_shingles VALUES (?, ?)", (big - 1, "odd"))
        found = StoreDuplicates(store).copy_holders(values + values[:10])  # asked twice: listed once
    assert found[values[0]] == ["first"]
    assert found[values[400]] == ["first", "second"]
    assert found[values[-1]] == ["second"]
    assert len(found) == len(values) and big - 1 not in found


def test_a_lifted_passage_is_found_through_the_store(tmp_path):
    passage = " ".join(f"word{i} river bank flood" for i in range(60))
    original = Article(id="a", path="a", raw=passage, text=passage)
    with Store(tmp_path / "s.db") as store:
        with store.atomic() as conn:
            save_article_results(store, [original], conn)
        own = shingles("A new lead. " + passage)
        holders = StoreDuplicates(store).copy_holders(own)
    assert copied_from(own, holders, {"b"})[0][0] == "a"
