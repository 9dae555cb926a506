"""A very long article is parsed in segments, never as one spaCy Doc, and everything found in it
still points at the right characters of the whole article text."""

import pytest

from newsfuse import nlp
from newsfuse.models import Article, Batch, Mention
from newsfuse.pipeline.stages import NlpStage, added, moved

# Paragraphs written for this test: a name and a place in each, a figure in some.
PARAGRAPHS = [
    "Mayor Ingrid Solberg opened the new bridge in Bergen on Monday.",
    "Officials in Lisbon said 1,200 people attended the harbour festival.",
    "The minister Tomas Brennan met farmers near Cork to discuss the drought.",
    "Engineers from Siemens inspected the tunnel under the river in Hamburg.",
]
FILLER = "z" * 900  # one token a run: long to read, quick to parse


def long_article(paragraphs: int, filler_runs: int) -> tuple[str, list[tuple[int, str]]]:
    """An article of `paragraphs` short paragraphs, each after `filler_runs` runs of filler; and
    where each paragraph starts."""
    parts, starts, at = [], [], 0
    for i in range(paragraphs):
        block = " ".join([FILLER] * filler_runs) + "\n\n"
        paragraph = PARAGRAPHS[i % len(PARAGRAPHS)] + "\n\n"
        parts += [block, paragraph]
        starts.append((at + len(block), paragraph.strip()))
        at += len(block) + len(paragraph)
    return "".join(parts), starts


def test_segments_cover_the_text_with_their_offsets(monkeypatch):
    pytest.importorskip("spacy")
    text, _ = long_article(6, 4)
    found = list(nlp.segments([text, "A short one about Belgrade."], part_chars=5_000))
    first = [(offset, doc) for index, offset, doc, _ in found if index == 0]
    assert len(first) > 1  # the long text came in several Docs, none of them the whole text
    assert all(len(doc.text) <= 5_000 for _, doc in first)
    assert "".join(doc.text for _, doc in first) == text
    assert all(text[offset:offset + len(doc.text)] == doc.text for offset, doc in first)
    assert [last for index, _, _, last in found] == [False] * (len(first) - 1) + [True, True]


@pytest.mark.slow
def test_mentions_of_a_multi_megabyte_article_point_into_its_text():
    pytest.importorskip("spacy")
    text, starts = long_article(160, 17)  # about 2.5 MB: 25 segments of up to 100,000 characters
    assert len(text) > 2_000_000
    article = Article(id="long", path="long.txt", raw=text, text=text)
    batch = NlpStage()(Batch([article]))
    assert not batch.rejected
    mentions = article.mentions
    assert mentions and all(text[m.start:m.end] == m.text for m in mentions)
    # the names of paragraphs far into the article, found where they were written
    places = {(m.start, m.text) for m in mentions}
    for start, paragraph in starts[-8:]:
        for name in ("Bergen", "Lisbon", "Cork", "Hamburg"):
            if name in paragraph:
                at = start + paragraph.index(name)
                assert (at, name) in places, (at, name)
    assert max(m.start for m in mentions) > len(text) - 20_000


def test_moved_shifts_offsets_of_records_and_their_parts():
    mentions = [Mention("a", 3, 8, "Pristina", "GPE")]
    assert moved(mentions, 1_000, 5) == [Mention("a", 1_003, 1_008, "Pristina", "GPE")]
    assert added([1, 2], [3]) == [1, 2, 3]
