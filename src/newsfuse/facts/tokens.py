"""Token attributes of a spaCy Doc read once per Doc as arrays (`Doc.to_array`), so the extractors
ask "is there a verb in this sentence" or "which places does it name" without a Python loop over
its tokens each time. Cached in `doc.user_data`, like `syntax.sentences`."""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache


def _cached(doc, key: str, build):
    found = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = build()
    return found


def has_verb(doc, start: int, end: int) -> bool:
    """Whether tokens start..end-1 hold a VERB or an AUX (the same test as `t.pos_ in ("VERB", "AUX")`)."""
    verbs = _cached(doc, "newsfuse.verbs", lambda: _verb_marks(doc))
    return verbs.find(b"1", start, end) >= 0


def _verb_marks(doc) -> bytes:
    # one byte per token, b"1" for a verb: `bytes.find` over a sentence's slice is the whole test
    verbs = _verb_symbols()
    return bytes(49 if p in verbs else 48 for p in doc.to_array("POS").tolist())


@lru_cache(maxsize=1)
def _verb_symbols() -> frozenset[int]:
    # spaCy is imported on first use, so importing the facts package does not load it
    from spacy.symbols import AUX, VERB

    return frozenset((VERB, AUX))


def proper_nouns(doc, start: int, end: int) -> list[int]:
    """The indices of tokens start..end-1 tagged PROPN (the same test as `t.pos_ == "PROPN"`), in order."""
    found = _cached(doc, "newsfuse.propn", lambda: _propn_indices(doc))
    return found[bisect_left(found, start):bisect_left(found, end)]


def _propn_indices(doc) -> list[int]:
    from spacy.symbols import PROPN

    return [i for i, p in enumerate(doc.to_array("POS").tolist()) if p == PROPN]


def memo(doc, key: str) -> dict:
    """A per-Doc dictionary for results that depend only on the parse (keyed by the caller)."""
    return _cached(doc, "newsfuse." + key, dict)
