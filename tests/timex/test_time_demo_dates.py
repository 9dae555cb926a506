"""#16.3: the demo corpus's German pledge is dated 29 November 2023 (it was 22 November)."""

from __future__ import annotations

from newsfuse.demo import corpus_dir
from newsfuse.ingest import read_inputs
from newsfuse.ingest.extract import article_from_record
from newsfuse.models import Article
from newsfuse.pipeline.stages import CleanStage, MetadataStage
from newsfuse.timex import TimeTagger
from newsfuse.timex.anchor import anchor_articles

STORY = ["18_balkan-ledger_nato-ministers-preview.txt", "19_pannonia-post_brussels-ministers.html",
         "20_morava-morning-post_germany-150-troops.txt", "21_lantern-street-review_kfor-permanent.txt"]


def test_the_undated_pledge_report_dates_wednesday_29_november():
    paths = [str(corpus_dir() / name) for name in STORY]
    records = [a for r in read_inputs(paths) if isinstance(a := article_from_record(r), Article)]
    articles = [MetadataStage().process(CleanStage().process(a)) for a in records]
    assert len(articles) == 4
    (pledge,) = [a for a in articles if "Bearbock announced" in a.text]
    assert not pledge.published  # the report carries no date: its anchor is borrowed from the story
    anchors = anchor_articles(articles)
    times = TimeTagger().tag(pledge.text, anchors[pledge.id].date)
    assert [t.value for t in times if t.text == "Wednesday"] == ["2023-11-29"]
