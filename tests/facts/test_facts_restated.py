"""A total restated later ("puts the total at 93") is the same figure moving on, in a story's
measures as in its events: one measure `changed` from the first count to the new total, with the
dates and the outlets of both (texts written for these tests)."""

from test_facts_figures import analyze

FIRST = ("r1", "Alpha", "2023-05-29",
         "Around 40 firefighters were injured on Monday in Lindholm when a warehouse roof fell in, the brigade said.")
LATER = ("r2", "Beta", "2023-06-02",
         "The number of hurt crew members kept rising. A revised count sent to the council this week puts the "
         "total at 112, most of them hurt by falling beams.")


def _measure_with(story, value):
    claims = {c.id: c for c in story.claims}
    return [m for m in story.measures if any(claims[i].quantity.value == value for i in m.claim_ids)]


def test_a_restated_total_continues_the_first_count():
    _, story = analyze(FIRST, LATER)
    [measure] = _measure_with(story, 112)
    assert _measure_with(story, 40) == [measure]  # one measure, not two unrelated numbers
    assert measure.status == "changed"
    assert "40 (2023-05-29) → 112 (2023-06-02)" in measure.reason
    assert measure.conservative.value == 112  # the current figure is the new total
    claims = {c.id: c for c in story.claims}
    by_value = {claims[i].quantity.value: claims[i] for i in measure.claim_ids}
    assert by_value[40].outlets == ["Alpha"] and by_value[112].outlets == ["Beta"]
    assert by_value[112].as_of == "2023-06-02"
    assert "firefighters" in measure.label  # named by what the first count counts, not by "total"


def test_the_restated_total_counts_its_kind_not_the_word_total():
    facts, _ = analyze(FIRST, LATER)
    [total] = [c for c in facts[1].claims if c.quantity.value == 112]
    assert total.restates == "injured" and total.counted == "injured"
    assert total.text == "112" and total.as_of == "2023-06-02"  # no day in its clause: the article's


def test_a_total_of_something_else_stays_its_own_measure():
    _, story = analyze(FIRST, ("r3", "Gamma", "2023-06-02",
                               "The city has since raised the number of inspectors to 25 across the district."))
    assert _measure_with(story, 25) != _measure_with(story, 40)
    assert all(m.status == "single" for m in story.measures)


def test_a_claims_concept_does_not_follow_the_hash_seed():
    import os
    import subprocess
    import sys

    # two outlets write the same figure with different words: the tie must break the same way in every process
    code = ("from newsfuse.facts.measures import build_measures\n"
            "from newsfuse.facts.numbers import Quantity\n"
            "from newsfuse.facts.records import Claim\n"
            "q = Quantity(2, 2, 'exact', 'count', '2')\n"
            "claims = [Claim(a, 0, 1, 0, 9, 's', '2', q, 'co-workers', as_of='2010-12-08', measure=m)\n"
            "          for a, m in (('b', 'co -'), ('a', 'co'))]\n"
            "print(build_measures(claims, {'a': 'A', 'b': 'B'})[1][0].concept)\n")
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout.strip() for seed in range(6)}
    assert seen == {"co"}
