"""Measures: claims about the same counted thing, grouped across outlets and given a status.

A measure key is (what is counted, whose, where), normalized with the tables of `vocab`
("additional soldiers" = "additional troops"; KFOR's soldiers are NATO's, in Kosovo). The status
rules, tolerances and the conservative figure are documented in docs/facts.md.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Mapping

from newsfuse.facts.dates import compatible as same_day
from newsfuse.facts.dates import months_apart, sort_key
from newsfuse.facts.numbers import Quantity
from newsfuse.facts.provenance import count_phrase
from newsfuse.facts.records import Claim, Measure, StoryClaim
from newsfuse.facts.units import kind_of
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
    words = [fold(w) for w in claim.counted.replace("-", " ").split()]
    owner = claim.owner
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
        phrase = max(set(written), key=lambda w: (written.count(w), -len(w), w))
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
    for key in sorted(groups, key=lambda k: (bool(k[1]) + bool(k[2]), k)):
        counted, owner, place = key
        if owner and place:
            continue
        fuller = [k for k in groups if k != key and k[0] == counted and (not owner or k[1] == owner)
                  and (not place or k[2] == place) and (bool(k[1]) + bool(k[2])) > (bool(owner) + bool(place))]
        if len(fuller) == 1:
            groups[fuller[0]].extend(groups.pop(key))
    for claim in claims:  # "about 30 wounded": the count of its casualty kind that the story names
        if not claim.restates and bare_casualty(claim):
            groups[_continued(claim, groups)].append(claim)
    for claim in claims:
        if claim.restates:
            groups[_continued(claim, groups)].append(claim)
    return dict(groups)


def bare_casualty(claim: Claim) -> str | None:
    """The casualty kind of a count that names no group, only the casualty ("about 30 wounded",
    "12 dead": injured, killed), else None."""
    word = fold(claim.counted)
    return CASUALTY_FORMS.get(word) if claim.kind == "count" and " " not in word else None


def _continued(claim: Claim, groups: Mapping[Key, list[Claim]]) -> Key:
    """The measure a restated total continues ("the mission spoke of about 30 wounded; a revised
    figure puts the total at 93"): its own, when the story has it; else the counts of its kind of
    casualty whose owner and place it does not contradict: one with a number stated ("about 30",
    not only "dozens": a total restates a count), then the most claimed, then by key; else its own."""
    own = measure_key(claim)
    if own in groups:
        return own
    kind = claim.restates or bare_casualty(claim)
    fits = [k for k in groups if " [" not in k[0] and k[0].split()[-1] == kind
            and (not claim.owner or k[1] == claim.owner) and (not claim.place or k[2] == claim.place)]
    if not claim.restates and len({k[0] for k in fits}) > 1:
        return own  # a bare "30 wounded" in a story of injured police and injured protesters: whose?
    counted = {k: any(c.quantity.qualifier != "vague" for c in groups[k]) for k in fits}
    return max(fits, key=lambda k: (counted[k], len(groups[k]), k)) if fits else own


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
    dated = sorted((c for c in claims if months_apart(c.as_of, c.as_of) is not None), key=lambda c: sort_key(c.as_of))
    undated = [c for c in claims if months_apart(c.as_of, c.as_of) is None]
    windows: list[list[Claim]] = []
    for claim in dated:
        if windows and all(same_moment(c.as_of, claim.as_of) for c in windows[-1]):
            windows[-1].append(claim)
        else:
            windows.append([claim])
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
    return all(a.quantity.compatible(b.quantity) for i, a in enumerate(claims) for b in claims[i + 1:])


def status_of(claims: list[Claim], outlet_of: Mapping[str, str]) -> str:
    """agreed, conflicting, changed or single (docs/facts.md, "Status rules")."""
    return verdict(claims, outlet_of)[0]


def verdict(claims: list[Claim], outlet_of: Mapping[str, str]) -> tuple[str, str]:
    """The status of one measure and why ("same measure, same day, 1,000 vs 150"). A series over
    time is `changed` also when one outlet reports it; figures of one outlet at one time that
    differ are not compared (an article gives a part and a whole, a before and an after)."""
    outlets = {outlet_of.get(c.article_id, c.article_id) for c in claims}
    windows, undated = _windows(claims)
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
    for claim in undated:
        if windows and not any(all(claim.quantity.compatible(c.quantity) for c in w) for w in windows):
            return "conflicting", f"same measure, undated, {_figure(claim.quantity)} vs " \
                                  f"{_figure(windows[-1][0].quantity)}"
    if not windows and not _consistent(undated):
        return "conflicting", _clash_reason(undated, "undated")
    figures = sorted({_figure(c.quantity) for c in claims})
    when = "same time" if len(windows) <= 1 else "over time"
    return "agreed", f"{len(outlets)} outlets, {when}, {' and '.join(figures)} overlap"


def _outlets(claims: list[Claim], outlet_of: Mapping[str, str]) -> int:
    return len({outlet_of.get(c.article_id, c.article_id) for c in claims})


def _clash_reason(claims: list[Claim], when: str = "same day") -> str:
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
    windows, undated = _windows(claims)
    current = _stated(windows)[-1] if windows else undated
    precise = [c.quantity for c in current if c.quantity.qualifier != "vague"] or [c.quantity for c in current]
    if not precise:
        return None
    return min(precise, key=lambda q: (q.value if q.value is not None else float("inf")))


def _most_written(concepts: list[str]) -> str:
    """The concept most claims write, on a tie the first in alphabetical order (a set's order of
    strings changes with the hash seed, and claims come in article-id order, which follows paths:
    "co" or "co -" from one run to the next)."""
    return min(set(concepts), key=lambda c: (-concepts.count(c), c)) if concepts else ""


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
            sources = []
            for claim in same:
                if claim.source not in sources:
                    sources.append(claim.source)
            concepts = [c.measure for c in same if c.measure]
            story_claims.append(StoryClaim(claim_id, measure_id, label, same[0].quantity, figure[4], figure[5],
                                           sources, list(same), change=figure[6], owner=key[1] or None,
                                           concept=_most_written(concepts),
                                           outlets=sorted({outlet_of.get(c.article_id, c.article_id) for c in same}),
                                           independent_sources=origins(same)))
            ids.append(claim_id)
        outlets = sorted({outlet_of.get(c.article_id, c.article_id) for c in members})
        status, reason = verdict(members, outlet_of)
        independent = origins(members)
        rests = f"{'agreed by ' if status == 'agreed' else ''}{count_phrase(len(independent), len(outlets))}"
        measures.append(Measure(measure_id, label, key, status, ids, outlets, conservative(members),
                                f"{reason}; {rests}", independent))
    return measures, story_claims
