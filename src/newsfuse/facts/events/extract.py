"""Event mentions of one article: each trigger word of the ontology with its arguments
(`arguments`) and casualties (`casualties`), sentence by sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from functools import lru_cache

import numpy as np

from newsfuse.facts.dates import DateMention, precision, reference_date
from newsfuse.facts.events.arguments import actors_of, clause_of, event_date, event_place, victims_as_side
from newsfuse.facts.events.casualties import TOTAL_WORDS, casualties_in, casualty_verbs, restated_totals
from newsfuse.facts.events.words import (CASUALTY_LEMMAS, CONTINUATION_SENTENCES, DENIAL_LEMMAS, DISCUSSION_LEMMAS,
                                         FAMILY, FOLLOW_OR_FOLLOWED, FOLLOW_WORDS, FUTURE_WORDS, ISO_DAY, ONTOLOGY,
                                         REQUEST_LEMMAS, TOPIC_PREPOSITIONS, TRIGGERS, TROOP_WORDS, TYPE_OF)
from newsfuse.facts.records import EventMention
from newsfuse.facts.syntax import (doc_text, is_specific_place, places_in, sentence_dates, sentences, span_text,
                                   subject_of)
from newsfuse.facts.vocab import fold, lemma_of, word_forms
from newsfuse.models import Article


TRIGGER_WORDS = TRIGGERS
_LEMMA_HITS: dict[tuple[frozenset, int], bool] = {}


@lru_cache(maxsize=64)
def _hashes(words: frozenset, strings) -> frozenset[int]:
    """The string hashes of `words`."""
    return frozenset(strings[word] for word in words)


class Candidates:
    """The tokens of a Doc that can be words of a vocabulary (`lemma_of(token, known) in known`),
    found once per Doc from its lemma and lowercase columns instead of token by token."""

    def __init__(self, doc) -> None:
        self.doc = doc
        columns = doc.to_array(["LEMMA", "LOWER", "ORTH"]) if len(doc) else np.zeros((0, 3), dtype="uint64")
        self._lemmas, self._lowers, self._orths = columns[:, 0], columns[:, 1], columns[:, 2]
        # each distinct lowercase form is looked up once per vocabulary, not once per token
        self._lower_forms, self._lower_at = np.unique(self._lowers, return_inverse=True)
        self._lower_forms = self._lower_forms.tolist()
        self._indices: dict[frozenset, list[int]] = {}
        self._words: dict[frozenset, list[int]] = {}
        self._totals = [m.start() for m in TOTAL_WORDS.finditer(doc_text(doc))]

    def _hits(self, known: frozenset, lemmas: np.ndarray) -> np.ndarray:
        """Which of the tagger's `lemmas` (hashes) are, lowercased, in `known`."""
        strings = self.doc.vocab.strings
        if len(_LEMMA_HITS) > 1 << 18:
            _LEMMA_HITS.clear()
        values, at = np.unique(lemmas, return_inverse=True)
        hits = []
        for value in values.tolist():
            hit = _LEMMA_HITS.get((known, value))
            if hit is None:
                hit = _LEMMA_HITS[(known, value)] = strings[value].lower() in known
            hits.append(hit)
        return np.array(hits, dtype=bool)[at] if hits else np.zeros(len(lemmas), dtype=bool)

    def _of(self, known: frozenset) -> list[int]:
        found = self._indices.get(known)
        if found is None:
            unlemmatized = self._lemmas == 0
            mask = np.zeros(len(self._lemmas), dtype=bool)
            if (~unlemmatized).any():
                mask[~unlemmatized] = self._hits(known, self._lemmas[~unlemmatized])
            if unlemmatized.any():  # the pipeline without its lemmatizer: the words' forms
                mask[unlemmatized] = self._lowered(word_forms(known))[unlemmatized]
            found = self._indices[known] = np.flatnonzero(mask).tolist()
        return found

    def within(self, span, known: frozenset) -> list:
        """The tokens of `span`, in order, that can be words of `known`."""
        indices = self._of(known)
        low, high = bisect_left(indices, span.start), bisect_left(indices, span.end)
        return [self.doc[i] for i in indices[low:high]]

    def _lowered(self, words: frozenset) -> np.ndarray:
        """Which tokens are, lowercased, one of `words` (a vocabulary without the lowercase
        attribute, as a blank one, is read from the words themselves)."""
        wanted = _hashes(words, self.doc.vocab.strings)
        hits = [form in wanted for form in self._lower_forms]
        mask = np.array(hits, dtype=bool)[self._lower_at] if hits else np.zeros(len(self._lowers), dtype=bool)
        unread = (self._lowers == 0) & (self._orths != 0)
        if unread.any():
            strings = self.doc.vocab.strings
            good = [h for h in np.unique(self._orths[unread]).tolist() if strings[h].lower() in words]
            mask |= unread & np.isin(self._orths, np.array(good, dtype="uint64"))
        return mask

    def lowered_in(self, span, words: frozenset) -> bool:
        """Whether a token of `span` is, lowercased, one of `words`."""
        wanted = self._words.get(words)
        if wanted is None:
            wanted = self._words[words] = np.flatnonzero(self._lowered(words)).tolist()
        at = bisect_left(wanted, span.start)
        return at < len(wanted) and wanted[at] < span.end

    def totals_in(self, span) -> bool:
        """Whether `span` has a word of a restated total (`TOTAL_WORDS`)."""
        at = bisect_left(self._totals, span.start_char)
        return at < len(self._totals) and self._totals[at] < span.end_char


def extract_events(article: Article, doc) -> list[EventMention]:
    """Every event mention of an article, in text order."""
    ref = reference_date(article)
    mentions: list[EventMention] = []
    doc_text(doc, article.text)
    words = Candidates(doc)
    day_times = [t for t in article.times if t.type == "DATE" and ISO_DAY.fullmatch(t.value)]
    for index, sent in enumerate(sentences(doc)):
        triggers = [t for t in words.within(sent, TRIGGER_WORDS) if _is_trigger(t)]
        dates = _sentence_dates(article, sent, ref, day_times)
        casualties = casualties_in(article, sent, words.within(sent, CASUALTY_LEMMAS))
        if words.totals_in(sent):
            casualties += restated_totals(article, sent, doc[:sent.start], dates, ref)
        if not triggers and casualties:
            violent = [m for m in mentions if FAMILY.get(m.type) == "violence"
                       and index - m.sentence_index <= CONTINUATION_SENTENCES]
            if violent:  # "93 NATO soldiers were injured" after "the attack on NATO peacekeepers"
                last = violent[-1]
                mentions[mentions.index(last)] = _with_casualties(last, casualties)
                continue
            trigger = next((t for t in sent if lemma_of(t, CASUALTY_LEMMAS) in CASUALTY_LEMMAS), None)
            if trigger is None:
                trigger = next((t for t in sent if t.idx == casualties[-1].start), None)
            if trigger is None:
                continue  # a victim the parse hangs across a line break, outside the sentence
            triggers = [trigger]
        # "gather for talks in Brussels on November 28": talks own their date, though too vague
        # (an ongoing dialogue) to be an event row of their own
        talks = [t for t in sent if t.pos_ == "NOUN" and t.text.lower() == "talks"] if triggers else []
        follow_words = bool(triggers) and words.lowered_in(sent, FOLLOW_OR_FOLLOWED)
        for position, trigger in enumerate(triggers):
            kind = TYPE_OF.get(lemma_of(trigger, TRIGGERS), "attack")
            others = [t for t in triggers if t.i != trigger.i]
            actor1, actor2 = actors_of(trigger)
            own = casualties if FAMILY.get(kind) == "violence" and position == _first_violent(triggers) else ()
            place, when = event_place(sent, trigger, others), event_date(sent, trigger, others + talks, dates)
            for verb in casualty_verbs(sent, own):
                # "peacekeepers were injured on 29 May in Zvečan, where protesters fought ...": the
                # casualties' own clause dates and places the violence they come from
                place = place or event_place(sent, verb, [])
                when = when or event_date(sent, verb, [], dates)
            if own and FAMILY.get(kind) == "violence" and bool(actor1) != bool(actor2):
                # only beside a side already named ("clashes with ..."): in "three of the attackers
                # were killed in the fighting" the dead are not who was acted on
                actor1, actor2 = victims_as_side(sent, trigger, own, actor1, actor2)
            if not (actor1 or actor2) and (_still_to_come(trigger) or _after(when, ref)):
                continue  # "next summer's Washington summit": planned, and nobody named doing it
            mentions.append(EventMention(
                article_id=article.id, start=trigger.idx, end=trigger.idx + len(trigger.text),
                sentence_start=sent.start_char, sentence_end=sent.end_char, sentence=span_text(sent).strip(),
                type=kind, trigger=trigger.text, actor1=actor1, actor2=actor2, place=place, date=when,
                casualties=tuple(own), sentence_index=index,
                follows=_follows(sent, trigger, dates) if follow_words or _follows_head(trigger) else None,
            ))
    return mentions


def _after(value: str | None, ref) -> bool:
    """Whether a date ("2024-07") lies wholly after the article's reference day."""
    if not value or ref is None or not re.fullmatch(r"\d{4}(-\d{2}){0,2}", value):
        return False
    parts = [int(p) for p in value.split("-")]
    mine = tuple(parts)
    theirs = (ref.year, ref.month, ref.day)[:len(parts)]
    return mine > theirs


def _still_to_come(trigger) -> bool:
    """Whether an event word is dated in the future by its own words or its clause's: "next
    year's summit", "preparations for the summit in Washington next year"."""
    clause = clause_of(trigger)
    scope = list(trigger.subtree) + ([c for c in clause.children if c.dep_ == "npadvmod"] if clause is not None else [])
    scope += [t for c in trigger.head.children if c.dep_ == "npadvmod" for t in c.subtree] if trigger.dep_ == "pobj" else []
    return any(t.text.lower() in FUTURE_WORDS and t.head.ent_type_ == "DATE" for t in scope)


def _follows_head(trigger) -> bool:
    """"The reinforcements followed ...": the event word is the subject of "follow"."""
    return trigger.dep_ == "nsubj" and lemma_of(trigger.head) == "follow"


def _follows(sent, trigger, dates) -> str | None:
    """The earlier violent event a mention is reported as following, by its specific place (else
    its date): "troops sent after the attack in Banjska" -> "banjska", "the reinforcements
    followed the clashes of late May in Zvečan" -> "zvecan"."""
    heads = {trigger.i} | {t.i for t in trigger.ancestors} | {
        t.i for t in trigger.subtree if t.dep_ in ("xcomp", "advcl") and t.pos_ == "VERB" and t.head.i == trigger.i}
    regions = []
    for token in sent:
        word = token.text.lower()
        if word in FOLLOW_WORDS and token.dep_ == "prep" and token.head.i in heads:
            regions.append(list(token.subtree))
        elif word in FOLLOW_WORDS and token.dep_ == "mark" and token.head.head.i in heads and token.head.i != trigger.i:
            regions.append(list(token.head.subtree))
    if _follows_head(trigger):
        regions += [list(c.subtree) for c in trigger.head.children if c.dep_ == "dobj"]
    for region in regions:
        if any(t.i == trigger.i for t in region):
            continue  # the event is itself what came after
        violent = [t for t in region if FAMILY.get(TYPE_OF.get(lemma_of(t, TRIGGERS), "")) == "violence"
                   or lemma_of(t, CASUALTY_LEMMAS) in CASUALTY_LEMMAS]
        if not violent:
            continue
        places = [name for i, name in places_in(sent) if any(t.i == i for t in region) and is_specific_place(name)]
        places += [t.text for t in region if t.dep_ == "compound" and t.ent_type_ in ("GPE", "LOC", "FAC")
                   and t.head in violent and is_specific_place(t.text)]  # "after the Banjska attack"
        if places:
            return fold(places[0])
        inside = [d.value for d in dates if region[0].idx <= d.start and d.end <= region[-1].idx + len(region[-1].text)
                  and precision(d.value) >= 2]
        if inside:
            return inside[0]
    return None


def _sentence_dates(article: Article, sent, ref, day_times=None) -> list[DateMention]:
    """The sentence's calendar dates, and the day-precise dates the time tagger read in it
    ("on Monday", "yesterday") where no calendar date covers them. `day_times`: the article's
    day-precise DATE times, when the caller has picked them out once."""
    found = sentence_dates(sent, span_text(sent), ref)
    if day_times is None:
        day_times = [t for t in article.times if t.type == "DATE" and ISO_DAY.fullmatch(t.value)]
    for t in day_times:
        if not (sent.start_char <= t.start and t.end <= sent.end_char):
            continue
        if any(d.start < t.end and t.start < d.end for d in found):
            continue
        found.append(DateMention(t.value, t.start, t.end, t.text))
    return found


def _first_violent(triggers) -> int:
    for i, t in enumerate(triggers):
        if FAMILY.get(TYPE_OF.get(lemma_of(t, TRIGGERS), "attack")) == "violence":
            return i
    return -1


def _with_casualties(mention: EventMention, casualties) -> EventMention:
    return replace(mention, casualties=mention.casualties + tuple(casualties))


def _is_trigger(token) -> bool:
    if token.pos_ not in ("VERB", "NOUN") or token.ent_type_ in ("DATE", "ORG", "PERSON", "GPE"):
        return False
    if token.dep_ == "compound":
        return False  # "bombing campaign", "protest movement": a modifier, not an event
    lemma = lemma_of(token, TRIGGERS)
    if lemma not in TRIGGERS or token.text.lower() == "according":
        return False
    if _requested_or_denied(token) or _discussed(token):
        return False
    if lemma in ("deploy", "station") and token.dep_ in ("acl", "amod") and fold(token.head.text) in TROOP_WORDS:
        return False  # "4,500 troops deployed in Kosovo": a standing presence, not an event
    if lemma in ("send", "dispatch", "station"):  # only troops: "send a message" is no deployment
        objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        return any(fold(o.text) in TROOP_WORDS or any(c.dep_ == "nummod" for c in o.children) for o in objects)
    if lemma in ("arrive", "land"):  # "500 Turkish soldiers landed in Kosovo"; not "talks arrived"
        subject = subject_of(token)
        return token.pos_ == "VERB" and subject is not None and (
            fold(subject.text) in TROOP_WORDS or lemma_of(subject, TRIGGERS) in ONTOLOGY["deployment"])
    if lemma == "reduce":  # "reduce the number of soldiers near the boundary"
        objects = [c for c in token.children if c.dep_ == "dobj"]
        heads = objects + [g for o in objects for c in o.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        return token.pos_ == "VERB" and any(fold(h.text) in TROOP_WORDS for h in heads)
    if lemma == "visit" and token.pos_ != "VERB":
        return False
    if lemma in ("receive", "host"):  # "Geoană received Lajčák"; not "KFOR received 500 reinforcements"
        return token.pos_ == "VERB" and any(c.dep_ == "dobj" and c.ent_type_ == "PERSON" for c in token.children)
    return True


def _requested_or_denied(token) -> bool:
    """Whether an event word is only asked for or denied: "urged Belgrade to withdraw", "appealed
    to Belgrade to withdraw", "denied that his country had planned to send troops", "did not attack"."""
    node = token
    for _ in range(4):
        if any(c.dep_ == "neg" for c in node.children):
            return True
        if node.dep_ not in ("xcomp", "ccomp") or node.head.i == node.i:
            return False
        head = node.head
        lemma = lemma_of(head, REQUEST_LEMMAS | DENIAL_LEMMAS)
        if lemma in DENIAL_LEMMAS or (node.dep_ == "xcomp" and lemma in REQUEST_LEMMAS):
            return True
        node = head
    return False


def _discussed(token) -> bool:
    """Whether an event noun is only a subject of talks, not an event the sentence reports:
    "NATO foreign ministers gather for talks ..., alongside Russia's war in Ukraine and the
    fighting between Israel and Hamas in Gaza"."""
    if token.pos_ != "NOUN":
        return False
    node = token
    for _ in range(4):  # through "the war ... and the fighting", "one of the subjects"
        if node.dep_ not in ("conj", "appos") or node.head.i == node.i:
            break
        node = node.head
    head = node.head
    if node.dep_ == "pobj" and head.text.lower() in TOPIC_PREPOSITIONS and head.head.i != head.i:
        return lemma_of(head.head, DISCUSSION_LEMMAS) in DISCUSSION_LEMMAS
    return node.dep_ == "dobj" and lemma_of(head, DISCUSSION_LEMMAS) in DISCUSSION_LEMMAS and head.pos_ == "VERB"
