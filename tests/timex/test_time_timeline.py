"""Timelines: same-date statements merge across outlets, different dates for one item are shown."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.models import Article
from newsfuse.timex import TimeTagger, build_timeline, timeline_to_dicts

TAGGER = TimeTagger()


def article(article_id: str, source: str, published: str, text: str) -> Article:
    a = Article(id=article_id, path=f"{article_id}.txt", raw=text, text=text, source=source, published=published)
    anchor = __import__("datetime").date.fromisoformat(published)
    a.times = TAGGER.tag(text, anchor, article_id=article_id)
    return a


def test_same_item_same_date_merges_across_outlets():
    a = article("a", "Harbour Gazette", "2022-05-10",
                "The old swing bridge collapsed on May 8, injuring four dock workers near the ferry terminal.")
    b = article("b", "Coastal Times", "2022-05-11",
                "Four dock workers were injured when the swing bridge collapsed on Sunday near the ferry terminal.")
    timeline = build_timeline([a, b])
    entry = next(e for e in timeline if e.date == "2022-05-08")
    assert entry.article_ids == ["a", "b"]
    assert entry.outlets == ["Coastal Times", "Harbour Gazette"]
    assert entry.precision == "day" and not entry.planned
    for ev in entry.evidence:
        source = {"a": a, "b": b}[ev.article_id]
        assert "bridge" in source.text[ev.start:ev.end]


def test_outlets_giving_different_dates_for_one_item_show_both():
    a = article("a", "Harbour Gazette", "2022-05-10",
                "The old swing bridge collapsed on May 8, injuring four dock workers near the ferry terminal.")
    b = article("b", "Coastal Times", "2022-05-10",
                "The old swing bridge collapsed on May 7, injuring four dock workers near the ferry terminal.")
    c = article("c", "River Post", "2022-05-10",
                "Four dock workers were hurt when the old swing bridge collapsed on May 8 near the ferry terminal.")
    timeline = build_timeline([a, b, c])
    assert [e.date for e in timeline if e.precision == "day"] == ["2022-05-08"]
    entry = timeline[0]
    assert entry.outlets == ["Harbour Gazette", "River Post"]
    assert len(entry.conflicts) == 1
    conflict = entry.conflicts[0]
    assert conflict.date == "2022-05-07" and conflict.outlets == ["Coastal Times"]
    assert conflict.evidence[0].article_id == "b"


def test_unrelated_items_on_one_date_stay_apart_and_future_is_planned():
    a = article("a", "Harbour Gazette", "2022-05-10",
                "The swing bridge collapsed on May 8 near the ferry terminal. "
                "The city council will vote on a new budget on June 1.")
    b = article("b", "Coastal Times", "2022-05-10",
                "A jazz festival drew record crowds on May 8 in the old town square.")
    timeline = build_timeline([a, b])
    on_8 = [e for e in timeline if e.date == "2022-05-08"]
    assert len(on_8) == 2
    june = next(e for e in timeline if e.date == "2022-06-01")
    assert june.planned
    assert [e.date for e in timeline] == sorted(e.date for e in timeline)


def test_datelines_and_vague_times_are_not_entries():
    a = article("a", "Harbour Gazette", "2022-05-10",
                "Tuesday, 10.05.2022.\n\nThe ferry now runs daily. Crews worked for three days on the pier.")
    assert build_timeline([a]) == []


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["on May 8", "last year", "in June 2021", "today", "the quarter"]),
                min_size=1, max_size=4))
def test_report_shape_survives_json(phrases):
    text = " ".join(f"The harbour authority reported repairs {p} to the pier." for p in phrases)
    timeline = build_timeline([article("a", "Gazette", "2022-05-10", text)])
    report = timeline_to_dicts(timeline)
    assert json.loads(json.dumps(report)) == report
    for item in report:
        assert {"date", "precision", "text", "article_ids", "evidence"} <= item.keys()
        for ev in item["evidence"]:
            assert text[ev["start"]:ev["end"]]
