"""How the story index keeps threads: each story's share of its thread's profile, placing a story
in the thread it reads as, and merging two threads that come to read as one (tables `grp_threads`,
`grp_thread_keys`). A thread is found through its keys, never by a scan.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from newsfuse.errors import NotFoundError
from newsfuse.stories import model
from newsfuse.stories.grouping import index_keys, thread_id_for
from newsfuse.stories.model import ArticleVector, StoryProfile, profile_vector
from newsfuse.stories.tables import IndexTables
from newsfuse.stories.thread_places import thread_score
from newsfuse.stories import threads
from newsfuse.stories.threads import known_places, nearest_story, part_profile, split_groups, thread_part, with_places

THREAD_MERGE_MARGIN = 1.75  # two threads merge this far above the join threshold (our coverage collection: its
# distractor topics sharing a country or a coast with a real one score 1.25-1.5; one topic told from two sides, 2+)


class ThreadPlacement(IndexTables):
    """Writing a story's profile and keeping its thread up to date."""

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
        part = thread_part(profile) if refresh else None
        if refresh:
            thread = self._place_in_thread(story, profile, thread, old_part, part, keys, seq)
        self.conn.execute(
            "INSERT INTO grp_stories (story_id, thread_id, size, seq, profile, thread_part) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(story_id) DO UPDATE SET thread_id = excluded.thread_id, size = excluded.size, "
            "seq = excluded.seq, profile = excluded.profile, thread_part = coalesce(excluded.thread_part, thread_part)",
            (story, thread, profile.size, seq, profile.to_bytes(), part_bytes(part) if part else None))
        self.conn.executemany(
            "INSERT INTO grp_keys (key, story_id, seq) VALUES (?, ?, ?) "
            "ON CONFLICT(key, story_id) DO UPDATE SET seq = excluded.seq", [(k, story, seq) for k in keys])

    def _place_in_thread(self, story: str, profile: StoryProfile, thread: str | None, old_part: bytes | None,
                         part: ArticleVector, keys: Sequence[str], seq: int) -> str:
        """Take the story's old share out of its thread, choose its thread again, put the new share in.

        The story stays in its thread unless another one scores higher (and above the join
        threshold) or its own thread (without it) scores below that threshold; a story that fits no
        thread starts its own. Its own thread and the candidates
        are compared on the same footing: a name that two of their stories tag as a place is a place
        for all of them (`threads.known_places`).
        """
        before = thread
        own = self._thread_profile(thread) if thread else StoryProfile()
        if old_part:
            own.add(story, part_from(old_part), sign=-1)
        vector = profile_vector(profile)
        lookup = list(dict.fromkeys([*keys, *index_keys(vector)]))
        decoded: dict[str, tuple[bytes, StoryProfile]] = {}  # the merge check below reads the same keys
        candidates = self._thread_candidates(lookup, thread, decoded)
        places = known_places([own.places, dict.fromkeys(vector.places, 1), *(p.places for _, p in candidates)])
        vector = with_places(vector, places)
        best, best_score = None, model.THREAD_JOIN_AT
        for other, other_profile in candidates:
            s = thread_score(vector, other_profile)
            if s >= best_score:
                best, best_score = other, s
        if thread is None:  # a new story follows the story it reads as nearest, as in `group_threads`
            best = self._nearest_thread(story, vector, lookup) or best
        own_score = thread_score(vector, own) if own.size > 0 else float("-inf")
        # a story its thread no longer reads as (its other stories score below the join threshold) leaves,
        # as from scratch it would be clustered apart: a story placed by its first report can read as
        # another topic's story, and not with its later reports (ECB+ topic 4's second story)
        leaves = own.size > 0 and own_score < model.THREAD_JOIN_AT
        if thread is None or leaves or (best is not None and best_score > max(own_score, model.THREAD_JOIN_AT)):
            if thread is not None:
                self._save_thread_profile(thread, own, seq)
            thread = best or thread_id_for(story)
            own = self._thread_profile(thread)
        own.add(story, part)
        self._write_thread(thread, own, seq, lookup)
        thread = self._merge_threads(thread, own, lookup, seq, decoded)
        if thread == before:  # a thread is checked when a story arrives, not at every refresh of its stories
            return thread
        return self._split_thread(thread, story, profile, part, seq)

    def _nearest_thread(self, story: str, vector: ArticleVector, keys: Sequence[str]) -> str | None:
        """The thread of the story that `story` reads as nearest (`threads.nearest_story`) among the
        stories its keys find (a bounded read), scored against their stored thread parts."""
        found = [s for s in self._candidates("grp_keys", "story_id", keys) if s != story]
        rows = {sid: (thread, blob) for sid, thread, blob in self._in(
            "SELECT story_id, thread_id, thread_part FROM grp_stories WHERE story_id IN ({})", found) if blob}
        near = nearest_story(vector, ((sid, StoryProfile.from_bytes(rows[sid][1])) for sid in found if sid in rows))
        return rows[near][0] if near else None

    def _split_thread(self, thread: str, story: str, profile: StoryProfile, part: ArticleVector, seq: int) -> str:
        """Split the thread into the groups of its stories that read as one topic (`threads.split_groups`);
        returns the thread `story` (being saved) ends in.

        Checked when a story arrives and the thread's number of stories becomes a power of two, up to
        `threads.SPLIT_MAX_STORIES`, once per size and thread (`grp_meta` "split_checked|<thread>"):
        pairs of stories are compared, so the work is bounded and O(1) per story on average. The group
        holding the thread's first story keeps the thread; each other group becomes a thread named after
        its first story, and its stories are reported for the store to sync. A thread holding a story a
        user corrected is never split.
        """
        if not threads.SPLIT:
            return thread
        # how many stories, read from the (thread_id) index and never past the bound: no profiles loaded
        n = 1 + self.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM grp_stories WHERE thread_id = ? AND story_id != ? LIMIT ?)",
            (thread, story, threads.SPLIT_MAX_STORIES)).fetchone()[0]
        checked = f"split_checked|{thread}"  # each size is checked once per thread (a split-off story may come back)
        if n < 2 or n > threads.SPLIT_MAX_STORIES or n & (n - 1) or n <= self._meta(checked) \
                or self._thread_corrected(thread):
            return thread
        self._set(checked, n)
        rows = self.conn.execute("SELECT story_id, profile, thread_part FROM grp_stories WHERE thread_id = ? "
                                 "AND story_id != ? ORDER BY story_id", (thread, story)).fetchall()
        profiles = {sid: StoryProfile.from_bytes(blob) for sid, blob, _ in rows}
        profiles[story] = profile
        parts = {sid: part_from(blob) if blob else thread_part(profiles[sid]) for sid, _, blob in rows}
        parts[story] = part
        founded = dict(self._in("SELECT story_id, min(seq) FROM grp_articles WHERE story_id IN ({}) GROUP BY story_id",
                                list(profiles)))
        order = sorted(profiles, key=lambda sid: (founded.get(sid, float("inf")), sid))
        own = self._thread_profile(thread)
        groups = split_groups(profiles, order, known_places([own.places]))
        ends_in = thread
        for group in groups[1:]:
            new = thread_id_for(group[0])
            if new == thread or self.conn.execute("SELECT 1 FROM grp_threads WHERE thread_id = ?", (new,)).fetchone():
                continue  # the name is taken (its founder left it for this thread): keep the group here
            moved = StoryProfile()
            for sid in group:
                moved.add(sid, parts[sid])
                own.add(sid, parts[sid], sign=-1)
            self._write_thread(new, moved, seq)
            self.conn.executemany("UPDATE grp_stories SET thread_id = ? WHERE story_id = ?", [(new, sid) for sid in group])
            self._revisited.update(dict.fromkeys(g for g in group if g != story))
            self._bump("thread_splits")
            if story in group:
                ends_in = new
        if ends_in != thread or len(groups) > 1:
            self._save_thread_profile(thread, own, seq)
        return ends_in

    def _merge_threads(self, thread: str, profile: StoryProfile, keys: Sequence[str], seq: int,
                       decoded: dict[str, tuple[bytes, StoryProfile]]) -> str:
        """Merge the thread that just grew with a neighbour it now reads as (returns the thread kept).

        Two threads started apart (the first reports named the topic differently) may come together
        as stories arrive. Only the candidates found through the grown thread's keys are compared, so
        the check is bounded; both threads must score each other above the join threshold by
        `THREAD_MERGE_MARGIN`, places counting as names (two threads of one topic share its dam, its town
        and its company; a shared town alone stays below the margin, see `THREAD_MERGE_MARGIN`). The
        smaller thread's stories move to the larger one. A thread holding a
        story a user corrected never merges: the user's grouping wins. `decoded` holds the profiles the
        placement read (`_thread_candidates`).
        """
        need = model.THREAD_JOIN_AT + THREAD_MERGE_MARGIN
        best, best_score, best_profile = None, need, None
        vector = without_places(profile_vector(profile))
        for other, other_profile in self._thread_candidates(keys, thread, decoded):
            s = model.thread_score(vector, other_profile)
            if s < best_score:  # the lower of the two scores counts: the other way round is not needed
                continue
            s = min(s, model.thread_score(without_places(profile_vector(other_profile)), profile))
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

    def move_to_thread(self, story: str, thread: str) -> None:
        """Move a story into a thread, its share of both threads' profiles with it (nothing if it is
        there already): the long-text windows keep every window of one text in its first story's thread."""
        row = self.conn.execute("SELECT thread_id, thread_part FROM grp_stories WHERE story_id = ?", (story,)).fetchone()
        if row is None or row[0] == thread:
            return
        old, blob = row
        seq = self._bump("seq")
        if blob:
            part = part_from(blob)
            left = self._thread_profile(old)
            left.add(story, part, sign=-1)
            self._save_thread_profile(old, left, seq)
            joined = self._thread_profile(thread)
            joined.add(story, part)
            self._write_thread(thread, joined, seq)
        self.conn.execute("UPDATE grp_stories SET thread_id = ? WHERE story_id = ?", (thread, story))

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
            profile.add(story, part_from(old_part), sign=-1)
        self._save_thread_profile(thread, profile, self._bump("seq"))

    def _thread_candidates(self, keys: Sequence[str], exclude: str | None,
                           decoded: dict[str, tuple[bytes, StoryProfile]]) -> list[tuple[str, StoryProfile]]:
        """The threads found through these keys (a bounded read, never a scan), with their profiles.

        `decoded` (thread -> stored bytes, profile) keeps what was read: a thread whose stored bytes
        are unchanged since is not decoded again (a placement and its merge check read the same keys,
        and a thread's keys change in between, so the candidates are looked up again). The profiles
        handed out are the ones kept: a caller changes one only after its last read.
        """
        candidates = [t for t in self._candidates("grp_thread_keys", "thread_id", keys) if t != exclude]
        out = []
        for thread, blob in self._in("SELECT thread_id, profile FROM grp_threads WHERE thread_id IN ({})", candidates):
            known = decoded.get(thread)
            profile = known[1] if known and known[0] == blob else StoryProfile.from_bytes(blob)
            decoded[thread] = blob, profile
            out.append((thread, profile))
        return out

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


def without_places(v: ArticleVector) -> ArticleVector:
    """A thread seen as one story whose names all count, places included (what merges compare)."""
    return dataclasses.replace(v, places=frozenset()) if v.places else v


def part_bytes(v: ArticleVector) -> bytes:
    return part_profile(v).to_bytes()


def part_from(blob: bytes) -> ArticleVector:
    p = StoryProfile.from_bytes(blob)
    return ArticleVector(p.terms, p.names, p.headline, frozenset(), frozenset(), next(iter(p.anchors), None),
                         places=frozenset(p.places))
