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

from newsfuse.analyze import analyze  # noqa: E402
from newsfuse.metrics import b_cubed  # noqa: E402
from newsfuse.spark import run, session  # noqa: E402
from newsfuse.store import Store  # noqa: E402

pytestmark = [pytest.mark.spark, pytest.mark.timeout(900)]

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
DEMO = Path(str(files("newsfuse.demo") / "corpus"))


@pytest.fixture(scope="module")
def spark():
    s = session("local[2]", app_name="newsfuse-tests", shuffle_partitions=2)
    s.sparkContext.setLogLevel("ERROR")
    yield s


def both_runs(spark, source: Path, tmp: Path):
    out = tmp / "spark"
    run(spark, str(source), out)
    store = Store(tmp / "single.db")
    analyze([str(source)], store)
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


@pytest.mark.parametrize("corpus", ["seeds", pytest.param("demo", marks=pytest.mark.xfail(
    strict=True, reason="known gap: the demo corpus agrees at B³ F1 0.960, below 0.98 (docs/spark.md)"))])
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
