"""A story's timeline: what happened when, in calendar dates, with the sentences and outlets behind it.

Every calendar-valued time expression of an article dates the sentence it stands in. Statements
on the same date that say the same thing (weighted word overlap) merge into one entry citing all
their articles; statements that say the same thing on different dates become one entry whose
`conflicts` list the other dates and who gave them, and so do statements of one event (the same
event noun, "the meeting") that outlets date a few days apart. Entries after the article's anchor
date, or in future-tense sentences, are marked `planned`. Each statement is an `event` of the
story or `background` (a founding date, an anniversary, "since 1999", a date a year or more before
the article); background stays in the article's times but off the timeline unless asked for.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from newsfuse import format as formatting
from newsfuse.models import Article
from newsfuse.text import calendar
from newsfuse.timex.anchor import parse_published
from newsfuse.text.tense import Sentences, looks_ahead, tense_near


@dataclass(slots=True, frozen=True)
class Evidence:
    """A sentence of an article: `article.text[start:end]`."""

    article_id: str
    start: int
    end: int


@dataclass(slots=True)
class DateConflict:
    """Another date that some outlets give for the same item."""

    date: str
    precision: str
    article_ids: list[str]
    outlets: list[str]
    evidence: list[Evidence]


@dataclass(slots=True)
class TimelineEntry:
    date: str  # "2023-11-28", "2023-11", "2023-W48", "2023-Q3", "2023"
    precision: str  # day, week, month, quarter, season, half, year
    text: str  # the sentence that best represents the entry
    article_ids: list[str]
    evidence: list[Evidence]
    outlets: list[str]
    planned: bool = False
    conflicts: list[DateConflict] = field(default_factory=list)
    kind: str = "event"  # "event" of the story, or "background" (only with build_timeline(background=True))
    dates_by_outlet: dict[str, list[str]] = field(default_factory=dict)  # every date each outlet gives it
    notes: list[str] = field(default_factory=list)  # why the entry is flagged: dates that disagree
    independent_sources: list[str] = field(default_factory=list)  # set by the provenance stage (facts/provenance.py)

    @property
    def conflict(self) -> bool:
        """Outlets give this item different dates, or a weekday contradicts an article's own date."""
        return bool(self.conflicts or self.notes)


@dataclass(slots=True)
class _Statement:
    date: str
    precision: str
    start: dt.date  # first day of the dated period, for ordering
    article: Article
    sentence: tuple[int, int]
    planned: bool
    words: frozenset[str]
    kind: str = "event"
    explicit: bool = True  # written as a calendar date ("28 November"), not a weekday or "today"
    events: frozenset[str] = frozenset()  # event nouns just before the date ("the meeting ... on Thursday")
    phrase: str = ""  # the time expression itself

    @property
    def text(self) -> str:
        return self.article.text[self.sentence[0]:self.sentence[1]]


_PRECISION_RES: list[tuple[str, re.Pattern[str]]] = [
    ("day", re.compile(r"^(\d{4})-(\d\d)-(\d\d)")),
    ("week", re.compile(r"^(\d{4})-W(\d\d)")),
    ("month", re.compile(r"^(\d{4})-(\d\d)$")),
    ("quarter", re.compile(r"^(\d{4})-Q([1-4])$")),
    ("half", re.compile(r"^(\d{4})-H([12])$")),
    ("season", re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")),
    ("year", re.compile(r"^(\d{4})$")),
]
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_PRECISION_RANK = {"year": 0, "half": 1, "quarter": 2, "season": 3, "month": 4, "week": 5, "day": 6}

SAME_DATE_SIMILARITY = 0.15  # statements on one date this alike are the same item
CONFLICT_SIMILARITY = 0.45  # statements on different dates this alike are one item dated twice
_MIN_SHARED = 2


@lru_cache(maxsize=4096)  # a story's entries are compared pairwise, each time by their values
def calendar_point(value: str) -> tuple[str, str, dt.date] | None:
    """(date, precision, first day) of a TIMEX3 value that names a calendar period, else None."""
    for precision, pattern in _PRECISION_RES:
        match = pattern.match(value)
        if not match:
            continue
        year = int(match.group(1))
        try:
            if precision == "day":
                first = dt.date(year, int(match.group(2)), int(match.group(3)))
                return first.isoformat(), precision, first
            if precision == "week":
                first = dt.date.fromisocalendar(year, int(match.group(2)), 1)
                return f"{year:04d}-W{int(match.group(2)):02d}", precision, first
            if precision == "month":
                return value, precision, dt.date(year, int(match.group(2)), 1)
            if precision == "quarter":
                return value, precision, dt.date(year, int(match.group(2)) * 3 - 2, 1)
            if precision == "half":
                return value, precision, dt.date(year, 1 if match.group(2) == "1" else 7, 1)
            if precision == "season":
                return value, precision, dt.date(year, _SEASON_START[match.group(2)], 1)
            return value, precision, dt.date(year, 1, 1)
        except ValueError:
            return None
    return None


def _period_end(start: dt.date, precision: str) -> dt.date:
    if precision == "day":
        return start
    if precision == "week":
        return start + dt.timedelta(days=6)
    months = {"month": 1, "quarter": 3, "season": 3, "half": 6, "year": 12}[precision]
    month0 = start.month - 1 + months
    return dt.date(start.year + month0 // 12, month0 % 12 + 1, 1) - dt.timedelta(days=1)


# -- statements ----------------------------------------------------------------------------------
_STOP = frozenset(
    "the a an and or but of in on at to for from by with as that this these those is are was were be been "
    "being has have had will would could should may might can it its he she they we you i his her their our "
    "your which who whom whose what when where while said says say also not no than then there here into "
    "over after before about against between during under more most other some such only own same so very "
    "just now today yesterday tomorrow day week month year monday tuesday wednesday thursday friday saturday "
    "sunday january february march april may june july august september october november december".split()
)
_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_SUFFIXES = ("ations", "ation", "ments", "ment", "ingly", "ing", "edly", "ed", "ies", "es", "ly", "s")


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'").split("'")[0]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:6]


def _content_words(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in _TOKEN_RE.findall(text) if w.lower() not in _STOP and len(w) > 2)


def _anchor_of(article: Article) -> dt.date | None:
    return parse_published(article.published) if article.published else None


def _statements(article: Article) -> list[_Statement]:
    sentences = Sentences(article.text)
    anchor = _anchor_of(article)
    seen: set[tuple[str, tuple[int, int]]] = set()
    statements: list[_Statement] = []
    for expr in article.times:
        if expr.type not in ("DATE", "TIME"):
            continue
        point = calendar_point(expr.value)
        if point is None:
            continue
        date, precision, first = point
        sentence = sentences.around(expr.start)
        if (date, sentence) in seen:
            continue
        seen.add((date, sentence))
        text = article.text[sentence[0]:sentence[1]]
        rest = text[: expr.start - sentence[0]] + text[expr.end - sentence[0]:]
        if len(_TOKEN_RE.findall(rest)) < 3 or calendar.in_dateline(article.text, expr.start, expr.end):
            continue  # a date line ("Tuesday, 28.11.2023.", "HOUSTON, May 27 (Reuters) -"), not a statement
        # Ahead as the tagger reads it: a future, conditional or deadline context, or a present
        # progressive ("is meeting today": a plan when its date is today or later).
        tense = tense_near(article.text, sentence, expr.start, expr.end)
        ahead = tense == "progressive" or looks_ahead(article.text, expr.start, expr.end, tense)
        last_day = _period_end(first, precision)
        planned = anchor is not None and (first > anchor or (ahead and last_day >= anchor))
        before = article.text[max(sentence[0], expr.start - _EVENT_REACH):expr.start]
        statements.append(_Statement(
            date, precision, first, article, sentence, planned, _content_words(text),
            kind=statement_kind(article.text, sentence, expr.start, expr.end, last_day, anchor),
            explicit=bool(calendar.find_dates(expr.text) or re.search(r"\d{4}", expr.text)),
            events=frozenset(m.group(1).lower() for m in _EVENT_NOUN_RE.finditer(before)), phrase=expr.text))
    return statements


# -- event or background ---------------------------------------------------------------------------
BACKGROUND_DAYS = 365  # a period over this long before the article's anchor is background
_FOUNDING_DAYS = 90  # "established ... in March" is background once it is this far back
_SINCE_RE = re.compile(r"\b(?:since|ever\s+since|as\s+far\s+back\s+as|dating\s+back\s+to|dates\s+back\s+to)"
                       r"\s+(?:(?:early|late|mid-?|the\s+(?:end|start|beginning)\s+of)\s*)?$", re.I)
# "the tenth anniversary of the 2013 evacuation", "commemorating the victims of 1999" (not "... with a march on 12 May")
_ANNIVERSARY_RE = re.compile(r"\b(?:anniversar(?:y|ies)|commemorat\w*|remembrance)\s+of\s+(?:the\s+)?"
                             r"(?:(?!on\b|at\b|with\b)[\w'’-]+\s+){0,3}(?:in\s+)?$", re.I)
_FOUNDING_RE = re.compile(r"\b(?:founded|established|created|formed|set\s+up|inaugurated|instituted|born"
                          r"|declared\s+(?:its\s+)?independence|signed|adopted|dating|first\s+deployed)\b", re.I)
_FOUNDING_REACH = 90  # characters between "established" and the date it gives


def statement_kind(text: str, sentence: tuple[int, int], start: int, end: int, last_day: dt.date,
                   anchor: dt.date | None) -> str:
    """"background" for a date that frames the story rather than dates its events: one written
    after "since" ("since 1999", "since early 2023"), in a sentence about an anniversary, given to a
    founding ("NATO's mission in Kosovo - established after the bombing campaign ... in 1999")
    more than `_FOUNDING_DAYS` before the article's anchor, or a period that ended more than
    `BACKGROUND_DAYS` before it. Everything else is an "event"."""
    before = text[max(sentence[0], start - _FOUNDING_REACH):start]
    if _SINCE_RE.search(before[-40:]) or _ANNIVERSARY_RE.search(before):
        return "background"
    if anchor is None or last_day >= anchor:
        return "event"
    days_back = (anchor - last_day).days
    if days_back > BACKGROUND_DAYS:
        return "background"
    founding = _FOUNDING_RE.search(before)
    clause_break = founding and re.search(r"[;:]|\s[-–—]\s", before[founding.end():])
    if founding and not clause_break and days_back > _FOUNDING_DAYS:
        return "background"
    return "event"


# The nouns that name an event outlets date: "the meeting ... on Thursday", "the summit in May".
_EVENT_NOUN_RE = re.compile(
    r"\b(meeting|summit|talks|conference|session|ministerial|vote|election|referendum|visit|trial|hearing"
    r"|ceremony|attack|clash|clashes|strike|protest|rally|march|debate|negotiations|earthquake|quake|explosion"
    r"|bombing|shooting|storm|flood|deadline|launch|opening|funeral|match|congress|assembly)\b", re.I)
_EVENT_REACH = 80  # characters between the event noun and the date
EVENT_CONFLICT_DAYS = 7  # the same event noun dated this close by different outlets is one event


# -- merging -------------------------------------------------------------------------------------
def _weights(statements: list[_Statement]) -> dict[str, float]:
    """Inverse document frequency over the story's statements: a story's names weigh little."""
    df: Counter[str] = Counter()
    for st in statements:
        df.update(st.words)
    total = len(statements) + 1
    return {word: math.log(total / count) + 0.1 for word, count in df.items()}


def _similarity(a: frozenset[str], b: frozenset[str], weights: dict[str, float]) -> float:
    shared = a & b
    if len(shared) < _MIN_SHARED:
        return 0.0
    # fsum: a set's order follows PYTHONHASHSEED, and a plain float sum in that order moved the
    # last bits, enough to flip a tie between two sentences (a timeline's text changed run to run)
    weight = weights.__getitem__
    smaller = min(math.fsum(map(weight, a)), math.fsum(map(weight, b)))
    return math.fsum(map(weight, shared)) / smaller if smaller else 0.0


def _cluster(statements: list[_Statement], weights: dict[str, float]) -> list[list[_Statement]]:
    """Single-link groups of statements alike enough to be one item, or giving one date to the same
    event noun ("the attack of 24 September" / "after the attack in Banjska on September 24")."""
    groups: list[list[_Statement]] = []
    for st in statements:
        joined = [g for g in groups if any(_similarity(st.words, o.words, weights) >= SAME_DATE_SIMILARITY
                                           or st.events & o.events for o in g)]
        if not joined:
            groups.append([st])
            continue
        merged = [st] + [o for g in joined for o in g]
        groups = [g for g in groups if not any(g is j for j in joined)] + [merged]
    return groups


def _outlet(article: Article) -> str:
    return article.source or article.id


def _entry(group: list[_Statement], weights: dict[str, float]) -> TimelineEntry:
    group = sorted(group, key=lambda s: (s.article.id, s.sentence))
    # The representative sentence shares the most with the others; ties go to the shorter one.
    best = max(group, key=lambda s: (sum(_similarity(s.words, o.words, weights) for o in group if o is not s),
                                     -len(s.text)))
    article_ids = sorted({s.article.id for s in group})
    outlets = sorted({_outlet(s.article) for s in group})
    evidence = [Evidence(s.article.id, *s.sentence) for s in group]
    kind = "event" if any(s.kind == "event" for s in group) else "background"
    return TimelineEntry(best.date, best.precision, best.text, article_ids, evidence, outlets,
                         planned=_still_planned(group), kind=kind)


def _still_planned(group: list[_Statement]) -> bool:
    """An entry is planned when one of its statements is and no report of it was published after
    its date: "the union will march on Saturday" (Thursday's report) and "thousands marched on
    Saturday" (Monday's) are one event that took place, not a plan."""
    if not any(s.planned for s in group):
        return False
    end = _period_end(group[0].start, group[0].precision)
    return not any((anchor := _anchor_of(s.article)) is not None and anchor > end for s in group)


def _contains(outer: TimelineEntry, inner: TimelineEntry) -> bool:
    """Whether one entry's period lies within the other's ("2023-09" holds "2023-09-24")."""
    a, b = calendar_point(outer.date), calendar_point(inner.date)
    if a is None or b is None:
        return False
    return a[2] <= b[2] and _period_end(b[2], b[1]) <= _period_end(a[2], a[1])


def _same_event(a: TimelineEntry, b: TimelineEntry, group_a: list[_Statement], group_b: list[_Statement]) -> bool:
    """Days a few apart given to one event noun ("the meeting ... on Thursday" / "the meeting ... on
    November 28"): in one story, that is one event dated differently."""
    if a.precision != "day":
        return False
    first_a, first_b = calendar_point(a.date), calendar_point(b.date)
    if first_a is None or first_b is None or abs((first_a[2] - first_b[2]).days) > EVENT_CONFLICT_DAYS:
        return False
    nouns_a = frozenset().union(*(s.events for s in group_a))
    nouns_b = frozenset().union(*(s.events for s in group_b))
    return bool(nouns_a & nouns_b)


def _resolve_conflicts(entries: list[TimelineEntry], groups: list[list[_Statement]],
                       weights: dict[str, float]) -> list[tuple[TimelineEntry, list[_Statement]]]:
    """Fold entries that report one item on different dates into the best-attested one: the date
    more outlets give, on a tie the one written as a calendar date rather than a weekday."""
    def explicit(i: int) -> bool:
        return any(s.explicit for s in groups[i])

    order = sorted(range(len(entries)), key=lambda i: (-len(entries[i].outlets), not explicit(i), i))
    absorbed: set[int] = set()
    members = {i: list(groups[i]) for i in range(len(entries))}
    for i in order:
        if i in absorbed:
            continue
        for j in order:
            if j == i or j in absorbed or entries[j].precision != entries[i].precision:
                continue
            if _contains(entries[i], entries[j]) or _contains(entries[j], entries[i]):
                continue
            if set(entries[i].outlets) & set(entries[j].outlets):
                continue  # an outlet giving two dates reports two items; disagreement is between outlets
            alike = max(_similarity(a.words, b.words, weights) for a in groups[i] for b in groups[j])
            if alike < CONFLICT_SIMILARITY and not _same_event(entries[i], entries[j], groups[i], groups[j]):
                continue
            other = entries[j]
            entries[i].conflicts.append(DateConflict(other.date, other.precision, other.article_ids,
                                                     other.outlets, other.evidence))
            phrases = sorted({s.phrase for s in groups[j]})
            entries[i].notes.append(f"{', '.join(other.outlets)} date{'s' if len(other.outlets) == 1 else ''} it "
                                    f"{formatting.date_text(other.date)} ({', '.join(map(repr, phrases))}); "
                                    f"{', '.join(entries[i].outlets)}: {formatting.date_text(entries[i].date)}")
            entries[i].planned = entries[i].planned and other.planned
            members[i].extend(groups[j])
            absorbed.add(j)
    return [(e, members[k]) for k, e in enumerate(entries) if k not in absorbed]


def _dates_by_outlet(kept: list[tuple[TimelineEntry, list[_Statement]]]) -> None:
    """Each entry's dates per outlet: its own statements, the conflicting ones folded into it, and
    the other days the same sentence gives a few days away ("November 28 and 29")."""
    by_sentence: dict[tuple[str, tuple[int, int]], set[str]] = {}
    for entry, members in kept:
        for st in members:
            if st.precision == "day":
                by_sentence.setdefault((st.article.id, st.sentence), set()).add(st.date)
    for entry, members in kept:
        dates: dict[str, set[str]] = {}
        for st in members:
            outlet = dates.setdefault(_outlet(st.article), set())
            outlet.add(st.date)
            if st.precision == "day":
                outlet.update(d for d in by_sentence.get((st.article.id, st.sentence), ())
                              if abs((dt.date.fromisoformat(d) - st.start).days) <= EVENT_CONFLICT_DAYS)
        entry.dates_by_outlet = {outlet: sorted(days) for outlet, days in sorted(dates.items())}


def _weekday_notes(statements: list[_Statement]) -> dict[int, str]:
    """Statements (by id) whose weekday contradicts their article's own calendar dates: "Thursday,
    28 November" when 28 November is a Tuesday, or "the meeting on Thursday" in an article that
    dates the meeting 28 November."""
    notes: dict[int, str] = {}
    by_article: dict[str, list[_Statement]] = {}
    for st in statements:
        by_article.setdefault(st.article.id, []).append(st)
    for article_statements in by_article.values():
        for st in article_statements:
            if st.precision != "day":
                continue
            named = [calendar.weekday_number(w) for w in re.findall(r"[^\W\d_]+", st.phrase)]
            named = [n for n in named if n]
            if not named:
                continue
            if st.explicit and named[0] != st.start.isoweekday():
                notes[id(st)] = f"{st.phrase!r}: {formatting.date_text(st.date)} is not that weekday"
                continue
            for other in article_statements:
                if other is st or not other.explicit or other.precision != "day" or other.date == st.date:
                    continue
                if st.events & other.events and abs((other.start - st.start).days) <= EVENT_CONFLICT_DAYS:
                    noun = sorted(st.events & other.events)[0]
                    notes[id(st)] = (f"{st.phrase!r} is {formatting.date_text(st.date)}, but the same article dates "
                                     f"the {noun} {formatting.date_text(other.date)} ({other.phrase!r})")
                    break
    return notes


def build_timeline(articles: list[Article], *, background: bool = False) -> list[TimelineEntry]:
    """The dated statements of a story's articles, merged and ordered.

    `articles` need `.id`, `.text`, `.source` and `.times` (from the tagger); `.published` (given
    or inferred) decides which items are still planned and which dates are background. Background
    statements (`statement_kind`) are left out unless `background` is True; then their entries
    have `kind == "background"`.
    """
    statements = [st for article in articles for st in _statements(article)
                  if background or st.kind == "event"]
    weights = _weights(statements)
    by_date: dict[tuple[str, str], list[_Statement]] = {}
    for st in statements:
        by_date.setdefault((st.date, st.precision), []).append(st)
    groups = [g for key in sorted(by_date) for g in _cluster(by_date[key], weights)]
    entries = [_entry(g, weights) for g in groups]
    kept = _resolve_conflicts(entries, groups, weights)
    _dates_by_outlet(kept)
    notes = _weekday_notes(statements)
    for entry, members in kept:
        entry.notes.extend(notes[id(st)] for st in members if id(st) in notes)

    def order(entry: TimelineEntry) -> tuple[dt.date, int, str]:
        point = calendar_point(entry.date)
        first = point[2] if point else dt.date.max
        return first, _PRECISION_RANK.get(entry.precision, 9), entry.text

    return sorted((entry for entry, _ in kept), key=order)


def timeline_to_dicts(entries: list[TimelineEntry]) -> list[dict]:
    """The JSON-report shape: one dict per entry, evidence and conflicts as lists of dicts.

    `label` is the date in words ("summer 2024", "28 November 2023"): pages show it, not `date`.
    `kind` is "event" or "background"; `conflict` says outlets disagree on the date (or a weekday
    contradicts an article's own date), `notes` say how, `dates_by_outlet` lists each outlet's dates.
    """
    def evidence(items: list[Evidence]) -> list[dict]:
        return [{"article_id": e.article_id, "start": e.start, "end": e.end} for e in items]

    return [
        {
            "date": e.date,
            "label": formatting.date_text(e.date),
            "precision": e.precision,
            "text": e.text,
            "article_ids": list(e.article_ids),
            "evidence": evidence(e.evidence),
            "outlets": list(e.outlets),
            "independent_sources": list(e.independent_sources),
            "planned": e.planned,
            "kind": e.kind,
            "conflict": e.conflict,
            "notes": list(e.notes),
            "dates_by_outlet": {outlet: list(days) for outlet, days in e.dates_by_outlet.items()},
            "conflicts": [
                {"date": c.date, "label": formatting.date_text(c.date), "precision": c.precision,
                 "article_ids": list(c.article_ids), "outlets": list(c.outlets), "evidence": evidence(c.evidence)}
                for c in e.conflicts
            ],
        }
        for e in entries
    ]
