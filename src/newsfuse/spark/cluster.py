"""Cross-article stages as distributed joins: duplicates, stories and threads.

Blocking keys stand in for the single-machine inverted indexes: MinHash LSH bands for near
duplicates, an article's heaviest names and words (`stories.grouping.index_keys`) for stories, a
story's for threads. Candidate pairs come from a self-join on the keys, are scored with the same
model as on one machine (`stories.model`), and linked pairs form connected components (label
components). Each component is then grouped exactly as `stories.grouping.group` does, on one
executor, with corpus-wide document frequencies. Nothing is collected to the driver.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator

import numpy as np

from newsfuse.stories import model
from newsfuse.stories.features import StoryFeatures
from newsfuse.stories.grouping import NEIGHBOUR_CANDIDATES, NEIGHBOURS, Units, group_vectors, index_keys
from newsfuse.stories.model import ArticleVector, DocFrequencies, StoryProfile, keys_for_df, profile_vector
from newsfuse.stories.threads import group_threads, known_places, with_places

log = logging.getLogger(__name__)

NEAR_THRESHOLD = 0.8  # as newsfuse.dedup
# Pairs are linked below the join threshold on purpose: a component must hold every article the
# centroid-based clustering could join; the exact clustering inside the component decides.
LINK_MARGIN = 2.0
THREAD_LINK_MARGIN = 1.0
MAX_POSTING = 400  # a key shared by more articles than this blocks nothing (a stop word in disguise)
MAX_ROUNDS = 50
# No task clusters more than this many articles (stories) at once: a component above it is cut
# (`split_oversized`). `group_vectors` on 2,000 articles takes a few seconds and ~100 MB.
PIECE_CAP = 2_000
CUT_STEPS = (0.0, 1.0, 2.0, 4.0, 8.0)  # oversized pieces are cut at join threshold + each step in turn


# -- duplicates -------------------------------------------------------------------------------------

def jaccard(a: bytes, b: bytes) -> float:
    """MinHash Jaccard estimate, as `datasketch.MinHash.jaccard`."""
    x, y = np.frombuffer(a, dtype="<u8"), np.frombuffer(b, dtype="<u8")
    return float(np.count_nonzero(x == y)) / len(x)


def jaccard_of(a: str, b: str):
    """Column: `jaccard` of two signature columns, computed in the JVM (no Python worker per pair):
    the share of their 8-byte hash values that are equal."""
    from pyspark.sql import functions as F

    return F.expr(f"aggregate(sequence(0, octet_length({a}) div 8 - 1), 0, (n, i) -> n + "
                  f"if(substring({a}, i * 8 + 1, 8) = substring({b}, i * 8 + 1, 8), 1, 0)) / (octet_length({a}) div 8)")


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
    near = (pairs.where(jaccard_of("ma", "mb") >= NEAR_THRESHOLD)
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


# -- connected components ---------------------------------------------------------------------------

GLOBAL_NODES = 4_000_000  # above this many nodes, components are found in star rounds, not in one task


def union_stars(edges: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """(node, smallest node of its group) for every node of `edges` that is not the smallest of
    its group: the connected groups of the edges (union-find), as stars around their smallest node.
    The stars of any split of a graph's edges have the graph's connected components."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while (up := parent[root]) != root:
            root = up
        while x != root:  # path halving would do; full compression keeps the next finds short
            parent[x], x = root, parent[x]
        return root

    for a, b in edges:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:  # the smaller root stays a root: every group is named after its smallest node
            parent[max(ra, rb)] = min(ra, rb)
    for node in parent:
        root = find(node)
        if root != node:
            yield node, root


def components(nodes, edges):
    """DataFrame (node, component): the smallest node of each connected component.

    `nodes` has a column `node` (long), `edges` columns `src`, `dst` (long). Union-find inside
    each partition of the edges first (`union_stars`: a partition's edges become stars, at most
    one edge a node), then once more over those stars in one task, whose memory grows with the
    nodes, not the edges. Above `GLOBAL_NODES` nodes the stars go through alternating
    large-star / small-star rounds instead (Kiveris et al. 2014: O(log n) rounds, one Spark job
    each). Nodes without edges are their own component.
    """
    from pyspark.sql import functions as F

    spark = nodes.sparkSession
    stars = edges.select("src", "dst").rdd.map(tuple).mapPartitions(union_stars)
    if nodes.count() <= GLOBAL_NODES:
        parents = stars.partitionBy(1).mapPartitions(union_stars)
    else:
        parents = _star_rounds(stars, spark.sparkContext)
    parents = spark.createDataFrame(parents, "node long, component long")
    return (nodes.select("node").join(parents, "node", "left")
            .select("node", F.coalesce("component", "node").alias("component")))


def _star_rounds(graph, sc):
    """(node, component) of `graph` (an RDD of node pairs) by large-star / small-star rounds; a
    round that changes no parent ends it."""
    from pyspark import StorageLevel

    # few partitions: a round is four shuffles, and each task costs ~0.1 s of Python start-up
    parts = sc.defaultParallelism
    graph = graph.map(lambda e: (max(e), min(e))).distinct(parts)
    for rounds in range(1, MAX_ROUNDS + 1):
        changed = sc.accumulator(0)
        previous, graph = graph, _small_star(_large_star(graph, changed, parts), changed, parts)
        # persisted, so the next round starts from these blocks: PySpark pipelines a map over an
        # uncached RDD into its parent's function chain, which would recompute every round so far
        graph.persist(StorageLevel.MEMORY_AND_DISK)
        graph.localCheckpoint()  # and the lineage stays one round long
        edges_left = graph.count()
        previous.unpersist()
        log.debug("components round %d: %d edges, %d changes", rounds, edges_left, changed.value)
        if not changed.value:
            break
    else:
        log.warning("connected components did not settle in %d rounds; some stories may be split", MAX_ROUNDS)
    return graph


def _neighbours(graph, parts: int):
    return graph.flatMap(lambda e: (e, (e[1], e[0]))).groupByKey(parts)


def _large_star(graph, changed, parts: int):
    """Each node links its larger neighbours to its smallest neighbour (itself included)."""
    def star(item):
        node, around = item
        around = set(around)
        low = min(around | {node})
        for v in around:
            if v > node:
                yield v, low
                if low != node:
                    changed.add(1)
    return _neighbours(graph, parts).flatMap(star).distinct(parts)


def _small_star(graph, changed, parts: int):
    """Each node links itself and its smaller neighbours to the smallest of them."""
    def star(item):
        node, smaller = item
        smaller = set(smaller)
        low = min(smaller)
        for v in smaller | {node}:
            if v != low:
                yield v, low
        if len(smaller) > 1:
            changed.add(1)
    return graph.groupByKey(parts).flatMap(star).distinct(parts)


def candidate_pairs(keyed, key_col: str = "key", per_node: int | None = None):
    """Distinct (a, b) node pairs sharing a key, a < b, ignoring keys shared by too many nodes.

    With `per_node`, only each node's `per_node` candidates sharing the most keys with it (then the
    nearest in input order, then the smallest), as the batch grouping's `neighbour_candidates`
    reads them: a pair stays when either side ranks the other so."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    sizes = keyed.groupBy(key_col).agg(F.count("*").alias("size")).where(F.col("size") <= MAX_POSTING)
    usable = keyed.join(sizes.select(key_col), key_col)
    a, b = usable.alias("a"), usable.alias("b")
    shared = (a.join(b, (F.col(f"a.{key_col}") == F.col(f"b.{key_col}")) & (F.col("a.node") < F.col("b.node")))
              .select(F.col("a.node").alias("src"), F.col("b.node").alias("dst")))
    if per_node is None:
        return shared.distinct()
    hits = shared.groupBy("src", "dst").agg(F.count("*").alias("hits"))
    directed = (hits.select(F.col("src").alias("a"), F.col("dst").alias("b"), "hits")
                .unionByName(hits.select(F.col("dst").alias("a"), F.col("src").alias("b"), "hits")))
    ranked = Window.partitionBy("a").orderBy(F.desc("hits"), F.abs(F.col("a") - F.col("b")), "b")
    return (directed.withColumn("rank", F.row_number().over(ranked)).where(F.col("rank") <= per_node)
            .select(F.least("a", "b").alias("src"), F.greatest("a", "b").alias("dst")).distinct())


# -- stories ----------------------------------------------------------------------------------------

def group_component(rows: Iterable[tuple[int, str, bytes]]) -> Iterator[tuple[str, str, bytes | None]]:
    """(article id, story id, profile or None) for one component: `stories.grouping.group` with
    the corpus-wide document frequencies; the first row of each story carries its profile."""
    rows = sorted(rows)
    order = [r[1] for r in rows]
    vectors = {r[1]: ArticleVector.from_bytes(r[2]) for r in rows}
    grouping = group_vectors(order, vectors, Units(order))
    seen: set[str] = set()
    for a in order:
        story = grouping.stories[a]
        profile = None
        if story not in seen:
            seen.add(story)
            profile = grouping.profiles[story].to_bytes()
        yield a, story, profile


def both_scores(va: bytes, vb: bytes, scorer=model.score) -> tuple[float, float]:
    """`scorer` of a against b alone and of b against a alone (`ArticleVector.to_bytes` blobs): the
    batch grouping ranks each article's neighbours by its own direction."""
    a, b = ArticleVector.from_bytes(va), ArticleVector.from_bytes(vb)
    return pair_scores(a, _alone("a", a, scorer), b, _alone("b", b, scorer), scorer)


def _alone(key: str, v: ArticleVector, scorer) -> StoryProfile:
    """A report as a one-report story, as `scorer` reads it (the batch grouping's `alone`)."""
    return StoryProfile.single(key, v) if scorer is model.score else single_profile(key, v)


def pair_scores(a: ArticleVector, alone_a: StoryProfile, b: ArticleVector, alone_b: StoryProfile,
                scorer=model.score) -> tuple[float, float]:
    if scorer is model.score:  # as the batch grouping: each report alone, the pair's products once
        dots = model.pair_dots(a, b)
        return scorer(a, alone_b, dots), scorer(b, alone_a, dots)
    return scorer(a, alone_b), scorer(b, alone_a)


DECODED = 4_096  # vectors a scoring task keeps decoded (the rows come sorted by one side of the pair)


def score_rows(rows, scorer=model.score):
    """(src, dst, va, vb) rows -> (src, dst, s_ab, s_ba): `pair_scores` of each pair, each vector
    decoded (with its one-report story) once while its rows follow one another (the join on dst
    leaves a partition's rows sorted by dst)."""
    decoded: dict[int, tuple[ArticleVector, StoryProfile]] = {}

    def vector(node: int, blob: bytes) -> tuple[ArticleVector, StoryProfile]:
        found = decoded.get(node)
        if found is None:
            if len(decoded) >= DECODED:
                decoded.clear()
            v = ArticleVector.from_bytes(blob)
            found = decoded[node] = (v, _alone(str(node), v, scorer))
        return found

    for a, b, va, vb in rows:
        yield (a, b, *pair_scores(*vector(a, va), *vector(b, vb), scorer))


def scored_edges(data, scorer, threshold: float, per_node: int | None = None):
    """DataFrame (src, dst, s_ab, s_ba) for `data` (node, vec, keys): candidate pairs through shared
    keys (`candidate_pairs`, `per_node` of them per node), scored both ways with `scorer` on the
    vectors (`score_rows`, per partition), kept when either way reaches `threshold`."""
    from pyspark.sql import functions as F

    keyed = data.select("node", F.explode("keys").alias("key"))
    pairs = candidate_pairs(keyed, per_node=per_node)
    side = data.select("node", "vec")
    scored = (pairs.join(side.select(F.col("node").alias("src"), F.col("vec").alias("va")), "src")
              .join(side.select(F.col("node").alias("dst"), F.col("vec").alias("vb")), "dst")
              .select("src", "dst", "va", "vb"))
    both = data.sparkSession.createDataFrame(scored.rdd.mapPartitions(lambda rows: score_rows(rows, scorer)),
                                             "src long, dst long, s_ab double, s_ba double")
    return both.where(F.greatest("s_ab", "s_ba") >= threshold)


def split_oversized(pieces, edges, join_at: float, cap: int, stats: dict | None = None):
    """DataFrame (node, piece): `pieces` (node, piece) with every piece of more than `cap` nodes cut
    into pieces of at most `cap`, so that no task clusters more than `cap` articles.

    Inside an oversized piece each node keeps the links the batch grouping would make: to its
    `NEIGHBOURS` best partners (its own direction's score, then the nearest in input order, then
    the smallest node) that reach `join_at`; a node with no such link hangs on its best-scoring
    linked partner (it would join a story, not found one). The pieces are the connected groups of
    those links. A piece still above `cap` is cut again with the threshold raised by each of
    `CUT_STEPS`, and what is left above `cap` after the last step is cut in input order.
    `edges` has src, dst, s_ab (src against dst alone), s_ba.
    """
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    stats = stats if stats is not None else {}
    directed = (edges.select(F.col("src").alias("a"), F.col("dst").alias("b"), F.col("s_ab").alias("s"))
                .unionByName(edges.select(F.col("dst").alias("a"), F.col("src").alias("b"), F.col("s_ba").alias("s"))))
    best_first = Window.partitionBy("a").orderBy(F.desc("s"), F.abs(F.col("a") - F.col("b")), "b")
    pieces = pieces.persist(StorageLevel.MEMORY_AND_DISK)
    stats["largest_component"] = _largest(pieces)
    floor = float("-inf")  # the weakest link kept by the last cut: a threshold up to it cuts nothing more
    for step in CUT_STEPS:
        if join_at + step <= floor:
            continue
        big = _oversized(pieces, cap).persist(StorageLevel.MEMORY_AND_DISK)
        if not big.take(1):
            big.unpersist()
            break
        stats.setdefault("cut_at", []).append(join_at + step)
        inside = (directed.join(big.select(F.col("node").alias("a"), F.col("piece").alias("pa")), "a")
                  .join(big.select(F.col("node").alias("b"), F.col("piece").alias("pb")), "b")
                  .where(F.col("pa") == F.col("pb")).select("a", "b", "s"))
        kept = (inside.where(F.col("s") >= join_at + step).withColumn("rank", F.row_number().over(best_first))
                .where(F.col("rank") <= NEIGHBOURS).select("a", "b", "s")).persist(StorageLevel.MEMORY_AND_DISK)
        floor = kept.agg(F.min("s").alias("m")).first()["m"] or float("inf")
        linked = kept.select(F.col("a").alias("node")).unionByName(kept.select(F.col("b").alias("node"))).distinct()
        hang = (inside.join(linked.withColumnRenamed("node", "b"), "b")
                .join(linked.withColumnRenamed("node", "a"), "a", "left_anti")
                .withColumn("rank", F.row_number().over(best_first)).where(F.col("rank") == 1).select("a", "b"))
        links = kept.select("a", "b").unionByName(hang).select(F.col("a").alias("src"), F.col("b").alias("dst"))
        cut = components(big.select("node"), links).withColumnRenamed("component", "piece")
        # a sub-piece is named after its smallest node, which no other piece holds
        cut = pieces.join(big.select("node"), "node", "left_anti").unionByName(cut).persist(StorageLevel.MEMORY_AND_DISK)
        cut.count()
        for frame in (pieces, big, kept):
            frame.unpersist()
        pieces = cut
    else:
        big = _oversized(pieces, cap)
        if big.take(1):
            stats["cut_in_order"] = True
            chunk = Window.partitionBy("piece").orderBy("node")
            ordered = big.withColumn("chunk", F.floor((F.row_number().over(chunk) - 1) / cap))
            named = ordered.withColumn("piece", F.min("node").over(Window.partitionBy("piece", "chunk")))
            pieces = pieces.join(big.select("node"), "node", "left_anti").unionByName(named.select("node", "piece"))
    stats["largest_piece"] = _largest(pieces)
    return pieces


def _oversized(pieces, cap: int):
    """The (node, piece) rows of the pieces holding more than `cap` nodes."""
    from pyspark.sql import functions as F

    sizes = pieces.groupBy("piece").agg(F.count("*").alias("size")).where(F.col("size") > cap)
    return pieces.join(sizes.select("piece"), "piece").select("node", "piece")


def _largest(pieces) -> int:
    from pyspark.sql import functions as F

    row = pieces.groupBy("piece").agg(F.count("*").alias("size")).agg(F.max("size").alias("m")).first()
    return int(row["m"] or 0)


def group_stories(items, dfs, cap: int | None = None, stats: dict | None = None):
    """DataFrame (id, story_id, profile) for originals; the founding article of each story
    carries the story's profile. No task clusters more than `cap` articles (default `PIECE_CAP`)."""
    joined = items.select("id", "seq", "features").join(dfs, "id")
    data = joined.sparkSession.createDataFrame(joined.rdd.map(_article_vector),
                                               "node long, item string, vec binary, keys array<string>")
    return _group_components(data, model.score, model.JOIN_AT - LINK_MARGIN, model.JOIN_AT, "vec",
                             group_component, "id string, story_id string, profile binary", cap, stats,
                             NEIGHBOUR_CANDIDATES)


def group_story_threads(stories, cap: int | None = None, stats: dict | None = None):
    """DataFrame (story_id, thread_id); `stories` has story_id, seq (founding) and profile.

    As the batch grouping's `threads.group_threads` over every story: the names that at least
    `threads.PLACE_STORIES` stories of the whole corpus tag as places (`threads.known_places`, a
    small table, broadcast) are places in every story, when stories are linked and when each piece
    is grouped (and its threads split, `threads.split_groups`)."""
    sc = stories.sparkSession.sparkContext
    per_part = stories.select("profile").rdd.mapPartitions(_place_counts).collect()
    places = sc.broadcast(known_places(per_part))
    data = stories.sparkSession.createDataFrame(
        stories.rdd.map(lambda row: _story_vector(row, places.value)),
        "node long, item string, profile binary, vec binary, keys array<string>")
    return _group_components(data, model.thread_score, model.THREAD_JOIN_AT - THREAD_LINK_MARGIN,
                             model.THREAD_JOIN_AT, "profile", lambda rows: thread_component(rows, places.value),
                             "story_id string, thread_id string", cap, stats)


def _place_counts(rows) -> Iterator[Counter]:
    """How many stories of a partition tag each name as a place (the input of `known_places`)."""
    counts: Counter = Counter()
    for row in rows:
        counts.update(profile_vector(StoryProfile.from_bytes(row["profile"])).places)
    yield counts


def _group_components(data, scorer, threshold: float, join_at: float, payload: str, cluster_one, schema: str,
                      cap: int | None, stats: dict | None, per_node: int | None = None):
    """Link `data` (node, item, vec, keys, payload) into components at `threshold`, cut the ones
    above `cap` nodes (`split_oversized` at `join_at`), then run `cluster_one` on the (node, item,
    payload) rows of each piece, one task per piece."""
    from pyspark import StorageLevel

    sc = data.sparkSession.sparkContext
    data = data.persist()
    describe(sc, "scored pairs")
    edges = scored_edges(data, scorer, threshold, per_node).persist(StorageLevel.MEMORY_AND_DISK)
    edges.count()
    describe(sc, "components")
    comps = components(data.select("node"), edges.select("src", "dst")).withColumnRenamed("component", "piece")
    describe(sc, "cut")
    pieces = split_oversized(comps, edges, join_at, cap or PIECE_CAP, stats)
    describe(sc, None)
    # only what the clustering reads goes through the join (not the keys, nor a second vector)
    grouped = (data.select("node", "item", payload).join(pieces, "node").rdd
               .map(lambda r: (r["piece"], (r["node"], r["item"], r[payload])))
               .groupByKey()
               .flatMap(lambda kv: cluster_one(kv[1])))
    return data.sparkSession.createDataFrame(grouped, schema)


def describe(sc, step: str | None) -> None:
    """Name the next Spark jobs "<phase>: <step>" (the phase alone with None): the Spark UI's job
    descriptions, and the steps of `bench spark`'s `task_s_by_step`."""
    phase = (sc.getLocalProperty("spark.job.description") or "").partition(": ")[0]
    sc.setJobDescription(f"{phase}: {step}" if phase and step else phase or step)


def _article_vector(row) -> tuple[int, str, bytes, list[str]]:
    """One article's vector (with the corpus df of its keys), computed once, and its index keys."""
    v = vector_of(row["features"], row["n_docs"], row["dfs"])
    return row["seq"], row["id"], v.to_bytes(), index_keys(v)


def _story_vector(row, places: frozenset[str]) -> tuple[int, str, bytes, bytes, list[str]]:
    """One story's thread vector (the corpus's known places marked), computed once, with its
    profile and index keys."""
    profile = row["profile"]
    v = with_places(profile_vector(StoryProfile.from_bytes(profile)), places)
    return row["seq"], row["story_id"], profile, v.to_bytes(), index_keys(v)


def thread_component(rows: Iterable[tuple[int, str, bytes]], places: frozenset[str] | None = None,
                     ) -> Iterator[tuple[str, str]]:
    """(story id, thread id) for one piece: `threads.group_threads` over its stories in founding
    order, with the corpus's known places (the piece's own when None)."""
    profiles = {story: StoryProfile.from_bytes(p) for _, story, p in sorted(rows)}
    yield from group_threads(profiles, places=places).items()
