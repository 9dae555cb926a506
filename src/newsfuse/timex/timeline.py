"""A story's timeline: what happened when, in calendar dates, with the sentences and outlets behind it.

Every calendar-valued time expression of an article dates the sentence it stands in. Statements
on the same date that say the same thing (weighted word overlap) merge into one entry citing all
their articles; statements that say the same thing on different dates become one entry whose
`conflicts` list the other dates and who gave them. Entries after the article's anchor date, or
in future-tense sentences, are marked `planned`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from newsfuse.models import Article
from newsfuse.timex.anchor import parse_published
from newsfuse.text.tense import Sentences, tense_near


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


@dataclass(slots=True)
class _Statement:
    date: str
    precision: str
    start: dt.date  # first day of the dated period, for ordering
    article: Article
    sentence: tuple[int, int]
    planned: bool
    words: frozenset[str]

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
        if len(_TOKEN_RE.findall(rest)) < 3:
            continue  # a date line ("Tuesday, 28.11.2023."), not a statement
        future = tense_near(article.text, sentence, expr.start, expr.end) == "future"
        last_day = _period_end(first, precision)
        planned = anchor is not None and (first > anchor or (future and last_day >= anchor))
        statements.append(_Statement(date, precision, first, article, sentence, planned, _content_words(text)))
    return statements


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
    smaller = min(sum(weights[w] for w in a), sum(weights[w] for w in b))
    return sum(weights[w] for w in shared) / smaller if smaller else 0.0


def _cluster(statements: list[_Statement], weights: dict[str, float]) -> list[list[_Statement]]:
    """Single-link groups of statements alike enough to be one item."""
    groups: list[list[_Statement]] = []
    for st in statements:
        joined = [g for g in groups if any(_similarity(st.words, o.words, weights) >= SAME_DATE_SIMILARITY
                                           for o in g)]
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
    return TimelineEntry(best.date, best.precision, best.text, article_ids, evidence, outlets,
                         planned=any(s.planned for s in group))


def _contains(outer: TimelineEntry, inner: TimelineEntry) -> bool:
    """Whether one entry's period lies within the other's ("2023-09" holds "2023-09-24")."""
    a, b = calendar_point(outer.date), calendar_point(inner.date)
    if a is None or b is None:
        return False
    return a[2] <= b[2] and _period_end(b[2], b[1]) <= _period_end(a[2], a[1])


def _resolve_conflicts(entries: list[TimelineEntry], groups: list[list[_Statement]],
                       weights: dict[str, float]) -> list[TimelineEntry]:
    """Fold entries that report one item on different dates into the best-attested one."""
    order = sorted(range(len(entries)), key=lambda i: (-len(entries[i].outlets), i))
    absorbed: set[int] = set()
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
            if alike < CONFLICT_SIMILARITY:
                continue
            other = entries[j]
            entries[i].conflicts.append(DateConflict(other.date, other.precision, other.article_ids,
                                                     other.outlets, other.evidence))
            absorbed.add(j)
    return [e for k, e in enumerate(entries) if k not in absorbed]


def build_timeline(articles: list[Article]) -> list[TimelineEntry]:
    """The dated statements of a story's articles, merged and ordered.

    `articles` need `.id`, `.text`, `.source` and `.times` (from the tagger); `.published` (given
    or inferred) decides which items are still planned.
    """
    statements = [st for article in articles for st in _statements(article)]
    weights = _weights(statements)
    by_date: dict[tuple[str, str], list[_Statement]] = {}
    for st in statements:
        by_date.setdefault((st.date, st.precision), []).append(st)
    groups = [g for key in sorted(by_date) for g in _cluster(by_date[key], weights)]
    entries = [_entry(g, weights) for g in groups]
    entries = _resolve_conflicts(entries, groups, weights)

    def order(entry: TimelineEntry) -> tuple[dt.date, int, str]:
        point = calendar_point(entry.date)
        first = point[2] if point else dt.date.max
        return first, _PRECISION_RANK.get(entry.precision, 9), entry.text

    return sorted(entries, key=order)


def timeline_to_dicts(entries: list[TimelineEntry]) -> list[dict]:
    """The JSON-report shape: one dict per entry, evidence and conflicts as lists of dicts."""
    def evidence(items: list[Evidence]) -> list[dict]:
        return [{"article_id": e.article_id, "start": e.start, "end": e.end} for e in items]

    return [
        {
            "date": e.date,
            "precision": e.precision,
            "text": e.text,
            "article_ids": list(e.article_ids),
            "evidence": evidence(e.evidence),
            "outlets": list(e.outlets),
            "planned": e.planned,
            "conflicts": [
                {"date": c.date, "precision": c.precision, "article_ids": list(c.article_ids),
                 "outlets": list(c.outlets), "evidence": evidence(c.evidence)}
                for c in e.conflicts
            ],
        }
        for e in entries
    ]
