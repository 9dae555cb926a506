"""Turn a raw record into an Article: HTML goes through trafilatura (body) and htmldate (date).

`article_from_record` never raises: whatever goes wrong in a step (HTML extraction, date parsing,
text repair) becomes the record's rejection, naming the step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

from newsfuse.text.clean import fix_unicode
from newsfuse.text.calendar import MONTHS
from newsfuse.models import Article, Rejection
from newsfuse.ingest.records import RawRecord
from newsfuse.ingest.safe import one_line, well_formed
from newsfuse.ingest.urls import strip_credentials

# A record made by hand (the Spark job's table rows, `watch`) with a longer text is rejected. What
# ingest reads from files, standard input and URLs never comes here this long: a text longer than
# newsfuse.ingest.parts.PART_CHARS was cut into parts already. Below the cap spaCy reads long
# texts in segments (newsfuse.nlp.PART_CHARS), so memory stays bounded.
MAX_ARTICLE_CHARS = 1_000_000
NO_TEXT = "no article text found in the HTML"


@dataclass(slots=True, frozen=True)
class HtmlText:
    """What `html_text` found in a page: its text, the metadata it states, how the text was found."""

    text: str
    meta: dict[str, str]
    inferred: dict[str, str]


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
    extracted = record.extracted
    if extracted is None and len(record.body) > MAX_ARTICLE_CHARS * (4 if record.kind == "html" else 1):
        return _too_long(record, record.body)  # HTML: before extracting it
    step[0] = "date parsing"
    title, source, published = record.title, record.source, normalize_date(record.published)
    if record.published and not published:
        inferred["published_given"] = f"unreadable date {record.published[:80]!r} ignored"
    if record.kind == "html":
        step[0] = "HTML extraction"
        page = extracted or html_text(record.body)
        if isinstance(page, str):
            return Rejection(record.path, page)
        body, html_meta = page.text, page.meta
        inferred.update(page.inferred)
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
        part_of=record.part_of, part_number=record.part_number, part_count=record.part_count,
        former_id=record.former_id,
    )


def html_text(html: str) -> HtmlText | str:
    """The text of an HTML page or fragment with what the page states (title, sitename, date) and
    how the text was found when not by trafilatura; or the reason it has no text."""
    if len(html) > STREAMED_HTML_CHARS:
        return streamed_page_text(html)
    body, meta = _html_body(html)
    how: dict[str, str] = {}
    if not body.strip() and not _DOCUMENT.search(html[:100_000]):
        # a fragment (a feed entry's description, a JSON record's `html`): its text, as it is
        body, how["text"] = fragment_text(html), "HTML fragment, text taken as it is"
    if not body.strip():
        return NO_TEXT
    return HtmlText(body, meta, how)


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
# what a page has around its article: left out of a page too large for trafilatura
_PAGE_FURNITURE = frozenset({"nav", "header", "footer", "aside", "form", "menu", "button", "select"})
_META_KEYS = {"og:title": "title", "twitter:title": "title", "og:site_name": "sitename",
              "application-name": "sitename", "article:published_time": "date", "date": "date",
              "pubdate": "date", "dc.date": "date", "publish-date": "date"}
FEED_BLOCK = 1 << 20  # characters handed to the HTML parser at a time
# Pages above this many characters are read by the streaming parser below: trafilatura builds a
# tree of the whole page (a 5 MB page: 180 MB and 2 s; 50 MB: more than 600 MB)
STREAMED_HTML_CHARS = 8_000_000


class _FragmentText(HTMLParser):
    def __init__(self, skipped: frozenset[str] = _SKIPPED) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.skipped = skipped

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.skipped:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag) -> None:
        if tag in self.skipped:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.parts.append(data)


class _PageText(_FragmentText):
    """A whole page's text without its furniture, and the metadata its head and first headline state."""

    def __init__(self) -> None:
        super().__init__(_SKIPPED | _PAGE_FURNITURE)
        self.meta: dict[str, str] = {}
        self.capture: str | None = None  # "title" or "h1" while inside one
        self.captured: dict[str, list[str]] = {"title": [], "h1": []}

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "meta":
            values = dict(attrs)
            key = _META_KEYS.get((values.get("property") or values.get("name") or "").lower())
            if key and values.get("content") and key not in self.meta:
                self.meta[key] = values["content"].strip()
        if tag in ("title", "h1") and not self.captured[tag] and (tag == "title" or not self.hidden):
            self.capture = tag
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag) -> None:
        if tag == self.capture:
            self.capture = None
        super().handle_endtag(tag)

    def handle_data(self, data) -> None:
        if self.capture:
            self.captured[self.capture].append(data)
        super().handle_data(data)

    def headline(self) -> str | None:
        for found in (self.captured["h1"], [self.meta.get("title", "")], self.captured["title"]):
            text = " ".join("".join(found).split())
            if text:
                return text
        return None


def _paragraph_text(parts: list[str]) -> str:
    paragraphs = (" ".join(block.split()) for block in "".join(parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (or of plain text): paragraphs separated by blank lines."""
    parser = _FragmentText()
    parser.feed(html)
    parser.close()
    return _paragraph_text(parser.parts)


def streamed_page_text(html: str) -> HtmlText | str:
    """The text of a page too large for trafilatura, read a block at a time: every paragraph outside
    navigation, headers, footers, asides and forms; the title from the first headline (else the
    page's og:title, else its <title>); the date htmldate finds in the page's head."""
    import htmldate

    parser = _PageText()
    for start in range(0, len(html), FEED_BLOCK):
        parser.feed(html[start:start + FEED_BLOCK])
    parser.close()
    meta = {key: value for key, value in parser.meta.items() if key != "date"}
    if headline := parser.headline():
        meta["title"] = headline
    head_end = html.find("</head>", 0, 1_000_000)
    try:
        found = htmldate.find_date(html[:head_end + 7 if head_end >= 0 else 200_000], original_date=True,
                                   extensive_search=False)
    except (ValueError, TypeError, OverflowError, RecursionError):
        found = None
    if found or normalize_date(parser.meta.get("date")):
        meta["date"] = found or normalize_date(parser.meta.get("date"))
    text = _paragraph_text(parser.parts)
    if not text:
        return NO_TEXT
    return HtmlText(text, meta, {"text": "page too large for trafilatura: every paragraph outside navigation, "
                                         "headers and footers"})
