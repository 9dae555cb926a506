"""`newsfuse bench keydates` on our development collection (tests/data/tls) and its folder format."""

import json

import pytest

from newsfuse.eval.keydates import DEV_COLLECTION, CollectionError, bench_keydates, load_collection, rouge_n, score_timeline

FLOORS = {"newsfuse_date_f1": 0.85, "newsfuse_rouge1_agreement": 0.3}


def test_key_dates_beat_publication_volume_on_the_dev_collection():
    result = bench_keydates(DEV_COLLECTION)
    assert result["topics"] >= 2
    for name, floor in FLOORS.items():
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
