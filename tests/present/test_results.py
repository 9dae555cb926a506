"""Story and thread results are decoded once, at the store boundary (newsfuse.store.results): the
records give back the stored documents unchanged, and documents of an older release still read."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from newsfuse.codec import decode, encode
from newsfuse.errors import StoreError
from newsfuse.facts import facts_to_dicts
from newsfuse.facts.numbers import Quantity
from newsfuse.facts.records import (Casualty, Event, FirstReport, Measure, Source, StoryClaim, StoryFacts,
                                    StoryQuote)
from newsfuse.models import Article, Entity, Mention, Story, Thread
from newsfuse.present.views import story_facts, story_timeline, thread_facts
from newsfuse.store import Store
from newsfuse.store.results import FactsResult, story_result, thread_result
from newsfuse.timex import DateConflict, Evidence, TimelineEntry, timeline_to_dicts

OLD_STORE = Path(__file__).resolve().parents[1] / "store" / "fixtures" / "release-9c3d4de-demo.sqlite"


def full_facts() -> StoryFacts:
    """Story facts with every field the report writes set to something other than its default, so
    a key the report gains and the result records lack shows up as a difference."""
    source = Source("a1", "More than 4,000 soldiers serve in KFOR.", 10, 52)
    first = FirstReport("a1", "Balkan Ledger", "Wire Agency", "2023-06-13")
    claim = StoryClaim("c-1", "m-1", "NATO soldiers in Kosovo", Quantity(4000.0, None, "more_than", "count", "4,000"),
                       "2023-06-13", False, [source], change="up", owner="NATO", concept="nato soldier",
                       outlets=["Balkan Ledger"], independent_sources=["Wire Agency"], first_report=first)
    span = StoryClaim("c-2", "m-1", "NATO soldiers in Kosovo", Quantity(500.0, 650.5, "between", "count"),
                      "2023-06", False, [source])
    measure = Measure("m-1", "NATO soldiers in Kosovo", ("soldier", "nato", "kosovo"), "changed", ["c-1", "c-2"],
                      ["Balkan Ledger"], reason="a series: 4,000 then 4,500", independent_sources=["Wire Agency"],
                      rests_on="1 independent source, 1 outlet", first_report=first)
    event = Event("e-1", "clash", "2023-05-29", "Zvečan", "protesters", "KFOR", 0,
                  [Casualty("injured", Quantity(30.0, None, "about"), "soldiers", "a1", 5, 9)], [], [source],
                  injuries=30, latitude=42.9, longitude=20.8, outlets=["Balkan Ledger"],
                  independent_sources=["Wire Agency"])
    quote = StoryQuote("q-1", "We are not leaving.", "Mircea Geoană", [source], outlets=["Balkan Ledger"],
                       independent_sources=["Wire Agency"])
    return StoryFacts([claim, span], [measure], [event], [quote])


def full_timeline() -> list[TimelineEntry]:
    evidence = [Evidence("a1", 0, 40)]
    return [TimelineEntry("2023-11-28", "day", "The meeting took place on Tuesday.", ["a1", "a2"], evidence,
                          ["Balkan Ledger"], planned=True,
                          conflicts=[DateConflict("2023-11-29", "day", ["a2"], ["Ibar Valley Herald"], evidence)],
                          kind="background", dates_by_outlet={"Balkan Ledger": ["2023-11-28"]},
                          notes=["a weekday disagrees"], independent_sources=["Wire Agency"])]


def test_decoded_facts_give_the_stored_document_back_key_for_key():
    stored = facts_to_dicts(full_facts())
    again = encode(decode(FactsResult, json.loads(json.dumps(stored))))
    assert json.dumps(again, ensure_ascii=False) == json.dumps(stored, ensure_ascii=False)


def test_decoded_timeline_gives_the_stored_document_back():
    stored = timeline_to_dicts(full_timeline())
    again = timeline_to_dicts(decode(list[TimelineEntry], json.loads(json.dumps(stored))))
    assert json.dumps(again, ensure_ascii=False) == json.dumps(stored, ensure_ascii=False)


@pytest.fixture
def analysed(store: Store) -> Store:
    """A store with one analysed story in a thread, its documents as the analysis writes them."""
    article = Article("a1", "a1.txt", "raw", title="Troops", text="More than 4,000 soldiers serve in KFOR.",
                      source="Balkan Ledger", story_id="s-1")
    store.add_articles([article])
    store.save_stories([Story("s-1", "Troops", ["a1"], "t-1", "2023-06-13", "2023-06-13")], [Thread("t-1", "Troops", ["s-1"])])
    entity = Entity("e-nato", "NATO", "org", ["the alliance"], [Mention("a1", 0, 4, "NATO", "ORG")])
    with store.atomic() as conn:
        store.put_analysis("story", "s-1", "entities", encode([entity]), conn)
        store.put_analysis("story", "s-1", "timeline", timeline_to_dicts(full_timeline()), conn)
        store.put_analysis("story", "s-1", "facts", facts_to_dicts(full_facts()), conn)
        store.put_analysis("thread", "t-1", "facts", facts_to_dicts(full_facts()), conn)
    return store


def test_story_result_has_records_with_attributes(analysed):
    result = story_result(analysed, "s-1")
    claim = result.facts.claims[0]
    assert (claim.measure, claim.value, claim.unit, claim.qualifier) == ("NATO soldiers in Kosovo", 4000, "count",
                                                                          "more_than")
    assert claim.owner.name == "NATO" and claim.first_report.publisher == "Balkan Ledger"
    assert result.facts.claims[1].value == [500, 650.5]
    measure = result.facts.measures[0]
    assert [c.id for c in result.facts.claims_of(measure)] == ["c-1", "c-2"]
    assert result.facts.events[0].casualties[0].value == 30
    assert result.facts.quotes[0].sources[0].article_id == "a1"
    assert result.timeline[0].conflicts[0].date == "2023-11-29" and result.timeline[0].conflict
    assert result.entities[0].mentions[0].text == "NATO"
    assert result.version is not None and result.version >= 1


def test_results_still_read_as_the_dicts_the_api_returned_before(analysed):
    measure = story_result(analysed, "s-1").facts.measures[0]
    claim = story_result(analysed, "s-1").facts.claims[0]
    assert (measure["status"], measure["label"]) == ("changed", "NATO soldiers in Kosovo")  # the README's example
    assert claim.get("as_of") == "2023-06-13" and claim.get("no such key", "-") == "-"
    with pytest.raises(KeyError):
        claim["no such key"]


def test_views_give_the_stored_documents_byte_for_byte(analysed):
    story = analysed.story("s-1")
    for kind, shown in (("facts", story_facts(analysed, story)), ("timeline", story_timeline(analysed, story))):
        stored = analysed.get_analysis("story", "s-1", kind)
        assert json.dumps(shown, ensure_ascii=False) == json.dumps(stored, ensure_ascii=False)
    assert thread_facts(analysed, "t-1") == analysed.get_analysis("thread", "t-1", "facts")
    assert thread_result(analysed, "t-1").facts.measures[0].status == "changed"


def test_a_story_never_analysed_has_empty_results(store):
    result = story_result(store, "s-none")
    assert (result.entities, result.timeline, result.facts, result.version) == ([], [], FactsResult(), None)
    assert story_facts(store, Story("s-none", "", [])) == {"claims": [], "measures": [], "events": [], "quotes": []}


def test_a_hand_written_document_reads_with_what_it_gives(analysed):
    body = {"claims": [{"id": "c-1", "value": 12, "sources": [{"article_id": "a1"}]}],
            "events": [{"id": "e-1", "type": "flood", "location": "Lindmark"}]}
    with analysed.atomic() as conn:
        analysed.put_analysis("story", "s-1", "facts", body, conn)
    facts = story_result(analysed, "s-1").facts
    assert facts.claims[0].value == 12 and facts.claims[0].sources[0].text == ""
    assert facts.events[0].place == "Lindmark"  # the ACLED-like name of the place


def test_a_document_missing_a_field_without_default_is_one_store_error(analysed):
    with analysed.atomic() as conn:
        analysed.put_analysis("story", "s-1", "timeline", [{"date": "2023-11-28"}], conn)
    with pytest.raises(StoreError, match="timeline of story s-1"):
        story_result(analysed, "s-1")


def test_documents_of_an_older_release_decode_with_defaults(tmp_path):
    if not OLD_STORE.is_file():
        pytest.skip("the release fixture is not here")
    copy = tmp_path / "old.sqlite"
    shutil.copy(OLD_STORE, copy)
    raw = sqlite3.connect(copy)
    old_claim_keys = {k for (body,) in raw.execute("SELECT body FROM analysis WHERE scope = 'story' AND kind = 'facts'")
                      for c in json.loads(body)["claims"] for k in c}
    raw.close()
    assert "outlets" not in old_claim_keys and "low" not in old_claim_keys  # the old shape, before provenance
    with Store(copy) as store:
        results = [story_result(store, s.id) for s in store.stories()]
        claims = [c for r in results for c in r.facts.claims]
        assert claims and all(c.outlets == [] and c.first_report is None for c in claims)
        assert all(c.measure and c.sources for c in claims)  # what the old release stored is kept
        assert any(r.timeline for r in results) and all(e.independent_sources == [] for r in results for e in r.timeline)
        assert all(r.version == 0 for r in results)  # written before documents carried a version
        shown = story_facts(store, store.stories()[0])
        new_keys = {f.name for f in dataclasses.fields(type(claims[0]))}
        assert all(set(c) == new_keys for c in shown["claims"])  # the current report shape
