"""Sentences and their tense: which way "on Thursday" points from the anchor date (the time tagger,
the figures and grouping all ask here).

Without a spaCy `Doc` the tense comes from cheap word cues (will/shall, past forms, -ed words that
are not passive participles); with one, from the fine-grained tags (MD will/shall, VBD, VBN after
have). The cue nearest the time expression wins, so "said the meeting will be held on Thursday"
looks forward and "the meeting that was held on Thursday" looks back.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from newsfuse.text.memo import RUN_TEXTS, per_text

# Abbreviations after which a period does not end a sentence.
_NO_BREAK = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr st gen sen rep gov lt col sgt capt "
    "prof inc corp co ltd no vs jr sr u.s u.n e.g i.e mt ft messrs adm cmdr maj pres gov ave blvd "
    "a.m p.m est edt".split()
)
# A single line break ends a sentence only after end punctuation or before a list bullet: scraped
# text is often hard-wrapped mid-sentence.
_BREAK_RE = re.compile(r"[.!?]+[\"'”’)\]]*\s+|\n\s*\n|(?<=[.!?:\"”'])[ \t]*\n|\n(?=\s*[-•*–]\s)")
_WORD_BEFORE_RE = re.compile(r"([\w.]+)[.!?]*[\"'”’)\]]*\s*$")


# A line that is nothing but a date ("May 29, 2006", "Tuesday, 28 November 2023", "2023-11-28")
# stands alone: a headline's verb above it or the lead below it is not its sentence.
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_DATE_LINE_RE = re.compile(
    r"^[ \t]*(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?[ \t]+)?"
    rf"(?:{_MONTH}[ \t]+\d{{1,2}},?[ \t]+\d{{4}}|\d{{1,2}}\.?[ \t]+{_MONTH}[ \t]+\d{{4}}|\d{{4}}-\d\d-\d\d)\.?[ \t]*$",
    re.M)
# The first line of a text without end punctuation, followed by a line starting a sentence, is a
# headline ("Boeing delivers final 717 to AirTran\nBoeing on Tuesday delivered ..."): its present
# tense is not the lead's.
_HEADLINE_MAX = 160
# A line ending in a word a sentence cannot end with was wrapped mid-sentence, not a headline.
_WRAPPED_END_RE = re.compile(
    r"\b(?:the|a|an|of|to|and|or|but|in|on|at|by|for|with|from|as|that|which|who|its|his|her|their"
    r"|is|are|was|were|be|has|have|had|will|would|said|says|Mr|Mrs|Ms|Dr|Mayor|President|Minister)\s*$")


def _line_breaks(text: str) -> list[int]:
    """Offsets of the single line breaks that end a sentence though no punctuation says so."""
    if "\n" not in text:
        return []
    breaks = set()
    for match in _DATE_LINE_RE.finditer(text):
        if match.start() > 0 and text[match.start() - 1] == "\n":
            breaks.add(match.start() - 1)
        if match.end() < len(text) and text[match.end()] == "\n":
            breaks.add(match.end())
    lead = len(text) - len(text.lstrip())
    newline = text.find("\n", lead)
    first = text[lead:newline]
    if (0 <= newline - lead <= _HEADLINE_MAX and not re.search(r"[.!?:;,\"”'’)\]-]\s*$", first)
            and not _WRAPPED_END_RE.search(first)):
        following = text[newline + 1:newline + 2]
        if following[:1].isupper() or following[:1].isdigit():
            breaks.add(newline)
    return sorted(breaks)


@per_text(maxsize=4096, max_chars=100_000, held_chars=RUN_TEXTS)  # the tagger, the anchor and the timeline split the same texts
def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a cheap splitter that knows common abbreviations."""
    spans: list[tuple[int, int]] = []
    start = 0
    breaks = _line_breaks(text)
    for match in _merged_breaks(text, breaks):
        end = match.end()
        piece = text[max(start, match.start() - 30):match.start() + 1]
        if "\n" not in match.group():
            before = _WORD_BEFORE_RE.search(piece)
            if before and before.group(1).lower().rstrip(".") in _NO_BREAK:
                continue
            if before and len(before.group(1).rstrip(".")) == 1 and before.group(1)[0].isupper():
                continue  # an initial: "John F. Kennedy"
        stripped = _strip(text, start, match.start() + len(match.group().rstrip()))
        if stripped:
            spans.append(stripped)
        start = end
    stripped = _strip(text, start, len(text))
    if stripped:
        spans.append(stripped)
    return spans


class _LineBreak:
    """A line break of `_line_breaks`, shaped like a `_BREAK_RE` match."""

    __slots__ = ("at",)

    def __init__(self, at: int) -> None:
        self.at = at

    def start(self) -> int:
        return self.at

    def end(self) -> int:
        return self.at + 1

    def group(self) -> str:
        return "\n"


def _merged_breaks(text: str, extra: list[int]):
    """`_BREAK_RE`'s matches and the `extra` line breaks they do not already cover, in order."""
    matches = list(_BREAK_RE.finditer(text))
    if not extra:
        return matches
    covered = [(m.start(), m.end()) for m in matches]
    extra_breaks = [_LineBreak(at) for at in extra
                    if not any(a <= at < b for a, b in covered)]
    return sorted(matches + extra_breaks, key=lambda m: m.start())


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


class Sentences:
    """The sentences of one text, to find the one around an offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = sentence_spans(text)
        self._starts = [s for s, _ in self.spans]

    def around(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return (0, len(self.text))
        return self.spans[index]


_FUTURE = frozenset(
    "will shall 'll ’ll wo won't gonna tomorrow upcoming scheduled slated due expected expects expect "
    "plans plan planned planning intends intend pending until effective".split()
)
# Verbs of a timetable: in the present simple they tell what is scheduled ("the congress opens on
# Thursday", "ministers meet Monday").
_SCHEDULE = frozenset(
    "opens open meets meet starts start begins begin convenes convene gathers gather resumes resume "
    "arrives arrive travels travel visits visit".split()
)
# More timetable verbs, each also a noun or an adjective often enough ("tax returns", "heads of
# state", "the close"): a verb only after a word that is not a determiner, and some only with the
# word after them that makes the timetable ("takes effect", "goes on trial", "go to the polls").
_TIMETABLE = frozenset(
    "goes heads returns ends closes reopens reopen expires expire flies departs leaves hosts".split()
)
_TIMETABLE_WITH = {"takes": ("effect", "office", "place"), "take": ("effect", "office", "place"),
                   "go": ("to", "on", "ahead"), "head": ("to", "for"), "return": ("to", "home"),
                   "fly": ("to", "home"), "close": ("at", "on"), "end": ("at", "on")}
_DETERMINERS = frozenset("the a an its his her their our this that these those whose tax annual".split())


def _timetable(word: str, previous: list[str], following: str) -> bool:
    """A present-simple verb of a timetable other than `_SCHEDULE`'s: "voters go to the polls on
    Sunday", "the ceasefire expires on Friday", "the law takes effect on Friday"."""
    if word not in _TIMETABLE and following not in _TIMETABLE_WITH.get(word, ()):
        return False
    last = previous[-1:]
    if not last:
        return False  # opening the text read: an order ("Go to ...") or a headline
    return not any(w in _AUX or w in _DETERMINERS or w in _MODAL or w in ("did", "to", "not", "never", "can")
                   for w in last)


_MODAL = frozenset({"would", "could", "might", "should", "may", "must", "can"})
# Verbs of intent before "to": what they aim at lies ahead of the time they are said.
_INTENT = frozenset(
    "hope hopes hoped hoping aim aims aimed aiming plan plans planned planning intend intends intended "
    "want wants wanted seek seeks sought vow vows vowed pledge pledges pledged promise promises promised "
    "expect expects expected threaten threatens threatened prepare prepares preparing likely".split()
)
# A forecast: what is forecast, predicted or projected to happen, or what something is poised or
# tipped to do, lies ahead ("the storm is forecast to hit on Thursday"); told in the past ("was
# forecast to", "had been forecast to") it is a plan told in the past, as "was expected to".
_FORECAST = frozenset("forecast forecasted predicted projected poised tipped".split())
_INTENT = _INTENT | _FORECAST | {"forecasts", "predicts"}
# Verbs of a decision before "to": what was decided lies after the deciding ("the union voted to
# strike on Friday", "lawmakers agreed to vote on Thursday"). Separate from `_INTENT` to be
# measured on their own.
_DECISION = frozenset(
    "decide decides decided agree agrees agreed vote votes voted resolve resolves resolved opt opts opted "
    "choose chooses chose".split()
)
_PRESENT = frozenset({"is", "are", "am", "says", "say", "remains", "does", "do"})
_PAST = frozenset(
    "was were had did said told went came made took gave got met left found saw began led held won "
    "lost fell rose paid sold bought brought thought kept spent sent struck broke ran wrote spoke knew "
    "became felt fled fought ago yesterday sought taught caught drove flew grew threw drew shot stood "
    "understood withdrew arose awoke bore chose froze hid rode sang sank shook slid stole stuck swore "
    "tore woke wore overtook undertook forgot forgave mistook set last".split()
)
_REPORTING = frozenset({"said", "says", "say", "told", "announced", "reported", "added", "stated", "declared",
                        "noted", "confirmed"})
_NOT_PAST_ED = frozenset(
    "need speed feed indeed seed bed red hundred united limited based related proceed exceed succeed "
    "breed bleed embed shed wed sled bred creed greed deed weed reed tweed naked wicked sacred "
    "kindred hatred rugged ragged crooked beloved learned aged alleged armed detailed advanced".split()
)
_AUX = frozenset({"be", "been", "being", "is", "are", "am", "was", "were", "will", "to", "has", "have",
                  "had", "would", "get", "got", "'s", "’s"})
_BEFORE_ADJECTIVE = frozenset({"a", "an", "the", "this", "that", "its", "his", "her", "their", "our", "still",
                               "very", "more", "most", "less", "well", "newly", "fully", "so", "too", "recently",
                               "previously", "long", "much", "highly", "widely", "jointly"})
_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|['’]ll")
_CUE_REACH = 400  # characters either side of an expression searched for its tense cue
_AFTER_PENALTY = 4  # cues after the expression ("..., officials said") say less about it
_REPORTING_PENALTY = 4  # "said" tells when it was said, not when it happened, unless adjacent


def tense_near(text: str, sentence: tuple[int, int], start: int, end: int) -> str | None:
    """"past", "future", "present", "progressive" ("is meeting"), "modal" or None: the cue of the
    sentence nearest [start, end)."""
    # Only the words near the expression can be its nearest cue; reading whole sentences made a
    # run-on list of 12,000 weekdays quadratic.
    s_start, s_end = max(sentence[0], start - _CUE_REACH), min(sentence[1], end + _CUE_REACH)
    words = _cue_words(text, s_start, start)
    after = _cue_words(text, end, s_end)
    # Lazily, nearest first: the scan stops at the first cue that nothing further can beat.
    before = ((words[i], _word_tense(words[i], words[max(0, i - 3):i], words[i + 1] if i + 1 < len(words) else ""))
              for i in range(len(words) - 1, -1, -1))
    following = ((w, _after_tense(w, after[max(0, i - 3):i], after[i + 1] if i + 1 < len(after) else ""))
                 for i, w in enumerate(after))
    tense = _nearest(before, following)
    if tense == "future" and _bounded_past(words, after):
        return "past"
    return tense


def future_cue_before(text: str, sentence: tuple[int, int], start: int) -> bool:
    """Whether the nearest tense cue before `start` in its sentence is a future one: the expression
    stands in a future clause ("voters will head to the polls in November"), not before a future
    main clause it belongs to less ("the explosion ... in January, will be pumped ...")."""
    words = _cue_words(text, max(sentence[0], start - _CUE_REACH), start)
    for i in range(len(words) - 1, -1, -1):
        tense = _word_tense(words[i], words[max(0, i - 3):i], words[i + 1] if i + 1 < len(words) else "")
        if tense is not None:
            return tense == "future"
    return False


_CLOCK_AM_RE = re.compile(r"\d\s?$")


def _cue_words(text: str, start: int, end: int) -> list[str]:
    """The lowercased words of text[start:end], without the "am" of a clock time ("at 10:00 am
    (0800 GMT) on Friday": not the verb)."""
    return [m.group().lower() for m in _WORD_RE.finditer(text, start, end)
            if not (m.group().lower() == "am" and _CLOCK_AM_RE.search(text, max(0, m.start() - 2), m.start()))]


def _after_tense(word: str, previous: list[str], following: str) -> str | None:
    """The tense of a cue after the expression: a plan verb in the past there tells when the plan
    was made ("On Friday, the government planned to pay ..."), not that the day lies ahead."""
    tense = _word_tense(word, previous, following)
    if tense == "future" and word.endswith("ed") and word in _FUTURE:
        return "past"
    if tense == "future" and word not in _SCHEDULE and _timetable(word, previous, following):
        return None  # "On October 1-2 Ashgabat hosts a seminar": a lead's present, not a timetable
    if tense == "future" and word in _DECISION and following == "to":
        # "On September 21 the parties agreed to ...": the day of the deciding
        return "past" if word.endswith("ed") or word == "chose" else None
    return tense


def _bounded_past(before: list[str], after: list[str]) -> bool:
    """"Until Thursday, the police had not named a suspect", "it was not until Tuesday that ...":
    "until" bounds a state that lasted up to a past day, when its clause is in the past perfect or
    negated in the past. ("postponed until Tuesday" keeps looking ahead: the simple past of a
    deferral.)"""
    near = before[-3:]
    if "until" not in near and "till" not in near:
        return False
    if near[-2:-1] in (["not"], ["n't"], ["n’t"], ["wasn't"], ["wasn’t"]):
        return True
    clause: list[str] = []
    for word in after[:6]:
        if word in _REPORTING:
            break  # "until Friday, the company said it had ...": the saying, not the state
        clause.append(word)
    return "had" in clause or "hadn't" in clause or "hadn’t" in clause


def _nearest(before: Iterable[tuple[str, str | None]], after: Iterable[tuple[str, str | None]]) -> str | None:
    """The tense of the nearest cue; cues after the expression and distant reporting verbs count less.

    Both sequences run away from the expression: `before` from the word just before it backwards.
    """
    best: tuple[int, str] | None = None
    for distance, (word, tense) in enumerate(before):
        if best is not None and distance >= best[0]:
            break
        if tense is not None:
            score = distance + (_REPORTING_PENALTY if word in _REPORTING and distance > 1 else 0)
            if best is None or score < best[0]:
                best = (score, tense)
    for distance, (word, tense) in enumerate(after):
        score = distance + _AFTER_PENALTY
        if best is not None and score >= best[0]:
            break
        if tense is not None:
            score += _REPORTING_PENALTY if word in _REPORTING and distance > 1 else 0
            if best is None or score < best[0]:
                best = (score, tense)
        if word in _REPORTING and tense == "past":
            break  # "On Monday the union said it planned ...": what follows is what was said
    return best[1] if best else None


def _word_tense(word: str, previous: list[str], following: str) -> str | None:
    if word in _FUTURE:
        if word in ("plan", "plans") and previous[-1:] and previous[-1] in _DETERMINERS and following not in ("to", "for"):
            return None  # "announced the plan Aug. 21": a noun naming what was announced, not a plan ahead
        if (word.endswith("ed") or word == "due") and any(w in ("was", "were", "had") for w in previous):
            return "past"  # "had been scheduled to expire Friday", "was due to expire Friday"
        return "future"
    if word == "soon" and previous[-1:] == ["as"]:
        return "future"  # "as soon as Tuesday"
    if word in ("going", "set", "is", "are") and following == "to":
        return "future"
    if word == "set" and following == "for":  # "talks are set for Friday"; "was set for": the past
        before = previous[-1:]
        return "future" if before in (["is"], ["are"], ["'s"], ["’s"], ["be"]) else (
            "past" if before in (["was"], ["were"]) else None)
    if word.endswith("ing") and len(word) > 5 and previous[-1:] in (["is"], ["are"], ["am"], ["'re"], ["’re"]):
        return "progressive"  # "the committee is meeting on Thursday": a plan, for a weekday
    if word == "since":
        return "past"  # "searching the rubble since Monday": what began before now
    if word in _MODAL:
        return "past" if following in ("have", "'ve", "’ve") else "modal"  # "could have left": the past
    if word in _SCHEDULE and not any(w in _AUX or w in ("did", "to", "not", "could", "can") for w in previous[-1:]):
        return "future"
    if _timetable(word, previous, following):
        return "future"
    if following == "to" and word in _INTENT:
        if word in _FORECAST and any(w in ("was", "were", "had") for w in previous):
            return "past"  # "was forecast to hit Monday": `plan_reading` tells whether it still lies ahead
        return "future"  # "hoped to get supplies by Thursday": what is aimed at lies ahead
    if following == "to" and word in _DECISION:
        return "future"  # "voted to strike on Friday": the strike lies after the vote
    if word in _PAST:
        if word not in ("was", "were", "had", "did", "said", "ago", "yesterday", "last") and any(
                w in _AUX for w in previous[-2:]):
            return None  # "will be held": a participle, the auxiliary before it decides
        return "past"
    if word in _PRESENT:
        return "present"
    if word.endswith("ed") and len(word) > 4 and word not in _NOT_PAST_ED:
        if any(w in _AUX for w in previous):
            return None  # a participle: the auxiliary before it decides
        if previous and previous[-1] in _BEFORE_ADJECTIVE:
            return None  # "a still unspecified date": an adjective
        return "past"
    return None


def tense_from_doc(doc, start: int, end: int) -> str | None:  # noqa: ANN001 - a spaCy Doc
    """Like `tense_near`, with the parser's tags deciding what is a past verb or a modal."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    sent = span.sent
    reach = _CUE_REACH // 5  # about as many tokens as the word cues read characters
    before = [(t.lower_, _token_tense(t)) for t in reversed(doc[max(sent.start, span.start - reach):span.start])]
    after = [(t.lower_, _token_tense(t)) for t in doc[span.end:min(sent.end, span.end + reach)]]
    tense = _nearest(before, after)
    if tense == "future" and _bounded_past([w for w, _ in reversed(before)], [w for w, _ in after]):
        return "past"
    return tense


def _token_tense(token) -> str | None:  # noqa: ANN001 - a spaCy Token
    lower = token.lower_
    if lower in _FUTURE and token.tag_ not in ("VBD", "VBN"):
        return "future"
    if token.tag_ == "MD":
        return "future" if lower in ("will", "shall", "'ll", "’ll", "wo") else "modal"
    if token.tag_ == "VBD":
        return "past"
    if token.tag_ == "VBN" and any(c.lemma_ == "have" and c.dep_ == "aux" for c in token.children):
        return "past"
    if token.tag_ == "VBG" and any(c.lower_ in ("is", "are", "am", "'re", "’re") and c.dep_ == "aux"
                                   for c in token.children):
        return "progressive"
    if token.tag_ in ("VBZ", "VBP") and token.dep_ not in ("aux", "auxpass"):
        return "present"
    return None


_DEADLINE_RE = re.compile(r"\b(?:by|as\s+(?:soon|early)\s+as|no\s+later\s+than)\s+(?:\w+\s+or\s+)?$")
_CONDITIONAL_RE = re.compile(r"\b(?:would|might|may|should|shall)\s+(?!have\b|not\s+have\b)(?:\S+\s+){0,6}$")
# "could" only before a bare verb of an event and not after a negation: "could hit on Thursday"
# looks ahead; "could not be located Wednesday", "neither he nor ... could be located Wednesday",
# "could have left", "could see the smoke on Monday" are about the past.
_COULD_RE = re.compile(r"\bcould\s+(?!have\b|not\b|n['’]t\b|never\b|only\b|see\b|hear\b|feel\b|be\s+(?:seen|heard|reached|located|found)\b)"
                       r"(?:\S+\s+){0,6}$")
_NEGATED_BEFORE_RE = re.compile(r"\b(?:not|never|no|nor|neither|nobody|none)\b[^.;!?]{0,40}$")
_EXTENDED_TO_RE = re.compile(r"\b(?:extend(?:s|ed|ing)?|prolong(?:s|ed|ing)?|renew(?:s|ed|ing)?)\b[^.;!?]{0,90}?"
                             r"\b(?:through|thru|to|until|till|into)\s+(?:the\s+end\s+of\s+|(?:early|mid|late)-?\s*)?$",
                             re.I)
_INTENT_BEFORE_RE = re.compile(r"\b(?:hope[sd]?|aim(?:s|ed)?|plan(?:s|ned)?|intend(?:s|ed)?|want(?:s|ed)?"
                               r"|expect(?:s|ed)?|promise[sd]?|pledge[sd]?|vow(?:s|ed)?)\s+to\b")


# A plan told in the past: "the union said it planned a demonstration on Saturday", "officials were
# due to meet on Friday", "had scheduled talks for next week", "the minister was to travel on
# Monday". What was planned lies ahead of the time it was told.
_TOLD_PLAN_RE = re.compile(
    r"\b(?:(?:planned|scheduled|arranged|slated)\s+(?!to\s+have\b)"
    r"|(?:was|were)\s+(?:due|scheduled|expected|set|slated|supposed|going|planning|preparing|likely"
    r"|forecast|forecasted|predicted|projected|poised|tipped)\s+(?:to|for)\b"
    r"|(?:was|were)\s+(?:planned|scheduled|set|slated)\s+(?:for|on)\b"
    r"|(?:was|were)\s+to\s+(?!have\b)[a-z]+"
    r"|(?:was|were)\s+planning\b"
    r"|had\s+(?:planned|scheduled|arranged|set)\b)"
    r"(?:(?![.;:!?]|\s[-–—]\s|\bbut\b|\bwhen\b|\bafter\b|\bbefore\b|\bwhich\b).){0,80}$", re.I | re.S)
# A plan that did not stand: what it was planned for says nothing about the future ("had been
# due to expire Friday", "as originally planned", "the march planned for Saturday was cancelled").
_SUPERSEDED_RE = re.compile(r"\b(?:had\s+been|previously|originally|initially|earlier|once)\s+(?:\w+\s+){0,1}$"
                            r"|\bas\s+$", re.I)
_CALLED_OFF_RE = re.compile(r"\b(?:cancel+ed|called\s+off|scrapped|abandoned|postponed|delayed|put\s+off"
                            r"|moved|brought\s+forward|rescheduled|went\s+ahead|took\s+place|was\s+held|were\s+held"
                            r"|began|started|opened|ended|happened|occurred)\b", re.I)
_STILL_AHEAD_RE = re.compile(r"\b(?:will|shall|won['’]t|is\s+to|are\s+to|now\s+(?:due|set|scheduled|expected))\b"
                             r"|['’]ll\b", re.I)
# "was due to expire on Friday, but the ministry renewed it": what came instead
_CONTRAST_RE = re.compile(r"[^.;!?]{0,40}?,?\s+(?:but|however|instead)\b", re.I)
_RELATIVE_BEFORE_RE = re.compile(r",\s*(?:which|who|that)\s+$", re.I)
_SUBORDINATE_RE = re.compile(r"\b(?:as\s+soon\s+as|once|when|if|until|unless)\b", re.I)
_CLAUSE_END_RE = re.compile(r"[.;!?](?:\s|$)|\n")


def plan_reading(text: str, start: int, end: int) -> bool | None:
    """True when the expression at [start, end) dates a plan told in the past tense ("it planned a
    demonstration on Saturday", "were due to meet on Friday", "had scheduled talks for next
    week"): that date lies ahead of the time the plan was told. False when a plan word governs it
    but the plan did not stand or came to pass ("had been due to expire Friday", "as previously
    planned", "the march planned for Saturday was cancelled", "the talks scheduled for Monday took
    place"), unless the sentence still looks ahead ("... and will be held on Monday"). None when
    no plan word governs it."""
    low = max(0, start - 160)
    before = text[low:start]
    match = _TOLD_PLAN_RE.search(before)
    if match is None:
        return None
    if match.group().lower().startswith("had") and not re.search(r"\bfor\s+$", before[-12:], re.I):
        return None  # "police said the gunman had planned the attack on Monday": the past perfect of a deed
    stop = _CLAUSE_END_RE.search(text, end, min(len(text), end + 160))
    clause = text[low + match.start():stop.start() if stop else min(len(text), end + 160)]
    # What the plan's own clause says happened: not a clause on the date's side of a subordinator
    # ("were likely to buy as soon as trading opened Monday" still looks ahead).
    governed = before[match.start():]
    subordinate = list(_SUBORDINATE_RE.finditer(governed))
    told = governed[:subordinate[-1].start()] if subordinate else governed
    told += text[end:low + match.start() + len(clause)]
    if _SUPERSEDED_RE.search(before[:match.start()]) or _CALLED_OFF_RE.search(told) or _CONTRAST_RE.match(
            text, end, end + len(clause)):
        return False if _STILL_AHEAD_RE.search(clause) is None else None
    if _RELATIVE_BEFORE_RE.search(before[:match.start()]) and re.match(r"\s*,", text[end:end + 3]):
        # "The conference, which was scheduled for Monday, drew 500 people": the main clause says
        # whether it lies ahead, so the plan alone does not
        return True if _STILL_AHEAD_RE.search(clause) else None
    return True


def told_plan(text: str, start: int, end: int) -> bool:
    """Whether the expression at [start, end) is the date of a plan told in the past tense, a plan
    that stood (`plan_reading`)."""
    return plan_reading(text, start, end) is True


# Nouns of a scheduled happening: a date they take ("the vote on Thursday") is the happening's.
_PLAN_NOUNS = (r"strikes?|walkouts?|stoppages?|votes?|ballots?|referendums?|referenda|elections?|run-?offs?|polls"
               r"|summits?|talks|negotiations|meetings?|sessions?|hearings?|trials?|deadlines?|visits?|ceremon(?:y|ies)"
               r"|rall(?:y|ies)|march(?:es)?|protests?|demonstrations?|conferences?|debates?|inaugurations?|launch"
               r"|blockades?|boycotts?|ceasefire|truce|handover|withdrawal|signing")
# What puts that happening ahead of the report: a call or a push for it, getting ready for it, or
# something told as being ahead of it ("called for a strike on Friday", "preparing for the
# election on Sunday", "ahead of the vote on Thursday"). "Before the vote" is not here: it is as
# often a past vote.
_PLAN_GOVERNOR_RE = re.compile(
    r"\b(?:call(?:s|ed|ing)?\s+for|urg(?:e|es|ed|ing)|prepar(?:e|es|ed|ing)\s+for|(?:get|gets|got|getting)\s+ready"
    r"\s+for|ready\s+for|ahead\s+of|in\s+the\s+run-?up\s+to|in\s+preparation\s+for|look(?:s|ed|ing)?\s+ahead\s+to"
    r"|await(?:s|ed|ing)?|pending"
    # a threat or warning that stands: "threaten a blockade on Saturday", "has threatened a strike
    # on Monday", "warn of a walkout on Friday" (a past "threatened" is left to the tense: it as
    # often told what followed)
    r"|threaten(?:s|ing)?|(?:has|have)\s+threatened|warn(?:s|ing)?\s+of|(?:has|have)\s+warned\s+of)\s+"
    r"(?:(?!(?:on|for|in|at|of)\b)[\w'’-]+\s+){0,4}?(?:" + _PLAN_NOUNS + r")"
    r"(?:\s+(?:of|at|in|against|outside)\s+(?:the\s+)?[\w'’-]+)?\s+(?:on|for)\s+$", re.I)  # "a blockade of the port on Monday"
# "a strike for Friday", "the summit, set for Tuesday", "talks set for next week": a plan noun
# dated with "for", or a participle of scheduling after a noun (the told plan "was set for" and the
# present "is set for" are read elsewhere). Not "set on": "its record high set on Aug. 6" happened.
_PLAN_FOR_RE = re.compile(r"\b(?:" + _PLAN_NOUNS + r")\s+for\s+$"
                          r"|(?<!\bwas)(?<!\bwere)(?<!\bhad)(?<!\bhas)(?<!\bhave)(?<!\bbeen)(?<!\bis)(?<!\bare)"
                          r"(?<!\bbe)(?<!['’]s)(?<![.;:!?])\s+(?:set|slated|timetabled)\s+for\s+$", re.I)
# "The deadline for bids is Friday", "the deadline falls on Monday"
_DEADLINE_IS_RE = re.compile(r"\bdeadlines?\b[^.;:!?]{0,50}?\b(?:is|falls\s+on|expires\s+on|is\s+on|is\s+set\s+for)\s+$",
                             re.I)
# "urged voters to turn out on Sunday", "called on members to walk out on Monday"
_URGED_TO_RE = re.compile(r"\b(?:urg(?:e|es|ed|ing)|call(?:s|ed|ing)?\s+on|appeal(?:s|ed|ing)?\s+to|encourag(?:e|es|ed|ing))"
                          r"\s+(?:[\w'’-]+\s+){1,4}?to\s+(?!have\b)(?:[\w'’-]+\s+){1,5}?(?:on|by|for|in)?\s*$", re.I)

# The first of two coordinated days, so the second reads what governs both ("a meeting on Thursday
# or Friday", "talks on 12 and 13 March" is one expression already).
_COORDINATED_DAY_RE = re.compile(r"\b(?:(?i:mon|tues|wednes|thurs|fri|satur|sun)day|\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2})"
                                 r",?\s+(?:or|and)\s+$")


def plan_noun_reading(text: str, start: int, end: int) -> bool | None:
    """True when the expression at [start, end) dates a happening the sentence puts ahead: a plan
    noun it attaches to whose governor looks forward ("called for a strike on Friday", "ahead of
    the vote on Thursday"), a plan noun dated with "for" ("a strike for Friday"), a participle of
    scheduling in apposition ("the summit, set for Tuesday"), a deadline that "is" the date, or a
    deed someone is urged to do ("urged voters to turn out on Sunday"). False when that happening
    did not stand or came to pass in the same clause ("the strike called for Friday was called
    off", "the talks, set for Friday, were called off"). None when nothing of that kind governs it."""
    before = text[max(0, start - 120):start]
    line = _COORDINATED_DAY_RE.sub("", before[max(before.rfind("\n"), 0):])  # "on Thursday or Friday"
    match = (_PLAN_GOVERNOR_RE.search(line) or _PLAN_FOR_RE.search(line) or _DEADLINE_IS_RE.search(line)
             or _URGED_TO_RE.search(line))
    if match is None:
        return None
    stop = _CLAUSE_END_RE.search(text, end, min(len(text), end + 160))
    after = text[end:stop.start() if stop else min(len(text), end + 160)]
    if _CALLED_OFF_RE.search(after) or _CONTRAST_RE.match(after):
        return False if _STILL_AHEAD_RE.search(after) is None else True
    return True


_ASK = object()  # `looks_ahead(..., plan=_ASK)`: read the plan here


def looks_ahead(text: str, start: int, end: int, tense: str | None, plan: bool | None | object = _ASK) -> bool:
    """Whether the time expression at [start, end) points forward, given the `tense` cue there: a
    future sentence ("will meet on Saturday", "is expected to"), a conditional one ("would be
    travelling Thursday"; "could" and "must" are too often about the past), or a deadline ("by
    Thursday", "as early as Tuesday") not told in the past tense ("By Thursday the river had
    fallen"), unless an intent verb sets it ("hoped to get supplies there by Thursday"). A
    possessive ("Wednesday's ruling") names something that happened."""
    if text.startswith(("'s", "’s"), end):
        return False
    if tense not in ("future", "past"):
        plan = None
    elif plan is _ASK:
        plan = plan_reading(text, start, end)  # a caller asking often passes what it read (`plan`)
    if plan is not None:
        return plan  # "it planned a march on Saturday": ahead; "the march planned for Saturday was cancelled": not
    nominal = plan_noun_reading(text, start, end)
    if nominal is not None:
        return nominal  # "called for a strike on Friday": ahead; "the talks, set for Friday, were called off": not
    if tense == "future":
        return True
    before = text[max(0, start - 60):start].lower()
    if tense == "modal" and _CONDITIONAL_RE.search(before):
        return True
    could = _COULD_RE.search(before) if tense == "modal" else None
    if could and not _NEGATED_BEFORE_RE.search(before, 0, could.start()):
        return True
    if _EXTENDED_TO_RE.search(text[max(0, start - 120):start]):
        return True  # "extended the loans through January", "extended its bid ... to Nov. 6": a new end
    if _DEADLINE_RE.search(before[-30:]) is None:
        return False
    return tense != "past" or _INTENT_BEFORE_RE.search(text[max(0, start - 120):start].lower()) is not None


def direction_at(text: str, sentence: tuple[int, int], start: int, end: int) -> str | None:
    """"future" when the expression looks ahead ("ahead" when a future cue before it governs it,
    `future_cue_before`: a year left out is then never behind), "past" in a past-tense sentence,
    else None: the tense `text.calendar.year_for` takes, so the tagger, figures and grouping agree."""
    tense = tense_near(text, sentence, start, end)
    if looks_ahead(text, start, end, tense):
        return "ahead" if future_cue_before(text, sentence, start) else "future"
    return "past" if tense == "past" or (tense == "future" and plan_reading(text, start, end) is False) else None
