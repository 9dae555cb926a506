"""Scraped news text made clean: the headline, the body paragraphs, and every piece taken out.

Each kind of boilerplate is a `Rule` in `RULES` (a reason and a line matcher), so a new kind is one
more row. Lines are matched one at a time; a teaser heading ("You may also like") also takes the
lines after it until body text resumes. Every removal is kept as a `Removed` with offsets into raw.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import ftfy

from newsfuse.text.metadata import AGENCY_TAG, DATE_LINE_MAX, byline_outlet, match_byline, match_date_line, match_source_credit
from newsfuse.models import Removed


@dataclass(slots=True, frozen=True)
class Cleaned:
    """What `clean_text` makes of one article's plain text."""

    title: str  # the headline
    text: str  # the body, boilerplate removed, paragraphs separated by "\n\n"
    removed: tuple[Removed, ...]  # every removed piece, with a reason and offsets into the input


# Spaces that look like a space become one; invisible characters that split words go.
_SPACES = str.maketrans(
    {**{ch: " " for ch in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
        "\u202f\u205f\u3000\t\x0b\x0c"},
     **{ch: None for ch in "\u200b\u2060\ufeff\u00ad"}}
)


def fix_unicode(raw: str) -> str:
    """Repair mojibake and HTML entities, make every line break "\\n" and every space " ".

    Curly quotes are kept: they tell where a quotation opens and closes.
    """
    return ftfy.fix_text(raw, uncurl_quotes=False).translate(_SPACES)


# --- rules -------------------------------------------------------------------------------------

Span = tuple[int, int]
Matcher = Callable[[str, str], Span | None]  # (stripped line, headline key) -> part of the line to remove


@dataclass(slots=True, frozen=True)
class Rule:
    reason: str
    match: Matcher
    max_len: int | None = 120  # longer lines are body text: the rule is not tried on them
    opens_block: bool = False  # the lines after it are removed too, until body text resumes


def _whole(*patterns: str) -> Matcher:
    """A matcher removing a line that is entirely one of `patterns` (case-insensitive)."""
    pattern = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)

    def match(line: str, _title: str) -> Span | None:
        return (0, len(line)) if pattern.fullmatch(line) else None

    return match


def _when(test: Callable[[str], object]) -> Matcher:
    """A matcher removing a line for which `test(line)` is truthy."""

    def match(line: str, _title: str) -> Span | None:
        return (0, len(line)) if test(line) else None

    return match


KICKERS = (r"(?:flash\s+news|breaking(?:\s+news)?|news|exclusive|update[sd]?|live(?:\s+updates|\s+blog)?|video|"
           r"photos?|gallery|watch|analysis|opinion|interview|explainer|ekskluzivno|ekskluziva|udarna\s+vest|hitno|"
           r"eilmeldung|exklusiv|dernière\s+minute|urgent|urgente|última\s+hora|lajm\s+i\s+fundit|vesti|vijesti)")
TITLE_KICKER = re.compile(KICKERS + r"\s*(?::|\||–|—|\s-)\s+", re.IGNORECASE)

COMMENTS = (
    r"(?:\d+\s+)?(?:comments?|komentar[aeiu]?|коментар[аиу]?|kommentare?|commentaires?|comentarios?|commenti|"
    r"komente|komentet)(?:\s*[:(]?\s*\d+\s*\)?)?",
    r"(?:leave|post|add|write|show|view|load|see|read|hide|open|display)\s+(?:a\s+|the\s+|all\s+|your\s+|more\s+|"
    r"\d+\s+)?(?:comments?|reply|replies|response)",
    r"(?:pogledaj(?:te)?|prikaži|pročitaj(?:te)?|ostavi(?:te)?|dodaj(?:te)?|napiši(?:te)?|pošalji(?:te)?|vidi|"
    r"komentariši(?:te)?)\s+(?:sve\s+)?(?:komentar[aeiu]?)",
    r"kommentare?\s+(?:schreiben|anzeigen|lesen|verfassen)",
    r"(?:laisser|ajouter|écrire)\s+un\s+commentaire",
    r"comments\s+are\s+closed|no\s+comments(?:\s+yet)?|be\s+the\s+first\s+to\s+comment|"
    r"join\s+the\s+(?:discussion|conversation)|comment\s+on\s+this\s+(?:article|story)",
)

# Headings of teaser blocks: the headlines and snippets of other articles that follow them go too.
TEASER_HEADINGS = (
    r"(?:you\s+(?:may|might)\s+(?:also\s+)?(?:be\s+interested(?:\s+in)?|like|enjoy)|"
    r"related(?:\s+(?:posts|articles|news|stories|content|coverage|topics))?|"
    r"(?:the\s+)?latest(?:\s+(?:news|stories|articles|headlines|posts))?|read\s+(?:also|more|next)|also\s+read|"
    r"see\s+also|more\s+(?:news|stories|articles|from\s+\w+(?:\s+\w+)?|on\s+this\s+(?:topic|story))|"
    r"recommended(?:\s+(?:for\s+you|articles|stories))?|most\s+(?:read|popular|viewed)|"
    r"popular(?:\s+(?:posts|news|now|stories))?|trending(?:\s+(?:now|news|stories))?|don'?t\s+miss|top\s+stories|"
    r"editor'?s\s+picks|what\s+to\s+read\s+next|recent\s+posts|other\s+news|"
    # Serbian, Croatian, Bosnian
    r"mo[žz]da\s+vas\s+(?:zanima|interesuje)(?:\s+i)?|pro[čc]itaj(?:te)?\s+(?:jo[šs]|i|vi[šs]e|tako[đd]e|također)|"
    r"(?:povezane|vezane|ostale)\s+(?:vesti|vijesti|teme)|najnovije(?:\s+(?:vesti|vijesti))?|"
    r"najčitanije(?:\s+(?:vesti|vijesti))?|najcitanije|preporučujemo|jo[šs]\s+(?:vesti|vijesti|iz\s+rubrike)|"
    r"izdvojeno|(?:tekstovi\s+)?na\s+istu\s+temu|можда\s+вас\s+занима|прочитајте\s+још|повезане\s+вести|"
    r"најновије(?:\s+вести)?|"
    # German
    r"das\s+könnte\s+(?:sie|dich)\s+auch\s+interessieren|auch\s+interessant|mehr\s+zum\s+thema|"
    r"weitere\s+(?:artikel|nachrichten|meldungen)|lesen\s+sie\s+(?:auch|mehr)|(?:verwandte|ähnliche)\s+artikel|"
    r"neueste\s+(?:nachrichten|artikel)|meistgelesen(?:e\s+artikel)?|empfohlene\s+artikel|mehr\s+aus\s+dem\s+ressort|"
    # French, Spanish, Italian, Albanian
    r"(?:à\s+)?lire\s+aussi|vous\s+aimerez\s+aussi|vous\s+pourriez\s+aussi\s+aimer|articles\s+similaires|"
    r"sur\s+le\s+même\s+sujet|dernières\s+(?:nouvelles|actualités|infos)|les\s+plus\s+lus|à\s+voir\s+aussi|"
    r"(?:también\s+)?te\s+puede\s+interesar|noticias\s+relacionadas|lee\s+también|más\s+noticias|"
    r"últimas\s+noticias|lo\s+más\s+leído|potrebbe\s+interessarti|leggi\s+anche|articoli\s+correlati|"
    r"ultime\s+notizie|i\s+più\s+letti|lajmet\s+e\s+fundit|lexo\s+(?:edhe|më\s+shumë)|(?:lajme\s+)?të\s+ngjashme)"
    r"\s*[:.…»›>]*"
)
TEASER_INLINE = (
    r"(?:read\s+(?:also|more)|also\s+read|see\s+also|related|pro[čc]itajte\s+(?:jo[šs]|i)|pro[čc]itaj\s+(?:jo[šs]|i)|"
    r"lesen\s+sie\s+auch|(?:à\s+)?lire\s+aussi|lee\s+también|leggi\s+anche|lexo\s+edhe)\s*[:>»›-]\s*\S.{0,240}"
)

SHARE = (
    r"(?:share|tweet|print|email|e-mail)(?:\s+this(?:\s+(?:article|story|post|page))?)?"
    r"(?:\s+(?:on|via)\s+(?:facebook|twitter|x|whatsapp|linkedin|viber|telegram|email))?\s*:?",
    r"(?:podeli|podijeli|teilen|partager|compartir|condividi|shpërndaj)(?:te)?(?:\s+(?:na|auf|sur|en|su)\s+\w+)?\s*:?",
    r"(?:follow\s+us|pratite\s+nas|folgen\s+sie\s+uns|suivez-nous|síguenos)"
    r"(?:\s+(?:on|na|auf|sur|en))?(?:\s+\w+)?\s*:?",
    r"(?:(?:facebook|twitter|x|whatsapp|viber|telegram|linkedin|email|e-mail|print|pinterest|reddit|messenger|"
    r"copy\s+link)\s*[|,·•/]?\s*){2,}",
)
ADVERTISEMENT = r"(?:advertisement|advertising|sponsored(?:\s+content)?|reklama|oglas|anzeige|publicité|publicidad|" \
                r"pubblicità|reklamë)\s*:?"
COPYRIGHT = (r"(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})).{0,120}", r"all\s+rights\s+reserved\.?",
             r"sva\s+prava\s+(?:zadržana|pridržana)\.?")
HASHTAGS = r"(?:#[^\s#]+[\s,]*)+"

_CRUMB_SEP = re.compile(r"\s*[»›>→]\s*")
_HOME = frozenset(
    "home homepage početna pocetna naslovna startseite accueil inicio ballina почетна насловна главная".split()
)


def breadcrumb_tail(line: str) -> int | None:
    """Where the last crumb starts if `line` is a breadcrumb ("Home » World » Headline"), else None."""
    seps = list(_CRUMB_SEP.finditer(line))
    if not seps or seps[0].start() == 0:
        return None
    crumbs = _CRUMB_SEP.split(line)
    if crumbs[0].strip().casefold() in _HOME or (len(crumbs) >= 3 and all(len(c.split()) <= 3 for c in crumbs[:-1])):
        return seps[-1].end()
    return None


_TAGS_LABEL = re.compile(
    r"(?:tags?|tagovi|oznake|teme|topics|schlagwörter|schlagworte|themen|mots-clés|etiquetas)\s*:\s*\S.*",
    re.IGNORECASE,
)
_SENTENCE_PUNCT = frozenset(".,;:!?\"“”„()")
# Section names outlets list under a headline; two or more of them on a line of capitalised words
# make it a category list rather than a title-case headline.
_CATEGORY_WORDS = frozenset(
    "news world politics europe european region regional featured top global local business economy sport sports "
    "culture society opinion tech technology science health lifestyle entertainment breaking latest balkans africa "
    "asia americas international national home headlines trending video vesti vijesti politika svet svijet društvo "
    "ekonomija kultura hronika regija nachrichten politik welt wirtschaft kultur actualités monde société "
    "noticias mundo política economía notizie mondo politica".split()
)


def _is_category_list(line: str) -> bool:
    if _TAGS_LABEL.fullmatch(line):
        return True
    if not _SENTENCE_PUNCT.isdisjoint(line):
        return False
    words = [w for w in re.split(r"[\s|/·•]+", line) if w]
    if not 3 <= len(words) <= 20 or not all(w[0].isupper() or w == "&" for w in words):
        return False
    hits = sum(w.casefold() in _CATEGORY_WORDS for w in words)
    return hits >= 2 and hits >= 0.4 * len(words)


_PHOTO_LABEL = re.compile(
    r"\(?(?:photo(?:graph)?s?|foto(?:grafija)?|images?|pictures?|bild|credit|photo\s+credit|ilustracija|illustration|"
    r"izvor\s+fotografije)\s*(?:credit)?\s*[:©]\s*\S.{0,100}",
    re.IGNORECASE,
)
_PHOTO_WORDS = re.compile(
    r"\b(?:[Pp]hotos?|PHOTO|[Ff]oto|FOTO|[Ii]mages?|Getty|Reuters|AP|AFP|EPA|EFE|Tanjug|Beta|FoNet|Fonet|"
    r"Shutterstock|Anadolu|AA|Xinhua|ANSA|dpa|Pixabay|Unsplash|Hina|HINA)\b"
)


def _is_photo_credit(line: str) -> bool:
    if _PHOTO_LABEL.fullmatch(line):
        return True
    return (len(line) <= 80 and line[-1] not in ".!?" and len(line.split()) <= 10
            and ("/" in line or "©" in line) and _PHOTO_WORDS.search(line) is not None)


def _is_outlet_byline(line: str) -> bool:
    name = match_byline(line)
    return name is not None and byline_outlet(name) is not None


def _is_person_byline(line: str) -> bool:
    name = match_byline(line)
    return name is not None and byline_outlet(name) is None


def headline_key(text: str) -> str:
    """A headline reduced for comparison: case, spacing, edge punctuation and "..." ignored."""
    return " ".join(text.casefold().split()).strip(" .…:;,-–—|\"'“”‘’")


def _repeated_headline(line: str, title_key: str) -> Span | None:
    if not title_key:
        return None
    key = headline_key(line)
    # also a repeat cut short ("...what it takes to") or behind a kicker ("News: <headline>")
    repeated = key == title_key or (len(key) >= 20 and title_key.startswith(key)) or (
        len(title_key) >= 20 and key.endswith(title_key) and len(key) <= len(title_key) + 25)
    return (0, len(line)) if repeated else None


def _agency_tag(line: str, _title: str) -> Span | None:
    match = AGENCY_TAG.search(line)
    return match.span() if match else None


RULES: tuple[Rule, ...] = (
    Rule("kicker", _whole(KICKERS + r"\s*[:!]?")),
    Rule("breadcrumb", _when(lambda line: breadcrumb_tail(line) is not None), max_len=300),
    Rule("comments", _whole(*COMMENTS)),
    Rule("related links", _whole(TEASER_HEADINGS), opens_block=True),
    Rule("related links", _whole(TEASER_INLINE), max_len=260),
    Rule("hashtags", _whole(HASHTAGS), max_len=600),
    Rule("category list", _when(_is_category_list), max_len=200),
    Rule("photo credit", _when(_is_photo_credit)),
    Rule("date line", _when(match_date_line), max_len=DATE_LINE_MAX),
    Rule("source credit", _when(match_source_credit)),
    Rule("source credit", _when(_is_outlet_byline)),
    Rule("byline", _when(_is_person_byline)),
    Rule("share prompt", _whole(*SHARE), max_len=160),
    Rule("advertisement", _whole(ADVERTISEMENT)),
    Rule("copyright", _whole(*COPYRIGHT), max_len=160),
    Rule("repeated headline", _repeated_headline, max_len=400),
    Rule("agency tag", _agency_tag, max_len=None),
)

# Every reason a `Removed` from `clean_text` can carry.
REASONS: frozenset[str] = frozenset(rule.reason for rule in RULES)


def first_match(line: str, title_key: str = "") -> tuple[Rule, Span] | None:
    """The first rule that matches a stripped line, and the part of the line it removes."""
    for rule in RULES:
        if rule.max_len is not None and len(line) > rule.max_len:
            continue
        span = rule.match(line, title_key)
        if span is not None:
            return rule, span
    return None


# --- cleaning ----------------------------------------------------------------------------------

MAX_TITLE_LEN = 250  # a longer first line is a body paragraph, and the text has no headline
_TERMINAL = frozenset(".!?:;…\"”»'’)]")
_SENTENCE_END = re.compile(r"[.!?][\"”»’)]?\s+[\"“„«(]?[A-ZÀ-ÖØ-ÞĀ-Ž\d]")


@dataclass(slots=True)
class _Line:
    start: int  # offsets of the stripped line in raw
    end: int
    text: str
    keep: bool = True


def _blocks(raw: str) -> list[list[_Line]]:
    """Non-empty lines with their offsets, grouped into blocks separated by blank lines."""
    blocks: list[list[_Line]] = [[]]
    offset = 0
    for piece in raw.split("\n"):
        text = piece.strip()
        if text:
            start = offset + len(piece) - len(piece.lstrip())
            blocks[-1].append(_Line(start, start + len(text), text))
        elif blocks[-1]:
            blocks.append([])
        offset += len(piece) + 1
    return [block for block in blocks if block]


def _looks_like_body(block: list[_Line]) -> bool:
    """A paragraph of two or more full sentences: real body text, not a teaser snippet."""
    text = " ".join(line.text for line in block)
    return len(text) >= 250 and len(_SENTENCE_END.findall(text)) >= 1 and not text.endswith(("…", "..."))


def _continues(previous: str, following: str) -> bool:
    """True when `following` is the same paragraph hard-wrapped onto a new line."""
    if following[0].islower():
        return True
    if previous[-1] in ",-–(":
        return True
    return previous[-1] not in _TERMINAL and len(previous) >= 50


def _paragraphs(blocks: list[list[_Line]], kept: dict[int, str]) -> list[str]:
    paragraphs: list[str] = []
    for block in blocks:
        current = ""
        for line in block:
            text = kept.get(line.start)
            if text is None:  # a removed line ends the paragraph before it
                if current:
                    paragraphs.append(current)
                current = ""
                continue
            if current and _continues(current, text):
                glue = "" if current[-1] == "-" and current[-2:-1].isalpha() and text[0].islower() else " "
                current = current + glue + text
            else:
                if current:
                    paragraphs.append(current)
                current = text
        if current:
            paragraphs.append(current)
    return [" ".join(p.split()) for p in paragraphs]


class _Removals:
    """Collects removed spans; adjacent spans of one reason become one `Removed`."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.spans: list[tuple[int, int, str]] = []

    def add(self, start: int, end: int, reason: str) -> None:
        raw = self.raw
        while start < end and raw[start].isspace():
            start += 1
        while end > start and raw[end - 1].isspace():
            end -= 1
        if start < end:
            self.spans.append((start, end, reason))

    def result(self) -> tuple[Removed, ...]:
        merged: list[tuple[int, int, str]] = []
        for start, end, reason in sorted(self.spans):
            if merged and merged[-1][2] == reason and not self.raw[merged[-1][1]:start].strip():
                merged[-1] = (merged[-1][0], end, reason)
            else:
                merged.append((start, end, reason))
        return tuple(Removed(self.raw[s:e], reason, s, e) for s, e, reason in merged)


def _find_title(lines: list[_Line], removals: _Removals) -> tuple[str, int]:
    """The headline and the index of the first body line; boilerplate above the headline is removed."""
    for index, line in enumerate(lines):
        if len(line.text) > MAX_TITLE_LEN:
            return "", index
        tail = breadcrumb_tail(line.text)
        if tail is not None and len(line.text[tail:].split()) >= 4:
            removals.add(line.start, line.start + tail, "breadcrumb")
            return line.text[tail:], index + 1
        found = first_match(line.text)
        if found and found[1] == (0, len(line.text)):
            removals.add(line.start, line.end, found[0].reason)
            continue
        kicker = TITLE_KICKER.match(line.text)
        if kicker and kicker.end() < len(line.text):
            removals.add(line.start, line.start + kicker.end(), "kicker")
            return line.text[kicker.end():], index + 1
        return line.text, index + 1
    return "", len(lines)


def clean_text(raw: str, title: str | None = None) -> Cleaned:
    """Split scraped plain text into headline and body paragraphs, removing boilerplate.

    With `title` None the headline is the first line that is not boilerplate; with a `title`
    (from HTML or JSON metadata) all of `raw` is body. `raw` should have been through `fix_unicode`.
    """
    removals = _Removals(raw)
    blocks = _blocks(raw)
    lines = [line for block in blocks for line in block]
    if title is None:
        title, first_body = _find_title(lines, removals)
        for line in lines[:first_body]:
            line.keep = False
    title = " ".join(title.split())
    title_key = headline_key(title)

    kept: dict[int, str] = {}
    in_teaser = body_started = False
    for block in blocks:
        if in_teaser and _looks_like_body(block):
            in_teaser = False
        for line in block:
            if not line.keep:
                continue
            found = first_match(line.text, title_key)
            if found is None:
                if in_teaser:
                    removals.add(line.start, line.end, "related links")
                else:
                    kept[line.start] = line.text
                    body_started = True
                continue
            rule, (start, end) = found
            removals.add(line.start + start, line.start + end, rule.reason)
            rest = (line.text[:start] + " " + line.text[end:]).strip()
            if rest:
                kept[line.start] = rest
                body_started = True
            in_teaser = in_teaser or (rule.opens_block and body_started)
    return Cleaned(title=title, text="\n\n".join(_paragraphs(blocks, kept)), removed=removals.result())
