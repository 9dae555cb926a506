"""A scope's named mentions made ready for resolution: cleaned, keyed and relabelled where spaCy errs.

spaCy's spans are joined where it cut a name in two, rejected (with why) where they name nothing, cut
to the name they hold and folded into a key; names tagged elsewhere in the scope are recovered where
spaCy missed them; lone surnames tagged NORP vote as people and a place used for its team as the team.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from newsfuse.models import Article, Mention
from newsfuse.entities.clean import not_an_entity
from newsfuse.entities.gazetteer import Gazetteer
from newsfuse.entities.normalize import acronym, fold, name_core
from newsfuse.entities.recover import KnownNames, recover
from newsfuse.entities.similarity import DEMONYM_ENDINGS, FACILITY_HEADS, FACILITY_WORDS, ORG_HEADS


# How much one mention's spaCy label counts in the type vote: the small model's EVENT and
# WORK_OF_ART on names are usually mistakes (a surname, a police force), so they count little.
LABEL_WEIGHTS = {"PERSON": 1.0, "ORG": 1.0, "GPE": 1.0, "LOC": 1.0, "FAC": 0.6, "NORP": 1.0,
                 "EVENT": 0.3, "WORK_OF_ART": 0.3, "PRODUCT": 0.6, "LAW": 0.3}
ROLE_LABEL = "ROLE"  # label of a role phrase linked to a person ("the Secretary General of the alliance")
CURRENCY_SIGNS = frozenset("$£€¥#")
UNITS = frozenset({"GB", "MB", "TB", "KB", "GHz", "MHz", "KHz", "Mbps", "Gbps", "MP", "GW", "MW", "KW", "KM", "KG"})
TIME_ZONES = frozenset({"UTC", "GMT", "CET", "CEST", "EET", "EEST", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST",
                        "PDT", "BST", "IST", "JST", "AEST", "AEDT"})
# A model designation right after a name: "A380", "787", "A400M", "747-400", "3GS".
MODEL_NUMBER = re.compile(r" (?:[A-Z]{0,2}\d{2,}[A-Z0-9-]*|\d[A-Z]{1,3})(?![\w$£€%])")


@dataclass(slots=True)
class ResolveOptions:
    recover_mentions: bool = True  # tag missed occurrences of names seen elsewhere in the scope
    link_roles: bool = True  # attach role phrases to people, and link lone role phrases
    keep_spans: bool = False  # use mention spans as given (gold mentions): no joining, extending or relabelling
    link_person_nouns: bool = True  # a lone "Host" or "Coach" goes to the person its article is about


@dataclass(slots=True)
class PreparedMention:
    mention: Mention
    form: str  # the name as written, without determiner, title or possessive
    key: str  # folded form
    story: str | None
    recovered: bool = False
    label: str = ""  # the label the votes use when not spaCy's ("Klitschko" as NORP: a surname)

    @property
    def voted(self) -> str:
        return self.label or self.mention.label


def prepare(article: Article, rejected: list[tuple[Mention, str]], keep_spans: bool = False) -> list[PreparedMention]:
    out = []
    mentions = article.mentions if keep_spans else _join_split_names(article.text, article.mentions)
    for mention in mentions:
        if mention.label not in LABEL_WEIGHTS:
            continue
        reason = _unusable(mention.text) or _not_a_name(article.text, mention)
        if not reason and not keep_spans:
            reason = not_an_entity(article, mention)
        if reason:
            rejected.append((mention, reason))
            continue
        if not keep_spans:
            mention = _with_model_number(article.text, mention)
        start, end = name_core(mention.text, person=mention.label == "PERSON")
        form = mention.text[start:end].strip()
        key = fold(form)
        if not key:
            rejected.append((mention, "rejected: no name left after cleaning"))
            continue
        out.append(PreparedMention(mention, form, key, article.story_id))
    return out


def _unusable(text: str) -> str | None:
    stripped = text.strip()
    if "\n" in stripped:
        return "rejected: spans a line break (title or boilerplate run into the text)"
    if not any(ch.isupper() for ch in stripped):
        return "rejected: not capitalized"
    if len(stripped) > 120:
        return "rejected: too long for a name"
    return None


def _join_split_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Two name mentions one space apart are one name spaCy cut in two ("Lockheed" "Martin")."""
    out: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, m.end)):
        previous = out[-1] if out else None
        labels = {previous.label, mention.label} if previous is not None else set()
        if (previous is not None and text[previous.end:mention.start] == " " and labels <= set(LABEL_WEIGHTS)
                and "NORP" not in labels and labels != {"ORG", "PERSON"} and previous.text[-1:] not in ".,"):
            label = "PERSON" if "PERSON" in (previous.label, mention.label) else previous.label
            out[-1] = Mention(mention.article_id, previous.start, mention.end, text[previous.start:mention.end], label)
        else:
            out.append(mention)
    return out


def _not_a_name(text: str, mention: Mention) -> str | None:
    """Codes and units spaCy's small model takes for names: "US$ 40", "16 GB", "18:00 UTC", "USD"."""
    after = text[mention.end:mention.end + 2].lstrip(" ")
    if after[:1] in CURRENCY_SIGNS and mention.end - mention.start <= 4:
        return "rejected: currency prefix"
    word = mention.text.strip()
    if word in UNITS and text[max(0, mention.start - 2):mention.start].strip()[-1:].isdigit():
        return "rejected: unit of measure"
    if word in TIME_ZONES or (word in _currency_codes() and word not in {"ALL", "CAD"}):
        return "rejected: time zone or currency code"
    return None


@lru_cache(maxsize=1)
def _currency_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


def _with_model_number(text: str, mention: Mention) -> Mention:
    """ "Airbus A380", "Boeing 787": a maker's name followed by a model number names a product."""
    match = MODEL_NUMBER.match(text, mention.end)
    if match is None or mention.label not in {"ORG", "PERSON", "GPE", "NORP"}:
        return mention
    end = match.end()
    return Mention(mention.article_id, mention.start, end, text[mention.start:end], "PRODUCT")


def known_names(prepared: Iterable[PreparedMention]) -> KnownNames:
    known = KnownNames()
    for m in prepared:
        label = m.mention.label
        if label in LABEL_WEIGHTS:
            known.add(m.key, label)
            words = m.key.split()
            if label == "PERSON" and len(words) >= 2 and len(words[-1]) >= 3:
                known.add(words[-1], "PERSON")
    return known


_WORD_BEFORE = re.compile(r"([A-ZÀ-ÖØ-ÞĀ-Ž][\w’'-]*) $")


def _extend_cut_names(text: str, prepared: list[PreparedMention], known: KnownNames) -> list[PreparedMention]:
    """ "Anders [Holmberg]": spaCy cut a first name off a full name known in the scope; put it back."""
    out = []
    for m in prepared:
        before = _WORD_BEFORE.search(text, max(0, m.mention.start - 30), m.mention.start)
        if before is not None and " " not in m.key:
            key = fold(before.group(1)) + " " + m.key
            if key in known.labels:
                start = before.start(1)
                old = m.mention
                mention = Mention(old.article_id, start, old.end, text[start:old.end], old.label)
                m = PreparedMention(mention, text[start:m.mention.start] + m.form, key, m.story)
        out.append(m)
    return out


def with_recovered(article: Article, prepared: list[PreparedMention], known: KnownNames) -> list[PreparedMention]:
    prepared = _extend_cut_names(article.text, prepared, known)
    taken = [(m.mention.start, m.mention.end) for m in prepared] + [(m.start, m.end) for m in article.mentions]
    found = recover(article.id, article.text, known, taken)
    extra = []
    for mention in found:
        if _unusable(mention.text) or _not_a_name(article.text, mention) or not_an_entity(article, mention):
            continue
        key = fold(mention.text)
        extra.append(PreparedMention(mention, mention.text, key, article.story_id, recovered=True))
    return sorted(prepared + extra, key=lambda m: (m.mention.start, m.mention.end))


def surnames_as_people(prepared: Iterable[list[PreparedMention]], gazetteer: Gazetteer | None) -> None:
    """A one-word NORP that is the surname of a person named in full in the scope, and no nationality or
    place, votes as a person: spaCy's small model calls "Klitschko" NORP ("the Klitschko brothers")."""
    prepared = list(prepared)
    surnames = {m.key.split()[-1] for ms in prepared for m in ms
                if m.mention.label == "PERSON" and len(m.key.split()) >= 2}
    for ms in prepared:
        for m in ms:
            if (m.mention.label == "NORP" and m.key in surnames and not m.key.endswith(DEMONYM_ENDINGS)
                    and not (gazetteer is not None and gazetteer.lookup(m.key))):
                m.label = "PERSON"


# "LiLo", "ScarJo", "J.Lo", "A-Rod": a nickname of two capitalised pieces
_BLEND = re.compile(r"([A-Z][a-z]{0,3})[.-]?([A-Z][a-z]{1,3})")


def blended_nicknames(prepared: Iterable[list[PreparedMention]]) -> None:
    """A nickname blended from the start of a person's first name and surname ("LiLo" for Lindsay Lohan,
    "ScarJo", "J.Lo") is that person, when one person named in full in the scope fits it."""
    prepared = list(prepared)
    people: dict[tuple[str, str], set[str]] = defaultdict(set)
    for ms in prepared:
        for m in ms:
            words = m.key.split()
            if m.mention.label == "PERSON" and len(words) >= 2:
                for i in range(1, min(4, len(words[0])) + 1):
                    for j in range(2, min(4, len(words[-1])) + 1):
                        people[(words[0][:i], words[-1][:j])].add(m.key)
    if not people:
        return
    for ms in prepared:
        for m in ms:
            blend = _BLEND.fullmatch(m.form)
            if blend is None:
                continue
            full = people.get((fold(blend.group(1)), fold(blend.group(2))), set())
            if len(full) == 1:
                m.key, m.label = next(iter(full)), "PERSON"


_THE_BEFORE = re.compile(r"\bThe\W{0,3}$")


def acronyms_with_the(articles: list[Article], prepared: Mapping[str, list[PreparedMention]]) -> None:
    """ "THR" for "The Hollywood Reporter": an acronym may keep the "The" the name's key drops, when the
    scope writes the name after a capitalised "The" and no name of the scope has that acronym without it."""
    texts = {a.id: a.text for a in articles}
    with_the: dict[str, set[str]] = defaultdict(set)
    plain: set[str] = set()
    for ms in prepared.values():
        for m in ms:
            initials = acronym(m.key)
            if not initials:
                continue
            plain.add(initials)
            text, start = texts.get(m.mention.article_id, ""), m.mention.start + max(0, m.mention.text.find(m.form))
            if _THE_BEFORE.search(text, max(0, start - 8), start):
                with_the["t" + initials].add(m.key)
    if not with_the:
        return
    for ms in prepared.values():
        for m in ms:
            full = with_the.get(m.key)
            if full and len(full) == 1 and m.key not in plain and m.form.isupper():
                m.key = next(iter(full))


# "in Indianapolis", "to Kansas City": a place name after these is the place, not its team
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|to|from|near|outside|into|around|across|through|of|visit(?:ed|ing|s)?)"
                              r"(?: the)? $", re.I)
# plural last words of organizations that are no team's nickname ("New York Times", "Kosovo Airlines")
_NOT_NICKNAMES = frozenset({"times", "news", "airlines", "airways", "industries", "services", "systems", "studios",
                            "sciences", "arts", "affairs", "nations", "states", "forces", "operations", "relations",
                            "communications", "holdings", "partners", "associates", "brothers", "sons", "records",
                            "pictures", "games", "sports", "motors", "networks", "railways", "works", "hospitals"})


def places_as_teams(articles: list[Article], prepared: Mapping[str, list[PreparedMention]],
                     gazetteer: Gazetteer | None) -> None:
    """A place name used for its team: where the scope names one organization "<place> <Nickname>s"
    ("Indianapolis Colts", "Kansas City Chiefs"), the place's bare name not after "in", "at", "to" and
    the like ("Indianapolis beat Miami") is the team (metonymy). The place's other mentions stay the place.
    A nickname alone ("Bluejays") is the team the scope writes it after once ("Creighton Bluejays")."""
    labels: dict[str, Counter] = defaultdict(Counter)
    for ms in prepared.values():
        for m in ms:
            labels[m.key][m.mention.label] += 1
    teams: dict[str, set[str]] = defaultdict(set)
    for key, said in labels.items():
        words = key.split()
        if gazetteer is None or len(words) < 2 or said["ORG"] * 2 <= sum(said.values()):
            continue
        nickname, place = words[-1], " ".join(words[:-1])
        # a people's name is no nickname: "Kosovo Serbs", when "Serbs" alone is NORP somewhere in the scope
        if (nickname.endswith("s") and len(nickname) >= 4 and nickname not in ORG_HEADS
                and nickname not in _NOT_NICKNAMES and not labels.get(nickname, Counter())["NORP"]
                and not labels.get(nickname[:-1], Counter())["NORP"] and not nickname[:-1].endswith(DEMONYM_ENDINGS)
                and gazetteer.lookup(place) is not None):
            teams[place].add(key)
    for nickname, name in _nicknames_written_whole(articles, prepared, labels).items():
        whole = name if gazetteer is None or gazetteer.lookup(name) is None else f"{name} {nickname}"
        if whole != name:
            teams[name].add(whole)  # the place's bare name, not after "in", "at"..., is the team too
        for ms in prepared.values():
            for m in ms:
                if m.key == nickname:
                    m.key, m.label = whole, "ORG"
    if not teams:
        return
    for m, before in _with_words_before(articles, prepared):
        team = teams.get(m.key)
        if team is None or len(team) != 1 or m.mention.label not in ("GPE", "ORG", "LOC") or _LOCATIVE_BEFORE.search(before):
            continue
        m.key, m.label = next(iter(team)), "ORG"


_CAPITALIZED_BEFORE = re.compile(r"((?:[A-Z][\w.'’&-]* ){1,3})$")


def _nicknames_written_whole(articles: list[Article], prepared: Mapping[str, list[PreparedMention]],
                             labels: Mapping[str, Counter]) -> dict[str, str]:
    """A team's nickname written alone ("Bluejays", "Tar Heels") where an article of the scope writes it once
    right after a name the scope tags ("No. 1 Creighton Bluejays", "the North Carolina Tar Heels", not
    themselves mentions): nickname key -> that name's key, when one name only comes before it."""
    nicknames: dict[str, str] = {}
    for ms in prepared.values():
        for m in ms:
            words, said = m.key.split(), labels[m.key]
            last = words[-1] if words else ""
            if (1 <= len(words) <= 2 and last.endswith("s") and len(last) >= 4 and last not in ORG_HEADS
                    and last not in _NOT_NICKNAMES and not last[:-1].endswith(DEMONYM_ENDINGS) and not said["NORP"]
                    and said["PERSON"] * 2 <= sum(said.values()) and m.form[:1].isupper()):
                nicknames.setdefault(m.form, m.key)
    if not nicknames:
        return {}
    written = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(nicknames, key=lambda f: (-len(f), f)))) + r")\b")
    before: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        for hit in written.finditer(article.text):
            run = _CAPITALIZED_BEFORE.search(article.text[max(0, hit.start() - 60):hit.start()])
            if run is None:
                continue
            nickname, words = nicknames[hit.group(0)], run.group(1).split()
            for n in range(len(words)):  # the longest name the scope tags right before the nickname
                name = fold(" ".join(words[n:]))
                said = labels.get(name)
                if said and name != nickname and not said["NORP"] and said["PERSON"] * 2 <= sum(said.values()):
                    before[nickname].add(name)
                    break
    return {nickname: names.pop() for nickname, names in sorted(before.items()) if len(names) == 1}


def _with_words_before(articles: list[Article], prepared: Mapping[str, list[PreparedMention]]):
    """Each prepared mention with the 20 characters of its article before it."""
    texts = {a.id: a.text for a in articles}
    for article_id, ms in prepared.items():
        text = texts.get(article_id, "")
        for m in ms:
            yield m, text[max(0, m.mention.start - 20):m.mention.start]


# "checked into Betty Ford", "left Morningside": a clinic's bare name after these is the clinic
_TO_A_PLACE_BEFORE = re.compile(r"\b(?:in|at|to|from|into|of|enter(?:ed|s|ing)?|leav(?:e|es|ing)|left|quit)(?: the)? $",
                                re.I)


def clinics_by_bare_name(articles: list[Article], prepared: Mapping[str, list[PreparedMention]]) -> None:
    """A clinic named without its head word ("Betty Ford" for the Betty Ford Center, "Morningside" for
    Morningside Recovery) after "at", "into", "left" and the like, where the scope names the clinic in full:
    the mention is the clinic, not the person or place the bare name also is. Elsewhere it stays what it is."""
    keys = Counter(m.key for ms in prepared.values() for m in ms)
    clinics: dict[str, list[str]] = defaultdict(list)
    for key in sorted(keys):
        words = key.split()
        if len(words) >= 2 and words[-1] in FACILITY_HEADS | {"rehab", "recovery"}:
            for n in range(1, len(words)):
                if all(w in FACILITY_WORDS for w in words[n:]) and any(w not in FACILITY_WORDS for w in words[:n]):
                    clinics[" ".join(words[:n])].append(key)
    if not clinics:
        return
    for m, before in _with_words_before(articles, prepared):
        named = clinics.get(m.key)
        if named is not None and _TO_A_PLACE_BEFORE.search(before):
            m.key, m.label = min(named, key=lambda k: (-keys[k], k)), "FAC"
