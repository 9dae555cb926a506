"""The shortcuts taken for speed give what the long way gives: a title longer than the first window read
before a name, a known name only as a whole run of capitalized words, a sentence-opening word the article
also writes in lower case (as a whole word, not inside a hyphenated one)."""

from __future__ import annotations

from newsfuse.entities.clean import not_an_entity
from newsfuse.entities.recover import KnownNames, recover
from newsfuse.entities.roles import title_before
from newsfuse.models import Article, Mention


def test_a_title_longer_than_sixty_characters_is_read_whole():
    text = "On Monday the Deputy Assistant Secretary of State for European and Eurasian Affairs Hoyt Yee spoke."
    start = text.index("Hoyt")
    role = title_before(text, start)
    assert role is not None
    assert role.text == "Deputy Assistant Secretary of State for European and Eurasian Affairs"
    assert start - role.start > 60


def test_a_short_title_and_no_title():
    text = "Kosovo Prime Minister Albin Kurti said. Then Kurti left."
    assert title_before(text, text.index("Albin")).text == "Kosovo Prime Minister"
    assert title_before(text, text.index("Kurti left")) is None


def _known(*names: str) -> KnownNames:
    known = KnownNames()
    for name in names:
        known.add(name, "PERSON")
    return known


def test_a_known_name_is_recovered_only_as_a_whole_run_of_capitalized_words():
    text = "Kurti spoke. Albin Kurti Street is long. And then Kurti and Vucic met."
    found = recover("a", text, _known("kurti", "vucic"), [])
    assert [(m.text, m.start) for m in found] == [("Kurti", 0), ("Kurti", text.index("Kurti and")),
                                                  ("Vucic", text.index("Vucic"))]


def test_a_run_longer_than_four_words_is_no_known_name():
    text = "The Jens Stoltenberg Memorial Lecture Hall opened."
    assert recover("a", text, _known("jens stoltenberg"), []) == []


def _article(text: str) -> Article:
    return Article(id="a", path="a", raw=text, text=text, source="Test Wire")


def test_a_sentence_opening_word_written_in_lower_case_elsewhere_is_no_name():
    text = "Rocks flew at the police. Some rocks hit cars."
    mention = Mention("a", 0, 5, "Rocks", "ORG")
    assert not_an_entity(_article(text), mention) == "rejected: a common word, not a name"


def test_the_lower_case_word_inside_a_hyphenated_word_does_not_count():
    text = "Rocks flew at the police. A rocks-and-bottles fight followed."
    mention = Mention("a", 0, 5, "Rocks", "ORG")
    assert not_an_entity(_article(text), mention) is None
