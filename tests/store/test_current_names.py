"""A story stores the names its entities had when it was analysed; a later story can make the
store-wide index rename one (more outlets writing "Zvečan" than the "Zvecan" of the first report).
Every reader shows the index's name now, and the old one stays a spelling."""

from __future__ import annotations

import shutil

import pytest

import newsfuse
from newsfuse.store import Store
from newsfuse.store.results import entities_result, story_result

pytestmark = pytest.mark.filterwarnings("ignore:Using .httpx. with .starlette.testclient.:Warning")


@pytest.fixture
def renamed(demo_store, tmp_path):
    """The demo store where the index has since renamed the most mentioned place of a story."""
    db = tmp_path / "demo.db"
    shutil.copy(demo_store, db)
    with Store(db) as store:
        # the story with the most mentioned place (story ids follow where the corpus lies: pick by content)
        places = [(len(e.mentions), e.id, story_id, e)
                  for (story_id,) in store.conn.execute("SELECT id FROM stories ORDER BY id")
                  for e in entities_result(store, story_id) if e.type == "place" and e.id]
        _, _, story_id, place = max(places, key=lambda p: p[:3])
        with store.transaction() as conn:  # as the index's _settle does after a later story
            conn.execute("UPDATE ent_entities SET name = ? WHERE id = ?", ("Renamed Place", place.id))
    return db, story_id, place


def test_story_readers_show_the_index_name_now(renamed):
    db, story_id, place = renamed
    with Store(db) as store:
        for entities in (entities_result(store, story_id), story_result(store, story_id).entities):
            now = next(e for e in entities if e.id == place.id)
            assert now.name == "Renamed Place" and place.name in now.aliases
    with Store(db) as store:  # the Python API
        assert next(e for e in newsfuse.entities(store, story_id) if e.id == place.id).name == "Renamed Place"


def test_the_story_page_shows_the_index_name_now(renamed):
    from fastapi.testclient import TestClient

    from newsfuse.web import create_app

    db, story_id, place = renamed
    client = TestClient(create_app(db, cache_mb=0), base_url="http://127.0.0.1")
    page = client.get(f"/story/{story_id}")
    assert page.status_code == 200 and "Renamed Place" in page.text
    listed = client.get(f"/api/stories/{story_id}/entities").json()
    assert "Renamed Place" in str(listed)
    with Store(db) as store:
        thread_id = store.story(story_id).thread_id
    assert "Renamed Place" in client.get(f"/thread/{thread_id}").text
