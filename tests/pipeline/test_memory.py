"""Memory follows the text a run holds, not the number of records: chunks and spaCy batches are cut
by a character budget, and cutting them so does not change what the store ends up holding."""

import pytest

from newsfuse import nlp
from newsfuse.eval.resume import store_digest, write_corpus
from newsfuse.ingest import RawRecord
from newsfuse.models import Rejection
from newsfuse.pipeline.run import Options, _chunks, analyze
from newsfuse.store import Store


def record(i: int, length: int) -> RawRecord:
    return RawRecord(path=f"r{i}.txt", identity=f"r{i}", body="x" * length, kind="text")


def test_chunks_of_long_records_are_smaller():
    items = [record(i, n) for i, n in enumerate([400, 400, 400, 50, 50, 50, 50, 1500, 10, 10])]
    items.insert(3, Rejection("bad.txt", "empty file"))
    chunks = list(_chunks(iter(items), size=4, chars=1000))
    assert [item for chunk in chunks for item in chunk] == items  # nothing lost, order kept
    for chunk in chunks:
        held = sum(len(getattr(item, "body", "")) for item in chunk)
        assert len(chunk) <= 4
        assert held <= 1000 or len(chunk) == 1  # only a record over the budget alone exceeds it
    assert [len(c) for c in chunks] == [2, 4, 2, 1, 2]


def test_chunks_by_count_alone_when_no_budget():
    assert [len(c) for c in _chunks(iter(range(10)), size=4)] == [4, 4, 2]


def test_options_read_the_budget_from_the_environment(monkeypatch):
    monkeypatch.setenv("NEWSFUSE_CHUNK_CHARS", "12345")
    assert Options().chunk_chars == 12345


def test_spacy_batches_follow_the_character_budget():
    texts = ["a" * 90, "b" * 90, "c" * 30, "d" * 500, "e"]
    groups = list(nlp._batches(iter(texts), size=64, chars=210))
    assert [t for g in groups for t in g] == texts
    assert [len(g) for g in groups] == [3, 1, 1]
    assert [len(g) for g in nlp._batches(iter(texts), size=2, chars=10_000)] == [2, 2, 1]


def test_long_texts_in_small_batches_come_back_whole(monkeypatch):
    pytest.importorskip("spacy")
    monkeypatch.setattr(nlp, "BATCH_CHARS", 300)
    paragraph = "The council met in Pristina on Monday. Talks went on late into the night.\n\n"
    texts = [paragraph * 12, "A short one about Belgrade.", paragraph * 3]
    docs = list(nlp.parse(texts, part_chars=250))
    assert [d.text for d in docs] == texts


@pytest.mark.slow
def test_a_small_budget_leaves_the_same_store(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 12, seed=5)[0].parent
    sizes: list[int] = []
    with Store(tmp_path / "budget.db") as store:
        result = analyze([str(corpus)], store, Options(chunk_chars=1500),
                         progress=lambda what, n: sizes.append(n) if what == "read" else None)
    with Store(tmp_path / "whole.db") as store:
        analyze([str(corpus)], store, Options())
    assert len(sizes) > 1 and sum(sizes) == 12  # the budget cut the run into several chunks
    assert result.added == 12
    assert store_digest(tmp_path / "budget.db") == store_digest(tmp_path / "whole.db")
