"""Grouping must not depend on Python's string hashing: the same articles, grouped in two processes
with different PYTHONHASHSEED values, give the same stories and threads (incremental and from
scratch)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Synthetic news (stories of 1-12 reports over Zipf-like vocabularies) plus near-ties on purpose:
# one-article stories kept apart by users' corrections, all equally close to a later report, more of
# them than the candidates scored: which one the report joins must not be left to set order.
SCRIPT = r"""
import json, sqlite3, sys
from newsfuse.eval.stories import SyntheticNews
from newsfuse.stories.features import StoryFeatures
from newsfuse.stories.grouping import Constraints, group
from newsfuse.stories.index import SCHEMA, StoryIndex
from newsfuse.stories.threads import group_threads

items = list(SyntheticNews(seed=3, vocabulary=4000, names=4000).articles(400))
for i in range(14):
    items.append((f"tie{i}", StoryFeatures(terms={"quake": 2.0, "rubble": 2.0, f"town{i}": 2.0},
                                          names={"ravel": 2.0, f"mayor{i}": 2.0}, dates={},
                                          anchor="2023-01-0" + str(1 + i % 3), title=f"quake rubble town{i}")))
items.append(("probe", StoryFeatures(terms={"quake": 2.0, "rubble": 2.0}, names={"ravel": 2.0}, dates={},
                                     anchor="2023-01-02", title="quake rubble")))
# one flood reported 30 times with many figures, days and places: a story profile counts members of
# sets (whose order follows hashing) and keeps the 100 most frequent figures
for i in range(30):
    items.append((f"flood{i}", StoryFeatures(
        terms={"flood": 2.0, "levee": 2.0, **{f"#{100 + 3 * i + k}": 1.0 for k in range(40)}},
        names={"delta": 2.0, "mayor": 1.0, f"town{i}": 1.0}, places=["delta", f"town{i}"],
        dates={f"2023-02-{1 + k:02d}": 1.0 for k in range(1 + i % 5)}, anchor=f"2023-02-0{1 + i % 5}",
        title="flood levee")))
ties = [f"tie{i}" for i in range(14)]
apart = Constraints(cannot_link=[(a, b) for a in ties for b in ties if a < b])
grouping = group(items, apart)
conn = sqlite3.connect(":memory:")
for ddl in SCHEMA:
    conn.execute(ddl)
index = StoryIndex(conn)
for article_id, features in items:
    index.assign(article_id, features, constraints=apart)
import hashlib
stored = hashlib.sha256()
for table, column in (("grp_stories", "profile"), ("grp_threads", "profile"), ("grp_vectors", "vector")):
    for (blob,) in conn.execute(f"SELECT {column} FROM {table} ORDER BY 1"):
        stored.update(blob)
json.dump({"stored": stored.hexdigest(), "regroup": grouping.stories, "threads": group_threads(grouping.profiles),
           "incremental": index.assignment(), "incremental_threads": index.threads()}, sys.stdout, sort_keys=True)
"""


def _grouped_under(seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    return json.loads(done.stdout)


def test_grouping_is_the_same_under_two_hash_seeds():
    first, second = _grouped_under("1"), _grouped_under("2")
    assert len(set(first["regroup"].values())) > 20  # many stories: the comparison has something to compare
    for part in ("regroup", "threads", "incremental", "incremental_threads", "stored"):
        assert first[part] == second[part], f"{part} differs between PYTHONHASHSEED=1 and 2"
