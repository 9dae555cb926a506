"""The seed story (five outlets on NATO troops in Kosovo) yields the gold facts of the tracker issue.

The seed texts are read at run time from ../shared/seeds; they keep their scraped boilerplate,
which extraction has to survive.
"""

import json
from pathlib import Path

import pytest

from newsfuse.facts import CSV_COLUMNS, cross_check, events_csv_rows, facts_to_dicts, read_facts
from newsfuse.models import Article

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
META = [  # id, outlet, published (001's date is only inferable from its text)
    ("s000", "Beta", "2023-11-28"), ("s001", "REL", None), ("s002", "Jurist", None),
    ("s003", "time news", "2023-09-30"), ("s004", "NATO", "2023-06-13"),
]
pytestmark = pytest.mark.skipif(len(list(SEEDS.glob("00[0-4]_*.txt"))) < 5, reason="../shared/seeds is not here")


@pytest.fixture(scope="module")
def story():
    from newsfuse.nlp import mentions_from_doc, parse

    paths = sorted(SEEDS.glob("00[0-4]_*.txt"))
    articles = []
    for (article_id, outlet, published), path in zip(META, paths):
        text = path.read_text(encoding="utf-8")
        articles.append(Article(id=article_id, path=str(path), raw=text, text=text, source=outlet, published=published))
    facts = []
    for article, doc in zip(articles, parse(a.text for a in articles)):
        article.mentions = mentions_from_doc(article.id, doc)
        facts.append(read_facts(article, doc))
    story_facts = cross_check(articles, [c for f in facts for c in f.claims], [e for f in facts for e in f.events],
                              [q for f in facts for q in f.quotes])
    return articles, facts, story_facts


def claims_of(story, article_id):
    _, facts, _ = story
    return next(f for f in facts if f.article_id == article_id).claims


def measure_with(story, article_id, value):
    _, _, story_facts = story
    claim_ids = {c.id for c in story_facts.claims if any(s.article_id == article_id for s in c.sources)
                 and c.quantity.value == value}
    return next(m for m in story_facts.measures if claim_ids & set(m.claim_ids))


def test_claims_cite_their_sentence(story):
    articles, facts, _ = story
    text = {a.id: a.text for a in articles}
    for f in facts:
        for claim in f.claims:
            assert text[claim.article_id][claim.start:claim.end] == claim.text
            assert claim.text in text[claim.article_id][claim.sentence_start:claim.sentence_end]


def test_additional_thousand_troops_is_one_measure_agreed_by_two_outlets(story):
    _, _, story_facts = story
    measure = measure_with(story, "s000", 1000)
    assert measure is measure_with(story, "s001", 1000)
    assert measure.status == "agreed"
    assert set(measure.outlets) == {"Beta", "REL"}
    qualifiers = {c.quantity.qualifier for c in story_facts.claims if c.id in measure.claim_ids}
    assert qualifiers == {"exact", "about"}


def test_troops_in_kosovo_changed_between_june_and_november(story):
    _, _, story_facts = story
    measure = measure_with(story, "s000", 4500)
    assert measure is measure_with(story, "s004", 4000)
    assert measure is measure_with(story, "s001", 4500)
    assert measure.status == "changed"
    assert "NATO" in measure.label and "Kosovo" in measure.label
    june = next(c for c in story_facts.claims if c.id in measure.claim_ids and c.quantity.value == 4000)
    assert june.quantity.qualifier == "more_than" and june.as_of == "2023-06-13"


def test_single_figures_of_each_outlet(story):
    injured = next(c for c in claims_of(story, "s001") if c.quantity.value == 93)
    assert "injured" in injured.counted and injured.owner == "NATO"

    german = next(c for c in claims_of(story, "s002") if c.quantity.value == 150)
    assert german.owner == "Germany" and german.planned and "additional" in german.counted

    battalion = next(c for c in claims_of(story, "s003") if c.quantity.is_range)
    assert (battalion.quantity.low, battalion.quantity.high) == (500, 650)
    assert battalion.owner == "United Kingdom"

    turkish = next(c for c in claims_of(story, "s004") if c.quantity.value == 500)
    assert turkish.quantity.qualifier == "about" and turkish.owner == "Turkey"

    serbs = next(c for c in claims_of(story, "s003") if c.quantity.value == 30)
    assert "armed Serbs" in serbs.counted


def test_different_owners_are_different_measures(story):
    assert measure_with(story, "s002", 150) is not measure_with(story, "s000", 1000)
    assert measure_with(story, "s002", 150).status == "single"


def test_banjska_attack_is_one_event_from_three_outlets_with_a_killed_officer(story):
    _, _, story_facts = story
    banjska = [e for e in story_facts.events if e.date == "2023-09-24"]
    assert len(banjska) == 1
    event = banjska[0]
    assert {"s000", "s001", "s003"} <= set(event.article_ids)
    assert event.type in ("attack", "clash")
    assert event.place and event.place.lower().startswith("banj")
    killed = [c for c in event.casualties if c.kind == "killed"]
    assert any("police" in c.who.lower() or "bunjaku" in c.who.lower() for c in killed)
    assert event.fatalities and event.fatalities >= 1


def test_stoltenberg_quote_is_attributed_to_stoltenberg(story):
    _, _, story_facts = story
    quote = next(q for q in story_facts.quotes if any(s.article_id == "s000" for s in q.sources)
                 and "1,000 additional soldiers" in q.text)
    assert quote.speaker == "Jens Stoltenberg"


def test_json_report_has_the_documented_shape(story):
    _, _, story_facts = story
    report = facts_to_dicts(story_facts)
    assert set(report) == {"claims", "measures", "events", "quotes"}
    for claim in report["claims"]:
        assert set(claim) == {"id", "measure", "value", "low", "high", "unit", "qualifier", "change", "owner",
                              "concept", "as_of", "sources", "outlets", "independent_sources", "first_report"}
        assert claim["change"] in (None, "up", "down")
        assert claim["owner"] is None or set(claim["owner"]) == {"id", "name"}
        assert all(set(s) == {"article_id", "text", "start", "end"} for s in claim["sources"])
    for measure in report["measures"]:
        assert set(measure) == {"id", "label", "status", "reason", "claim_ids", "outlets", "independent_sources",
                                "rests_on", "first_report"}
        assert set(measure["first_report"]) == {"article_id", "publisher", "origin", "published"}
        assert measure["status"] in ("agreed", "conflicting", "changed", "single")
        assert measure["reason"]
    assert json.loads(json.dumps(report)) == report


def test_ids_are_stable_across_runs(story):
    articles, facts, story_facts = story
    again = cross_check(articles, [c for f in facts for c in f.claims], [e for f in facts for e in f.events],
                        [q for f in facts for q in f.quotes])
    assert facts_to_dicts(again) == facts_to_dicts(story_facts)


def test_events_csv_has_acled_like_columns(story):
    _, _, story_facts = story
    rows = events_csv_rows(story_facts.events, geocode=lambda name: (42.9, 20.9) if "Banj" in name else None)
    assert rows and all(tuple(row) == CSV_COLUMNS for row in rows)
    banjska = next(r for r in rows if r["event_date"] == "2023-09-24")
    assert (banjska["latitude"], banjska["longitude"]) == (42.9, 20.9)
    assert banjska["fatalities"] >= 1
