"""Roles and titles around a person's name, found with text patterns (no spaCy needed).

Three places hold a role next to a name: a title before it ("NATO Deputy Secretary General
Mircea Geoană"), an appositive before it ("the head of European diplomacy, Josep Borrell,") and
an appositive after it ("Josep Borrell, the EU's foreign policy chief,"). A role phrase met on
its own later ("the Secretary General of the alliance warned") is linked back to the one person
in the story who holds that role (`RoleIndex`).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass

from newsfuse.entities.normalize import fold

# Nouns that head a role phrase.
ROLE_HEADS = frozenset({
    "secretary", "secretary-general", "minister", "president", "chancellor", "ambassador", "representative",
    "envoy", "spokesman", "spokeswoman", "spokesperson", "chief", "head", "director", "adviser", "advisor",
    "commander", "governor", "mayor", "official", "officer", "leader", "chairman", "chairwoman", "chair",
    "ceo", "founder", "co-founder", "king", "queen", "pope", "senator", "congressman", "congresswoman", "judge",
    "premier", "prosecutor", "attorney", "coach", "manager", "analyst", "executive", "general", "deputy",
    "commissioner", "speaker", "mp", "lawmaker", "diplomat", "negotiator", "inspector", "chairperson",
    "correspondent", "editor", "professor", "vice-president", "coordinator", "administrator",
})
# Lower-case words that may sit inside a title written before a name ("police officer X").
_TITLE_WORDS = ROLE_HEADS | frozenset({
    "police", "foreign", "defence", "defense", "prime", "vice", "deputy", "special", "senior", "former",
    "state", "national", "security", "army", "military", "party", "opposition", "interior", "finance",
    "economy", "health", "justice", "assistant", "acting", "top", "chief", "executive", "general",
})
_CONNECT = frozenset({"of", "for", "and", "on", "to", "in", "at"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her"})
_WORD = re.compile(r"[\w’'.\-]+|[^\w\s]")
_MAX_WORDS = 16
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}|(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Capt|Prof|Jr|Sr)\.")


@dataclass(frozen=True, slots=True)
class Role:
    text: str  # as written, without a leading determiner: "Secretary General of the Alliance"
    start: int  # offsets into the article text
    end: int

    @property
    def core(self) -> str:
        return role_core(self.text)


def _is_head(word: str) -> bool:
    return word.casefold().rstrip(".").replace("’s", "").replace("'s", "") in ROLE_HEADS


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(start + m.start(), start + m.end(), m.group()) for m in _WORD.finditer(text[start:end])]


def title_before(text: str, start: int) -> Role | None:
    """A title written right before a name: "US Secretary of State Antony Blinken" -> "US Secretary of State"."""
    # Most titles are a few words: read 60 characters back first, and 200 only when the title may go on
    # past them (the window may cut the first word it reads; every later word is the same in both).
    role, whole = _title_before(text, start, 60)
    return role if whole else _title_before(text, start, 200)[0]


def _title_before(text: str, start: int, window: int) -> tuple[Role | None, bool]:
    """The title within `window` characters before `start`, and False when the window was too short to tell."""
    begin = max(0, start - window)
    words = _words(text, begin, start)
    if words and words[-1][1] != start and text[words[-1][1]:start].strip():
        return None, True
    if not words and begin > 0:
        return None, False
    taken: list[tuple[int, int, str]] = []
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if index == 0 and begin > 0:
            return None, False
        w = word[2]
        bare = w.casefold()
        if text[word[1]:(taken[0][0] if taken else start)].count("\n"):
            break
        if w.endswith(".") and not _ABBREVIATION.fullmatch(w):
            break  # the end of the previous sentence
        if w[:1].isupper() or bare in _TITLE_WORDS or (bare in _CONNECT and taken):
            taken.insert(0, word)
            if len(taken) > _MAX_WORDS:
                return None, True
            continue
        break
    while taken and (taken[0][2].casefold() in _CONNECT | _DETERMINERS):
        taken.pop(0)
    if not any(_is_head(w) for _, _, w in taken):
        return None, True
    # Keep from the first word that belongs to the title: an owner ("US", "NATO", "Kosovo") or a title word.
    return Role(text[taken[0][0]:taken[-1][1]], taken[0][0], taken[-1][1]), True


def appositive_before(text: str, start: int) -> Role | None:
    """ "the head of European diplomacy, Josep Borrell," -> "head of European diplomacy"."""
    head = text[max(0, start - 300):start]
    if not head.rstrip(" ").endswith(","):
        return None
    comma = max(0, start - 300) + head.rstrip(" ").rfind(",")
    segment_start = max(text.rfind(ch, 0, comma) for ch in ".;:!?\n\"“”(,")
    words = _words(text, segment_start + 1, comma)
    heads = [i for i, (_, _, w) in enumerate(words) if _is_head(w)]
    if not heads:
        return None
    first_head = heads[0]
    determiner = next((i for i in range(first_head, max(-1, first_head - 5), -1)
                       if words[i][2].casefold() in {"the", "a", "an"}), None)
    if determiner is None or comma - words[determiner][0] > 200 or len(words) - determiner > _MAX_WORDS:
        return None
    begin = words[determiner + 1][0]
    return Role(text[begin:comma], begin, comma)


def appositive_after(text: str, end: int) -> Role | None:
    """ "Josep Borrell, the EU's foreign policy chief, said" -> "EU's foreign policy chief"."""
    rest = text[end:end + 300]
    if not rest.startswith(","):
        return None
    stop = re.search(r"[,.;:!?()\"“”\n]| who | which | said | says ", rest[1:])
    phrase_end = end + 1 + (stop.start() if stop else len(rest) - 1)
    words = _words(text, end + 1, phrase_end)
    if not words or len(words) > _MAX_WORDS:
        return None
    first = words[0][2]
    if not (first.casefold() in {"the", "a", "an"} or first[:1].isupper()):
        return None
    if not any(_is_head(w) for _, _, w in words[:8]):
        return None
    if first.casefold() in {"the", "a", "an"}:
        words = words[1:]
    if not words:
        return None
    return Role(text[words[0][0]:words[-1][1]], words[0][0], words[-1][1])


def roles_near(text: str, start: int, end: int, core_start: int | None = None) -> list[Role]:
    """Every role written next to the person mention at text[start:end].

    `core_start` is where the name begins inside the mention when spaCy's span took a title with
    it ("Secretary Stoltenberg"): the title is a role too.
    """
    found = []
    if core_start is not None and core_start > start:
        # spaCy's span took the title with it: read the title back from where the name begins
        before = title_before(text, core_start)
    else:
        before = title_before(text, start)
    if before is not None:
        found.append(before)
    for role in (appositive_before(text, start), appositive_after(text, end)):
        if role is not None:
            found.append(role)
    return found


_CORE_STOP = frozenset({"of", "for", "to", "at", "in", "on"})


def role_core(role: str) -> str:
    """The title words of a role, folded, up to its "of"/"for" complement ("secretary general")."""
    words = []
    for word in fold(role).replace("-", " ").split():
        if word in _CORE_STOP:
            break
        if word in _TITLE_WORDS or word in {"high", "general", "secretary"}:
            words.append(word)
    return " ".join(words)


class RoleIndex:
    """Role cores held by exactly one person in a story, to link role phrases met on their own."""

    def __init__(self, holders: Iterable[tuple[str, str]]) -> None:
        owners: dict[str, set[str]] = {}
        for core, person in holders:
            if len(core.split()) >= 2:  # "the minister" alone is too vague to link
                owners.setdefault(core, set()).add(person)
        self.unique = {core: next(iter(people)) for core, people in owners.items() if len(people) == 1}
        self._pattern = (
            re.compile(r"\bthe\s+(" + "|".join(
                r"[\s-]+".join(re.escape(w) for w in core.split())
                for core in sorted(self.unique, key=len, reverse=True)
            ) + r")\b", re.IGNORECASE)
            if self.unique else None
        )

    def find(self, text: str) -> list[tuple[str, Role]]:
        """(person, role phrase) for each role phrase in the text whose core one person holds."""
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(text):
            person = self.unique.get(role_core(match.group(1)))
            if person is None:
                continue
            end = match.end()
            complement = _COMPLEMENT.match(text, end)
            if complement:
                end = complement.end()
            found.append((person, Role(text[match.start(1):end], match.start(1), end)))
        return found


_COMPLEMENT = re.compile(r" of (?:the )?(?:[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*|[a-z]+)")


# Nouns for a person that headlines capitalise and annotators link to the story's person ("Host",
# "Coach", "Suspect", "Star"): a lone one names whoever the article is about, when one person dominates.
PERSON_NOUNS = ROLE_HEADS | frozenset({
    "host", "suspect", "climber", "mountaineer", "star", "actor", "actress", "singer", "rapper", "comedian",
    "teen", "teenager", "man", "woman", "boy", "girl", "son", "daughter", "father", "mother", "dad", "mom",
    "wife", "husband", "lawyer", "gunman", "shooter", "killer", "victim", "driver", "pilot", "player",
    "pitcher", "boxer", "champ", "champion", "soldier", "doctor", "nurse", "model", "heiress", "socialite",
    "fighter", "pastor", "priest", "student", "worker", "employee", "rep", "publicist", "starlet", "celeb",
    "celebrity", "veteran", "legend", "skipper", "captain", "quarterback", "guard", "forward", "striker",
    "inmate", "prisoner", "convict", "escapee", "fugitive", "lifer", "swimmer", "grandmother", "grandfather",
    "grandson", "granddaughter", "mafioso", "receiver", "lineman", "boss", "hero", "mum",
})


def person_noun(text: str) -> bool:
    """A lone noun for a person, as a headline writes it: "Host", "the Coach", "SUSPECT"."""
    words = _noun_words(text)
    return len(words) == 1 and words[0] in PERSON_NOUNS


def person_noun_head(text: str, descriptive: Container[str] = frozenset()) -> str | None:
    """The person noun a headline's phrase names someone by: "Host", "Mafia Boss", "Hero Brooklyn Mom",
    "National Player of the Year" (the noun before "of", else the last word; in a phrase not a title's
    head word). The words before it must
    be titles, person nouns or `descriptive` words (those of the scope's places, organizations and
    groups), so "Minnie Driver" stays a name."""
    words = _noun_words(text)
    head = words.index("of") - 1 if "of" in words else len(words) - 1
    if head < 0 or words[head] not in PERSON_NOUNS or (len(words) > 1 and words[head] in ROLE_HEADS):
        return None  # a title's phrase ("US Surgeon General") names the post as often as its holder
    if all(w in PERSON_NOUNS or w in _TITLE_WORDS or w in descriptive for w in words[:head]):
        return words[head]
    return None


def _noun_words(text: str) -> list[str]:
    words = fold(_POSSESSIVE_END.sub("", text.strip())).split()
    return words[1:] if words[:1] == ["the"] else words


_POSSESSIVE_END = re.compile(r"['’]s?$")
