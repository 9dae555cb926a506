"""The benchmark's synthetic corpus: more distinct articles than ECB+ has documents, as files a user would have."""

from pathlib import Path

import pytest

from newsfuse.eval.datasets.ecbplus import iter_documents
from newsfuse.eval.pipeline import write_synthetic_corpus

ECBPLUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "ecbplus"
pytestmark = pytest.mark.skipif(not ECBPLUS.is_dir(), reason="../shared/data/ecbplus is not here")


def _texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def test_synthetic_corpus_outnumbers_ecbplus_with_distinct_articles(tmp_path):
    documents = len(iter_documents(ECBPLUS))
    count = documents + 300
    assert write_synthetic_corpus(ECBPLUS, tmp_path, count) == count
    texts = _texts(tmp_path)
    assert len(texts) == count
    bodies = [text.split("\n\n", 1) for text in texts.values()]
    assert all(len(parts) == 2 and parts[0].strip() and parts[1].strip() for parts in bodies)
    # the dedup stage would drop copies: nearly every article must be its own text
    assert len({body for _, body in bodies}) >= 0.99 * count


def test_synthetic_corpus_is_the_same_for_a_seed_and_differs_across_seeds(tmp_path):
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        (tmp_path / name).mkdir()
        write_synthetic_corpus(ECBPLUS, tmp_path / name, 50, seed=seed)
    assert _texts(tmp_path / "a") == _texts(tmp_path / "b")
    assert _texts(tmp_path / "a") != _texts(tmp_path / "c")
