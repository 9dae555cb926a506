"""The probe's bad inputs: files, JSON records, feeds, HTML, names, encodings and sizes, each with
what newsfuse must do with it (store it, reject it with a reason, or skip it with a reason).

`write_cases(folder)` writes them all into one folder, next to GOOD files that must be stored
whatever sits beside them; the tests read the whole folder in one run.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsfuse.ingest.parts import MAX_TOTAL_CHARS

STORED, REJECTED, SKIPPED = "stored", "rejected", "skipped"

# Sentences written for the probe (not from any real report).
PARAGRAPHS = [
    "The harbour authority of Vela said on Monday that the eastern quay will reopen next week after "
    "three weeks of repairs to the storm wall.",
    "Fishermen who moved their boats to the western basin during the works will be allowed back from "
    "Wednesday, the authority's director told reporters at the port office.",
    "The repairs cost 1.2 million euros, paid from the regional flood fund, and a second phase to "
    "raise the wall by half a metre is planned for the spring.",
]
BODY = "\n\n".join(PARAGRAPHS)


def article(title: str, extra: str = "") -> str:
    return f"{title}\n\n{BODY}{(' ' + extra) if extra else ''}\n"


@dataclass(frozen=True)
class Case:
    """One kind of input, where it is written, and what must become of it."""

    kind: str
    name: str  # path in the folder ("" for a case that is the folder's own content, e.g. a record inside)
    expect: str  # STORED, REJECTED or SKIPPED
    reason: str = ""  # text the rejection or skip reason must contain
    record: str = ""  # for records inside a container: the "#n" suffix of the path
    write: Callable[[Path], None] | None = None


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _text(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text, encoding="utf-8")


def _json(value) -> Callable[[Path], None]:
    return lambda path: path.write_text(json.dumps(value), encoding="utf-8")


def _raw_json(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text, encoding="utf-8", errors="surrogatepass")


def rss(items: str, title: str = "Vela Harbour News") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.test/</link>{items}</channel></rss>")


def item(title: str, description: str = "", link: str = "", date: str = "Tue, 28 Nov 2023 10:00:00 GMT") -> str:
    parts = [f"<title>{title}</title>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if description:
        parts.append(f"<description>{description}</description>")
    if date:
        parts.append(f"<pubDate>{date}</pubDate>")
    return "<item>" + "".join(parts) + "</item>"


def long_report() -> str:
    """About 110,000 characters of varied paragraphs (no dates or figures, which would only add work):
    longer than newsfuse.nlp.PART_CHARS, so spaCy reads it in parts."""
    towns = ["Vela", "Brela", "Sumartin", "Bol", "Milna", "Stari Grad", "Jelsa", "Komiza"]
    crafts = ["fishing boats", "ferries", "yachts", "tugs", "dinghies", "barges", "sailing boats"]
    lines = [f"The quay at {towns[i % 8]} welcomed {crafts[i % 7]} from {towns[(i * 3 + 1) % 8]}, and the harbour "
             f"master of {towns[(i + 5) % 8]} praised the crews who came from {towns[(i * 5 + 2) % 8]}."
             for i in range(900)]
    return "Harbour works in detail\n\n" + "\n\n".join(lines) + "\n"


def _encoded(codec: str, bom: bytes, title: str) -> Callable[[Path], None]:
    text = article(title)
    return _bytes(bom + text.encode(codec))


def _deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16

# Files that must be stored whatever sits beside them.
GOOD = [
    Case("good text", "good/harbour.txt", STORED, write=_text(article("Harbour quay reopens next week"))),
    Case("good html", "good/ferry.html", STORED, write=_text(
        "<!doctype html><html><head><title>Ferries return to the western basin</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>")),
    Case("good json record", "good/wire.json", STORED, record="#1", write=_json(
        {"title": "Storm wall repairs finished", "text": BODY, "source": "Vela Wire", "published": "2023-11-28"})),
]


def cases() -> list[Case]:
    """Every bad (or merely odd) input of the probe."""
    c: list[Case] = []
    add = c.append
    # -- empty, binary, encodings -----------------------------------------------------------------
    add(Case("empty file", "empty.txt", REJECTED, "empty file", write=_bytes(b"")))
    add(Case("whitespace only", "blank.txt", REJECTED, "empty file", write=_bytes(b" \n\t\r\n  \n")))
    add(Case("png image", "photo.png", REJECTED, "binary file", write=_bytes(PNG)))
    add(Case("jpeg named .txt", "photo.txt", REJECTED, "binary file", write=_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + PNG)))
    add(Case("NUL bytes in text", "nul.txt", REJECTED, "binary file", write=_bytes(b"Harbour\x00news\x00" * 50)))
    add(Case("gzip file", "archive.txt.gz", REJECTED, "binary file",
             write=lambda p: p.write_bytes(__import__("gzip").compress(article("Zipped").encode()))))
    add(Case("UTF-8 with BOM", "bom8.txt", STORED, write=_encoded("utf-8", codecs.BOM_UTF8, "Quay with a UTF-8 mark")))
    add(Case("UTF-16 LE with BOM", "bom16le.txt", STORED, write=_encoded("utf-16-le", codecs.BOM_UTF16_LE, "Quay in UTF-16 LE")))
    add(Case("UTF-16 BE with BOM", "bom16be.txt", STORED, write=_encoded("utf-16-be", codecs.BOM_UTF16_BE, "Quay in UTF-16 BE")))
    add(Case("UTF-32 LE with BOM", "bom32le.txt", STORED, write=_encoded("utf-32-le", codecs.BOM_UTF32_LE, "Quay in UTF-32 LE")))
    add(Case("UTF-32 BE with BOM", "bom32be.txt", STORED, write=_encoded("utf-32-be", codecs.BOM_UTF32_BE, "Quay in UTF-32 BE")))
    add(Case("UTF-16 JSON with BOM", "wire16.json", STORED, record="#1", write=_bytes(
        codecs.BOM_UTF16_LE + json.dumps({"title": "Wire in UTF-16", "text": BODY + " Sixteen."}).encode("utf-16-le"))))
    add(Case("UTF-16 BOM, odd byte count", "broken16.txt", REJECTED, "undecodable bytes",
             write=_bytes(codecs.BOM_UTF16_LE + "Harbour".encode("utf-16-le") + b"\x00")))
    add(Case("UTF-8 BOM then invalid bytes", "broken8.txt", REJECTED, "undecodable bytes",
             write=_bytes(codecs.BOM_UTF8 + b"Harbour \xff\xfe\xfd news " * 20)))
    add(Case("Latin-1 text", "latin1.txt", STORED, write=_bytes(
        article("Caf\u00e9 owners on the quay reopen", "Caf\u00e9s and cr\u00eaperies").encode("latin-1"))))
    add(Case("Windows-1250 text", "cp1250.txt", STORED, write=_bytes(
        article("\u017dupanija pays for the quay", "\u0160ibenik and \u010ciovo").encode("cp1250"))))
    add(Case("byte soup", "soup.txt", REJECTED, "", write=_bytes(bytes([0x81, 0x8d, 0x8f, 0x90, 0x9d, 0xc3, 0x28]) * 80)))
    add(Case("ANSI escapes in text", "ansi.txt", STORED, write=_text(article("Quay \x1b[31mred\x1b[0m alert"))))
    add(Case("RTL and zero-width marks in text", "bidi.txt", STORED, write=_text(article("Quay \u202ereopens\u202c \u200b"))))
    add(Case("mostly control characters", "controls.txt", REJECTED, "binary file", write=_bytes(bytes(range(1, 9)) * 200)))
    # -- sizes ------------------------------------------------------------------------------------
    add(Case("10 MB single line", "oneline.txt", REJECTED, "text too long", write=_bytes(b"x" * 10_000_000)))
    add(Case("article over the parts cap", "long.txt", REJECTED, "text too long",
             write=_text("Very long report\n\n" + (BODY + "\n\n") * (MAX_TOTAL_CHARS // len(BODY) + 100))))
    add(Case("25 MB of NUL bytes", "huge.txt", REJECTED, "binary file",
             write=lambda p: p.open("wb").truncate(25 * 1024 * 1024)))
    add(Case("300 MB sparse file", "sparse.bin", REJECTED, "file too large (300 MiB; the limit is 64 MiB)",
             write=lambda p: p.open("wb").truncate(300 * 1024 * 1024)))
    add(Case("long article read in parts", "parts.txt", STORED, write=_text(long_report())))
    add(Case("boilerplate only", "boiler.txt", REJECTED, "empty after cleaning",
             write=_text("Leave a Comment\n\nComments 3\n")))
    add(Case("markdown", "notes.md", STORED, write=_text("# Quay notes\n\n" + BODY)))
    add(Case("csv file", "table.csv", STORED, write=_text("town,boats\nVela,12\nBrela,7\n\n" + BODY)))
    # -- JSON documents ---------------------------------------------------------------------------
    add(Case("malformed JSON", "broken.json", REJECTED, "malformed JSON", write=_text('{"title": "x", "text": ')))
    add(Case("JSON 100,000 deep", "deep.json", REJECTED, "nested too deeply", write=_text(_deep_json(100_000))))
    add(Case("JSON object 100,000 deep", "deepobj.json", REJECTED, "nested too deeply",
             write=_text('{"a":' * 100_000 + "1" + "}" * 100_000)))
    add(Case("JSON 5,000-digit integer", "bigint.json", REJECTED, "digits",
             write=_text('{"title": "n", "text": "t", "n": ' + "9" * 5000 + "}")))
    add(Case("JSON empty array", "nothing.json", REJECTED, "empty JSON array", write=_text("[]")))
    add(Case("JSON empty object", "emptyobj.json", REJECTED, "neither 'text' nor 'html'", record="#1", write=_text("{}")))
    add(Case("JSON null", "null.json", REJECTED, "not an object", record="#1", write=_text("null")))
    add(Case("JSON string", "string.json", REJECTED, "not an object", record="#1", write=_text('"just a string"')))
    add(Case("JSON number", "number.json", REJECTED, "not an object", record="#1", write=_text("42")))
    add(Case("JSON infinity", "inf.json", REJECTED, "not an object", record="#1", write=_text("1e999")))
    add(Case("JSON text is empty", "emptytext.json", REJECTED, "'text' is empty", record="#1",
             write=_json({"title": "Nothing", "text": ""})))
    add(Case("JSON text and html empty", "emptyboth.json", REJECTED, "'text' and 'html' are empty", record="#1",
             write=_json({"title": "Nothing", "text": "  ", "html": ""})))
    add(Case("JSON text is a number", "numtext.json", REJECTED, "'text' is not a string", record="#1",
             write=_json({"title": "n", "text": 12})))
    add(Case("JSON title is a list", "listtitle.json", REJECTED, "'title' is not a string", record="#1",
             write=_json({"title": ["a"], "text": BODY})))
    add(Case("JSON lone surrogate in source", "surrogate-source.json", STORED, record="#1",
             write=_raw_json('{"title": "Source with a lone surrogate", "text": "%s", "source": "Vela \\ud800 Wire"}'
                             % BODY.replace("\n", "\\n"))))
    add(Case("JSON lone surrogate in url", "surrogate-url.json", STORED, record="#1",
             write=_raw_json('{"title": "URL with a lone surrogate", "text": "%s Url.", '
                             '"url": "https://example.test/\\udfff"}' % BODY.replace("\n", "\\n"))))
    add(Case("JSON lone surrogate in language", "surrogate-lang.json", STORED, record="#1",
             write=_raw_json('{"title": "Language with a lone surrogate", "text": "%s Lang.", "language": "e\\udc80"}'
                             % BODY.replace("\n", "\\n"))))
    add(Case("JSON lone surrogate in text and title", "surrogate-text.json", STORED, record="#1",
             write=_raw_json('{"title": "Title \\ud83d alone", "text": "%s \\ude00 Text."}' % BODY.replace("\n", "\\n"))))
    add(Case("JSON html fragment", "fragment.json", STORED, record="#1",
             write=_json({"title": "Fragment", "html": "<p>" + PARAGRAPHS[0] + "</p><p>" + PARAGRAPHS[1] + "</p>"})))
    add(Case("JSON single-paragraph html", "fragment1.json", STORED, record="#1",
             write=_json({"title": "One paragraph", "html": "<p>" + PARAGRAPHS[2] + " It rained.</p>"})))
    add(Case("JSON html page without text", "scriptpage.json", REJECTED, "no article text", record="#1",
             write=_json({"html": "<html><body><script>var x = 1;</script></body></html>"})))
    add(Case("JSON url with credentials", "creds.json", STORED, record="#1",
             write=_json({"title": "Credentials in the link", "text": BODY + " Creds.",
                          "url": "https://editor:s3cret@example.test/quay"})))
    add(Case("JSON year-0 date", "year0.json", STORED, record="#1",
             write=_json({"title": "Year zero", "text": BODY + " Zero.", "published": "0000-00-00"})))
    add(Case("JSON nonsense date", "baddate.json", STORED, record="#1",
             write=_json({"title": "Nonsense date", "text": BODY + " Nonsense.", "published": "the 45th of Smarch"})))
    add(Case("JSON huge date string", "hugedate.json", STORED, record="#1",
             write=_json({"title": "Huge date", "text": BODY + " Huge.", "published": "9" * 50_000})))
    add(Case("JSON duplicate keys", "dupkeys.json", STORED, record="#1",
             write=_text('{"title": "Duplicate keys", "text": "x", "text": "%s Dup."}' % BODY.replace("\n", "\\n"))))
    add(Case("JSON array: a good record", "mixed.json", STORED, record="#1", write=_json([
        {"title": "Mixed good record", "text": BODY + " Mixed."}, {"title": 5}, "text", None])))
    add(Case("JSON array: a bad record", "", REJECTED, "'title' is not a string", record="mixed.json#2"))
    add(Case("JSON array: a string record", "", REJECTED, "not an object", record="mixed.json#3"))
    add(Case("JSON array: a null record", "", REJECTED, "not an object", record="mixed.json#4"))
    add(Case("JSON Lines: good line", "lines.jsonl", STORED, record="#1", write=_text("\n".join([
        json.dumps({"title": "Lines good", "text": BODY + " Lines."}), "{not json", _deep_json(50_000),
        '{"text": 1' + "0" * 5000 + "}", "[]", ""]))))
    add(Case("JSON Lines: malformed line", "", REJECTED, "malformed JSON line", record="lines.jsonl#2"))
    add(Case("JSON Lines: deep line", "", REJECTED, "nested too deeply", record="lines.jsonl#3"))
    add(Case("JSON Lines: huge integer line", "", REJECTED, "digits", record="lines.jsonl#4"))
    add(Case("JSON Lines: array line", "", REJECTED, "not an object", record="lines.jsonl#5"))
    add(Case("plain text named .json", "prose.json", REJECTED, "malformed JSON", write=_text("Just words, not JSON.")))
    add(Case("suffixless JSON", "wirefeed", STORED, record="#1",
             write=_json({"title": "Suffixless wire", "text": BODY + " Suffixless."})))
    add(Case("text starting with a bracket", "bracket.txt", STORED, write=_text("[Updated] " + article("Bracket"))))
    # -- HTML -------------------------------------------------------------------------------------
    add(Case("HTML with only scripts", "script.html", REJECTED, "no article text",
             write=_text("<html><body><script>alert(1)</script></body></html>")))
    add(Case("HTML unclosed tags", "broken.html", REJECTED, "",
             write=_text("<html><body><div><p>Unclosed <b>tags everywhere")))
    add(Case("HTML 100,000 nested divs", "deep.html", REJECTED, "",
             write=_text("<html><body>" + "<div>" * 100_000 + "<p>Deep.</p>" + "</div>" * 100_000 + "</body></html>")))
    add(Case("HTML fragment file", "fragment.html", STORED,
             write=_text("<p>" + PARAGRAPHS[0] + "</p><p>" + PARAGRAPHS[2] + "</p>")))
    add(Case("HTML with NUL-free binary junk", "junk.html", REJECTED, "", write=_bytes(b"<html>" + PNG)))
    add(Case("HTML with a lying charset", "lying.html", STORED, write=_bytes(
        ('<html><head><meta charset="shift_jis"><title>Caf\u00e9 quay</title></head><body><article>'
         + "".join(f"<p>{p} Caf\u00e9.</p>" for p in PARAGRAPHS) + "</article></body></html>").encode("utf-8"))))
    add(Case("HTML entity flood", "entities.html", STORED, write=_text(
        "<html><body><article><h1>Entities</h1>" + "".join(f"<p>{p} &amp;&lt;&gt;&#x1F600;&#0;&#xD800;</p>"
                                                           for p in PARAGRAPHS) + "</article></body></html>")))
    # -- feeds ------------------------------------------------------------------------------------
    add(Case("RSS plain-text description", "plain.rss", STORED, record="#1",
             write=_text(rss(item("Plain description", PARAGRAPHS[0] + " " + PARAGRAPHS[1])))))
    add(Case("RSS single-paragraph description", "onepara.rss", STORED, record="#1",
             write=_text(rss(item("One paragraph entry", "&lt;p&gt;" + PARAGRAPHS[2] + "&lt;/p&gt;")))))
    add(Case("RSS year-0 date", "year0.rss", STORED, record="#1",
             write=_text(rss(item("Year zero entry", PARAGRAPHS[1] + " Zero.", date="Mon, 01 Jan 0000 00:00:00 GMT")))))
    add(Case("RSS day 31 of February", "feb31.rss", STORED, record="#1",
             write=_text(rss(item("February entry", PARAGRAPHS[0] + " Feb.", date="Sat, 31 Feb 2024 10:00:00 GMT")))))
    add(Case("RSS link-only entry", "linkonly.rss", REJECTED, "only a link", record="#1",
             write=_text(rss(item("Only a link", link="https://example.test/a")))))
    add(Case("RSS entry without text or link", "nothing.rss", REJECTED, "neither text nor a link", record="#1",
             write=_text(rss(item("Nothing at all")))))
    add(Case("RSS without entries", "noentries.rss", REJECTED, "feed has no entries", write=_text(rss(""))))
    add(Case("RSS malformed", "bad.rss", REJECTED, "malformed feed", write=_text("<rss><channel><title>x</title></chan")))
    add(Case("RSS with entity expansion", "laughs.rss", STORED, record="#1", write=_text(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>' + rss(item("Entities", PARAGRAPHS[0] + " &c;"))[21:])))
    add(Case("RSS external entity", "xxe.rss", STORED, record="#1", write=_text(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + rss(item("External entity", PARAGRAPHS[1] + " &x;"))[21:])))
    add(Case("Atom text content", "text.atom", STORED, record="#1", write=_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Vela Atom</title>'
        '<entry><title>Atom plain text</title><id>urn:x:1</id><updated>2023-11-28T10:00:00Z</updated>'
        f'<content type="text">{PARAGRAPHS[1]} {PARAGRAPHS[2]}</content></entry></feed>')))
    add(Case("RSS with a wrong encoding declaration", "wrongenc.rss", STORED, record="#1", write=_bytes(
        rss(item("Caf\u00e9 entry", PARAGRAPHS[0] + " Caf\u00e9."), title="Caf\u00e9 News").replace(
            'encoding="utf-8"', 'encoding="iso-8859-1"').encode("utf-8"))))
    add(Case("HTML named .rss", "page.rss", REJECTED, "", write=_text("<html><body><p>Not a feed.</p></body></html>")))
    # -- names ------------------------------------------------------------------------------------
    add(Case("newline in a file name", "line\nbreak.txt", STORED, write=_text(article("Name with a newline"))))
    add(Case("RTL mark in a file name", "evil\u202etxt.exe", STORED, write=_text(article("Name with an RTL mark"))))
    add(Case("escape in a file name", "esc\x1b[2J.txt", STORED, write=_text(article("Name with an escape"))))
    add(Case("255-character file name", "n" * 251 + ".txt", STORED, write=_text(article("A very long file name"))))
    add(Case("spaces and quotes in a name", "it's \"quoted\" name.txt", STORED, write=_text(article("Quoted name"))))
    add(Case("colon in a name", "note:2023.txt", STORED, write=_text(article("Colon in the name"))))
    add(Case("name that looks like a URL scheme", "http:notaurl.txt", STORED, write=_text(article("Scheme-like name"))))
    add(Case("hidden file", ".hidden.txt", SKIPPED, "hidden", write=_text(article("Hidden file"))))
    add(Case("hidden directory", ".git", SKIPPED, "hidden", write=lambda p: (p.mkdir(), (p / "config").write_text("x"))))
    # -- file kinds in a walk ---------------------------------------------------------------------
    add(Case("broken symbolic link", "dangling.txt", REJECTED, "broken symbolic link",
             write=lambda p: p.symlink_to(p.parent / "no-such-target.txt")))
    add(Case("self-referencing link", "selfloop", REJECTED, "symlink loop", write=lambda p: p.symlink_to(p)))
    add(Case("link to an enclosing directory", "sub/up", REJECTED, "symlink loop",
             write=lambda p: (p.parent.mkdir(exist_ok=True), p.symlink_to(p.parent.parent))))
    add(Case("link to the directory holding the folder", "outside", REJECTED, "which holds",
             write=lambda p: p.symlink_to(p.parent.parent)))
    add(Case("named pipe", "pipe.txt", REJECTED, "named pipe", write=lambda p: os.mkfifo(p)))
    add(Case("link to a directory read already", "linked", SKIPPED, "already read",
             write=lambda p: (p.parent.joinpath("elsewhere").mkdir(exist_ok=True),
                              p.parent.joinpath("elsewhere", "report.txt").write_text(article("Read once")),
                              p.symlink_to(p.parent / "elsewhere"))))
    add(Case("the linked directory's file", "", STORED, record="elsewhere/report.txt"))
    if os.geteuid() != 0:  # root reads everything
        add(Case("unreadable directory", "locked", REJECTED, "cannot read directory",
                 write=lambda p: (p.mkdir(), (p / "in.txt").write_text("x"), p.chmod(0))))
        add(Case("unreadable file", "secret.txt", REJECTED, "cannot read file",
                 write=lambda p: (p.write_text(article("Secret")), p.chmod(0))))
    return c


def write_cases(folder: Path) -> list[Case]:
    """Write GOOD and every case into `folder`; returns them all."""
    written = []
    for case in GOOD + cases():
        if case.write is not None:
            path = folder / case.name
            path.parent.mkdir(parents=True, exist_ok=True)
            case.write(path)
        written.append(case)
    return written


def unlock(folder: Path) -> None:
    """Give back the permissions the unreadable cases took (so pytest can clean up)."""
    for name in ("locked", "secret.txt"):
        path = folder / name
        if path.exists():
            path.chmod(0o700)
