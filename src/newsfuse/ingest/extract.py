"""Turn a raw record into an Article: HTML goes through trafilatura (body) and htmldate (date).

`article_from_record` never raises: whatever goes wrong in a step (HTML extraction, date parsing,
text repair) becomes the record's rejection, naming the step.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

from newsfuse.text.clean import fix_unicode
from newsfuse.text.calendar import MONTHS
from newsfuse.models import Article, Rejection
from newsfuse.ingest.records import RawRecord
from newsfuse.ingest.safe import one_line, well_formed
from newsfuse.ingest.urls import strip_credentials

# Longer texts are rejected: no news report is this long (a long one has 50,000), and every stage's
# time grows with the text (spaCy takes about a minute per 1,000,000 characters). Below the cap,
# spaCy reads long texts in parts (newsfuse.nlp.PART_CHARS), so memory stays bounded.
MAX_ARTICLE_CHARS = 1_000_000
NO_TEXT = "no article text found in the HTML"
_DOCUMENT = re.compile(r"<(html|body)[\s>]", re.IGNORECASE)
_WORDS = re.compile(r"[^\W\d_]+")
_ANCIENT_YEAR = re.compile(r"(?<![\d+:-])0\d{3}(?!\d)")


def normalize_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from a given date string, or None when it is not a date."""
    if not value or not value.strip():
        return None
    text = value.strip()[:200]
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    if _ANCIENT_YEAR.search(text):
        return None  # year 0 or 0999: no news date (and parsers would read "0000" as 2000)
    try:
        return parsedate_to_datetime(text).date().isoformat()  # RFC 2822, as feeds and HTTP write dates
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    words = _WORDS.findall(text.lower())
    if words and not any(word in MONTHS for word in words):
        # no month name: not a date dateparser could read, and trying every language first costs seconds
        return None
    import dateparser

    try:
        parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"})
    except (ValueError, OverflowError, TypeError):  # dateparser can fail on odd strings instead of saying None
        return None
    return parsed.date().isoformat() if parsed else None


def article_from_record(record: RawRecord) -> Article | Rejection:
    """The record as an Article, or its Rejection; an exception in any step is a rejection naming the step."""
    step = ["reading the record"]
    try:
        return _article(record, step)
    except Exception as exc:  # noqa: BLE001 - one bad record must not stop the run
        return Rejection(well_formed(record.path), f"{step[0]} failed: {one_line(exc)}")


def _article(record: RawRecord, step: list[str]) -> Article | Rejection:
    inferred: dict[str, str] = {}
    if len(record.body) > MAX_ARTICLE_CHARS * (4 if record.kind == "html" else 1):  # HTML: before extracting it
        return _too_long(record, record.body)
    step[0] = "date parsing"
    title, source, published = record.title, record.source, normalize_date(record.published)
    if record.published and not published:
        inferred["published_given"] = f"unreadable date {record.published[:80]!r} ignored"
    if record.kind == "html":
        step[0] = "HTML extraction"
        body, html_meta = _html_body(record.body)
        if not body.strip() and not _DOCUMENT.search(record.body[:100_000]):
            # a fragment (a feed entry's description, a JSON record's `html`): its text, as it is
            body, inferred["text"] = fragment_text(record.body), "HTML fragment, text taken as it is"
        if not body.strip():
            return Rejection(record.path, NO_TEXT)
        if not title and html_meta.get("title"):
            title, inferred["title"] = html_meta["title"], "html metadata"
        if not source and html_meta.get("sitename"):
            source, inferred["source"] = html_meta["sitename"], "html metadata"
        if not published and html_meta.get("date"):
            published, inferred["published"] = html_meta["date"], "html date (htmldate)"
    else:
        body = record.body
    if len(body) > MAX_ARTICLE_CHARS:
        return _too_long(record, body)
    inferred.update(record.notes)
    step[0] = "text repair"
    text = well_formed(fix_unicode(well_formed(body)))
    return Article(
        id=record.article_id, path=strip_credentials(well_formed(record.path)), raw=text,
        title=well_formed(fix_unicode(well_formed(title or ""))).strip(),
        url=strip_credentials(well_formed(record.url)) if record.url else None,
        source=well_formed(source).strip() if source else None, published=published,
        language=well_formed(record.language) if record.language else None, inferred=inferred,
    )


def _too_long(record: RawRecord, text: str) -> Rejection:
    return Rejection(record.path, f"text too long for one article ({len(text):,} characters; "
                                  f"the limit is {MAX_ARTICLE_CHARS:,})")


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
    except (ValueError, TypeError, OverflowError, RecursionError):
        found = None
    if found:
        meta["date"] = found
    # trafilatura joins paragraphs with single newlines; the cleaner expects blank lines between them
    return "\n\n".join(line for line in text.splitlines() if line.strip()), meta


_BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                     "section", "article", "table", "tr", "pre", "hr", "figure", "figcaption", "header", "footer"})
_SKIPPED = frozenset({"script", "style", "template", "noscript", "iframe", "svg", "head", "title"})


class _FragmentText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in _SKIPPED:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag) -> None:
        if tag in _SKIPPED:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.parts.append(data)


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (or of plain text): paragraphs separated by blank lines."""
    parser = _FragmentText()
    parser.feed(html)
    parser.close()
    paragraphs = (" ".join(block.split()) for block in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)
