"""Exact and near-duplicate articles, linked to their original instead of dropped.

Exact: the same cleaned text (case and spacing ignored). Near: MinHash over word 5-shingles with
LSH banding (16 bands of 4 rows), confirmed when the estimated Jaccard similarity is ≥ 0.8. Band
hashes live in the store, so a lookup reads a few index entries instead of scanning every article.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from datasketch import MinHash

from .models import Batch

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


@dataclass
class DedupStage:
    """Sets `content_hash` and, for copies, `duplicate_of`; records band keys for the store."""

    store: object  # newsfuse.store.Store; injected so tests can use an in-memory one
    name: str = "dedup"
    requires: tuple[str, ...] = ("article.text",)
    assigns: tuple[str, ...] = ("article.content_hash", "article.duplicate_of")
    bands: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def __call__(self, batch: Batch) -> Batch:
        seen_hash: dict[str, str] = {}
        batch_bands: dict[tuple[int, str], list[str]] = {}
        texts = {a.id: a.text for a in batch.articles}
        signatures: dict[str, MinHash] = {}
        for article in batch.articles:
            article.content_hash = content_hash(article.text)
            original = seen_hash.get(article.content_hash) or self.store.original_with_hash(article.content_hash)
            signature = minhash(article.text)
            keys = band_keys(signature)
            if original is None:
                original = self._near(signature, keys, batch_bands, texts, signatures)
            if original is not None and original != article.id:
                article.duplicate_of = original
                continue
            seen_hash[article.content_hash] = article.id
            signatures[article.id] = signature
            self.bands[article.id] = keys
            for key in keys:
                batch_bands.setdefault(key, []).append(article.id)
        return batch

    def _near(self, signature, keys, batch_bands, texts, signatures) -> str | None:
        candidates: list[str] = []
        for key in keys:
            candidates.extend(batch_bands.get(key, ()))
            candidates.extend(r[0] for r in self.store.conn.execute(
                "SELECT article_id FROM dup_bands WHERE band = ? AND hash = ?", key))
        for candidate in dict.fromkeys(candidates):
            other = signatures.get(candidate)
            if other is None:
                text = texts.get(candidate)
                if text is None:
                    row = self.store.conn.execute("SELECT text FROM articles WHERE id = ?", (candidate,)).fetchone()
                    text = row[0] if row else ""
                other = minhash(text)
            if signature.jaccard(other) >= NEAR_THRESHOLD:
                return candidate
        return None

    def save(self, conn, article_ids) -> None:
        """Write the band keys of the given (newly stored, original) articles."""
        conn.executemany("INSERT INTO dup_bands VALUES (?, ?, ?)",
                         [(band, key, article_id) for article_id in article_ids
                          for band, key in self.bands.get(article_id, ())])

