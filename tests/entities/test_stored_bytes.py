"""What the entity index stores is the same, byte for byte, whatever the hash seed: the outlets writing a
spelling were kept in the order of a set of article ids, so the stored JSON differed from run to run."""

from __future__ import annotations

import json
import os
import subprocess
import sys

_BUILD = """
import json, sqlite3
from newsfuse.entities.index import SCHEMA, EntityIndex, link_story
from newsfuse.models import Entity, Mention
conn = sqlite3.connect(":memory:")
for statement in SCHEMA:
    conn.execute(statement)
index = EntityIndex(conn)
outlets = {f"a{i}": f"Outlet {i % 5}" for i in range(12)}
for story in ("s1", "s2"):
    mentions = [Mention(f"a{i}", 0, 12, "Jens Stoltenberg", "PERSON") for i in range(12)]
    mentions += [Mention(f"a{i}", 40, 51, "Stoltenberg", "PERSON") for i in range(0, 12, 3)]
    person = Entity(id="e-js", name="Jens Stoltenberg", type="person", aliases=["Stoltenberg"], mentions=mentions)
    link_story(index, story, [person], outlets)
print(json.dumps([conn.execute("SELECT id, profile FROM ent_entities ORDER BY id").fetchall(),
                  conn.execute("SELECT story_id, contribution FROM ent_links ORDER BY story_id, local_id").fetchall()]))
"""


def _stored(seed: str) -> list:
    done = subprocess.run([sys.executable, "-c", _BUILD], env={**os.environ, "PYTHONHASHSEED": seed},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_stored_profiles_and_contributions_are_the_same_bytes_whatever_the_hash_seed():
    first = _stored("1")
    profile = json.loads(first[0][0][1])
    assert len(profile["outlets"]["Jens Stoltenberg"]) == 5  # five outlets write the full name
    assert list(profile["outlets"]["Jens Stoltenberg"]) == sorted(profile["outlets"]["Jens Stoltenberg"])
    for seed in ("2", "3", "4"):
        assert _stored(seed) == first
