"""Name tables of the facts stage: who owns a figure, what a counted noun means, word forms.

Documented in docs/facts.md ("Measure keys and synonyms"); change both together.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Organizations and their short forms -> (canonical owner, implied place or None). KFOR is NATO's
# Kosovo Force, so "soldiers in KFOR" and "NATO troops in Kosovo" count the same thing.
OWNER_ALIASES: dict[str, tuple[str, str | None]] = {
    "nato": ("NATO", None), "the alliance": ("NATO", None), "alliance": ("NATO", None),
    "north atlantic alliance": ("NATO", None), "the north atlantic alliance": ("NATO", None),
    "north atlantic council": ("NATO", None), "nato council": ("NATO", None), "nato's north atlantic council": ("NATO", None),
    "north atlantic treaty organization": ("NATO", None), "nato-led kfor": ("NATO", "Kosovo"),
    "kfor": ("NATO", "Kosovo"), "kosovo force": ("NATO", "Kosovo"),
    "eulex": ("European Union", "Kosovo"), "eu": ("European Union", None),
    "european union": ("European Union", None), "the european union": ("European Union", None),
    "un": ("United Nations", None), "united nations": ("United Nations", None),
    "unmik": ("United Nations", "Kosovo"), "osce": ("OSCE", None),
    "us": ("United States", None), "u.s.": ("United States", None), "usa": ("United States", None),
    "united states": ("United States", None), "the united states": ("United States", None),
    "america": ("United States", None), "washington": ("United States", None),
    "uk": ("United Kingdom", None), "britain": ("United Kingdom", None),
    "great britain": ("United Kingdom", None), "united kingdom": ("United Kingdom", None),
    "london": ("United Kingdom", None), "berlin": ("Germany", None), "ankara": ("Turkey", None),
    "belgrade": ("Serbia", None), "pristina": ("Kosovo", None), "moscow": ("Russia", None),
    "kyiv": ("Ukraine", None), "kiev": ("Ukraine", None), "paris": ("France", None),
}

DEMONYMS: dict[str, str] = {
    "german": "Germany", "british": "United Kingdom", "turkish": "Turkey", "serbian": "Serbia",
    "kosovar": "Kosovo", "kosovan": "Kosovo", "albanian": "Albania", "american": "United States",
    "french": "France", "italian": "Italy", "russian": "Russia", "ukrainian": "Ukraine",
    "polish": "Poland", "hungarian": "Hungary", "romanian": "Romania", "greek": "Greece",
    "austrian": "Austria", "swiss": "Switzerland", "dutch": "Netherlands", "danish": "Denmark",
    "swedish": "Sweden", "norwegian": "Norway", "finnish": "Finland", "spanish": "Spain",
    "portuguese": "Portugal", "canadian": "Canada", "israeli": "Israel", "palestinian": "Palestine",
    "chinese": "China", "japanese": "Japan", "indian": "India", "iranian": "Iran", "iraqi": "Iraq",
    "syrian": "Syria", "croatian": "Croatia", "bosnian": "Bosnia and Herzegovina",
    "slovenian": "Slovenia", "montenegrin": "Montenegro", "macedonian": "North Macedonia",
    "bulgarian": "Bulgaria", "czech": "Czechia", "slovak": "Slovakia", "irish": "Ireland",
    "belgian": "Belgium", "lithuanian": "Lithuania", "latvian": "Latvia", "estonian": "Estonia",
    "afghan": "Afghanistan", "pakistani": "Pakistan", "egyptian": "Egypt", "lebanese": "Lebanon",
    "nigerian": "Nigeria", "kenyan": "Kenya", "mexican": "Mexico", "brazilian": "Brazil",
    "australian": "Australia", "korean": "South Korea", "european": "European Union",
}

# Counted head nouns -> the measure's noun. Soldiers, troops, forces... are one measure.
COUNTED_SYNONYMS: dict[str, str] = {
    "troops": "troops", "troop": "troops", "soldiers": "troops", "soldier": "troops",
    "forces": "troops", "servicemen": "troops", "servicemembers": "troops", "personnel": "troops",
    "peacekeepers": "troops", "peacekeeper": "troops", "reinforcements": "troops",
    "policemen": "police officers", "policeman": "police officers", "police officers": "police officers",
    "officers": "police officers", "police": "police officers", "policemen and women": "police officers",
    "people": "people", "persons": "people", "individuals": "people",
    "deaths": "killed", "fatalities": "killed", "dead": "killed", "casualties": "casualties",
    "injuries": "injured", "wounded": "injured",
}
# Words that say the figure is an addition: "1,000 additional troops" and "1,000 extra soldiers".
ADDITIONAL = {"additional": "additional", "extra": "additional", "more": "additional", "new": "additional",
              "fresh": "additional", "further": "additional", "sent": "additional", "rushed": "additional",
              "dispatched": "additional", "added": "additional", "adding": "additional", "send": "additional", "sending": "additional", "arrived": "additional", "landed": "additional",
              "flown": "additional", "airlifted": "additional", "another": "additional"}
# Participles and nouns that turn a group into a casualty count ("93 soldiers were injured").
CASUALTY_FORMS: dict[str, str] = {
    "killed": "killed", "kill": "killed", "dead": "killed", "died": "killed", "die": "killed",
    "murdered": "killed", "slain": "killed", "injured": "injured", "wounded": "injured", "hurt": "injured",
    "injure": "injured", "wound": "injured", "arrested": "arrested", "detained": "arrested",
    "arrest": "arrested", "detain": "arrested", "missing": "missing", "displaced": "displaced",
    "evacuated": "evacuated", "abducted": "abducted", "kidnapped": "abducted",
}
# Modifiers that say nothing about what is counted.
NEUTRAL_MODIFIERS = frozenset({"deployed", "stationed", "based", "serving", "total", "some", "all", "the",
                               "its", "their", "our", "his", "her", "approximately", "around"})


@lru_cache(maxsize=1 << 15)  # called for every token by several extractors; words repeat
def fold(text: str) -> str:
    """Lowercase without accents: "Banjské" -> "banjske"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def canonical_owner(text: str | None) -> tuple[str | None, str | None]:
    """The canonical owner of a figure and the place it implies: "KFOR" -> ("NATO", "Kosovo"),
    "German" -> ("Germany", None), "The British Ministry of Defense" -> ("United Kingdom", None)."""
    if not text:
        return None, None
    key = fold(text).strip().removeprefix("the ").strip(" .,'’")
    key = key.removesuffix("'s").removesuffix("’s")
    if key in OWNER_ALIASES:
        return OWNER_ALIASES[key]
    if "the " + key in OWNER_ALIASES:
        return OWNER_ALIASES["the " + key]
    if key in DEMONYMS:
        return DEMONYMS[key], None
    if key.endswith("s") and key[:-1] in DEMONYMS:  # "Serbs" as a modifier
        return DEMONYMS[key[:-1]], None
    words = key.replace("-", " ").split()
    # A state body named after its country: "British Ministry of Defense", "German army".
    for word in words:
        if word in DEMONYMS and any(w in words for w in ("ministry", "government", "army", "navy", "forces",
                                                          "police", "military", "defence", "defense")):
            return DEMONYMS[word], None
        if word in OWNER_ALIASES and OWNER_ALIASES[word][0] in ("NATO", "European Union", "United Nations"):
            return OWNER_ALIASES[word]
    name = text.strip().removeprefix("the ").removeprefix("The ")
    return name.removesuffix("'s").removesuffix("’s").strip(), None


IRREGULAR = {
    "sent": "send", "met": "meet", "fought": "fight", "shot": "shoot", "stole": "steal", "stolen": "steal",
    "fled": "flee", "caught": "catch", "struck": "strike", "hung": "hang", "slew": "slay", "slain": "slay",
    "beaten": "beat", "won": "win", "lost": "lose", "chose": "choose", "chosen": "choose", "sank": "sink",
    "sunk": "sink", "bought": "buy", "held": "hold", "took": "take", "taken": "take", "gave": "give",
    "given": "give", "said": "say", "told": "tell", "died": "die", "dying": "die", "dead": "dead",
    "withdrew": "withdraw", "withdrawn": "withdraw", "blew": "blow", "blown": "blow", "burnt": "burn",
    "hurt": "hurt", "led": "lead", "wed": "wed", "sought": "seek", "began": "begin", "begun": "begin",
    "drove": "drive", "driven": "drive", "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall",
    "spoke": "speak", "spoken": "speak", "wrote": "write", "written": "write", "stormed": "storm",
    "talks": "talk", "forces": "force", "arms": "arms",
}


def lemma_of(token, known: frozenset[str] | set[str] = frozenset()) -> str:
    """The lemma of a spaCy token, also when the pipeline runs without its lemmatizer: the tagger's
    lemma when there is one, else an irregular form, else the first suffix-stripped candidate
    that is in `known` (the vocabulary the caller looks for), else the lowercase word."""
    if token.lemma_:
        return token.lemma_.lower()
    return lemma_from_word(token.text.lower(), known)


def lemma_from_word(word: str, known: frozenset[str] | set[str] = frozenset()) -> str:
    """`lemma_of` for a lowercase word with no tagger's lemma."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    for candidate in _candidates(word):
        if candidate in known:
            return candidate
    return word


@lru_cache(maxsize=64)
def word_forms(known: frozenset[str]) -> frozenset[str]:
    """Every lowercase word whose `lemma_from_word(word, known)` is in `known`: the inverse of
    `_candidates` (each lemma with -s, -es, -ies/-ied, -ing/-ed with or without its final e or a
    doubled consonant, -d), checked against it, and the irregular forms of the lemmas."""
    forms = set()
    for lemma in known:
        guesses = {lemma, lemma + "s", lemma + "es", lemma + "d", lemma + "ing", lemma + "ed"}
        if lemma.endswith("y"):
            guesses |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
        if lemma.endswith("e"):
            guesses |= {lemma[:-1] + "ing", lemma[:-1] + "ed"}
        if lemma:
            guesses |= {lemma + lemma[-1] + "ing", lemma + lemma[-1] + "ed"}
        forms |= {g for g in guesses if g not in IRREGULAR and lemma in _candidates(g)}
    return frozenset(forms | {word for word, lemma in IRREGULAR.items() if lemma in known})


def lemma_candidates(word: str) -> list[str]:
    """Possible lemmas of an inflected English word, most literal first."""
    return list(_candidates(word))


@lru_cache(maxsize=1 << 16)
def _candidates(word: str) -> tuple[str, ...]:
    out = [word]
    if word.endswith("ies") or word.endswith("ied"):
        out.append(word[:-3] + "y")
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        out.append(word[:-1])
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            out += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.append(stem[:-1])
    if word.endswith("d") and len(word) > 3:
        out.append(word[:-1])
    return tuple(out)
