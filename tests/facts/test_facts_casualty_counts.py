"""A count followed only by its casualty ("about 40 wounded", "two dead") counts the casualty: its
concept is the kind (injured, killed), never the sentence's subject, and in a story it is the count
of that kind the other reports name (texts written for these tests)."""

from test_facts_figures import analyze, claims_of

from newsfuse.facts.dates import compatible, sort_key
from newsfuse.facts.measures import build_measures
from newsfuse.facts.numbers import Quantity
from newsfuse.facts.records import Claim

NAMED = ("n1", "Alpha", "2024-04-09",
         "About 40 dockworkers were injured on Tuesday in Halden when a crane collapsed, the port authority said.")
BARE = ("n2", "Beta", "2024-04-12",
        "That evening the port authority spoke of about 40 wounded; nobody has given a new number since.")


def test_a_bare_casualty_count_counts_the_casualty_not_the_speaker():
    [claim] = claims_of(BARE[3], published=BARE[2])
    assert claim.quantity.value == 40
    assert claim.counted == "wounded" and claim.measure == "injured"  # not "port authority"
    assert claim.text == "about 40 wounded"


def test_dead_and_injured_are_two_counts_of_their_kinds():
    claims = claims_of("After the blast the rescuers counted two dead and 14 injured in the market hall.")
    assert {c.quantity.value: c.measure for c in claims} == {2: "killed", 14: "injured"}


def test_a_casualty_the_parser_reads_as_a_noun_is_still_its_kind():
    claims = claims_of("Four people were killed and about 20 hurt when the old bridge gave way.")
    assert {c.quantity.value: c.measure for c in claims}[20] == "injured"


def test_a_casualty_word_before_a_noun_still_counts_the_noun():
    [claim] = claims_of("The port authority said 40 wounded dockworkers were taken to hospital.")
    assert "dockworkers" in claim.counted


def test_in_a_story_the_bare_count_joins_the_named_count_of_its_kind():
    _, story = analyze(NAMED, BARE)
    claims = {c.id: c for c in story.claims}
    [measure] = [m for m in story.measures if any(claims[i].quantity.value == 40 for i in m.claim_ids)]
    assert sorted(claims[i].outlets[0] for i in measure.claim_ids) == ["Alpha", "Beta"]
    assert "dockworkers" in measure.label and "wounded" not in measure.label
    assert measure.status == "agreed"


def test_a_bare_count_between_two_kinds_of_injured_stays_apart():
    both = ("n3", "Gamma", "2024-04-10",
            "Around 12 firefighters were injured on Tuesday in Halden, and about 25 passengers were injured too.")
    _, story = analyze(both, BARE)
    claims = {c.id: c for c in story.claims}
    [measure] = [m for m in story.measures if any(claims[i].quantity.value == 40 for i in m.claim_ids)]
    assert [claims[i].outlets for i in measure.claim_ids] == [["Beta"]]  # whose 40? not guessed


def test_a_week_holds_its_days_and_sorts_at_its_monday():
    assert compatible("2023-05-29", "2023-W22") and compatible("2023-W22", "2023-06-04")
    assert not compatible("2023-06-05", "2023-W22") and not compatible("2023-W21", "2023-W22")
    assert compatible("2023-W22", "2023-05") and compatible("2023-W22", "2023-06") and compatible("2023-W22", "2023")
    assert not compatible("2023-W22", "2023-07")
    assert sorted(["2023-06-01", "2023-W22", "2023-05-28"], key=sort_key) == ["2023-05-28", "2023-W22", "2023-06-01"]


def test_a_count_dated_by_its_week_is_no_later_step_of_a_series():
    def claim(article, value, as_of):
        q = Quantity(value, value, "exact", "count", str(value))
        return Claim(article, 0, 1, 0, 9, "s", str(value), q, "soldiers injured", as_of=as_of, measure="injured")

    # 30 on the day, 30 again dated only "this week", 93 three days later: 30 -> 93, not 93 -> 30
    claims = [claim("a", 30, "2023-05-29"), claim("b", 93, "2023-06-01"), claim("b", 30, "2023-W22")]
    [measure], _ = build_measures(claims, {"a": "A", "b": "B"})
    assert measure.status == "changed"
    assert "30 (2023-05-29) → 93 (2023-06-01)" in measure.reason and "W22" not in measure.reason
