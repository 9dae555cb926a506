"""`newsfuse stories` and `newsfuse search` on an archive answer in well under a second: most of
what they cost was importing code they never run (spaCy through the facts records, the story and
entity indexes through the schema's migrations). They must keep not loading it."""

import json
import subprocess
import sys

from newsfuse.models import Article, Story, Thread
from newsfuse.store import Store
from newsfuse.store.latest import latest_version
from newsfuse.store.schema import MIGRATIONS

NOT_NEEDED = ["spacy", "newsfuse.facts", "newsfuse.store.schema", "newsfuse.stories", "newsfuse.timex"]
RUN = """
import json, sys
from newsfuse.cli.main import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m in NOT_NEEDED)))
"""


def _one_story(path):
    text = "Officials in Zvecan said the bridge would reopen on Monday after repairs."
    with Store(path) as store:
        store.add_articles([Article("a1", "a1.txt", text, title="Bridge to reopen", text=text, source="Koha",
                                    published="2023-10-02", story_id="s-bridge", content_hash="h1")])
        store.add_records([Story("s-bridge", "Bridge to reopen", ["a1"], "t-bridge", "2023-10-02", "2023-10-02")],
                          [Thread("t-bridge", "Bridge to reopen", [])])
        store.put_analysis("story", "s-bridge", "entities", [])
    return path


def _loaded(*args) -> tuple[list[str], str]:
    code = f"NOT_NEEDED = {NOT_NEEDED!r}\n" + RUN
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    *shown, last = done.stdout.rstrip("\n").split("\n")
    return json.loads(last), "\n".join(shown)


def test_listing_and_searching_load_no_extractor(tmp_path):
    db = str(_one_story(tmp_path / "one.db"))
    loaded, shown = _loaded("stories", "--db", db)
    assert "Bridge to reopen" in shown
    assert loaded == []
    loaded, shown = _loaded("search", "bridge", "--db", db)
    assert "Bridge to reopen" in shown
    assert loaded == []


def test_the_schema_version_is_known_without_importing_the_migrations():
    assert latest_version() == len(MIGRATIONS)
