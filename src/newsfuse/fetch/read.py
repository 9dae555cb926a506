"""Fetched pages and feeds as raw records, through the same readers as files.

A page goes through `read_bytes` like an HTML file. A feed gives its entries; an entry without
full text (only a link, or a summary shorter than FULL_TEXT_CHARS) is fetched and extracted as a
page, keeping the entry's title, outlet and date.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

from newsfuse.ingest import RawRecord, read_bytes
from newsfuse.ingest.decode import decode
from newsfuse.ingest.readers import sniff
from newsfuse.ingest.urls import strip_credentials
from newsfuse.models import Rejection
from newsfuse.fetch.client import Fetcher, FetchResult

LINK = "link"  # RawRecord.kind of a feed entry whose page must be fetched (its body: a summary, or "")
FULL_TEXT_CHARS = 1000  # a feed entry with less text than this carries a summary, not the article

_SUFFIXES = {".html", ".htm", ".xhtml", ".rss", ".atom", ".json", ".jsonl", ".txt"}
_SUFFIX_BY_TYPE = {
    "text/html": ".html", "application/xhtml+xml": ".html", "application/rss+xml": ".rss",
    "application/x-rss+xml": ".rss", "application/atom+xml": ".atom", "application/json": ".json",
    "text/plain": ".txt", "text/markdown": ".txt",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_.:-]+)["']""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_XML_DECLARED = re.compile(r"""^(\ufeff?\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""", re.IGNORECASE)
# labels that browsers read as windows-1252 (WHATWG Encoding), which is a superset of them
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252"}


def read_urls(urls: Iterable[str], fetcher: Fetcher) -> Iterator[RawRecord | Rejection]:
    """Records of pages and feeds on the web; every URL that cannot be read becomes a Rejection."""
    for url in urls:
        result = fetcher.fetch(url)
        if isinstance(result, Rejection):
            yield result
            continue
        for item in read_result(strip_credentials(url), result):
            if is_link(item):
                yield from follow_link(item, fetcher)
            else:
                yield item


def is_link(item: RawRecord | Rejection) -> bool:
    return isinstance(item, RawRecord) and item.kind == LINK


def read_result(label: str, result: FetchResult) -> Iterator[RawRecord | Rejection]:
    """Records of one fetched response; feed entries without full text come as kind "link"."""
    text, encoding = decode_page(result.body, result.encoding)
    if text is None:
        yield Rejection(label, encoding)
        return
    # the readers get UTF-8; a feed must not then be re-decoded by its XML declaration
    text = _XML_DECLARED.sub(r'\1"utf-8"', text, count=1)
    suffix = suffix_for(result)
    feed = sniff(text, suffix) == "feed"
    for item in read_bytes(label, text.encode("utf-8", "surrogatepass"), result.url, suffix):
        if isinstance(item, RawRecord):
            _absolute_links(item, result.url)
            if encoding not in ("utf-8", "utf-8-sig"):
                item.notes["encoding"] = encoding
            page = item.path == label or (item.part_of is not None and item.path.startswith(f"{label}#part-"))
            if page and item.url is None:
                item.url = strip_credentials(result.url)  # a page (or a part of one): its address is its URL
            if feed and item.kind == "html" and item.url and _text_length(item.body) < FULL_TEXT_CHARS:
                item.kind = LINK  # a summary: the article is behind the link (the summary is the fallback)
        yield item


def _text_length(html: str) -> int:
    return len(" ".join(_TAG.sub(" ", html).split()))


def _absolute_links(item: RawRecord, base: str) -> None:
    """Feeds may give entry links relative to the feed's address."""
    if item.url and not urlsplit(item.url).scheme:
        absolute = urljoin(base, item.url)
        item.identity = absolute if item.identity == item.url else item.identity
        item.url = absolute


def follow_link(entry: RawRecord, fetcher: Fetcher) -> list[RawRecord | Rejection]:
    """The page a feed entry points to, with the entry's title, outlet and date (given wins).

    When the page cannot be had, the entry's summary (if it has one) is used instead, next to the
    rejection that says why.
    """
    link = entry.url or entry.identity
    page = _page(link, fetcher)
    if isinstance(page, RawRecord):
        page.path, page.identity, page.url = strip_credentials(link), entry.identity, strip_credentials(link)
        page.title = entry.title or page.title
        page.source = entry.source or page.source
        page.published = entry.published or page.published
        page.language = entry.language or page.language
        return [page]
    if not entry.body.strip():
        return [page]
    entry.kind = "html"
    return [Rejection(page.path, f"{page.reason} (the feed's summary is used instead)"), entry]


def _page(link: str, fetcher: Fetcher) -> RawRecord | Rejection:
    result = fetcher.fetch(link)
    if isinstance(result, Rejection):
        return result
    found: Rejection | None = None
    for item in read_result(strip_credentials(link), result):
        if isinstance(item, RawRecord) and item.kind in ("html", "text"):
            return item
        found = found or (item if isinstance(item, Rejection) else None)
    return found or Rejection(link, "the entry's link is a feed, not an article")


def suffix_for(result: FetchResult) -> str:
    """A file suffix that makes the readers' sniffing see what the server sent."""
    suffix = PurePosixPath(urlsplit(result.url).path).suffix.lower()
    if suffix in _SUFFIXES:
        return suffix
    return _SUFFIX_BY_TYPE.get(result.content_type, "")


def decode_page(body: bytes, declared: str | None) -> tuple[str | None, str]:
    """(text, encoding) of a response body, or (None, reason).

    The header's charset is honoured unless the bytes are not valid in it, or it names a Latin
    single-byte charset while the bytes are valid UTF-8 (a common server default that is wrong);
    then the document's own `<meta charset>` or XML declaration, then detection.
    """
    if body.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(body)
    utf8 = _strict(body, "utf-8")
    for label in (declared, _in_document(body)):
        codec = _codec(label)
        if codec is None:
            continue
        if codec == "cp1252" and utf8 is not None and not body.isascii():
            return utf8, "utf-8"
        text = utf8 if codec == "utf-8" else _strict(body, codec)
        if text is not None:
            return text, codec
    return decode(body)


def _in_document(body: bytes) -> str | None:
    head = body[:4096]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None  # a charset Python does not know: ignore it
    return "utf-8" if name in ("utf-8", "utf8") else name


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None



@contextmanager
def url_reader(fetcher: Fetcher | None = None, *, max_bytes: int | None = None) -> Iterator:
    """A `urls -> records` reader for `newsfuse.ingest.read_inputs`. Without a fetcher, one is made from
    the environment (FetchSettings.from_env) on the first URL and closed when the block ends."""
    opened: list[Fetcher] = []

    def read(urls: list[str]) -> Iterator[RawRecord | Rejection]:
        nonlocal fetcher
        if fetcher is None:
            from newsfuse.fetch.client import FetchSettings

            settings = FetchSettings.from_env(max_bytes=max_bytes) if max_bytes else FetchSettings.from_env()
            fetcher = Fetcher(settings)
            opened.append(fetcher)
        yield from read_urls(urls, fetcher)

    try:
        yield read
    finally:
        for made in opened:
            made.close()
