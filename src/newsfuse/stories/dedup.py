"""Exact and near-duplicate articles, linked to their original instead of dropped.

Exact: the same cleaned text (case and spacing ignored). Near: MinHash over word 5-shingles with
LSH banding (16 bands of 4 rows), confirmed when the estimated Jaccard similarity is ≥ 0.8. Band
hashes live in the store, so a lookup reads a few index entries instead of scanning every article.
"""

from __future__ import annotations

import hashlib
import re


from datasketch import MinHash


NUM_PERM, BANDS = 64, 16
ROWS = NUM_PERM // BANDS
NEAR_THRESHOLD = 0.8
_WORD = re.compile(r"\w+")


def content_hash(text: str) -> str:
    normalized = " ".join(_WORD.findall(text.lower()))
    return hashlib.sha256(normalized.encode()).hexdigest()[:32]


def minhash(text: str) -> MinHash:
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i:i + 5]) for i in range(max(1, len(words) - 4))}
    signature = MinHash(num_perm=NUM_PERM, seed=7)
    signature.update_batch(s.encode() for s in shingles)
    return signature


def band_keys(signature: MinHash) -> list[tuple[int, str]]:
    values = signature.hashvalues
    return [(b, hashlib.blake2b(values[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).hexdigest())
            for b in range(BANDS)]
