"""Copies below the near-duplicate threshold: an article that lifts long passages from an earlier
one (a paragraph of a wire under its own lead, a rewritten lead over the same body).

Word 8-shingles, of which only those whose hash falls in one of SAMPLE buckets are kept (a fixed
sample, so two texts keep the same shingles of a shared passage); an inverted index maps each kept
shingle to the articles holding it. Adding an article reads only its own shingles' postings, so
the cost per article does not grow with the store (postings of boilerplate are capped at
MAX_POSTINGS). `derived_from` is [(earlier article id, share of this article's sampled shingles)].
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict

from newsfuse.text.memo import per_text

SHINGLE = 8
SAMPLE = 2  # keep one shingle in two (by hash)
MIN_SHARE = 0.15  # a lifted passage of at least a seventh of the article
MIN_SHARED = 4  # and at least this many sampled shingles (some 15 running words)
MAX_POSTINGS = 200  # a shingle found in more articles than this is boilerplate, not a passage
_WORD = re.compile(r"\w+")


# The store run signs an article at dedup and indexes it when its chunk is stored, so about two chunks
# of input (`pipeline.run`: 256 articles, 2,000,000 characters) are worth remembering. Bounded by
# characters as well as texts: a memory of 512 texts held every 200,000-character part of a long input
# with its shingles, about 1.8 MB a part, for the whole run (18 MB more resident after each chunk of a
# 50 MiB text).
CACHE_TEXTS = 512
CACHE_CHARS = 4_000_000


@per_text(maxsize=CACHE_TEXTS, max_chars=CACHE_CHARS, held_chars=CACHE_CHARS, immutable=True)
def shingles(text: str) -> frozenset[int]:
    """The sampled word 8-shingles of `text`, as 56-bit hashes."""
    words = _WORD.findall(text.casefold())
    kept = set()
    for i in range(max(0, len(words) - SHINGLE + 1)):
        digest = hashlib.blake2b(" ".join(words[i:i + SHINGLE]).encode(), digest_size=7).digest()  # fits SQLite
        value = int.from_bytes(digest, "little")
        if value % SAMPLE == 0:
            kept.add(value)
    return frozenset(kept)


def copied_from(own: set[int], holders: dict[int, list[str]], skip: set[str] = frozenset()) -> list[tuple[str, float]]:
    """The earlier articles covering a share of `own` (each shingle credited to its earliest holder
    in `holders`, shingle -> article ids in the order they were added), largest share first."""
    shared: Counter[str] = Counter()
    for value in own:
        found = holders.get(value, ())
        if len(found) >= MAX_POSTINGS:
            continue  # boilerplate
        earlier = [h for h in found if h not in skip]
        if earlier:
            shared[earlier[0]] += 1
    if not own:
        return []
    found = [(other, round(count / len(own), 3)) for other, count in shared.items()
             if count >= MIN_SHARED and count / len(own) >= MIN_SHARE]
    return sorted(found, key=lambda f: (-f[1], f[0]))


class CopyIndex:
    """Shingle -> articles that hold it, in the order they were added."""

    def __init__(self) -> None:
        self.postings: dict[int, list[str]] = defaultdict(list)

    def add(self, article_id: str, text: str, *, skip: set[str] = frozenset()) -> list[tuple[str, float]]:
        """Index the article; return the earlier articles it copies from (those in `skip`, e.g. the
        original it is a near-duplicate of, left out), largest share first."""
        own = shingles(text)
        shared: Counter[str] = Counter()
        for value in own:
            # a passage is credited to the earliest article holding it: a copy of a copy leads
            # back to the original, not to every site that printed it
            holders = [h for h in self.postings.get(value, ()) if h != article_id and h not in skip]
            if holders and len(self.postings[value]) < MAX_POSTINGS:
                shared[holders[0]] += 1
        for value in own:
            holders = self.postings[value]
            if len(holders) < MAX_POSTINGS and (not holders or holders[-1] != article_id):
                holders.append(article_id)
        if not own:
            return []
        found = [(other, round(count / len(own), 3)) for other, count in shared.items()
                 if count >= MIN_SHARED and count / len(own) >= MIN_SHARE]
        return sorted(found, key=lambda f: (-f[1], f[0]))
