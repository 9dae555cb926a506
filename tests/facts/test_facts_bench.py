"""Quality gate: event coreference on the ECB+ dev topics stays above the floors pinned beside this file."""

import json
from pathlib import Path

import pytest

from newsfuse.eval.events import (MENTION_SIMILARITY, EventToken, bench_events, derived, document_similarity, main,
                                  pair_probability, pair_score, stem)
from newsfuse.eval.datasets.ecbplus import EcbDocument

ECBPLUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "ecbplus"
FLOOR = json.loads((Path(__file__).with_name("event_bench_floor.json")).read_text())


def token(lemma, event_class=None, names=(), words=(), document="d"):
    return EventToken(lemma, document, "g", lemma, frozenset({lemma, stem(lemma)}), event_class,
                      frozenset(names), frozenset(words))


def test_pair_scores_follow_the_trigger():
    assert pair_score(token("shoot"), token("shooting")) == 1.0
    assert 0 < pair_score(token("kill", "death"), token("murder", "death")) < 1.0
    assert pair_score(token("say"), token("say")) < 0.5  # speech verbs rarely share an event
    assert pair_score(token("arrest", "arrest"), token("win", "win")) == 0.0


def test_shared_names_and_words_decide_what_a_speech_verb_refers_to():
    said = token("say", names={"lindsay lohan"}, words={"lohan", "rehab", "court"}, document="d1")
    also = token("say", names={"lindsay lohan"}, words={"lohan", "rehab", "judge"}, document="d2")
    other = token("say", names={"apple"}, words={"iphone", "launch"}, document="d3")
    assert pair_probability(said, also) > pair_probability(said, other)
    assert pair_probability(token("shoot", document="d1"), token("shooting", document="d2")) >= MENTION_SIMILARITY
    assert pair_probability(token("arrest", "arrest"), token("win", "win")) < MENTION_SIMILARITY


def test_one_word_family_is_closer_than_two_unrelated_triggers():
    assert derived("negotiate", "negotiation") and derived("stop", "stoppage")
    assert not derived("protest", "produce") and not derived("attack", "attack")
    family = pair_probability(token("negotiate", document="d1"), token("negotiation", document="d2"))
    assert family > pair_probability(token("negotiate", document="d1"), token("arrest", document="d2"))


def test_the_same_trigger_in_unrelated_documents_is_less_likely_one_event():
    documents = [EcbDocument("a", 1, "1ecb", "Lohan checks into rehab in Malibu after court order", [0]),
                 EcbDocument("b", 1, "1ecb", "Lohan checks into Malibu rehab, court told", [0]),
                 EcbDocument("c", 1, "1ecbplus", "Tara Reid checks into Promises clinic", [0])]
    similar = document_similarity(documents)
    assert similar("a", "b") > similar("a", "c")
    first, second, third = (token("check", document=name) for name in "abc")
    assert pair_probability(first, second, similar("a", "b")) > pair_probability(first, third, similar("a", "c"))


@pytest.mark.slow
@pytest.mark.skipif(not ECBPLUS.is_dir(), reason="../shared/data/ecbplus is not here")
def test_event_coreference_stays_above_the_pinned_floor(capsys):
    result = bench_events(ECBPLUS, FLOOR["split"])
    for name, floor in FLOOR.items():
        if name != "split":
            assert result[name] >= floor, f"{name} {result[name]} fell below {floor}"
    assert main([str(ECBPLUS), "--split", "dev", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["event_conll_f1"] == result["event_conll_f1"]


def test_missing_folder_is_a_clear_error(tmp_path, capsys):
    assert main([str(tmp_path / "nowhere")]) == 2
    assert "not found" in capsys.readouterr().err


def test_agent_and_patient_are_read_in_either_voice():
    from newsfuse.eval.events import _roles
    from newsfuse.nlp import load_pipeline

    nlp = load_pipeline(None, ())  # as the bench reads the mentions
    for doc in nlp.pipe(["Police arrested the suspect in Ohio.", "The suspect was arrested by police in Ohio."]):
        trigger = next(t for t in doc if t.text == "arrested")
        assert _roles(trigger) == (frozenset({"police"}), frozenset({"suspect"})), doc.text
