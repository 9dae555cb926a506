"""The MEANTIME reader turns CAT XML into text with entity mentions at their offsets and gold clusters."""

from pathlib import Path

import pytest

from newsfuse.eval.datasets.meantime import COARSE_TYPES, corpus_folders, iter_documents, read_document
from newsfuse.errors import InputError

MEANTIME = Path(__file__).resolve().parents[3] / "shared" / "data" / "meantime"
pytestmark = pytest.mark.skipif(not MEANTIME.is_dir(), reason="../shared/data/meantime is not here")


@pytest.fixture(scope="module")
def docs():
    return iter_documents(MEANTIME)


def test_every_corpus_is_read_and_mentions_sit_at_their_offsets(docs):
    assert {d.corpus for d in docs} == {f.name for f in corpus_folders(MEANTIME)}
    for doc in docs:
        assert doc.mentions
        for mention in doc.mentions:
            assert doc.text[mention.start:mention.end] == mention.text


def test_text_reads_like_text(docs):
    first = docs[0]
    title, date = first.text.split("\n")[:2]
    assert " ," not in first.text and "( " not in first.text
    assert any(ch.isdigit() for ch in date) and title


def test_named_mentions_have_types_and_cross_document_clusters(docs):
    named = [(d.name, m) for d in docs for m in d.mentions if m.syntactic_type == "NAM"]
    assert {m.entity_type for _, m in named} >= {"PER", "ORG", "LOC"}
    assert all(m.coarse_type == COARSE_TYPES[m.entity_type] for _, m in named if m.entity_type)
    docs_per_cluster = {}
    for name, m in named:
        docs_per_cluster.setdefault(m.cluster, set()).add(name)
    assert max(len(names) for names in docs_per_cluster.values()) >= 10


def test_document_level_annotation_covers_the_first_sentences_only(docs):
    for doc in docs:
        for m in doc.mentions:
            if m.syntactic_type is not None:
                assert m.sentence <= doc.annotated_until and doc.in_annotated_part(m.start)
    assert any(m.syntactic_type is None and not d.in_annotated_part(m.start) for d in docs for m in d.mentions)


def test_a_file_that_is_not_xml_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<Document><token", encoding="utf-8")
    with pytest.raises(InputError, match="bad.xml"):
        read_document(bad)
    with pytest.raises(InputError):
        iter_documents(tmp_path / "missing")
