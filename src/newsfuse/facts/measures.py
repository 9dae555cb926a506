"""Measures: claims about the same counted thing, grouped across outlets and given a status.

A measure key is (what is counted, whose, where), normalized with the tables of `vocab`
("additional soldiers" = "additional troops"; KFOR's soldiers are NATO's, in Kosovo). The status
rules, tolerances and the conservative figure are documented in docs/facts.md.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from newsfuse.facts.dates import compatible as same_day
from newsfuse.facts.dates import months_apart, sort_key
from newsfuse.facts.numbers import Quantity
from newsfuse.facts.provenance import count_phrase
from newsfuse.facts.records import Claim, Measure, StoryClaim
from newsfuse.facts.units import factor, kind_of
from newsfuse.facts.vocab import (ADDITIONAL, CASUALTY_FORMS, COUNTED_SYNONYMS, DEMONYMS, NEUTRAL_MODIFIERS, OWNER_ALIASES,
                    canonical_owner, fold)

STATUSES = ("agreed", "conflicting", "changed", "single")
Key = tuple[str, str, str]


def short_hash(*parts: object) -> str:
    """A short, stable content hash for ids."""
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:12]


def counted_key(claim: Claim) -> str:
    """What is counted, normalized: owner words and neutral words dropped, synonyms merged
    ("NATO soldiers injured" -> "troops injured", "1,000 extra soldiers" -> "additional troops")."""
    return _counted_key(claim.counted, claim.owner)


@lru_cache(maxsize=8192)
def _counted_key(counted: str, owner: str | None) -> str:
    # asked again for every claim of a story's thread and for the totals a story's claims continue
    words = [fold(w) for w in counted.replace("-", " ").split()]
    kept: list[str] = []
    casualty = ""
    for word in words:
        if word in NEUTRAL_MODIFIERS:
            continue
        if word in CASUALTY_FORMS and word not in COUNTED_SYNONYMS:
            casualty = CASUALTY_FORMS[word]
            continue
        if word in OWNER_ALIASES or word in DEMONYMS or (owner and fold(canonical_owner(word)[0] or "") == fold(owner)):
            continue
        kept.append(ADDITIONAL.get(word, word))
    if not kept:
        return casualty or "count"
    head = kept[-1]
    two = " ".join(kept[-2:])
    if len(kept) >= 2 and two in COUNTED_SYNONYMS:
        head, kept = COUNTED_SYNONYMS[two], kept[:-2]
    else:
        head, kept = COUNTED_SYNONYMS.get(head, head), kept[:-1]
    if head in ("killed", "injured") and not casualty:
        head, casualty = "people", head
    modifiers = sorted(set(kept), key=lambda w: (w != "additional", w))
    return " ".join([*modifiers, head, casualty]).strip()


def measure_key(claim: Claim) -> Key:
    """(what is counted, whose, where). What is counted carries the unit's family and whether the
    figure is a change: "up 19 cents" and "$58.24 per barrel" are two measures of oil."""
    counted = counted_key(claim)
    unit = claim.quantity.unit
    family = kind_of(unit)
    if family != "count" or claim.kind == "age":
        per = unit.partition("/")[2]
        counted += f" [{claim.kind if claim.kind == 'age' else family}{'/' + per if per else ''}]"
    if claim.change:
        counted += " [change]"  # "up 19 cents" measures the rise; "rose to 75,000" is the toll itself
    return counted, claim.owner or "", claim.place or ""


# What a measure is called when the sentence names nothing but its owner ("Quillbyte Systems amount").
KIND_WORDS = {"money": "amount", "count": "count", "percent": "share", "percentage_point": "change",
              "fraction": "share"}


def measure_label(key: Key, claims: list[Claim] = ()) -> str:
    """"NATO soldiers in Kosovo", "NATO additional troops in Kosovo", "Germany additional troops":
    the owner, the counted words as the most-cited claim writes them, the place."""
    counted, owner, place = key
    # a restated total ("puts the total at 93") names its kind, not what the measure counts
    # and neither does a bare casualty ("about 30 wounded") beside claims that name who was hurt
    written = ([c.counted for c in claims if c.counted and not c.restates and not bare_casualty(c)]
               or [c.counted for c in claims if c.counted and not c.restates]
               or [c.counted for c in claims if c.counted])
    if written:
        times = Counter(written)
        phrase = max(times, key=lambda w: (times[w], -len(w), w))
        owner_words = {fold(w) for w in owner.split()} | {fold(w) + "'s" for w in owner.split()}
        words = [w for w in phrase.split() if fold(w) not in owner_words and canonical_owner(w)[0] != owner]
        concepts = [w for c in claims for w in c.measure.split() if fold(w) not in owner_words]
        counted = " ".join(words) or " ".join(dict.fromkeys(concepts)) or KIND_WORDS.get(claims[0].kind, claims[0].kind)
    else:
        counted = counted.split(" [")[0]
    if counted == "count" and claims:
        counted = KIND_WORDS.get(claims[0].kind, claims[0].kind)  # nothing counted was written: its kind
    if claims and claims[0].change:
        counted = f"change in {counted}"
    label = f"{owner} {counted}".strip()
    return f"{label} in {place}" if place and fold(place) not in fold(label) else label


def group_claims(claims: list[Claim]) -> dict[Key, list[Claim]]:
    """Claims by measure key; a claim that leaves the owner or the place open joins the one group
    that fills it in, when there is exactly one such group."""
    groups: dict[Key, list[Claim]] = defaultdict(list)
    for claim in claims:
        if not claim.restates and not bare_casualty(claim):
            groups[measure_key(claim)].append(claim)
    # a key meets only the keys that count the same and fill in what it names (whose, or where)
    alike: dict[tuple[str, str, str], list[Key]] = defaultdict(list)
    for key in groups:
        counted, owner, place = key
        for block in dict.fromkeys(((counted, "", ""), (counted, owner, ""), (counted, "", place))):
            alike[block].append(key)
    for key in sorted(groups, key=lambda k: (bool(k[1]) + bool(k[2]), k)):
        counted, owner, place = key
        if owner and place:
            continue
        fuller = [k for k in alike[(counted, owner, place)] if k != key and k in groups
                  and (not owner or k[1] == owner) and (not place or k[2] == place)
                  and (bool(k[1]) + bool(k[2])) > (bool(owner) + bool(place))]
        if len(fuller) == 1:
            groups[fuller[0]].extend(groups.pop(key))
    index = _Continuations(groups)
    for claim in claims:  # "about 30 wounded": the count of its casualty kind that the story names
        if not claim.restates and bare_casualty(claim):
            index.add(_continued(claim, index), claim)
    for claim in claims:
        if claim.restates:
            index.add(_continued(claim, index), claim)
    return dict(groups)


class _Continuations:
    """The groups of `group_claims` with the keys a bare casualty or a restated total can continue
    (no unit or change mark, by the last word of what they count) and whether each states a number,
    kept as claims join: each such claim meets the keys of its kind, not every key of the story."""

    def __init__(self, groups: dict[Key, list[Claim]]) -> None:
        self.groups = groups
        self.by_kind: dict[str, list[Key]] = defaultdict(list)
        self.stated: dict[Key, bool] = {}
        for key, members in groups.items():
            self._index(key, members)

    def _index(self, key: Key, members: Iterable[Claim]) -> None:
        if key not in self.stated:
            self.stated[key] = False
            if " [" not in key[0]:
                self.by_kind[key[0].split()[-1]].append(key)
        self.stated[key] = self.stated[key] or any(c.quantity.qualifier != "vague" for c in members)

    def add(self, key: Key, claim: Claim) -> None:
        self.groups[key].append(claim)
        self._index(key, (claim,))


def bare_casualty(claim: Claim) -> str | None:
    """The casualty kind of a count that names no group, only the casualty ("about 30 wounded",
    "12 dead": injured, killed), else None."""
    word = fold(claim.counted)
    return CASUALTY_FORMS.get(word) if claim.kind == "count" and " " not in word else None


def _continued(claim: Claim, index: _Continuations) -> Key:
    """The measure a restated total continues ("the mission spoke of about 30 wounded; a revised
    figure puts the total at 93"): its own, when the story has it; else the counts of its kind of
    casualty whose owner and place it does not contradict: one with a number stated ("about 30",
    not only "dozens": a total restates a count), then the most claimed, then by key; else its own."""
    own = measure_key(claim)
    groups = index.groups
    if own in groups:
        return own
    kind = claim.restates or bare_casualty(claim)
    fits = [k for k in index.by_kind.get(kind, ())
            if (not claim.owner or k[1] == claim.owner) and (not claim.place or k[2] == claim.place)]
    if not claim.restates and len({k[0] for k in fits}) > 1:
        return own  # a bare "30 wounded" in a story of injured police and injured protesters: whose?
    return max(fits, key=lambda k: (index.stated[k], len(groups[k]), k)) if fits else own


# Reports a day apart that date a figure by their own publication are one news cycle.
SAME_TIME_DAYS = 1


def same_moment(a: str | None, b: str | None) -> bool:
    """Dates that can name the same day ("2023-06" and "2023-06-13"), or days at most
    SAME_TIME_DAYS apart."""
    if same_day(a, b):
        return True
    apart = months_apart(a, b)
    return apart is not None and apart * 30.44 <= SAME_TIME_DAYS + 0.01 and len(a or "") >= 10 and len(b or "") >= 10


def _windows(claims: list[Claim]) -> tuple[list[list[Claim]], list[Claim]]:
    """Dated claims cut into moments (`same_moment`), any other date starts the next; and the
    claims without a usable date.
    A toll of 40,000 on 14 January and 75,000 on 20 January is a series, not a disagreement."""
    usable = [months_apart(c.as_of, c.as_of) is not None for c in claims]
    dated = sorted((c for c, ok in zip(claims, usable) if ok), key=lambda c: sort_key(c.as_of))
    undated = [c for c, ok in zip(claims, usable) if not ok]
    windows: list[list[Claim]] = []
    days: dict[str | None, None] = {}  # the dates the last window holds: a claim meets each once
    for claim in dated:
        if windows and all(same_moment(day, claim.as_of) for day in days):
            windows[-1].append(claim)
        else:
            windows.append([claim])
            days = {}
        days[claim.as_of] = None
    return windows, undated


def _stated(windows: list[list[Claim]]) -> list[list[Claim]]:
    """The moments of a series that state a figure: "dozens were hurt" a week later restates no
    number, so it is no step after "puts the total at 93" (all of them when none states one)."""
    return [w for w in windows if any(c.quantity.qualifier != "vague" for c in w)] or windows


def _step(window: list[Claim]) -> Claim:
    """The claim that shows a moment of a series: its first with a number stated ("about 30" before
    "dozens" dated only by the year)."""
    return next((c for c in window if c.quantity.qualifier != "vague"), window[0])


def _consistent(claims: list[Claim]) -> bool:
    """Whether every two of the claims' figures are `Quantity.compatible`, in time linear in their
    number: the same figure from many sentences is compared once, and intervals of one unit all
    overlap when the highest low is below every other high (the units of one measure are few)."""
    spans: dict[str, dict[tuple[float, float], int]] = {}
    for claim in claims:
        bounds = spans.setdefault(claim.quantity.unit, {})
        span = claim.quantity.bounds()
        bounds[span] = bounds.get(span, 0) + 1
    if any(math.isnan(x) for bounds in spans.values() for span in bounds for x in span):
        return all(a.quantity.compatible(b.quantity) for i, a in enumerate(claims) for b in claims[i + 1:])
    units = list(spans)
    summary = {unit: _Span.of(bounds) for unit, bounds in spans.items()}
    if not all(_overlap(bounds) for bounds in spans.values()):
        return False
    return all(summary[u].meets(summary[v], u, v) for i, u in enumerate(units) for v in units[i + 1:])


def _overlap(bounds: dict[tuple[float, float], int]) -> bool:
    """Whether every two of these intervals (with how often each occurs) overlap: low <= other's high."""
    if any(count > 1 and low > high for (low, high), count in bounds.items()):
        return False  # an interval twice that is empty ("about -10" widened) meets not even itself
    spans = list(bounds)
    if len(spans) < 2:
        return True
    top = max(range(len(spans)), key=lambda i: spans[i][0])
    bottom = min(range(len(spans)), key=lambda i: spans[i][1])
    if top != bottom:
        return spans[top][0] <= spans[bottom][1]
    low = max(s[0] for i, s in enumerate(spans) if i != top)
    high = min(s[1] for i, s in enumerate(spans) if i != top)
    return spans[top][0] <= high and low <= spans[top][1]


class _Span:
    """The highest low and lowest high of some intervals of one unit: what any figure must meet to
    be compatible with all of them."""

    __slots__ = ("low", "high")

    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high

    @classmethod
    def of(cls, bounds: Iterable[tuple[float, float]]) -> _Span:
        bounds = list(bounds)
        if any(math.isnan(x) for b in bounds for x in b):
            return cls(math.nan, math.nan)  # compatible with nothing, as `Quantity.compatible` says
        return cls(max(b[0] for b in bounds), min(b[1] for b in bounds))

    def meets(self, other: _Span, unit: str, other_unit: str) -> bool:
        """Whether each interval summed up here is compatible with each of `other`'s (as
        `Quantity.compatible`: the other's bounds scaled into this unit)."""
        scale = factor(other_unit, unit)
        if scale is None:
            return False
        # a positive factor keeps the order of bounds, so the lowest high scaled is the lowest scaled
        return self.low <= other.high * scale and other.low * scale <= self.high


def status_of(claims: list[Claim], outlet_of: Mapping[str, str]) -> str:
    """agreed, conflicting, changed or single (docs/facts.md, "Status rules")."""
    return verdict(claims, outlet_of)[0]


def verdict(claims: list[Claim], outlet_of: Mapping[str, str]) -> tuple[str, str]:
    """The status of one measure and why ("same measure, same day, 1,000 vs 150"). A series over
    time is `changed` also when one outlet reports it; figures of one outlet at one time that
    differ are not compared (an article gives a part and a whole, a before and an after)."""
    return _verdict(claims, outlet_of, *_windows(claims))


def _verdict(claims: list[Claim], outlet_of: Mapping[str, str], windows: list[list[Claim]],
             undated: list[Claim]) -> tuple[str, str]:
    """`verdict` with the claims' `_windows` already cut."""
    outlets = {outlet_of.get(c.article_id, c.article_id) for c in claims}
    if len(windows) > 1:
        # a series when the stated figures move ("more than 4,000" in June, 4,500 in November) or
        # cannot be one figure; a vague word ("dozens") beside "about 30" is the same account
        stated = [c.quantity for w in windows for c in w if c.quantity.qualifier != "vague"]
        moved = (any(not q.same_figure(stated[0]) for q in stated)
                 or not _consistent([c for w in windows for c in w]))
        clash = next((w for w in windows if not _consistent(w) and _outlets(w, outlet_of) > 1), None)
        if clash is not None:
            return "conflicting", _clash_reason(clash)
        if moved:
            steps = " → ".join(f"{_figure(c.quantity)} ({c.as_of})" for c in map(_step, _stated(windows)))
            who = "one outlet" if len(outlets) == 1 else f"{len(outlets)} outlets"
            return "changed", f"same measure over time ({who}): {steps}"
    if len(outlets) <= 1:
        return "single", "one outlet"
    for window in windows:
        if not _consistent(window) and _outlets(window, outlet_of) > 1:
            return "conflicting", _clash_reason(window)
    spans = [_spans(w) for w in windows]
    for quantity in dict.fromkeys(c.quantity for c in undated):
        if windows and not any(_meets_all(quantity, s) for s in spans):
            return "conflicting", f"same measure, undated, {_figure(quantity)} vs " \
                                  f"{_figure(windows[-1][0].quantity)}"
    if not windows and not _consistent(undated):
        return "conflicting", _clash_reason(undated, "undated")
    figures = sorted({_figure(c.quantity) for c in claims})
    when = "same time" if len(windows) <= 1 else "over time"
    return "agreed", f"{len(outlets)} outlets, {when}, {' and '.join(figures)} overlap"


def _outlets(claims: list[Claim], outlet_of: Mapping[str, str]) -> int:
    return len({outlet_of.get(c.article_id, c.article_id) for c in claims})


def _spans(claims: list[Claim]) -> dict[str, _Span]:
    bounds: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for claim in claims:
        bounds[claim.quantity.unit].append(claim.quantity.bounds())
    return {unit: _Span.of(b) for unit, b in bounds.items()}


def _meets_all(quantity: Quantity, spans: dict[str, _Span]) -> bool:
    """Whether `quantity` is compatible with every figure summed up in `spans` (by unit)."""
    own = _Span(*quantity.bounds())
    if math.isnan(own.low) or math.isnan(own.high):
        return False
    return all(own.meets(span, quantity.unit, unit) for unit, span in spans.items())


def _clash_reason(claims: list[Claim], when: str = "same day") -> str:
    # the first two that clash, in order, are the first of their figure and date (or the first two,
    # for a figure that clashes with itself: "about -10" widened is empty): each pair is met once
    seen: dict[tuple, int] = {}
    kept = []
    for claim in claims:
        key = (claim.quantity, claim.as_of)
        times = seen[key] = seen.get(key, 0) + 1
        if times == 1 or (times == 2 and not claim.quantity.compatible(claim.quantity)):
            kept.append(claim)
    claims = kept
    a, b = next((a, b) for i, a in enumerate(claims) for b in claims[i + 1:] if not a.quantity.compatible(b.quantity))
    if when == "same day" and a.as_of != b.as_of:
        when = "same month"
    return f"same measure, {when}, {_figure(a.quantity)} vs {_figure(b.quantity)}"


def _figure(quantity: Quantity) -> str:
    def number(v: float | None) -> str:
        if v is None:
            return "?"
        return f"{int(v):,}" if float(v).is_integer() and abs(v) < 1e15 else f"{v:,.2f}".rstrip("0").rstrip(".")
    if quantity.qualifier == "vague":
        return f"{quantity.text} (≥ {number(quantity.low)})"  # "dozens (≥ 12)"
    if quantity.low is not None and quantity.high is not None and quantity.low != quantity.high:
        return f"{number(quantity.low)}–{number(quantity.high)}"
    return number(quantity.value)


def conservative(claims: list[Claim]) -> Quantity | None:
    """The figure to report: from the latest time window, the lowest credible value (precise
    figures before vague ones), as ACLED does when sources disagree."""
    return _conservative(*_windows(claims))


def _conservative(windows: list[list[Claim]], undated: list[Claim]) -> Quantity | None:
    current = _stated(windows)[-1] if windows else undated
    precise = [c.quantity for c in current if c.quantity.qualifier != "vague"] or [c.quantity for c in current]
    if not precise:
        return None
    return min(precise, key=lambda q: (q.value if q.value is not None else float("inf")))


def _most_written(concepts: list[str]) -> str:
    """The concept most claims write, on a tie the first in alphabetical order (a set's order of
    strings changes with the hash seed, and claims come in article-id order, which follows paths:
    "co" or "co -" from one run to the next)."""
    times = Counter(concepts)
    return min(times, key=lambda c: (-times[c], c)) if concepts else ""


def build_measures(claims: list[Claim], outlet_of: Mapping[str, str],
                   origin: Callable[[str, int], str] | None = None) -> tuple[list[Measure], list[StoryClaim]]:
    """Measures with their status and the story-level claims (one per figure, date and measure).

    `origin(article_id, offset)` names the independent source of a sentence (facts/provenance.py);
    without it every outlet counts as one."""
    def origins(members: list[Claim]) -> list[str]:
        if origin is None:
            return sorted({outlet_of.get(c.article_id, c.article_id) for c in members})
        return sorted({origin(c.article_id, c.sentence_start) for c in members})

    measures: list[Measure] = []
    story_claims: list[StoryClaim] = []
    for key, members in sorted(group_claims(claims).items()):
        measure_id = "m-" + short_hash("measure", key)
        label = measure_label(key, members)
        by_figure: dict[tuple, list[Claim]] = defaultdict(list)
        for claim in members:
            q = claim.quantity
            by_figure[(q.low, q.high, q.qualifier, q.unit, claim.as_of, claim.planned, claim.change)].append(claim)
        ids = []
        for figure, same in sorted(by_figure.items(), key=lambda kv: (kv[0][4] or "", repr(kv[0]))):
            claim_id = "c-" + short_hash("claim", key, figure)
            sources = list(dict.fromkeys(claim.source for claim in same))
            concepts = [c.measure for c in same if c.measure]
            story_claims.append(StoryClaim(claim_id, measure_id, label, same[0].quantity, figure[4], figure[5],
                                           sources, list(same), change=figure[6], owner=key[1] or None,
                                           concept=_most_written(concepts),
                                           outlets=sorted({outlet_of.get(c.article_id, c.article_id) for c in same}),
                                           independent_sources=origins(same)))
            ids.append(claim_id)
        outlets = sorted({outlet_of.get(c.article_id, c.article_id) for c in members})
        windows = _windows(members)  # cut once for the status and the figure to report
        status, reason = _verdict(members, outlet_of, *windows)
        independent = origins(members)
        rests = f"{'agreed by ' if status == 'agreed' else ''}{count_phrase(len(independent), len(outlets))}"
        measures.append(Measure(measure_id, label, key, status, ids, outlets, _conservative(*windows),
                                f"{reason}; {rests}", independent))
    return measures, story_claims
