"""Users' corrections of the story index: `merge`, `split` and `move` change it at once and are kept
as constraints (`grp_constraints`) that later assignments and `regroup` honour; `restore` puts a
correction's log back (undo, redo).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from newsfuse.errors import NotFoundError
from newsfuse.stories.features import StoryFeatures
from newsfuse.stories.grouping import Constraints, index_keys, story_id_for
from newsfuse.stories.model import ArticleVector, keys_for_df
from newsfuse.stories.tables import IndexTables


class Corrections(IndexTables):
    """The user's corrections, and moving articles between stories."""

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

    def _record(self, constraints: Constraints) -> None:
        seq = self._bump("seq")
        rows = [(a, b, "must", seq) for a, b in constraints.must_link if a != b]
        rows += [(a, b, "cannot", seq) for a, b in constraints.cannot_link if a != b]
        # A new correction overrides an older one about the same pair.
        self.conn.executemany("DELETE FROM grp_constraints WHERE (a = ? AND b = ?) OR (a = ? AND b = ?)",
                              [(a, b, b, a) for a, b, _, _ in rows])
        self.conn.executemany("INSERT OR REPLACE INTO grp_constraints (a, b, kind, seq) VALUES (?, ?, ?, ?)", rows)

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
