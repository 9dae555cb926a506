"""The ECB+ reader turns the published XML into text with mentions at the right offsets."""

from pathlib import Path

import pytest

from newsfuse.eval.datasets.ecbplus import iter_documents, split_topics

ECBPLUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "ecbplus"
pytestmark = pytest.mark.skipif(not ECBPLUS.is_dir(), reason="../shared/data/ecbplus is not here")


def test_documents_have_subtopics_and_mentions_at_their_offsets():
    docs = iter_documents(ECBPLUS, topics={1})
    assert {d.subtopic for d in docs} == {"1ecb", "1ecbplus"}
    for doc in docs:
        assert doc.mentions
        for mention in doc.mentions:
            assert doc.text[mention.start:mention.end] == mention.text


def test_cross_document_clusters_span_documents():
    docs = iter_documents(ECBPLUS, topics=split_topics("dev"))
    docs_per_cluster = {}
    for doc in docs:
        for mention in doc.mentions:
            docs_per_cluster.setdefault(mention.cluster, set()).add(doc.name)
    assert max(len(names) for names in docs_per_cluster.values()) > 3
    assert {d.topic for d in docs} == set(split_topics("dev"))
