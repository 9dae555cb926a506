"""A story's timeline is the same in every run: the similarity that picks an entry's sentence
does not follow the order Python happens to iterate a set of words in (PYTHONHASHSEED)."""

import os
import subprocess
import sys

SCRIPT = """
import math
from newsfuse.timex.timeline import _similarity
words = [f"word{i}" for i in range(60)]
weights = {w: math.log(61 / (1 + i % 7)) + 0.1 for i, w in enumerate(words)}
a, b = frozenset(words[:50]), frozenset(words[5:])
print(repr(_similarity(a, b, weights)))
"""


def _similarity_under(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_similarity_is_the_same_under_every_hash_seed():
    values = {_similarity_under(seed) for seed in ("0", "1", "2", "3", "4", "5")}
    assert len(values) == 1, values
