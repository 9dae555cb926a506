"""An entity from its nodes: the type a vote over all its mentions gives, its canonical name, its place.

Types take evidence from spaCy's labels, roles, the gazetteer, listed organizations and the name's last
word; the canonical name is the most complete, most frequent correctly spelled form (docs/entities.md).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping

from newsfuse.models import Entity
from newsfuse.entities.clusters import Group
from newsfuse.entities.gazetteer import Gazetteer
from newsfuse.entities.known import known_org
from newsfuse.entities.mentions import ROLE_LABEL
from newsfuse.entities.nodes import Node
from newsfuse.entities.normalize import TYPES, acronym, fold, name_form
from newsfuse.entities.similarity import CORPORATE_SUFFIXES, DEMONYM_ENDINGS, ORG_HEADS


# "Worldwide Developers Conference", "Paris Air Show", "NATO Summit": the last word names an event
EVENT_HEADS = frozenset({"conference", "summit", "show", "expo", "exhibition", "festival", "fair", "convention",
                         "olympics", "games", "championship", "championships", "tournament", "cup", "keynote"})
MODEL_TOKEN = re.compile(r"(?<![\w-])(?:[A-Z]{0,2}\d{2,}[A-Za-z0-9-]*|\d[A-Z]{1,3})(?![\w])")


def countries_in(groups: list[Group]) -> frozenset[str]:
    return frozenset(g.info.place.country for g in groups
                     if g.info.place is not None and g.info.place.kind == "country")


def entity_of(nodes: list[Node], gazetteer: Gazetteer | None, countries: frozenset[str],
            outlets: Mapping[str, str] | None = None) -> Entity | None:
    mentions = [m for node in nodes for m in node.mentions]
    if not mentions:
        return None
    entity = Entity(id="", name="", type="other")
    entity.mentions = sorted((m.mention for m in mentions), key=lambda m: (m.article_id, m.start, m.end))
    votes = Counter()
    for node in nodes:
        votes.update(node.votes)
    roles = Counter(role for node in nodes for role in node.roles)
    forms = Counter(m.form for m in mentions if not m.recovered) or Counter(m.form for m in mentions)
    entity.type = vote_type(votes, forms, roles, gazetteer, product=sum(node.product for node in nodes))
    written: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        written[m.form].add((outlets or {}).get(m.mention.article_id, m.mention.article_id))
    entity.name = canonical_name(forms, entity.type, written, gazetteer)
    entity.aliases = [form for form, _ in forms.most_common() if form != entity.name]
    entity.roles = [role for role, _ in roles.most_common()]
    _place(entity, forms, gazetteer, countries)
    return entity


def vote_type(votes: Counter, forms: Counter, roles: Counter, gazetteer: Gazetteer | None, product: float = 0.0) -> str:
    """The type most mentions give, with evidence from roles, the gazetteer and the name's last word;
    `product`: the "other" votes a product's context gave, which do not make a name a place."""
    votes = Counter(votes)
    if votes["person"] and not any(len(form.split()) >= 2 for form in forms):
        votes["person"] *= 0.5  # news names a person in full at least once; a one-word name may be a company
    total = sum(votes.values())
    if roles:
        votes["person"] += min(3, sum(roles.values()))
    name = forms.most_common(1)[0][0] if forms else ""
    last_word = fold(name).split()[-1:] or [""]
    if last_word[0] in ORG_HEADS and len(fold(name).split()) >= 2 and votes["person"] < 0.5 * max(total, 1):
        votes["org"] += 1.5
    if last_word[0] in EVENT_HEADS and len(fold(name).split()) >= 2:
        votes["other"] += 1.5 + votes["org"] + votes["place"]  # an event, whatever spaCy said
    listed = next((k for k in (known_org(f) for f, _ in forms.most_common(3)) if k), None)
    if listed is not None:
        votes[listed[1]] += 3.0 + total  # a listed organization ("Palestinian Hamas") is one, whatever spaCy said
    elif gazetteer is not None and votes["person"] < 0.5 * max(total, 1) and any(
            gazetteer.trusted(f) for f, _ in forms.most_common(2)):
        votes["place"] += 3.0 + votes["org"]  # a curated place ("Western Balkans") is a place, not an org
    placeish = votes["place"] + votes["group"] + max(0.0, votes["other"] - product)
    if gazetteer is not None and votes["person"] < 0.5 * max(total, 1) and placeish > 0 and votes["org"] <= placeish:
        place = next((p for p in (gazetteer.lookup(f) for f, _ in forms.most_common(3)) if p), None)
        if place is not None:
            votes["place"] += 3.0 if place.kind in {"country", "continent"} else 1.5
    if (not votes["person"] and len(name.split()) == 1 and fold(name).endswith(DEMONYM_ENDINGS)
            and not (gazetteer is not None and gazetteer.lookup(name))):
        votes["group"] += 2.0  # "Turkish", "Kosovar": a nationality word, whatever spaCy said
    with_numbers = sum(n for form, n in forms.items() if MODEL_TOKEN.search(form))
    if with_numbers * 2 >= sum(forms.values()):
        votes["other"] = max(votes.values(), default=0) + 1  # "Boeing 787", "iPhone 4S": model numbers name products
    if not votes:
        return "other"
    order = {t: i for i, t in enumerate(TYPES)}
    return max(votes, key=lambda t: (votes[t], -order[t]))


def canonical_name(forms: Counter, entity_type: str, attested: Mapping[str, int | Collection[str]] | None = None,
               gazetteer: Gazetteer | None = None) -> str:
    """The most complete, most frequent correctly spelled form: for people a full name beats a surname,
    for organizations a listed canonical name ("European Union" over "EU"), the long form of an acronym
    or the name with its company suffix ("Quillbyte Systems"). Among forms as complete, a place the
    gazetteer knows beats one it does not, then the spelling whose words more outlets write wins over
    one more mentions give: `attested` gives the outlets writing each form (a set of names, or a count when
    only that is known), so one outlet's repeated "Annalena Bearbock" loses to the "Baerbock" three others
    write; an outlet writing a word in two forms ("Bearbock", "Annalena Bearbock") counts once for it."""
    if len(forms) == 1:  # the one form, unless a listed organization's canonical name replaces it
        form = next(iter(forms))
        if entity_type != "org" or known_org(form) is None:
            return form
    if entity_type == "org":
        listed = next((k[0] for k in (known_org(f) for f, _ in forms.most_common()) if k), None)
        if listed is not None:
            return listed
        keys = {fold(f) for f in forms}
        expanded = [f for f in forms if len(f.split()) >= 2 and acronym(fold(f)) in keys]
        if expanded:
            return max(expanded, key=lambda f: (forms[f], f))
    attested = attested or {}
    support = Counter()  # folded word -> outlets writing it in any form
    writers: dict[str, set[str]] = defaultdict(set)
    for form in forms:
        given = attested.get(form, 0)
        for word in set(fold(form).split()):
            if isinstance(given, int):
                support[word] += given
            else:
                writers[word].update(given)
    support.update({word: len(names) for word, names in writers.items()})
    folded = {f: fold(f) for f in forms}

    def complete(form: str) -> int:
        words = folded[form].split()
        if entity_type == "person":
            return min(len(words), 3)
        if entity_type == "org":  # "Quillbyte Systems" over "Quillbyte", both written
            return int(any(words[:len(o.split())] == o.split() and len(o.split()) < len(words)
                           and all(w in CORPORATE_SUFFIXES for w in words[len(o.split()):]) for o in folded.values()))
        return 0

    def rank(form: str) -> tuple:
        well_formed = form[:1].isupper() or form[:1].isdigit() or any(ch.isupper() for ch in form[:2])
        place = gazetteer.lookup(form) if entity_type == "place" and gazetteer is not None else None
        spelled = min((support[w] for w in folded[form].split()), default=0)
        by_key = sum(n for f, n in forms.items() if folded[f] == folded[form])
        # Then, among the forms of one key ("Zvečan", "Zvecan"): one written, the gazetteer's own spelling,
        # the one with the script's diacritics, however many more outlets drop them.
        return (well_formed, place is not None, place is not None and fold(place.name) == folded[form],
                complete(form), spelled, by_key, forms[form] > 0, place is not None and place.name == form,
                _diacritics(form), forms[form], -len(form), form)
    return max(forms, key=rank)


def _diacritics(form: str) -> int:
    """Latin letters with diacritics in a form ("Vučić": 2); -1 when it has letters of another script
    ("Бањска"), which an English report writes in Latin letters."""
    marked = 0
    for ch in form:
        if ch.isalpha() and not ch.isascii():
            if not unicodedata.name(ch, "").startswith("LATIN"):
                return -1
            marked += 1
    return marked


def _place(entity: Entity, forms: Counter, gazetteer: Gazetteer | None, countries: frozenset[str]) -> None:
    if entity.type != "place" or gazetteer is None:
        return
    for form in [entity.name] + [f for f, _ in forms.most_common() if f != entity.name]:
        place = gazetteer.lookup(form, countries)
        if place is not None:
            entity.lat, entity.lon, entity.country = place.lat, place.lon, place.country or None
            return


def finish(entity: Entity, gazetteer: Gazetteer | None) -> Entity:
    """Recompute type-dependent fields after a correction changed the mentions."""
    forms = Counter(name_form(m.text, person=entity.type == "person") for m in entity.mentions
                    if m.label != ROLE_LABEL)
    entity.lat = entity.lon = entity.country = None
    _place(entity, forms, gazetteer, frozenset())
    return entity
