"""When two folded names can name the same entity, and how sure that is.

`match` compares two names with what is known about them (type votes, gazetteer place) and says
which rule links them: exact, acronym ("eu" / "european union"), same gazetteer place
("mitrovica" / "mitrovice"), corporate suffix ("apple" / "apple inc"), person ("antony blinken" /
"anthony blinken"), typo ("stoletenberg" / "stoltenberg"), or surname ("borrell" / "josep
borrell"). Each rule has a fixed score; the resolver merges the highest-scoring pairs first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA, Indel

from newsfuse.entities.gazetteer import Place
from newsfuse.entities.known import known_org
from newsfuse.entities.normalize import CONNECTORS, TYPES, acronym

SCORES = {"exact": 1.0, "listed": 0.95, "acronym": 0.95, "place": 0.95, "suffix": 0.9, "person": 0.9, "fuzzy": 0.85,
          "prefix": 0.85, "surname": 0.8, "given": 0.75, "facility": 0.85, "words": 0.85}
# Last words one clinic is written with: "Betty Ford Center", "Betty Ford Centre", "Betty Ford Clinic".
FACILITY_HEADS = frozenset({"center", "centre", "clinic"})
# Words one clinic's name is written with or without after its own name: "Betty Ford Center", "Betty Ford
# Treatment Center", "Betty Ford Rehab"; "Morningside Recovery" / "Morningside Recovery Center".
FACILITY_WORDS = FACILITY_HEADS | {"rehab", "rehabilitation", "treatment", "recovery", "facility"}
# Kinds that need support from the story or shared context before they merge across articles.
WEAK = frozenset({"fuzzy", "prefix", "surname", "given", "words"})
# Kinds where a short name joins a longer one only if a single longer one fits it in the scope.
UNIQUE = frozenset({"acronym", "surname", "given", "suffix"})
_ORDER = {t: i for i, t in enumerate(TYPES)}  # ties between types: the order of TYPES
CORPORATE_SUFFIXES = frozenset({
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc", "group", "sa",
    "ag", "nv", "gmbh", "holdings", "holding", "spa", "srl", "bv", "ab", "asa", "oyj", "kg", "lp", "llp", "se",
    "com", "magazine", "newspaper", "online", "systems", "technologies", "industries", "solutions",
})
# Last words that make a name an organization ("Kosovo Police", "NATO-Ukraine Council").
ORG_HEADS = frozenset({
    "police", "ministry", "council", "agency", "party", "army", "forces", "force", "bank", "university",
    "committee", "commission", "court", "department", "office", "association", "organization", "organisation",
    "institute", "federation", "fund", "service", "services", "airlines", "airways", "administration", "authority",
    "board", "parliament", "assembly", "government", "navy", "guard", "brigade", "battalion", "regiment", "press",
    "news", "times", "post", "agency", "network", "foundation", "league", "club", "team", "union", "alliance",
    "mission", "headquarters", "command", "corps", "school", "college", "hospital", "church", "movement", "front",
    "house",
} | CORPORATE_SUFFIXES)
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
DEMONYM_ENDINGS = ("ish", "ian", "ese", "var", "ean")  # "Turkish", "Kosovar": nationality words


@dataclass(slots=True)
class NameInfo:
    """A folded name with the evidence the rules read: type votes and the gazetteer's place."""

    key: str
    votes: Counter = field(default_factory=Counter)  # entity type -> weight
    place: Place | None = None
    tokens: tuple[str, ...] = ()
    acronym: str = ""
    place_prefix: int = 0  # how many leading words name a place the gazetteer knows ("boston" red sox)

    def __post_init__(self) -> None:
        self.tokens = tuple(t for t in self.key.split() if t not in NAME_SUFFIXES) or tuple(self.key.split())
        self.acronym = acronym(self.key)

    def share(self, kind: str) -> float:
        total = sum(self.votes.values())
        return self.votes[kind] / total if total else 0.0

    @property
    def dominant(self) -> str | None:
        return max(self.votes, key=lambda k: (self.votes[k], k == "person", -_ORDER.get(k, len(TYPES)), k)) \
            if self.votes else None

    @property
    def personal(self) -> bool:
        """Could be a person's name: spaCy said PERSON at least once, or only weak labels, and not a known place."""
        if self.place is not None and self.share("place") >= self.share("person"):
            return False
        return self.votes["person"] > 0 or not (self.votes.keys() & {"org", "place", "group"})


def edit_close(a: str, b: str) -> bool:
    """Typo-close words: one edit apart from 5 letters on, two from 9, same first letter."""
    shortest = min(len(a), len(b))
    if shortest < 5 or a[0] != b[0] or a == b:
        return a == b
    allowed = 1 if shortest < 9 else 2
    return OSA.distance(a, b, score_cutoff=allowed) <= allowed  # a swap of two letters is one edit


# English short forms no spelling rule reaches ("Katie Jenkin" / "Kathryn Jenkin"); a surname must match too.
_SHORT_FORMS = {
    "katie": "katherine", "kate": "katherine", "kathy": "katherine", "kathryn": "katherine", "catherine": "katherine",
    "cathy": "katherine", "bill": "william", "billy": "william", "will": "william", "bob": "robert",
    "bobby": "robert", "rob": "robert", "dick": "richard", "rick": "richard", "jim": "james", "jimmy": "james",
    "mike": "michael", "tom": "thomas", "tony": "anthony", "liz": "elizabeth", "beth": "elizabeth",
    "peggy": "margaret", "maggie": "margaret", "chuck": "charles", "charlie": "charles", "ted": "edward",
    "ed": "edward", "dan": "daniel", "danny": "daniel", "joe": "joseph", "sam": "samuel", "steve": "stephen",
    "steven": "stephen", "nick": "nicholas", "chris": "christopher", "matt": "matthew", "dave": "david",
    "andy": "andrew", "pat": "patrick", "jerry": "gerald", "larry": "lawrence", "sue": "susan", "jenny": "jennifer",
    "alexis": "alexander", "alexandros": "alexander", "alexandre": "alexander", "alessandro": "alexander",
    "alejandro": "alexander",
}
# A woman's form of a man's name ("Christina" / "Christopher", "Danielle" / "Daniel", "Roberta" / "Robert")
# is another person however many letters they share.
_FEMININE_ENDINGS = ("a", "ine", "elle", "ette", "enne")


def first_names_compatible(a: str, b: str) -> bool:
    """ "j" / "jens", "alex" / "alexander", "antony" / "anthony", "katie" / "kathryn"; not "jane" / "john"."""
    if a == b or _SHORT_FORMS.get(a, a) == _SHORT_FORMS.get(b, b) or _pet_stem(a) == _pet_stem(b):
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if _other_gender(a, b):
        return False
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and long.startswith(short):
        return True
    return Indel.normalized_similarity(a, b) >= 0.8 or edit_close(a, b)


def _pet_stem(name: str) -> str:
    """A first name without its "-ie" / "-y" / "-ey" ending, one spelling of which a writer picks:
    "bettie" / "betty", "bobbie" / "bobby", "jodie" / "jody"."""
    stem = re.sub(r"(?:ie|ey|y)$", "", name)
    return stem if len(stem) >= 3 and stem != name else name


def _other_gender(a: str, b: str) -> bool:
    """One name a woman's form ("christina", "michelle"), the other a man's of 6+ letters ending in a
    consonant ("christopher", "michael"); "josh" / "joshua" are one name's short and long forms."""
    for her, him in ((a, b), (b, a)):
        if her.endswith(_FEMININE_ENDINGS) and len(him) >= 6 and him[-1] not in "aeiouy":
            return True
    return False


def types_compatible(a: NameInfo, b: NameInfo) -> bool:
    """No clear disagreement on type: each gives the other's main type a fifth of its votes, or one is unsure."""
    if not a.votes or not b.votes:
        return True
    da, db = a.dominant, b.dominant
    if da == db or "other" in (da, db):
        return True
    if "group" in (da, db):
        return False
    return a.share(db) >= 0.2 or b.share(da) >= 0.2


def different_places(a: NameInfo, b: NameInfo) -> bool:
    return a.place is not None and b.place is not None and a.place != b.place


def person_conflict(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names with one surname and first names that cannot be the same person's. A first name
    among the other's given names is no conflict ("W. Mark Felt" / "Mark Felt", "Gaetano Lo Presti" /
    "Lo Presti"), as `match` has it."""
    return (len(a) >= 2 and len(b) >= 2 and (a[-1] == b[-1] or edit_close(a[-1], b[-1]))
            and not first_names_compatible(a[0], b[0]) and a[0] not in b[1:-1] and b[0] not in a[1:-1])


def facility_variants(a: tuple[str, ...] | list[str], b: tuple[str, ...] | list[str]) -> bool:
    """Two writings of one clinic: the same name of two words or more, then only facility words, a clinic's
    head on at least one side ("Betty Ford Center" / "Betty Ford Treatment Center" / "Betty Ford Rehab")."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    rest_a, rest_b = a[n:], b[n:]
    return (n >= 2 and bool(rest_a or rest_b) and any(w not in FACILITY_WORDS for w in a[:n])
            and all(w in FACILITY_WORDS for w in (*rest_a, *rest_b))
            and any(w in FACILITY_HEADS or w == "rehab" for w in (*rest_a, *rest_b)))


def acronym_conflict(a: str, b: str) -> bool:
    """Two different long names sharing only their initials ("American Pie", "Associated Press": both
    "AP") are two entities, whatever short form links each of them; spelling variants ("Betty Ford
    Center" / "Centre") are not different names."""
    if a == b or acronym(a) != acronym(b):
        return False
    wa, wb = a.split(), b.split()
    if len(wa) == len(wb) and wa[:-1] == wb[:-1] and {wa[-1], wb[-1]} <= FACILITY_HEADS:
        return False  # one clinic: "Betty Ford Center" / "Betty Ford Clinic"
    return len(wa) != len(wb) or any(x[:3] != y[:3] for x, y in zip(wa, wb))


def _plural_of(a: str, b: str) -> bool:
    """One word the other's plural, of 4 letters or more ("colt" / "colts")."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long == short + "s"


def _suffixed(short: NameInfo, long: NameInfo) -> bool:
    """The long name is the short one and a company suffix ("Quillbyte Systems", "Apple Inc"), or an
    organization's name and "Department" ("Staunton Police" / "Staunton Police Department")."""
    n = len(short.tokens)
    if not (0 < n < len(long.tokens) and long.tokens[:n] == short.tokens):
        return False
    rest = long.tokens[n:]
    return all(t in CORPORATE_SUFFIXES for t in rest) or (
        n >= 2 and rest == ("department",) and short.tokens[-1] in ORG_HEADS)


def _given_name_mislabelled(short: NameInfo, long: NameInfo) -> bool:
    """spaCy's label on a lone first name often errs: the first name of a person named in full, no place the
    gazetteer knows, no people's name, never said PERSON (else the rule below reads it)."""
    return (short.key == long.tokens[0] and len(short.key) >= 3 and long.dominant == "person"
            and long.tokens[-1] not in ORG_HEADS and short.place is None and not short.votes["group"]
            and not short.votes["person"] and bool(short.votes))


def _after_a_place(short: NameInfo, long: NameInfo) -> bool:
    """The long name is a gazetteer place and then the short one, no place itself nor an org's head word."""
    n = len(short.tokens)
    return (0 < n < len(long.tokens) and long.tokens[-n:] == short.tokens and long.place_prefix == len(long.tokens) - n
            and short.tokens[-1] not in ORG_HEADS and short.place is None)


def _same_words(a: NameInfo, b: NameInfo) -> bool:
    """An organization's name written with its words in another order ("Central Election and Referendum
    Commission" / "Central Referendum and Election Commission") or without some of them ("Central
    Elections Commission"): three content words or more, each of the other's (a plural as its singular;
    no closer likeness: "Distribution" / "Distributors" may be two companies)."""
    stems = [frozenset(_singular(t) for t in info.tokens if t not in CONNECTORS and t != "the") for info in (a, b)]
    small, large = sorted(stems, key=len)
    return len(small) >= 3 and small <= large and a.tokens != b.tokens


def _singular(word: str) -> str:
    return word[:-1] if len(word) >= 5 and word.endswith("s") and not word.endswith("ss") else word


def match(a: NameInfo, b: NameInfo) -> tuple[float, str] | None:
    """(score, rule) when the names can name one entity, else None."""
    if a.key == b.key:
        return SCORES["exact"], "exact"
    listed = known_org(a.key)
    if listed is not None and listed == known_org(b.key):
        return SCORES["listed"], "listed"  # "France Press" / "AFP", "North Atlantic Alliance" / "NATO"
    short, long = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
    if _suffixed(short, long) and not short.personal and not short.key.endswith(DEMONYM_ENDINGS):
        # "Quillbyte" / "Quillbyte Systems": spaCy often calls the bare company name NORP ("Quillbyte
        # shares rose"); a word that is no nationality is the company, when one such long name fits
        return SCORES["suffix"], "suffix"
    if (a.tokens[-1] in FACILITY_WORDS and b.tokens[-1] in FACILITY_WORDS and facility_variants(a.tokens, b.tokens)
            and not a.personal and not b.personal):
        return SCORES["facility"], "facility"  # spaCy calls one clinic FAC, ORG or GPE from one mention to the next
    group_a, group_b = a.dominant == "group", b.dominant == "group"
    if group_a != group_b and (a.votes and b.votes):
        return None
    if len(short.tokens) == 1 and 2 <= len(short.key) <= 6 and short.key == long.acronym:
        if not short.personal or not long.personal or short.share("person") < 0.5:
            return SCORES["acronym"], "acronym"
    if a.place is not None and a.place == b.place and a.share("place") > 0 and b.share("place") > 0:
        return SCORES["place"], "place"
    n = len(short.tokens)
    if n == 1 and len(long.tokens) >= 2 and _given_name_mislabelled(short, long):
        return SCORES["given"], "given"  # "Kathina" as GPE, "Jermayne" as PRODUCT for "Jermayne Timmons"
    if (_after_a_place(short, long) and not short.votes["person"] and not short.votes["group"]
            and long.dominant == "org"):
        return SCORES["prefix"], "prefix"  # "Jacksonville Jaguars" / "Jaguars" as GPE: no place of that name
    if not types_compatible(a, b) or different_places(a, b):
        return None
    if _suffixed(short, long) and not short.personal:
        return SCORES["suffix"], "suffix"
    if len(a.tokens) >= 2 and len(b.tokens) >= 2 and a.personal and b.personal:
        same_first = a.tokens[0] == b.tokens[0]
        if (a.tokens[-1] == b.tokens[-1] or edit_close(a.tokens[-1], b.tokens[-1])
                or (same_first and min(len(a.tokens[-1]), len(b.tokens[-1])) >= 4
                    and OSA.distance(a.tokens[-1], b.tokens[-1], score_cutoff=1) <= 1)):
            # "Diane Crawford Smith" / "Sharron Diane Crawford Smith": a first name among the other's given names
            if (first_names_compatible(a.tokens[0], b.tokens[0]) or a.tokens[0] in b.tokens[1:-1]
                    or b.tokens[0] in a.tokens[1:-1]):
                return SCORES["person"], "person"
            return None
    if (len(a.tokens) == len(b.tokens) >= 3 and a.tokens[:-1] == b.tokens[:-1]
            and {a.tokens[-1], b.tokens[-1]} <= FACILITY_HEADS and not (a.personal and b.personal)):
        return SCORES["facility"], "facility"  # "Betty Ford Center" / "Betty Ford Clinic" / "... Centre"
    if facility_variants(a.tokens, b.tokens) and not (a.personal and b.personal):
        return SCORES["facility"], "facility"  # "Betty Ford Center" / "Betty Ford Treatment Center"
    if len(a.tokens) == len(b.tokens) and all(x == y or edit_close(x, y) for x, y in zip(a.tokens, b.tokens)):
        return SCORES["fuzzy"], "fuzzy"
    if (len(a.tokens) == len(b.tokens) and a.tokens[:-1] == b.tokens[:-1] and not a.personal and not b.personal
            and _plural_of(a.tokens[-1], b.tokens[-1])):
        return SCORES["fuzzy"], "fuzzy"  # "Indianapolis Colt" / "Indianapolis Colts": a team's player
    # spaCy often calls a lone surname ORG: anything but a known place or a group may be one.
    surname_like = short.personal or (short.place is None and not short.votes["group"] and not short.votes["place"])
    if n == 1 and len(long.tokens) >= 2 and long.personal and surname_like:
        surname = long.tokens[-1]
        if short.key == surname or (len(short.key) >= 7 and edit_close(short.key, surname)):
            return SCORES["surname"], "surname"
        if (short.key == long.tokens[0] and short.personal and short.share("person") > 0 and len(short.key) >= 3
                and long.tokens[-1] not in ORG_HEADS):  # "Obama White House" is no one's full name
            return SCORES["given"], "given"
    if _after_a_place(short, long) and not short.personal:
        return SCORES["prefix"], "prefix"  # "Boston Red Sox" / "Red Sox": a place name before an org's name
    if not a.personal and not b.personal and _same_words(a, b):
        return SCORES["words"], "words"
    return None
