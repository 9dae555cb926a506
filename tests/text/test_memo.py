"""A text read once: what the remembered readers return is what reading again returns, and a
caller changing its list changes nobody else's."""

from __future__ import annotations

from newsfuse.text import calendar
from newsfuse.text.memo import per_text
from newsfuse.text.tense import Sentences, sentence_spans
from newsfuse.timex.grammar import find_candidates

# Written for this test.
TEXT = ("Ferry crews stopped work on 3 March. The strike ended on Friday, the union said. "
        "Talks resume on 12 April 2024 in the harbour office.")


def test_a_remembered_reader_reads_a_text_once_and_gives_each_caller_its_own_list():
    reads: list[str] = []

    @per_text(maxsize=4, max_chars=1_000)
    def words(text: str) -> list[str]:
        reads.append(text)
        return text.split()

    first = words(TEXT)
    first.append("changed by the first caller")
    again = words(TEXT)
    assert again == TEXT.split() and reads == [TEXT]


def test_a_text_longer_than_the_limit_is_read_every_time_so_the_cache_holds_bounded_text():
    reads: list[str] = []

    @per_text(maxsize=4, max_chars=10)
    def words(text: str) -> list[str]:
        reads.append(text)
        return text.split()

    assert words(TEXT) == words(TEXT) == TEXT.split()
    assert len(reads) == 2


def test_sentences_dates_and_time_candidates_are_the_same_on_a_second_reading():
    spans = sentence_spans(TEXT)
    assert [TEXT[s:e] for s, e in spans][0] == "Ferry crews stopped work on 3 March."
    spans.clear()  # the caller's own list
    assert sentence_spans(TEXT) == Sentences(TEXT).spans and len(sentence_spans(TEXT)) == 3

    dates = calendar.find_dates(TEXT, offset=5)
    assert [(d.start - 5, d.month, d.day) for d in dates][:1] == [(TEXT.index("3 March"), 3, 3)]
    dates.clear()
    assert len(calendar.find_dates(TEXT, offset=5)) == 2
    assert [d.start for d in calendar.find_dates(TEXT)] == [d.start - 5 for d in calendar.find_dates(TEXT, offset=5)]

    candidates = find_candidates(TEXT)
    assert any(TEXT[c.start:c.end] == "Friday" for c in candidates)
    candidates.clear()
    assert [(c.rule, c.start, c.end) for c in find_candidates(TEXT)] == \
        [(c.rule, c.start, c.end) for c in find_candidates.__wrapped__(TEXT)]


def test_forget_empties_every_memory_so_a_benchmark_times_the_reading():
    from newsfuse.text.memo import forget, per_text

    reads = []

    @per_text(maxsize=8, max_chars=100)
    def words(text):
        reads.append(text)
        return text.split()

    words("one two")
    words("one two")
    assert len(reads) == 1
    forget()
    words("one two")
    assert len(reads) == 2


def test_a_memory_holds_at_most_its_characters_of_text_the_oldest_text_goes_first():
    reads: list[str] = []

    @per_text(maxsize=100, max_chars=10, held_chars=12)
    def words(text: str) -> list[str]:
        reads.append(text)
        return text.split()

    for text in ("ab cd", "ef gh", "ij kl", "ef gh"):  # 15 characters: "ab cd" is let go
        words(text)
    assert reads == ["ab cd", "ef gh", "ij kl"]
    words("ab cd")
    assert reads[-1] == "ab cd" and len(reads) == 4


def test_an_article_anchored_at_ingest_is_not_read_again_when_its_story_is_analysed(monkeypatch):
    # the story analysis at the end of a run anchors its undated articles again: a run of 772
    # ECB+ texts re-read 350 of them when the memory held the last 256 texts only
    from newsfuse.timex import anchor

    reads: list[str] = []
    tagger = anchor._tagger

    class Counting:
        def find(self, text, when):
            reads.append(text)
            return tagger.find(text, when)

    monkeypatch.setattr(anchor, "_tagger", Counting())
    texts = [f"Report {i}: the ferry crews of pier {i} stopped work, the union said." for i in range(1_000)]
    for text in texts + texts[:10]:
        anchor.infer_anchor(text, None)
    assert len(reads) == len(texts)
