"""The article-scope stages, in the order the run applies them: clean, language, metadata, dedup,
times, nlp. Each wraps a domain function; the domain packages themselves know nothing of stages."""

from __future__ import annotations

from newsfuse.text.clean import clean_text
from newsfuse.text.language import detect_language
from newsfuse.text.metadata import infer_published, infer_source
from newsfuse.models import Article
from dataclasses import dataclass, field
from typing import ClassVar

from datasketch import MinHash

from newsfuse.models import Batch
from newsfuse.nlp import mentions_from_doc, parse
from newsfuse.pipeline.contract import ArticleStage, failure_reason
from newsfuse.stories.dedup import NEAR_THRESHOLD, band_keys, content_hash, minhash
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
    assigns = ("article.published", "article.source")

    def process(self, article: Article) -> Article:
        if not article.published:
            found = infer_published(article.raw, article.title)
            if found:
                article.published, article.inferred["published"] = found.value, found.how
        if not article.source:
            found = infer_source(article.raw)
            if found:
                article.source, article.inferred["source"] = found.value, found.how
        return article


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


class TimexStage:
    """requires article.text; assigns article.times (and article.published when it was missing)."""

    name: ClassVar[str] = "times"
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
    so the text is parsed once however many stages read the parse.
    """

    name = "nlp"
    requires = ("article.text",)
    assigns = ("article.mentions",)

    def __init__(self, model: str | None = None, consumers: Iterable = (), batch_size: int = 64) -> None:
        self.model = model
        self.batch_size = batch_size
        self.consumers = list(consumers)

    def __call__(self, batch: Batch) -> Batch:
        articles: list[Article] = list(batch.articles)
        failed: list[tuple[Article, str]] = []
        for article, doc in zip(articles, parse((a.text for a in articles), self.model, self.batch_size)):
            article.mentions = mentions_from_doc(article.id, doc)
            for consume in self.consumers:
                try:
                    consume(article, doc)
                except Exception as exc:  # noqa: BLE001 - one bad article must not stop the run
                    failed.append((article, failure_reason(getattr(consume, "name", self.name), exc)))
                    break
        for article, reason in failed:
            batch.reject(article, reason)
        return batch
