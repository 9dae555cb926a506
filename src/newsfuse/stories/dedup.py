"""Exact and near-duplicate articles, linked to their original instead of dropped.

Exact: the same cleaned text (case and spacing ignored). Near: MinHash over word 5-shingles with
LSH banding (16 bands of 4 rows), confirmed when the estimated Jaccard similarity is ≥ 0.8. Band
hashes live in the store, so a lookup reads a few index entries instead of scanning every article.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from datasketch import MinHash


NUM_PERM, BANDS = 64, 16
ROWS = NUM_PERM // BANDS
NEAR_THRESHOLD = 0.8
_WORD = re.compile(r"\w+")
# A new MinHash draws its permutations from its seed (a random generator per signature, most of the
# cost of a short text's signature); every signature here has the same ones, so each starts as a copy.
_EMPTY = MinHash(num_perm=NUM_PERM, seed=7)


@lru_cache(maxsize=4)  # an article is hashed and signed one after the other: its words are found once
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def content_hash(text: str) -> str:
    normalized = " ".join(_words(text))
    return hashlib.sha256(normalized.encode()).hexdigest()[:32]


def minhash(text: str) -> MinHash:
    words = _words(text)
    shingles = {" ".join(words[i:i + 5]) for i in range(max(1, len(words) - 4))}
    signature = _EMPTY.copy()
    signature.update_batch(s.encode() for s in shingles)
    return signature


def band_keys(signature: MinHash) -> list[tuple[int, str]]:
    values = signature.hashvalues
    return [(b, hashlib.blake2b(values[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).hexdigest())
            for b in range(BANDS)]
