"""The per-article stages that prepare text for analysis: clean, language, metadata."""

from __future__ import annotations

from .clean import clean_text
from .language import detect_language
from .metadata import infer_published, infer_source
from .models import Article
from .pipeline import ArticleStage


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
