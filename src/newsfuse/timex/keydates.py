"""Key dates of a thread: the days its outlets report and keep referring back to, each with the
sentences that best say what happened.

Every sentence that names a day (a time expression the tagger resolved to a calendar day) is
evidence for that day; a sentence of an article's lead that names no day is weak evidence for the
day the article was published. A day ranks by how many articles and outlets name it and, above
all, by how many articles published *later* still refer back to it, not by how much was
published on it. Background dates (founding dates, "since 1999", anniversaries) are left out
unless asked for. No I/O: `key_dates(articles)` reads `.text`, `.times`, `.published`, `.source`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from newsfuse.models import Article
from newsfuse.text.calendar import in_dateline
from newsfuse.text.tense import Sentences
from newsfuse.timex.anchor import parse_published
from newsfuse.timex.timeline import calendar_point, statement_kind


@dataclass(frozen=True, slots=True)
class KeyDateWeights:
    """How much each kind of evidence counts (each on a log scale, `log(1 + count)`)."""

    referring: float = 1.0  # articles published after the day that name it
    outlets: float = 0.7  # outlets that name the day
    articles: float = 0.5  # articles that name the day
    published: float = 0.25  # articles published on the day (publication volume, weak)
    lead_sentences: int = 3  # an article's first sentences that, naming no day, speak of its own day
    redundancy: float = 0.5  # word overlap (cosine) at which a sentence repeats one already chosen
    horizon: int = 3  # days after a day in which later reports would refer back to it (0: no correction)
    unconfirmed: float = 0.5  # a past day only ever named ahead of time, as a plan (1: no discount)


@dataclass(frozen=True, slots=True)
class KeySentence:
    """A sentence of an article: `article.text[start:end]`."""

    text: str
    article_id: str
    start: int
    end: int


@dataclass(slots=True)
class KeyDate:
    date: str  # ISO day
    score: float
    sentences: list[KeySentence] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)  # outlets naming the day (or publishing on it)
    articles: list[str] = field(default_factory=list)  # article ids naming the day (or publishing on it)
    referring: int = 0  # articles published after the day that refer back to it


@dataclass(slots=True)
class _Mention:
    day: dt.date
    article: Article
    sentence: tuple[int, int]
    explicit: bool  # a time expression names the day (not only the publication date)


_WORD_RE = re.compile(r"[^\W\d_]{3,}")
_STOP = frozenset("""the and for that with this from have has had was were are its their they them said says
    will would which who whom what when where also been being into over after before about than then there
    these those other more most some such only very just while during since until between against under""".split())
DEFAULT_RANGE = (3, 12)
# A day this close before its report is the story's own past, not background: "since Monday, when
# the alert was raised" looks back at an event (background is "since 1999", a founding, an era).
_RECENT_DAYS = 60


def key_dates(articles: list[Article], n: int | None = None, k: int = 1, *, background: bool = False,
              weights: KeyDateWeights = KeyDateWeights(),
              within: tuple[dt.date, dt.date] | None = None) -> list[KeyDate]:
    """The `n` most important days of `articles` (a whole thread), oldest first, each with its `k`
    most representative sentences. `n=None` chooses `default_count`. `within` (first, last day)
    keeps only the days of that span (a timeline asked for a period: the news-tls protocol)."""
    reported = [p for p in (_published(a) for a in articles) if p is not None]
    # The thread's own period: from a little before its first report to its last. A day in it is the
    # thread's own past however it is told ("eleven months after the quake of 12 January"), never
    # background; background is what lies before the thread began (a founding, an era).
    own = (min(reported) - dt.timedelta(days=_RECENT_DAYS), max(reported)) if reported else None
    mentions = [m for a in articles for m in _mentions(a, background, weights.lead_sentences, own)]
    by_day: dict[dt.date, list[_Mention]] = {}
    for m in mentions:
        if within is None or within[0] <= m.day <= within[1]:
            by_day.setdefault(m.day, []).append(m)
    last_report = own[1] if own else None
    scored = sorted(((_score(day, found, weights, last_report), day) for day, found in by_day.items()),
                    key=lambda pair: (-pair[0], pair[1]))
    count = default_count(by_day) if n is None else n
    chosen = scored[:max(count, 0)]
    out = []
    for score, day in sorted(chosen, key=lambda pair: pair[1]):
        found = by_day[day]
        named = [m for m in found if m.explicit]
        cited = named or found
        out.append(KeyDate(
            date=day.isoformat(), score=round(score, 4), sentences=_representative(found, k, weights.redundancy),
            outlets=sorted({_outlet(m.article) for m in cited}),
            articles=sorted({m.article.id for m in cited}),
            referring=len({m.article.id for m in named if (_published(m.article) or day) > day}),
        ))
    return out


def default_count(by_day: dict) -> int:
    """As many days as two or more articles give, within `DEFAULT_RANGE`."""
    supported = sum(1 for found in by_day.values() if len({m.article.id for m in found}) >= 2)
    low, high = DEFAULT_RANGE
    return max(low, min(high, supported))


def _published(article: Article) -> dt.date | None:
    return parse_published(article.published) if article.published else None


def _outlet(article: Article) -> str:
    return article.source or "unknown outlet"


def _mentions(article: Article, background: bool, lead: int,
              own: tuple[dt.date, dt.date] | None = None) -> list[_Mention]:
    sentences = Sentences(article.text)
    published = _published(article)
    found: list[_Mention] = []
    dated: set[tuple[int, int]] = set()
    for expr in article.times:
        if expr.type not in ("DATE", "TIME"):
            continue
        point = calendar_point(expr.value)
        if point is None or point[1] != "day" or in_dateline(article.text, expr.start, expr.end):
            continue  # a wire dateline ("NEW ORLEANS, Apr 25 (Reuters) -") dates the copy, not an event
        day = point[2]
        sentence = sentences.around(expr.start)
        text = article.text[sentence[0]:sentence[1]]
        rest = text[: expr.start - sentence[0]] + text[expr.end - sentence[0]:]
        if len(_WORD_RE.findall(rest)) < 3:
            continue  # a date line, not a statement
        recent = published is not None and (0 <= (published - day).days <= _RECENT_DAYS
                                            or (own is not None and own[0] <= day <= published))
        if not background and not recent and statement_kind(
                article.text, sentence, expr.start, expr.end, day, published) != "event":
            continue
        dated.add(sentence)
        if not any(m.day == day and m.sentence == sentence for m in found):
            found.append(_Mention(day, article, sentence, True))
    if published is not None:
        for sentence in sentences.spans[:lead]:
            text = article.text[sentence[0]:sentence[1]]
            if sentence not in dated and len(_WORD_RE.findall(text)) >= 5:
                found.append(_Mention(published, article, sentence, False))
    return found


def _score(day: dt.date, found: list[_Mention], w: KeyDateWeights, last_report: dt.date | None = None) -> float:
    named = [m for m in found if m.explicit]
    articles = {m.article.id for m in named}
    outlets = {_outlet(m.article) for m in named}
    later = {m.article.id for m in named if (_published(m.article) or day) > day}
    on_day = {m.article.id for m in found if _published(m.article) == day}
    told_on_day = {m.article.id for m in named if _published(m.article) == day}
    opportunity = _opportunity(day, last_report, w.horizon)
    referring = len(later) + (1.0 - opportunity) * len(told_on_day)
    score = (w.referring * math.log1p(referring) + w.outlets * math.log1p(len(outlets))
             + w.articles * math.log1p(len(articles)) + w.published * math.log1p(len(on_day)))
    if opportunity >= 1.0 and not later and not told_on_day:
        # Named only ahead of time ("a hearing will be held on 2 May") and never once the day had
        # come, though the thread went on: a plan that was not kept, or not news when it came.
        score *= w.unconfirmed
    return score


def _opportunity(day: dt.date, last_report: dt.date | None, horizon: int) -> float:
    """How much of the time in which later reports would refer back to `day` the articles cover
    (1: all of it). A day within `horizon` days of the last report is right-censored: nobody could
    look back at it yet, so the articles naming it on the day stand in for the later ones in
    proportion to the time missing (the last day of a timeline asked for a period, the newest day
    of a developing thread). A day after the last report gets no stand-in: only plans name it."""
    if horizon <= 0 or last_report is None:
        return 1.0
    return min(1.0, max(0.0, (last_report - day).days / horizon))


def _words(text: str) -> Counter[str]:
    return Counter(w[:6] for w in (m.group().lower() for m in _WORD_RE.finditer(text)) if w not in _STOP)


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    shared = sum(a[w] * b[w] for w in a.keys() & b.keys())
    if not shared:
        return 0.0
    return shared / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def _representative(found: list[_Mention], k: int, redundancy: float) -> list[KeySentence]:
    """The `k` sentences closest to what all the day's sentences say (their word centroid), a
    sentence naming the day before one that only shares its publication date, one per outlet
    first, none repeating another."""
    if k <= 0:
        return []
    unique: dict[tuple[str, tuple[int, int]], _Mention] = {}
    for m in found:
        unique.setdefault((m.article.id, m.sentence), m)
    candidates = list(unique.values())
    vectors = [_words(m.article.text[m.sentence[0]:m.sentence[1]]) for m in candidates]
    centroid: Counter[str] = Counter()
    for v in vectors:
        centroid.update(v)
    ranked = sorted(range(len(candidates)), key=lambda i: (-(_cosine(vectors[i], centroid)
                                                            + (0.2 if candidates[i].explicit else 0.0)
                                                            + (0.2 if _fresh(candidates[i]) else 0.0)),
                                                           candidates[i].article.id, candidates[i].sentence))
    chosen: list[int] = []
    for pass_ in ("new outlets", "any"):
        for i in ranked:
            if len(chosen) >= k:
                break
            if i in chosen or any(_cosine(vectors[i], vectors[j]) >= redundancy for j in chosen):
                continue
            if pass_ == "new outlets" and any(_outlet(candidates[j].article) == _outlet(candidates[i].article)
                                              for j in chosen):
                continue
            chosen.append(i)
    out = []
    for i in chosen:
        m = candidates[i]
        start, end = m.sentence
        text = m.article.text[start:end]
        stripped = text.strip()
        lead = len(text) - len(text.lstrip())
        out.append(KeySentence(" ".join(stripped.split()), m.article.id, start + lead, start + lead + len(stripped)))
    return out


def _fresh(m: _Mention) -> bool:
    """Whether the sentence is the day's own news (published that day or the next), which says what
    happened; a later report mostly recalls it in passing ("months after the collapse of 4 March")."""
    published = _published(m.article)
    return published is not None and 0 <= (published - m.day).days <= 1


def key_dates_to_dicts(dates: list[KeyDate]) -> list[dict]:
    """The JSON shape: `{date, sentences: [{text, article_id, start, end}], outlets, articles}` (plus
    `score` and `referring`)."""
    return [{"date": d.date, "sentences": [{"text": s.text, "article_id": s.article_id, "start": s.start,
                                            "end": s.end} for s in d.sentences],
             "outlets": list(d.outlets), "articles": list(d.articles), "score": d.score, "referring": d.referring}
            for d in dates]
