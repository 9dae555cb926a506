"""Outlets and independent sources on every kind of fact (claims, measures, timeline entries,
events, quotes), first reports and what a measure's status rests on (texts written for these tests)."""

from datetime import date

from newsfuse.facts.provenance import Provenance, rests_on
from newsfuse.models import Story
from newsfuse.pipeline.analysis import TimelineStage
from newsfuse.timex import TimeTagger

from tests.provenance.test_independent import report, story

# A wire with a figure, an event, a date and a quote.
WIRE = ('Protesters clashed with police in Portville on Monday, and 40 boats sank in the storm. '
        '"We will rebuild the harbour," said mayor Jana Lund.')
OWN = "Fishermen said 40 boats sank at the harbour in Portville on Monday."


def three_outlets():
    """Two sites printing the Reuters wire (the second a day later) and one independent report."""
    return (report("a", "Bay Post", WIRE, credits=["Reuters"], published="2024-03-05"),
            report("b", "Coast Daily", WIRE, credits=["Reuters"], published="2024-03-04"),
            report("c", "Port News", OWN, published="2024-03-06"))


def boats(facts):
    return next(m for m in facts["measures"] if "boats" in m["label"])


def test_events_and_quotes_count_the_wire_once():
    facts = story(*three_outlets())
    (event,) = [e for e in facts["events"] if e["place"] == "Portville"]
    assert event["outlets"] == ["Bay Post", "Coast Daily"] and event["independent_sources"] == ["Reuters"]
    (quote,) = facts["quotes"]
    assert quote["outlets"] == ["Bay Post", "Coast Daily"] and quote["independent_sources"] == ["Reuters"]


def test_measure_says_what_its_status_rests_on_and_who_reported_first():
    facts = story(*three_outlets())
    measure = boats(facts)
    assert measure["status"] == "agreed"
    assert measure["rests_on"] == "agreed by 2 independent sources, 3 outlets"
    # the copy printed a day earlier than the other site is the first report, and it stands for Reuters
    assert measure["first_report"] == {"article_id": "b", "publisher": "Coast Daily", "origin": "Reuters",
                                       "published": "2024-03-04"}
    claims = [c for c in facts["claims"] if c["id"] in measure["claim_ids"]]
    assert {s for c in claims for s in c["independent_sources"]} == {"Reuters", "Port News"}
    for claim in claims:  # each figure's own first report: the earliest article that gives it
        first = min((s["article_id"] for s in claim["sources"]), key=lambda aid: {"b": 0, "a": 1, "c": 2}[aid])
        assert claim["first_report"]["article_id"] == first


def test_undated_reports_come_after_dated_ones():
    undated = report("u", "Isle Times", OWN, published=None)
    dated = report("d", "Bay Post", OWN, published="2024-03-09")
    facts = story(undated, dated)
    assert boats(facts)["first_report"]["article_id"] == "d"


def test_conflicting_figures_are_disputed_between_sources():
    assert rests_on("conflicting", 2, 3) == "disputed between 2 independent sources, 3 outlets"
    assert rests_on("single", 1, 1) == "reported by 1 independent source, 1 outlet"
    facts = story(report("a", "Bay Post", "Officials said 40 boats sank in Portville on Monday."),
                  report("b", "Coast Daily", "Officials said 12 boats sank in Portville on Monday."))
    measure = boats(facts)
    assert measure["status"] == "conflicting"
    assert measure["rests_on"] == "disputed between 2 independent sources, 2 outlets"


def test_timeline_entries_count_the_wire_once():
    articles = list(three_outlets())
    tagger = TimeTagger()
    for article in articles:
        article.times = tagger.tag(article.text, date.fromisoformat(article.published), article_id=article.id)
    timeline = TimelineStage().process(Story("s", "", [a.id for a in articles], articles=articles)).timeline
    by_articles = {frozenset(e.article_id for e in entry.evidence): entry for entry in timeline}
    wire = next(entry for ids, entry in by_articles.items() if {"a", "b"} <= ids)
    assert wire.outlets[:2] == ["Bay Post", "Coast Daily"]
    assert "Reuters" in wire.independent_sources and "Bay Post" not in wire.independent_sources
    assert len(wire.independent_sources) == len(wire.outlets) - 1  # two copies of the wire, one source


def test_copy_loop_is_one_independent_source_for_every_fact():
    a = report("a", "Bay Post", WIRE, derived_from=[("b", 0.9)])
    b = report("b", "Coast Daily", WIRE, derived_from=[("a", 0.9)])
    facts = story(a, b)
    kinds = [boats(facts), *facts["events"], *facts["quotes"]]
    assert kinds and all(len(k["independent_sources"]) == 1 and len(k["outlets"]) == 2 for k in kinds)
    provenance = Provenance.of([a, b])
    assert provenance.sources([("a", 0), ("b", 0)]) == (["Bay Post", "Coast Daily"], ["Bay Post"])


def test_a_paragraph_lifted_without_attribution_counts_for_the_wire():
    wire = report("w", "Wire Desk", WIRE, credits=["Reuters"])
    lead = ("Volunteers pumped water out of flooded cellars all night in the old town, the fire brigade said, "
            "and the school on Mill Lane stayed shut on Tuesday while the clean-up went on.\n\n")
    lifter = report("l", "Quayside Gazette", lead + WIRE + "\n\nThe council meets on Wednesday about emergency funds.",
                    derived_from=[("w", 0.4)])
    provenance = Provenance.of([wire, lifter])
    assert provenance.origin("l", 0) == "Quayside Gazette"  # its own lead
    assert provenance.origin("l", len(lead) + 5) == "Reuters"  # the wire's sentence, word for word
    assert provenance.origin("l", len(lifter.text) - 10) == "Quayside Gazette"
    measure = boats(story(wire, lifter))
    assert measure["independent_sources"] == ["Reuters"] and len(measure["outlets"]) == 2


def test_a_loop_of_lifted_paragraphs_is_one_origin():
    lead_a = "Volunteers pumped water out of flooded cellars all night in the old town, the fire brigade said.\n\n"
    lead_b = "Traders at the market hope the clean-up ends before the weekend fair, the chamber of commerce said.\n\n"
    a = report("a", "Bay Post", lead_a + WIRE, derived_from=[("b", 0.4)])
    b = report("b", "Coast Daily", lead_b + WIRE, derived_from=[("a", 0.4)])
    provenance = Provenance.of([a, b])
    assert provenance.origin("a", len(lead_a) + 5) == provenance.origin("b", len(lead_b) + 5)
    assert provenance.origin("a", 0) == "Bay Post" and provenance.origin("b", 0) == "Coast Daily"
