"""A synthetic archive for the scale benchmark, recombined from real, already-analyzed articles.

Pure Python (no pyspark import). Synthetic article i draws sentences, with their mentions and time
expressions, from 2-3 source articles of one topic. Topics are dealt out round-robin; within a
topic, consecutive runs of as many articles as the topic has sources form one variant (one gold
story, key "topic/k"). Every word of 4 or more letters gets the variant's tag appended ("Obama"
-> "Obamaba" in variant 0), so variants of a topic share structure but no vocabulary.
`synthetic_article(i, ...)` depends only on i and the seed, so executors can generate disjoint
index ranges.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Mapping, Sequence

from newsfuse.models import Article, Mention, TimeExpression

# Sentence boundary: whitespace after . ! ? before a capital, or a run of newlines.
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[A-Z])|\n+")
_WORD = re.compile(r"[^\W\d_]{4,}")
# A tag is one head syllable then tail syllables; the two sets are disjoint and all syllables have
# two letters, so no tag is a suffix of another and "word+tag" never collides across variants.
_HEAD = [c + "a" for c in "bdgklmnprt"]
_TAIL = [c + v for v in "eiou" for c in "bdgkl"]


def variant_tag(k: int) -> str:
    """The pseudo-word appended to the long words of variant k (0 -> "ba", 10 -> "babe")."""
    syllables = [_HEAD[k % len(_HEAD)]]
    k //= len(_HEAD)
    while k:
        k -= 1
        syllables.append(_TAIL[k % len(_TAIL)])
        k //= len(_TAIL)
    return "".join(syllables)


def group_by_topic(sources: Sequence[Article], topic_of: Mapping[str, str]) -> dict[str, list[int]]:
    """Indices into `sources` by topic, sorted by topic and article id; skips untopiced or empty articles."""
    by_topic: dict[str, list[int]] = {}
    for index in sorted(range(len(sources)), key=lambda j: sources[j].id):
        article = sources[index]
        topic = topic_of.get(article.id)
        if topic is not None and article.text.strip():
            by_topic.setdefault(topic, []).append(index)
    return dict(sorted(by_topic.items()))


def sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the non-blank sentences of `text`, without surrounding whitespace."""
    spans = []
    start = 0
    for boundary in [*_BOUNDARY.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        piece = text[start:end]
        if piece.strip():
            spans.append((start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())))
        start = boundary.end() if boundary else len(text)
    return spans


def story_key(i: int, by_topic: Mapping[str, Sequence[int]]) -> tuple[str, int]:
    """The topic and variant of synthetic article i."""
    topics = list(by_topic)
    topic = topics[i % len(topics)]
    return topic, (i // len(topics)) // len(by_topic[topic])


def _tagged(text: str, tag: str) -> tuple[str, list[int]]:
    """`text` with `tag` after each long word, and the ends of those words in `text`."""
    ends = [m.end() for m in _WORD.finditer(text)]
    return _WORD.sub(lambda m: m.group() + tag, text), ends


def _moved(position: int, ends: list[int], shift: int) -> int:
    """Where `position` of a sentence lands after tagging: each tag before it shifts it by `shift`."""
    return position + shift * sum(end <= position for end in ends)


def synthetic_article(i: int, sources: Sequence[Article], by_topic: Mapping[str, Sequence[int]], seed: int = 0, *,
                      sentences_per_article: tuple[int, int] = (4, 10)) -> tuple[Article, str]:
    """The i-th synthetic article and its gold story key; `by_topic` as from `group_by_topic`."""
    rng = random.Random(f"{seed}:{i}")
    topic, k = story_key(i, by_topic)
    tag = variant_tag(k)
    members = by_topic[topic]
    chosen = [sources[j] for j in rng.sample(list(members), min(len(members), rng.randint(2, 3)))]
    pool = [(order, span) for order, article in enumerate(chosen) for span in sentences(article.text)]
    picked = sorted(rng.sample(pool, min(len(pool), rng.randint(*sentences_per_article))))
    parts: list[str] = []
    mention_spans: list[tuple[int, int, Mention]] = []
    time_spans: list[tuple[int, int, TimeExpression]] = []
    offset = 0
    for order, (start, end) in picked:
        source = chosen[order]
        piece, ends = _tagged(source.text[start:end], tag)
        base = offset + 1 if parts else 0  # sentences are joined by one space
        parts.append(piece)
        offset = base + len(piece)
        shift = len(tag)
        mention_spans += [(base + _moved(m.start - start, ends, shift), base + _moved(m.end - start, ends, shift), m)
                          for m in source.mentions if start <= m.start and m.end <= end]
        time_spans += [(base + _moved(t.start - start, ends, shift), base + _moved(t.end - start, ends, shift), t)
                       for t in source.times if start <= t.start and t.end <= end]
    text = " ".join(parts)
    article_id = f"syn-{i:07d}"
    first = chosen[picked[0][0]]
    outlet = f"outlet-{rng.randrange(50)}"
    article = Article(
        id=article_id, path=f"synthetic/{i}", raw=text, title=_tagged(first.title, tag)[0], text=text,
        source=first.source or outlet, published=first.published, language="en", inferred={}, removed=[],
        mentions=[Mention(article_id, s, e, text[s:e], m.label) for s, e, m in mention_spans],
        times=[TimeExpression(article_id, s, e, text[s:e], t.type, t.value) for s, e, t in time_spans],
    )
    return article, f"{topic}/{k}"


def recombine(sources: Sequence[Article], topic_of: Mapping[str, str], n: int, *, seed: int = 0,
              sentences_per_article: tuple[int, int] = (4, 10)) -> Iterator[tuple[Article, str]]:
    """Yield n synthetic (article, gold story key) pairs, deterministically for a seed.

    Raises ValueError at the call, not at the first item, when no source has both text and a topic.
    """
    if not sources:
        raise ValueError("recombine needs at least one source article")
    by_topic = group_by_topic(sources, topic_of)
    if not by_topic:
        raise ValueError("no source article has both text and a topic")
    return (synthetic_article(i, sources, by_topic, seed, sentences_per_article=sentences_per_article)
            for i in range(n))
