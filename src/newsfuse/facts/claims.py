"""Numeric claims: every figure in an article with what it counts, whose it is, where and when.

A figure is a run of number tokens with its qualifier ("around", "more than", "between ... and"),
unit (%, currency) and the noun phrase it counts. Dates, ordinals, identifiers ("Resolution
1244") and figures with nothing counted are not claims.
"""

from __future__ import annotations

import re

from newsfuse.models import Article
from newsfuse.facts.dates import find_dates, reference_date, relative_date
from newsfuse.facts.numbers import CURRENCIES, NUMBER_WORDS, PERCENT_WORDS, QUALIFIERS, VAGUE, parse_quantity
from newsfuse.facts.records import Claim
from newsfuse.facts.syntax import (OWNER_LABELS, PRONOUNS, anchored_apart, entity_of, governing_verb, places_in, sentences,
                     subject_of)
from newsfuse.facts.lexicon import REPORTING
from newsfuse.facts.vocab import CASUALTY_FORMS, DEMONYMS, OWNER_ALIASES, canonical_owner, fold, lemma_of

NOT_FIGURES = frozenset({"DATE", "TIME", "ORDINAL", "LAW", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC", "PERSON"})
# Vague words that make a claim only when they count something explicitly ("dozens of members").
CLAIM_VAGUE = frozenset({"tens", "dozens", "scores", "hundreds", "thousands", "millions"})
CONNECTORS = frozenset({"and", "to", "-", "–", "or"})
FUTURE_AUX = frozenset({"will", "'ll", "shall", "would"})
MAX_FIGURE_TOKENS = 8


def extract_claims(article: Article, doc) -> list[Claim]:
    """Every numeric claim of an article, in text order (`doc` is the spaCy parse of `article.text`)."""
    ref = reference_date(article)
    claims: list[Claim] = []
    sents = sentences(doc)
    for index, sent in enumerate(sents):
        if not any(t.pos_ in ("VERB", "AUX") for t in sent):
            continue  # headings, bylines and page furniture ("Comments 3") state nothing
        dates = find_dates(sent.text, sent.start_char, ref)
        for first, last in _figure_spans(sent, dates):
            claim = _claim(article, sents, index, first, last, dates, ref)
            if claim is not None:
                claims.append(claim)
    return claims


def _is_number(token) -> bool:
    text = token.text.lower()
    if text in VAGUE and text not in CLAIM_VAGUE:
        return False
    return token.like_num or text in NUMBER_WORDS or bool(re.fullmatch(r"\d+(\.\d+)?(k|m|bn|mn)", text))


def _figure_spans(sent, dates) -> list[tuple[int, int]]:
    """(first, last) token indexes of every figure phrase in a sentence."""
    doc = sent.doc
    spans: list[tuple[int, int]] = []
    i = sent.start
    while i < sent.end:
        token = doc[i]
        if not _is_number(token) or token.ent_type_ in NOT_FIGURES or _in_date(token, dates) or _is_identifier(token):
            i += 1
            continue
        first = last = i
        j = i + 1
        while j < sent.end and j - first < MAX_FIGURE_TOKENS:
            nxt = doc[j]
            if _is_number(nxt) and not _in_date(nxt, dates):
                last = j
            elif nxt.text.lower() in CONNECTORS and j + 1 < sent.end and _is_number(doc[j + 1]) \
                    and nxt.text.lower() != "or":
                last = j + 1
                j += 1
            elif nxt.text.lower() in PERCENT_WORDS or nxt.text.lower() in ("per", "cent") and last == j - 1:
                last = j
            elif nxt.text.lower() in CURRENCIES and nxt.text.lower() not in ("$", "€", "£", "¥"):
                last = j
            else:
                break
            j += 1
        first = _extend_left(doc, sent, first)
        if _is_plain_one(doc, first, last) or _is_year(doc, first, last) or _is_definite_few(doc, sent, first):
            i = last + 1
            continue
        spans.append((first, last))
        i = last + 1
    return spans


def _is_definite_few(doc, sent, first: int) -> bool:
    """"the two parties", "both sides": a small definite number names a group, not a count."""
    if first <= sent.start or doc[first - 1].text.lower() not in ("the", "these", "those", "both", "all"):
        return False
    value = parse_quantity(doc[first].text)
    return value is not None and value.low is not None and value.low < 10


def _in_date(token, dates) -> bool:
    return any(d.start <= token.idx < d.end for d in dates)


def _is_identifier(token) -> bool:
    """A number naming something ("Resolution 1244", "Flight 17", "Article 5")."""
    prev = token.nbor(-1) if token.i > 0 else None
    return prev is not None and prev.pos_ == "PROPN" and prev.text[:1].isupper() and not prev.ent_type_ in ("NORP",) \
        and token.text[:1].isdigit() and prev.text.lower() not in CURRENCIES


def _is_year(doc, first, last) -> bool:
    token = doc[first]
    return first == last and bool(re.fullmatch(r"(1[89]|20)\d\d", token.text)) and not (
        last + 1 < len(doc) and doc[last + 1].tag_ in ("NNS", "NNPS"))


def _is_plain_one(doc, first, last) -> bool:
    """"one" as a pronoun or article-like word ("one of the", "no one") is not a figure."""
    if first != last or doc[first].text.lower() not in ("one", "a", "an"):
        return False
    token = doc[first]
    nxt = doc[last + 1] if last + 1 < len(doc) else None
    return token.dep_ != "nummod" or (nxt is not None and nxt.text.lower() == "of")


def _extend_left(doc, sent, first: int) -> int:
    """Take in the currency sign, "a" before "thousand", and a qualifier before the figure."""
    if first > sent.start and doc[first - 1].text.lower() in ("$", "€", "£", "¥", "us$", "eur", "usd"):
        first -= 1
    if first > sent.start and doc[first - 1].text.lower() in ("a", "an") and doc[first].text.lower() in (
            "hundred", "thousand", "million", "billion", "dozen", "couple"):
        first -= 1
    for size in (3, 2, 1):
        start = first - size
        if start < sent.start:
            continue
        words = " ".join(t.text.lower() for t in doc[start:first])
        if words in QUALIFIERS or words == "between":
            return start
    return first


def _claim(article: Article, sents, index: int, first: int, last: int, dates, ref) -> Claim | None:
    sent = sents[index]
    doc = sent.doc
    figure_text = doc[first:last + 1].text
    quantity = parse_quantity(figure_text)
    if quantity is None:
        return None
    number = doc[last] if doc[last].like_num or doc[last].text.lower() in NUMBER_WORDS else doc[first]
    for t in doc[first:last + 1]:
        if t.like_num or t.text.lower() in NUMBER_WORDS:
            number = t
    head, phrase_start = _counted_head(doc, sent, first, last)
    if head is not None and head.pos_ == "PROPN" and head.ent_type_ != "NORP" and head.tag_ != "NNPS":
        head = None  # "Comments 3 View": a figure next to a name counts nothing we can tell
    if head is None and quantity.unit == "count":
        return None
    counted_tokens = [t for t in doc[phrase_start:head.i + 1]] if head is not None else []
    counted = " ".join(t.text for t in counted_tokens if t.text.lower() not in ("of", "the", "'s", "’s"))
    casualty = _casualty_word(head) if head is not None else None
    if casualty and casualty not in counted.lower():
        counted = f"{counted} {casualty}".strip()
    if quantity.unit != "count" and not counted:
        counted = _subject_phrase(number) or ""
    owner, implied_place = _owner(sents, index, head or number, counted_tokens)
    place = _place(sent, head or number, owner, implied_place)
    as_of, planned = _as_of(article, sent, head or number, dates, ref)
    end_token = head if head is not None and head.i > last else doc[last]
    start_char, end_char = doc[first].idx, end_token.idx + len(end_token.text)
    return Claim(
        article_id=article.id, start=start_char, end=end_char,
        sentence_start=sent.start_char, sentence_end=sent.end_char, sentence=sent.text.strip(),
        text=article.text[start_char:end_char], quantity=quantity, counted=counted,
        owner=owner, place=place, as_of=as_of, planned=planned,
    )


def _counted_head(doc, sent, first: int, last: int):
    """The noun a figure counts and where its phrase starts: to the right ("1,000 additional
    troops", "dozens of KFOR members", "90% of the population"), else the nearest plural noun to
    the left in the same clause ("its troops in Kosovo in 4,500")."""
    j = last + 1
    if j < sent.end and doc[j].text.lower() == "of":
        j += 1
    while j < sent.end and doc[j].text.lower() in ("the", "its", "their", "our", "his", "her"):
        j += 1
    for k in range(j, min(j + 6, sent.end)):
        token = doc[k]
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
    for k in range(first - 1, max(first - 9, sent.start - 1), -1):
        token = doc[k]
        if token.text in ".;:" or token.pos_ == "VERB" and token.dep_ == "ROOT":
            break
        if token.pos_ == "NOUN" and token.tag_ == "NNS" and token.dep_ != "compound":
            start = min((t.i for t in token.lefts if t.dep_ in ("amod", "compound")), default=token.i)
            return token, start
    return None, last + 1


def _casualty_word(head) -> str | None:
    """"injured" in "93 NATO soldiers were injured", "killed" in "three attackers were killed"."""
    verb = head.head if head.dep_ in ("nsubjpass", "nsubj", "dobj") else None
    candidates = [verb] if verb is not None and verb.pos_ in ("VERB", "ADJ") else []
    candidates += [c for c in head.children if c.dep_ in ("acl", "amod", "relcl")]
    for token in candidates:
        form = CASUALTY_FORMS.get(token.text.lower()) or CASUALTY_FORMS.get(lemma_of(token, CASUALTY_FORMS.keys()))
        if form:
            if token.dep_ == "amod":
                return None  # already inside the counted phrase ("injured soldiers")
            return form
    return None


def _subject_phrase(token) -> str | None:
    verb = governing_verb(token)
    subject = subject_of(verb) if verb is not None else None
    if subject is None or subject.text.lower() in PRONOUNS:
        return None
    return subject.text


def _owner_from(token) -> tuple[str | None, str | None] | None:
    """The owner a token names, if it names one: an organization, country or nationality (by
    its entity label or the name tables), never a person."""
    ent = entity_of(token)
    if ent is not None and ent.label_ == "PERSON":
        return None
    text = ent.text if ent is not None and ent.label_ in OWNER_LABELS else token.text
    key = fold(text).removeprefix("the ")
    if key in OWNER_ALIASES or key in DEMONYMS or (ent is not None and ent.label_ in OWNER_LABELS):
        owner = canonical_owner(text)
        return owner if owner[0] else None
    return None


def _owner(sents, index: int, anchor, counted_tokens) -> tuple[str | None, str | None]:
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
    pronoun_owner = head is not None and any(c.dep_ == "poss" and c.text.lower() in PRONOUNS for c in head.children)
    node, steps = anchor, 0
    while node.head.i != node.i and steps < 12:
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
    for token in reversed(list(sent.doc[sent.start:anchor.i])):
        if token.ent_type_ in ("ORG", "NORP") and not _after_according(token):
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


def _place(sent, anchor, owner: str | None, implied: str | None) -> str | None:
    """Where the figure holds: a place in the clause of the figure ("4,500 troops deployed in
    Kosovo"), else the place its owner implies (KFOR: Kosovo), else the nearest place in the
    sentence; never a place under an "after ..." phrase, nor the owner itself."""
    verb = governing_verb(anchor)
    clause = {t.i for t in verb.subtree} if verb is not None else set()
    candidates = [(abs(i - anchor.i), name) for i, name in places_in(sent, anchor)
                  if canonical_owner(name)[0] != owner]
    in_clause = [c for c in candidates if sent.doc[c[0]].i in clause] if clause else []
    if in_clause:
        return canonical_owner(min(in_clause)[1])[0]
    if implied:
        return implied
    return canonical_owner(min(candidates)[1])[0] if candidates else None


def _as_of(article: Article, sent, anchor, dates, ref) -> tuple[str | None, bool]:
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
    value, ahead = relative_date(sent.text, ref)
    if value or ahead:
        return value, planned or ahead
    return (ref.isoformat() if ref else None), planned
