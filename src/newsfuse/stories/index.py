"""The incremental story index, kept in the store's SQLite database (tables `grp_*`).

`StoryIndex.assign` files one new article: it looks up candidate stories through an inverted
index of the article's heaviest names and words (`grp_keys`, newest stories first, a bounded
number per key), scores only those, and joins the best one or opens a new story. So the cost of
an assignment depends on the number of keys and candidates, not on the size of the store. New
stories are chained into threads the same way (`grp_thread_keys`).

The store runs `STORY_TABLES` and `LINK_SCHEMA` in its migrations (3 and 9; `SCHEMA` is both); this module never creates tables and never commits:
the caller owns the connection and its transactions. Users' corrections (`merge`, `split`,
`move`) change the index at once and are kept as constraints (`grp_constraints`) that later
assignments and `regroup` honour.
"""

from __future__ import annotations

import heapq
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from newsfuse.errors import NotFoundError
from newsfuse.models import Story, Thread
from newsfuse.stories import model
from newsfuse.stories.features import StoryFeatures
from newsfuse.stories.grouping import (
    CANDIDATES, NEIGHBOUR_CANDIDATES, NEIGHBOURS, POSTING_WINDOW, Constraints, agreement, alone, best_links, index_keys, nearest_links,
    Units, regroup, story_id_for, thread_id_for,
)
from newsfuse.stories.model import ArticleVector, DocFrequencies, StoryProfile, top_weights, keys_for_df, profile_vector
from newsfuse.stories.threads import date_span, group_threads, story_title

STORY_TABLES: list[str] = [  # migration 3 (shipped: never edit it)
    """CREATE TABLE IF NOT EXISTS grp_meta (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS grp_df (
        key TEXT PRIMARY KEY,
        n INTEGER NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS grp_articles (
        article_id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        published TEXT,
        features BLOB NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS grp_articles_story ON grp_articles (story_id, seq)",
    """CREATE TABLE IF NOT EXISTS grp_stories (
        story_id TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL,
        size INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        profile BLOB NOT NULL,
        thread_part BLOB
    )""",
    "CREATE INDEX IF NOT EXISTS grp_stories_thread ON grp_stories (thread_id)",
    """CREATE TABLE IF NOT EXISTS grp_keys (
        key TEXT NOT NULL,
        story_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (key, story_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS grp_keys_recent ON grp_keys (key, seq)",
    "CREATE INDEX IF NOT EXISTS grp_keys_story ON grp_keys (story_id)",
    """CREATE TABLE IF NOT EXISTS grp_threads (
        thread_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        profile BLOB NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS grp_thread_keys (
        key TEXT NOT NULL,
        thread_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (key, thread_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS grp_thread_keys_recent ON grp_thread_keys (key, seq)",
    "CREATE INDEX IF NOT EXISTS grp_thread_keys_thread ON grp_thread_keys (thread_id)",
    """CREATE TABLE IF NOT EXISTS grp_constraints (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('must', 'cannot')),
        seq INTEGER NOT NULL,
        PRIMARY KEY (a, b, kind)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS grp_constraints_b ON grp_constraints (b)",
]

# Migration 9: each article's own index keys (postings, by the article's assignment seq) and its
# links to its nearest reports, so a new article is linked to reports as `regroup` links them.
LINK_SCHEMA: list[str] = [
    """CREATE TABLE IF NOT EXISTS grp_article_keys (
        key TEXT NOT NULL,
        seq INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (key, seq)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS grp_article_keys_article ON grp_article_keys (article_id)",
    """CREATE TABLE IF NOT EXISTS grp_links (
        article_id TEXT NOT NULL,
        neighbour TEXT NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (article_id, neighbour)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS grp_links_neighbour ON grp_links (neighbour)",
    # the article's vector as weighted when the index held `docs` articles (refreshed as it grows)
    """CREATE TABLE IF NOT EXISTS grp_vectors (
        article_id TEXT PRIMARY KEY,
        docs INTEGER NOT NULL,
        vector BLOB NOT NULL
    )""",
]
# An index that held articles before migration 9 has neither: the first assignment computes them.
LINK_BACKFILL = "INSERT INTO grp_meta (key, value) SELECT 'links_backfill', 1 WHERE EXISTS (SELECT 1 FROM grp_articles)"
SCHEMA = STORY_TABLES + LINK_SCHEMA  # every table of the index, for a new database

POSTINGS_PER_KEY = 64  # newest stories read per key: bounds the cost of a lookup in a big store
VECTOR_REFRESH = 2  # a stored vector is weighted again once the index holds this many times the articles it did
# below this many articles a stored vector is weighted again whenever the index grew: in a small store one
# more article moves every word's weight, and a link scored on old weights can join what regroup keeps
# apart (the seeds' June report joined the November meeting through one 0.19 log-odds link)
EXACT_BELOW = 64
BACK_MARGIN = 4.0  # a candidate scored this far below joining in one direction is not scored in the other
SPLIT_CHECK_MAX = 256  # stories up to this size are split when their links no longer connect them
DECODED_MAX = 2048  # decoded candidate reports kept in memory (~30 KB each, ~60 MB at most; cleared when full)
THREAD_PART_TERMS = 80  # what a story contributes to its thread: its heaviest words and names
THREAD_PART_NAMES = 40
THREAD_MERGE_MARGIN = 1.75  # two threads merge this far above the join threshold (our coverage collection: its
# distractor topics sharing a country or a coast with a real one score 1.25-1.5; one topic told from two sides, 2+)


class StoryIndex:
    """Stories and threads of the store, updated one article at a time."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._revisited: dict[str, None] = {}  # stories changed by revisits since `take_revisited`
        self._links_ready = False  # whether an index from before migration 9 has its links (checked once)
        self._decoded_cache: dict[tuple[str, bytes], tuple[ArticleVector, StoryProfile]] = {}

    def take_revisited(self) -> list[str]:
        """Story ids that revisits merged away or grew since the last call (the store syncs them)."""
        out, self._revisited = list(self._revisited), {}
        return out

    # --- reading -------------------------------------------------------------------------------

    def story_of(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT story_id FROM grp_articles WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def members(self, story_id: str) -> list[str]:
        """The story's articles in the order they were assigned."""
        rows = self.conn.execute("SELECT article_id FROM grp_articles WHERE story_id = ? ORDER BY seq",
                                 (story_id,)).fetchall()
        return [r[0] for r in rows]

    def thread_of(self, story_id: str) -> str:
        row = self.conn.execute("SELECT thread_id FROM grp_stories WHERE story_id = ?", (story_id,)).fetchone()
        if row is None:
            raise NotFoundError("story", story_id)
        return row[0]

    def assignment(self) -> dict[str, str]:
        """Article id -> story id for the whole index (an export, not for the ingest path)."""
        return dict(self.conn.execute("SELECT article_id, story_id FROM grp_articles ORDER BY seq"))

    def threads(self) -> dict[str, str]:
        """Story id -> thread id for the whole index."""
        return dict(self.conn.execute("SELECT story_id, thread_id FROM grp_stories ORDER BY seq"))

    def features(self, article_ids: Iterable[str] | None = None) -> list[tuple[str, StoryFeatures]]:
        """Stored features in assignment order (all articles, or the given ones)."""
        if article_ids is None:
            rows = self.conn.execute("SELECT seq, article_id, features FROM grp_articles ORDER BY seq").fetchall()
        else:
            rows = sorted(self._in("SELECT seq, article_id, features FROM grp_articles WHERE article_id IN ({})",
                                   list(article_ids)))
        return [(a, StoryFeatures.from_bytes(blob)) for _, a, blob in rows]

    def constraints(self) -> Constraints:
        c = Constraints()
        for a, b, kind in self.conn.execute("SELECT a, b, kind FROM grp_constraints ORDER BY seq"):
            (c.must_link if kind == "must" else c.cannot_link).append((a, b))
        return c

    def story_record(self, story_id: str) -> Story:
        """The story as a `Story` record: members, thread, title and event date span."""
        members = self._require(story_id)
        features = [f for _, f in self.features(members)]
        start, end = date_span(features)
        return Story(story_id, story_title(features), members, self.thread_of(story_id), start, end)

    def records(self) -> tuple[list[Story], list[Thread]]:
        """Every story and thread as records (an export: reads the whole index)."""
        story_of = self.assignment()
        members: dict[str, list[tuple[str, StoryFeatures]]] = {}
        for article_id, f in self.features():
            members.setdefault(story_of[article_id], []).append((article_id, f))
        threads = self.threads()
        stories = []
        for story_id, items in members.items():
            features = [f for _, f in items]
            start, end = date_span(features)
            stories.append(Story(story_id, story_title(features), [a for a, _ in items], threads[story_id], start, end))
        by_thread: dict[str, list[Story]] = {}
        for story in stories:
            by_thread.setdefault(story.thread_id or "", []).append(story)
        thread_records = []
        for thread_id, group in by_thread.items():
            features = [f for story in group for _, f in members[story.id]]
            thread_records.append(Thread(thread_id, story_title(features), [story.id for story in group]))
        return stories, thread_records

    # --- assigning -----------------------------------------------------------------------------

    def assign(self, article_id: str, features: StoryFeatures, *, published: str | None = None,
               constraints: Constraints | None = None, pin: str | None = None) -> str:
        """File one article and return its story id (an existing story or a new one).

        The rule is `regroup`'s, run one article at a time: the article is scored against its
        candidate reports alone (the ones sharing the most index keys with it, read from the
        per-article postings, a bounded number per key) and linked to its `NEIGHBOURS` best that
        read as its event; a candidate the article now fits better than one of its own links
        links to it instead of its weakest. The article joins the story of its best link, and the
        other stories its links reach merge into it (stories are connected groups of links; never
        across a cannot-link). An article no report links to joins the story whose centroid it
        reads as, or opens a new story (regroup's rule for unlinked reports).

        Already indexed articles keep their story. `pin` puts the article in that story;
        `constraints` (with the stored ones) forbid stories holding a cannot-linked article
        and send the article to the story of a must-linked one.
        """
        known = self.story_of(article_id)
        if known is not None:
            return known
        self._backfill_links()
        if features.anchor is None and published:
            features = StoryFeatures(features.terms, features.names, features.places, features.dates,
                                     published[:10], features.title)
        seq = self._bump("seq")
        vector = ArticleVector.of(features, self._count_df(features))
        keys = index_keys(vector)
        must, cannot = self._constraints_for(article_id, constraints)
        story = pin or next(iter(must), None)
        links, back, story_of = self._nearest(article_id, vector, keys)
        # the stories the article's links reach, best link first (a link's rank breaks ties)
        reached = [story_of[b] for _, _, b in sorted(((s, -k, b) for k, (s, b) in enumerate(links + back)),
                                                      reverse=True)]
        reached = [s for s in dict.fromkeys(reached) if s not in cannot]
        profile = None
        if story is None and reached:
            story = reached[0]
        if story is None:
            candidates = [s for s in self._candidates("grp_keys", "story_id", keys) if s not in cannot]
            best, best_score = None, model.JOIN_AT
            for sid, candidate in self._profiles(candidates).items():
                s = model.score(vector, candidate)
                if s >= best_score:
                    best, best_score, profile = sid, s, candidate
            story = best
        if story is None:
            story = story_id_for(article_id)
            profile = StoryProfile()
        elif profile is None:
            profile = self._profile(story)
        profile.add(article_id, vector)
        self.conn.execute(
            "INSERT INTO grp_articles (article_id, story_id, seq, published, features) VALUES (?, ?, ?, ?, ?)",
            (article_id, story, seq, published, features.to_bytes()))
        self._save_story(story, profile, seq, keys)
        dropped = self._write_links(article_id, seq, keys, links, back)
        self._store_vectors({article_id: vector}, self._meta("n_docs"))
        if not pin and not must:
            for other in reached:
                story = self._join(story, other)
        # a report whose weakest link gave way may have held its story together by that link alone
        split: dict[str, None] = {}
        for b, n in dropped:
            sid = self.story_of(b)
            if sid is not None and sid == self.story_of(n):
                split[sid] = None
        for sid in split:
            self._split_apart(sid)
        return self.story_of(article_id) or story

    def assign_many(self, items: Iterable[tuple[str, StoryFeatures]], *,
                    constraints: Constraints | None = None) -> dict[str, str]:
        """Assign articles in order; article id -> story id."""
        return {a: self.assign(a, f, constraints=constraints) for a, f in items}

    def remove(self, article_id: str) -> None:
        """Take an article out of its story (a story left empty disappears), with its keys and links."""
        row = self.conn.execute("SELECT story_id, features FROM grp_articles WHERE article_id = ?",
                                (article_id,)).fetchone()
        if row is None:
            raise NotFoundError("article", article_id)
        story, blob = row
        features = StoryFeatures.from_bytes(blob)
        vector = ArticleVector.of(features, self._dfs(keys_for_df(features)))
        profile = self._profile(story)
        profile.add(article_id, vector, sign=-1)
        self.conn.execute("DELETE FROM grp_articles WHERE article_id = ?", (article_id,))
        self.conn.execute("DELETE FROM grp_article_keys WHERE article_id = ?", (article_id,))
        self.conn.execute("DELETE FROM grp_links WHERE article_id = ? OR neighbour = ?", (article_id, article_id))
        self.conn.execute("DELETE FROM grp_vectors WHERE article_id = ?", (article_id,))
        self._uncount_df(features)
        if profile.size <= 0:
            self._drop_story(story)
        else:
            self._save_story(story, profile, self._bump("seq"), [])

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
        key = (article_id, bytes(blob))
        found = self._decoded_cache.get(key)
        if found is None:
            if len(self._decoded_cache) >= DECODED_MAX:
                self._decoded_cache.clear()
            vector = ArticleVector.from_bytes(blob)
            found = self._decoded_cache[key] = (vector, alone(article_id, vector))
        return found

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

    def _file_links(self, items: list[tuple[str, StoryFeatures]], dfs: DocFrequencies) -> None:
        """Every article's keys and links as `regroup` finds them (replacing the stored ones)."""
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
                              [(a, b, s) for a, links in nearest_links(order, vectors).items() for s, b in links])

    # --- corrections ---------------------------------------------------------------------------

    def merge(self, story_a: str, story_b: str) -> str:
        """`stories merge A B`: one story of both; returns its id. Recorded as must-links.

        The story founded first keeps its id (as `regroup` would name the merged story), and
        the other's articles move into it.
        """
        a_members, b_members = self._require(story_a), self._require(story_b)
        if story_a == story_b:
            return story_a
        self._record(Constraints().merge(a_members, b_members))
        first = self.conn.execute("SELECT story_id FROM grp_articles WHERE story_id IN (?, ?) ORDER BY seq LIMIT 1",
                                  (story_a, story_b)).fetchone()[0]
        keep, gone = (story_a, b_members) if first == story_a else (story_b, a_members)
        self._relocate_all(gone, keep)
        return keep

    def split(self, story_id: str, article_ids: Sequence[str]) -> str:
        """`stories split S --articles ...`: the articles leave S as a story of their own.

        Returns the new story's id. The part holding S's founding article keeps the id S; the
        other part is named after its earliest article. Recorded as must-links within each part
        and cannot-links between them.
        """
        members = self._require(story_id)
        off = [a for a in members if a in set(article_ids)]
        missing = set(article_ids) - set(off)
        if missing:
            raise NotFoundError("article in story " + story_id, sorted(missing)[0])
        rest = [a for a in members if a not in set(off)]
        if not rest:
            return story_id
        self._record(Constraints().split(members, off))
        founder_leaves = story_id_for(off[0]) == story_id
        leaving = rest if founder_leaves else off
        new_id = story_id_for(leaving[0])
        self._relocate_all(leaving, new_id)
        return new_id

    def move(self, article_id: str, to_story: str) -> None:
        """`stories move ARTICLE --to S`: recorded as must-links with S, cannot-links with the old story."""
        old = self.story_of(article_id)
        if old is None:
            raise NotFoundError("article", article_id)
        target = self._require(to_story)
        self._record(Constraints().move(article_id, self.members(old), target))
        self._relocate(article_id, to_story)

    def restore(self, assignment: dict[str, str]) -> set[str]:
        """Put articles back in the stories a correction's log says (an undo or a redo); articles no
        longer indexed are skipped. Records no constraint. Returns the stories changed."""
        changed: set[str] = set()
        by_story: dict[str, list[str]] = defaultdict(list)
        for article_id, story in assignment.items():
            now = self.story_of(article_id)
            if now is not None and now != story:
                by_story[story].append(article_id)
                changed.update((now, story))
        for story, article_ids in by_story.items():
            self._relocate_all(article_ids, story)
        return changed

    def _relocate_all(self, article_ids: Sequence[str], to_story: str) -> None:
        """Move indexed articles to a story (existing or new), as `_relocate` does one, writing each
        story's profile once: a correction moves many articles, and one by one it would rewrite both
        stories (and place them in threads again) per article."""
        rows = [r for r in self._in("SELECT article_id, story_id, features FROM grp_articles WHERE article_id IN ({})",
                                    list(article_ids)) if r[1] != to_story]
        if not rows:
            return
        seq = self._bump("seq")
        new_profile = self._profile(to_story)
        leaving: dict[str, list[tuple[str, ArticleVector]]] = defaultdict(list)
        keys: dict[str, None] = {}
        features_of = {article_id: StoryFeatures.from_bytes(blob) for article_id, _, blob in rows}
        dfs = self._dfs(set().union(*(keys_for_df(f) for f in features_of.values())))  # one read for all
        for article_id, old, _ in rows:
            features = features_of[article_id]
            vector = ArticleVector.of(features, dfs)
            leaving[old].append((article_id, vector))
            new_profile.add(article_id, vector)
            keys.update(dict.fromkeys(index_keys(vector)))
        for old, moved in leaving.items():
            profile = self._profile(old)
            for article_id, vector in moved:
                profile.add(article_id, vector, sign=-1)
            if profile.size <= 0:
                self._drop_story(old)
            else:
                self._save_story(old, profile, seq, [], force=True)
        self.conn.executemany("UPDATE grp_articles SET story_id = ? WHERE article_id = ?",
                              [(to_story, r[0]) for r in rows])
        self._save_story(to_story, new_profile, seq, list(keys), force=True)

    # --- from scratch --------------------------------------------------------------------------

    def regroup(self) -> dict[str, str]:
        """Recompute every story and thread from the stored features and corrections.

        Returns article id -> story id and replaces the index's stories and threads.
        """
        items = self.features()
        before = self.assignment()
        assignment = regroup(items, self.constraints())
        self.rebuild(items, assignment)
        # How close the incremental grouping had stayed to a fresh one (B³ F1, in thousandths).
        self._set("agreement_permille", round(1000 * agreement(before, assignment)))
        self._set("agreement_articles", len(before))
        return assignment

    def stats(self) -> dict:
        """Counts of the index, and the incremental-vs-regroup agreement measured at the last regroup."""
        count = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731 - three one-line counts
        measured = self.conn.execute("SELECT 1 FROM grp_meta WHERE key = 'agreement_permille'").fetchone()
        return {
            "articles": count("SELECT count(*) FROM grp_articles"),
            "stories": count("SELECT count(*) FROM grp_stories"),
            "threads": count("SELECT count(*) FROM grp_threads"),
            "revisits": self._meta("revisits"),
            "splits": self._meta("splits"),
            "thread_merges": self._meta("thread_merges"),
            "regroup_agreement_b3_f1": self._meta("agreement_permille") / 1000 if measured else None,
            "regroup_agreement_articles": self._meta("agreement_articles") if measured else None,
            "corrections": count("SELECT count(*) FROM grp_constraints"),
        }

    def rebuild(self, items: list[tuple[str, StoryFeatures]], assignment: dict[str, str]) -> None:
        """Replace stories and threads with a given assignment of the stored articles."""
        dfs = self._dfs(set().union(*(keys_for_df(f) for _, f in items)) if items else set())
        for table in ("grp_stories", "grp_keys", "grp_threads", "grp_thread_keys"):
            self.conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        profiles: dict[str, StoryProfile] = {}
        keys: dict[str, dict[str, None]] = defaultdict(dict)
        for article_id, f in items:
            story = assignment[article_id]
            vector = ArticleVector.of(f, dfs)
            profiles.setdefault(story, StoryProfile()).add(article_id, vector)
            keys[story].update(dict.fromkeys(index_keys(vector)))
            self.conn.execute("UPDATE grp_articles SET story_id = ? WHERE article_id = ?", (story, article_id))
        threads = group_threads(profiles)
        thread_profiles: dict[str, StoryProfile] = {}
        seq = self._bump("seq")
        for story, profile in profiles.items():
            part = _thread_part(profile)
            thread_profiles.setdefault(threads[story], StoryProfile()).add(story, part)
            self.conn.execute(
                "INSERT INTO grp_stories (story_id, thread_id, size, seq, profile, thread_part) VALUES (?, ?, ?, ?, ?, ?)",
                (story, threads[story], profile.size, seq, profile.to_bytes(), _part_bytes(part)))
            self.conn.executemany("INSERT INTO grp_keys (key, story_id, seq) VALUES (?, ?, ?)",
                                  [(k, story, seq) for k in keys[story]])
        for thread, profile in thread_profiles.items():
            self._write_thread(thread, profile, seq)
        self._file_links(items, dfs)

    # --- internals -----------------------------------------------------------------------------

    def _bump(self, name: str) -> int:
        row = self.conn.execute(
            "INSERT INTO grp_meta (key, value) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET value = value + 1 "
            "RETURNING value", (name,)).fetchone()
        return row[0]

    def _set(self, name: str, value: int) -> None:
        self.conn.execute("INSERT INTO grp_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                          (name, value))

    def _meta(self, name: str) -> int:
        row = self.conn.execute("SELECT value FROM grp_meta WHERE key = ?", (name,)).fetchone()
        return row[0] if row else 0

    def _in(self, sql: str, values: Sequence, chunk: int = 500) -> list[tuple]:
        out: list[tuple] = []
        for i in range(0, len(values), chunk):
            part = values[i:i + chunk]
            out += self.conn.execute(sql.format(",".join("?" * len(part))), part).fetchall()
        return out

    def _dfs(self, keys: Iterable[str]) -> DocFrequencies:
        keys = list(keys)
        return DocFrequencies(self._meta("n_docs"), dict(self._in("SELECT key, n FROM grp_df WHERE key IN ({})", keys)))

    def _count_df(self, features: StoryFeatures) -> DocFrequencies:
        """Count the article into the document frequencies; return them for its keys."""
        keys = list(keys_for_df(features))
        known = self._dfs(keys).df
        dfs = DocFrequencies(self._bump("n_docs"), {k: known.get(k, 0) + 1 for k in keys})
        self.conn.executemany("INSERT INTO grp_df (key, n) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET n = n + 1",
                              [(k,) for k in keys])
        return dfs

    def _uncount_df(self, features: StoryFeatures) -> None:
        self.conn.execute("UPDATE grp_meta SET value = value - 1 WHERE key = 'n_docs'")
        self.conn.executemany("UPDATE grp_df SET n = n - 1 WHERE key = ?", [(k,) for k in keys_for_df(features)])

    def _candidates(self, table: str, column: str, keys: Sequence[str]) -> list[str]:
        """Groups sharing the most keys with the article, reading the newest postings of each key."""
        if not keys:
            return []
        one = f"SELECT {column} FROM (SELECT {column} FROM {table} WHERE key = ? ORDER BY seq DESC LIMIT {POSTINGS_PER_KEY})"
        sql = " UNION ALL ".join([one] * len(keys))
        hits: dict[str, int] = defaultdict(int)
        for (group,) in self.conn.execute(sql, list(keys)):
            hits[group] += 1
        return sorted(hits, key=hits.__getitem__, reverse=True)[:CANDIDATES]

    def _profiles(self, stories: Sequence[str]) -> dict[str, StoryProfile]:
        rows = self._in("SELECT story_id, profile FROM grp_stories WHERE story_id IN ({})", list(stories))
        found = {sid: StoryProfile.from_bytes(blob) for sid, blob in rows}
        return {sid: found[sid] for sid in stories if sid in found}

    def _profile(self, story: str) -> StoryProfile:
        row = self.conn.execute("SELECT profile FROM grp_stories WHERE story_id = ?", (story,)).fetchone()
        return StoryProfile.from_bytes(row[0]) if row else StoryProfile()

    def _require(self, story: str) -> list[str]:
        members = self.members(story)
        if not members:
            raise NotFoundError("story", story)
        return members

    def _constraints_for(self, article_id: str, extra: Constraints | None) -> tuple[list[str], set[str]]:
        """Stories the article must join (first wins) and stories it must not join."""
        must_partners, cannot_partners = [], []
        rows = self.conn.execute("SELECT a, b, kind FROM grp_constraints WHERE a = ? UNION ALL "
                                 "SELECT a, b, kind FROM grp_constraints WHERE b = ?", (article_id, article_id))
        pairs = [(a, b, kind) for a, b, kind in rows]
        if extra:
            pairs += [(a, b, "must") for a, b in extra.must_link] + [(a, b, "cannot") for a, b in extra.cannot_link]
        for a, b, kind in pairs:
            if article_id in (a, b):
                other = b if a == article_id else a
                (must_partners if kind == "must" else cannot_partners).append(other)
        must = [s for s in (self.story_of(o) for o in must_partners) if s]
        cannot = {s for s in (self.story_of(o) for o in cannot_partners) if s}
        return [s for s in must if s not in cannot] or must, cannot

    def _record(self, constraints: Constraints) -> None:
        seq = self._bump("seq")
        rows = [(a, b, "must", seq) for a, b in constraints.must_link if a != b]
        rows += [(a, b, "cannot", seq) for a, b in constraints.cannot_link if a != b]
        # A new correction overrides an older one about the same pair.
        self.conn.executemany("DELETE FROM grp_constraints WHERE (a = ? AND b = ?) OR (a = ? AND b = ?)",
                              [(a, b, b, a) for a, b, _, _ in rows])
        self.conn.executemany("INSERT OR REPLACE INTO grp_constraints (a, b, kind, seq) VALUES (?, ?, ?, ?)", rows)

    def _relocate(self, article_id: str, to_story: str) -> None:
        """Move one indexed article to a story (existing or new), keeping df counts as they are."""
        row = self.conn.execute("SELECT story_id, features FROM grp_articles WHERE article_id = ?",
                                (article_id,)).fetchone()
        old, blob = row
        if old == to_story:
            return
        features = StoryFeatures.from_bytes(blob)
        vector = ArticleVector.of(features, self._dfs(keys_for_df(features)))
        old_profile = self._profile(old)
        old_profile.add(article_id, vector, sign=-1)
        seq = self._bump("seq")
        if old_profile.size <= 0:
            self._drop_story(old)
        else:
            self._save_story(old, old_profile, seq, [], force=True)
        new_profile = self._profile(to_story)
        new_profile.add(article_id, vector)
        self.conn.execute("UPDATE grp_articles SET story_id = ? WHERE article_id = ?", (to_story, article_id))
        self._save_story(to_story, new_profile, seq, index_keys(vector), force=True)

    def _save_story(self, story: str, profile: StoryProfile, seq: int, keys: Sequence[str],
                    force: bool = False) -> None:
        """Write a story's profile and keys; a new story is also placed in a thread.

        A story's share of its thread's profile is refreshed when the story is created, each time
        its size reaches a power of two, and on corrections; at a refresh the story may also move
        to a thread that now fits it better. So threads cost O(log size) writes per story, not
        one per article.
        """
        row = self.conn.execute("SELECT thread_id, thread_part FROM grp_stories WHERE story_id = ?",
                                (story,)).fetchone()
        if row is None:
            thread, old_part, refresh = None, None, True
        else:
            thread, old_part = row
            refresh = force or profile.size & (profile.size - 1) == 0
        part = _thread_part(profile) if refresh else None
        if refresh:
            thread = self._place_in_thread(story, profile, thread, old_part, part, keys, seq)
        self.conn.execute(
            "INSERT INTO grp_stories (story_id, thread_id, size, seq, profile, thread_part) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(story_id) DO UPDATE SET thread_id = excluded.thread_id, size = excluded.size, "
            "seq = excluded.seq, profile = excluded.profile, thread_part = coalesce(excluded.thread_part, thread_part)",
            (story, thread, profile.size, seq, profile.to_bytes(), _part_bytes(part) if part else None))
        self.conn.executemany(
            "INSERT INTO grp_keys (key, story_id, seq) VALUES (?, ?, ?) "
            "ON CONFLICT(key, story_id) DO UPDATE SET seq = excluded.seq", [(k, story, seq) for k in keys])

    def _place_in_thread(self, story: str, profile: StoryProfile, thread: str | None, old_part: bytes | None,
                         part: ArticleVector, keys: Sequence[str], seq: int) -> str:
        """Take the story's old share out of its thread, choose its thread again, put the new share in.

        The story stays in its thread unless another one scores higher (and above the join
        threshold); a story that fits no thread starts its own.
        """
        own = self._thread_profile(thread) if thread else StoryProfile()
        if old_part:
            own.add(story, _part_from(old_part), sign=-1)
        vector = profile_vector(profile)
        lookup = list(dict.fromkeys([*keys, *index_keys(vector)]))
        best, best_score = self._thread_for(vector, lookup, exclude=thread)
        own_score = model.thread_score(vector, own) if own.size > 0 else float("-inf")
        if thread is None or (best is not None and best_score > max(own_score, model.THREAD_JOIN_AT)):
            if thread is not None:
                self._save_thread_profile(thread, own, seq)
            thread = best or thread_id_for(story)
            own = self._thread_profile(thread)
        own.add(story, part)
        self._write_thread(thread, own, seq, lookup)
        return self._merge_threads(thread, own, lookup, seq)

    def _merge_threads(self, thread: str, profile: StoryProfile, keys: Sequence[str], seq: int) -> str:
        """Merge the thread that just grew with a neighbour it now reads as (returns the thread kept).

        Two threads started apart (the first reports named the topic differently) may come together
        as stories arrive. Only the candidates found through the grown thread's keys are compared, so
        the check is bounded; both threads must score each other above the join threshold by
        `THREAD_MERGE_MARGIN`. The smaller thread's stories move to the larger one. A thread holding a
        story a user corrected never merges: the user's grouping wins.
        """
        vector = profile_vector(profile)
        candidates = [t for t in self._candidates("grp_thread_keys", "thread_id", keys) if t != thread]
        need = model.THREAD_JOIN_AT + THREAD_MERGE_MARGIN
        best, best_score, best_profile = None, need, None
        for other, blob in self._in("SELECT thread_id, profile FROM grp_threads WHERE thread_id IN ({})", candidates):
            other_profile = StoryProfile.from_bytes(blob)
            s = min(model.thread_score(vector, other_profile), model.thread_score(profile_vector(other_profile), profile))
            if s >= best_score:
                best, best_score, best_profile = other, s, other_profile
        if best is None or best_profile is None:
            return thread
        keep, gone = (best, thread) if best_profile.size >= profile.size else (thread, best)
        if self._thread_corrected(keep, gone):
            return thread
        moved = [r[0] for r in self.conn.execute("SELECT story_id FROM grp_stories WHERE thread_id = ?", (gone,))]
        merged = best_profile if keep == best else profile
        merged.merge(profile if keep == best else best_profile)
        self.conn.execute("UPDATE grp_stories SET thread_id = ? WHERE thread_id = ?", (keep, gone))
        self.conn.execute("INSERT OR IGNORE INTO grp_thread_keys (key, thread_id, seq) "
                          "SELECT key, ?, seq FROM grp_thread_keys WHERE thread_id = ?", (keep, gone))
        self.conn.execute("DELETE FROM grp_thread_keys WHERE thread_id = ?", (gone,))
        self.conn.execute("DELETE FROM grp_threads WHERE thread_id = ?", (gone,))
        self._write_thread(keep, merged, seq)
        self._bump("thread_merges")
        self._revisited.update(dict.fromkeys(moved))
        return keep

    def _thread_corrected(self, *threads: str) -> bool:
        """Whether any story of these threads holds an article of a user's correction."""
        if not self.conn.execute("SELECT 1 FROM grp_constraints LIMIT 1").fetchone():
            return False
        return bool(self.conn.execute(
            "SELECT 1 FROM grp_articles g JOIN grp_stories s ON s.story_id = g.story_id "
            f"WHERE s.thread_id IN ({','.join('?' * len(threads))}) AND (g.article_id IN (SELECT a FROM grp_constraints) "
            "OR g.article_id IN (SELECT b FROM grp_constraints)) LIMIT 1", threads).fetchone())

    def _save_thread_profile(self, thread: str, profile: StoryProfile, seq: int) -> None:
        if profile.size <= 0:
            self.conn.execute("DELETE FROM grp_threads WHERE thread_id = ?", (thread,))
            self.conn.execute("DELETE FROM grp_thread_keys WHERE thread_id = ?", (thread,))
        else:
            self._write_thread(thread, profile, seq, keys=())

    def _drop_story(self, story: str) -> None:
        row = self.conn.execute("SELECT thread_id, thread_part FROM grp_stories WHERE story_id = ?",
                                (story,)).fetchone()
        if row is None:
            raise NotFoundError("story", story)
        thread, old_part = row
        self.conn.execute("DELETE FROM grp_stories WHERE story_id = ?", (story,))
        self.conn.execute("DELETE FROM grp_keys WHERE story_id = ?", (story,))
        profile = self._thread_profile(thread)
        if old_part:
            profile.add(story, _part_from(old_part), sign=-1)
        self._save_thread_profile(thread, profile, self._bump("seq"))

    def _thread_for(self, vector: ArticleVector, keys: Sequence[str],
                    exclude: str | None = None) -> tuple[str | None, float]:
        """The best-scoring thread for a story at or above the join threshold (None: none fits)."""
        candidates = [t for t in self._candidates("grp_thread_keys", "thread_id", keys) if t != exclude]
        rows = self._in("SELECT thread_id, profile FROM grp_threads WHERE thread_id IN ({})", candidates)
        best, best_score = None, model.THREAD_JOIN_AT
        for thread, blob in rows:
            s = model.thread_score(vector, StoryProfile.from_bytes(blob))
            if s >= best_score:
                best, best_score = thread, s
        return best, best_score

    def _thread_profile(self, thread: str) -> StoryProfile:
        row = self.conn.execute("SELECT profile FROM grp_threads WHERE thread_id = ?", (thread,)).fetchone()
        return StoryProfile.from_bytes(row[0]) if row else StoryProfile()

    def _write_thread(self, thread: str, profile: StoryProfile, seq: int, keys: Iterable[str] | None = None) -> None:
        self.conn.execute(
            "INSERT INTO grp_threads (thread_id, seq, profile) VALUES (?, ?, ?) "
            "ON CONFLICT(thread_id) DO UPDATE SET seq = excluded.seq, profile = excluded.profile",
            (thread, seq, profile.to_bytes()))
        if keys is None:
            keys = index_keys(profile_vector(profile))
        self.conn.executemany(
            "INSERT INTO grp_thread_keys (key, thread_id, seq) VALUES (?, ?, ?) "
            "ON CONFLICT(key, thread_id) DO UPDATE SET seq = excluded.seq", [(k, thread, seq) for k in keys])


def _thread_part(profile: StoryProfile) -> ArticleVector:
    """What a story contributes to its thread's profile: its unit words, names and headline words."""
    v = profile_vector(profile)
    return ArticleVector(top_weights(v.terms, THREAD_PART_TERMS), top_weights(v.names, THREAD_PART_NAMES),
                         top_weights(v.headline, THREAD_PART_NAMES), frozenset(), frozenset(), v.anchor)


def _part_bytes(v: ArticleVector) -> bytes:
    anchors = Counter({v.anchor: 1}) if v.anchor is not None else Counter()
    return StoryProfile(1, v.terms, v.names, v.headline, anchors=anchors).to_bytes()


def _part_from(blob: bytes) -> ArticleVector:
    p = StoryProfile.from_bytes(blob)
    return ArticleVector(p.terms, p.names, p.headline, frozenset(), frozenset(), next(iter(p.anchors), None))
