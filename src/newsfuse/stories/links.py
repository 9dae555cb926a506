"""The story index's links between reports: each article's nearest reports (`grp_article_keys`,
`grp_links`, `grp_vectors`), and the local re-clustering they drive (stories a new link connects
are joined; a story its links no longer connect is split).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence

from newsfuse.stories import model
from newsfuse.stories.features import StoryFeatures
from newsfuse.stories.grouping import (
    NEIGHBOUR_CANDIDATES, NEIGHBOURS, POSTING_WINDOW, Units, alone, best_links, index_keys, nearest_links, story_id_for,
)
from newsfuse.stories.model import ArticleVector, DocFrequencies, StoryProfile, keys_for_df
from newsfuse.stories.tables import IndexTables

VECTOR_REFRESH = 2  # a stored vector is weighted again once the index holds this many times the articles it did
# below this many articles a stored vector is weighted again whenever the index grew: in a small store one
# more article moves every word's weight, and a link scored on old weights can join what regroup keeps
# apart (the seeds' June report joined the November meeting through one 0.19 log-odds link)
EXACT_BELOW = 64
BACK_MARGIN = 4.0  # a candidate scored this far below joining in one direction is not scored in the other
SPLIT_CHECK_MAX = 256  # stories up to this size are split when their links no longer connect them
# decoded candidate reports kept in memory, bounded by bytes: a decoded vector with its profile takes about
# six times its stored bytes (~4 KB stored, ~25 KB decoded on ECB+); 24 MB hold ~1,000 recent reports
DECODED_BYTES = 24_000_000
DECODED_PER_BYTE = 6


class ReportLinks(IndexTables):
    """Finding, storing and following the links of each report to its nearest ones."""

    def _nearest(self, article_id: str, vector: ArticleVector, keys: Sequence[str]
                 ) -> tuple[list[tuple[float, str]], list[tuple[float, str]], dict[str, str]]:
        """The article's links (score, report) and the candidates that link back to it, with each
        candidate's story. Candidates are the reports sharing the most keys with the article among
        the newest `POSTING_WINDOW` / 2 of each key (regroup reads as many on each side), nearest
        in ingest order first on ties: the cost does not grow with the store."""
        if not keys:
            return [], [], {}
        one = (f"SELECT seq, article_id FROM (SELECT seq, article_id FROM grp_article_keys WHERE key = ? "
               f"ORDER BY seq DESC LIMIT {POSTING_WINDOW // 2})")
        hits: dict[str, int] = defaultdict(int)
        newest: dict[str, int] = {}
        for seq, other in self.conn.execute(" UNION ALL ".join([one] * len(keys)), list(keys)):
            hits[other] += 1
            newest[other] = seq
        ranked = heapq.nsmallest(NEIGHBOUR_CANDIDATES, hits, key=lambda b: (-hits[b], -newest[b]))
        if not ranked:
            return [], [], {}
        story_of, vectors, single = self._vectors(ranked)
        ranked = [b for b in ranked if b in vectors]
        dots = {b: model.pair_dots(vector, vectors[b]) for b in ranked}  # the same both ways
        forward = {b: model.score(vector, single[b], dots[b]) for b in ranked}
        links = best_links((forward[b], b) for b in ranked)
        held: dict[str, list[float]] = defaultdict(list)
        for b, score in self._in("SELECT article_id, score FROM grp_links WHERE article_id IN ({})", ranked):
            held[b].append(score)
        me = alone(article_id, vector)
        back = []
        for b in ranked:
            if forward[b] < model.JOIN_AT - BACK_MARGIN:
                continue  # the two directions differ by far less: it cannot link back
            s = model.score(vectors[b], me, dots[b])
            if s >= model.JOIN_AT and (len(held[b]) < NEIGHBOURS or s > min(held[b])):
                back.append((s, b))
        return links, back, story_of

    def _vectors(self, article_ids: Sequence[str]
                 ) -> tuple[dict[str, str], dict[str, ArticleVector], dict[str, StoryProfile]]:
        """The stories, stored vectors and one-report profiles (`alone`) of indexed articles. A vector
        weighted when the index held less than 1 / `VECTOR_REFRESH` of its articles is weighted again
        (and stored): the words' weights settle as the store grows, so a vector is re-weighted
        O(log n) times in all.

        A report is a candidate of many later ones: its decoded vector and profile are kept in memory
        by its stored bytes (the same bytes decode to the same vector, so the store stays the one
        truth, whoever wrote it), and only read-only uses get them."""
        rows = self._in("SELECT g.article_id, g.story_id, v.docs, v.vector FROM grp_articles g "
                        "LEFT JOIN grp_vectors v ON v.article_id = g.article_id WHERE g.article_id IN ({})", article_ids)
        n_docs = self._meta("n_docs")
        story_of = {a: sid for a, sid, _, _ in rows}
        vectors: dict[str, ArticleVector] = {}
        single: dict[str, StoryProfile] = {}
        for a, _, docs, blob in rows:
            if blob is not None and docs * VECTOR_REFRESH > n_docs and (docs == n_docs or n_docs >= EXACT_BELOW):
                vectors[a], single[a] = self._decoded(a, blob)
        stale = [a for a in story_of if a not in vectors]
        if stale:
            features = self.features(stale)
            dfs = self._dfs(set().union(*(keys_for_df(f) for _, f in features)))
            fresh = {a: ArticleVector.of(f, dfs) for a, f in features}
            self._store_vectors(fresh, n_docs)
            vectors.update(fresh)
            single.update((a, alone(a, v)) for a, v in fresh.items())
        return story_of, vectors, single

    def _decoded(self, article_id: str, blob: bytes) -> tuple[ArticleVector, StoryProfile]:
        """The decoded vector and one-report profile of these stored bytes, from memory when they were
        decoded lately. The memory is bounded by bytes (`DECODED_BYTES`, about `DECODED_PER_BYTE`
        times the stored bytes); the report used least recently goes first."""
        cache = self._decoded_cache
        blob = bytes(blob)
        found = cache.pop(article_id, None)
        if found is not None and found[0] != blob:  # re-weighted since: the old decoding is stale
            self._decoded_bytes -= DECODED_PER_BYTE * len(found[0])
            found = None
        if found is None:
            vector = ArticleVector.from_bytes(blob)
            found = (blob, vector, alone(article_id, vector))
            self._decoded_bytes += DECODED_PER_BYTE * len(blob)
            while self._decoded_bytes > DECODED_BYTES and cache:
                gone = cache.pop(next(iter(cache)))
                self._decoded_bytes -= DECODED_PER_BYTE * len(gone[0])
        cache[article_id] = found  # the most recent use last
        return found[1], found[2]

    def _store_vectors(self, vectors: dict[str, ArticleVector], n_docs: int) -> None:
        self.conn.executemany("INSERT OR REPLACE INTO grp_vectors (article_id, docs, vector) VALUES (?, ?, ?)",
                              [(a, n_docs, v.to_bytes()) for a, v in vectors.items()])

    def _write_links(self, article_id: str, seq: int, keys: Sequence[str], links: list[tuple[float, str]],
                     back: list[tuple[float, str]]) -> None:
        """File the article under its keys, store its links, and give each candidate that links back
        its new link in place of its weakest one (so every report keeps its `NEIGHBOURS` best)."""
        self.conn.executemany("INSERT INTO grp_article_keys (key, seq, article_id) VALUES (?, ?, ?)",
                              [(k, seq, article_id) for k in keys])
        self.conn.executemany("INSERT OR REPLACE INTO grp_links (article_id, neighbour, score) VALUES (?, ?, ?)",
                              [(article_id, b, s) for s, b in links] + [(b, article_id, s) for s, b in back])
        dropped = []
        for _, b in back:
            # beyond its best `NEIGHBOURS`; equal scores: the neighbour filed last goes (a total order)
            extra = self.conn.execute(
                "SELECT l.neighbour FROM grp_links l JOIN grp_articles g ON g.article_id = l.neighbour "
                "WHERE l.article_id = ? ORDER BY l.score DESC, g.seq ASC LIMIT -1 OFFSET ?", (b, NEIGHBOURS)).fetchall()
            self.conn.executemany("DELETE FROM grp_links WHERE article_id = ? AND neighbour = ?",
                                  [(b, n) for (n,) in extra])
            dropped += [(b, n) for (n,) in extra]
        return dropped

    def _split_apart(self, story: str) -> None:
        """Split a story whose links no longer connect it (a bounded, local re-clustering).

        The parts are the connected groups of the links among its members (must-linked articles
        stay together); members with no link inside the story joined it by its centroid and stay
        with the part that keeps the id (the founder's, else the largest). A story of more than
        `SPLIT_CHECK_MAX` articles is not checked: the cost stays bounded.
        """
        members = self.members(story)
        if not 2 < len(members) <= SPLIT_CHECK_MAX:
            return
        inside = set(members)
        units = Units(members)
        linked: set[str] = set()
        pairs = [(a, b) for a, b in self._in("SELECT article_id, neighbour FROM grp_links WHERE article_id IN ({})",
                                             members) if b in inside]
        if self.conn.execute("SELECT 1 FROM grp_constraints WHERE kind = 'must' LIMIT 1").fetchone():
            pairs += [(a, b) for a, b in self._in("SELECT a, b FROM grp_constraints WHERE kind = 'must' AND a IN ({})",
                                                  members) if b in inside]
        for a, b in pairs:
            linked.update((a, b))
            units.union(a, b)
        parts: dict[str, list[str]] = {}  # each part in members' order, so a part's first member is its earliest
        for a in members:
            if a in linked:
                parts.setdefault(units.find(a), []).append(a)
        if len(parts) < 2:
            return
        position = {a: k for k, a in enumerate(members)}
        founder = next((r for r, part in parts.items() if any(story_id_for(a) == story for a in part)), None)
        keep = founder or max(parts, key=lambda r: (len(parts[r]), -position[parts[r][0]]))
        for root, part in parts.items():
            if root == keep:
                continue
            new_id = next((story_id_for(a) for a in part if not self.members(story_id_for(a))), None)
            if new_id is None:
                continue
            self._relocate_all(part, new_id)
            self._bump("splits")
            self._revisited.update(dict.fromkeys((story, new_id)))

    def _join(self, story: str, other: str) -> str:
        """One story of two a link now connects (the smaller moves into the larger; on a tie the one
        founded later moves); returns the story kept. Not across a user's cannot-link."""
        if story == other or not self.members(other) or self._apart(story, other):
            return story
        sizes = dict(self._in("SELECT story_id, size FROM grp_stories WHERE story_id IN ({})", [story, other]))
        first = {sid: seq for sid, seq in self._in(
            "SELECT story_id, min(seq) FROM grp_articles WHERE story_id IN ({}) GROUP BY story_id", [story, other])}
        keep, gone = sorted((story, other), key=lambda sid: (-sizes.get(sid, 0), first.get(sid, 0)))
        self._relocate_all(self.members(gone), keep)
        self._bump("revisits")
        self._revisited.update(dict.fromkeys((keep, gone)))
        return keep

    def _apart(self, story: str, other: str) -> bool:
        """Whether a user's cannot-link holds an article of each story."""
        if not self.conn.execute("SELECT 1 FROM grp_constraints WHERE kind = 'cannot' LIMIT 1").fetchone():
            return False
        return bool(self.conn.execute(
            "SELECT 1 FROM grp_constraints c JOIN grp_articles x ON x.article_id = c.a JOIN grp_articles y "
            "ON y.article_id = c.b WHERE c.kind = 'cannot' AND ((x.story_id = ? AND y.story_id = ?) OR "
            "(x.story_id = ? AND y.story_id = ?)) LIMIT 1", (story, other, other, story)).fetchone())

    def _backfill_links(self) -> None:
        """An index upgraded from before migration 9 computes its articles' keys and links once."""
        if self._links_ready:
            return
        if self._meta("links_backfill"):
            items = self.features()
            self._file_links(items, self._dfs(set().union(*(keys_for_df(f) for _, f in items)) if items else set()))
            self.conn.execute("DELETE FROM grp_meta WHERE key = 'links_backfill'")
        self._links_ready = True

    def _file_links(self, items: list[tuple[str, StoryFeatures]], dfs: DocFrequencies,
                    links: dict[str, list[tuple[float, str]]] | None = None) -> None:
        """Every article's keys and links as `regroup` finds them (replacing the stored ones); `links`:
        found already on these articles and counts."""
        self.conn.execute("DELETE FROM grp_article_keys")
        self.conn.execute("DELETE FROM grp_links")
        self.conn.execute("DELETE FROM grp_vectors")
        order = [a for a, _ in items]
        vectors = {a: ArticleVector.of(f, dfs) for a, f in items}
        self._store_vectors(vectors, dfs.n_docs)
        seqs = dict(self._in("SELECT article_id, seq FROM grp_articles WHERE article_id IN ({})", order))
        self.conn.executemany("INSERT INTO grp_article_keys (key, seq, article_id) VALUES (?, ?, ?)",
                              [(k, seqs[a], a) for a in order for k in index_keys(vectors[a])])
        self.conn.executemany("INSERT INTO grp_links (article_id, neighbour, score) VALUES (?, ?, ?)",
                              [(a, b, s) for a, found in (links if links is not None else nearest_links(order, vectors)).items()
                               for s, b in found])
