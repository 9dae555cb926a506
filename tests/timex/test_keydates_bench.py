"""`newsfuse bench keydates` on our development collection (tests/data/tls) and its folder format."""

import datetime as dt
import json
import re

import pytest

from newsfuse.eval.keydates import (DEV_COLLECTION, SECOND_COLLECTION, CollectionError, bench_keydates, load_collection,
                                    rouge_n, score_timeline)

# Measured 2026-12-02 on the five topics within their reference spans (news-tls): Date-F1 0.839, agreement
# ROUGE-1 0.337 (volume baseline 0.361, 0.202); reading every article and day: 0.868, 0.377.
FLOORS = {"newsfuse_date_f1": 0.8, "newsfuse_rouge1_agreement": 0.33}


def test_key_dates_beat_publication_volume_on_the_dev_collection():
    result = bench_keydates(DEV_COLLECTION)
    assert result["topics"] >= 2
    for name, floor in FLOORS.items():
        assert result[name] >= floor, (name, result[name])
    assert result["newsfuse_date_f1"] > result["volume_date_f1"]


# tests/data/tls2: five real 2009-2011 topics (Haiti, BP spill, Libya, 2009 flu, Ivory Coast), reference timelines
# written by hand before newsfuse was run on them. Measured 2026-12-03: Date-F1 0.510, agreement ROUGE-1 0.205
# (volume baseline 0.388, 0.097). The held-out target is 0.60; this row pins what we have, it is no target.
SECOND_FLOORS = {"newsfuse_date_f1": 0.51, "newsfuse_rouge1_agreement": 0.20}


def test_key_dates_on_the_second_collection_of_real_topics():
    result = bench_keydates(SECOND_COLLECTION)
    assert result["topics"] == 5 and result["input"] == "reference span"
    for name, floor in SECOND_FLOORS.items():
        assert result[name] >= floor, (name, result[name])
    assert result["newsfuse_date_f1"] > result["volume_date_f1"]


def test_scores_follow_the_news_tls_definitions():
    reference = {"2024-01-01": ["Miners walk out."], "2024-02-01": ["Talks open."]}
    assert score_timeline(reference, reference)["date_f1"] == 1.0
    half = score_timeline({"2024-01-01": ["Miners walk out."], "2024-03-01": ["Talks open."]}, reference)
    assert half["date_f1"] == 0.5 and half["rouge1_concat"] == 1.0 and half["rouge1_agreement"] == pytest.approx(3 / 5)
    assert rouge_n("the miners walk out", "miners walk out today", 2) == pytest.approx(2 / 3)


def test_a_folder_without_topics_is_an_error_naming_it(tmp_path):
    with pytest.raises(CollectionError, match=str(tmp_path)):
        load_collection(tmp_path)
    topic = tmp_path / "t1"
    topic.mkdir()
    (topic / "articles.jsonl").write_text(json.dumps({"text": "no date"}) + "\n", encoding="utf-8")
    (topic / "timeline.json").write_text("[]", encoding="utf-8")
    with pytest.raises(CollectionError, match="line 1"):
        load_collection(tmp_path)


def test_the_harder_topics_are_long_busy_and_noisy():
    # What makes them hard, so an edit of the generator cannot quietly make them easy again.
    for topic in load_collection(DEV_COLLECTION):
        if topic.name in ("brenna-eruption", "korvath-strike"):
            continue
        days = sorted(a.published for a in topic.articles)
        assert len(topic.articles) >= 40 and len({a.source for a in topic.articles}) >= 5
        assert (dt.date.fromisoformat(days[-1]) - dt.date.fromisoformat(days[0])).days >= 80
        assert any(re.search(r"\b(19|20)\d\d\b", a.text) for a in topic.articles)  # background years
        # a day that is not key is busier than half the key days
        key_counts = sorted(days.count(d) for d in topic.reference)
        assert max(days.count(d) for d in set(days) - topic.reference.keys()) > key_counts[len(key_counts) // 2]


def test_a_topic_is_read_within_its_reference_span_as_news_tls_does(tmp_path):
    # The reference covers 4-11 March; a far busier day after it is outside the timeline asked for.
    topic = tmp_path / "strike"
    topic.mkdir()
    rows = [{"published": "2024-03-04", "source": "Alpha", "text": "Miners at Dravec walked out on Monday over pay."},
            {"published": "2024-03-05", "source": "Bravo", "text": "The Dravec miners went on strike on Monday."},
            {"published": "2024-03-11", "source": "Alpha", "text": "Police cleared the road to the Dravec mine on Monday."}]
    rows += [{"published": "2024-04-02", "source": outlet, "text": f"Talks opened in Selm on Tuesday, {outlet} reported."}
             for outlet in ("Alpha", "Bravo", "Charlie", "Delta", "Echo")]
    (topic / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (topic / "timeline.json").write_text(json.dumps([{"date": "2024-03-04", "text": "The strike begins."},
                                                     {"date": "2024-03-11", "text": "Police clear the road."}]),
                                         encoding="utf-8")
    within = bench_keydates(tmp_path)
    assert within["input"] == "reference span" and within["articles_read"] == 3
    assert within["newsfuse_date_f1"] == 1.0
    assert bench_keydates(tmp_path, span=False)["newsfuse_date_f1"] < 1.0


def test_a_topic_in_news_tls_layout_is_read_one_timeline_at_a_time(tmp_path):
    # Timeline17 / Crisis folders: articles.preprocessed.jsonl.gz (time, text, tokens we skip) and
    # timelines.jsonl, one reference timeline a line.
    import gzip

    topic = tmp_path / "dravec"
    topic.mkdir()
    rows = [{"time": "2024-03-04T00:00:00", "title": "", "text": "Miners at Dravec walked out on Monday over pay.",
             "sentences": [{"raw": "...", "tokens": {"keys": [], "data": []}}]},
            {"time": "2024-03-05T00:00:00", "title": "", "text": "The Dravec miners went on strike on Monday."},
            {"time": "2024-03-11T00:00:00", "title": "", "text": "Police cleared the road to the Dravec mine on Monday."}]
    with gzip.open(topic / "articles.preprocessed.jsonl.gz", "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(r) + "\n" for r in rows)
    timelines = [[["2024-03-04T00:00:00", ["The strike begins."]], ["2024-03-11T00:00:00", ["Police clear the road."]]],
                 [["2024-03-04T00:00:00", ["Miners walk out.", "Output stops."]]]]
    (topic / "timelines.jsonl").write_text("".join(json.dumps(t) + "\n" for t in timelines), encoding="utf-8")
    topics = load_collection(tmp_path)
    assert [t.name for t in topics] == ["dravec#1", "dravec#2"]
    assert topics[1].reference == {"2024-03-04": ["Miners walk out.", "Output stops."]}
    result = bench_keydates(tmp_path)
    assert result["topics"] == 2 and result["articles"] == 3
    assert result["date_f1_by_topic"]["dravec#1"]["newsfuse"] == 1.0


def test_the_second_collection_is_of_the_held_out_kind():
    # Months-long topics with 8-15 reference dates each, distractors that share a topic's keywords
    # (the news-tls collections were gathered by keyword), and more than one outlet per topic.
    topics = load_collection(SECOND_COLLECTION)
    assert len(topics) == 5
    for topic in topics:
        assert 8 <= len(topic.reference) <= 15, topic.name
        days = sorted(topic.reference)
        assert (dt.date.fromisoformat(days[-1]) - dt.date.fromisoformat(days[0])).days >= 60
        assert len({a.source for a in topic.articles}) >= 4
    rows = [json.loads(line) for line in (SECOND_COLLECTION / "bp-spill" / "articles.jsonl").read_text().splitlines()]
    assert {"bp-spill", "kalamazoo-spill"} <= {r["topic"] for r in rows}
