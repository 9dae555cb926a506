"""Who, where and when of one event word, from the parse: `actors_of` (actor1 acts, actor2 is
acted on, passive voice handled), `event_place` (the most specific place of its phrase or
clause), `event_date`.
"""

from __future__ import annotations

from newsfuse.facts.dates import ANCHOR_PREPOSITIONS
from newsfuse.facts.events.words import (ACTOR_NOUNS, CASUALTY_LEMMAS, HAPPENING_VERBS, LIGHT_VERBS, ONTOLOGY, PERSON_WORDS,
                                         PLACE_PREPOSITIONS, PRONOUN_WORDS, RECEIVING_VERBS, REFERENCE_NOUNS, TRIGGERS,
                                         TROOP_WORDS, TYPE_OF)
from newsfuse.facts.lexicon import REPORTING
from newsfuse.facts.syntax import (PLACE_NOUNS, anchored_apart, entity_of, governing_verb, is_specific_place, places_in,
                                   subject_of, subtree_span, under)
from newsfuse.facts.vocab import fold, lemma_of


def victims_as_side(sent, trigger, casualties, actor1, actor2) -> tuple[str | None, str | None]:
    """"Dozens of its peacekeepers were injured in clashes with Serb demonstrators": the ones hurt
    in the event's own clause are acted on, the side they met ("with ...") acts."""
    for c in casualties:
        span = sent.doc.char_span(c.start, c.end, alignment_mode="expand")
        verb = clause_of(span.root) if span is not None else None
        if verb is None or not under(trigger, verb) or c.kind not in ("killed", "injured"):
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


def actors_of(trigger) -> tuple[str | None, str | None]:
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


def clause_of(token):
    """The verb whose clause a token belongs to (the token itself when it is a verb)."""
    return token if token.pos_ in ("VERB", "AUX") else governing_verb(token)


def _attached(token):
    """The word a place hangs from its preposition by: "the village" of "in the village of Banjska"."""
    if token.head.text.lower() == "of" and token.head.head.text.lower() in PLACE_NOUNS:
        return token.head.head
    return token


def event_place(sent, trigger, others) -> str | None:
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
    own = [(i, n) for i, n in found if under(doc[i], trigger) and not _nested(doc[i], trigger, others)
           and not _other_clause(doc[i], trigger)]
    if not own and trigger.dep_ in ("nsubj", "nsubjpass") and lemma_of(trigger.head) not in HAPPENING_VERBS:
        return None  # "the meeting would also discuss rhetoric in Bosnia": a topic, not the place
    if not own:
        clause = clause_of(trigger)
        own = [(i, n) for i, n in found if clause is not None and _attached(doc[i]).head.head.i == clause.i
               and not _nested(doc[i], trigger, others)
               and not any(under(doc[i], o) for o in others)]
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


def event_date(sent, trigger, others, dates) -> str | None:
    doc = sent.doc
    best = None
    reference = _reference_point(trigger)
    for found in dates:
        span = doc.char_span(found.start, found.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if under(root, trigger) and not _nested(root, trigger, others):
            return found.value
        if reference and not _trails(trigger, span):
            continue  # "the day before the meeting", "said on Monday, on the eve of the meeting"
        if anchored_apart(root, trigger):
            continue  # "after the attack on 24 September": the nested event's date
        clause = clause_of(trigger)
        if clause is None or clause_of(root) is None or clause_of(root).i != clause.i:
            continue  # a date of another clause ("said on Tuesday" around a quoted event)
        distance = abs(root.i - trigger.i)
        if any(under(root, o) or (clause_of(o) is not None and clause_of(o).i == clause.i
                                        and abs(root.i - o.i) <= distance) for o in others):
            continue  # another event of the same clause, nearer the date, owns it
        distance = abs(root.i - trigger.i)
        if best is None or distance < best[0]:
            best = (distance, found.value)
    return best[1] if best else None
