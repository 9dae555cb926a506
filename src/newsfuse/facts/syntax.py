"""Small readers of a spaCy parse shared by the claim, event and quote extractors."""

from __future__ import annotations

import re

import numpy as np

from newsfuse.facts.dates import ANCHOR_PREPOSITIONS, find_dates
from newsfuse.facts.tokens import proper_nouns
from newsfuse.facts.vocab import OWNER_ALIASES, canonical_owner, fold

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
OWNER_LABELS = frozenset({"ORG", "NORP", "GPE"})
PLACE_NOUNS = frozenset({"village", "town", "city", "municipality", "region", "province", "district",
                         "capital", "area", "neighbourhood", "neighborhood", "border", "crossing"})
LOCATIVE = frozenset({"in", "at", "near", "outside", "into", "inside"})
PRONOUNS = frozenset({"we", "our", "us", "it", "its", "they", "their", "them", "he", "his", "she", "her",
                      "which", "who", "that", "this", "these", "those", "i", "my", "you", "your"})
# Leading words a noun phrase is named without: "its peacekeepers" are "peacekeepers".
POSSESSIVES = frozenset({"the", "a", "an", "its", "their", "his", "her", "our"})
# Words for which a place named after them is not where the fact happened ("Kosovo police").
COUNTRY_LIKE = frozenset({"kosovo", "serbia", "germany", "turkey", "united kingdom", "united states", "france",
                          "russia", "ukraine", "nato", "european union", "europe", "balkans", "western balkans",
                          "albania", "bosnia and herzegovina", "montenegro", "north macedonia", "italy",
                          "greece", "hungary", "romania", "croatia", "israel", "gaza", "syria", "iraq"})


def sentences(doc) -> list:
    """The sentences of a Doc, also cut at line breaks (a heading or a page-furniture line is not
    part of the next sentence), without blank ones. Computed once per Doc."""
    found = doc.user_data.get("newsfuse.sentences")
    if found is None:
        found = doc.user_data["newsfuse.sentences"] = _sentences(doc)
    return found


def doc_text(doc, parsed: str | None = None) -> str:
    """The text of a Doc, joined once per Doc (spaCy joins its tokens on every `doc.text`);
    `parsed`, the text the Doc is the parse of, is taken as it when its length is the Doc's."""
    found = doc.user_data.get("newsfuse.text")
    if found is None:
        last = doc[-1] if len(doc) else None
        fits = parsed is not None and len(parsed) == (last.idx + len(last.text_with_ws) if last is not None else 0)
        found = doc.user_data["newsfuse.text"] = parsed if fits else doc.text
    return found


def sentence_dates(sent, text: str, ref) -> list:
    """`dates.find_dates(text, sent.start_char, ref)` for a sentence (`text`, its text), found once
    per Doc and reference day: the claim and the event readers both ask. A new list each time."""
    found = sent.doc.user_data.setdefault("newsfuse.sentence_dates", {})
    key = (sent.start_char, sent.end_char, ref)
    dates = found.get(key)
    if dates is None:
        dates = found[key] = tuple(find_dates(text, sent.start_char, ref))
    return list(dates)


def span_text(span) -> str:
    """`span.text` from the Doc's text, without joining the span's tokens."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def _sentences(doc) -> list:
    text = doc_text(doc)
    # the line-break tokens, found from the text (a newline is always inside a whitespace token)
    breaks = _newline_tokens(doc)
    out = []
    at = 0
    for sent in doc.sents:
        start = sent.start
        while at < len(breaks) and breaks[at] < sent.end:
            i = breaks[at]
            if i >= start:
                if i > start:
                    out.append(doc[start:i])
                start = i + 1
            at += 1
        if start < sent.end:
            out.append(doc[start:sent.end])
    # hashtag lines ("#NATO #send #forces") are page furniture, not sentences
    return [s for s in out if (line := text[s.start_char:s.end_char]).strip()
            and (line.count("#") < 2 or sum(t.text.startswith("#") for t in s) < 2)]


def _newline_tokens(doc) -> list[int]:
    """Indices of the whitespace tokens that hold a line break (a newline is never a token's
    trailing space, so the token starting at or before it holds it)."""
    newlines = [m.start() for m in re.finditer("\n", doc_text(doc))]
    if not newlines or not len(doc):
        return []
    starts = doc.to_array("IDX").astype("int64")  # by name: spaCy is not imported with this module
    return [i for i in dict.fromkeys(int(i) for i in np.searchsorted(starts, newlines, side="right") - 1)
            if i >= 0 and doc[i].is_space]


def entity_of(token):
    """The named-entity span a token is part of, or None (token -> span map built once per Doc)."""
    if not token.ent_type_:
        return None
    index = token.doc.user_data.get("newsfuse.entity_of")
    if index is None:
        index = {i: part for ent in token.doc.ents for part in _lines_of(ent) for i in range(part.start, part.end)}
        token.doc.user_data["newsfuse.entity_of"] = index
    return index.get(token.i)


def _lines_of(ent) -> list:
    """An entity cut at line breaks: a name never runs from a heading or a category line into the
    lead ("Security\n\nSerbia" is "Serbia")."""
    from spacy.tokens import Span

    doc, parts, start = ent.doc, [], ent.start
    for k in range(ent.start, ent.end + 1):
        if k == ent.end or (doc[k].is_space and "\n" in doc[k].text):
            if k > start:
                parts.append(ent if (start, k) == (ent.start, ent.end) else Span(doc, start, k, label=ent.label_))
            start = k + 1
    return parts


def anchored_apart(token, target) -> bool:
    """Whether `token` sits under a reference-point phrase ("after ...", "since ...") that does not
    also hold `target`: such a date or place belongs to the nested event, not to `target`."""
    node = token
    while node.head.i != node.i:
        node = node.head
        if node.pos_ in ("ADP", "SCONJ") and node.text.lower() in ANCHOR_PREPOSITIONS:
            return not under(target, node)
    return False


def under(token, ancestor) -> bool:
    """Whether `token` is `ancestor` or hangs below it in the parse."""
    node = token
    while True:
        if node.i == ancestor.i:
            return True
        if node.head.i == node.i:
            return False
        node = node.head


def subtree_span(token, limit: int = 8) -> str:
    """A short noun phrase around `token`: its left modifiers, itself and an "of X" complement."""
    doc = token.doc
    ent = entity_of(token)
    if ent is not None and ent.label_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
        start, end = ent.start, ent.end
    else:
        # a possessor that names no one ("the alliance's foreign ministers") is left out
        # a modifier's own modifiers too: "NATO" of "the NATO-Ukraine Council" hangs from "Ukraine"
        start = min((t.left_edge.i for t in token.lefts if t.dep_ in ("compound", "amod", "nummod", "nmod")
                     or t.dep_ == "poss" and (t.pos_ == "PROPN" or t.ent_type_)), default=token.i)
        start = min(start, min((t.i for t in doc[start:token.i] if t.ent_type_ and entity_of(t) and
                                entity_of(t).end > token.i), default=start))
        end = token.i + 1
        for right in token.rights:
            if right.dep_ == "prep" and right.text.lower() == "of":
                objs = [c for c in right.children if c.dep_ == "pobj"]
                if objs:
                    conj = [c.i for c in objs[0].children if c.dep_ in ("cc", "conj")]
                    last = max(t.i for t in objs[0].subtree)
                    end = max(end, (min(conj) if conj else last + 1))
            if right.dep_ in ("appos",) and right.ent_type_ == "PERSON":
                end = max(end, max(t.i for t in right.subtree) + 1)
    while start < end and (doc[start].pos_ in ("DET", "PUNCT") or doc[start].text.lower() in POSSESSIVES):
        start += 1
    if end - start > limit:
        end = start + limit
    while end > start and doc[end - 1].pos_ == "PUNCT":
        end -= 1
    return doc[start:end].text.strip()


def place_of(token) -> str | None:
    """A place name at `token`: the entity, or the capitalized word after "village of"."""
    ent = entity_of(token)
    if ent is not None and ent.label_ in PLACE_LABELS | {"NORP", "PERSON", "ORG"} and token.pos_ == "PROPN":
        if ent.label_ in PLACE_LABELS or token.head.text.lower() == "of":
            return ent.text.removeprefix("the ").strip()
    if token.pos_ == "PROPN" and token.head.text.lower() == "of" and token.head.head.text.lower() in PLACE_NOUNS:
        return token.text
    if (token.pos_ == "PROPN" and token.dep_ == "pobj" and token.head.text.lower() in LOCATIVE
            and (ent is None or ent.label_ in ("ORG", "NORP")) and token.text[:1].isupper()):
        # "in Skopje" tagged as an organization, "in Zveçan" as a nationality, or not tagged: a
        # place unless it names an organization
        name = ent.text if ent is not None else token.text
        if fold(name).removeprefix("the ") not in OWNER_ALIASES:
            return name.removeprefix("the ").strip()
    return None


def places_in(span, target=None) -> list[tuple[int, str]]:
    """(token index, place) for every place named in a span, skipping owners like "Kosovo police"
    and places under a reference-point phrase that does not hold `target`."""
    named = span.doc.user_data.setdefault("newsfuse.places", {})
    key = (span.start, span.end)
    if key not in named:  # read once per span: every event word of a sentence asks
        named[key] = _places_named(span)
    return [(root.i, name) for root, name in named[key] if target is None or not anchored_apart(root, target)]


def _places_named(span) -> list[tuple[object, str]]:
    """(root token, place) of `places_in`, before any target is considered."""
    found: list[tuple[object, str]] = []
    seen_ents: set[int] = set()
    doc = span.doc
    for i in proper_nouns(doc, span.start, span.end):  # `place_of` names only proper nouns
        token = doc[i]
        name = place_of(token)
        if not name:
            continue
        ent = entity_of(token)
        if ent is not None:
            if ent.start in seen_ents:
                continue
            seen_ents.add(ent.start)
            root = ent.root
        else:
            root = token
        if root.dep_ in ("compound", "amod", "poss") and root.head.pos_ in ("NOUN", "PROPN"):
            continue  # "Kosovo police", "Kosovo's population": a modifier, not a location
        found.append((root, name))
    return found


def is_specific_place(name: str | None) -> bool:
    """A village or town rather than a country or region (places of events are compared on these)."""
    return bool(name) and fold(name) not in COUNTRY_LIKE and canonical_owner(name)[1] is None


def governing_verb(token):
    """The nearest verb above a token (itself excluded), or None."""
    node = token
    while node.head.i != node.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def subject_of(verb):
    """The subject token of a verb (active or passive), or None."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return child
    return None
