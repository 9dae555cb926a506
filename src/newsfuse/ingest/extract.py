"""Turn a raw record into an Article: HTML goes through trafilatura (body) and htmldate (date)."""

from __future__ import annotations

from datetime import date, datetime

from newsfuse.text.clean import fix_unicode
from newsfuse.models import Article, Rejection
from newsfuse.ingest.records import RawRecord


def normalize_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from a given date string, or None when it is not a date."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"})
    return parsed.date().isoformat() if parsed else None


def article_from_record(record: RawRecord) -> Article | Rejection:
    inferred: dict[str, str] = {}
    title, source, published = record.title, record.source, normalize_date(record.published)
    if record.published and not published:
        inferred["published_given"] = f"unreadable date {record.published!r} ignored"
    if record.kind == "html":
        body, html_meta = _html_body(record.body)
        if not body.strip():
            return Rejection(record.path, "no article text found in the HTML")
        if not title and html_meta.get("title"):
            title, inferred["title"] = html_meta["title"], "html metadata"
        if not source and html_meta.get("sitename"):
            source, inferred["source"] = html_meta["sitename"], "html metadata"
        if not published and html_meta.get("date"):
            published, inferred["published"] = html_meta["date"], "html date (htmldate)"
    else:
        body = record.body
    inferred.update(record.notes)
    return Article(
        id=record.article_id, path=record.path, raw=fix_unicode(body), title=fix_unicode(title or "").strip(),
        url=record.url, source=source.strip() if source else None, published=published,
        language=record.language, inferred=inferred,
    )


def _html_body(html: str) -> tuple[str, dict[str, str]]:
    import htmldate
    import trafilatura

    meta: dict[str, str] = {}
    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                           include_tables=False, favor_precision=True)
    if document is None:
        return "", meta
    text = (document.text or "").strip()
    for key in ("title", "sitename"):
        value = getattr(document, key, None)
        if value:
            meta[key] = value.strip()
    try:
        found = htmldate.find_date(html, original_date=True, extensive_search=False)
    except ValueError:
        found = None
    if found:
        meta["date"] = found
    # trafilatura joins paragraphs with single newlines; the cleaner expects blank lines between them
    return "\n\n".join(line for line in text.splitlines() if line.strip()), meta
