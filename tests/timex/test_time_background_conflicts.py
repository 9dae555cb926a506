"""#16 items 2 and 3: background dates off the story timeline; one event dated differently is one
flagged entry; a weekday contradicting the article's own date is flagged. Texts written for these tests."""

from __future__ import annotations

import datetime as dt

from newsfuse.models import Article
from newsfuse.timex import TimeTagger, build_timeline, timeline_to_dicts

TAGGER = TimeTagger()


def article(article_id: str, source: str, published: str, text: str) -> Article:
    a = Article(id=article_id, path=f"{article_id}.txt", raw=text, text=text, source=source, published=published)
    a.times = TAGGER.tag(text, dt.date.fromisoformat(published), article_id=article_id)
    return a


def dates(timeline) -> list[str]:
    return [e.date for e in timeline]


def test_founding_dates_anniversaries_and_since_are_background():
    a = article("a", "Valley Post", "2023-11-20",
                "The river authority, founded in 1987 after the great flood, closed the lower dam on November 18. "
                "The levee has leaked since 2019, engineers said on Sunday. "
                "Residents marked the tenth anniversary of the 2013 evacuation with a march on November 12. "
                "The crisis office, set up in March to handle the drought, stays open.")
    timeline = build_timeline([a])
    assert dates(timeline) == ["2023-11-12", "2023-11-18", "2023-11-19"]
    assert all(e.kind == "event" for e in timeline)
    everything = build_timeline([a], background=True)
    background = {e.date for e in everything if e.kind == "background"}
    assert {"1987", "2019", "2013", "2023-03"} <= background
    report = timeline_to_dicts(everything)
    assert {item["kind"] for item in report} == {"event", "background"}


def test_a_date_years_before_the_report_is_background_even_without_a_cue():
    a = article("a", "Valley Post", "2023-11-20",
                "The bridge was closed in 2016 and again on November 17 after the storm.")
    assert dates(build_timeline([a])) == ["2023-11-17"]


def test_one_event_dated_differently_by_outlets_is_one_flagged_entry():
    a = article("a", "Harbour Gazette", "2023-05-08",
                "The port workers' union holds its congress in Split on May 10, the union said.")
    b = article("b", "Coastal Times", "2023-05-08",
                "Delegates travel to the congress of the port workers' union, which opens on 10 May in Split.")
    c = article("c", "River Post", "2023-05-08",
                "The congress of dockers is expected to start on Thursday, its organisers said.")
    timeline = build_timeline([a, b, c])
    (entry,) = [e for e in timeline if e.date.startswith("2023-05")]
    assert entry.date == "2023-05-10" and entry.outlets == ["Coastal Times", "Harbour Gazette"]
    assert entry.conflict and [c.date for c in entry.conflicts] == ["2023-05-11"]
    assert entry.dates_by_outlet == {"Coastal Times": ["2023-05-10"], "Harbour Gazette": ["2023-05-10"],
                                     "River Post": ["2023-05-11"]}
    assert entry.planned
    (item,) = [i for i in timeline_to_dicts(timeline) if i["date"] == "2023-05-10"]
    assert item["conflict"] and item["label"] == "10 May 2023" and item["conflicts"][0]["label"] == "11 May 2023"


def test_an_explicit_date_wins_a_tie_against_a_weekday():
    a = article("a", "Harbour Gazette", "2023-05-08", "The dockers' congress opens on Thursday in Split.")
    b = article("b", "Coastal Times", "2023-05-08", "The dockers' congress opens on May 10 in Split.")
    (entry,) = build_timeline([a, b])
    assert entry.date == "2023-05-10" and entry.conflicts[0].date == "2023-05-11"


def test_a_weekday_that_contradicts_the_article_s_own_date_is_flagged():
    a = article("a", "Harbour Gazette", "2023-05-08",
                "The dockers' congress opens on May 10 in Split. Delegates arrive for the congress on Thursday.")
    timeline = build_timeline([a])
    flagged = [e for e in timeline if e.conflict]
    assert flagged and "Thursday" in flagged[0].notes[0] and "10 May 2023" in flagged[0].notes[0]
    b = article("b", "Harbour Gazette", "2023-05-08", "The congress opens on Thursday, 12 May, in Split.")
    (entry,) = build_timeline([b])
    assert entry.conflict and "not that weekday" in entry.notes[0]


def test_agreeing_outlets_are_not_flagged():
    a = article("a", "Harbour Gazette", "2023-05-08", "The dockers' congress opens on May 10 in Split.")
    b = article("b", "Coastal Times", "2023-05-08", "The dockers' congress opens on Wednesday in Split.")
    (entry,) = build_timeline([a, b])
    assert entry.date == "2023-05-10" and not entry.conflict and entry.outlets == ["Coastal Times", "Harbour Gazette"]


def test_seasons_are_labelled_in_words():
    a = article("a", "Harbour Gazette", "2023-05-08", "The new ferry line will open in the summer of 2024, the port said.")
    (item,) = timeline_to_dicts(build_timeline([a]))
    assert item["date"] == "2024-SU" and item["label"] == "summer 2024" and item["planned"]
