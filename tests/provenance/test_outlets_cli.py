"""`newsfuse outlets` and the provenance benchmark, as a user runs them."""

import json

from typer.testing import CliRunner

from newsfuse.cli.main import app
from newsfuse.eval.provenance import analyse, load_corpus, score
from newsfuse.models import Article
from newsfuse.stories.copies import CopyIndex


def test_outlets_lists_publishers_and_credits(store, tmp_path):
    store.add_articles([
        Article("o1", "1.txt", "r", title="a", text="x", content_hash="1", publisher="harbourpost.test", credits=["Reuters"]),
        Article("o2", "2.txt", "r", title="b", text="y", content_hash="2", publisher="harbourpost.test",
                credits=["Reuters"], derived_from=[("o1", 0.9)]),
        Article("o3", "3.txt", "r", title="c", text="z", content_hash="3", source="Beta"),
    ])
    result = CliRunner().invoke(app, ["outlets", "--json", "--db", str(store.path)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    post = next(p for p in document["publishers"] if p["name"] == "harbourpost.test")
    assert (post["articles"], post["originals"], post["copies"], post["credits"]) == (2, 1, 1, {"Reuters": 2})
    assert {p["name"] for p in document["publishers"]} == {"harbourpost.test", "Beta"}
    assert document["credited"] == [{"name": "Reuters", "articles": 2}]


def test_lifted_paragraph_is_a_copy_and_an_unrelated_report_is_not():
    wire = ("The port will remain closed until Thursday while divers inspect the wrecks and clear the main channel, "
            "the harbour master told reporters at a briefing in the town hall on Tuesday morning after the storm.")
    index = CopyIndex()
    assert index.add("wire", wire) == []
    lifted = index.add("lift", "Shop owners described a night of fear on the quay. " + wire)
    assert [d[0] for d in lifted] == ["wire"] and lifted[0][1] > 0.5
    assert index.add("other", "Miners at the Eastvale pits walked off the job on Wednesday demanding higher pay "
                              "and safer shafts, their union said at a rally outside the company offices.") == []
    # a copy of the copy leads back to the original, not to every site that printed it
    assert [d[0] for d in index.add("again", wire)] == ["wire"]


def test_benchmark_scores_the_corpus():
    records = load_corpus()
    figures = score(records, analyse(records))
    assert figures["articles"] == len(records) >= 18
    assert figures["derived_from precision"] >= 0.95 and figures["derived_from recall"] >= 0.9
    assert figures["publisher accuracy"] >= 0.95 and figures["credits accuracy"] >= 0.95
    assert figures["independent_sources exact (stories)"] >= 0.95


def test_benchmark_scores_each_figure_against_its_sentences_true_origin():
    from newsfuse.eval.provenance import fact_score

    records = load_corpus()
    figures = fact_score(records, analyse(records))
    assert figures["figures"] >= 10
    # wires' paragraphs lifted without attribution count for the wire, not for the site lifting them
    assert figures["independent_sources exact (figures)"] >= 0.95


def test_store_run_links_copies_across_runs(tmp_path):
    records = {r["id"]: r for r in load_corpus()}
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(json.dumps({"title": "wire", "text": records["storm-wire"]["text"], "url": records["storm-wire"]["url"],
                                 "published": "2024-03-04"}) + "\n", encoding="utf-8")
    second.write_text("".join(json.dumps({"title": key, "text": records[key]["text"], "url": records[key]["url"],
                                          "published": "2024-03-05"}) + "\n" for key in ("storm-lift", "storm-own")),
                      encoding="utf-8")
    db = str(tmp_path / "p.db")
    for path in (first, second):  # the second run finds the wire in the store's copy index
        result = CliRunner().invoke(app, ["ingest", str(path), "--db", db, "-q"])
        assert result.exit_code == 0, result.output
    from newsfuse.store import Store

    with Store(db) as store:
        by_title = {a.title: a for a in store.articles(with_details=False)}
    assert [d[0] for d in by_title["storm-lift"].derived_from] == [by_title["wire"].id]
    assert by_title["storm-own"].derived_from == []
    assert by_title["wire"].credits == ["Reuters"] and by_title["wire"].publisher == "wire.example-reuters.test"


def test_bench_switch_turns_provenance_off_and_times_it_when_on():
    from newsfuse.eval.provenance import Stopwatch, provenance_switch
    from newsfuse.pipeline.stages import MetadataStage

    records = {r["id"]: r for r in load_corpus()}

    def credited():
        record = records["storm-repub1"]
        article = Article("x", "x.txt", record["text"], url=record["url"])
        MetadataStage().process(article)
        return article.publisher, article.credits

    with provenance_switch(False):
        assert credited() == (None, [])
    watch = Stopwatch()
    with provenance_switch(True, watch):
        assert credited() == ("harbourpost.test", ["Reuters"])
    assert watch.seconds > 0  # the publisher and credit look-ups were counted
    assert credited() == ("harbourpost.test", ["Reuters"])  # and the pipeline is itself again after
