"""What one article contributes to story grouping: normalized terms, names, places and dates.

`featurize` reads only `Article` fields (title, text, mentions, published, times) and returns a
small, serializable `StoryFeatures`. Names are folded so that outlets' spellings meet: case and
diacritics are removed and a consonant skeleton joins variants ("Stoletenberg"/"Stoltenberg",
"Bearbock"/"Baerbock", "Zveçan"/"Zvecan"). Dates come from the time tagger (`article.times`) when
it ran, else from explicit dates found in the text by `text.calendar`.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from newsfuse.models import Article
from newsfuse.text import calendar
from newsfuse.text.memo import per_text
from newsfuse.text.tense import direction_at
from newsfuse.stories.stopwords import ENGLISH_STOP_WORDS

# Entity classes: people, organizations, places, other names (events, laws, groups, ...).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ENTITY_CLASS = {"PERSON": "p", "ORG": "o", "GPE": "g", "LOC": "g", "FAC": "g", "NORP": "n",
                "EVENT": "x", "WORK_OF_ART": "x", "PRODUCT": "x", "LAW": "x"}
TITLE_WEIGHT = 2.0  # a headline word counts as much as two body words: headlines name the event
LEAD_CHARS = 300  # the lead (first sentences) names who, what, where and when
LEAD_WEIGHT = 2.0
NAME_PART_WEIGHT = 0.5
CHROME_WORDS = 5
NUMBERS = True  # numbers ("23 pirates", "$200 million", "6.1 magnitude") tell similar events apart
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {
    "said", "says", "say", "told", "tell", "according", "also", "just", "like", "year", "years",
    "new", "time", "day", "days", "week", "weeks", "month", "months", "today", "yesterday",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "http", "https",
    "www", "com", "html", "htm", "php", "article", "news", "reported", "report", "reports",
    "percent", "people", "including", "did", "does", "make", "made", "way", "use", "used",
    "going", "want", "know", "think", "really", "got", "get", "just", "comment", "comments",
    "share", "click", "photo", "read", "updated", "published",
}
NAME_STOP = frozenset({"the", "of", "and", "for", "in", "on", "at", "a", "an", "de", "la", "al", "el"})
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)?")


def fold(text: str) -> str:
    """Case- and diacritic-free text ("Zveçan" -> "zvecan", "Geoană" -> "geoana")."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=200_000)
def term_of(word: str) -> str | None:
    """The index term of a word (folded, stemmed), or None for stop words and short words."""
    w = fold(word)
    if len(w) < 3 or w in STOP_WORDS:
        return None
    return stem(w)


def stem(word: str) -> str:
    """A light English suffix stripper: enough to join attack/attacks/attacked/attacking."""
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + repl
    return word


def skeleton(word: str) -> str:
    """A spelling-variant key: first letter, then consonants without h/w/y or doubling.

    Short skeletons collide too easily ("Mali"/"Mole"), so words with fewer than four consonants
    keep their folded spelling.
    """
    if len(word) < 5:
        return word
    out = [word[0]]
    for c in word[1:]:
        if c in "aeiouyhw" or not c.isalpha():
            continue
        if out[-1] != c:
            out.append(c)
    return "".join(out) if len(out) >= 4 else word


def name_tokens(text: str) -> list[str]:
    text = fold(text)
    text = re.sub(r"['’]s\b", "", text)
    return [t for t in re.findall(r"[^\W_]+", text) if t not in NAME_STOP or len(text.split()) == 1]


@lru_cache(maxsize=100_000)  # a name recurs in a report and across reports: its keys are worked out once
def entity_keys(text: str, label: str) -> tuple[tuple[str, float], ...]:
    """Weighted keys for one named mention: its full name, a person's surname, an org's acronym,
    and (at half weight) the words of a longer name, which survive taggers' span errors
    ("Brussels Meeting Due" still says "Brussels")."""
    cls = ENTITY_CLASS.get(label)
    tokens = name_tokens(text)
    if cls is None or not tokens:
        return ()
    # Keys carry no entity class: taggers disagree across outlets on whether "Betty Ford" is a
    # person or an organization, and the name is what the reports share.
    keys = [(" ".join(skeleton(t) for t in tokens), 1.0)]
    if len(tokens) > 1:
        if cls == "p":
            keys.append((skeleton(tokens[-1]), 1.0))
        else:
            keys += [(skeleton(t), NAME_PART_WEIGHT) for t in tokens
                     if len(t) >= 3 and t not in NAME_STOP and t.isalpha()]
    if cls == "o" and len(tokens) > 2:  # "North Atlantic Treaty Organization" -> "nato"
        keys.append(("".join(t[0] for t in tokens if t not in NAME_STOP), 1.0))
    return tuple(keys)


# --- dates -------------------------------------------------------------------------------------
# Dates are read by `text.calendar`: one detector for dates and date lines, one rule for a year
# left out. Grouping keeps its compact "--09-24" form for a day whose year is unknown.


@dataclass(slots=True, frozen=True)
class FoundDate:
    start: int
    end: int
    value: str  # "2023-09-24", or "--09-24" when the text gives no year


def find_dates(text: str) -> list[FoundDate]:
    """Explicit calendar days in the text, in order ("September 24", "28.11.2023", "2023-09-30")."""
    return [FoundDate(d.start, d.end, d.value if d.year else "--" + d.value[5:])
            for d in calendar.find_dates(text) if d.day is not None]


def resolve_year(value: str, anchor: str | None, tense: str | None = None) -> str:
    """A "--MM-DD" day in the year `calendar.year_for` gives it from the anchor ("YYYY-MM-DD")."""
    anchor_day = calendar.parse_day(anchor)
    if not value.startswith("--") or anchor_day is None:
        return value
    month, day = int(value[2:4]), int(value[5:7])
    return f"{calendar.year_for(anchor_day, month, day, tense):04d}-{month:02d}-{day:02d}"


def day_number(value: str) -> int | None:
    """Days since 0001-01-01 for a full ISO date, None for partial ones."""
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


# --- features ----------------------------------------------------------------------------------


@dataclass(slots=True)
class StoryFeatures:
    """What grouping knows about one article.

    - `terms`: stemmed content words with counts (headline words count `TITLE_WEIGHT` times);
    - `names`: normalized entity keys ("stltnbrg", "kosovo", "nato") with counts;
    - `places`: the name keys tagged as places (GPE, LOC, FAC) at least once;
    - `dates`: event dates mentioned in the text ("2023-09-24", "--09-24" when no year is known);
    - `anchor`: the report's own date: `published`, else a date line at the top of the text;
    - `event`: the day of the event the report leads with: the first date of its lead ("on
      September 24", "on Sunday", "today", resolved against the anchor), None when the lead gives none;
    - `title`: the headline, for titling stories.
    """

    terms: dict[str, float] = field(default_factory=dict)
    names: dict[str, float] = field(default_factory=dict)
    places: list[str] = field(default_factory=list)
    dates: dict[str, float] = field(default_factory=dict)
    anchor: str | None = None
    title: str = ""
    event: str | None = None

    def to_bytes(self) -> bytes:
        payload = {"t": self.terms, "n": self.names, "p": self.places, "d": self.dates, "a": self.anchor,
                   "h": self.title, "e": self.event}
        return zlib.compress(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())

    @classmethod
    def from_bytes(cls, blob: bytes) -> StoryFeatures:
        p = json.loads(zlib.decompress(blob))
        return cls(terms=p["t"], names=p["n"], places=p["p"], dates=p["d"], anchor=p["a"], title=p["h"],
                   event=p.get("e"))


TIME_OR_DATE_RE = re.compile(r"\b\d{1,2}\s?:\s?\d\d\b")


def content_terms(text: str, weight: float = 1.0, into: Counter | None = None,
                  dates: list[FoundDate] | None = None, masked: bool = False) -> Counter:
    """Stemmed content words and, as "#42", the numbers that are not part of a date or a time.

    `dates` are the dates already found in `text` (found here when not given); `masked`: dates and
    times are blanked in `text` already.
    """
    counts = into if into is not None else Counter()
    if NUMBERS and not masked:
        found = find_dates(text) if dates is None else dates
        text = _blank(text, [(d.start, d.end) for d in found] + [m.span() for m in TIME_OR_DATE_RE.finditer(text)])
    get = counts.get  # not counts[key] += ...: a missing key would call Counter.__missing__ (Python) per word
    # each distinct word once (in order of first use): a report repeats most of its words
    for word, n in Counter(WORD_RE.findall(text)).items():
        key = _KEYS.get(word, _UNSEEN)
        if key is _UNSEEN:
            key = _key_of(word)
        if key is not None:
            counts[key] = get(key, 0) + weight * n
    return counts


_UNSEEN = object()
_KEYS: dict[str, str | None] = {}  # word -> its key (a term, "#42", or None): featurizing reads each word once
_KEYS_MAX = 500_000


def _key_of(word: str) -> str | None:
    if word[0].isdigit():
        key = "#" + word.replace(",", "") if NUMBERS and word not in ("0", "1") else None
    else:
        key = term_of(word)
    if len(_KEYS) >= _KEYS_MAX:
        _KEYS.clear()
    _KEYS[word] = key
    return key


@per_text(maxsize=4096, max_chars=500)
def title_terms(title: str) -> list[tuple[str, float]]:
    """`content_terms` of a headline, as (term, count) pairs: featurizing an article and weighing
    its headline (`model.headline_terms`) both read it."""
    return list(content_terms(title).items())


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given spans replaced by spaces (offsets elsewhere unchanged)."""
    if not spans:
        return text
    parts, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            start = pos
        parts.append(text[pos:start])
        parts.append(" " * max(0, end - start))
        pos = max(pos, end)
    parts.append(text[pos:])
    return "".join(parts)


def article_dates(article: Article, found: list[FoundDate] | None = None) -> tuple[str | None, list[str]]:
    """The report's anchor date and the event dates it mentions (full, or "--MM-DD").

    The anchor is `published`, else the report's date line (`calendar.report_date`: a full date
    alone on a short line near the top, "Tuesday, 28.11.2023.", or at either end of the headline).
    A full date inside a sentence near the top is not taken: leads mention birthdays and
    anniversaries. Dates on date lines say when the report was written, not when the event
    happened, so they are not among the event dates. A day without a year takes the year
    `calendar.year_for` gives it, with the tense of its sentence, as the time tagger does.
    """
    anchor = article.published[:10] if article.published and day_number(article.published) else None
    found = find_dates(article.text) if found is None else found
    lines = calendar.date_lines(article.text, article.title)
    if anchor is None and lines:
        anchor = lines[0].value
    skip = [(d.start, d.end) for d in lines if d.start >= 0]
    timex = [t.value[:10] for t in article.times
             if t.type == "DATE" and re.fullmatch(r"\d{4}-\d\d-\d\d", t.value[:10] or "")
             and not any(s <= t.start < e for s, e in skip)]
    if timex:
        return anchor, timex
    values = []
    for d in found:
        if any(s <= d.start < e for s, e in skip):
            continue
        tense = _tense_at(article.text, d.start, d.end) if anchor and d.value.startswith("--") else None
        values.append(resolve_year(d.value, anchor, tense))
    return anchor, values


def _tense_at(text: str, start: int, end: int) -> str | None:
    """The direction of the sentence around [start, end) (cut at ". " either side), as the tagger reads it."""
    stop = text.find(". ", end)
    return direction_at(text, (text.rfind(". ", 0, start) + 1, stop if stop >= 0 else len(text)), start, end)


def date_lines(text: str, found: list[FoundDate] | None = None, headline: bool = False) -> list[FoundDate]:
    """The date lines of a text (`calendar.date_lines`), as found dates; `found` is not needed."""
    if headline:
        head = calendar.headline_date(text)
        return [FoundDate(head[1], head[2], head[0])] if head else []
    return [FoundDate(d.start, d.end, d.value) for d in calendar.date_lines(text)
            if d.start >= 0 and d.how != "headline date"]


def featurize(article: Article) -> StoryFeatures:
    """The grouping features of one article (needs title/text; uses mentions, times, published)."""
    terms = Counter({k: TITLE_WEIGHT * n for k, n in title_terms(article.title)})
    text = article.text
    found = find_dates(text)
    offset = len(article.title) if article.title and text.startswith(article.title) else 0
    # The headline is often repeated as the text's first line; dates, times and chrome are no words.
    chrome = [(s + offset, e + offset) for s, e in _chrome_lines(text[offset:])]
    masked = _blank(text, chrome + [(d.start, d.end) for d in found]
                    + [m.span() for m in TIME_OR_DATE_RE.finditer(text)])
    lead_end = offset + _lead_end(masked[offset:])
    content_terms(masked[offset:lead_end], LEAD_WEIGHT, terms, masked=True)
    content_terms(masked[lead_end:], 1.0, terms, masked=True)
    body = text[offset:]
    title = fold(article.title)
    names: Counter = Counter()
    places: set[str] = set()
    for mention in article.mentions:
        if any(s <= mention.start < e for s, e in chrome):
            continue
        keys = entity_keys(mention.text, mention.label)
        weight = LEAD_WEIGHT if mention.start < lead_end else 1.0
        if mention.start >= offset and fold(mention.text) in title:
            weight += TITLE_WEIGHT
        for key, key_weight in keys:
            names[key] += weight * key_weight
        if mention.label in PLACE_LABELS and keys:
            places.add(keys[0][0])
    anchor, mentioned = article_dates(article, found)
    dates: Counter = Counter(mentioned)
    return StoryFeatures(terms=dict(terms), names=dict(names), places=sorted(places), dates=dict(dates), anchor=anchor,
                         title=_clean_title(article.title or body.strip().split("\n", 1)[0]),
                         event=event_day(article, found, anchor, (offset, lead_end)))


RELATIVE_DAY_RE = re.compile(r"\b(today|yesterday|tonight|(?:on|last|this)\s+([^\W\d_]+day))\b", re.IGNORECASE)


def event_day(article: Article, found: list[FoundDate], anchor: str | None, lead: tuple[int, int]) -> str | None:
    """The day of the event the report leads with (ISO), or None.

    Reports of one event are published over several days, but their leads date the event itself
    ("on Sunday", "on 24 September"): that day, not the publication day, tells an attack from the
    reinforcement it caused a week later. The first dated expression of the lead wins: a time
    tagger's date, else an explicit day (its year from the anchor), else a weekday, "today" or
    "yesterday" counted back from the anchor.
    """
    start, end = lead
    for t in article.times:
        if t.type == "DATE" and start <= t.start < end and not _recalls(article.text, t.start, t.end) and re.fullmatch(r"\d{4}-\d\d-\d\d", t.value[:10] or ""):
            return t.value[:10]
    anchor_day = calendar.parse_day(anchor)
    candidates: list[tuple[int, str]] = []
    for d in found:
        if start <= d.start < end and not _recalls(article.text, d.start, d.end):
            value = resolve_year(d.value, anchor, _tense_at(article.text, d.start, d.end) if anchor else None)
            if day_number(value) is not None:
                candidates.append((d.start, value))
                break
    if anchor_day is not None:
        for m in RELATIVE_DAY_RE.finditer(article.text, start, end):
            if _recalls(article.text, m.start(), m.end()):
                continue
            word = m.group(1).casefold()
            if word in ("today", "tonight"):
                day = anchor_day
            elif word == "yesterday":
                day = anchor_day - timedelta(days=1)
            else:
                weekday = calendar.weekday_number(m.group(2))
                if weekday is None:
                    continue
                day = calendar.weekday_date(anchor_day, weekday, "before" if word.startswith("last") else "past")
            candidates.append((m.start(), day.isoformat()))
            break
    return min(candidates)[1] if candidates else None


BORN_RE = re.compile(r"\bborn\b", re.IGNORECASE)
RECALL_BEFORE_RE = re.compile(r"\b(?:after|since|following|before|until|ahead of)\s+(?:the\s+|a\s+)?$", re.IGNORECASE)


def _recalls(text: str, start: int, end: int) -> bool:
    """Whether a day in a lead names an earlier event the report goes back to, not its own:
    "after last Sunday's attack", "since September 24", "the September 24 attack", "was born on
    April 22, 1923"."""
    if text[end:end + 2] in ("'s", "’s"):
        return True
    if RECALL_BEFORE_RE.search(text[max(0, start - 20):start]):
        return True
    if BORN_RE.search(text, max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), 0), start):
        return True  # a birthday: "Page was born ... on April 22, 1923"
    return bool(re.match(r"\s+(?:attack|ambush|raid|blast|explosion|shooting|quake|earthquake|vote|election)\b",
                         text[end:end + 16], re.IGNORECASE))


def _chrome_lines(body: str) -> list[tuple[int, int]]:
    """Spans of short lines that are not sentences: menus, categories, "Comments 3", "Related posts".

    Scraped pages keep some of their chrome; its words would tie together unrelated reports from
    one site. A line counts as chrome when it has fewer than CHROME_WORDS words and does not end
    like a sentence.
    """
    spans, pos = [], 0
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped and len(stripped.split()) < CHROME_WORDS and stripped[-1] not in ".!?\"'”’:":
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _lead_end(body: str) -> int:
    """End of the lead: the first sentence end after LEAD_CHARS/2, or LEAD_CHARS."""
    stripped = len(body) - len(body.lstrip())
    m = re.compile(r"[.!?]\s|\n").search(body, stripped + LEAD_CHARS // 2)
    return min(m.end() if m else len(body), stripped + LEAD_CHARS)


def _clean_title(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip()
    title = re.sub(r"\s+([,.;:!?'])", r"\1", title)  # tokenized corpora put spaces before punctuation
    return title[:200]
