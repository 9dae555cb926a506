"""The Spark job in local mode agrees with the single-machine run on the seeds and the demo corpus."""

import json
import shutil
from importlib.resources import files
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'newsfuse[spark]')")
if not shutil.which("java"):
    pytest.skip("Java is not installed (apt-get install default-jre-headless)", allow_module_level=True)

import pyarrow.parquet as pq  # noqa: E402

from newsfuse.pipeline.run import analyze  # noqa: E402
from newsfuse.cli.main import app  # noqa: E402
from newsfuse.pipeline.grouping import regroup_store  # noqa: E402
from newsfuse.eval.metrics import b_cubed  # noqa: E402
from newsfuse.spark import run, session  # noqa: E402
from newsfuse.store import Store  # noqa: E402
from newsfuse.pipeline.story import StoryAnalyzer  # noqa: E402
from newsfuse.spark import import_tables  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

pytestmark = [pytest.mark.spark, pytest.mark.timeout(900)]

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
DEMO = Path(str(files("newsfuse.demo") / "corpus"))


@pytest.fixture(scope="module")
def spark():
    s = session("local[2]", app_name="newsfuse-tests", shuffle_partitions=2)
    s.sparkContext.setLogLevel("ERROR")
    yield s


def both_runs(spark, source: Path, tmp: Path):
    """The Spark tables, and a single-machine store of the same input grouped in one batch
    (`newsfuse analyze` then `newsfuse regroup`: the grouping the Spark job distributes)."""
    out = tmp / "spark"
    run(spark, str(source), out)
    store = Store(tmp / "single.db")
    analyze([str(source)], store)
    StoryAnalyzer(store).refresh(set(regroup_store(store).values()))
    return out, store


def table(out: Path, name: str) -> list[dict]:
    return pq.read_table(out / name).to_pylist()


@pytest.fixture(scope="module")
def seeds(spark, tmp_path_factory):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not here")
    return both_runs(spark, SEEDS, tmp_path_factory.mktemp("seeds"))


@pytest.fixture(scope="module")
def demo(spark, tmp_path_factory):
    return both_runs(spark, DEMO, tmp_path_factory.mktemp("demo"))


def agreement(out: Path, store: Store) -> float:
    spark_stories = {a["id"]: a["story_id"] for a in table(out, "articles")}
    single = {a.id: a.story_id for a in store.articles(with_details=False)}
    assert set(spark_stories) == set(single)
    return b_cubed(single, spark_stories).f1


def test_seed_gold_holds(seeds):
    out, _ = seeds
    story = {Path(a["path"]).name[:3]: a["story_id"] for a in table(out, "articles")}
    assert story["000"] == story["001"] == story["002"]
    assert len({story["000"], story["003"], story["004"]}) == 3


@pytest.mark.parametrize("corpus", ["seeds", "demo"])
def test_stories_agree_with_the_single_machine_run(corpus, request):
    out, store = request.getfixturevalue(corpus)
    assert agreement(out, store) >= 0.98


def test_the_agreed_troop_measure_matches(seeds):
    out, store = seeds
    articles = table(out, "articles")
    story = next(a["story_id"] for a in articles if Path(a["path"]).name.startswith("000"))
    measures = {m["label"]: m["status"] for m in table(out, "measures") if m["story_id"] == story}
    single_story = next(a.story_id for a in store.articles(with_details=False) if Path(a.path).name.startswith("000"))
    single = {m["label"]: m["status"] for m in store.get_analysis("story", single_story, "facts")["measures"]}
    assert "NATO additional troops in Kosovo" in measures
    claims = [c for c in table(out, "claims") if c["story_id"] == story and c["value"] == 1000]
    assert any(c["measure"] == "NATO additional troops in Kosovo" for c in claims)
    assert measures == single


def test_stoltenberg_spellings_are_one_entity(seeds):
    out, store = seeds
    articles = table(out, "articles")
    story = next(a["story_id"] for a in articles if Path(a["path"]).name.startswith("000"))
    named = [e for e in table(out, "entities") if e["story_id"] == story
             and any("Stol" in m["text"] for m in json.loads(e["body"])["mentions"])]
    assert [e["name"] for e in named] == ["Jens Stoltenberg"]
    single_story = next(a.story_id for a in store.articles(with_details=False) if Path(a.path).name.startswith("000"))
    single = [e["name"] for e in store.get_analysis("story", single_story, "entities")
              if any("Stol" in m["text"] for m in e["mentions"])]
    assert single == ["Jens Stoltenberg"]


def test_entities_match_the_single_machine_run(demo):
    out, store = demo
    spark_names = {(e["story_id"], e["name"]) for e in table(out, "entities")}
    single_names = set()
    for s in store.stories():
        for e in store.get_analysis("story", s.id, "entities") or []:
            single_names.add((s.id, e["name"]))
    overlap = len(spark_names & single_names) / max(1, len(spark_names | single_names))
    assert overlap >= 0.95


def test_every_table_is_written_with_a_schema(seeds):
    out, _ = seeds
    for name in ("articles", "rejected", "stories", "threads", "entities", "mentions", "claims", "measures",
                 "events", "quotes"):
        assert (out / name).is_dir(), name
        pq.read_schema(next((out / name).glob("*.parquet")))


def test_the_figures_of_every_story_match(demo):
    out, store = demo
    spark_measures = {(m["story_id"], m["label"], m["status"]) for m in table(out, "measures")}
    single = {(s.id, m["label"], m["status"]) for s in store.stories()
              for m in (store.get_analysis("story", s.id, "facts") or {}).get("measures", [])}
    assert single and spark_measures == single


def test_threads_match_the_single_machine_run(demo):
    out, store = demo
    spark_threads = {a["id"]: a["thread_id"] for a in table(out, "articles")}
    single = {a.id: store.story(a.story_id).thread_id for a in store.articles(with_details=False)}
    assert b_cubed(single, spark_threads).f1 >= 0.98


def test_the_tables_import_into_a_store_the_web_app_reads(demo, tmp_path):
    out, _ = demo
    with Store(tmp_path / "imported.db") as store:
        added = import_tables(out, store)
        assert added == len(table(out, "articles"))
        stories = store.stories()
        assert {s.id for s in stories} == {s["id"] for s in table(out, "stories")}
        biggest = max(stories, key=lambda s: len(s.article_ids))
        assert store.get_analysis("story", biggest.id, "entities")
        assert store.get_analysis("story", biggest.id, "facts")["measures"] is not None


def test_the_command_rejects_bad_records_and_keeps_the_rest(spark, tmp_path):
    records = tmp_path / "wire.jsonl"
    records.write_text("\n".join([
        json.dumps({"title": "Bridge reopens in Mitrovica", "text": "The main bridge in Mitrovica reopened to "
                    "cars on Monday, the municipality said, after a year of repairs paid by the EU."}),
        "{not json",
        json.dumps({"title": "No body at all"}),
    ]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["spark", "analyze", str(records), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    rejected = {r["path"].rsplit("#", 1)[1]: r["reason"] for r in table(tmp_path / "out", "rejected")}
    assert rejected == {"2": "malformed JSON line", "3": "JSON record has neither 'text' nor 'html'"}
    assert [a["title"] for a in table(tmp_path / "out", "articles")] == ["Bridge reopens in Mitrovica"]


def test_components_find_every_connected_group(spark):
    from newsfuse.spark.cluster import components

    # a long path (several star rounds), a star, a pair and an isolated node
    path = [(i, i + 1) for i in range(10, 30)]
    star = [(40, 41), (42, 40), (43, 40)]
    nodes = spark.createDataFrame([(n,) for n in [*range(10, 31), 40, 41, 42, 43, 50, 51, 60]], "node long")
    edges = spark.createDataFrame([*path, *star, (51, 50)], "src long, dst long")
    found = {r["node"]: r["component"] for r in components(nodes, edges).collect()}
    assert {n: found[n] for n in (10, 20, 30)} == {10: 10, 20: 10, 30: 10}
    assert {found[n] for n in (40, 41, 42, 43)} == {40}
    assert found[50] == found[51] == 50
    assert found[60] == 60
    assert len(found) == 28
