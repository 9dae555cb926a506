"""Casualties as stated: killed, injured or arrested people of a sentence, totals a sentence
restates ("puts the total at 93"), and an event's current and superseded figures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from newsfuse.facts.events.arguments import clause_of
from newsfuse.facts.events.words import ACTOR_NOUNS, CASUALTY_LEMMAS, ISO_DAY, MODALS, PRONOUN_WORDS
from newsfuse.facts.numbers import Quantity, parse_quantity
from newsfuse.facts.records import Casualty
from newsfuse.facts.syntax import span_text, subject_of, subtree_span
from newsfuse.facts.vocab import CASUALTY_FORMS, fold, lemma_of
from newsfuse.models import Article


# Words every restated total has ("puts the total at 93"): a sentence without one has none.
TOTAL_WORDS = re.compile(r"toll|total|tally|count|number|figure", re.IGNORECASE)


def casualty_verbs(sent, casualties) -> list:
    """The verbs ("were injured", "killing") the casualties of a sentence hang from."""
    verbs = []
    for c in casualties:
        span = sent.doc.char_span(c.start, c.end, alignment_mode="expand")
        verb = clause_of(span.root) if span is not None else None
        if verb is not None and all(v.i != verb.i for v in verbs):
            verbs.append(verb)
    return verbs


def casualties_in(article: Article, sent, tokens=None) -> list[Casualty]:
    """People killed, injured or arrested in a sentence: "police officer X was killed", "three
    attackers were killed", "93 soldiers were injured", "several people ... were killed".
    `tokens`: the sentence's tokens that can be casualty words (`extract.Candidates`), else all."""
    found: list[Casualty] = []
    for token in (sent if tokens is None else tokens):
        lemma = lemma_of(token, CASUALTY_LEMMAS)
        if lemma not in CASUALTY_LEMMAS or token.pos_ not in ("VERB", "ADJ"):
            continue
        kind = CASUALTY_FORMS.get(lemma, "killed") if lemma != "dead" else "killed"
        if lemma in ("murder", "slay"):
            kind = "killed"
        victim = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        if victim is None:
            victim = next((c for c in token.children if c.dep_ == "dobj"), None)
        if victim is None and lemma in ("die", "dead"):
            victim = subject_of(token)
        if victim is None and token.dep_ == "amod":
            victim = token.head
        if victim is None or victim.ent_type_ in ("GPE", "LOC", "ORG") or victim.text.lower() in PRONOUN_WORDS:
            continue  # "it would hurt Serbia", "attacked us": no one counted
        if any(c.dep_ == "aux" and c.text.lower() in MODALS for c in token.children):
            continue  # "could be killed": no one was
        # "a police sergeant and three of the attackers were killed": each victim counts
        for each in [victim] + [c for c in victim.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "NUM")]:
            quantity = _victim_count(each)
            who = subtree_span(each)
            including = [c for c in each.rights if c.dep_ == "prep" and c.text.lower() == "including"]
            if including:
                who += ", including " + " ".join(t.text for t in list(including[0].subtree)[1:])
            found.append(Casualty(kind, quantity, who, article.id, each.idx, each.idx + len(each.text)))
    return found


# A figure restated as a new total: "puts the total at 93", "raising the number of injured to 41",
# "the toll rose to 12", "brings the death toll to 7". The kind comes from the total's own words
# ("death toll", "number of injured"), else from the nearest casualty word of the sentence, else of
# the sentence before ("The count of injured soldiers has grown. ... puts the total at 93").
_TOTAL = (r"(?:(?P<modifier>death|injury|casualty|final|official|overall|new|revised|updated)\s+)?"
          r"(?:toll|total|tally|count|number|figure)(?:\s+of\s+(?:the\s+)?(?P<what>[a-z]+))?")


RESTATED = (
    re.compile(r"\b(?:puts?|putting|raised?|raises|raising|brings?|brought|bringing|lift(?:s|ed|ing)?|push(?:es|ed|ing)?"
               r"|revis(?:e|es|ed|ing)|takes?|took|taking)\s+(?:the|its|their|that)\s+" + _TOTAL + r"\s+(?:at|to)\s+"),
    re.compile(r"\b(?:the|its|their)\s+" + _TOTAL + r"\s+(?:has\s+|had\s+|have\s+)?(?:now\s+|since\s+|later\s+)?"
               r"(?:rose|risen|rises|climbed|climbs|grew|grown|jumped|increased|reached|reaches|stands|stood|went\s+up)"
               r"\s+(?:at\s+|to\s+)?"),
)
KILLED_WORDS = frozenset("death deaths dead killed kill fatalities fatality died lives slain".split())
INJURED_WORDS = frozenset("injured injuries injury wounded wounds hurt".split())
COUNT_WORDS = frozenset("at least more than over about around nearly almost some roughly up to".split())


def _casualty_kind(word: str | None) -> str | None:
    word = fold(word or "")
    return "killed" if word in KILLED_WORDS else "injured" if word in INJURED_WORDS else None


def restated_totals(article: Article, sent, before, dates, ref) -> list[Casualty]:
    """Totals a sentence restates (`RESTATED`), as `revised` casualties dated by their own clause
    (else the article's day): the event's newest total supersedes the figures before it."""
    found: list[Casualty] = []
    text = span_text(sent).lower()
    for pattern in RESTATED:
        for match in pattern.finditer(text):
            own = _casualty_kind(match.group("what")) or _casualty_kind(match.group("modifier"))
            if match.group("what") and own is None:
                continue  # "the number of troops rose to 1,500"
            first = next((t for t in sent if t.idx - sent.start_char >= match.end()), None)
            if first is None:
                continue
            words = []
            for token in sent.doc[first.i:sent.end]:
                if token.like_num:
                    words.append(token)
                elif words or token.lower_ not in COUNT_WORDS:
                    break
                else:
                    words.append(token)
            numbers = [t for t in words if t.like_num]
            quantity = parse_quantity(" ".join(t.text for t in words)) if numbers else None
            if quantity is None or quantity.value is None or quantity.unit != "count" or quantity.qualifier == "vague":
                continue
            after = sent.doc[numbers[-1].i + 1] if numbers[-1].i + 1 < sent.end else None
            if after is not None and after.pos_ in ("NOUN", "PROPN") and _casualty_kind(after.text) is None \
                    and fold(after.text) not in ACTOR_NOUNS and lemma_of(after) not in ACTOR_NOUNS:
                continue  # "bringing the total to 14 attacks this year": not people
            at = sent.start_char + match.start()
            kind = own or _nearest_kind(sent, at) or _nearest_kind(before, at)
            if kind is None and "toll" in match.group(0):
                kind = "killed"  # a toll with no other word is of the dead
            if kind is None:
                continue
            found.append(Casualty(kind, quantity, sent.text[match.start():].split(",")[0].split(";")[0].strip(),
                                  article.id, numbers[0].idx, numbers[-1].idx + len(numbers[-1].text), revised=True,
                                  as_of=_total_date(sent, numbers[0], dates) or (ref.isoformat() if ref else None)))
    return found


def _nearest_kind(span, at: int) -> str | None:
    """The casualty kind of the casualty word of `span` nearest the character `at`."""
    kinds = [(abs(t.idx - at), t.i, kind) for t in span if (kind := _casualty_kind(t.text.lower())) is not None]
    return min(kinds)[2] if kinds else None


def _total_date(sent, number, dates) -> str | None:
    """The day-precise date of a restated total's own clause ("the toll rose to 12 on Thursday")."""
    clause = clause_of(number)
    for found in dates:
        span = sent.doc.char_span(found.start, found.end, alignment_mode="expand")
        if span is not None and clause is not None and ISO_DAY.fullmatch(found.value) \
                and clause_of(span.root) is not None and clause_of(span.root).i == clause.i:
            return found.value
    return None


def _victim_count(victim) -> Quantity:
    """How many the victim phrase counts: its number, a vague word, else 1 for a singular noun."""
    for child in victim.children:
        if child.dep_ in ("nummod", "amod", "det", "quantmod") or child.like_num:
            q = parse_quantity(" ".join(t.text for t in child.subtree))
            if q is not None:
                return _stated(q)
    q = parse_quantity(victim.text)  # "dozens were injured"
    if q is not None:
        return _stated(q)
    if victim.tag_ in ("NNS", "NNPS"):
        return Quantity(None, None, "vague", "count", victim.text)  # "people were killed": how many is not said
    return Quantity(1, 1, "exact", "count", victim.text)


def _stated(quantity: Quantity) -> Quantity:
    """A count as the text states it: "several", "dozens" and "many" stay vague, with no number."""
    if quantity.qualifier == "vague":
        return Quantity(None, None, "vague", quantity.unit, quantity.text)
    return quantity


def _stated_total(casualties: list[Casualty], kind: str, published: Mapping[str, str] | None = None) -> int | None:
    """People killed (or injured) as stated: per article the sum of its distinct precise counts;
    across articles the fullest account (the highest total). A restated total ("puts the total at
    93") replaces the counts dated before it: the newest restated total, or a fuller account
    published after it. Only vague counts ("several people were killed") give no number."""
    current = _current_total(casualties, kind, published or {})
    return int(current[0]) if current else None


def _counted(c: Casualty, kind: str) -> bool:
    return c.kind == kind and c.quantity.value is not None and c.quantity.qualifier != "vague"


def _current_total(casualties: list[Casualty], kind: str, published: Mapping[str, str]) -> tuple[int, str, Casualty | None] | None:
    """(total, as of, the restated total it is, if one) of one kind of casualty."""
    def day(c: Casualty) -> str:
        return c.as_of or (published.get(c.article_id) or "")[:10]

    revised = [c for c in casualties if c.revised and _counted(c, kind)]
    latest = max(revised, key=lambda c: (day(c), int(c.quantity.value), c.article_id, c.start)) if revised else None
    per_article: dict[str, dict[tuple, int]] = {}
    for c in casualties:
        if c.revised or not _counted(c, kind) or (latest is not None and day(c) <= day(latest)):
            continue
        per_article.setdefault(c.article_id, {})[(int(c.quantity.value), fold(c.who))] = int(c.quantity.value)
    totals = [(sum(counts.values()), (published.get(a) or "")[:10], None) for a, counts in sorted(per_article.items())]
    if latest is not None:
        totals.append((int(latest.quantity.value), day(latest), latest))
    return max(totals, key=lambda t: (t[0], t[1], t[2] is not None)) if totals else None


def with_status(casualties: list[Casualty], published: Mapping[str, str] | None = None) -> list[Casualty]:
    """An event's casualties, where a kind was restated as a new total: that total `current`, the
    numbered figures of the kind before it `superseded` (as the figures' cross-check marks a
    measure `changed`); each dated (`as_of`: its own date, else its article's day)."""
    published = published or {}
    out = list(casualties)
    for kind in sorted({c.kind for c in casualties if c.revised}):
        current = _current_total(casualties, kind, published)
        if current is None or current[2] is None:
            continue
        for i, c in enumerate(out):
            if not _counted(c, kind):
                continue
            as_of = c.as_of or (published.get(c.article_id) or "")[:10] or None
            status = "current" if c is current[2] else "superseded" if (as_of or "") <= current[1] else None
            out[i] = replace(c, as_of=as_of, status=status)
    return out


def fatalities(casualties: list[Casualty], published: Mapping[str, str] | None = None) -> int | None:
    """Reported deaths (`_stated_total` of the killed); None when no article gives a number."""
    return _stated_total(casualties, "killed", published)


def injuries(casualties: list[Casualty], published: Mapping[str, str] | None = None) -> int | None:
    """Reported injured (`_stated_total` of the injured); None when no article gives a number."""
    return _stated_total(casualties, "injured", published)
