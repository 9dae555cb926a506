"""One reader per input format; each yields records, or rejections with a reason, never None.

Formats: plain text (the cleaner finds the title), HTML (trafilatura for the body, htmldate for the
date), JSON / JSON Lines records, and RSS/Atom feeds (feedparser).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date

from newsfuse.models import Rejection
from newsfuse.ingest.records import RawRecord
from newsfuse.ingest.safe import well_formed

Yielded = RawRecord | Rejection
JSON_FIELDS = ("title", "text", "html", "url", "source", "published", "language")
_FEED_RE = re.compile(r"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_RE = re.compile(r"<(!doctype html|html|head|body|article|div|p)[\s>]", re.IGNORECASE)
_JSON_START = re.compile(r'^(\{\s*"|\[\s*[{\]])')
_XML_ENCODING = re.compile(r"""^(\ufeff?\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""", re.IGNORECASE)


def sniff(text: str, suffix: str) -> str:
    """The format of a decoded input: "text", "html", "json" or "feed".

    Without a suffix (standard input, a file named "notes") JSON and JSON Lines are recognised by
    their first characters: an object with a quoted key, or an array of objects.
    """
    suffix = suffix.lower()
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if suffix in {".json", ".jsonl", ".ndjson"}:
        return "json"
    if suffix in {".rss", ".atom"} or (head.startswith("<") and _FEED_RE.search(head)):
        return "feed"
    if suffix in {".html", ".htm", ".xhtml"} or (head.startswith("<") and _HTML_RE.search(head)):
        return "html"
    if suffix == "" and _JSON_START.match(head):
        return "json"
    if suffix in {".txt", ".text", ".md", ""} or not head.startswith(("{", "[")):
        return "text"
    return "json"


def read_text(path: str, identity: str, text: str) -> Iterator[Yielded]:
    yield RawRecord(path=path, identity=identity, body=text, kind="text")


def read_html(path: str, identity: str, html: str) -> Iterator[Yielded]:
    yield RawRecord(path=path, identity=identity, body=html, kind="html")


def read_json(path: str, identity: str, text: str) -> Iterator[Yielded]:
    """A JSON array or object, or JSON Lines; every record is checked on its own."""
    stripped = text.strip()
    if not stripped:
        yield Rejection(path, "empty file")
        return
    if stripped.startswith("["):
        items = _loads(stripped)
        if isinstance(items, Rejection):
            yield Rejection(path, items.reason)
            return
        if not isinstance(items, list):
            yield Rejection(path, "malformed JSON: not an array")
            return
        if not items:
            yield Rejection(path, "empty JSON array (no records in it)")
            return
        numbered = enumerate(items, start=1)
    else:
        whole = _loads(stripped)
        if not isinstance(whole, Rejection):
            numbered = [(1, whole)]
        elif "\n" not in stripped or not whole.reason.startswith("malformed JSON:"):
            yield Rejection(path, whole.reason)  # one line that is not JSON: the file is broken, not a record
            return
        else:
            numbered = _json_lines(text)
    for number, item in numbered:
        where = f"{path}#{number}"
        if isinstance(item, Rejection):
            yield Rejection(where, item.reason)
        else:
            yield _record_from_json(where, f"{identity}#{number}", item)


def _loads(text: str, what: str = "JSON") -> object:
    """The parsed JSON, or a Rejection (without a path) saying why it is not usable JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f" at line {exc.lineno}, column {exc.colno}" if exc.lineno > 1 else f" at column {exc.colno}"
        return Rejection("", f"malformed {what}: {exc.msg}{where}")
    except RecursionError:
        return Rejection("", f"unusable {what}: nested too deeply")
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return Rejection("", f"unusable {what}: {' '.join(str(exc).split())[:200]}")


def _json_lines(text: str) -> Iterator[tuple[int, object]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        yield number, _loads(line, "JSON line")


def _record_from_json(where: str, identity: str, item: object) -> Yielded:
    if not isinstance(item, dict):
        return Rejection(where, f"JSON record is a {type(item).__name__}, not an object")
    fields = {k: item.get(k) for k in JSON_FIELDS}
    bad = [k for k, v in fields.items() if v is not None and not isinstance(v, str)]
    if bad:
        return Rejection(where, f"JSON record field {bad[0]!r} is not a string")
    fields = {k: well_formed(v) if v is not None else None for k, v in fields.items()}  # lone surrogates
    text, html = fields["text"], fields["html"]
    if not (text and text.strip()) and not (html and html.strip()):
        given = [k for k in ("text", "html") if fields[k] is not None]
        if given:
            return Rejection(where, f"JSON record's {' and '.join(repr(k) for k in given)} "
                                    f"{'is' if len(given) == 1 else 'are'} empty")
        return Rejection(where, "JSON record has neither 'text' nor 'html'")
    return RawRecord(
        path=where, identity=fields["url"] or identity,
        body=text if text and text.strip() else html, kind="text" if text and text.strip() else "html",
        title=fields["title"], url=fields["url"], source=fields["source"],
        published=fields["published"], language=fields["language"],
    )


def read_feed(path: str, identity: str, text: str) -> Iterator[Yielded]:
    import feedparser

    # `text` is decoded already: feedparser would decode it again by an XML declaration naming another encoding
    feed = feedparser.parse(_XML_ENCODING.sub(r'\1"utf-8"', text, count=1))
    if not feed.entries:
        reason = "malformed feed" if feed.bozo else "feed has no entries"
        detail = f": {feed.bozo_exception}" if feed.bozo and feed.get("bozo_exception") else ""
        yield Rejection(path, f"{reason}{detail}")
        return
    outlet = (feed.feed.get("title") or "").strip() or None
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{path}#{number}"
        body = _entry_body(entry)
        link = entry.get("link")
        if not body:
            if not link:
                yield Rejection(where, "feed entry has neither text nor a link")
                continue
            # the URL reader (newsfuse.fetch) fetches the page; files reject it (ingest.read_inputs)
            yield RawRecord(
                path=where, identity=link, body="", kind="link", title=(entry.get("title") or "").strip() or None,
                url=link, source=outlet, published=_feed_date(entry),
            )
            continue
        yield RawRecord(
            path=where, identity=link or entry.get("id") or f"{identity}#{number}", body=body, kind="html",
            title=(entry.get("title") or "").strip() or None, url=link, source=outlet,
            published=_feed_date(entry),
        )


def _entry_body(entry) -> str:
    for content in entry.get("content") or []:
        if content.get("value", "").strip():
            return content["value"]
    return (entry.get("summary") or "").strip()


def _feed_date(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
    except (ValueError, TypeError, OverflowError):  # year 0, day 31 of February: no usable date
        return None


READERS = {"text": read_text, "html": read_html, "json": read_json, "feed": read_feed}
