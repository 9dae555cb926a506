"""The incremental story index, kept in the store's SQLite database (tables `grp_*`).

`StoryIndex.assign` files one new article: it looks up candidate stories through an inverted
index of the article's heaviest names and words (`grp_keys`, newest stories first, a bounded
number per key), scores only those, and joins the best one or opens a new story. So the cost of
an assignment depends on the number of keys and candidates, not on the size of the store. New
stories are chained into threads the same way (`grp_thread_keys`).

The index is written in parts, one module each: `tables` (the `grp_*` tables, which the store runs
in its migrations 3 and 9, and row access), `links` (reports' nearest reports, joins and splits),
`thread_index` (threads), `corrections` (users' merges, splits and moves). It never creates tables
and never commits: the caller owns the connection and its transactions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from newsfuse.errors import NotFoundError
from newsfuse.models import Story, Thread
from newsfuse.stories import model
from newsfuse.stories.corrections import Corrections
from newsfuse.stories.features import StoryFeatures
from newsfuse.stories.grouping import (
    GROUP_YEARS_LINK, ISLAND_LINK, NEIGHBOUR_CANDIDATES, NEIGHBOURS, Constraints, Units, agreement, group, index_keys,
    link_neighbours, story_id_for,
)
from newsfuse.stories.links import SPLIT_CHECK_MAX, ReportLinks
from newsfuse.stories.model import ArticleVector, DocFrequencies, StoryProfile, keys_for_df
from newsfuse.stories.tables import SCHEMA  # noqa: F401 - every table of the index, for a new database (read here)
from newsfuse.stories.thread_index import ThreadPlacement, part_bytes, thread_part
from newsfuse.stories.threads import date_span, group_threads, story_title


class StoryIndex(ReportLinks, Corrections, ThreadPlacement):
    """Stories and threads of the store, updated one article at a time."""

    def take_revisited(self) -> list[str]:
        """Story ids that revisits merged away or grew since the last call (the store syncs them)."""
        out, self._revisited = list(self._revisited), {}
        return out

    # --- reading -------------------------------------------------------------------------------

    def assignment(self) -> dict[str, str]:
        """Article id -> story id for the whole index (an export, not for the ingest path)."""
        return dict(self.conn.execute("SELECT article_id, story_id FROM grp_articles ORDER BY seq"))

    def threads(self) -> dict[str, str]:
        """Story id -> thread id for the whole index."""
        return dict(self.conn.execute("SELECT story_id, thread_id FROM grp_stories ORDER BY seq"))

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
        # the stories the article's links reach, each with its best link: as regroup makes links, those
        # between two dated or two undated reports first, then the others, best first (a link's rank breaks ties)
        ranked = sorted(((s, -k, b) for k, (s, b) in enumerate(links + back)), reverse=True)
        dated = self._dated([b for _, _, b in ranked])
        same_kind = {b: b in dated and dated[b] == (vector.anchor is not None) for _, _, b in ranked}
        strength: dict[str, float] = {}  # a link between two dated or two undated reports is never refused
        for s, _, b in sorted(ranked, key=lambda r: not same_kind[r[2]]):  # stable: best first within each kind
            if story_of[b] not in cannot:
                strength.setdefault(story_of[b], float("inf") if same_kind[b] else s)
        reached = list(strength)
        profile = None
        if story is None and reached:
            me = StoryProfile.single(article_id, vector)
            story = next((s for s in reached if strength[s] >= GROUP_YEARS_LINK or not self._years_apart(me, s)), None)
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
        joined = False
        if not pin and not must:
            for other in reached:
                if other != story and (strength[other] >= GROUP_YEARS_LINK
                                       or not self._years_apart(self._profile(story), other)):
                    story = self._join(story, other)
                    joined = True
        # a report whose weakest link gave way may have held its story together by that link alone
        split: dict[str, None] = {}
        for b, n in dropped:
            sid = self.story_of(b)
            if sid is not None and sid == self.story_of(n):
                split[sid] = None
        for sid in split:
            self._split_apart(sid)
        # the story's profile is the one saved above unless a link joined or split it since
        final = self.story_of(article_id) or story
        known = profile if final == story and not joined and not split else self._profile(final)
        if known.anchors and sum(known.anchors.values()) < known.size <= SPLIT_CHECK_MAX:
            self._split_years(final)
        elif known.size == NEIGHBOURS + 1:
            self._reach_out(final, vector, keys)
        return self.story_of(article_id) or story

    def _split_years(self, story: str) -> None:
        """Regroup's rule for the links between dated and undated reports, run again on one story (a
        bounded, local re-clustering): an undated report joined early, when its story mentioned no
        years yet; the years its story's later reports mention can part it from the dated reports.
        Only a story holding both dated and undated reports, of at most `SPLIT_CHECK_MAX`, is
        re-linked (`grouping.link_neighbours` on its members' stored links); each linked part
        becomes a story, and members linked to no other member stay with the part keeping the id.
        Called for such stories only."""
        members = self.members(story)
        _, vectors, _ = self._vectors(members)
        inside = set(members)
        links: dict[str, list[tuple[float, str]]] = {a: [] for a in members}
        for a, b, score in self._in("SELECT article_id, neighbour, score FROM grp_links WHERE article_id IN ({})",
                                    members):
            if b in inside:
                links[a].append((score, b))
        units = Units(members, self.constraints() if self._has_constraints() else None)
        parts = [part for part in link_neighbours(members, vectors, units, links=links) if len(part) > 1]
        if len(parts) < 2:
            return
        keep = next((part for part in parts if story_id_for(part[0]) == story or story in map(story_id_for, part)),
                    max(parts, key=len))
        for part in parts:
            new_id = next((story_id_for(a) for a in part if not self.members(story_id_for(a))), None)
            if part is keep or new_id is None:
                continue
            self._relocate_all(part, new_id)
            self._bump("splits")
            self._revisited.update(dict.fromkeys((story, new_id)))

    def _reach_out(self, story: str, vector: ArticleVector, keys: list[str]) -> None:
        """Regroup's `grouping.reach_out` for a story of three reports linked only to each other, which
        the article of `vector` (filed under `keys`) has just closed: the story joins that of the
        article's best report outside when it scores at least `ISLAND_LINK` (read among the first
        `NEIGHBOUR_CANDIDATES` reports of the stories sharing the most keys with the article)."""
        members = self.members(story)
        if len(members) != NEIGHBOURS + 1 or self._has_constraints():
            return
        held: dict[str, list[str]] = {a: [] for a in members}
        for a, b in self._in("SELECT article_id, neighbour FROM grp_links WHERE article_id IN ({})", members):
            held[a].append(b)
        if any(len(found) != NEIGHBOURS or not set(found) <= set(members) for found in held.values()):
            return
        others: list[str] = []  # each story's first reports, read only as far as the candidates go
        for sid in self._candidates("grp_keys", "story_id", keys):
            if len(others) == NEIGHBOUR_CANDIDATES:
                break
            if sid != story:
                others += self.members(sid, NEIGHBOUR_CANDIDATES - len(others))
        story_of, outside, single = self._vectors(others)
        best, best_score = None, ISLAND_LINK
        for b in others:  # the report that closed the group, against each: a third of the work of all three
            if b in outside:
                s = model.score(vector, single[b])
                if s > best_score or (best is None and s == best_score):  # the first of equal scores
                    best, best_score = story_of[b], s
        if best is not None and (best_score >= GROUP_YEARS_LINK or not self._years_apart(self._profile(story), best)):
            self._join(story, best)

    def _dated(self, article_ids: list[str]) -> dict[str, bool]:
        """Whether each indexed article is dated: from the vectors `_nearest` has just decoded (kept in
        memory) when it can, else from the stored ones."""
        cache = self._decoded_cache
        out = {a: cache[a][1].anchor is not None for a in article_ids if a in cache}
        missing = [a for a in article_ids if a not in out]
        if missing:
            out.update((a, v.anchor is not None) for a, v in self._vectors(missing)[1].items())
        return out

    def _has_constraints(self) -> bool:
        return self.conn.execute("SELECT 1 FROM grp_constraints LIMIT 1").fetchone() is not None

    def _years_apart(self, profile: StoryProfile, other: str) -> bool:
        """Whether `profile`'s story and story `other` are a dated and an undated story whose years are
        apart: regroup's rule, for a link weaker than `grouping.GROUP_YEARS_LINK` between them."""
        return model.years_apart(*model.profile_years(profile), *model.profile_years(self._profile(other)))

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

    # --- from scratch --------------------------------------------------------------------------

    def regroup(self) -> dict[str, str]:
        """Recompute every story and thread from the stored features and corrections.

        Returns article id -> story id and replaces the index's stories and threads.
        """
        items = self.features()
        before = self.assignment()
        grouping = group(items, self.constraints())
        assignment = grouping.stories
        self.rebuild(items, assignment, links=grouping.links)
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
            "thread_splits": self._meta("thread_splits"),
            "regroup_agreement_b3_f1": self._meta("agreement_permille") / 1000 if measured else None,
            "regroup_agreement_articles": self._meta("agreement_articles") if measured else None,
            "corrections": count("SELECT count(*) FROM grp_constraints"),
        }

    def rebuild(self, items: list[tuple[str, StoryFeatures]], assignment: dict[str, str], *,
                links: dict[str, list[tuple[float, str]]] | None = None) -> None:
        """Replace stories and threads with a given assignment of the stored articles. `links`: the
        articles' links as `group` found them on the same articles (not worked out again)."""
        dfs = self._dfs(set().union(*(keys_for_df(f) for _, f in items)) if items else set())
        if links is not None and (dfs.n_docs != len(items) or dfs.df != DocFrequencies.of(f for _, f in items).df):
            links = None  # the stored counts are not those of these articles: the links are weighed anew
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
            part = thread_part(profile)
            thread_profiles.setdefault(threads[story], StoryProfile()).add(story, part)
            self.conn.execute(
                "INSERT INTO grp_stories (story_id, thread_id, size, seq, profile, thread_part) VALUES (?, ?, ?, ?, ?, ?)",
                (story, threads[story], profile.size, seq, profile.to_bytes(), part_bytes(part)))
            self.conn.executemany("INSERT INTO grp_keys (key, story_id, seq) VALUES (?, ?, ?)",
                                  [(k, story, seq) for k in keys[story]])
        for thread, profile in thread_profiles.items():
            self._write_thread(thread, profile, seq)
        self._file_links(items, dfs, links)
