"""The attribute ruler read by table lookup gives every token what spaCy's own component gives."""

from pathlib import Path

import pytest

from newsfuse.demo import corpus_dir
from newsfuse.nlp import load_pipeline
from newsfuse.nlp.ruler import speed_up

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

# words that reach the ruler's rules of two tokens, its regular expressions and its lemma rules
TRICKY = ("There are ten soldiers there, and there's nothing y' can do; they ain't going. "
          "He gets what he got. Nothin' happened.\n\n  Spaces   and\ttabs.")


def _attributes(docs):
    return [[(t.text, t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_, t.head.i) for t in doc] for doc in docs]


def _texts() -> list[str]:
    texts = [TRICKY, *(p.read_text(encoding="utf-8") for p in sorted(corpus_dir().glob("*.txt")))]
    if SEEDS.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*")) if p.is_file()]
    return texts


def test_the_lookup_sets_the_same_attributes_as_spacys_ruler_on_every_token():
    texts = _texts()
    stock = load_pipeline(None, stock=True)
    fast = load_pipeline(None)
    assert fast is not stock
    expected = _attributes(stock.pipe(texts))
    assert _attributes(fast.pipe(texts)) == expected
    assert sum(len(doc) for doc in expected) > 5_000


def test_a_rule_the_lookup_cannot_read_leaves_spacys_component_in_place():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LENGTH": {">": 3}}]], {"POS": "NOUN"})
    before = ruler.match
    assert speed_up(ruler) is False
    assert ruler.match == before
    assert [t.pos_ for t in nlp("a long word")] == ["", "NOUN", "NOUN"]


def test_a_blank_pipeline_with_simple_rules_is_sped_up_and_agrees():
    import spacy

    def build():
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("attribute_ruler")
        ruler.add([[{"LOWER": "kfor"}]], {"POS": "PROPN"})
        ruler.add([[{"LOWER": {"IN": ["nato", "kfor"]}}, {"LOWER": "troops"}]], {"POS": "NOUN"}, index=1)
        ruler.add([[{"LOWER": {"REGEX": "^sold"}}]], {"POS": "NOUN", "LEMMA": "soldier"})
        return nlp, ruler

    stock, _ = build()
    fast, ruler = build()
    assert speed_up(ruler) is True
    text = "KFOR troops and NATO troops met soldiers; kfor said so."
    assert _attributes([fast(text)]) == _attributes([stock(text)])
    assert [t.pos_ for t in fast(text)][:2] == ["PROPN", "NOUN"]


@pytest.mark.parametrize("missing", ["attribute_ruler"])
def test_a_pipeline_without_the_ruler_loads(missing):
    assert missing not in load_pipeline(None, ("lemmatizer", missing)).pipe_names


@pytest.mark.parametrize("two_tokens_first", [True, False])
def test_rules_of_one_and_two_tokens_on_one_token_apply_in_spacys_order(two_tokens_first):
    import spacy

    def build():
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("attribute_ruler")
        two = ([[{"LOWER": "nato"}, {"LOWER": "troops"}]], {"POS": "VERB", "LEMMA": "troop"})
        one = ([[{"LOWER": "troops"}]], {"POS": "NOUN"})
        for patterns, attrs in ((two, one) if two_tokens_first else (one, two)):
            ruler.add(patterns, attrs, index=1 if patterns is two[0] else 0)
        return nlp, ruler

    stock, _ = build()
    fast, ruler = build()
    assert speed_up(ruler) is True
    text = "NATO troops and troops of NATO; nato troops."
    got = _attributes([fast(text)])
    assert got == _attributes([stock(text)])
    # the later rule wins where both set "troops" after "NATO"; elsewhere only the one-token rule does
    assert [pos for _, pos, *_ in got[0]][1] == ("NOUN" if two_tokens_first else "VERB")
    assert [pos for _, pos, *_ in got[0]][3] == "NOUN"
