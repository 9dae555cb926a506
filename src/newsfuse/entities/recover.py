"""Find the occurrences of known names that spaCy did not tag, typos included.

spaCy's small model tags a name in one sentence and misses it in the next, or misses a misspelt
form ("Stoletenberg" in a headline). Names tagged anywhere in the same scope are searched for in
every article's text as capitalized word runs; a run that is exactly a known name, or one typo
away from a known long single-word name (7 letters or more), becomes a mention with the label
spaCy gives that name most often.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsfuse.models import Mention
from newsfuse.entities.normalize import fold
from newsfuse.entities.similarity import edit_close

_CAPITALIZED = re.compile(r"(?<![\w’'\-])(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'\-]*\w|[A-Z])(?![\w’'])")
_MAX_WORDS = 4
_TYPO_MIN = 7
# Capitalized words that open sentences or headlines far more often than they name anything.
_COMMON = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "you", "in", "on", "at",
    "for", "and", "but", "or", "if", "when", "while", "after", "before", "as", "by", "with", "from", "to", "of",
    "his", "her", "their", "our", "its", "there", "here", "what", "who", "how", "why", "where", "mr", "mrs", "ms",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "also", "not",
})


@dataclass(slots=True)
class KnownNames:
    """Folded names seen as mentions in one scope, with the spaCy labels they were given."""

    labels: dict[str, Counter] = field(default_factory=dict)
    _typo_index: dict[str, set[str]] = field(default_factory=dict)

    def add(self, key: str, label: str, weight: int = 1) -> None:
        if not key or key in _COMMON:
            return
        counter = self.labels.setdefault(key, Counter())
        if not counter and " " not in key and len(key) >= _TYPO_MIN:
            for variant in _deletions(key):
                self._typo_index.setdefault(variant, set()).add(key)
        counter[label] += weight

    def find(self, key: str) -> str | None:
        """The known name a folded run is, exactly or by one typo."""
        if key in self.labels:
            return key
        if " " in key or len(key) < _TYPO_MIN:
            return None
        candidates = {k for variant in _deletions(key) for k in self._typo_index.get(variant, ())}
        close = [k for k in candidates if edit_close(k, key)]
        return close[0] if len(close) == 1 else None

    def label(self, key: str) -> str:
        return self.labels[key].most_common(1)[0][0]


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def recover(article_id: str, text: str, known: KnownNames, taken: Iterable[tuple[int, int]]) -> list[Mention]:
    """Mentions of known names in `text` outside the spans already `taken`."""
    covered = sorted(taken)
    starts = [s for s, _ in covered]
    words = [(m.start(), m.end()) for m in _CAPITALIZED.finditer(text)]
    found: list[Mention] = []
    # A name is a whole run of capitalized words one space apart (a run continuing with another capitalized
    # word is part of a longer name), of at most _MAX_WORDS words.
    first = 0
    while first < len(words):
        stop = first + 1
        while stop < len(words) and text[words[stop - 1][1]:words[stop][0]] == " ":
            stop += 1
        start, end = words[first][0], words[stop - 1][1]
        if stop - first <= _MAX_WORDS and not _overlaps(covered, starts, start, end):
            key = known.find(fold(text[start:end]))
            if key is not None:
                found.append(Mention(article_id, start, end, text[start:end], known.label(key)))
        first = stop
    return found


def _overlaps(covered: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps a covered span (spans sorted by start, not nested)."""
    index = bisect_left(starts, end) - 1
    return any(covered[j][1] > start for j in range(max(0, index - 2), index + 1))
