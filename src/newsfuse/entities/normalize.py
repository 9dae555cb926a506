"""Name normalization: the forms that spelling variants of one name have in common.

`fold` removes what outlets vary without meaning to (case, diacritics, Cyrillic vs Latin script,
other scripts romanized by anyascii, punctuation inside abbreviations); `name_core` finds the name inside a mention span ("the
Secretary General of NATO, Jens Stoltenberg" -> "Jens Stoltenberg"); `coarse_type` maps spaCy
labels to entity types.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# spaCy label -> entity type. NORP ("Serbs", "Albanian") names a group of people, not a place.
LABEL_TYPES = {
    "PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "group",
    "EVENT": "other", "WORK_OF_ART": "other", "PRODUCT": "other", "LAW": "other",
}
TYPES = ("person", "org", "place", "group", "other")

# Letters that Unicode decomposition leaves alone.
_LETTERS = str.maketrans({
    "ß": "ss", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae",
    "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "ð": "d", "ħ": "h", "ŧ": "t", "ŋ": "ng",
    "‘": "'", "’": "'", "ʼ": "'", "`": "'", "´": "'", "‐": "-", "‑": "-", "–": "-", "—": "-",
})
# Serbian/Russian/Ukrainian Cyrillic, the common news transliteration.
_CYRILLIC = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "е": "e", "ё": "e", "ж": "z", "з": "z",
    "и": "i", "й": "j", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "c", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "c",
    "џ": "dz", "ш": "s", "щ": "sc", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja", "є": "je",
    "і": "i", "ї": "ji", "ґ": "g",
})
_SPACES = re.compile(r"\s+")
# "U.S." -> "US", "N.V." -> "NV", "Jr." -> "Jr"; a period inside a word ("People.com") separates.
_ABBREVIATION_DOTS = re.compile(r"(?<![^\W\d_]{2})([^\W\d_]{1,2})\.")
_NON_WORD = re.compile(r"[^\w&]+")
_POSSESSIVE = re.compile(r"(?:'s|'|’s|’)$")
_DETERMINERS = frozenset({"the", "a", "an"})
# Words that join the parts of one name ("Bosnia and Herzegovina", "Bank of England").
CONNECTORS = frozenset({"of", "and", "&", "de", "del", "della", "der", "den", "di", "da", "do", "du", "des", "la", "le",
                        "van", "von", "al", "el", "bin", "ibn", "y", "e", "for"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "madam", "mme", "m"})
# Titles written before a person's name; they are roles, not part of the name.
TITLES = frozenset({
    "president", "vice", "prime", "minister", "secretary", "general", "deputy", "ambassador", "senator", "sen",
    "rep", "representative", "governor", "gov", "mayor", "chancellor", "king", "queen", "prince", "princess",
    "pope", "judge", "justice", "chief", "executive", "ceo", "cfo", "coo", "chairman", "chairwoman", "chair",
    "director", "commander", "colonel", "col", "lieutenant", "lt", "captain", "capt", "major", "maj", "sergeant",
    "sgt", "admiral", "adm", "officer", "spokesman", "spokeswoman", "spokesperson", "foreign", "defence", "defense",
    "interior", "finance", "special", "envoy", "high", "assistant", "under", "undersecretary", "acting", "former",
    "premier", "ayatollah", "sheikh", "rabbi", "reverend", "rev", "father", "bishop", "cardinal", "archbishop",
    "founder", "co-founder", "head", "leader", "coach", "manager", "analyst", "inspector", "detective", "det",
    "officer", "agent", "attorney", "prosecutor", "counsel", "chairperson", "speaker", "congressman",
    "congresswoman", "councillor", "councilor", "commissioner", "superintendent", "sheriff", "marshal",
    "state", "national", "security", "adviser", "advisor", "official",
} | HONORIFICS)


@lru_cache(maxsize=262_144)
def fold(text: str) -> str:
    """Case-, diacritic- and script-insensitive form: "Zveçan", "Zvečan", "ZVECAN" -> "zvecan".

    Periods inside abbreviations go ("U.S." -> "us"), other punctuation becomes a space.
    """
    if text.isascii():  # most names: nothing to transliterate or strip
        text = text.casefold()
    else:
        text = text.casefold().translate(_LETTERS).translate(_CYRILLIC)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
        if not text.isascii():  # Greek, Arabic, Armenian, Georgian, ...: a romanization
            text = _romanize(text).casefold()
    text = _ABBREVIATION_DOTS.sub(r"\1", text).replace("'", "")
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def _romanize(text: str) -> str:
    from anyascii import anyascii

    return anyascii(text)


def tokens(key: str) -> list[str]:
    return key.split()


def acronym(key: str) -> str:
    """Initials of the content words of a folded multi-word name ("european union" -> "eu")."""
    words = [w for w in key.replace("-", " ").split() if w not in CONNECTORS and w not in _DETERMINERS]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def coarse_type(label: str) -> str | None:
    return LABEL_TYPES.get(label)


def _is_capitalized(word: str) -> bool:
    return any(ch.isupper() for ch in word[:2]) or word[:1].isdigit()


def _is_possessive(word: str) -> bool:
    return bool(_POSSESSIVE.search(word)) and len(word) > 2


_WORD = re.compile(r"[^\s,;:()\[\]{}\"“”]+|[,;:()\[\]{}\"“”]")
_BREAKS = frozenset({",", "(", "[", ";", ":"})
_LOCATIVES = frozenset({"in", "at", "near", "outside"})  # lower case only: "In" may open a title


@lru_cache(maxsize=65_536)  # the same names recur in every article of a story
def name_core(text: str, *, person: bool = False) -> tuple[int, int]:
    """Offsets of the name inside a mention: no determiner, possessive owner or apposition.

    "Irish airline, Ryanair" -> "Ryanair"; "Everett, Washington" -> "Everett"; "Singapore's
    Changi Airport" -> "Changi Airport"; "the European Union’s" -> "European Union". With
    `person`, titles and honorifics before the name go too ("Senator John McCain" -> "John
    McCain"). When no capitalized word is found the whole span (trimmed) is returned.
    """
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    if not words:
        return 0, 0
    if person:
        words = _without_bracketed_name(words)
    # The name is before the first comma or bracket unless that part ends in a common noun
    # ("the Irish low-cost airline, Ryanair").
    for i, (_, _, w) in enumerate(words):
        if w in _BREAKS:
            before, after = words[:i], words[i + 1:]
            stop = next((j for j, (_, _, a) in enumerate(after) if a in _BREAKS or a in {")", "]"}), len(after))
            after = after[:stop]
            last = before[-1][2].rstrip(".").casefold() if before else ""
            first = next((b[2].rstrip(".").casefold() for b in before if _is_capitalized(b[2])), "")
            # "Prime Minister of Singapore, Mr. Lee Hsien Loong": a title phrase, the name follows
            title_phrase = first in TITLES and any(b[2] == "of" for b in before) and bool(after)
            titled = person and (last in TITLES or title_phrase)
            ends_in_name = bool(before) and _is_capitalized(before[-1][2]) and not titled
            if ends_in_name and _content_run(before, person):
                words = before
            elif after and _content_run(after, person):
                words = after
            else:
                words = before or after
            break
    # "Betty Ford Center in Rancho Mirage": the name is the head, the place after the preposition
    # only says where it is
    for i, (_, _, w) in enumerate(words):
        if w in _LOCATIVES and any(_is_capitalized(b[2]) for b in words[:i]) and \
                any(_is_capitalized(a[2]) for a in words[i + 1:]):
            words = words[:i]
            break
    run = _content_run(words, person)
    if not run:
        return words[0][0], words[-1][1]
    start, end = run[0][0], run[-1][1]
    last = run[-1][2]
    if _is_possessive(last):
        end -= len(_POSSESSIVE.search(last).group())
    return start, end


def _without_bracketed_name(words: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A person's other given name in brackets inside the name ("Luis Gerardo (Jerry) Ortiz") is one of
    the given names, not where the name ends: the brackets go, the words stay."""
    for i, (_, _, w) in enumerate(words):
        if (w == "(" and 0 < i and i + 3 < len(words) and words[i + 2][2] == ")" and _is_capitalized(words[i - 1][2])
                and _is_capitalized(words[i + 1][2]) and _is_capitalized(words[i + 3][2])):
            return words[:i] + [words[i + 1]] + words[i + 3:]
    return words


_GLUED_TITLE = re.compile(r"([A-Za-z]+)\.(?=[A-Z][a-z])")


def _content_run(words: list[tuple[int, int, str]], person: bool) -> list[tuple[int, int, str]]:
    """The last run of capitalized words (connectors allowed inside); leading titles go for people."""
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    for index, word in enumerate(words):
        w = word[2]
        bare = w.rstrip(".").lstrip("'‘’").casefold()  # "'The Hunger Games'": a quoted title's article too
        if (_is_capitalized(w) and bare not in _DETERMINERS) and not (w[:1].isdigit() and not current):
            current.append(word)
            if _is_possessive(w) and index < len(words) - 1:
                # "Singapore's Changi Airport": the owner is not part of the name that follows
                runs.append(current)
                current = []
        elif current and ((bare in CONNECTORS and w.islower()) or w in {"-", "&"}):
            current.append(word)
        elif (w == "the" and current and current[-1][2] in CONNECTORS and index + 1 < len(words)
              and _is_capitalized(words[index + 1][2])):
            current.append(word)  # "Player of the Year", "Bank of the West": one name, not "Year"
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    for run in reversed(runs):
        run = list(run)
        while run and (run[-1][2].casefold() in CONNECTORS or run[-1][2] in {"-", "&"}):
            run.pop()
        if person:
            while len(run) > 1 and (run[0][2].rstrip(".").casefold() in TITLES or run[0][2] in CONNECTORS
                                    or run[0][2] == "the"):
                run.pop(0)
            glued = _GLUED_TITLE.match(run[0][2]) if run else None
            if glued and glued.group(1).casefold() in TITLES:  # "Gov.Sarah Palin": no space after the title
                start, end, word = run[0]
                run[0] = (start + glued.end(), end, word[glued.end():])
        if run and _is_possessive(run[-1][2]) and run is not runs[-1] and len(runs) > 1:
            continue  # an owner on its own ("Japan's") is not the name when another run follows
        if run:
            return run
    return []


def name_form(text: str, *, person: bool = False) -> str:
    """The name inside a mention's text, as written ("the European Union’s" -> "European Union")."""
    start, end = name_core(text, person=person)
    return text[start:end].strip()


def name_key(text: str, *, person: bool = False) -> str:
    """The folded name inside a mention's text: the key variants of one name share."""
    return fold(name_form(text, person=person))
