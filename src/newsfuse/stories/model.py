"""How alike an article and a story are: weighted vectors, story profiles and one score.

An article becomes an `ArticleVector` (tf-idf unit vectors of its words, names and headline words,
plus its numbers, dates and anchor date); a story is a `StoryProfile`, the sum of its articles'
vectors with a few exemplar articles kept whole. `score` combines the channels into one
log-odds that the article reports the story's event; `JOIN_AT` is where "same event" begins.
The weights and their reasons are in docs/stories.md.
"""

from __future__ import annotations

import io
import math
import pickle
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import itemgetter, mul

from newsfuse.errors import StoreError
from newsfuse.stories.features import StoryFeatures, day_number, title_terms
from newsfuse.stories.thread_time import THREAD_DECAY, THREAD_DECAY_MAX, THREAD_FRESH_DAYS

# Log-odds weights of the channels (fitted by logistic regression on ECB+ train topics, then
# rounded; the date terms are set by hand, see docs/stories.md).
W_TERMS = 4.0
W_NAMES = 7.0
W_HEADLINE = 1.4
W_EXEMPLAR = 3.7
W_NUMBERS = 2.2
W_ELSEWHERE = -1.0  # the article names places and none of them is in the story (set by hand)
BIAS = -4.6
DATE_NEAR_DAYS = 3  # reports of one event are published within days of each other
DATE_FAR_DAYS = 8  # beyond a week between event days, reports are about a different event (or a follow-up)
DATE_NEAR_BONUS = 1.0
EVENT_LOOKBACK = 10  # a lead's event day counts when at most this many days before the report
DATE_FAR_PENALTY = 6.0
# When both leads date their event, the event days themselves are compared, and more tightly: reports
# of one event trail it by days, but their leads name its day; a rescue five days after a quake, or
# a bail hearing five days after an arrest, is its own event (set by hand, like the terms above).
EVENT_NEAR_DAYS = 3
EVENT_FAR_DAYS = 6
# An undated report against a dated one: the latest year the undated one mentions is about when it was
# written. Two years or more from the other's year: likely another event of the same kind (the same
# announcement in another year); the other's year among those it mentions: consistent (set on ECB+ train
# topics, checked on dev: see docs/stories.md).
YEAR_APART = 2
W_YEAR_APART = -1.0
W_YEAR_NAMED = 0.5
YEAR_RANGE = (1950, 2039)  # four-digit numbers read as years
IDF_FLOOR = 1.0
JOIN_AT = 0.0  # log-odds: join the best story when it is at least as likely as not
ARTICLE_TERMS = 150  # an article is its heaviest words and names: the tail adds cost, not evidence
ARTICLE_NAMES = 60
EXEMPLARS = 3  # member articles kept per story (the first ones), for the closest-member channel
EXEMPLAR_TERMS = 50  # exemplars keep their heaviest words and names only
EXEMPLAR_MIX = (0.6, 0.4)  # words, names in the closest-member cosine
PROFILE_TERMS = 200  # a stored profile keeps its heaviest words/names only
PROFILE_NAMES = 100
VECTOR_FORMAT = 1
PROFILE_FORMAT = 3  # 3 added the event days of members whose leads date their event (2 still loads)


class DocFrequencies:
    """How many articles carry each key; gives smoothed idf weights (ln((N+1)/(df+1)) + 1).

    Read-only once made: each key's idf is computed once (a regroup weighs every article with one),
    those of the counted keys at once (the index makes one per article, for its own keys).
    """

    def __init__(self, n_docs: int = 0, df: Mapping[str, int] | None = None) -> None:
        self.n_docs = n_docs
        self.df: dict[str, int] = dict(df or {})
        self._idf = _Idf(self)
        self._idf.update({key: _idf(n_docs, n) for key, n in self.df.items()})

    @classmethod
    def of(cls, features: Iterable[StoryFeatures]) -> DocFrequencies:
        counts: Counter = Counter()
        n = 0
        for f in features:
            n += 1
            counts.update(keys_for_df(f))
        return cls(n, counts)

    def idf(self, key: str) -> float:
        return self._idf[key]


class _Idf(dict):
    """Key -> idf, each worked out on first use (a known key is a plain dict lookup, in C)."""

    __slots__ = ("dfs",)

    def __init__(self, dfs: DocFrequencies) -> None:
        super().__init__()
        self.dfs = dfs

    def __missing__(self, key: str) -> float:
        dfs = self.dfs
        value = self[key] = _idf(dfs.n_docs, dfs.df.get(key, 0))
        return value


def _idf(n_docs: int, df: int) -> float:
    """The smoothed idf of a key `df` of `n_docs` articles carry."""
    return math.log((n_docs + 1) / (df + 1)) + IDF_FLOOR


def keys_for_df(f: StoryFeatures) -> set[str]:
    """The document-frequency keys of an article: its words and, as "n|" keys, its names."""
    return set(f.terms) | {"n|" + k for k in f.names}


def headline_terms(f: StoryFeatures) -> dict[str, float]:
    return {k: v for k, v in title_terms(f.title) if not k.startswith("#")}


def _tf(count: float) -> float:
    """Sublinear term frequency: 1 + ln(count), linear below one occurrence (half-weight keys)."""
    return 1.0 + math.log(count) if count >= 1 else count


def _unit(weights: dict[str, float]) -> dict[str, float]:
    values = weights.values()
    norm = math.sqrt(sum(map(mul, values, values)))  # the same sum, in the same order, as a loop would make
    return {k: w / norm for k, w in weights.items()} if norm else {}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    # The key intersection and the products run in C (the scorer's inner loop: a regroup of ECB+
    # makes 80,000 of them). The set's order follows string hashing, which changes per process:
    # fsum's exact sum does not depend on it, so equal scores stay equal in every run.
    shared = a.keys() & b.keys()
    return math.fsum(map(mul, map(a.__getitem__, shared), map(b.__getitem__, shared)))


def top_weights(weights: Mapping[str, float], n: int) -> dict[str, float]:
    """The `n` heaviest entries, heaviest first (equal weights keep their order: the sort is stable)."""
    if len(weights) <= n:
        return dict(weights)
    return dict(sorted(weights.items(), key=itemgetter(1), reverse=True)[:n])


def _norm(weights: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in weights.values())) or 1.0


class _Builtins(pickle.Unpickler):
    """Profiles are stored as pickles of plain dicts, lists and numbers; nothing else may load."""

    def find_class(self, module: str, name: str):  # noqa: ANN201 - refuses everything
        raise pickle.UnpicklingError(f"story profiles hold no {module}.{name}")


def _dumps(payload: tuple) -> bytes:
    return pickle.dumps(payload, protocol=5)


def _loads(blob: bytes) -> tuple:
    return _Builtins(io.BytesIO(blob)).load()


@dataclass(slots=True)
class ArticleVector:
    """One article in the similarity space (unit vectors, tf-idf weighted with log tf).

    `blend` is words and "n|" names in one vector, weighted `EXEMPLAR_MIX`: what the
    closest-member channel compares.
    """

    terms: dict[str, float]
    names: dict[str, float]
    headline: dict[str, float]
    numbers: frozenset[str]
    dates: frozenset[str]
    anchor: int | None
    month_days: frozenset[str] = frozenset()  # "MM-DD" of every date mentioned, with or without a year
    blend: dict[str, float] = field(default_factory=dict)
    places: frozenset[str] = frozenset()  # name keys tagged as places
    event_dated: bool = False  # `anchor` is the day the lead gives for its event, not only the report's date
    kept: dict[str, float] | None = None  # `exemplar()` when it was stored with the vector

    @classmethod
    def of(cls, f: StoryFeatures, dfs: DocFrequencies) -> ArticleVector:
        idf, log = dfs._idf.__getitem__, math.log  # noqa: SLF001 - the table behind `idf`, without a call per key
        # 1 + ln(count), as `_tf`, inline: an article has hundreds of keys
        terms = _unit(top_weights({k: (1.0 + log(c) if c >= 1 else c) * idf(k) for k, c in f.terms.items()
                                   if c > 0 and k[0] != "#"}, ARTICLE_TERMS))
        names = _unit(top_weights({k: (1.0 + log(c) if c >= 1 else c) * idf("n|" + k) for k, c in f.names.items()
                                   if c > 0}, ARTICLE_NAMES))
        head = _unit({k: idf(k) for k in headline_terms(f)})
        numbers = frozenset(k for k in f.terms if k[0] == "#" and len(k) >= 3)
        dates = frozenset(d for d in f.dates if not d.startswith("--"))
        day = event_or_anchor(f)
        return cls(terms, names, head, numbers, dates, day,
                   frozenset(d[-5:] for d in f.dates), _blend(terms, names), frozenset(f.places) & names.keys(),
                   day is not None and f.event is not None and day == day_number(f.event))

    def exemplar(self) -> dict[str, float]:
        """What a story keeps of this article for the closest-member channel."""
        return dict(self.kept) if self.kept is not None else top_weights(self.blend, EXEMPLAR_TERMS)

    def to_bytes(self) -> bytes:
        """The stored form (the index keeps each article's vector between refreshes of its weights)."""
        return _dumps((VECTOR_FORMAT, self.terms, self.names, self.headline, sorted(self.numbers), sorted(self.dates),
                       self.anchor, sorted(self.month_days), self.blend, sorted(self.places), self.event_dated,
                       self.exemplar()))

    @classmethod
    def from_bytes(cls, blob: bytes) -> ArticleVector:
        fmt, terms, names, head, numbers, dates, anchor, month_days, blend, places, event_dated, kept = _loads(blob)
        if fmt != VECTOR_FORMAT:
            raise StoreError(f"article vector format {fmt}, expected {VECTOR_FORMAT}: run `newsfuse regroup`")
        return cls(terms, names, head, frozenset(numbers), frozenset(dates), anchor, frozenset(month_days),
                   blend, frozenset(places), event_dated, kept)


def event_or_anchor(f: StoryFeatures) -> int | None:
    """The day an article is about: its lead's event day when that falls shortly before its own date
    (a lead may recall an anniversary), else its own date."""
    anchor = day_number(f.anchor) if f.anchor else None
    event = day_number(f.event) if f.event else None
    if event is None or (anchor is not None and not anchor - EVENT_LOOKBACK <= event <= anchor + 1):
        return anchor
    return event


def _blend(terms: Mapping[str, float], names: Mapping[str, float]) -> dict[str, float]:
    w_terms, w_names = EXEMPLAR_MIX
    out = {k: w_terms * w for k, w in terms.items()}
    out.update({"n|" + k: w_names * w for k, w in names.items()})
    return out


@dataclass(slots=True)
class StoryProfile:
    """The sum of a story's article vectors, with counts of numbers, dates and anchor days.

    Stored profiles keep their heaviest words and names only (`PROFILE_TERMS`, `PROFILE_NAMES`):
    the light tail changes no decision and would make every lookup slower.
    """

    size: int = 0
    terms: dict[str, float] = field(default_factory=dict)
    names: dict[str, float] = field(default_factory=dict)
    headline: dict[str, float] = field(default_factory=dict)
    numbers: Counter = field(default_factory=Counter)
    dates: Counter = field(default_factory=Counter)
    anchors: Counter = field(default_factory=Counter)
    month_days: Counter = field(default_factory=Counter)
    exemplars: dict[str, dict[str, float]] = field(default_factory=dict)
    events: Counter = field(default_factory=Counter)  # event days of the members whose leads date them
    places: Counter = field(default_factory=Counter)  # name keys its members tag as places
    _squares: list[float] | None = None  # squared norms of terms, names, headline, kept up to date

    def add(self, article_id: str, v: ArticleVector, sign: int = 1) -> None:
        squares = self._squares
        for i, (mine, theirs) in enumerate(((self.terms, v.terms), (self.names, v.names), (self.headline, v.headline))):
            change = 0.0
            for k, w in theirs.items():
                old = mine.get(k, 0.0)
                value = old + sign * w
                if value > 1e-9:
                    mine[k] = value
                else:
                    value = 0.0
                    mine.pop(k, None)
                change += value * value - old * old
            if squares is not None:
                squares[i] += change
        for mine, theirs in ((self.numbers, v.numbers), (self.dates, v.dates), (self.month_days, v.month_days),
                             (self.places, v.places)):
            for k in theirs:
                mine[k] += sign
                if mine[k] <= 0:
                    del mine[k]
        if v.anchor is not None:
            self.anchors[v.anchor] += sign
            if self.anchors[v.anchor] <= 0:
                del self.anchors[v.anchor]
            if v.event_dated:
                self.events[v.anchor] += sign
                if self.events[v.anchor] <= 0:
                    del self.events[v.anchor]
        self.size += sign
        if sign > 0 and len(self.exemplars) < EXEMPLARS:
            self.exemplars[article_id] = v.exemplar()
        elif sign < 0:
            self.exemplars.pop(article_id, None)

    @classmethod
    def single(cls, article_id: str, v: ArticleVector) -> StoryProfile:
        """The profile of a one-article story, to score against (what `add` to an empty profile gives,
        built at once). It shares the vector's weights: `add` to a copy, never to it."""
        day = Counter() if v.anchor is None else Counter({v.anchor: 1})
        return cls(1, v.terms, v.names, v.headline, Counter(v.numbers), Counter(v.dates), day, Counter(v.month_days),
                   {article_id: v.exemplar()}, day.copy() if v.event_dated else Counter(), Counter(v.places))

    def merge(self, other: StoryProfile) -> None:
        for mine, theirs in ((self.terms, other.terms), (self.names, other.names),
                             (self.headline, other.headline)):
            for k, w in theirs.items():
                mine[k] = mine.get(k, 0.0) + w
        self.numbers.update(other.numbers)
        self.dates.update(other.dates)
        self.month_days.update(other.month_days)
        self.anchors.update(other.anchors)
        self.events.update(other.events)
        self.places.update(other.places)
        self.size += other.size
        for k, v in other.exemplars.items():
            if len(self.exemplars) < EXEMPLARS:
                self.exemplars[k] = v
        self._squares = None

    @property
    def norms(self) -> tuple[float, float, float]:
        if self._squares is None:
            self._squares = [sum(w * w for w in d.values()) for d in (self.terms, self.names, self.headline)]
        qt, qn, qh = self._squares
        sqrt = math.sqrt
        return sqrt(max(qt, 0.0)) or 1.0, sqrt(max(qn, 0.0)) or 1.0, sqrt(max(qh, 0.0)) or 1.0

    def to_bytes(self) -> bytes:
        """The stored form: the heaviest words and names, with their norms (computed once here)."""
        kept = top_weights(self.terms, PROFILE_TERMS), top_weights(self.names, PROFILE_NAMES), top_weights(self.headline, PROFILE_NAMES)
        squares = [sum(w * w for w in d.values()) for d in kept]
        # counts of sets' members come in string-hash order: sorted, so the bytes (and, on ties, which
        # numbers and places are kept) are the same in every process
        return _dumps((PROFILE_FORMAT, self.size, *kept, _most_common(self.numbers, PROFILE_NAMES),
                       dict(sorted(self.dates.items())), dict(sorted(self.anchors.items())),
                       dict(sorted(self.month_days.items())), self.exemplars, squares,
                       dict(sorted(self.events.items())), _most_common(self.places, PROFILE_NAMES)))

    @classmethod
    def from_bytes(cls, blob: bytes) -> StoryProfile:
        try:
            fmt, size, terms, names, head, numbers, dates, anchors, month_days, exemplars, squares, *rest = _loads(blob)
        except (pickle.UnpicklingError, ValueError, TypeError, EOFError) as exc:
            raise StoreError(f"unreadable story profile ({exc}); run `newsfuse regroup` to rebuild the index") from exc
        if fmt not in (2, PROFILE_FORMAT):
            raise StoreError(f"story profile format {fmt}, expected {PROFILE_FORMAT}: run `newsfuse regroup`")
        # format 2 kept no event days nor places: its stories compare by report days, all names alike
        events, places = rest if rest else ({}, {})
        return cls(size, terms, names, head, Counter(numbers), Counter(dates), Counter(anchors),
                   Counter(month_days), exemplars, Counter(events), Counter(places), squares)


def _most_common(counts: Counter, n: int) -> dict:
    """The `n` highest counts, ties broken by key (not by insertion order, which follows hashing)."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def profile_vector(s: StoryProfile) -> ArticleVector:
    """A story seen as one long article: its unit-normalized sums (to compare stories, or threads)."""
    terms, names = _unit(s.terms), _unit(s.names)
    latest = max(s.anchors) if s.anchors else None
    return ArticleVector(terms, names, _unit(s.headline), frozenset(s.numbers), frozenset(s.dates),
                         latest, frozenset(s.month_days), _blend(terms, names), frozenset(s.places) & names.keys(),
                         latest in s.events)


CHANNELS = ("terms", "names", "headline", "exemplar", "numbers", "gap", "on_day", "elsewhere", "event_gap",
            "year_apart", "year_named")


def mentioned_years(numbers: Iterable[str], dates: Iterable[str]) -> frozenset[int]:
    """The years a report mentions: four-digit numbers in `YEAR_RANGE` ("#2008") and years of full dates."""
    low, high = YEAR_RANGE
    found = {int(k[1:]) for k in numbers if len(k) == 5 and k[1:].isdigit()}
    found.update(int(d[:4]) for d in dates if d[:4].isdigit())
    return frozenset(y for y in found if low <= y <= high)


def year_of(day: int) -> int:
    return date.fromordinal(day).year


def year_evidence(own: Iterable[int], mentioned: frozenset[int]) -> tuple[float, float]:
    """(apart, named) of a dated side (its years `own`) against an undated side mentioning `mentioned`:
    apart when the latest mentioned year is `YEAR_APART` or more from every own year, named when one
    of the own years is mentioned."""
    if not mentioned:
        return 0.0, 0.0
    latest = max(mentioned)
    own = set(own)
    apart = all(abs(y - latest) >= YEAR_APART for y in own)
    return float(apart), float(not own.isdisjoint(mentioned))


def years_apart(dated_a: set[int], mentioned_a: Iterable[int], dated_b: set[int], mentioned_b: Iterable[int]) -> bool:
    """Two groups of reports, each given by the years its dated reports are dated in and the years its
    undated reports mention: one group is dated, the other not, and the latest year the undated one
    mentions is apart from the dated one's years without naming any of them (`year_evidence`)."""
    for own, other_own, mentioned in ((dated_a, dated_b, mentioned_b), (dated_b, dated_a, mentioned_a)):
        if own and not other_own:
            apart, named = year_evidence(own, frozenset(mentioned))
            return bool(apart) and not named
    return False


def profile_years(s: StoryProfile) -> tuple[set[int], frozenset[int]]:
    """A story's `years_apart` terms: the years of its report days, and (undated) the years it mentions."""
    if s.anchors:
        return {year_of(d) for d in s.anchors}, frozenset()
    return set(), mentioned_years(s.numbers, s.dates)


def channels(v: ArticleVector, s: StoryProfile) -> dict[str, float]:
    """The evidence that article `v` reports story `s`, one number per channel."""
    return dict(zip(CHANNELS, _evidence(v, s)))


def pair_dots(v: ArticleVector, w: ArticleVector) -> tuple[float, float, float]:
    """The raw words, names and headline products of two reports: the same both ways (the products
    commute and fsum is exact), so scoring a pair of reports in both directions computes them once."""
    return _dot(v.terms, w.terms), _dot(v.names, w.names), _dot(v.headline, w.headline)


def _evidence(v: ArticleVector, s: StoryProfile, dots: tuple[float, float, float] | None = None) -> tuple[float, ...]:
    nt, nn, nh = s.norms
    dt, dn, dh = dots if dots is not None else (_dot(v.terms, s.terms), _dot(v.names, s.names),
                                                _dot(v.headline, s.headline))
    anchors = s.anchors
    gap = min(abs(v.anchor - d) for d in anchors) if v.anchor is not None and anchors else -1.0
    events = s.events
    event_gap = min(abs(v.anchor - d) for d in events) if v.event_dated and events else -1.0
    # One side undated: does the other's report date fall on a day the undated side mentions?
    # ("the meeting in Brussels on November 28 and 29" vs a report dated 28.11.2023)
    if v.anchor is None and anchors and v.month_days:
        on_day = any(not v.month_days.isdisjoint(_near_month_days(d)) for d in anchors)
    elif v.anchor is not None and not anchors and s.month_days:
        on_day = any(md in s.month_days for md in _near_month_days(v.anchor))
    else:
        on_day = False
    # one side dated, the other not: do the years the undated side mentions fit the dated side's?
    if v.anchor is None and anchors:
        year_apart, year_named = year_evidence({year_of(d) for d in anchors}, mentioned_years(v.numbers, v.dates))
    elif v.anchor is not None and not anchors:
        year_apart, year_named = year_evidence((year_of(v.anchor),), mentioned_years(s.numbers, s.dates))
    else:
        year_apart = year_named = 0.0
    numbers = v.numbers
    return (
        dt / nt,
        dn / nn,
        dh / nh,
        max([_dot(v.blend, e) for e in s.exemplars.values()], default=0.0),
        sum([1 for k in numbers if k in s.numbers]) / len(numbers) if numbers else 0.0,
        float(gap),
        1.0 if on_day else 0.0,
        1.0 if v.places and s.names and v.places.isdisjoint(s.names) else 0.0,
        float(event_gap),
        year_apart,
        year_named,
    )


@lru_cache(maxsize=65_536)
def _near_month_days(day: int) -> frozenset[str]:
    """"MM-DD" of the day and the day on either side."""
    return frozenset(date.fromordinal(day + k).isoformat()[5:] for k in (-1, 0, 1))


def date_evidence(gap: float, near: int = DATE_NEAR_DAYS, far: int = DATE_FAR_DAYS) -> float:
    """Log-odds from the distance between days: a bonus within `near` days, the full penalty from `far`."""
    if gap < 0:
        return 0.0
    if gap <= near:
        return DATE_NEAR_BONUS
    if gap >= far:
        return -DATE_FAR_PENALTY
    return -DATE_FAR_PENALTY * (gap - near) / (far - near)


def day_evidence(gap: float, event_gap: float) -> float:
    """Event days when both sides' leads give one (compared tightly), else the days the reports are about."""
    if event_gap >= 0:
        return date_evidence(event_gap, EVENT_NEAR_DAYS, EVENT_FAR_DAYS)
    return date_evidence(gap)


def score(v: ArticleVector, s: StoryProfile, dots: tuple[float, float, float] | None = None) -> float:
    """Log-odds that article `v` reports the event of story `s` (join when >= JOIN_AT). `dots`:
    `pair_dots(v, w)` when `s` is the one report `w` alone, computed already."""
    terms, names, headline, exemplar, numbers, gap, on_day, elsewhere, event_gap, apart, named = _evidence(v, s, dots)
    return (BIAS + W_TERMS * terms + W_NAMES * names + W_HEADLINE * headline + W_EXEMPLAR * exemplar
            + W_NUMBERS * numbers + day_evidence(gap, event_gap) + DATE_NEAR_BONUS * on_day + W_ELSEWHERE * elsewhere
            + W_YEAR_APART * apart + W_YEAR_NAMED * named)


# Threads: a story joins the thread whose words and actors (people, organisations, named events)
# it shares. Places do not count: a country or a city hosts many topics at once (a football match
# in the epidemic's capital, a harvest in the quake's region, a festival on the spill's coast).
# Time counts only past a month, gently: a thread follows its topic for months, so a story that
# comes back after a quiet spell (a settlement, an inquiry) still joins on strong evidence.
# Undated sides carry no time evidence (ECB+ topics pair events years apart, mostly undated).
T_TERMS = 10.0
T_NAMES = 6.0
T_BIAS = -2.0
THREAD_JOIN_AT = 0.0


def thread_gap(v: ArticleVector, t: StoryProfile) -> float:
    """Days between the story's latest day and the nearest story day of the thread (-1: undated)."""
    if v.anchor is None or not t.anchors:
        return -1.0
    return float(min(abs(v.anchor - d) for d in t.anchors))


def thread_time_evidence(gap: float) -> float:
    if gap <= THREAD_FRESH_DAYS:
        return 0.0
    return -min(THREAD_DECAY_MAX, THREAD_DECAY * (gap - THREAD_FRESH_DAYS) / 30)


def thread_score(v: ArticleVector, t: StoryProfile) -> float:
    """Log-odds that a story (seen through `profile_vector`) belongs to thread `t`."""
    nt, nn, _ = t.norms
    terms = _dot(v.terms, t.terms) / nt
    names = _dot(v.names, t.names) / nn
    if v.places:  # the story's places are no evidence of its topic: only its actors count
        names -= math.fsum([v.names[k] * t.names[k] for k in v.places & t.names.keys()]) / nn
    return T_BIAS + T_TERMS * terms + T_NAMES * names + thread_time_evidence(thread_gap(v, t))
