"""What spaCy tags as a name but is not an entity, with the reason it is rejected.

Dates and numbers ("September 24", "2023"), a title cut out of a longer name ("State" in
"Secretary of State", "Interior" in "Interior Minister"), a common word that only opens a sentence
("Schools in Lindmark", "Stones, bottles"), share buttons ("Facebook Twitter Email") and the
outlet's own name in its masthead, credit line or copyright ("LANTERN STREET REVIEW | Europe",
"Morava Morning Post © 2023", "reached by Adriatic Wire" in Adriatic Wire's own report).
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

from newsfuse.models import Article, Mention
from newsfuse.entities.normalize import TITLES, acronym, fold

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
          "dec")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DATE_WORDS = frozenset(MONTHS + WEEKDAYS) | {"the", "of", "on", "night", "morning", "evening", "st", "nd", "rd",
                                               "th", "and", "to", "early", "late", "mid"}
# One-word names that are common nouns when they stand alone.
GENERIC = frozenset({
    "state", "government", "ministry", "police", "army", "council", "parliament", "court", "church", "city",
    "region", "province", "district", "village", "town", "capital", "country", "republic", "kingdom", "embassy",
    "interior", "defence", "defense", "foreign", "office", "department", "agency", "authorities", "officials",
    "residents", "schools", "calm", "stones", "minister", "president", "secretary", "spokesman", "spokeswoman",
    "north", "south", "east", "northern", "southern", "eastern", "western", "central", "today", "yesterday",
    "tomorrow", "news", "update", "photo", "video", "source", "sources", "comments", "share", "home",
})
# Last words that make an ORG-tagged phrase a title ("EU Special Representative", "NATO Secretary General").
ROLE_HEADS = frozenset({"representative", "secretary", "minister", "spokesman", "spokeswoman", "spokesperson", "envoy",
                        "ambassador", "president", "commissioner", "chairman", "chairwoman", "premier"})
SHARE_WORDS = frozenset({"share", "this", "article", "facebook", "twitter", "x", "email", "e-mail", "whatsapp",
                         "linkedin", "telegram", "viber", "print", "copy", "link", "reddit", "messenger", "tweet",
                         "follow", "us", "on"})
# What a masthead or credit line holds besides the outlet's name.
_CREDIT_REST = re.compile(r"^[\s|·•©:/,\-–—()\d]*(?:(?:all rights reserved|by|staff|europe|world|news|home|"
                          r"politics|region|balkans|business|opinion|analysis|copyright)\b[\s|·•©:/,.\-–—()\d]*)*$",
                          re.IGNORECASE)
_CREDIT_LABEL = re.compile(r"^\s*(?:photo|foto|image|video|source|izvor|credit|copyright|by)s?\s*[:/]?\s*$", re.I)
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|\n\s*|[\"“‘']\s*)$")
_DIGITS = re.compile(r"^[\d\s.,:/\-–]+$")


def not_an_entity(article: Article, mention: Mention) -> str | None:
    """Why the mention names no entity ("rejected: ..."), or None when it may name one."""
    text = article.text
    words = fold(mention.text).split()
    if not words:
        return None
    if _is_date(words, mention.text):
        return "rejected: a date or a number, not a name"
    if _cut_title(text, mention, words):
        return "rejected: a title cut from a longer name"
    if mention.label == "ORG" and len(words) >= 2 and words[-1] in ROLE_HEADS:
        return "rejected: a title, not a name"
    if _tag_line(text, mention):
        return "rejected: a line of tags or categories"
    if _share_line(text, mention):
        return "rejected: share buttons"
    if _outlet_name(article, mention, words):
        return "rejected: the outlet's own name or a credit (masthead, credit line, byline)"
    if len(words) == 1 and _generic(text, mention, words[0]):
        return "rejected: a common word, not a name"
    return None


def _is_date(words: list[str], raw: str) -> bool:
    if _DIGITS.match(raw.strip()):
        return True
    has_date_word = any(w in MONTHS or w in WEEKDAYS for w in words)
    return has_date_word and all(w in _DATE_WORDS or w.isdigit() or re.fullmatch(r"\d+(?:st|nd|rd|th)", w)
                                 for w in words)


def _cut_title(text: str, mention: Mention, words: list[str]) -> bool:
    """ "Secretary of [State]", "[Interior] Minister": one title word of a longer title."""
    if len(words) != 1 or words[0] not in TITLES:
        return False
    before = text[max(0, mention.start - 40):mention.start]
    if re.search(r"\b(?:[A-Z][a-z]+ )?(?:Secretary|Minister|Ministry|Department|Secretariat|Office) of (?:the )?$",
                 before):
        return True
    after = text[mention.end:mention.end + 30]
    return bool(re.match(r" (?:Minister|Ministry|Secretary|Department|Affairs)\b", after))


def _line_of(text: str, mention: Mention) -> tuple[str, str]:
    start, end = _bounds(text, mention)
    return text[start:mention.start], text[mention.end:end]


def _bounds(text: str, mention: Mention) -> tuple[int, int]:
    start = text.rfind("\n", 0, mention.start) + 1
    end = text.find("\n", mention.end)
    return start, len(text) if end < 0 else end


def _whole_line(text: str, mention: Mention) -> tuple[int, int] | None:
    """The bounds of the mention's line when the mention is the text it spans (then what is said of the line
    holds for every mention on it, and is worked out once per line)."""
    if text[mention.start:mention.end] != mention.text:
        return None
    return _bounds(text, mention)


# ASCII word characters that no share button's word holds: `fold` keeps them (in ASCII text it only lowers
# case, drops apostrophes and abbreviation dots and makes the rest of the non-word characters spaces)
_NO_SHARE_CHAR = re.compile("[" + "".join(re.escape(c) for c in string.ascii_letters + string.digits + "_&"
                                          if c.lower() not in set("".join(SHARE_WORDS))) + "]")


# `fold` keeps every ASCII letter, digit and "_" of any text (it only transliterates what is not ASCII); "&"
# it keeps only in ASCII text
_NO_SHARE_LETTER = re.compile("[" + "".join(re.escape(c) for c in string.ascii_letters + string.digits + "_"
                                            if c.lower() not in set("".join(SHARE_WORDS))) + "]")


# In ASCII text `fold` only lowers case, joins letters across an apostrophe or an abbreviation dot and makes
# the rest of the non-word characters (all but "&") spaces: each run below lies whole inside one folded word,
# so a run that is part of no share button's word leaves a folded word that is none.
_ASCII_RUN = re.compile(r"[A-Za-z0-9_&]+")
_SHARE_PIECES = frozenset(word[i:j] for word in SHARE_WORDS for i in range(len(word)) for j in range(i + 1, len(word) + 1))


def _share_line(text: str, mention: Mention) -> bool:
    line = _whole_line(text, mention)
    if line is not None and _has_no_share_char(text, *line):
        return False  # the same characters as the line built below, and spaces
    before, after = _line_of(text, mention)
    raw = before + " " + mention.text + " " + after
    if (_NO_SHARE_CHAR if raw.isascii() else _NO_SHARE_LETTER).search(raw):
        return False  # a word of the line is no share button's: known without folding the whole line
    if raw.isascii() and not all(run.lower() in _SHARE_PIECES for run in _ASCII_RUN.findall(raw)):
        return False  # a run of letters ("the") that is part of no share button's word: the same, unfolded
    line = fold(raw).split()
    return bool(line) and all(w in SHARE_WORDS for w in line) and len(line) >= 2


@lru_cache(maxsize=4096)
def _has_no_share_char(text: str, start: int, end: int) -> bool:
    line = text[start:end]
    return bool((_NO_SHARE_CHAR if line.isascii() else _NO_SHARE_LETTER).search(line))


def _tag_line(text: str, mention: Mention) -> bool:
    """ "Balkans Europe European Union Featured Global News": six or more capitalized words, no punctuation."""
    line = _whole_line(text, mention)
    if line is not None:
        return _is_tag_line(text[line[0]:line[1]])
    before, after = _line_of(text, mention)
    return _is_tag_line(before + mention.text + after)


@lru_cache(maxsize=4096)
def _is_tag_line(line: str) -> bool:
    words = line.split()
    return len(words) >= 6 and all(w[:1].isupper() for w in words) and not re.search(r"[.,;:!?\"“”]", " ".join(words))


def _outlet_name(article: Article, mention: Mention, words: list[str]) -> bool:
    key = " ".join(words)
    source = fold(article.source or "")
    if source and len(words) >= 2 and (key == source or acronym(key) == source.replace(" ", "")):
        return True  # the outlet naming itself ("residents reached by Adriatic Wire")
    if len(words) < 2:
        return False
    before, after = _line_of(article.text, mention)
    if _CREDIT_LABEL.match(before) and len(after.split()) <= 4:
        return True  # "Photo: Morava Morning Post / archive", "Izvor: Beta"
    # A line that is the name alone, or the name with separators, a year, a section or a byline.
    return not before.strip(" |·•©") and bool(_CREDIT_REST.match(after)) and (
        bool(after.strip()) or mention.text.isupper() or _looks_like_outlet(words))


_OUTLET_WORDS = frozenset({"post", "times", "review", "herald", "gazette", "courier", "wire", "dispatch", "news",
                           "journal", "ledger", "tribune", "daily", "weekly", "press", "observer", "chronicle",
                           "express", "guardian", "telegraph", "standard", "mirror", "desk", "agency", "media",
                           "radio", "tv", "television", "online", "magazine"})


def _looks_like_outlet(words: list[str]) -> bool:
    return words[-1] in _OUTLET_WORDS


def _generic(text: str, mention: Mention, word: str) -> bool:
    """A lone capitalized common word: a known generic noun, or a word the article also writes in lower case
    while this one only opens a sentence."""
    if word in GENERIC:
        return True
    if not _SENTENCE_START.search(text[max(0, mention.start - 3):mention.start]):
        return False
    raw = mention.text.strip()
    if not raw[:1].isupper() or raw.isupper() or len(raw) < 3:
        return False
    lowered = raw.lower()
    if _RUN.fullmatch(lowered):  # a whole run of word characters and hyphens, as the search below wants
        runs = _runs(text)
        return lowered in runs or lowered + "s" in runs or lowered + "es" in runs
    return bool(re.search(rf"(?<![\w-]){re.escape(lowered)}(?:s|es)?(?![\w-])", text))


_RUN = re.compile(r"[\w-]+")


@lru_cache(maxsize=16)
def _runs(text: str) -> frozenset[str]:
    """The article's maximal runs of word characters and hyphens: one pass for all its mentions."""
    return frozenset(_RUN.findall(text))
