"""Long texts reach spaCy in parts, and a text spaCy fails on costs only its own article."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.models import Article, Batch
from newsfuse.nlp import split_text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=400), st.integers(min_value=1, max_value=50))
def test_parts_join_back_to_the_text_and_none_is_too_long(text, limit):
    parts = split_text(text, limit)
    assert "".join(parts) == text
    assert all(len(part) <= limit for part in parts)
    assert all(parts) or text == ""


def test_parts_end_at_paragraph_breaks_when_there_are_any():
    text = "\n\n".join(f"Paragraph {i} " + "word " * 30 for i in range(40))
    parts = split_text(text, 1000)
    assert len(parts) > 1 and all(part.endswith("\n\n") for part in parts[:-1])


class FakeDoc:
    ents = ()

    def __init__(self) -> None:
        self.user_data = {}  # a Doc's cache, which the stage clears once its consumers have read it


def test_a_text_spacy_fails_on_is_rejected_alone(monkeypatch):
    from newsfuse.pipeline import stages

    def segments(texts, model=None, batch_size=64, part_chars=None):
        for index, text in enumerate(texts):
            if "POISON" in text:
                raise ValueError("[E088] Text of length 1000001 exceeds maximum")
            yield index, 0, FakeDoc(), True  # (text index, offset, Doc, ends the text)

    monkeypatch.setattr(stages, "segments", segments)
    batch = Batch(articles=[Article(id=name, path=f"{name}.txt", raw=text, text=text)
                            for name, text in (("a", "Fine."), ("b", "POISON here."), ("c", "Fine too."))])
    seen = []
    stage = stages.NlpStage(consumers=[])
    stage.consumers = [lambda article, doc: seen.append(article.id)]
    result = stage(batch)
    assert [a.id for a in result.articles] == ["a", "c"] and seen == ["a", "c"]
    assert [(r.path, r.reason.split(":")[0]) for r in result.rejected] == [("b.txt", "stage 'nlp' failed")]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n\U0001F600"), max_size=5000))
def test_no_part_holds_a_run_without_spaces_longer_than_the_tokenizer_copes_with(text):
    from newsfuse.nlp import MAX_RUN

    parts = split_text(text, 100_000)
    assert "".join(parts) == text
    assert all(len(run) <= MAX_RUN for part in parts for run in part.split())


@pytest.mark.timeout(60)
def test_twenty_thousand_emoji_are_parsed_in_parts_quickly():
    from newsfuse.nlp import parse

    text = "Emoji\n\n" + "\U0001F600" * 20_000 + " and Vela harbour."
    doc = next(parse([text]))
    assert doc.text == text
