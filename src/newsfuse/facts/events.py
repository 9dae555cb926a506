"""Typed events: who did what to whom, where, when, with how many killed and injured.

Per article, each trigger word of the ontology (docs/facts.md, "Event ontology") makes an
`EventMention` with its arguments read from the parse. Across articles, mentions of the same
family that share a date or a specific place merge into one `Event` with several sources;
`events_csv_rows` exports them with ACLED-like columns.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from collections import Counter
from datetime import date
from dataclasses import dataclass, replace
from collections.abc import Callable, Mapping

import numpy as np
from rapidfuzz import fuzz
from spacy.attrs import LEMMA, LOWER, ORTH

from newsfuse.models import Article
from newsfuse.facts.dates import ANCHOR_PREPOSITIONS, compatible, find_dates, precision, reference_date
from newsfuse.facts.measures import short_hash
from newsfuse.facts.numbers import Quantity, parse_quantity
from newsfuse.facts.records import Casualty, Event, EventMention
from newsfuse.facts.dates import DateMention
from newsfuse.facts.lexicon import REPORTING
from newsfuse.facts.syntax import (PLACE_NOUNS, anchored_apart, doc_text, entity_of, governing_verb, is_specific_place, places_in,
                                    sentences, span_text, subject_of, subtree_span)
from newsfuse.facts.vocab import CASUALTY_FORMS, canonical_owner, fold, lemma_candidates, lemma_of, word_forms

# ontology type -> trigger lemmas (PLOVER-like; docs/facts.md)
ONTOLOGY: dict[str, frozenset[str]] = {name: frozenset(words.split()) for name, words in {
    "attack": "attack assault raid ambush storm bomb bombing blast explosion explode shooting airstrike "
              "shelling stabbing massacre",
    "clash": "clash fight fighting battle skirmish confrontation shootout firefight gunbattle gunfight riot",
    "protest": "protest demonstrate demonstration rally",
    "deployment": "deploy deployment send dispatch reinforce reinforcement station arrive land",
    "withdrawal": "withdraw withdrawal retreat reduce",
    "meeting": "meet meeting summit talks visit receive host",
    "statement": "warn condemn urge threaten accuse demand appeal",
    "agreement": "agree agreement sign deal accord pact treaty ceasefire truce",
    "arrest": "arrest detain detention capture apprehend",
}.items()}
TYPE_OF: dict[str, str] = {word: name for name, words in ONTOLOGY.items() for word in words}
TRIGGERS = frozenset(TYPE_OF)
# Types that describe the same happening from different sides ("clash" and "attack").
FAMILY = {"attack": "violence", "clash": "violence"}
TYPE_PRIORITY = list(ONTOLOGY)
TROOP_WORDS = frozenset("troops soldiers forces battalion battalions units reinforcements personnel "
                        "peacekeepers brigade contingent servicemen".split())
CASUALTY_LEMMAS = frozenset({"kill", "die", "injure", "wound", "murder", "slay", "hurt", "dead"})
# Verbs whose object is what their subject asks for: "urged Belgrade to withdraw" reports an
# appeal, not a withdrawal; "denied that his country had planned to send troops", no deployment.
REQUEST_LEMMAS = frozenset({"urge", "appeal", "demand", "call", "ask", "press", "plead", "want"})
DENIAL_LEMMAS = frozenset({"deny", "reject", "dismiss", "rule"})
# Verbs whose subject is the event itself and whose clause's place is the event's ("the meeting
# took place in Brussels"); after other verbs ("the meeting would discuss rhetoric in Bosnia")
# a place of the clause is a topic of the event, not where it happens.
HAPPENING_VERBS = frozenset("take be happen occur begin start open end continue break erupt turn escalate "
                            "unfold resume last leave".split())
# Words around a reference point: "the day before the meeting", "on the eve of the summit".
REFERENCE_NOUNS = frozenset({"eve", "day", "start", "beginning", "run", "end", "opening", "wake", "aftermath"})
FOLLOW_WORDS = frozenset({"after", "following", "since"})
# A sentence without one of these words reports no event as following another (`_follows`).
FOLLOW_OR_FOLLOWED = FOLLOW_WORDS | {"follow", "follows", "followed"}
# "next year", "next summer's summit": a time still to come
FUTURE_WORDS = frozenset({"next", "upcoming", "coming", "future"})
CSV_COLUMNS = ("event_date", "event_type", "actor1", "actor2", "location", "latitude", "longitude", "fatalities",
               "injuries", "notes", "sources")
# Sentences after an anchored event in which an unanchored one of the same family continues it.
CONTINUATION_SENTENCES = 2
PLACE_MATCH = 80
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # rapidfuzz ratio of accent-folded names: "Banjska" ~ "Banjské" ~ "Banska"


@dataclass(slots=True, frozen=True)
class Located:
    """A place as the gazetteer (through the story's entities) knows it."""

    name: str
    lat: float
    lon: float
    kind: str = "place"  # country, region, town, village, ... or "place" when not known


TRIGGER_WORDS = TRIGGERS
# Words every restated total has ("puts the total at 93"): a sentence without one has none.
TOTAL_WORDS = re.compile(r"toll|total|tally|count|number|figure", re.IGNORECASE)
_LEMMA_HITS: dict[tuple[frozenset, int], bool] = {}


@lru_cache(maxsize=64)
def _hashes(words: frozenset, strings) -> np.ndarray:
    """The string hashes of `words`."""
    return np.array(sorted(strings[word] for word in words), dtype="uint64")


class Candidates:
    """The tokens of a Doc that can be words of a vocabulary (`lemma_of(token, known) in known`),
    found once per Doc from its lemma and lowercase columns instead of token by token."""

    def __init__(self, doc) -> None:
        self.doc = doc
        columns = doc.to_array([LEMMA, LOWER, ORTH]) if len(doc) else np.zeros((0, 3), dtype="uint64")
        self._lemmas, self._lowers, self._orths = columns[:, 0], columns[:, 1], columns[:, 2]
        self._indices: dict[frozenset, list[int]] = {}
        self._words: dict[frozenset, list[int]] = {}
        self._totals = [m.start() for m in TOTAL_WORDS.finditer(doc_text(doc))]

    def _hits(self, known: frozenset, lemmas: np.ndarray) -> np.ndarray:
        """Which of the tagger's `lemmas` (hashes) are, lowercased, in `known`."""
        strings = self.doc.vocab.strings
        if len(_LEMMA_HITS) > 1 << 18:
            _LEMMA_HITS.clear()
        good = []
        for value in np.unique(lemmas).tolist():
            hit = _LEMMA_HITS.get((known, value))
            if hit is None:
                hit = _LEMMA_HITS[(known, value)] = strings[value].lower() in known
            if hit:
                good.append(value)
        return np.isin(lemmas, np.array(good, dtype="uint64"))

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
        mask = np.isin(self._lowers, _hashes(words, self.doc.vocab.strings))
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
        casualties = _casualties(article, sent, words.within(sent, CASUALTY_LEMMAS))
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
            actor1, actor2 = _actors(trigger)
            own = casualties if FAMILY.get(kind) == "violence" and position == _first_violent(triggers) else ()
            place, when = _event_place(sent, trigger, others), _event_date(sent, trigger, others + talks, dates)
            for verb in _casualty_verbs(sent, own):
                # "peacekeepers were injured on 29 May in Zvečan, where protesters fought ...": the
                # casualties' own clause dates and places the violence they come from
                place = place or _event_place(sent, verb, [])
                when = when or _event_date(sent, verb, [], dates)
            if own and FAMILY.get(kind) == "violence" and bool(actor1) != bool(actor2):
                # only beside a side already named ("clashes with ..."): in "three of the attackers
                # were killed in the fighting" the dead are not who was acted on
                actor1, actor2 = _victims_as_side(sent, trigger, own, actor1, actor2)
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
    clause = _clause(trigger)
    scope = list(trigger.subtree) + ([c for c in clause.children if c.dep_ == "npadvmod"] if clause is not None else [])
    scope += [t for c in trigger.head.children if c.dep_ == "npadvmod" for t in c.subtree] if trigger.dep_ == "pobj" else []
    return any(t.text.lower() in FUTURE_WORDS and t.head.ent_type_ == "DATE" for t in scope)


def _victims_as_side(sent, trigger, casualties, actor1, actor2) -> tuple[str | None, str | None]:
    """"Dozens of its peacekeepers were injured in clashes with Serb demonstrators": the ones hurt
    in the event's own clause are acted on, the side they met ("with ...") acts."""
    for c in casualties:
        span = sent.doc.char_span(c.start, c.end, alignment_mode="expand")
        verb = _clause(span.root) if span is not None else None
        if verb is None or not _in_subtree(trigger, verb) or c.kind not in ("killed", "injured"):
            continue
        victim = span.root
        if victim.ent_type_ == "CARDINAL" or victim.like_num or fold(victim.text) in ("dozens", "hundreds", "scores"):
            # "dozens of KFOR members": the people counted
            victim = next((g for p in victim.children if p.dep_ == "prep" and p.text.lower() == "of"
                           for g in p.children if g.dep_ == "pobj"), victim)
        name = _phrase(victim)
        if not name or fold(name) in {fold(a) for a in (actor1, actor2) if a}:
            continue
        if actor2 is None:
            return actor1, name
        if actor1 is None:
            return actor2, name
    return actor1, actor2


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
    found = find_dates(span_text(sent), sent.start_char, ref)
    if day_times is None:
        day_times = [t for t in article.times if t.type == "DATE" and ISO_DAY.fullmatch(t.value)]
    for t in day_times:
        if not (sent.start_char <= t.start and t.end <= sent.end_char):
            continue
        if any(d.start < t.end and t.start < d.end for d in found):
            continue
        found.append(DateMention(t.value, t.start, t.end, t.text))
    return found


def _casualty_verbs(sent, casualties) -> list:
    """The verbs ("were injured", "killing") the casualties of a sentence hang from."""
    verbs = []
    for c in casualties:
        span = sent.doc.char_span(c.start, c.end, alignment_mode="expand")
        verb = _clause(span.root) if span is not None else None
        if verb is not None and all(v.i != verb.i for v in verbs):
            verbs.append(verb)
    return verbs


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


# Words of talks and their subjects: an event noun hanging from them through "alongside", "about",
# ... is a subject of discussion ("ministers gather ... alongside the fighting in Gaza"), and the
# object of a discussion verb likewise ("will discuss the war").
DISCUSSION_LEMMAS = frozenset("discuss debate address cover review gather convene subject topic agenda issue "
                              "meet meeting talk talks summit session".split())
TOPIC_PREPOSITIONS = frozenset({"about", "alongside", "regarding", "concerning", "on", "including"})


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


# Heads of noun phrases that name who acts or is acted on; other common nouns ("square",
# "decision", "violence", "sides") are not actors. Named entities and proper nouns always are.
ACTOR_NOUNS = frozenset("""police policeman policemen officer officers sergeant patrol patrols unit units soldier soldiers
    troops force forces army military peacekeeper peacekeepers mission battalion brigade contingent gunmen gunman
    attacker attackers militant militants rebel rebels fighter fighters group groups men man women woman people
    protester protesters demonstrator demonstrators crowd crowds resident residents villager villagers civilian
    civilians government governments authority authorities official officials minister ministers ministry president
    leader leaders diplomat diplomats ally allies alliance council commander commanders spokesman spokeswoman
    serbs albanians monks worker workers student students journalist journalists mayor mayors family families
    guard guards reservist reservists suspect suspects member members delegation envoy envoys country countries
    state states party parties opposition""".split())
# Verbs whose subject does the event their object names ("police engaged in a battle", "staged a
# protest"); after other verbs ("NATO sent troops after the attack") the subject is someone else.
LIGHT_VERBS = frozenset("engage carry launch stage hold lead take join conduct mount begin start organize "
                        "organise fight wage open attend chair host convene authorize authorise approve order "
                        "announce repeat reiterate renew issue voice".split())
# Verbs whose subject is the one a deployment noun reaches: "KFOR received 500 reinforcements".
RECEIVING_VERBS = frozenset({"receive", "get", "welcome", "gain"})
MODALS = frozenset({"would", "could", "might", "may", "should", "can"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "into", "across", "around", "of"})
PERSON_WORDS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})
PRONOUN_WORDS = frozenset({"we", "it", "they", "he", "she", "which", "who", "that", "i", "us", "them", "you", "nobody",
                           "everyone", "this", "what", "those", "these", "one", "others"})


def _phrase(token) -> str | None:
    """The actor a token names: the named entity, a person in apposition ("the EU's foreign policy
    chief, Josep Borrell"), or a short noun phrase whose head names people; else None."""
    if token is None or token.text.lower() in PRONOUN_WORDS:
        return None
    if token.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"):
        return None
    appos = next((c for c in token.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    if appos is not None:
        token = appos
    ent = entity_of(token)
    if ent is not None and ent.label_ in PERSON_WORDS:
        if ent.label_ == "NORP" and token.i == ent.root.i and token.dep_ in ("amod", "compound"):
            pass  # "Serb protesters": the phrase, below, keeps its head
        else:
            modifiers = [t.i for t in token.lefts if t.dep_ == "amod" and t.i < ent.start]
            if ent.label_ == "NORP" and modifiers:  # "armed Serbs"
                return token.doc[min(modifiers):ent.end].text
            return ent.text.removeprefix("the ").strip() or None
    lemma = lemma_of(token, TRIGGERS)
    if lemma in TRIGGERS or lemma in CASUALTY_LEMMAS:
        return None  # "the reinforcement followed ...": an event, not an actor
    if token.pos_ != "PROPN" and fold(token.text) not in ACTOR_NOUNS and lemma not in ACTOR_NOUNS:
        return None
    if token.pos_ == "PROPN" and not token.text[:1].isupper():
        return None
    return subtree_span(token) or None


def _actors(trigger) -> tuple[str | None, str | None]:
    """(actor1, actor2): the doer and the one done to; for a clash, the two sides. Passive voice:
    "X was attacked by Y" gives actor1 Y and actor2 X."""
    children = list(trigger.children)
    actor1 = actor2 = None
    if trigger.pos_ == "VERB":
        passive = next((c for c in children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            actor2 = passive
            agent = next((c for c in children if c.dep_ == "agent"), None)
            actor1 = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        else:
            actor1 = subject_of(trigger)
            if actor1 is None and trigger.dep_ == "xcomp" and trigger.head.pos_ == "VERB":
                # "urged Belgrade to withdraw", "appealed to Belgrade to withdraw": the one urged acts
                head = trigger.head
                actor1 = next((c for c in head.children if c.dep_ == "dobj"), None) or next(
                    (g for c in head.children if c.dep_ == "prep" and c.text.lower() == "to"
                     for g in c.children if g.dep_ == "pobj"), None) or subject_of(head)
            if actor1 is None and trigger.dep_ in ("advcl", "conj", "relcl") and trigger.head.pos_ == "VERB":
                # "NATO has sent troops to reinforce ...", "ambushed a patrol, killing ...": the
                # doer of the verb this one continues
                actor1 = subject_of(trigger.head) if trigger.dep_ != "relcl" else trigger.head
                if actor1 is not None and actor1.dep_ == "nsubjpass":
                    actor1 = None
            actor2 = next((c for c in children if c.dep_ == "dobj"), None)
    else:
        for child in children:
            if (child.dep_ in ("poss", "amod") and child.ent_type_ in ("NORP", "ORG", "GPE", "PERSON")
                    or child.dep_ == "compound" and child.ent_type_ == "NORP"):
                actor1 = child  # "Russia's attack", "a Serb attack"; "the Banjska attack" names a place
        if actor1 is None and TYPE_OF.get(lemma_of(trigger, TRIGGERS)) == "meeting":
            # "the meeting of NATO foreign ministers": who meets
            actor1 = next((g for c in children if c.dep_ == "prep" and c.text.lower() == "of"
                           for g in c.children if g.dep_ == "pobj" and _phrase(g)), None)
    for prep in (c for c in children if c.dep_ == "prep"):
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if not objects:
            continue
        word = prep.text.lower()
        if word == "by" and actor1 is None:
            actor1 = objects[0]
        elif (word == "to" and actor2 is None and TYPE_OF.get(lemma_of(trigger, TRIGGERS)) == "statement"
              and objects[0].ent_type_ not in ("DATE", "TIME")):
            actor2 = objects[0]  # "appealed to Belgrade"
        elif word in ("on", "against", "with") and actor2 is None and objects[0].ent_type_ not in ("DATE", "TIME"):
            if not (word == "on" and objects[0].ent_type_ in ("GPE", "LOC", "FAC")):
                actor2 = objects[0]
        elif word == "between":
            first = objects[0]
            sides = [first] + [c for c in first.children if c.dep_ == "conj"]
            if len(sides) == 1:  # "between an armed group of Serbs and Kosovo police"
                of = [g for c in first.children if c.dep_ == "prep" and c.text.lower() == "of"
                      for g in c.children if g.dep_ == "pobj"]
                sides += [c for o in of for c in o.children if c.dep_ == "conj"]
            actor1 = sides[0]
            actor2 = sides[1] if len(sides) > 1 else actor2
            if len(sides) == 1:
                split = _split_sides(first)
                if split:
                    return split
    kind = TYPE_OF.get(lemma_of(trigger, TRIGGERS))
    if actor1 is None and trigger.pos_ == "NOUN":
        # "police engaged in a battle with ...": the subject of the verb the noun hangs from
        node = trigger.head
        while node.pos_ == "ADP" and node.head.i != node.i:
            node = node.head
        if (node.pos_ == "VERB" and node.i != trigger.i and trigger.dep_ in ("dobj", "pobj", "attr")
                and lemma_of(node, LIGHT_VERBS) in LIGHT_VERBS):
            actor1 = subject_of(node)
            if actor1 is not None and actor1.dep_ == "nsubjpass":
                actor1 = None
        elif (kind == "deployment" and actor2 is None and node.pos_ == "VERB" and trigger.dep_ == "dobj"
              and lemma_of(node, RECEIVING_VERBS) in RECEIVING_VERBS):
            actor2 = subject_of(node)  # "KFOR received some 500 Turkish reinforcements"
    actor1 = _speaker_for_pronoun(trigger, actor1)
    name1, name2 = _phrase(actor1), _phrase(actor2)
    if kind in ("deployment", "withdrawal") and actor1 is not None and (
            fold(actor1.text) in TROOP_WORDS or lemma_of(actor1, TRIGGERS) in ONTOLOGY["deployment"]):
        name1 = None  # "500 soldiers landed", "1,000 soldiers sent to reinforce": the ones sent, not the sender
    if kind in ("deployment", "withdrawal") and actor2 is not None \
            and fold(actor2.text) in TROOP_WORDS | {"soldiers", "troops", "forces"}:
        name2 = None  # "sent 1,000 soldiers": who is sent is not who is acted on
    if name1 and name2 and fold(name1) == fold(name2):
        name2 = None
    return name1, name2


def _speaker_for_pronoun(trigger, actor):
    """"Serbia said it had started to reduce ...": the pronoun subject of a reported clause is
    the speaker when the speaker is a named entity; other pronouns stay unresolved."""
    if actor is None or actor.text.lower() not in ("it", "they"):
        return actor
    node = trigger
    while node.dep_ == "xcomp":
        node = node.head
    if node.dep_ != "ccomp":
        return actor
    if lemma_of(node.head, REPORTING) not in REPORTING:
        return actor  # "respecting what they have agreed": not a speaker's own report
    speaker = subject_of(node.head)
    doc = node.head.doc
    if speaker is not None and "\n" in doc[min(speaker.i, node.head.i):max(speaker.i, node.head.i)].text:
        speaker = None  # a subject on another line (a category line parsed into the lead) is none
    if speaker is None and node.head.i > 0:  # the parse lost the subject: the name right before "said"
        speaker = node.head.doc[node.head.i - 1]
    if speaker is not None and speaker.ent_type_ in ("GPE", "ORG", "NORP", "PERSON"):
        return speaker
    return actor


def _split_sides(first) -> tuple[str, str] | None:
    """The two sides of "between an armed group of Serbs and Kosovo police", which the parser
    reads as "a group of (Serbs and Kosovo) police": ("armed group of Serbs", "Kosovo police")."""
    doc = first.doc
    for prep in (c for c in first.children if c.dep_ == "prep" and c.text.lower() == "of"):
        for head in (g for g in prep.children if g.dep_ == "pobj"):
            for modifier in (c for c in head.children if c.dep_ in ("nmod", "compound", "amod")):
                conj = next((c for c in modifier.children if c.dep_ == "conj"), None)
                if conj is None:
                    continue
                start = min([t.i for t in first.lefts if t.dep_ in ("amod", "compound", "nummod")] + [first.i])
                return (f"{doc[start:first.i + 1].text} of {doc[modifier.i:modifier.i + 1].text}",
                        doc[conj.i:head.i + 1].text)
    return None


def _nested(token, trigger, others) -> bool:
    """Whether `token` belongs to another trigger nested inside `trigger`'s phrase."""
    node = token
    while node.head.i != node.i and node.i != trigger.i:
        if any(node.i == o.i for o in others):
            return True
        node = node.head
    return False


def _in_subtree(token, root) -> bool:
    node = token
    while True:
        if node.i == root.i:
            return True
        if node.head.i == node.i:
            return False
        node = node.head


def _clause(token):
    """The verb whose clause a token belongs to (the token itself when it is a verb)."""
    return token if token.pos_ in ("VERB", "AUX") else governing_verb(token)


def _attached(token):
    """The word a place hangs from its preposition by: "the village" of "in the village of Banjska"."""
    if token.head.text.lower() == "of" and token.head.head.text.lower() in PLACE_NOUNS:
        return token.head.head
    return token


def _event_place(sent, trigger, others) -> str | None:
    """The most specific place of the trigger's own phrase ("the Banjska attack", "an attack ...
    in Banjska"), else of its clause ("were injured on Monday in Zvečan"); a place another event
    of the sentence holds, or one in another clause (a quote, a relative clause), is not this
    one's."""
    found = [(i, name) for i, name in places_in(sent, trigger)]
    doc = sent.doc
    for child in trigger.children:  # "the Banjska attack": places_in skips modifiers
        if child.dep_ == "compound" and child.ent_type_ in ("GPE", "LOC", "FAC") and child.i not in {i for i, _ in found}:
            ent = entity_of(child)
            found.append((child.i, (ent.text if ent is not None else child.text).removeprefix("the ")))
    kind = TYPE_OF.get(lemma_of(trigger, TRIGGERS))
    allowed = PLACE_PREPOSITIONS | ({"to"} if kind in ("deployment", "withdrawal", "meeting") else set())
    found = [(i, n) for i, n in found if doc[i].dep_ == "compound" and doc[i].head.i == trigger.i
             or _attached(doc[i]).head.text.lower() in allowed]  # "clashes between Israel and Hamas": sides
    own = [(i, n) for i, n in found if _in_subtree(doc[i], trigger) and not _nested(doc[i], trigger, others)
           and not _other_clause(doc[i], trigger)]
    if not own and trigger.dep_ in ("nsubj", "nsubjpass") and lemma_of(trigger.head) not in HAPPENING_VERBS:
        return None  # "the meeting would also discuss rhetoric in Bosnia": a topic, not the place
    if not own:
        clause = _clause(trigger)
        own = [(i, n) for i, n in found if clause is not None and _attached(doc[i]).head.head.i == clause.i
               and not _nested(doc[i], trigger, others)
               and not any(_in_subtree(doc[i], o) for o in others)]
    if not own:
        return None
    specific = [(abs(i - trigger.i), n) for i, n in own if is_specific_place(n)]
    return min(specific or [(abs(i - trigger.i), n) for i, n in own])[1]


def _other_clause(token, trigger) -> bool:
    """Whether `token` sits in a clause of its own below `trigger` ("warned that ... the mission
    in Kosovo will be discussed", "while others slipped into Serbia")."""
    node = token
    while node.head.i != node.i and node.i != trigger.i:
        if node.dep_ in ("ccomp", "xcomp", "advcl", "relcl", "acl", "parataxis") and node.pos_ in ("VERB", "AUX"):
            # but "send 150 troops, who will serve in Kosovo": where the troops sent go
            sent_troops = node.dep_ in ("relcl", "acl") and fold(node.head.text) in TROOP_WORDS \
                and TYPE_OF.get(lemma_of(trigger, TRIGGERS)) == "deployment"
            if not sent_troops:
                return True
        node = node.head
    return False


def _reference_point(trigger) -> bool:
    """Whether an event word is named as the reference point of another time: "the day before the
    meeting", "on the eve of a two-day meeting", "after the attack". Such a word takes no date
    but its own ("after the attack on 24 September")."""
    node = trigger
    for _ in range(3):
        if node.dep_ != "pobj":
            return False
        preposition = node.head
        if preposition.text.lower() in ANCHOR_PREPOSITIONS:
            return True
        if preposition.text.lower() != "of" or lemma_of(preposition.head) not in REFERENCE_NOUNS:
            return False
        if lemma_of(preposition.head) == "eve":
            return True
        node = preposition.head
    return False


def _trails(trigger, span) -> bool:
    """Whether a date follows an event word's phrase with no verb between ("after the clash
    between ... and Kosovo police on September 24"): read as that event's date."""
    last = max(t.i for t in trigger.subtree)
    return span.start > last and not any(t.pos_ in ("VERB", "AUX") for t in trigger.doc[last + 1:span.start])


def _event_date(sent, trigger, others, dates) -> str | None:
    doc = sent.doc
    best = None
    reference = _reference_point(trigger)
    for found in dates:
        span = doc.char_span(found.start, found.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if _in_subtree(root, trigger) and not _nested(root, trigger, others):
            return found.value
        if reference and not _trails(trigger, span):
            continue  # "the day before the meeting", "said on Monday, on the eve of the meeting"
        if anchored_apart(root, trigger):
            continue  # "after the attack on 24 September": the nested event's date
        clause = _clause(trigger)
        if clause is None or _clause(root) is None or _clause(root).i != clause.i:
            continue  # a date of another clause ("said on Tuesday" around a quoted event)
        distance = abs(root.i - trigger.i)
        if any(_in_subtree(root, o) or (_clause(o) is not None and _clause(o).i == clause.i
                                        and abs(root.i - o.i) <= distance) for o in others):
            continue  # another event of the same clause, nearer the date, owns it
        distance = abs(root.i - trigger.i)
        if best is None or distance < best[0]:
            best = (distance, found.value)
    return best[1] if best else None


def _casualties(article: Article, sent, tokens=None) -> list[Casualty]:
    """People killed, injured or arrested in a sentence: "police officer X was killed", "three
    attackers were killed", "93 soldiers were injured", "several people ... were killed".
    `tokens`: the sentence's tokens that can be casualty words (`Candidates`), else all."""
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
    clause = _clause(number)
    for found in dates:
        span = sent.doc.char_span(found.start, found.end, alignment_mode="expand")
        if span is not None and clause is not None and ISO_DAY.fullmatch(found.value) \
                and _clause(span.root) is not None and _clause(span.root).i == clause.i:
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


# ---- across articles -------------------------------------------------------------------------

def _family(kind: str) -> str:
    return FAMILY.get(kind, kind)


def _anchored(m: EventMention) -> bool:
    return precision(m.date) >= 2 or is_specific_place(m.place)


def _same_place(a: str | None, b: str | None) -> bool:
    return bool(a and b) and fuzz.ratio(fold(a), fold(b)) >= PLACE_MATCH


def _places_agree(a: str | None, b: str | None) -> bool:
    if not (is_specific_place(a) and is_specific_place(b)):
        return True
    return _same_place(a, b)


def same_event(a: EventMention, b: EventMention) -> bool:
    """Two mentions of the same real-world event (docs/facts.md, "Events across outlets")."""
    return _same_event_keys(_MatchKey.of(a), _MatchKey.of(b))


@dataclass(slots=True, frozen=True)
class _MatchKey:
    """What `same_event` compares of a mention, worked out once per mention."""

    family: str
    date: str | None
    dated: bool  # a day or a month
    place: str  # accent-folded, "" when none
    specific: bool  # a village or a town (`is_specific_place`)

    @classmethod
    def of(cls, m: EventMention) -> _MatchKey:
        return cls(_family(m.type), m.date, precision(m.date) >= 2, fold(m.place) if m.place else "",
                   is_specific_place(m.place))


def _same_event_keys(a: _MatchKey, b: _MatchKey) -> bool:
    if a.family != b.family or not compatible(a.date, b.date):
        return False
    if a.specific and b.specific:  # `_places_agree`, and then one place
        return fuzz.ratio(a.place, b.place) >= PLACE_MATCH
    if a.dated and b.dated:
        return True
    return a.specific and bool(b.place) and fuzz.ratio(a.place, b.place) >= PLACE_MATCH  # `_same_place`


def _continues(later: EventMention, earlier: EventMention) -> bool:
    """An unanchored mention (no date, no specific place) in the same or one of the next sentences
    after an anchored mention of the same family continues that event."""
    return (later.article_id == earlier.article_id and _family(later.type) == _family(earlier.type)
            and later.date is None and not is_specific_place(later.place) and _anchored(earlier)
            and 0 <= later.sentence_index - earlier.sentence_index <= CONTINUATION_SENTENCES)


def _nearest_in_time(mentions: list[EventMention], i: int, candidates: list[int], day_of: Mapping[str, date]) -> int:
    """Of the dated mentions an undated one matches by place alone ("on the eve of a two-day
    meeting in Brussels" and two Brussels meetings in June and November), the one whose date is
    nearest the undated mention's publication day; the first when days are not known."""
    day = day_of.get(mentions[i].article_id)

    def distance(j: int) -> int:
        value = mentions[j].date or ""
        try:
            return abs((date.fromisoformat(value[:10]) - day).days) if day and len(value) >= 10 else 0
        except ValueError:
            return 0
    return min(candidates, key=lambda j: (distance(j), j))


def _continuation_pairs(mentions: list[EventMention]) -> list[tuple[int, int]]:
    """Each unanchored mention with the one anchored mention it continues (`_continues`): the
    nearest, so "the attack in which armed Serbs ambushed police in Banjska, and the May riot in
    Zvečan" does not tie Banjska to Zvečan."""
    pairs = []
    same: dict[tuple[str, str], list[int]] = {}
    for i, m in enumerate(mentions):  # `_continues` only within one article and family
        same.setdefault((m.article_id, _family(m.type)), []).append(i)
    for i, a in enumerate(mentions):
        found = [j for j in same[(a.article_id, _family(a.type))] if j != i and _continues(a, mentions[j])]
        if found:
            pairs.append((i, min(found, key=lambda j: (a.sentence_index - mentions[j].sentence_index,
                                                       abs(a.start - mentions[j].start)))))
    return pairs


def _same_parties(a: EventMention, b: EventMention, name) -> bool:
    """Mentions of one family with both actors named alike, on compatible dates and places."""
    if _family(a.type) != _family(b.type) or not (a.actor1 and a.actor2 and b.actor1 and b.actor2):
        return False
    return (fold(name(a.actor1)) == fold(name(b.actor1)) and fold(name(a.actor2)) == fold(name(b.actor2))
            and compatible(a.date, b.date) and _places_agree(a.place, b.place))


def _article_main_events(mentions: list[EventMention]) -> list[tuple[int, int]]:
    """An article that anchors one event of a family (a date or a specific place) and mentions
    that family again without an anchor ("the armed group had ambushed a patrol") speaks of the
    same event: (unanchored, anchored) index pairs."""
    anchored: dict[tuple[str, str], list[int]] = {}
    for i, m in enumerate(mentions):
        if _anchored(m):
            anchored.setdefault((m.article_id, _family(m.type)), []).append(i)
    pairs = []
    for i, m in enumerate(mentions):
        found = anchored.get((m.article_id, _family(m.type)), [])
        if m.date is None and not is_specific_place(m.place) and found and _family(m.type) in ("violence", "meeting"):
            days = {mentions[j].date for j in found if mentions[j].date}
            places = {fold(mentions[j].place) for j in found if is_specific_place(mentions[j].place)}
            mine = _actor_words(m, lambda text: text)
            theirs = set().union(*(_actor_words(mentions[j], lambda text: text) for j in found))
            if mine and theirs and not mine & theirs:
                continue  # "the fighting between Israel and Hamas in Gaza" beside the Banjska attack
            if m.place and not any(_same_place(m.place, mentions[j].place) for j in found if mentions[j].place) \
                    and any(mentions[j].place for j in found):
                continue
            if len(days) <= 1 and len(places) <= 1:
                pairs.append((i, found[0]))
    return pairs


# Words of actor names too common to tell two events apart.
GENERIC_ACTOR_WORDS = frozenset("armed group groups people forces troops soldiers men unit units members the of "
                                "and its their".split())
WEAK_DATE_DAYS = 3  # unanchored mentions by the same actor in articles this close in time: one event


def _actor_words(m: EventMention, name) -> set[str]:
    """Telling words of a mention's actors, with the owners they stand for ("KFOR members": nato)."""
    words = set()
    for actor in (m.actor1, m.actor2):
        if actor:
            own = {w for w in fold(name(actor)).replace("'s", "").replace("-", " ").split() if w not in GENERIC_ACTOR_WORDS}
            words |= own | {fold(canonical_owner(w)[0] or w) for w in own}
    return words


def _owner_key(actor: str | None, name) -> str | None:
    """An actor compared by the owner it stands for: "North Atlantic Council", "Nato" -> "nato"."""
    if not actor:
        return None
    text = name(actor)
    owner = canonical_owner(text)[0] or text
    return fold(owner).removeprefix("the ")


def _implied_place(group: list[EventMention]) -> str | None:
    """The place an actor implies when no place is named: "KFOR received ..." happens in Kosovo."""
    for m in group:
        for actor in (m.actor2, m.actor1):
            implied = canonical_owner(actor)[1] if actor else None
            if implied:
                return implied
    return None


def _follow_pairs(mentions: list[EventMention], name) -> list[tuple[int, int]]:
    """Mentions of one family reported as following the same earlier event ("the 1,000 troops
    sent after the Banjska attack" in November, "NATO approved additional forces after
    Sunday's attack in Banjska" in September), on compatible dates, with no actor against it."""
    pairs = []
    for i, a in enumerate(mentions):
        if a.follows is None:
            continue
        for j in range(i):
            b = mentions[j]
            if b.follows != a.follows or _family(a.type) != _family(b.type):
                continue
            if not compatible(a.date, b.date) or not _places_agree(a.place, b.place):
                continue
            one, two = _owner_key(a.actor1, name), _owner_key(b.actor1, name)
            if one and two and one != two:
                continue
            pairs.append((i, j))
    return pairs


def _aftermath_pairs(mentions: list[EventMention]) -> list[tuple[int, int]]:
    """Mentions that only continue an article's violent event: a casualty sentence with no event
    word of its own ("Officials said that three attackers had been killed") joins the nearest
    anchored violent mention before it; an unanchored protest in the same sentence as an anchored
    violent event ("a protest ... turned into a street fight") is that event."""
    pairs = []
    anchored: dict[str, list[int]] = {}
    for j, o in enumerate(mentions):
        if _anchored(o) and FAMILY.get(o.type) == "violence":
            anchored.setdefault(o.article_id, []).append(j)
    for i, m in enumerate(mentions):
        if _anchored(m):
            continue
        casualty_only = lemma_candidates_match(m.trigger)
        before = [j for j in anchored.get(m.article_id, []) if j != i
                  and (casualty_only and mentions[j].sentence_index <= m.sentence_index
                       or m.type == "protest" and mentions[j].sentence_index == m.sentence_index)]
        if (casualty_only and FAMILY.get(m.type) == "violence" or m.type == "protest") and before:
            pairs.append((i, max(before, key=lambda j: (mentions[j].sentence_index, mentions[j].start))))
    return pairs


def lemma_candidates_match(trigger: str) -> bool:
    """Whether a trigger word is a casualty word ("killed", "injured"), not an event word."""
    word = trigger.lower()
    return any(candidate in CASUALTY_LEMMAS for candidate in lemma_candidates(word)) or word in ("hurt", "dead", "died")


def _joined_by_actors(mentions: list[EventMention], find, name, published: Mapping[str, str]) -> list[tuple[int, int]]:
    """Groups left unanchored (no date, no village or town) that still speak of an anchored event:
    a violent mention whose actors share a word with exactly one anchored violent event ("the
    armed group had ambushed a police patrol" and the Banjska attack on Kosovo police); and
    mentions of one family by the same actor in articles published `WEAK_DATE_DAYS` apart."""
    groups: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        groups.setdefault(find(i), []).append(i)
    anchored = {root: any(_anchored(mentions[i]) for i in members) for root, members in groups.items()}
    words = {root: set().union(*(_actor_words(mentions[i], name) for i in members)) for root, members in groups.items()}
    family = {root: _family(mentions[members[0]].type) for root, members in groups.items()}
    pairs = []
    for root, members in groups.items():
        if anchored[root]:
            continue
        if family[root] in ("violence", "meeting") and words[root]:
            hits = [other for other in groups if other != root and anchored[other] and family[other] == family[root]
                    and words[root] & words[other]]
            if len(hits) == 1:
                pairs.append((members[0], groups[hits[0]][0]))
                continue
        for other, others in groups.items():
            if other == root or family[other] != family[root] or anchored[other]:
                continue
            if any(_same_actor_near(mentions[i], mentions[j], name, published) for i in members for j in others):
                pairs.append((members[0], others[0]))
    return pairs


def _same_actor_near(a: EventMention, b: EventMention, name, published: Mapping[str, str]) -> bool:
    if not (a.actor1 and b.actor1) or _owner_key(a.actor1, name) != _owner_key(b.actor1, name):
        return False
    if a.actor2 and b.actor2 and _owner_key(a.actor2, name) != _owner_key(b.actor2, name):
        return False
    day_a, day_b = published.get(a.article_id, ""), published.get(b.article_id, "")
    try:
        apart = abs((date.fromisoformat(day_a[:10]) - date.fromisoformat(day_b[:10])).days)
    except ValueError:
        return False
    return apart <= WEAK_DATE_DAYS


def _remembered(canonical: Callable[[str], str]) -> Callable[[str], str]:
    """`canonical`, asked once per name (the pair rules ask for the same actors again and again)."""
    names: dict[str, str] = {}

    def name(text: str) -> str:
        found = names.get(text)
        if found is None:
            found = names[text] = canonical(text)
        return found
    return name


def merge_events(mentions: list[EventMention], *, canonical: Callable[[str], str] | None = None,
                 locate: Callable[[str], Located | None] | None = None,
                 published: Mapping[str, str] | None = None) -> list[Event]:
    """One `Event` per real-world event, merging mentions within and across articles. Actors are
    named as `canonical` names them (the story's entities); with `locate` (a gazetteer lookup),
    the place is the most specific located place of the event, with its coordinates. An event
    with a type but neither an actor nor a place is no row (its mentions still cite the others)."""
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    name = _remembered(canonical) if canonical else (lambda text: text)
    day_of = {}
    for article_id, day in (published or {}).items():
        try:
            day_of[article_id] = date.fromisoformat((day or "")[:10])
        except ValueError:
            pass
    undated_matches: dict[int, list[int]] = {}
    undated_pairs: list[tuple[int, int]] = []
    keys = [_MatchKey.of(m) for m in mentions]
    by_family: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):  # mentions of two families are never one event
        by_family.setdefault(_family(m.type), []).append(i)
    for i, j in ((i, j) for members in by_family.values() for n, i in enumerate(members) for j in members[:n]):
        if _same_event_keys(keys[i], keys[j]):
            if keys[i].dated and keys[j].dated:
                union(i, j)
            elif keys[i].dated or keys[j].dated:  # matched on the place alone: decided below, among the dated candidates
                undated, dated = (i, j) if keys[j].dated else (j, i)
                undated_matches.setdefault(undated, []).append(dated)
            else:
                undated_pairs.append((i, j))
        elif _same_parties(mentions[i], mentions[j], name):
            union(i, j)  # "Kurti accused Belgrade ..." in two outlets
    for i, candidates in undated_matches.items():
        union(i, _nearest_in_time(mentions, i, candidates, day_of))
    for i, j in undated_pairs:  # two undated mentions of one place: one event, unless a dated one claims either
        if i not in undated_matches and j not in undated_matches:
            union(i, j)
    for i, j in _continuation_pairs(mentions) + _article_main_events(mentions):
        union(i, j)  # "A shootout ... ensued" right after the attack: the same event
    for i, j in _follow_pairs(mentions, name) + _aftermath_pairs(mentions):
        union(i, j)
    for i, j in _joined_by_actors(mentions, find, name, published or {}):
        union(i, j)
    groups: dict[int, list[EventMention]] = {}
    for i, m in enumerate(mentions):
        groups.setdefault(find(i), []).append(m)
    events = [_event(group, name if canonical else None, locate, published) for group in groups.values()]
    events = [e for e in events if e.actor1 or e.actor2 or e.place]
    events.sort(key=lambda e: (e.date or "9999", e.id))
    return events


def _most_common(values, key=lambda v: v):
    values = [v for v in values if v]
    if not values:
        return None
    counts = Counter(key(v) for v in values)
    best = max(counts.values())
    return next(v for v in values if counts[key(v)] == best)


def _event(group: list[EventMention], canonical=None, locate=None, published: Mapping[str, str] | None = None) -> Event:
    types = Counter(m.type for m in group)
    kind = min(types, key=lambda t: (-types[t], TYPE_PRIORITY.index(t)))
    dates = [m.date for m in group if m.date]
    date = max(dates, key=lambda d: (precision(d), dates.count(d))) if dates else None
    place, point = _place(group, locate)
    casualties = with_status([c for m in group for c in m.casualties], published)
    sources = []
    for m in sorted(group, key=lambda m: (m.article_id, m.sentence_start)):
        if m.source not in sources:
            sources.append(m.source)
    first = min(group, key=lambda m: (m.article_id, m.start))
    name = canonical or (lambda text: text)
    actor1 = _most_common([name(m.actor1) for m in group if m.actor1], key=fold)
    actor2 = _most_common([name(m.actor2) for m in group if m.actor2 and (not actor1 or fold(name(m.actor2)) != fold(actor1))],
                          key=fold)
    return Event(
        id="e-" + short_hash("event", kind, first.article_id, first.start),
        type=kind, date=date, place=place, actor1=actor1, actor2=actor2,
        fatalities=fatalities(casualties, published), casualties=casualties, mentions=list(group), sources=sources,
        injuries=injuries(casualties, published), latitude=point[0] if point else None, longitude=point[1] if point else None,
    )


def _place(group: list[EventMention], locate) -> tuple[str | None, tuple[float, float] | None]:
    """The event's place: the most often named specific place (a village before its country);
    with `locate`, only places the gazetteer knows, under their gazetteer name."""
    places = [m.place for m in group if m.place] or [p for p in [_implied_place(group)] if p]
    if locate is None:
        specific = [p for p in places if is_specific_place(p)]
        return _most_common(specific, key=fold) or _most_common(places), None
    located = [(p, found) for p in places if (found := locate(p)) is not None]
    if not located:
        return None, None
    specific = [(p, f) for p, f in located if is_specific_place(f.name) and f.kind not in ("country", "continent", "region")]
    pool = specific or located
    best = _most_common([f.name for _, f in pool], key=fold)
    found = next(f for _, f in pool if f.name == best)
    return found.name, (found.lat, found.lon)


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


def events_csv_rows(events: list[Event], geocode: Callable[[str], tuple[float, float] | None] | None = None,
                    outlet_of: Mapping[str, str] | None = None) -> list[dict]:
    """One row per event with exactly the ACLED-like columns of `CSV_COLUMNS`; the coordinates
    are the event's own (located when merged), else `geocode`'s."""
    rows = []
    for event in events:
        point = (event.latitude, event.longitude) if event.latitude is not None and event.longitude is not None else None
        if point is None and geocode and event.place:
            point = geocode(event.place)
        outlets = sorted({(outlet_of or {}).get(s.article_id, s.article_id) for s in event.sources})
        rows.append({
            "event_date": event.date or "", "event_type": event.type,
            "actor1": event.actor1 or "", "actor2": event.actor2 or "", "location": event.place or "",
            "latitude": point[0] if point else None, "longitude": point[1] if point else None,
            "fatalities": event.fatalities, "injuries": event.injuries,
            "notes": event_notes(event), "sources": "; ".join(outlets),
        })
    return rows


def event_notes(event: Event) -> str:
    """The first sentence reporting the event, and the casualties as stated ("several people (killed)")."""
    notes = " ".join(event.sources[0].text.split()) if event.sources else ""
    stated = [f"{c.who} ({c.kind}{', superseded' if c.status == 'superseded' else ''})" for c in event.casualties]
    if stated:
        notes = f"{notes} Casualties: {'; '.join(dict.fromkeys(stated))}."
    return notes


def event_dict(event: Event, source: Callable[[object], dict]) -> dict:
    """The JSON report of one event (docs/report-schema.md, "events"); `source` turns a `Source`
    into its dict."""
    return {
        "id": event.id, "type": event.type, "date": event.date, "place": event.place,
        "latitude": event.latitude, "longitude": event.longitude, "actor1": event.actor1, "actor2": event.actor2,
        "fatalities": event.fatalities, "injuries": event.injuries,
        "casualties": [{"kind": c.kind, "value": _count(c.quantity), "qualifier": c.quantity.qualifier,
                        "who": c.who, "article_id": c.article_id, "as_of": c.as_of, "status": c.status}
                       for c in event.casualties],
        "sources": [source(s) for s in event.sources],
    }


def _count(quantity: Quantity) -> int | float | None:
    value = quantity.value
    return None if value is None else (int(value) if float(value).is_integer() else value)
