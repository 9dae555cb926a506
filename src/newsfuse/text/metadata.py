"""Publication date and outlet guessed from an article's plain text, and the patterns that find them.

`clean.py` removes the same date lines and credits that this module reads, using the patterns
defined here, so what is taken out of the text and what is inferred from it always agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsfuse.text import calendar


@dataclass(slots=True, frozen=True)
class Inferred:
    """A metadata value guessed from the text, and the clue it came from."""

    value: str  # ISO date "2023-11-28", or an outlet name
    how: str  # "date line", "timestamp", "headline date", "source credit", "byline", "agency tag"


# --- dates -------------------------------------------------------------------------------------
# What a date line is, and the month names it may use, is defined once in `text/calendar.py`.

DATE_LINE_MAX = calendar.DATE_LINE_MAX


def match_date_line(line: str) -> tuple[str, bool] | None:
    """(ISO date, has a time of day) if the stripped `line` is a standalone date line."""
    return calendar.is_date_line(line)


# --- credits -----------------------------------------------------------------------------------

SOURCE_CREDIT = re.compile(
    r"\(?(?:izvor|извор|source|sources|quelle|quellen|fuente|fonte|źródło|burimi|kaynak|forrás)\s*:\s*"
    r"(?P<name>[^\s:].{0,79}?)[\s.)]*",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"(?:by|written\s+by|reported\s+by|von|par|por|autor\s*:|author\s*:|piše\s*:?|pise\s*:?)\s*"
    r"(?P<name>[^\s:][^.!?;]{0,79}?)\s*",
    re.IGNORECASE,
)

# "…at the meeting./REL": an agency tag glued to the last sentence of a paragraph.
AGENCY_TAG = re.compile(r"(?<=[.!?\"”»’'])[ \t]?/[ \t]?(?P<name>[A-Za-z][A-Za-z-]{1,11})[ \t]*$", re.MULTILINE)

_NAME_PARTICLES = frozenset("van von der den de da di del dos du le la al el bin ibn".split())
# Words that make a byline an outlet or a desk, not a person.
_OUTLET_WORDS = frozenset(
    "the news press times post agency media daily radio tv television online staff desk team editorial "
    "reporters reporter correspondent service journal network group wire magazine herald tribune today "
    "portal info dispatch insider observer report redakcija redakcije agencija portal vesti vijesti "
    "novine dnevnik redaktion zeitung nachrichten".split()
)
_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b|\bi\b|\bund\b|\bet\b|\by\b)\s*")


def looks_like_person(name: str) -> bool:
    """True for "Jana Petrić" or "Jean-Luc van der Berg": 2-3 capitalised name words, no outlet words."""
    words = [w for w in name.split() if w.lower() not in _NAME_PARTICLES]
    if not 2 <= len(words) <= 3:
        return False
    for word in words:
        bare = word.replace("-", "").replace("'", "").replace("’", "").rstrip(".")
        if word.lower().strip(".") in _OUTLET_WORDS or not bare.isalpha():
            return False
        if not word[0].isupper() or (len(bare) > 1 and bare.isupper()):
            return False  # "time news" or "BBC NEWS" are not people
    return True


def _credited(match: re.Match[str] | None) -> str | None:
    """The name in a credit match, unless it reads like a sentence ("By contrast, the rest ...")."""
    if not match:
        return None
    words = match.group("name").split()
    if len(words) > 6 or sum(w[0].islower() for w in words) > 2:
        return None
    return " ".join(words)


def match_source_credit(line: str) -> str | None:
    """The outlet named by a stripped "Izvor: Beta" / "Source : Jurist" line, else None."""
    return _credited(SOURCE_CREDIT.fullmatch(line))


def match_byline(line: str) -> str | None:
    """Whom a stripped "By ..." line credits (a person or an outlet), else None."""
    return _credited(BYLINE.fullmatch(line))


def byline_outlet(name: str) -> str | None:
    """The outlet a byline credits ("time news"), or None when it names only people."""
    parts = [p for p in _SEPARATORS.split(name.strip()) if p]
    outlets = [p for p in parts if not looks_like_person(p)]
    return outlets[-1].strip() if outlets else None


# --- inference ---------------------------------------------------------------------------------

def _lines(raw: str) -> list[str]:
    return [line.strip() for line in raw.split("\n") if line.strip()]


def infer_published(raw: str, title: str = "") -> Inferred | None:
    """The publication date: the report's first date line (`calendar.date_lines`: a standalone date
    near the top, a date at either end of the headline, a labelled date line further down).

    A date inside a body sentence ("On September 24, ...") is an event, not the publication.
    """
    found = calendar.report_date(raw, title)
    return Inferred(found.value, found.how) if found else None


# "© 2023 Ibar Valley Herald. All rights reserved.", "Morava Morning Post © 2023"
COPYRIGHT_HOLDER = (
    re.compile(r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?P<name>[A-Z][^.–|,©]{1,60}?)"
               r"\s*(?:[.–|,]|$)", re.IGNORECASE),
    re.compile(r"^(?P<name>[A-Z][^.–|,©]{1,60}?)\s*(?:©|\(c\))\s*\d{4}\.?$"),
)


def match_copyright_holder(line: str) -> str | None:
    for pattern in COPYRIGHT_HOLDER:
        match = pattern.match(line)
        if match:
            name = match.group("name").strip()
            if name and not name.lower().startswith(("all rights", "the author")):
                return name
    return None


def infer_source(raw: str) -> Inferred | None:
    """The outlet, from a source credit line, an outlet byline, a copyright line, or a trailing agency tag;
    like the credits, not from a photo credit or what follows a "related" block (`_credit_lines`)."""
    byline = holder = None
    lines = _credit_lines(raw)
    for line in lines:
        if len(line) > 100 or PHOTO_CREDIT.search(line):
            continue
        outlet = match_source_credit(line)
        if outlet:
            return Inferred(outlet, "source credit")
        name = match_byline(line)
        if name and byline is None and not FORMER_EMPLOYER.search(name):
            outlet = byline_outlet(name)
            if outlet:
                byline = Inferred(outlet, "byline")
        if holder is None:
            name = match_copyright_holder(line)
            holder = Inferred(name, "copyright line") if name else None
    if byline or holder:
        return byline or holder
    tags = AGENCY_TAG.findall("\n".join(lines))
    return Inferred(tags[-1], "agency tag") if tags else None


# --- publisher and credits -----------------------------------------------------------------------
# The publisher is who published this copy (the input's `source`: JSON record, og:site_name, feed
# title; else the URL's site; else a masthead or copyright line). Credits are the agencies or outlets
# the copy names as its origin: a source credit line, a "(Reuters) -" dateline, an outlet byline, a
# trailing "/REL" tag. Photo credits, "related" blocks and an author's former employers are not credits.

PHOTO_CREDIT = re.compile(r"\b(?:photo|foto|fotografija|image|illustration|ilustracija|getty|shutterstock|"
                          r"screenshot|video)\b", re.IGNORECASE)
RELATED_BLOCK = re.compile(r"^(?:related(?:\s+(?:posts|articles|news|stories))?|read\s+(?:also|more)|see\s+also|"
                           r"you\s+may\s+also\s+like|more\s+(?:news|stories)|latest\s+news|možda\s+vas\s+zanima|"
                           r"pročitajte\s+(?:još|i)|lexo\s+edhe|komentari(?:\s+\d+)?|povezane\s+vijesti)\W*$",
                           re.IGNORECASE)
FORMER_EMPLOYER = re.compile(r"\b(?:former(?:ly)?|ex-|previously|once|retired|used\s+to|bivši|bivsi)\b", re.IGNORECASE)
FIRST_APPEARED = re.compile(r"(?:this|the)\s+(?:report|article|story|piece|interview)\s+(?:was\s+)?(?:first\s+|originally\s+)?"
                            r"(?:appeared|published|ran)\s+(?:in|on|by)\s+(?:the\s+)?(?P<name>[A-Z][\w&'’ .-]{1,60}?)"
                            r"(?:\s+(?:newsletter|website|site|edition|magazine))?\s*[.,;]?$", re.IGNORECASE)
# "LANTERN STREET REVIEW | Europe": a masthead in capitals over a section name, near the top
MASTHEAD = re.compile(r"^(?P<name>[A-Z][A-Z&'’. -]{2,40}[A-Z])\s*[|·•]\s*\w[\w ]{0,30}$")
_OWN_STAFF = re.compile(r"\s+(?:staff|desk|team|reporters|correspondents?|newsroom)$", re.IGNORECASE)
DATELINE_CREDIT = re.compile(r"^[^\n()]{0,60}\((?P<name>[A-Za-z][\w/ .-]{1,40}?)\)\s*[-–—]\s")


def _credit_lines(raw: str) -> list[str]:
    """The report's short lines up to its first "related"/"comments" block."""
    lines = []
    for line in _lines(raw):
        if RELATED_BLOCK.match(line):
            break
        lines.append(line)
    return lines


def infer_credits(raw: str, table=None) -> list[Inferred]:
    """The origins the report credits, in the order found, one per agency or outlet; agency names
    canonical ("REL" -> "RFE/RL")."""
    from newsfuse.text.agencies import agencies  # the table is data, loaded on first use

    table = table or agencies()
    found: list[Inferred] = []

    def add(name: str | None, how: str) -> None:
        if not name or PHOTO_CREDIT.search(name):
            return
        for part in re.split(r"\s*[/,;]\s*|\s+(?:and|i|dhe|und|et)\s+", name) if table.lookup(name) is None else [name]:
            part = part.strip()
            if not part:
                continue
            canonical = table.canonical(part)
            if canonical.casefold() not in {f.value.casefold() for f in found}:
                found.append(Inferred(canonical, how))

    lines = _credit_lines(raw)
    body = "\n".join(lines)
    dateline = DATELINE_CREDIT.match(body[:400].lstrip()) if body else None
    if dateline and table.lookup(dateline.group("name")):
        add(dateline.group("name"), "dateline")
    for line in lines:
        if len(line) > 100 or PHOTO_CREDIT.search(line):
            continue
        outlet = match_source_credit(line)
        if outlet:
            add(outlet, "source credit")
            continue
        appeared = FIRST_APPEARED.search(line)
        if appeared:
            add(appeared.group("name"), "first appeared in")
            continue
        name = match_byline(line)
        if name and not FORMER_EMPLOYER.search(name):
            outlet = byline_outlet(name)
            add(_OWN_STAFF.sub("", outlet) if outlet else None, "byline")
    for tag in AGENCY_TAG.findall(body):
        add(tag, "agency tag")
    return found


def site_of(url: str | None) -> str | None:
    """The site a URL belongs to: "https://www.b92.net/info/..." -> "b92.net"."""
    if not url:
        return None
    match = re.match(r"^[a-z][a-z0-9+.-]*://(?:[^@/]*@)?(?P<host>[^/:?#]+)", url.strip(), re.IGNORECASE)
    if not match:
        return None
    host = match.group("host").lower().rstrip(".")
    for prefix in ("www.", "m.", "amp.", "mobile.", "en.", "www2.", "news."):
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix):]
    return host or None


def infer_publisher(raw: str, url: str | None = None, given: str | None = None) -> Inferred | None:
    """Who published this copy: the input's own `source` (JSON record, og:site_name, feed title),
    else the URL's site, else the copyright line's holder (a masthead)."""
    if given and given.strip():
        return Inferred(" ".join(given.split()), "input")
    site = site_of(url)
    if site:
        return Inferred(site, "url")
    lines = _credit_lines(raw)
    for line in lines[:6]:
        masthead = MASTHEAD.match(line)
        if masthead:
            return Inferred(masthead.group("name").title(), "masthead")
    for line in lines:
        if len(line) <= 100:
            holder = match_copyright_holder(line)
            if holder and not PHOTO_CREDIT.search(holder):
                return Inferred(holder, "copyright line")
    return None
