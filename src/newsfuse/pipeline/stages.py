"""The stage lists, defined once for the store run and the Spark job, and the article-scope stages.

`article_stages` (clean, language, metadata, dedup, times, nlp) run over a batch of new articles;
`story_stages` (reanchor, entities, timeline, facts) over one story, `thread_stages`
(thread-facts) over one thread. Each stage wraps a domain function; the domain packages know
nothing of stages. What differs between the two runs is passed in: the duplicate index, the
gazetteer and corrections, the NLP consumers. docs/pipeline.md describes the contract.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import ClassVar, Protocol

import numpy as np
from datasketch import MinHash

from newsfuse.entities import Gazetteer
from newsfuse.entities.corrections import Corrections
from newsfuse.errors import ConfigError
from newsfuse.ingest import RawRecord
from newsfuse.ingest.extract import article_from_record
from newsfuse.models import Article, Batch, Rejection
from newsfuse.nlp import mentions_from_doc, segments
from newsfuse.pipeline.analysis import EntitiesStage, FactsStage, ReanchorStage, ThreadFactsStage, TimelineStage
from newsfuse.pipeline.contract import INGESTED, ArticleStage, Pipeline, failure_reason
from newsfuse.stories.copies import copied_from, shingles
from newsfuse.stories.dedup import NEAR_THRESHOLD, band_keys, content_hash, minhash
from newsfuse.text.clean import clean_text
from newsfuse.text.language import detect_language
from newsfuse.text.metadata import infer_credits, infer_published, infer_publisher, infer_source
from newsfuse.timex.anchor import anchor_articles, apply_anchor
from newsfuse.timex.tagger import TimeTagger


class CleanStage(ArticleStage):
    """Removes boilerplate from the raw text, keeping every removed piece with its reason."""

    name = "clean"
    requires = ("article.raw",)
    assigns = ("article.text", "article.title", "article.removed")

    def process(self, article: Article) -> Article | str:
        cleaned = clean_text(article.raw, article.title or None)
        if not cleaned.text.strip():
            return "empty after cleaning" if article.raw.strip() else "empty file"
        article.text = cleaned.text
        article.removed = list(cleaned.removed)
        if not article.title:
            article.title = cleaned.title or cleaned.text.split("\n", 1)[0][:120]
        return article


class LanguageStage(ArticleStage):
    """Detects the language of the cleaned text unless the input stated it."""

    name = "language"
    requires = ("article.text",)
    assigns = ("article.language",)

    def process(self, article: Article) -> Article:
        if not article.language:
            article.language = detect_language(article.text)
            if article.language:
                article.inferred["language"] = "detected (lingua)"
        return article


class MetadataStage(ArticleStage):
    """Infers publication date and outlet from the raw text when the input did not give them."""

    name = "metadata"
    requires = ("article.raw", "article.title")
    assigns = ("article.published", "article.source", "article.publisher", "article.credits")

    def process(self, article: Article) -> Article:
        if article.publisher is None:  # the input's own source (JSON, og:site_name, feed title), the URL, a masthead
            found = infer_publisher(article.raw, article.url, article.source)
            if found:
                article.publisher = found.value
                if found.how != "input":
                    article.inferred["publisher"] = found.how
        if not article.credits:
            article.credits = [c.value for c in infer_credits(article.raw)]
        if not article.published:
            found = infer_published(article.raw, article.title)
            if found:
                article.published, article.inferred["published"] = found.value, found.how
        if not article.source:  # the publisher when known, else the credit
            found = infer_source(article.raw)
            if article.publisher:
                article.source, article.inferred["source"] = article.publisher, article.inferred["publisher"]
            elif found:
                article.source, article.inferred["source"] = found.value, found.how
            elif article.credits:
                article.source, article.inferred["source"] = article.credits[0], "credit"
        return article


class DuplicateIndex(Protocol):
    """Earlier articles, to find the original of a copy (the store's, in the store run)."""

    def original_with_hash(self, content_hash: str) -> str | None: ...

    def near_candidates(self, key: tuple[int, str]) -> Iterable[str]: ...

    def minhash_of(self, article_id: str) -> bytes: ...


class DedupStage:
    """Sets `content_hash`, the MinHash signature and its band keys and, for copies, `duplicate_of`.

    Copies are looked up in this batch and in the duplicate index. Without an index (the Spark
    job) the stage only signs the articles: the job links copies itself over the same band keys.
    """

    name: ClassVar[str] = "dedup"
    scope: ClassVar[str] = "batch"
    requires: ClassVar[tuple[str, ...]] = ("article.text",)
    assigns: ClassVar[tuple[str, ...]] = ("article.content_hash", "article.minhash", "article.bands",
                                          "article.duplicate_of", "article.derived_from")

    def __init__(self, duplicates: DuplicateIndex | None) -> None:
        self.duplicates = duplicates

    def __call__(self, batch: Batch) -> Batch:
        seen_hash: dict[str, str] = {}
        batch_bands: dict[tuple[int, str], list[str]] = {}
        signatures: dict[str, bytes] = {}
        batch_shingles: dict[int, list[str]] = {}  # the copy index of this batch (stories/copies.py)
        for article in batch.articles:
            sign(article)
            if self.duplicates is None:
                continue
            original = seen_hash.get(article.content_hash) or self.duplicates.original_with_hash(article.content_hash)
            if original is None:
                original = self._near(article, batch_bands, signatures)
            if original is not None and original != article.id:
                article.duplicate_of = original
                continue
            seen_hash[article.content_hash] = article.id
            self._copies(article, batch_shingles)
            signatures[article.id] = article.minhash
            for key in article.bands:
                batch_bands.setdefault(key, []).append(article.id)
        return batch

    def _copies(self, article: Article, batch_shingles: dict[int, list[str]]) -> None:
        """`derived_from`: earlier articles (stored, then this batch's) it lifts long passages from."""
        lookup = getattr(self.duplicates, "copy_holders", None)
        if lookup is None:
            return
        own = shingles(article.text)
        holders = lookup(own)
        held_in_batch = batch_shingles.get  # one look-up per shingle (the loop runs over every one)
        for value in own:
            held = held_in_batch(value)
            if held is None:
                batch_shingles[value] = [article.id]
            else:
                holders.setdefault(value, []).extend(held)
                held.append(article.id)
        article.derived_from = copied_from(own, holders, {article.id})

    def _near(self, article: Article, batch_bands, signatures: dict[str, bytes]) -> str | None:
        candidates: list[str] = []
        many = getattr(self.duplicates, "near_candidates_of", None)  # one look-up for every band key
        stored = many(article.bands) if many is not None else None
        for key in article.bands:
            candidates.extend(batch_bands.get(key, ()))
            candidates.extend(stored.get(key, ()) if stored is not None else self.duplicates.near_candidates(key))
        for candidate in dict.fromkeys(candidates):
            other = signatures.get(candidate) or self.duplicates.minhash_of(candidate)
            if jaccard(article.minhash, other) >= NEAR_THRESHOLD:
                return candidate
        return None


def sign(article: Article) -> Article:
    """Set the article's content hash, MinHash signature and band keys."""
    article.content_hash = content_hash(article.text)
    signature = minhash(article.text)
    article.minhash = signature_bytes(signature)
    article.bands = band_keys(signature)
    return article


def signature_bytes(signature: MinHash) -> bytes:
    return bytes(signature.hashvalues.astype("<u8").tobytes())


def jaccard(a: bytes, b: bytes) -> float:
    """MinHash Jaccard estimate of two signatures, as `datasketch.MinHash.jaccard`."""
    x, y = np.frombuffer(a, dtype="<u8"), np.frombuffer(b, dtype="<u8")
    return float(np.count_nonzero(x == y)) / len(x) if len(x) == len(y) and len(x) else 0.0


class TimexStage:
    """Tags time expressions from each article's anchor (and infers `published` when missing)."""

    name: ClassVar[str] = "times"
    scope: ClassVar[str] = "batch"
    requires: ClassVar[tuple[str, ...]] = ("article.text",)
    assigns: ClassVar[tuple[str, ...]] = ("article.times", "article.published")

    def __init__(self, tagger: TimeTagger | None = None) -> None:
        self.tagger = tagger or TimeTagger()

    def __call__(self, batch: Batch) -> Batch:
        stories: dict[str, list[Article]] = {}
        for article in batch.articles:
            stories.setdefault(article.story_id or f"article:{article.id}", []).append(article)
        for articles in stories.values():
            anchors = anchor_articles(articles)
            for article in articles:
                apply_anchor(article, anchors[article.id])
                article.times = self.tagger.tag(article.text, anchors[article.id].date, article_id=article.id)
        return batch


class NlpStage:
    """Runs spaCy over every article once and hands each Doc to the consumers that need it.

    Consumers (the NER mention extractor here; time, facts and others later) get `(article, doc)`
    so the text is parsed once however many stages read the parse. An article longer than
    `nlp.PART_CHARS` is read segment by segment (`nlp.segments`), never as one Doc: each
    consumer reads each segment through a view of the article holding that segment's text, and
    what it finds is moved back to the article's offsets and added up (`moved`, `added`).
    """

    name = "nlp"
    scope = "batch"

    def __init__(self, model: str | None = None, consumers: Iterable = (), batch_size: int = 64) -> None:
        self.model = model
        self.batch_size = batch_size
        self.consumers = list(consumers)
        # the consumers' needs and results are the stage's, checked with it when the pipeline is built
        self.requires = tuple(dict.fromkeys(["article.text", *(n for c in self.consumers for n in c.requires)]))
        self.assigns = tuple(dict.fromkeys(["article.mentions", *(n for c in self.consumers for n in c.assigns)]))

    def __call__(self, batch: Batch) -> Batch:
        articles: list[Article] = list(batch.articles)
        failed: list[tuple[Article, str]] = []
        done = 0  # articles read to their end
        try:
            for done in self._read(articles, segments((a.text for a in articles), self.model, self.batch_size),
                                   failed):
                pass
        except ConfigError:
            raise
        except Exception:  # noqa: BLE001 - spaCy failed on some text of the batch: find which, one by one
            for article in articles[done:]:
                try:
                    for _ in self._read([article], segments([article.text], self.model, 1), failed):
                        pass
                except Exception as exc:  # noqa: BLE001 - that article is rejected, the others go on
                    failed.append((article, failure_reason(self.name, exc)))
        for article, reason in failed:
            batch.reject(article, reason)
        return batch

    def _read(self, articles: list[Article], parsed, failed: list[tuple[Article, str]]) -> Iterator[int]:
        """Hands each parsed segment to the consumers; yields how many articles are read to their end."""
        reading = _Reading()
        for index, offset, doc, last in parsed:
            article = articles[index]
            if offset == 0 and last:  # the whole article in one Doc
                self._consume(article, doc, failed)
            else:
                if offset == 0:
                    reading = _Reading()
                self._consume_segment(article, offset, doc, reading, failed)
                if last and not reading.failed:
                    reading.finish(article)
            # the consumers' caches in `user_data` (sentences, verbs as Spans and Tokens) point back at
            # the Doc: cleared, the Doc is freed now rather than by a full garbage collection, which a
            # long run makes rarely, so that the Docs of earlier chunks no longer pile up
            doc.user_data.clear()
            del doc
            if last:
                yield index + 1

    def _consume(self, article: Article, doc, failed: list[tuple[Article, str]]) -> None:
        article.mentions = mentions_from_doc(article.id, doc)
        for consume in self.consumers:
            try:
                consume(article, doc)
            except Exception as exc:  # noqa: BLE001 - one bad article must not stop the run
                failed.append((article, failure_reason(getattr(consume, "name", self.name), exc)))
                break

    def _consume_segment(self, article: Article, offset: int, doc, reading: "_Reading",
                         failed: list[tuple[Article, str]]) -> None:
        if reading.failed:
            return
        end = offset + len(doc.text)
        view = replace(article, text=doc.text, mentions=[], facts=None, times=_times_seen_from(article.times, offset, end))
        reading.add("mentions", moved(mentions_from_doc(article.id, doc), offset, 0))
        for consume in self.consumers:
            try:
                consume(view, doc)
            except Exception as exc:  # noqa: BLE001 - one bad article must not stop the run
                failed.append((article, failure_reason(getattr(consume, "name", self.name), exc)))
                reading.failed = True
                return
            for name in consume.assigns:
                attr = name.partition(".")[2]
                reading.add(attr, moved(getattr(view, attr), offset, reading.sentences))
        reading.sentences += _sentence_count(doc)


class _Reading:
    """What the consumers found so far in the segments of one long article."""

    __slots__ = ("found", "sentences", "failed")

    def __init__(self) -> None:
        self.found: dict[str, object] = {}
        self.sentences = 0  # sentences of the segments before this one
        self.failed = False

    def add(self, attr: str, value: object) -> None:
        self.found[attr] = added(self.found[attr], value) if attr in self.found else value

    def finish(self, article: Article) -> None:
        for attr, value in self.found.items():
            setattr(article, attr, value)


# Fields of the records consumers return that are character offsets into the article text, and
# sentence numbers counted from its start: moved by a segment's offset and sentences before it.
OFFSET_FIELDS = frozenset({"start", "end", "sentence_start", "sentence_end"})
SENTENCE_FIELDS = frozenset({"sentence_index"})


def moved(value, chars: int, sentences: int):
    """`value` (a record, or a list or tuple of them) found in a segment starting `chars`
    characters and `sentences` sentences into the article, with its offsets made the article's."""
    if isinstance(value, list):
        return [moved(v, chars, sentences) for v in value]
    if isinstance(value, tuple):
        return tuple(moved(v, chars, sentences) for v in value)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes = {}
    for f in dataclasses.fields(value):
        current = getattr(value, f.name)
        if f.name in OFFSET_FIELDS and isinstance(current, int):
            changes[f.name] = current + chars
        elif f.name in SENTENCE_FIELDS and isinstance(current, int):
            changes[f.name] = current + sentences
        elif isinstance(current, (list, tuple)) or dataclasses.is_dataclass(current):
            changes[f.name] = moved(current, chars, sentences)
    return replace(value, **changes) if changes else value


def added(earlier, later):
    """What two segments found, as one: lists joined (fields of a record too), else the first."""
    if isinstance(earlier, list) and isinstance(later, list):
        return earlier + later
    if isinstance(earlier, tuple) and isinstance(later, tuple):
        return earlier + later
    if earlier is None:
        return later
    if dataclasses.is_dataclass(earlier) and type(earlier) is type(later):
        return replace(earlier, **{f.name: added(getattr(earlier, f.name), getattr(later, f.name))
                                   for f in dataclasses.fields(earlier)
                                   if isinstance(getattr(earlier, f.name), (list, tuple))})
    return earlier


def _times_seen_from(times: list, start: int, end: int) -> list:
    """The article's time expressions as a segment [start, end) sees them: its own, moved to its
    offsets, after the first dates of the text before it (the day the article speaks from is read
    from the first date; those lie outside every sentence of the segment, at -1)."""
    before = [replace(t, start=-1, end=-1) for t in times if t.end <= start and t.type == "DATE"][:FIRST_DATES]
    return before + [replace(t, start=t.start - start, end=t.end - start) for t in times
                     if t.start >= start and t.end <= end]


FIRST_DATES = 16


def _sentence_count(doc) -> int:
    """The sentences consumers numbered in a segment: the facts reader numbers those of
    `facts.syntax.sentences`, which it keeps on the Doc; else spaCy's."""
    numbered = doc.user_data.get("newsfuse.sentences")
    if numbered is not None:
        return len(numbered)
    return sum(1 for _ in doc.sents) if doc.has_annotation("SENT_START") else 0


# What a story holds when its stages start, in the store run and the Spark job alike: its
# articles as the article stages left them (and as the store keeps them).
STORY_INPUT: frozenset[str] = frozenset({
    "story.id", "story.article_ids", "story.articles", "article.text", "article.content_hash",
    "article.duplicate_of", "article.mentions", "article.times", "article.facts", "article.removed",
}) | INGESTED
# What a thread holds when its stages start: its stories in date order, each analysed.
THREAD_INPUT: frozenset[str] = frozenset({"thread.id", "thread.story_ids", "thread.stories", "story.thread_id",
                                          "story.date_start"})


def article_stages(options, duplicates: DuplicateIndex | None, consumers: Iterable = ()) -> list:
    """The article stages in order. `options` gives the spaCy `model` and `batch_size`;
    `consumers` read the spaCy parse (e.g. `facts.FactsReader`)."""
    return [CleanStage(), LanguageStage(), MetadataStage(), DedupStage(duplicates), TimexStage(),
            NlpStage(getattr(options, "model", None), consumers=consumers,
                     batch_size=getattr(options, "batch_size", None) or 64)]


def split_for_workers(stages: list) -> tuple[list, list]:
    """The article stages that may run in worker processes, and those that must run after them in
    the process holding the run's duplicate index (dedup).

    Dedup reads only the cleaned text, and no stage after it reads what it assigns, so running it
    after the times and NLP stages leaves every article as the stage order here does."""
    local = [stage for stage in stages if isinstance(stage, DedupStage)]
    return [stage for stage in stages if not isinstance(stage, DedupStage)], local


def story_stages(gazetteer: Gazetteer, corrections: Corrections | None = None) -> list:
    return [ReanchorStage(), EntitiesStage(gazetteer, corrections), TimelineStage(), FactsStage()]


def thread_stages() -> list:
    return [ThreadFactsStage()]


def story_pipeline(gazetteer: Gazetteer, corrections: Corrections | None = None) -> Pipeline:
    return Pipeline(story_stages(gazetteer, corrections), provided=STORY_INPUT)


def thread_pipeline() -> Pipeline:
    """The thread stages, over stories that went through the story stages."""
    analysed = {name for stage in (ReanchorStage, EntitiesStage, TimelineStage, FactsStage) for name in stage.assigns}
    return Pipeline(thread_stages(), provided=STORY_INPUT | analysed | THREAD_INPUT)


def batch_of(items: Iterable[tuple[object, RawRecord | Rejection]], seen: dict[str, object]) -> Batch:
    """A batch of the articles these records make, each article once (`seen` maps the ids already
    taken, in this run, to the key given with their record); rejections kept as they come."""
    batch = Batch()
    for key, item in items:
        article = article_from_record(item) if isinstance(item, RawRecord) else item
        if isinstance(article, Rejection):
            batch.rejected.append(article)
        elif article.id not in seen:
            seen[article.id] = key
            batch.articles.append(article)
    return batch
