"""Direct quotes and who said them.

A quote is the text between quotation marks (straight or typographic, paired within a
paragraph; a quote left open at a paragraph end closes there), at least `MIN_WORDS` words long.
Its speaker is the subject of the reporting verb next to it ("..., Stoltenberg said", "said
Secretary Stoltenberg", "Geoană: ..."), resolved within the article: a surname or a title
("the head of the alliance") or a pronoun becomes the full name of the person it points back to.
"""

from __future__ import annotations

import bisect
import re

from newsfuse.models import Article
from newsfuse.facts.lexicon import REPORTING
from newsfuse.facts.records import Quote
from newsfuse.facts.syntax import sentences
from newsfuse.facts.vocab import fold, lemma_of

MIN_WORDS = 3
OPENERS = {"“": "”", "„": "“", "«": "»", "‘": "’", '"': '"'}
_OPENER = re.compile("[" + "".join(OPENERS) + "]")
SPEECH_VERBS = REPORTING | frozenset(
    "add stress emphasize emphasise warn recall point order urge call reiterate announce tweet post "
    "write conclude continue argue believe think promise vow pledge assure acknowledge observe "
    "remark suggest underline highlight".split())
TITLE_WORDS = frozenset(
    "secretary general deputy minister president prime chancellor spokesman spokeswoman spokesperson "
    "head chief commander ambassador representative mr mr. mrs mrs. ms ms. dr dr. foreign defense defence "
    "interior assistant state special senator governor mayor director official us u.s. nato eu german "
    "british french the of a an".split())


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside every pair of quotation marks in `text`."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in re.split(r"(\n\s*\n|\n)", text):
        i = 0
        while i < len(paragraph):
            found = _OPENER.search(paragraph, i)  # the next opening mark, not a Python step per character
            if found is None:
                break
            i = found.start()
            ch = paragraph[i]
            closer = OPENERS[ch]
            if ch == "‘" and i > 0 and paragraph[i - 1].isalpha():
                i += 1
                continue
            j = paragraph.find(closer, i + 1)
            if ch == "‘":  # single quotes: only a closing one followed by a non-letter
                while j != -1 and j + 1 < len(paragraph) and paragraph[j + 1].isalpha():
                    j = paragraph.find(closer, j + 1)
            end = j if j != -1 else len(paragraph)
            inner = paragraph[i + 1:end]
            if len(inner.split()) >= MIN_WORDS:
                spans.append((offset + i + 1, offset + end))
            i = end + 1
        offset += len(paragraph)
    return spans


def extract_quotes(article: Article, doc) -> list[Quote]:
    """Every direct quote of an article with its speaker as the article names them."""
    text = article.text
    sents = sentences(doc)
    quotes: list[Quote] = []
    spans = find_quote_spans(text)
    if not spans:
        return quotes
    people = _people(doc)
    previous_speaker: str | None = None
    starts, ends = [s.start_char for s in sents], [s.end_char for s in sents]  # in text order
    for start, end in spans:
        inner_start, inner_end = start, end
        while inner_start < inner_end and text[inner_start].isspace():
            inner_start += 1
        while inner_end > inner_start and text[inner_end - 1] in " \n\t,":
            inner_end -= 1
        at = bisect.bisect_right(ends, inner_start)  # the first sentence ending after the quote starts
        if at == len(sents):
            continue
        first = sents[at]
        before = bisect.bisect_left(starts, inner_end) - 1  # the last sentence starting before it ends
        last = sents[before] if before >= 0 else first
        context = [sents[k] for k in range(len(sents)) if starts[k] <= last.end_char and ends[k] >= first.start_char]
        speaker_token = _speaker_token(doc, context, inner_start, inner_end)
        speaker_text = _speaker_phrase(speaker_token) if speaker_token is not None else None
        speaker = _resolve(speaker_text, speaker_token, people, previous_speaker)
        if speaker:
            previous_speaker = speaker
        quotes.append(Quote(
            article_id=article.id, start=inner_start, end=inner_end,
            sentence_start=first.start_char, sentence_end=last.end_char,
            sentence=text[first.start_char:last.end_char].strip(),
            text=text[inner_start:inner_end], speaker=speaker, speaker_text=speaker_text,
        ))
    return quotes


def _outside(token, start: int, end: int) -> bool:
    return not (start - 1 <= token.idx < end + 1)


def _speaker_token(doc, context, start: int, end: int):
    """The subject of the speech verb nearest the quote, outside the quote, in its sentences."""
    candidates = []
    for sent in context:
        for token in sent:
            if not _outside(token, start, end) or token.pos_ not in ("VERB", "AUX"):
                continue
            lemma = lemma_of(token, SPEECH_VERBS)
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")
                            and _outside(c, start, end)), None)
            if subject is None:  # "..., declared the head of the alliance": inverted subject
                subject = next((c for c in token.children if c.dep_ in ("dobj", "attr", "npadvmod")
                                and c.idx > token.idx and _outside(c, start, end)
                                and (c.pos_ == "PROPN" or c.text.lower() in TITLE_WORDS)), None)
            if subject is None or subject.pos_ not in ("PROPN", "NOUN", "PRON"):
                continue
            distance = min(abs(token.idx - end), abs(token.idx - start))
            rank = 0 if lemma in SPEECH_VERBS else 1
            candidates.append((rank, distance, subject))
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c[0], c[1]))[2]


def _speaker_phrase(token) -> str:
    """The speaker as written: the name with its compounds ("Secretary Stoltenberg"), or the
    noun phrase ("the head of the North Atlantic Alliance")."""
    doc = token.doc
    if token.pos_ == "PRON":
        return token.text
    start = min((t.i for t in token.lefts if t.dep_ in ("compound", "amod", "det", "nmod", "poss")), default=token.i)
    end = token.i + 1
    for right in token.rights:
        if right.dep_ == "prep" and right.text.lower() == "of":
            end = max(t.i for t in right.subtree) + 1
        if right.dep_ == "appos" and right.pos_ == "PROPN":
            end = max(t.i for t in right.subtree) + 1
    return doc[start:end].text.strip(" ,")


def _people(doc) -> list[tuple[int, str]]:
    """(character offset, name) of every person-like name in the article, in text order:
    PERSON entities, and proper-noun pairs the tagger labelled otherwise ("Jens Stoltenberg")."""
    found = []
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent.text.split()) >= 1:
            found.append((ent.start_char, ent.text.strip()))
    return found


def _strip_titles(name: str) -> str:
    words = name.replace(",", " ").split()
    while words and fold(words[0]).strip(".") in TITLE_WORDS | {w.strip(".") for w in TITLE_WORDS}:
        words = words[1:]
    return " ".join(words)


def _resolve(speaker_text: str | None, token, people, previous: str | None) -> str | None:
    """The full name behind a speaker phrase, within the article."""
    if not speaker_text:
        return None
    before = [name for offset, name in people if token is None or offset < token.idx]
    if token is not None and token.pos_ == "PRON":
        if token.text.lower() in ("he", "she", "i"):
            return previous or (before[-1] if before else None)
        return None
    if token is not None and token.pos_ == "PROPN":
        run = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [token]
        start = run[0].i
        while start < token.i and fold(token.doc[start].text).strip(".") in TITLE_WORDS:
            start += 1  # "Secretary General Geoană" -> "Geoană"
        bare = _strip_titles(token.doc[start:token.i + 1].text)
        if bare:
            return full_name(bare, [name for _, name in people]) or bare
    # a definite description ("the head of the North Atlantic Alliance"): the last person named before
    return previous or (before[-1] if before else speaker_text)


def full_name(name: str, names: list[str]) -> str | None:
    """The longest name in `names` that ends with `name`'s surname ("Stoltenberg" -> "Jens
    Stoltenberg"), comparing without accents; None when there is none."""
    parts = fold(name).split()
    if not parts:
        return None
    surname = parts[-1]
    matches = [n for n in names if fold(n).split() and fold(n).split()[-1] == surname]
    return max(matches, key=len) if matches else None
