"""Cross-article stages as distributed joins: duplicates, stories and threads.

Blocking keys stand in for the single-machine inverted indexes: MinHash LSH bands for near
duplicates, an article's heaviest names and words (`stories.grouping.index_keys`) for stories, a
story's for threads. Candidate pairs come from a self-join on the keys, are scored with the same
model as on one machine (`stories.model`), and linked pairs form connected components (label
propagation). Each component is then grouped exactly as `stories.grouping.group` does, on one
executor, with corpus-wide document frequencies. Nothing is collected to the driver.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from ..stories import model
from ..stories.features import StoryFeatures
from ..stories.grouping import REFINE_PASSES, Clustering, Units, index_keys, story_id_for
from ..stories.model import ArticleVector, DocFrequencies, StoryProfile, keys_for_df, profile_vector
from ..stories.threads import group_threads

NEAR_THRESHOLD = 0.8  # as newsfuse.dedup
# Pairs are linked below the join threshold on purpose: a component must hold every article the
# centroid-based clustering could join; the exact clustering inside the component decides.
LINK_MARGIN = 2.0
THREAD_LINK_MARGIN = 1.0
MAX_POSTING = 400  # a key shared by more articles than this blocks nothing (a stop word in disguise)
MAX_ROUNDS = 50


# -- duplicates -------------------------------------------------------------------------------------

def jaccard(a: bytes, b: bytes) -> float:
    """MinHash Jaccard estimate, as `datasketch.MinHash.jaccard`."""
    x, y = np.frombuffer(a, dtype="<u8"), np.frombuffer(b, dtype="<u8")
    return float(np.count_nonzero(x == y)) / len(x)


def find_duplicates(articles):
    """DataFrame (id, duplicate_of): each copy points at the earliest original (exact or near)."""
    from pyspark.sql import functions as F

    base = articles.select("id", "seq", "content_hash", "minhash", "bands")
    exact_first = base.groupBy("content_hash").agg(F.min(F.struct("seq", "id")).alias("first"))
    exact = (base.join(exact_first, "content_hash")
             .where(F.col("first.id") != F.col("id"))
             .select("id", F.col("first.id").alias("dup_of"), F.col("first.seq").alias("dup_seq")))
    firsts = base.join(exact_first, "content_hash").where(F.col("first.id") == F.col("id"))
    bands = firsts.select("id", "seq", "minhash", F.explode("bands").alias("band"))
    a, b = bands.alias("a"), bands.alias("b")
    pairs = (a.join(b, (F.col("a.band") == F.col("b.band")) & (F.col("a.seq") < F.col("b.seq")))
             .select(F.col("a.id").alias("orig"), F.col("a.seq").alias("orig_seq"), F.col("a.minhash").alias("ma"),
                     F.col("b.id").alias("id"), F.col("b.minhash").alias("mb"))
             .dropDuplicates(["orig", "id"]))
    near_udf = F.udf(jaccard, "double")
    near = (pairs.where(near_udf("ma", "mb") >= NEAR_THRESHOLD)
            .groupBy("id").agg(F.min(F.struct("orig_seq", "orig")).alias("o"))
            .select("id", F.col("o.orig").alias("dup_of"), F.col("o.orig_seq").alias("dup_seq")))
    # a near copy of a near copy points at the first original (chains are short: one hop more)
    hop = near.alias("n").join(near.alias("m"), F.col("n.dup_of") == F.col("m.id"), "left").select(
        F.col("n.id").alias("id"), F.coalesce(F.col("m.dup_of"), F.col("n.dup_of")).alias("dup_of"))
    # exact copies of a near copy point at its original too
    exact = exact.alias("e").join(hop.alias("h"), F.col("e.dup_of") == F.col("h.id"), "left").select(
        F.col("e.id").alias("id"), F.coalesce(F.col("h.dup_of"), F.col("e.dup_of")).alias("dup_of"))
    return exact.unionByName(hop).withColumnRenamed("dup_of", "duplicate_of")


# -- document frequencies and vectors ---------------------------------------------------------------

def article_dfs(items):
    """DataFrame (id, n_docs, dfs): each article's document frequencies, for its own keys only."""
    from pyspark.sql import functions as F

    keys_udf = F.udf(lambda blob: sorted(keys_for_df(StoryFeatures.from_bytes(blob))), "array<string>")
    exploded = items.select("id", F.explode(keys_udf("features")).alias("key"))
    counts = exploded.groupBy("key").agg(F.count("*").alias("n"))
    n_docs = items.select(F.count("*").alias("n_docs"))
    per_article = exploded.join(counts, "key").groupBy("id").agg(F.map_from_entries(F.collect_list(
        F.struct("key", "n"))).alias("dfs"))
    return items.select("id").join(per_article, "id", "left").crossJoin(n_docs)


def vector_of(features: bytes, n_docs: int, dfs: dict | None) -> ArticleVector:
    return ArticleVector.of(StoryFeatures.from_bytes(features), DocFrequencies(n_docs, dict(dfs or {})))


def single_profile(key: str, v: ArticleVector) -> StoryProfile:
    profile = StoryProfile()
    profile.add(key, v)
    return profile


def pair_score(fa: bytes, da: dict, fb: bytes, db: dict, n_docs: int) -> float:
    """The better of the two directions of `model.score` between two single articles."""
    va, vb = vector_of(fa, n_docs, da), vector_of(fb, n_docs, db)
    return max(model.score(va, single_profile("b", vb)), model.score(vb, single_profile("a", va)))


# -- connected components ---------------------------------------------------------------------------

def components(nodes, edges, checkpoint=True):
    """DataFrame (node, component): the smallest node of each connected component (label propagation).

    `nodes` has a column `node` (long), `edges` columns `src`, `dst` (long).
    """
    from pyspark.sql import functions as F

    both = edges.select("src", "dst").unionByName(edges.select(F.col("dst").alias("src"), F.col("src").alias("dst")))
    both = both.localCheckpoint() if checkpoint else both.cache()
    labels = nodes.select("node", F.col("node").alias("label"))
    for _ in range(MAX_ROUNDS):
        spread = (both.join(labels, both.src == labels.node).groupBy("dst").agg(F.min("label").alias("offer"))
                  .withColumnRenamed("dst", "node"))
        new = (labels.join(spread, "node", "left")
               .select("node", F.least("label", F.coalesce("offer", "label")).alias("label")))
        new = new.localCheckpoint() if checkpoint else new.cache()
        changed = new.join(labels.withColumnRenamed("label", "old"), "node").where("label != old").limit(1).count()
        labels = new
        if not changed:
            break
    return labels.withColumnRenamed("label", "component")


def candidate_pairs(keyed, key_col: str = "key"):
    """Distinct (a, b) node pairs sharing a key, a < b, ignoring keys shared by too many nodes."""
    from pyspark.sql import functions as F

    sizes = keyed.groupBy(key_col).agg(F.count("*").alias("size")).where(F.col("size") <= MAX_POSTING)
    usable = keyed.join(sizes.select(key_col), key_col)
    a, b = usable.alias("a"), usable.alias("b")
    return (a.join(b, (F.col(f"a.{key_col}") == F.col(f"b.{key_col}")) & (F.col("a.node") < F.col("b.node")))
            .select(F.col("a.node").alias("src"), F.col("b.node").alias("dst")).distinct())


# -- stories ----------------------------------------------------------------------------------------

def group_component(rows: Iterable[tuple[int, str, bytes, dict, int]]) -> Iterator[tuple[str, str, bytes | None]]:
    """(article id, story id, profile or None) for one component: `stories.grouping.group` with
    the corpus-wide document frequencies; the first row of each story carries its profile."""
    rows = sorted(rows)
    order = [r[1] for r in rows]
    n_docs = rows[0][4]
    merged: dict[str, int] = {}
    for r in rows:
        merged.update(r[3] or {})
    dfs = DocFrequencies(n_docs, merged)
    vectors = {r[1]: ArticleVector.of(StoryFeatures.from_bytes(r[2]), dfs) for r in rows}
    units = Units(order)
    clustering = Clustering(vectors, units, model.score, model.JOIN_AT)
    clustering.run(units.groups(order), REFINE_PASSES)
    stories = clustering.assignment(order, story_id_for)
    seen: set[str] = set()
    for a in order:
        story = stories[a]
        profile = None
        if story not in seen:
            seen.add(story)
            profile = clustering.profiles[clustering.group_of[units.find(a)]].to_bytes()
        yield a, story, profile


def group_stories(items, dfs):
    """DataFrame (id, story_id) for originals, plus (story_id, seq, profile) for each story."""
    from pyspark.sql import functions as F

    data = items.select("id", F.col("seq").alias("node"), "features").join(dfs, "id")
    key_udf = F.udf(lambda f, n, d: index_keys(vector_of(f, n, d)), "array<string>")
    keyed = data.select("node", F.explode(key_udf("features", "n_docs", "dfs")).alias("key"))
    pairs = candidate_pairs(keyed)
    side = data.select("node", "features", "dfs", "n_docs")
    scored = (pairs.join(side.select(F.col("node").alias("src"), F.col("features").alias("fa"), F.col("dfs").alias("da"),
                                     "n_docs"), "src")
              .join(side.select(F.col("node").alias("dst"), F.col("features").alias("fb"), F.col("dfs").alias("db")), "dst"))
    score_udf = F.udf(pair_score, "double")
    edges = scored.where(score_udf("fa", "da", "fb", "db", "n_docs") >= model.JOIN_AT - LINK_MARGIN).select("src", "dst")
    edges = edges.localCheckpoint()
    comps = components(data.select("node"), edges)
    grouped = (data.join(comps, "node").rdd
               .map(lambda r: (r["component"], (r["node"], r["id"], r["features"], r["dfs"], r["n_docs"])))
               .groupByKey()
               .flatMap(lambda kv: group_component(kv[1])))
    spark = items.sparkSession
    assigned = spark.createDataFrame(grouped, "id string, story_id string, profile binary")
    return assigned


def group_story_threads(stories):
    """DataFrame (story_id, thread_id); `stories` has story_id, seq (founding) and profile."""
    from pyspark.sql import functions as F

    data = stories.select("story_id", F.col("seq").alias("node"), "profile")
    key_udf = F.udf(lambda p: index_keys(profile_vector(StoryProfile.from_bytes(p))), "array<string>")
    keyed = data.select("node", F.explode(key_udf("profile")).alias("key"))
    pairs = candidate_pairs(keyed)
    side = data.select("node", "profile")
    scored = (pairs.join(side.select(F.col("node").alias("src"), F.col("profile").alias("pa")), "src")
              .join(side.select(F.col("node").alias("dst"), F.col("profile").alias("pb")), "dst"))
    score_udf = F.udf(thread_pair_score, "double")
    edges = scored.where(score_udf("pa", "pb") >= model.THREAD_JOIN_AT - THREAD_LINK_MARGIN).select("src", "dst")
    edges = edges.localCheckpoint()
    comps = components(data.select("node"), edges)
    grouped = (data.join(comps, "node").rdd
               .map(lambda r: (r["component"], (r["node"], r["story_id"], r["profile"])))
               .groupByKey()
               .flatMap(lambda kv: thread_component(kv[1])))
    return stories.sparkSession.createDataFrame(grouped, "story_id string, thread_id string")


def thread_pair_score(pa: bytes, pb: bytes) -> float:
    va, vb = (profile_vector(StoryProfile.from_bytes(p)) for p in (pa, pb))
    return max(model.thread_score(va, single_profile("b", vb)), model.thread_score(vb, single_profile("a", va)))


def thread_component(rows: Iterable[tuple[int, str, bytes]]) -> Iterator[tuple[str, str]]:
    profiles = {story: StoryProfile.from_bytes(p) for _, story, p in sorted(rows)}
    yield from group_threads(profiles).items()
