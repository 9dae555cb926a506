"""Numeric claims: every figure in an article with what it counts, whose it is, where and when.

Figures are found in each sentence's text by `scan.find_figures` (qualifier, range, unit, change);
the parse then gives the noun phrase it counts, its owner, place and date. Dates, ordinals,
identifiers ("Resolution 1244") and counts with nothing counted are not claims.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsfuse.models import Article
from newsfuse.facts.dates import reference_date, relative_date
from newsfuse.facts.numbers import NUMBER_WORDS, QUALIFIERS

QUALIFIER_WORDS = frozenset(w for phrase in QUALIFIERS for w in phrase.split()) - {"to", "at", "from"}
from newsfuse.facts.events import TOTAL_WORDS, restated_totals
from newsfuse.facts.records import Casualty, Claim
from newsfuse.facts.scan import Figure, find_figures, maybe_number
from newsfuse.facts.syntax import (OWNER_LABELS, PRONOUNS, anchored_apart, doc_text, entity_of, governing_verb, places_in,
                     sentence_dates, sentences, subject_of)
from newsfuse.facts.lexicon import REPORTING
from newsfuse.facts.tokens import has_verb, memo
from newsfuse.facts.vocab import ADDITIONAL, CASUALTY_FORMS, DEMONYMS, OWNER_ALIASES, canonical_owner, fold, lemma_of

NOT_FIGURES = frozenset({"DATE", "TIME", "ORDINAL", "LAW", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC", "PERSON"})
FUTURE_AUX = frozenset({"will", "'ll", "shall", "would"})


def extract_claims(article: Article, doc) -> list[Claim]:
    """Every numeric claim of an article, in text order (`doc` is the spaCy parse of `article.text`)."""
    ref = reference_date(article)
    claims: list[Claim] = []
    sents = sentences(doc)
    whole = doc_text(doc, article.text)  # `doc.text` joins every token again
    for index, sent in enumerate(sents):
        text = whole[sent.start_char:sent.end_char]  # = sent.text, without joining its tokens again
        if not maybe_number(text):  # first: cheaper than the scan of its tokens
            continue
        if not has_verb(doc, sent.start, sent.end) and not text.rstrip().endswith((".", "!", "?")):
            continue  # headings, bylines and page furniture ("Comments 3") state nothing
        dates = sentence_dates(sent, text, ref)
        figures = find_figures(text, [replace(d, start=d.start - sent.start_char, end=d.end - sent.start_char)
                                      for d in dates])
        if not figures:
            continue
        # totals the sentence restates, read as the events read them ("puts the total at 93")
        totals = restated_totals(article, sent, doc[:sent.start], dates, ref) if TOTAL_WORDS.search(text) else []
        spans = []
        for figure in figures:
            start, end = sent.start_char + figure.start, sent.start_char + figure.end
            span = doc.char_span(start, end, alignment_mode="expand")
            total = next((t for t in totals if t.start < end and start < t.end), None)
            if span is not None and (total is not None or not _not_a_figure(span, figure)):
                spans.append((figure, span, total))  # a total is a figure even where NER saw a date
        inside = {i for _, span, _ in spans for i in range(span.start, span.end)}
        for figure, span, total in spans:
            claim = _claim(article, sents, index, figure, span, dates, ref, inside, text)
            if total is not None:
                claim = _restating(article, sent, text, figure, span, total, claim)
            if claim is not None:
                claims.append(claim)
    return claims


def _restating(article: Article, sent, text: str, figure: Figure, span, total: Casualty,
               claim: Claim | None) -> Claim:
    """A figure the sentence gives as a new total of a kind of casualty ("a revised figure ... puts
    the total at 93"): marked `restates`, so a story's measures read it as that kind's figure moving
    on. A total that counts nothing else becomes a claim of its own, dated as the event reads it."""
    # dated as the events date it (its clause's day, else the article's), never a week that holds
    # the first count's day too
    if claim is not None and TOTAL_WORDS.search(claim.counted):
        # "a revised figure ... puts the total at 93": the figure counts the injured, not figures
        return replace(claim, counted=total.kind, measure=total.kind, as_of=total.as_of, restates=total.kind)
    if claim is not None:
        return replace(claim, as_of=total.as_of, restates=total.kind)
    start, end = span.start_char, span.end_char
    return Claim(
        article_id=article.id, start=start, end=end, sentence_start=sent.start_char, sentence_end=sent.end_char,
        sentence=text.strip(), text=article.text[start:end], quantity=figure.quantity, counted=total.kind,
        as_of=total.as_of, measure=total.kind, kind=figure.kind, restates=total.kind,
    )


def _not_a_figure(span, figure: Figure) -> bool:
    """What the parse tells the text scanner: a count inside a date, an ordinal or a name
    ("Flight 17", "the two parties") is not a figure."""
    if figure.kind != "count" or figure.quantity.qualifier == "vague":
        return False
    numbers = [t for t in span if t.like_num or t.text.lower() in NUMBER_WORDS]
    if numbers and all(t.ent_type_ in NOT_FIGURES for t in numbers):
        return True
    first = span[0]
    if len(span) == 1 and first.text.lower() in ("one", "a", "an") and first.dep_ != "nummod":
        return True
    if first.i > 0 and span.doc[first.i - 1].text.lower() in ("the", "these", "those", "both", "all") \
            and figure.quantity.low is not None and figure.quantity.low < 10 and figure.quantity.high == figure.quantity.low:
        return True
    return False


def _claim(article: Article, sents, index: int, figure: Figure, span, dates, ref, inside: set[int],
           text: str) -> Claim | None:
    sent = sents[index]  # `text` is its text
    doc = sent.doc
    quantity = figure.quantity
    first, last = span.start, span.end - 1
    number = next((t for t in reversed(span) if t.like_num or t.text.lower() in NUMBER_WORDS), doc[last])
    head, phrase_start = _counted_head(doc, sent, first, last, inside, figure.kind)
    if head is not None and head.pos_ == "PROPN" and head.ent_type_ != "NORP" and head.tag_ != "NNPS":
        head = None  # "Comments 3 View": a figure next to a name counts nothing we can tell
    if head is None and figure.kind == "count":
        head = _bare_count_head(doc, sent, number, first, inside)
        if head is None:
            return None
        phrase_start = min((t.i for t in head.lefts if t.dep_ in ("amod", "compound")), default=head.i)
    counted_tokens = [t for t in doc[phrase_start:head.i + 1]] if head is not None else []
    if head is None and number.dep_ == "pobj" and number.head.text.lower() == "of" \
            and number.head.head.pos_ == "NOUN" and number.head.head.i not in inside:
        head = number.head.head  # "expected revenue of €3.95 billion", "a loss of A$412 million"
        counted_tokens = _phrase_of(head)
    if head is None:
        subject = _subject_token(number)
        if subject is not None and subject.i not in inside:
            counted_tokens = _phrase_of(subject)
            head = subject
    counted = " ".join(t.text for t in counted_tokens if t.text.lower() not in ("of", "the", "'s", "’s"))
    bare = head is not None and _casualty_noun(head)
    if bare:  # the casualty word is the counted phrase; its kind is the concept ("wounded" -> injured)
        counted_tokens = [t for t in counted_tokens if t.i != head.i]
    casualty = CASUALTY_FORMS[fold(head.text)] if bare else _casualty_word(head) if head is not None else None
    sent_word = _sent_word(head) if head is not None and casualty is None else None
    if sent_word and any(fold(t.text) in ADDITIONAL for t in counted_tokens):
        sent_word = None  # "sending 1,000 additional soldiers" says it once
    if sent_word and sent_word not in counted.lower():
        counted = f"{counted} {sent_word}".strip()  # "the 1,000 troops NATO sent": an addition, not the total
    if casualty is None and head is not None:
        casualty = _casualty_word(number)  # "three of them were killed", "three of the gunmen died"
    if casualty and casualty not in counted.lower() and not bare:
        counted = f"{counted} {casualty}".strip()
    change = None if _is_level(doc, first) else figure.change or _change_from_parse(number, figure.kind)
    owner, implied_place = _owner(sents, index, head or number, counted_tokens)
    place = _place(sent, head or number, owner, implied_place, inside)
    as_of, planned = _as_of(article, sent, head or number, dates, ref, text)
    end_token = head if head is not None and head.i > last and head.i - last <= 6 else doc[last]
    start_char, end_char = doc[first].idx, end_token.idx + len(end_token.text)
    return Claim(
        article_id=article.id, start=start_char, end=end_char,
        sentence_start=sent.start_char, sentence_end=sent.end_char, sentence=text.strip(),
        text=article.text[start_char:end_char], quantity=quantity, counted=counted,
        owner=owner, place=place, as_of=as_of, planned=planned, change=change,
        measure=_measure_words(counted_tokens, owner, casualty, figure.kind), kind=figure.kind,
    )


def _is_level(doc, first: int) -> bool:
    """"rose to 75,000", "fell from 21%", "stands at 4,500": the figure is a level, not the size of
    a rise or a fall, so it has no `change`."""
    if doc[first].text.lower() in ("from", "to", "at"):
        return True  # "up from 65.8%": the span starts with its preposition
    k = first - 1
    while k >= 0 and (doc[k].text.lower() in QUALIFIER_WORDS or doc[k].is_punct and doc[k].text in "$€£¥"):
        k -= 1
    return k >= 0 and doc[k].text.lower() in ("to", "from", "at")


def _measure_words(tokens, owner: str | None, casualty: str | None, kind: str) -> str:
    """The counted noun and its modifiers, lemmatized, only words of the sentence, without the
    owner's own words ("Apple's new flagship phones" -> "new flagship phone")."""
    owner_words = {fold(w) for w in (owner or "").split()}
    words = []
    for token in tokens:
        if token.pos_ in ("DET", "PUNCT", "NUM", "PRON", "ADP", "CCONJ", "PART") or token.like_num:
            continue
        if token.dep_ == "poss" or entity_of(token) is not None and entity_of(token).label_ in OWNER_LABELS:
            continue
        if fold(token.text) in owner_words or fold(token.text).removesuffix("'s") in owner_words:
            continue
        words.append(_lemma(token))
    if casualty and casualty not in words:
        words.append(casualty)
    if kind == "age" and "age" not in words:
        words.append("age")
    return " ".join(words)


IRREGULAR_PLURALS = {"people": "people", "men": "man", "women": "woman", "children": "child", "feet": "foot",
                     "police": "police", "media": "media", "data": "data", "series": "series", "species": "species",
                     "news": "news", "gunmen": "gunman", "policemen": "policeman", "teeth": "tooth", "mice": "mouse",
                     "personnel": "personnel", "staff": "staff", "forces": "force", "arms": "arms"}


def _lemma(token) -> str:
    """A noun's singular as the sentence would write it ("phones" -> "phone"); names and other
    words as written, lowercased unless they are names."""
    word = token.text if token.pos_ == "PROPN" or token.ent_type_ else token.text.lower()
    if token.tag_ not in ("NNS",) or token.ent_type_:
        return word
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if token.lemma_ and token.lemma_.lower() != word:
        return token.lemma_.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if re.search(r"(ss|x|ch|sh|zz)es$", word):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


TAKING_MONEY = frozenset("raise boost lift hike cut slash reduce lower trim expand".split())
UP_VERBS = frozenset("rise increase grow jump climb soar surge gain add raise boost lift hike advance expand swell "
                     "rebound rally double triple".split())
DOWN_VERBS = frozenset("fall drop decline decrease slip slide plunge tumble sink shrink ease lose shed cut slash "
                       "reduce lower trim dip slump contract halve".split())
# Verbs that say a level moved whatever their object: "rose 5%", "fell 350 points".
MOVING = frozenset("rise increase grow jump soar surge advance rebound rally fall drop decline decrease slip slide "
                   "plunge tumble sink shrink dip slump".split())


def _change_from_parse(number, kind: str) -> str | None:
    """up/down from the verb the figure hangs from: "raised its key rate by 25 basis points",
    "slipped to 18% from 21%", "cut the harvest by 40%", "Hong Kong added 0.6 percent"."""
    node, via, steps = number, None, 0
    while node.head.i != node.i and steps < 4:
        if node.dep_ == "prep" or node.pos_ == "ADP":
            via = node.text.lower()
        node, steps = node.head, steps + 1
        if node.pos_ == "ADP":
            via = node.text.lower()
        if node.pos_ in ("VERB", "AUX"):
            break
    else:
        return None
    if node.pos_ not in ("VERB", "AUX"):
        return None
    lemma = lemma_of(node, UP_VERBS | DOWN_VERBS)
    if lemma not in UP_VERBS and lemma not in DOWN_VERBS:
        return None
    direction = "up" if lemma in UP_VERBS else "down"
    money_like = kind in ("money", "percent", "percentage_point", "point")
    if kind == "money" and via != "by" and lemma in TAKING_MONEY:
        return None  # "the charity raised £2.4 million", "cut $5bn of spending": an amount, not a move
    if via in ("by", "to", "from"):
        return direction if (money_like or kind == "count" or lemma in MOVING) else None
    if via is None and (money_like or lemma in MOVING and kind == "count"):
        return direction
    return None


def _bare_count_head(doc, sent, number, first: int, inside):
    """What a count with no noun after it counts: the noun it is "of" ("a magnitude of 7.8"), the
    subject whose level it gives ("the death toll rose to 75,000", "the crowd at 50,000"), or the
    noun of the figure before it ("nine people died and 23 were hurt")."""
    head = number.head
    if number.dep_ == "pobj" and head.text.lower() == "of" and head.head.pos_ == "NOUN":
        return head.head
    if number.dep_ in ("nsubj", "nsubjpass"):
        for k in range(first - 1, sent.start - 1, -1):
            token = doc[k]
            if token.pos_ == "NOUN" and any(c.i in inside for c in token.children if c.dep_ == "nummod"):
                return token
        return None
    verb = governing_verb(number)
    if verb is None or number.dep_ not in ("pobj", "dobj", "attr", "npadvmod", "appos"):
        return None
    if number.dep_ == "pobj" and head.text.lower() not in ("to", "at", "by", "from", "of"):
        return None
    if number.dep_ == "pobj" and head.text.lower() == "to":
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN" and c.i not in inside), None)
        if obj is not None:
            return obj  # "the extra soldiers have lifted the alliance's presence in Kosovo to 4,500"
    subject = subject_of(verb)
    if subject is None or subject.pos_ != "NOUN" or subject.i in inside:
        if subject is not None and subject.pos_ == "NOUN" and subject.i in inside:
            return None
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN" and c.i not in inside), None)
        return obj if number.dep_ == "pobj" and head.text.lower() == "at" else None
    return subject


def _subject_token(token):
    verb = governing_verb(token)
    subject = subject_of(verb) if verb is not None else None
    if subject is None or subject.text.lower() in PRONOUNS:
        return None
    return subject


def _phrase_of(token) -> list:
    """A noun with its left modifiers ("Apple's quarterly revenue")."""
    start = min((t.i for t in token.lefts if t.dep_ in ("amod", "compound", "poss", "nmod")), default=token.i)
    words = list(token.doc[start:token.i + 1])
    cut = max((k + 1 for k, t in enumerate(words) if t.is_space or t.is_punct and t.text not in ("'s", "’s", "-")),
              default=0)
    return words[cut:]  # not across a heading line ("Markets | Technology | Earnings")


def _counted_head(doc, sent, first: int, last: int, inside: frozenset[int] | set[int] = frozenset(), kind: str = "count"):
    """The noun a figure counts and where its phrase starts: to the right ("1,000 additional
    troops", "dozens of KFOR members", "90% of the population"), else the nearest plural noun to
    the left in the same clause ("its troops in Kosovo in 4,500")."""
    j = last + 1
    if j < sent.end and (doc[j].text.lower() == "of" or kind == "money" and doc[j].text.lower() in ("in", "for")):
        j += 1
        if j < sent.end and doc[j].text.lower() in ("them", "those", "these", "us", "which", "whom"):
            # "three of them were killed": what "them" stands for, the nearest plural noun before
            for k in range(first - 1, sent.start - 1, -1):
                if doc[k].tag_ in ("NNS", "NNPS") and k not in inside and doc[k].dep_ != "compound":
                    start = min((t.i for t in doc[k].lefts if t.dep_ in ("amod", "compound")), default=k)
                    return doc[k], start
            return None, j
    while j < sent.end and doc[j].text.lower() in ("the", "its", "their", "our", "his", "her"):
        j += 1
    for k in range(j, min(j + 6, sent.end)):
        token = doc[k]
        if kind == "count" and _casualty_noun(token):
            return token, k  # "about 30 wounded", "12 dead": the casualty is what is counted
        if k in inside:
            if token.like_num and k > j - 1 and doc[k - 1].text.lower() in ("the", "of"):
                continue  # "188 of the 350 seats"
            break
        if token.pos_ in ("NOUN", "PROPN"):
            if token.dep_ in ("compound", "poss") and token.head.i > token.i and token.head.i < j + 6:
                continue
            if token.ent_type_ in ("DATE", "TIME"):
                return None, j
            return token, j
        if token.pos_ not in ("ADJ", "VERB", "ADV", "PART", "NUM", "DET") or token.text in ",;:()":
            break
        if token.pos_ == "VERB" and token.dep_ not in ("amod", "compound"):
            break
    if kind != "count":
        return None, last + 1  # money, percent, units: the subject says what is measured
    for k in range(first - 1, max(first - 9, sent.start - 1), -1):
        token = doc[k]
        if token.text in ".;:" or token.pos_ == "VERB" and token.dep_ == "ROOT":
            break
        if k in inside:
            continue
        if token.pos_ == "NOUN" and token.tag_ == "NNS" and token.dep_ != "compound":
            start = min((t.i for t in token.lefts if t.dep_ in ("amod", "compound")), default=token.i)
            return token, start
    return None, last + 1


PARTICIPLE_FORMS = frozenset({"hurt", "dead", "slain", "missing"})


def _casualty_noun(token) -> bool:
    """A casualty participle or adjective that stands for the people it describes ("about 30
    wounded", "two dead and five injured"), not one that modifies a noun ("30 wounded soldiers")."""
    word = fold(token.text)
    if word not in CASUALTY_FORMS or token.tag_ not in ("VBN", "VBD", "JJ", "NN", "NNS"):
        return False
    if token.tag_.startswith("NN") and not (word.endswith("ed") or word in PARTICIPLE_FORMS):
        return False  # "one arrest" counts arrests; "50 hurt" (read as a noun) counts the hurt
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return not (after is not None and after.pos_ in ("NOUN", "PROPN") and token.head.i == after.i)


def _casualty_word(head) -> str | None:
    """"injured" in "93 NATO soldiers were injured", "killed" in "three attackers were killed",
    "a police officer and three of the gunmen were killed" (the role of the first conjunct)."""
    role = head
    while role.dep_ == "conj" and role.head.i != role.i:
        role = role.head
    verb = role.head if role.dep_ in ("nsubjpass", "nsubj", "dobj") else None
    candidates = [verb] if verb is not None and verb.pos_ in ("VERB", "ADJ") else []
    candidates += [c for c in head.children if c.dep_ in ("acl", "amod", "relcl")]
    for token in candidates:
        form = CASUALTY_FORMS.get(token.text.lower()) or CASUALTY_FORMS.get(lemma_of(token, CASUALTY_FORMS.keys()))
        if form:
            if token.dep_ == "amod":
                return None  # already inside the counted phrase ("injured soldiers")
            return form
    return None


SENDING = frozenset({"send", "rush", "dispatch", "add", "fly", "reinforce", "airlift"})
ARRIVING = frozenset({"rush", "arrive", "fly", "land"})


def _sent_word(head) -> str | None:
    """The verb that makes a counted group a flow rather than a total: "troops NATO sent to
    Kosovo", "the thousand or so troops rushed to Kosovo", "we have added a thousand troops"."""
    candidates = [c for c in head.children if c.dep_ in ("acl", "relcl")]
    if head.dep_ in ("dobj", "nsubjpass"):
        candidates.append(head.head)
    for token in candidates:
        if lemma_of(token, SENDING) in SENDING:
            return token.text.lower()
    if head.dep_ == "nsubj" and lemma_of(head.head, ARRIVING) in ARRIVING:
        return head.head.text.lower()  # "the troops rushed to Kosovo", "500 troops arrived"
    return None


def _owner_from(token) -> tuple[str | None, str | None] | None:
    """The owner a token names, if it names one: an organization, country or nationality (by
    its entity label or the name tables), never a person."""
    ent = entity_of(token)
    if ent is not None and ent.label_ == "PERSON":
        return None
    text = ent.text if ent is not None and ent.label_ in OWNER_LABELS else token.text
    text = text.split("\n")[-1].strip()  # an entity run across a heading line names only its last line
    if not text:
        return None
    key = fold(text).removeprefix("the ")
    if key in OWNER_ALIASES or key in DEMONYMS or (ent is not None and ent.label_ in OWNER_LABELS):
        owner = canonical_owner(text)
        return owner if owner[0] else None
    return None


# Groups a nationality describes but no state owns: "three Serbian attackers" are not Serbia's.
UNOWNED_GROUPS = frozenset("attackers attacker gunmen gunman militants militant rebels rebel insurgents insurgent "
                           "fighters assailants protesters protester demonstrators rioters hostages migrants "
                           "refugees civilians".split())


def _owner(sents, index: int, anchor, counted_tokens) -> tuple[str | None, str | None]:
    head = counted_tokens[-1] if counted_tokens else None
    found = _owner_of(sents, index, anchor, counted_tokens)
    if head is not None and head.text.lower() in UNOWNED_GROUPS and found[0] and any(
            fold(t.text) in DEMONYMS or t.ent_type_ == "NORP" for t in counted_tokens[:-1]):
        return None, found[1]
    return found


def _owner_of(sents, index: int, anchor, counted_tokens) -> tuple[str | None, str | None]:
    """Whose figure it is: a modifier of the counted noun ("NATO soldiers", "Turkish soldiers"),
    the noun it hangs from ("KFOR mission ... with more than 4,000 soldiers"), the subject of the
    clause ("Germany will send ..."); when that subject is a pronoun ("We ... sending 1,000
    additional soldiers"), the nearest organization before it in this or the two previous
    sentences. A counted group that is itself a name ("30 armed Serbs") has no owner."""
    head = counted_tokens[-1] if counted_tokens else None
    for token in counted_tokens[:-1]:
        found = _owner_from(token)
        if found:
            return found
    if head is not None:
        for child in head.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod") and child.text.lower() not in PRONOUNS:
                found = _owner_from(child)
                if found:
                    return found
        if head.ent_type_ in OWNER_LABELS:
            return None, None
        for clause in (c for c in head.children if c.dep_ in ("relcl", "acl")):
            subject = subject_of(clause)  # "the 1,000 troops NATO sent to Kosovo"
            if subject is not None and subject.text.lower() not in PRONOUNS:
                found = _owner_from(subject)
                if found:
                    return found
        for prep in (c for c in head.children if c.dep_ == "prep" and c.text.lower() == "of"):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):  # "a meeting of NATO diplomats"
                for token in [*(c for c in obj.children if c.dep_ in ("compound", "amod", "poss")), obj]:
                    found = _owner_from(token)
                    if found:
                        return found
    pronoun_owner = head is not None and any(c.dep_ == "poss" and c.text.lower() in PRONOUNS for c in head.children)
    node, steps = anchor, 0
    while node.head.i != node.i and steps < 12:
        if node.dep_ == "relcl" and any(c.dep_ == "prep" and any(g.text.lower() in ("which", "whom") for g in c.children)
                                        for c in node.children):
            break  # "after the attack ..., in which three of the attackers were killed": not the sender's
        node, steps = node.head, steps + 1
        if node.pos_ in ("NOUN", "PROPN") and node.i != anchor.i:
            for child in node.children:
                if child.dep_ in ("poss", "compound", "amod", "nmod"):
                    found = _owner_from(child)
                    if found:
                        return found
        if node.pos_ in ("VERB", "AUX"):
            reporting = lemma_of(node, REPORTING) in REPORTING
            if reporting and not pronoun_owner:
                break  # "Kosovo authorities said that police ...": the speaker does not own the figure
            subject = subject_of(node)
            if subject is None:
                continue
            if subject.text.lower() in PRONOUNS:
                pronoun_owner = True
                continue
            found = _owner_from(subject)
            if found:
                return found
            for child in subject.children:
                if child.dep_ in ("compound", "amod", "poss"):
                    found = _owner_from(child)
                    if found:
                        return found
    sent = sents[index]
    clause = _clause(anchor)
    for k in range(anchor.i - 1, sent.start - 1, -1):
        if k not in clause:
            continue  # "Dozens of KFOR members were injured, and 30 gunmen attacked": not KFOR's gunmen
        token = sent.doc[k]
        speaker = token.dep_ == "nsubj" and lemma_of(token.head, REPORTING) in REPORTING
        if token.ent_type_ in ("ORG", "NORP") and not _after_according(token) and not speaker:
            found = _owner_from(token)
            if found:
                return found
    if not pronoun_owner:
        return None, None
    for previous in (sents[index - 1] if index >= 1 else None, sents[index - 2] if index >= 2 else None):
        if previous is None:
            continue
        for token in reversed(list(previous)):
            if token.ent_type_ == "ORG" and not _after_according(token):
                found = _owner_from(token)
                if found:
                    return found
    return None, None


def _after_according(token) -> bool:
    """"according to France Press": a source, not an owner."""
    node = token
    for _ in range(3):
        node = node.head
        if node.text.lower() == "according":
            return True
    return False


def _place(sent, anchor, owner: str | None, implied: str | None, inside=frozenset()) -> str | None:
    """Where the figure holds: a place in the clause of the figure ("4,500 troops deployed in
    Kosovo"), else the place its owner implies (KFOR: Kosovo), else the nearest place in the
    sentence; never a place under an "after ..." phrase, nor the owner itself."""
    clause = _clause(anchor)
    candidates = [(abs(i - anchor.i), name) for i, name in _places(sent, anchor)
                  if canonical_owner(name)[0] != owner and i not in inside]
    in_clause = [c for c in candidates if sent.doc[c[0]].i in clause] if clause else []
    if in_clause:
        return canonical_owner(min(in_clause)[1])[0]
    if implied:
        return implied
    return canonical_owner(min(candidates)[1])[0] if candidates else None


def _clause(anchor) -> frozenset[int] | set[int]:
    """The token indices of the clause of `anchor` (the subtree of its governing verb), once per verb."""
    verb = governing_verb(anchor)
    if verb is None:
        return set()
    clauses = memo(anchor.doc, "claims.clauses")
    found = clauses.get(verb.i)
    if found is None:
        found = clauses[verb.i] = frozenset(t.i for t in verb.subtree)
    return found


def _places(sent, anchor) -> list[tuple[int, str]]:
    """`places_in(sent, anchor)`: the sentence's places read once, then those under a reference-point
    phrase that does not hold `anchor` left out (the filter `places_in` applies last)."""
    doc = sent.doc
    read = memo(doc, "claims.places")
    found = read.get(sent.start)
    if found is None:
        found = read[sent.start] = places_in(sent)
    return [(i, name) for i, name in found if not anchored_apart(doc[i], anchor)]


def _as_of(article: Article, sent, anchor, dates, ref, text: str) -> tuple[str | None, bool]:
    """When the figure holds: a time expression of the sentence (the tagger's, then explicit dates,
    then relative words like "next year"), else the article's date. Dates under "after ..." are
    reference points and skipped."""
    doc = sent.doc
    planned = any(child.dep_ == "aux" and child.text.lower() in FUTURE_AUX
                  for verb in [governing_verb(anchor)] if verb is not None for child in verb.children)
    for timex in article.times:
        if timex.type != "DATE" or not (sent.start_char <= timex.start < sent.end_char):
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or anchored_apart(span.root, anchor):
            continue
        value = timex.value
        if value == "PRESENT_REF" and ref is not None:
            value = ref.isoformat()
        if re.match(r"^\d{4}", value):
            return value, planned or (ref is not None and value[:10] > ref.isoformat())
    for found in dates:
        span = doc.char_span(found.start, found.end, alignment_mode="expand")
        if span is not None and not anchored_apart(span.root, anchor):
            return found.value, planned
    relative = memo(doc, "claims.relative")  # the claims of one sentence read its words once
    key = (sent.start, ref)
    found = relative.get(key)
    if found is None:
        found = relative[key] = relative_date(text, ref)
    value, ahead = found
    if value or ahead:
        return value, planned or ahead
    return (ref.isoformat() if ref else None), planned
