"""Migration 9 upgrades a store whose story index has no per-article links (the release fixture of
test_upgrade.py): its first assignment computes every stored report's keys and links once, and a new
report is then linked to the stored reports as if they had been filed with links."""

from newsfuse.pipeline.grouping import story_index
from newsfuse.stories.features import StoryFeatures
from newsfuse.stories.grouping import regroup
from newsfuse.store import Store


def test_an_upgraded_store_links_a_new_report_to_the_stored_ones(release_store):
    path = release_store("release-9c3d4de-demo.sqlite")
    with Store(path) as store:
        conn = store.conn
        assert conn.execute("SELECT value FROM grp_meta WHERE key = 'links_backfill'").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM grp_links").fetchone()[0] == 0
        index = story_index(store)
        stored = index.features()
        regrouped = regroup(stored, index.constraints())  # what a fresh grouping of the old store gives
        title = {a: store.article(a).title for a, _ in stored}
        original = next(a for a, _ in stored if "Banjska ambush" in title[a])
        old_story = set(index.members(index.story_of(original)))
        features = dict(stored)[original]
        published = conn.execute("SELECT published FROM articles WHERE id = ?", (original,)).fetchone()[0]
        with store.atomic():
            story = index.assign("a-later-report", StoryFeatures.from_bytes(features.to_bytes()), published=published)
        assert story == index.story_of(original)
        assert conn.execute("SELECT 1 FROM grp_meta WHERE key = 'links_backfill'").fetchone() is None
        linked = {r[0] for r in conn.execute("SELECT article_id FROM grp_links")}
        assert original in linked and "a-later-report" in linked
        assert conn.execute("SELECT count(*) FROM grp_vectors").fetchone()[0] == len(stored) + 1
        # the new report's story is the one a fresh grouping gives its original (the old release had
        # filed the Banjska attack and the reinforcements a week later as one story: they are two now)
        assert set(index.members(story)) == {a for a in regrouped if regrouped[a] == regrouped[original]} | {"a-later-report"}
        reinforcements = {a for a in old_story if "NATO" in title[a]}
        assert reinforcements and not reinforcements & set(index.members(story))
