"""Figures an analyst can quote: what each counts and whose, and cross-checking that never calls
two different things a conflict (texts written for these tests)."""

import re

from newsfuse.facts import cross_check, facts_to_dicts, read_facts
from newsfuse.models import Article


def analyze(*reports):
    """(id, outlet, published, text) reports -> (per-article facts, story facts)."""
    from newsfuse.nlp import mentions_from_doc, parse

    articles = [Article(id=i, path=f"{i}.txt", raw=t, text=t, source=o, published=p) for i, o, p, t in reports]
    facts = []
    for article, doc in zip(articles, parse(a.text for a in articles)):
        article.mentions = mentions_from_doc(article.id, doc)
        facts.append(read_facts(article, doc))
    story = cross_check(articles, [c for f in facts for c in f.claims], [e for f in facts for e in f.events],
                        [q for f in facts for q in f.quotes])
    return facts, story


def claims_of(text, published="2024-03-01"):
    facts, _ = analyze(("a1", "Daily", published, text))
    return facts[0].claims


def test_owner_is_the_entity_the_figure_belongs_to():
    claims = claims_of("NATO will send 1,000 additional soldiers to Kosovo, and Germany pledged 150 troops.")
    owners = {c.quantity.value: c.owner for c in claims}
    assert owners == {1000: "NATO", 150: "Germany"}


def test_measure_words_come_from_the_sentence():
    sentences = ["Apple's new flagship phones sold 3 million units in the quarter.",
                 "Oil rose 19 cents to US $58.24 per barrel on Tuesday.",
                 "Dozens of KFOR members were injured in the clashes.",
                 "The European Commission fined the company €1.8 billion."]
    for sentence in sentences:
        words = set(re.findall(r"\w+", sentence.lower()))
        for claim in claims_of(sentence):
            for word in claim.measure.lower().split():
                assert word in words or word + "s" in words or word.rstrip("y") + "ies" in words \
                    or word in ("killed", "injured", "age"), (sentence, claim.measure)


def test_change_is_up_or_down_beside_the_qualifier():
    claims = claims_of("Oil rose 19 cents to US $58.24 per barrel. The central bank raised its key rate by "
                       "25 basis points. About 300 people attended.")
    by_value = {c.quantity.value: c for c in claims}
    assert by_value[0.19].change == "up"
    assert by_value[58.24].change is None and by_value[58.24].quantity.unit == "USD/barrel"
    assert by_value[0.25].change == "up" and by_value[0.25].quantity.unit == "percentage_point"
    assert by_value[300].change is None and by_value[300].quantity.qualifier == "about"


def test_a_subset_is_not_a_conflict():
    _, story = analyze(
        ("a1", "Alpha", "2023-09-25", "About 30 gunmen attacked the village on Sunday, police said."),
        ("a2", "Bravo", "2023-09-25", "A police officer and three of the gunmen were killed on Sunday."),
    )
    assert not [m for m in story.measures if m.status == "conflicting"]
    assert any("killed" in m.label for m in story.measures)


def test_a_part_and_the_whole_are_not_a_conflict():
    _, story = analyze(
        ("a1", "Alpha", "2023-11-28", "NATO has sent 1,000 more soldiers to Kosovo since the attack."),
        ("a2", "Bravo", "2023-11-28", "Germany will contribute 150 soldiers to the mission in Kosovo."),
    )
    assert not [m for m in story.measures if m.status == "conflicting"]


def test_the_same_measure_on_the_same_day_still_conflicts_and_says_why():
    _, story = analyze(
        ("a1", "Alpha", "2024-05-03", "The army deployed 2,000 troops to the border region on Monday."),
        ("a2", "Bravo", "2024-05-04", "The army deployed 3,000 troops to the border region on Monday."),
    )
    measure = next(m for m in story.measures if m.status == "conflicting")
    assert "2,000 vs 3,000" in measure.reason and measure.reason.startswith("same measure")


def test_a_series_from_one_outlet_is_changed_in_date_order():
    _, story = analyze(
        ("a1", "Wire", "2010-01-14", "The death toll in Haiti rose to 40,000, officials said."),
        ("a2", "Wire", "2010-01-20", "The death toll in Haiti rose to 75,000, officials said."),
        ("a3", "Wire", "2010-02-01", "The death toll in Haiti rose to 100,000, officials said."),
    )
    measure = next(m for m in story.measures if "toll" in m.label)
    assert measure.status == "changed"
    assert measure.reason.index("40,000") < measure.reason.index("75,000") < measure.reason.index("100,000")
    assert "2010-01-14" in measure.reason and "one outlet" in measure.reason


def test_a_vague_word_beside_a_figure_is_not_a_series():
    _, story = analyze(
        ("a1", "Alpha", "2024-05-07", "About 30 soldiers were injured on Monday in Dolna when protesters attacked them."),
        ("a2", "Bravo", "2024-05-20", "Dozens of soldiers were injured on 6 May in Dolna when protesters attacked them."),
        ("a3", "Bravo", "2024-05-21", "On 20 May, two weeks after dozens of soldiers were injured in Dolna, "
                                      "the mission sent 300 reinforcements."),
    )
    measure = next(m for m in story.measures if "injured" in m.label or "soldier" in m.label)
    assert measure.status == "agreed", measure.reason


def test_report_claims_carry_change_owner_and_range_bounds():
    _, story = analyze(("a1", "Alpha", "2024-03-01", "Prices rose 0.3% in March. NATO sent between 500 and 650 "
                                                     "soldiers to Kosovo."))
    report = facts_to_dicts(story)
    percent = next(c for c in report["claims"] if c["unit"] == "percent")
    assert percent["change"] == "up" and percent["value"] == 0.3
    ranged = next(c for c in report["claims"] if c["qualifier"] == "between")
    assert (ranged["low"], ranged["high"], ranged["value"]) == (500, 650, [500, 650])
    assert ranged["owner"] == {"id": "owner:nato", "name": "NATO"}
    assert all(m["reason"] for m in report["measures"])
