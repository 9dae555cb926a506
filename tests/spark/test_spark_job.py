"""The Spark job in local mode gives the same documents as the store run, on the seeds and the demo.

One SparkSession for the module and one run of each path per corpus; every test reads those runs.
The reference is the single-machine batch grouping (`newsfuse analyze` then `regroup`), which is
the algorithm the Spark job distributes.
"""

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from importlib.resources import files
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'newsfuse[spark]')")
if not shutil.which("java"):
    pytest.skip("Java is not installed (apt-get install default-jre-headless)", allow_module_level=True)

import pyarrow.parquet as pq  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from newsfuse.cli.main import app  # noqa: E402
from newsfuse.eval.metrics import b_cubed  # noqa: E402
from newsfuse.models import Rejection  # noqa: E402
from newsfuse.pipeline.grouping import regroup_store  # noqa: E402
from newsfuse.pipeline.run import analyze  # noqa: E402
from newsfuse.pipeline.story import StoryAnalyzer  # noqa: E402
from newsfuse.spark import import_tables, run, session  # noqa: E402
from newsfuse.spark.job import read_records  # noqa: E402
from newsfuse.store import Store  # noqa: E402

pytestmark = [pytest.mark.spark, pytest.mark.timeout(900)]

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
DEMO = Path(str(files("newsfuse.demo") / "corpus"))
# inputs the demo run must reject, in both paths (written in our own words)
BAD_WIRE = "\n".join([
    json.dumps({"title": "Bridge reopens in Mitrovica", "text": "The main bridge in Mitrovica reopened to cars on "
                "Monday, the municipality said, after a year of repairs paid by the EU."}),
    "{not json",
    json.dumps({"title": "No body at all"}),
]) + "\n"


@pytest.fixture(scope="module")
def spark():
    s = session("local[2]", app_name="newsfuse-tests", shuffle_partitions=2)
    s.sparkContext.setLogLevel("ERROR")
    yield s


class Runs:
    """The Spark tables of one input and the store of the same input, grouped in one batch."""

    def __init__(self, out: Path, store: Store, cli=None) -> None:
        self.out, self.store, self.cli = out, store, cli

    def table(self, name: str) -> list[dict]:
        return pq.read_table(self.out / name).to_pylist()

    def spark_stories(self) -> dict[frozenset, str]:
        return {frozenset(s["article_ids"]): s["id"] for s in self.table("stories")}

    def store_stories(self) -> dict[frozenset, str]:
        return {frozenset(s.article_ids): s.id for s in self.store.stories()}


def store_reference(source: Path, db: Path) -> None:
    """`newsfuse analyze` then `regroup`, every story and thread analysed again; the entities stay
    the stages' own (the Spark job has no store-wide entity index to link them to)."""
    with Store(db) as store:
        analyze([str(source)], store)
        StoryAnalyzer(store, link_entities=False).refresh(set(regroup_store(store).values()))


@pytest.fixture(scope="module")
def runs(spark, tmp_path_factory) -> dict[str, Runs]:
    """Both corpora through both paths, at once: the Spark jobs mostly wait on their many small
    stages, so two jobs and the store runs overlap well on two cores. The demo corpus, plus a wire
    file with two bad records, goes through the `newsfuse spark analyze` command."""
    tmp = tmp_path_factory.mktemp("runs")
    corpus = tmp / "demo" / "corpus"
    shutil.copytree(DEMO, corpus)
    (corpus / "99_wire.jsonl").write_text(BAD_WIRE, encoding="utf-8")
    (tmp / "seeds").mkdir()
    references = [(corpus, tmp / "demo" / "single.db")] + ([(SEEDS, tmp / "seeds" / "single.db")] * SEEDS.is_dir())
    with ThreadPoolExecutor(2) as pool:
        # one store run after the other: they share one spaCy pipeline, which is not for two threads
        jobs = [pool.submit(lambda: [store_reference(*r) for r in references])]
        if SEEDS.is_dir():
            jobs.append(pool.submit(run, spark, str(SEEDS), tmp / "seeds" / "spark"))
        cli = CliRunner().invoke(app, ["spark", "analyze", str(corpus), "--out", str(tmp / "demo" / "spark")])
        for job in jobs:
            job.result()
    spark.conf.set("spark.sql.shuffle.partitions", "2")  # the command set its own on the shared session
    found = {"demo": Runs(tmp / "demo" / "spark", Store(tmp / "demo" / "single.db"), cli)}
    if SEEDS.is_dir():
        found["seeds"] = Runs(tmp / "seeds" / "spark", Store(tmp / "seeds" / "single.db"))
    return found


@pytest.fixture(scope="module")
def seeds(runs):
    if "seeds" not in runs:
        pytest.skip("../shared/seeds is not here")
    return runs["seeds"]


@pytest.fixture(scope="module")
def demo(runs):
    return runs["demo"]


# -- documents ---------------------------------------------------------------------------------------

DOCUMENTS = ("entities", "timeline", "facts")


def normalized(kind: str, body):
    """A document with what may legitimately differ between the two paths put in one order."""
    if kind == "entities":
        return sorted(body, key=lambda e: (e["name"], e["id"]))
    return body


def story_documents(runs: Runs) -> tuple[dict, dict]:
    """{(article ids, kind): body} of every story, from the Spark tables and from the store."""
    spark_ids = {v: k for k, v in runs.spark_stories().items()}
    from_spark = {(spark_ids[d["story_id"]], d["kind"]): normalized(d["kind"], json.loads(d["body"]))
                  for d in runs.table("story_docs") if d["kind"] in DOCUMENTS}
    from_store = {}
    for members, story_id in runs.store_stories().items():
        for kind in DOCUMENTS:
            from_store[(members, kind)] = normalized(kind, runs.store.get_analysis("story", story_id, kind))
    return from_spark, from_store


def thread_documents(runs: Runs) -> tuple[dict, dict]:
    """{article ids of the thread: facts document}, from the Spark tables and from the store."""
    spark_members: dict[str, set] = {}
    for a in runs.table("articles"):
        spark_members.setdefault(a["thread_id"], set()).add(a["id"])
    from_spark = {frozenset(spark_members[d["thread_id"]]): json.loads(d["body"])
                  for d in runs.table("thread_docs") if d["kind"] == "facts"}
    from_store = {}
    for thread in runs.store.threads():
        members = frozenset(a for s in thread.story_ids for a in runs.store.story(s).article_ids)
        from_store[members] = runs.store.get_analysis("thread", thread.id, "facts")
    return from_spark, from_store


def first_difference(a, b, where="") -> str:
    if type(a) is not type(b):
        return f"{where}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b), key=str):
            if a.get(key) != b.get(key):
                return first_difference(a.get(key), b.get(key), f"{where}.{key}")
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return first_difference(x, y, f"{where}[{i}]")
    return f"{where}: {a!r} != {b!r}"


@pytest.mark.parametrize("corpus", ["seeds", "demo"])
def test_the_same_stories(corpus, request):
    runs = request.getfixturevalue(corpus)
    spark, single = runs.spark_stories(), runs.store_stories()
    assert set(spark) == set(single)
    spark_of = {a["id"]: a["story_id"] for a in runs.table("articles")}
    assert set(spark_of) == {a.id for a in runs.store.articles(with_details=False)}
    # the same ids, too: ids come from the stories' founding articles, not from the machine
    assert set(spark.values()) == set(single.values())


@pytest.mark.parametrize("corpus", ["seeds", "demo"])
def test_every_story_document_is_the_same(corpus, request):
    """Entities, timeline, and facts (claims with as_of, measures with status, events, quotes)."""
    from_spark, from_store = story_documents(request.getfixturevalue(corpus))
    assert set(from_spark) == set(from_store)
    differ = [key for key in from_store if from_spark[key] != from_store[key]]
    assert not differ, [f"{kind} of {sorted(m)[:2]}…: {first_difference(from_spark[(m, kind)], from_store[(m, kind)])}"
                        for m, kind in differ]
    facts = [body for (_, kind), body in from_store.items() if kind == "facts"]
    assert sum(len(f["claims"]) for f in facts) and sum(len(f["measures"]) for f in facts)


@pytest.mark.parametrize("corpus", ["seeds", "demo"])
def test_every_thread_document_is_the_same(corpus, request):
    from_spark, from_store = thread_documents(request.getfixturevalue(corpus))
    assert from_store and set(from_spark) == set(from_store)
    differ = [m for m in from_store if from_spark[m] != from_store[m]]
    assert not differ, [first_difference(from_spark[m], from_store[m]) for m in differ]


@pytest.mark.parametrize("corpus", ["seeds", "demo"])
def test_re_anchored_times_are_the_same(corpus, request):
    runs = request.getfixturevalue(corpus)
    spark = {a["id"]: (a["anchor"], json.loads(a["times"])) for a in runs.table("articles")}
    single = {a.id: (a.inferred.get("anchor"), [[t.start, t.end, t.value] for t in a.times])
              for a in runs.store.articles()}
    assert {k: (v[0], [[t["start"], t["end"], t["value"]] for t in v[1]]) for k, v in spark.items()} == single


def test_no_stage_failed(seeds, demo):
    assert seeds.table("failures") == [] and demo.table("failures") == []


# -- what a reader of the seeds would check by hand ----------------------------------------------------

def seed_story(runs: Runs, prefix: str) -> str:
    return next(a["story_id"] for a in runs.table("articles") if Path(a["path"]).name.startswith(prefix))


def test_seed_gold_holds(seeds):
    story = {Path(a["path"]).name[:3]: a["story_id"] for a in seeds.table("articles")}
    assert story["000"] == story["001"] == story["002"]
    assert len({story["000"], story["003"], story["004"]}) == 3


def test_the_agreed_troop_measure_is_in_the_tables(seeds):
    story = seed_story(seeds, "000")
    measures = {m["label"] for m in seeds.table("measures") if m["story_id"] == story}
    assert "NATO additional troops in Kosovo" in measures
    claims = [c for c in seeds.table("claims") if c["story_id"] == story and c["value"] == 1000]
    assert any(c["measure"] == "NATO additional troops in Kosovo" for c in claims)


def test_stoltenberg_spellings_are_one_entity(seeds):
    story = seed_story(seeds, "000")
    named = [e for e in seeds.table("entities") if e["story_id"] == story
             and any("Stol" in m["text"] for m in json.loads(e["body"])["mentions"])]
    assert [e["name"] for e in named] == ["Jens Stoltenberg"]


# -- tables, the command, the importer ---------------------------------------------------------------

def test_every_table_is_written_with_a_schema(seeds):
    for name in ("articles", "rejected", "stories", "threads", "entities", "mentions", "claims", "measures",
                 "events", "quotes", "story_docs", "thread_docs", "failures"):
        assert (seeds.out / name).is_dir(), name
        pq.read_schema(next((seeds.out / name).glob("*.parquet")))


def test_the_command_rejects_bad_records_and_keeps_the_rest(demo):
    assert demo.cli.exit_code == 1, demo.cli.output
    rejected = {r["path"].rsplit("/", 1)[1]: r["reason"] for r in demo.table("rejected")}
    assert rejected == {r.path.rsplit("/", 1)[1]: r.reason for r in demo.store.rejections()}
    assert set(rejected) == {"99_wire.jsonl#2", "99_wire.jsonl#3"}
    assert "Bridge reopens in Mitrovica" in {a["title"] for a in demo.table("articles")}


def test_malformed_json_lines_of_a_table_are_rejected_with_a_reason(spark, tmp_path):
    records = tmp_path / "wire.jsonl"
    records.write_text(BAD_WIRE, encoding="utf-8")
    found = dict(read_records(spark, str(records), 1).collect())
    rejected = {r.path.rsplit("#", 1)[1]: r.reason for r in found.values() if isinstance(r, Rejection)}
    assert rejected == {"2": "malformed JSON line", "3": "JSON record has neither 'text' nor 'html'"}
    assert [r.title for r in found.values() if not isinstance(r, Rejection)] == ["Bridge reopens in Mitrovica"]


def test_the_tables_import_into_a_store_the_web_app_reads(demo, tmp_path):
    with Store(tmp_path / "imported.db") as store:
        added = import_tables(demo.out, store)
        assert added == len(demo.table("articles"))
        stories = store.stories()
        assert {s.id for s in stories} == {s["id"] for s in demo.table("stories")}
        biggest = max(stories, key=lambda s: len(s.article_ids))
        assert store.get_analysis("story", biggest.id, "entities")
        assert store.get_analysis("story", biggest.id, "facts") == demo.store.get_analysis("story", biggest.id,
                                                                                           "facts")
        thread = store.story(biggest.id).thread_id
        assert store.get_analysis("thread", thread, "facts")["measures"] is not None


def test_threads_match_the_single_machine_run(demo):
    spark_threads = {a["id"]: a["thread_id"] for a in demo.table("articles")}
    single = {a.id: demo.store.story(a.story_id).thread_id for a in demo.store.articles(with_details=False)}
    assert b_cubed(single, spark_threads).f1 == 1.0


@pytest.mark.parametrize("global_nodes", [4_000_000, 0])
def test_components_find_every_connected_group(spark, global_nodes, monkeypatch):
    """In one union-find task over the partitions' stars, and (above `GLOBAL_NODES`) in star rounds."""
    from newsfuse.spark import cluster
    from newsfuse.spark.cluster import components

    monkeypatch.setattr(cluster, "GLOBAL_NODES", global_nodes)
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


def test_oversized_components_are_cut_into_bounded_pieces(spark):
    """A component of loosely linked pairs is cut where the batch grouping links (each node's best
    partners at the join threshold); no piece is larger than the cap, even a tight group of more."""
    from newsfuse.spark.cluster import split_oversized
    from newsfuse.stories.model import JOIN_AT

    strong, loose = JOIN_AT + 0.5, JOIN_AT - 1.0
    pairs = [(n, n + 1, strong, strong) for n in range(1, 12, 2)]  # {1, 2}, {3, 4}, ... {11, 12}
    chain = [(n + 1, n + 2, loose, loose) for n in range(1, 11, 2)]  # 2-3, 4-5, ...: one component
    hanger = [(1, 13, loose, loose + 0.5)]  # 13 links nobody at the join threshold: it hangs on 1
    tight = [(a, b, JOIN_AT + 20, JOIN_AT + 20) for a in range(20, 27) for b in range(a + 1, 27)]
    edges = spark.createDataFrame([*pairs, *chain, *hanger, *tight], "src long, dst long, s_ab double, s_ba double")
    pieces = spark.createDataFrame([(n, 1) for n in range(1, 14)] + [(n, 20) for n in range(20, 27)],
                                   "node long, piece long")
    stats: dict = {}
    found = {r["node"]: r["piece"] for r in split_oversized(pieces, edges, JOIN_AT, 4, stats).collect()}
    groups: dict[int, set] = {}
    for node, piece in found.items():
        groups.setdefault(piece, set()).add(node)
    assert sorted(map(sorted, groups.values())) == [
        [1, 2, 13], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12], [20, 21, 22, 23], [24, 25, 26]]
    assert stats["largest_component"] == 13 and stats["largest_piece"] == 4


def test_each_article_keeps_its_candidates_sharing_the_most_keys(spark):
    """With a per-node bound, a pair is scored only when one side ranks the other among its best
    candidates (most shared keys, then the nearest in input order), as the batch grouping reads them."""
    from newsfuse.spark.cluster import candidate_pairs

    keys = {"a": [1, 2, 3, 4, 5], "b": [1, 2], "c": [1, 2, 5]}
    keyed = spark.createDataFrame([(n, k) for k, nodes in keys.items() for n in nodes], "node long, key string")
    every = {(r["src"], r["dst"]) for r in candidate_pairs(keyed).collect()}
    assert every == {(a, b) for a in range(1, 6) for b in range(a + 1, 6)}
    best = {(r["src"], r["dst"]) for r in candidate_pairs(keyed, per_node=1).collect()}
    # 1 and 2 share three keys; 5 shares two with each and 2 is nearer; 3 and 4 share one with all
    assert best == {(1, 2), (2, 5), (2, 3), (3, 4)}


def test_pair_scores_are_each_report_scored_against_the_other_alone():
    """The Spark pair scores are the batch grouping's: a report against the other as a one-report
    story, both ways (computing the pair's products once changes no score)."""
    from newsfuse.spark.cluster import both_scores, single_profile
    from newsfuse.stories import model
    from newsfuse.stories.model import ArticleVector

    def vector(terms, names, numbers, anchor):
        return ArticleVector(terms, names, {"bridge": 1.0}, frozenset(numbers), frozenset(), anchor,
                             blend={**terms, **{"n|" + k: w for k, w in names.items()}})

    a = vector({"bridge": 0.8, "reopen": 0.6}, {"mitrovica": 1.0}, {"#12"}, 738_000)
    b = vector({"bridge": 0.6, "repair": 0.8}, {"mitrovica": 0.6, "eu": 0.8}, {"#12", "#40"}, 738_009)
    expected = (model.score(a, single_profile("b", b)), model.score(b, single_profile("a", a)))
    found = both_scores(a.to_bytes(), b.to_bytes())
    assert found == expected and found[0] != found[1]  # b states a number a does not


def test_signatures_compared_in_the_jvm_give_the_minhash_jaccard(spark):
    """The near-duplicate test in Spark SQL counts equal hash values as `datasketch` does."""
    import numpy as np

    from newsfuse.spark.cluster import jaccard, jaccard_of

    rng = np.random.default_rng(7)
    a = rng.integers(0, 2**63, 64, dtype=np.uint64)
    pairs = []
    for same in (64, 52, 51, 10, 0):
        b = a.copy()
        b[same:] += np.uint64(1)
        pairs.append((a.astype("<u8").tobytes(), b.astype("<u8").tobytes()))
    frame = spark.createDataFrame(pairs, "ma binary, mb binary")
    found = [r["j"] for r in frame.select(jaccard_of("ma", "mb").alias("j")).collect()]
    assert found == [jaccard(x, y) for x, y in pairs] == [1.0, 52 / 64, 51 / 64, 10 / 64, 0.0]
