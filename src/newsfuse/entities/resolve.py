"""Cross-document entity resolution: one entity per person, organization, place and group.

Steps (docs/entities.md explains each): mentions are cleaned and keyed by their folded name;
names tagged elsewhere in the scope are recovered where spaCy missed them; mentions of one
article are linked into article-level nodes (same key, surname to full name, acronym to long
form); nodes are grouped by key and candidate pairs come only from shared blocking keys (name,
word, acronym, one-deletion variants, gazetteer place), never all pairs; pairs are scored by
`similarity.match` and merged best first unless the merge would join two people whose first
names differ, two different gazetteer places, or break a user's split. Types are decided by a
vote over all mentions plus gazetteer, role and name-shape evidence; places get coordinates.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from newsfuse.models import Article, Entity, Mention
from newsfuse.entities.clean import not_an_entity
from newsfuse.entities.corrections import Corrections, apply_corrections
from newsfuse.entities.gazetteer import Gazetteer
from newsfuse.entities.known import known_org
from newsfuse.entities.normalize import LABEL_TYPES, TYPES, acronym, fold, name_core, name_form
from newsfuse.entities.recover import KnownNames, recover
from newsfuse.entities.roles import RoleIndex, person_noun, role_core, roles_near
from newsfuse.entities.similarity import CORPORATE_SUFFIXES, DEMONYM_ENDINGS, FACILITY_HEADS, ORG_HEADS, UNIQUE, WEAK, NameInfo, match, person_conflict

SCOPES = ("story", "thread", "store")
# How much one mention's spaCy label counts in the type vote: the small model's EVENT and
# WORK_OF_ART on names are usually mistakes (a surname, a police force), so they count little.
LABEL_WEIGHTS = {"PERSON": 1.0, "ORG": 1.0, "GPE": 1.0, "LOC": 1.0, "FAC": 0.6, "NORP": 1.0,
                 "EVENT": 0.3, "WORK_OF_ART": 0.3, "PRODUCT": 0.6, "LAW": 0.3}
ROLE_LABEL = "ROLE"  # label of a role phrase linked to a person ("the Secretary General of the alliance")
_MAX_BLOCK = 400  # candidate blocks larger than this only pair their one-word name with the longer ones
CURRENCY_SIGNS = frozenset("$£€¥#")
UNITS = frozenset({"GB", "MB", "TB", "KB", "GHz", "MHz", "KHz", "Mbps", "Gbps", "MP", "GW", "MW", "KW", "KM", "KG"})
TIME_ZONES = frozenset({"UTC", "GMT", "CET", "CEST", "EET", "EEST", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST",
                        "PDT", "BST", "IST", "JST", "AEST", "AEDT"})
CORPORATE_ROLE = re.compile(
    r"(?:'s|’s)? (?:CEO|CFO|COO|chief executive|chairman|chairwoman|shareholders|shares|stock)\b")
MODEL_TOKEN = re.compile(r"(?<![\w-])(?:[A-Z]{0,2}\d{2,}[A-Za-z0-9-]*|\d[A-Z]{1,3})(?![\w])")
MODEL_BEFORE = re.compile(r"(?<![\w-])(?:[A-Z]{0,2}\d{2,}[A-Z0-9-]*) ?(?:``|\"|“)?$")
ORG_NOUN_BEFORE = re.compile(
    r"\b(?:airline|carrier|company|firm|maker|manufacturer|airframer|retailer|bank|broadcaster|newspaper|"
    r"magazine|publisher|conglomerate|automaker|carmaker|supplier|operator|insurer|lender|giant|agency),? $")
# "Papermaster, 49,": an age in apposition is said of a person
AGE_AFTER = re.compile(r",? (?:aged )?\d{1,2},")
# "Worldwide Developers Conference", "Paris Air Show", "NATO Summit": the last word names an event
EVENT_HEADS = frozenset({"conference", "summit", "show", "expo", "exhibition", "festival", "fair", "convention",
                         "olympics", "games", "championship", "championships", "tournament", "cup", "keynote"})
# what is said of a product, not of its maker: "Mac OS", "Macintosh users", "MacBook Air laptops" after
# the name; "version of", "web browser", "unveiled" before it. A maker named this way ("Airbus
# aircraft") has the votes of its other mentions.
PRODUCT_AFTER = re.compile(
    r"(?:'s|’s)? (?:OS\b|operating system|software|laptops?|notebooks?|computers?|desktops?|smartphones?|"
    r"handsets?|tablets?|devices?|browser|users|line(?:up)? of|models?|range)\b")
PRODUCT_BEFORE = re.compile(
    r"\b(?:versions? of|(?:web )?browser|operating system|software|suite|(?:unveil|launch|releas|introduc)(?:ed|es|e|ing)"
    r"(?: (?:the|its|a|their))?(?: (?:new|newest|latest|first))?) $")
# A model designation right after a name: "A380", "787", "A400M", "747-400", "3GS".
MODEL_NUMBER = re.compile(r" (?:[A-Z]{0,2}\d{2,}[A-Z0-9-]*|\d[A-Z]{1,3})(?![\w$£€%])")


@dataclass(slots=True)
class ResolveOptions:
    recover_mentions: bool = True  # tag missed occurrences of names seen elsewhere in the scope
    link_roles: bool = True  # attach role phrases to people, and link lone role phrases
    keep_spans: bool = False  # use mention spans as given (gold mentions): no joining, extending or relabelling
    link_person_nouns: bool = True  # a lone "Host" or "Coach" goes to the person its article is about


@dataclass(slots=True)
class Resolution:
    """Entities, the mentions that could not be used (with why), and corrections that found no entity."""

    entities: list[Entity]
    rejected: list[tuple[Mention, str]] = field(default_factory=list)
    unapplied: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Mention:
    mention: Mention
    form: str  # the name as written, without determiner, title or possessive
    key: str  # folded form
    story: str | None
    recovered: bool = False
    label: str = ""  # the label the votes use when not spaCy's ("Klitschko" as NORP: a surname)

    @property
    def voted(self) -> str:
        return self.label or self.mention.label


class _Node:
    """The mentions of one entity inside one article."""

    __slots__ = ("article_id", "story", "mentions", "keys", "votes", "product", "roles", "key", "context")

    def __init__(self, article_id: str, story: str | None) -> None:
        self.article_id = article_id
        self.story = story
        self.mentions: list[_Mention] = []
        self.keys: Counter = Counter()
        self.votes: Counter = Counter()
        self.product = 0.0  # of the "other" votes, those a product's context gave ("Mac OS", "version of")
        self.roles: list[str] = []
        self.key = ""
        self.context: set[str] = set()

    def add(self, m: _Mention) -> None:
        self.mentions.append(m)
        self.keys[m.key] += 1
        entity_type = LABEL_TYPES.get(m.voted)
        if entity_type and not m.recovered:
            self.votes[entity_type] += LABEL_WEIGHTS.get(m.voted, 0.5)

    def absorb(self, other: "_Node") -> None:
        self.mentions.extend(other.mentions)
        self.keys.update(other.keys)
        self.votes.update(other.votes)
        self.product += other.product
        self.roles.extend(other.roles)


def resolve(articles: list[Article], *, gazetteer: Gazetteer | None = None,
            corrections: Corrections | None = None, scope: str = "store",
            threads: Mapping[str, str] | None = None, options: ResolveOptions | None = None) -> list[Entity]:
    """Entities named in the articles, resolved within each story, thread or the whole store.

    `threads` maps story id -> thread id for `scope="thread"` (a story not in it is its own
    thread). Articles without a story are one story of their own each under "story" and "thread".
    """
    return resolve_with_report(articles, gazetteer=gazetteer, corrections=corrections, scope=scope,
                               threads=threads, options=options).entities


def resolve_story(articles: list[Article], **kwargs) -> list[Entity]:
    """The entities of one story's articles (all resolved together)."""
    return resolve(articles, scope="store", **kwargs)


def resolve_with_report(articles: list[Article], *, gazetteer: Gazetteer | None = None,
                        corrections: Corrections | None = None, scope: str = "store",
                        threads: Mapping[str, str] | None = None,
                        options: ResolveOptions | None = None) -> Resolution:
    if scope not in SCOPES:
        raise ValueError(f"unknown scope '{scope}' (use {', '.join(SCOPES)})")
    options = options or ResolveOptions()
    rejected: list[tuple[Mention, str]] = []
    entities: list[Entity] = []
    for part in _partition(articles, scope, threads or {}):
        entities.extend(_resolve_part(part, gazetteer, options, rejected))
    _assign_ids(entities)
    unapplied: list[str] = []
    if corrections is not None:
        entities, unapplied = apply_corrections(entities, corrections, rebuild=lambda e: _finish(e, gazetteer))
        _assign_ids(entities, keep_existing=True)
    entities.sort(key=lambda e: (-len(e.mentions), e.name, e.id))
    return Resolution(entities, rejected, unapplied)


def _partition(articles: list[Article], scope: str, threads: Mapping[str, str]) -> list[list[Article]]:
    if scope == "store":
        return [list(articles)] if articles else []
    parts: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        story = article.story_id or f"article:{article.id}"
        parts[threads.get(story, story) if scope == "thread" else story].append(article)
    return list(parts.values())


# --- mentions ---------------------------------------------------------------------------------

def _prepare(article: Article, rejected: list[tuple[Mention, str]], keep_spans: bool = False) -> list[_Mention]:
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
        out.append(_Mention(mention, form, key, article.story_id))
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


def _known_names(prepared: Iterable[_Mention]) -> KnownNames:
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


def _extend_cut_names(text: str, prepared: list[_Mention], known: KnownNames) -> list[_Mention]:
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
                m = _Mention(mention, text[start:m.mention.start] + m.form, key, m.story)
        out.append(m)
    return out


def _with_recovered(article: Article, prepared: list[_Mention], known: KnownNames) -> list[_Mention]:
    prepared = _extend_cut_names(article.text, prepared, known)
    taken = [(m.mention.start, m.mention.end) for m in prepared] + [(m.start, m.end) for m in article.mentions]
    found = recover(article.id, article.text, known, taken)
    extra = []
    for mention in found:
        if _unusable(mention.text) or _not_a_name(article.text, mention) or not_an_entity(article, mention):
            continue
        key = fold(mention.text)
        extra.append(_Mention(mention, mention.text, key, article.story_id, recovered=True))
    return sorted(prepared + extra, key=lambda m: (m.mention.start, m.mention.end))


# --- one article --------------------------------------------------------------------------------

def _article_nodes(article: Article, mentions: list[_Mention], gazetteer: Gazetteer | None,
                   options: ResolveOptions, scope_votes: Mapping[str, Counter]) -> list[_Node]:
    by_key: dict[str, _Node] = {}
    first_seen: dict[str, int] = {}
    for m in mentions:
        node = by_key.get(m.key)
        if node is None:
            node = by_key[m.key] = _Node(article.id, article.story_id)
            first_seen[m.key] = m.mention.start
        node.add(m)
    # Labels pooled over the whole scope: spaCy may call a name FAC here and PERSON elsewhere.
    info = {key: _info(key, scope_votes.get(key) or node.votes, gazetteer) for key, node in by_key.items()}
    parent = {key: key for key in by_key}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    # Short names link to the longer name they abbreviate; a surname shared by two full names
    # goes to the full name written closest before it.
    blocks: dict[str, list[str]] = defaultdict(list)
    for key in by_key:
        for block in _block_keys(info[key]):
            blocks[block].append(key)
    candidates: dict[str, list[tuple[float, str, str]]] = defaultdict(list)
    for keys in blocks.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                result = match(info[a], info[b])
                if result is None or result[1] == "exact":
                    continue
                short, long = (a, b) if len(info[a].tokens) <= len(info[b].tokens) else (b, a)
                candidates[short].append((result[0], result[1], long))
    for short in sorted(candidates, key=lambda k: len(k)):
        options_ = {long: (score, kind) for score, kind, long in candidates[short]}
        if len(options_) > 1:
            people = [long for long, (_, kind) in options_.items() if kind in {"surname", "person"}]
            if len(people) > 1:
                before = [long for long in people if first_seen[long] <= first_seen[short]]
                pool = before or people
                chosen = max(pool, key=lambda k: first_seen[k]) if before else min(pool, key=lambda k: first_seen[k])
                options_ = {chosen: options_[chosen]}
        best = max(options_, key=lambda k: (options_[k][0], len(k)))
        ra, rb = find(short), find(best)
        if ra != rb:
            parent[ra] = rb
    nodes: dict[str, _Node] = {}
    for key, node in by_key.items():
        root = find(key)
        if root == key:
            nodes[root] = node
    for key, node in by_key.items():
        root = find(key)
        if root != key:
            nodes[root].absorb(node)
    out = list(nodes.values())
    for node in out:
        node.key = _primary_key(node)
        _shape_votes(article.text, node)
    if options.link_roles:
        _attach_roles(article.text, out)
    keys = {node.key for node in out}
    for node in out:
        node.context = keys - {node.key}
    return out


def _shape_votes(text: str, node: _Node) -> None:
    """Votes from the name's shape and surroundings, where spaCy's label is often wrong.

    "iPod", "iTunes": a name starting with a lower-case letter then a capital names a product far
    more often than a company (eBay is the known exception). "Ryanair CEO", "Boeing's chairman":
    a name owning a corporate role is an organization.
    """
    for m in node.mentions:  # a recovered mention has no label of its own, but its context is the text's
        form = m.form
        if len(form) > 2 and form[0].islower() and form[1].isupper() and not m.recovered:
            node.votes["other"] += 1.5
        if CORPORATE_ROLE.match(text, m.mention.end) or ORG_NOUN_BEFORE.search(text, max(0, m.mention.start - 40),
                                                                                   m.mention.start):
            node.votes["org"] += 1.5  # more than one label: "retailer Best Buy", spaCy says PERSON
        if AGE_AFTER.match(text, m.mention.end):
            node.votes["person"] += 3.0  # stronger than a few wrong labels: organizations have no age
        if PRODUCT_AFTER.match(text, m.mention.end) or PRODUCT_BEFORE.search(text, max(0, m.mention.start - 40),
                                                                             m.mention.start):
            node.votes["other"] += 1.5  # more than the ORG label spaCy gives most products
            node.product += 1.5
        if MODEL_BEFORE.search(text[max(0, m.mention.start - 12):m.mention.start]):
            node.votes["other"] += 1.5  # "787 Dreamliner": a name after a model number is the model's


def _primary_key(node: _Node) -> str:
    personal = node.votes["person"] > 0
    return max(node.keys, key=lambda k: ((len(k.split()) if personal else 0), node.keys[k], len(k), k))


def _attach_roles(text: str, nodes: list[_Node]) -> None:
    for node in nodes:
        if node.votes["person"] <= 0 or node.votes["person"] < max(node.votes.values()):
            continue
        for m in node.mentions:
            if m.recovered:
                continue
            start, _ = name_core(m.mention.text, person=True)
            for role in roles_near(text, m.mention.start, m.mention.end, m.mention.start + start):
                node.roles.append(role.text)


def _info(key: str, votes: Counter, gazetteer: Gazetteer | None) -> NameInfo:
    place = None
    if gazetteer is not None and (votes["place"] > 0 or votes["group"] > 0 or not votes):
        place = gazetteer.lookup(key)
    info = NameInfo(key, votes, place)
    if gazetteer is not None and len(info.tokens) >= 2 and (votes["org"] > 0 or not votes):
        for n in (2, 1):
            if n < len(info.tokens) and gazetteer.lookup(" ".join(info.tokens[:n])) is not None:
                info.place_prefix = n
                break
    return info


# --- blocking and merging across articles ---------------------------------------------------------

def _block_keys(info: NameInfo) -> set[str]:
    keys = {"k:" + info.key}
    for token in info.tokens:
        if len(token) >= 2:
            keys.add("t:" + token)
            if len(token) >= 5:
                keys.update("d:" + token[:i] + token[i + 1:] for i in range(len(token)))
                keys.add("d:" + token)
    if info.acronym:
        keys.add("t:" + info.acronym)
    listed = known_org(info.key)
    if listed is not None:
        keys.add("c:" + fold(listed[0]))
    if info.place is not None:
        keys.add(f"g:{info.place.name}|{info.place.country}|{info.place.lat}")
    return keys


class _Group:
    """Article nodes that share a primary key (surname-only people: and a story)."""

    __slots__ = ("key", "nodes", "votes", "stories", "context", "info")

    def __init__(self, key: str) -> None:
        self.key = key
        self.nodes: list[_Node] = []
        self.votes: Counter = Counter()
        self.stories: set[str] = set()
        self.context: Counter = Counter()
        self.info: NameInfo | None = None

    def add(self, node: _Node) -> None:
        self.nodes.append(node)
        self.votes.update(node.votes)
        if node.story:
            self.stories.add(node.story)
        self.context.update(node.context)


class _Clusters:
    """Union-find over groups that refuses merges breaking a cannot-link rule."""

    def __init__(self, groups: list[_Group]) -> None:
        self.parent = list(range(len(groups)))
        self.people = [
            {g.info.tokens} if len(g.info.tokens) >= 2 and g.info.personal else set() for g in groups
        ]
        self.places = [{g.info.place} if g.info.place is not None and g.info.share("place") >= 0.5 else set()
                       for g in groups]
        # long names that are not people's (people have their own rule: "J. Smith" is "John Smith")
        self.long = [{k for node in g.nodes for k in node.keys if acronym(k)} if g.info.share("person") < 0.5 else set()
                     for g in groups]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def can_merge(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if len(self.places[ra] | self.places[rb]) > 1:
            return False
        if any(_acronym_conflict(x, y) for x in self.long[ra] for y in self.long[rb]):
            return False
        return not any(person_conflict(x, y) for x in self.people[ra] for y in self.people[rb])

    def merge(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if len(self.people[ra]) < len(self.people[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.people[ra] |= self.people[rb]
        self.places[ra] |= self.places[rb]
        self.long[ra] |= self.long[rb]


def _acronym_conflict(a: str, b: str) -> bool:
    """Two different long names sharing only their initials ("American Pie", "Associated Press": both
    "AP") are two entities, whatever short form links each of them; spelling variants ("Betty Ford
    Center" / "Centre") are not different names."""
    if a == b or acronym(a) != acronym(b):
        return False
    wa, wb = a.split(), b.split()
    if len(wa) == len(wb) and wa[:-1] == wb[:-1] and {wa[-1], wb[-1]} <= FACILITY_HEADS:
        return False  # one clinic: "Betty Ford Center" / "Betty Ford Clinic"
    return len(wa) != len(wb) or any(x[:3] != y[:3] for x, y in zip(wa, wb))


def _groups(nodes: list[_Node], gazetteer: Gazetteer | None) -> list[_Group]:
    groups: dict[tuple[str, str | None], _Group] = {}
    for node in nodes:
        single_person = " " not in node.key and node.votes["person"] > 0
        slot = (node.key, node.story if single_person else None)
        group = groups.get(slot)
        if group is None:
            group = groups[slot] = _Group(node.key)
        group.add(node)
    out = list(groups.values())
    for group in out:
        group.info = _info(group.key, group.votes, gazetteer)
    return out


def _supported(a: _Group, b: _Group) -> bool:
    """Story or context backs a weak link: same story, or at least two shared co-occurring names."""
    if a.stories & b.stories:
        return True
    small, large = (a.context, b.context) if len(a.context) <= len(b.context) else (b.context, a.context)
    shared = sum(1 for key in small if key in large)
    return shared >= 2 or (shared >= 1 and (a.key in b.context or b.key in a.context))


def _cluster(groups: list[_Group]) -> list[list[_Group]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        for block in _block_keys(group.info):
            blocks[block].append(i)
    seen: set[tuple[int, int]] = set()
    edges: list[tuple[float, int, int, str]] = []
    for block, members in blocks.items():
        if len(members) < 2:
            continue
        if len(members) > _MAX_BLOCK:
            token = block[2:]
            shorts = [i for i in members if groups[i].key == token]
            pairs = ((s, o) for s in shorts for o in members if o != s)
        else:
            pairs = ((a, b) for n, a in enumerate(members) for b in members[n + 1:])
        for a, b in pairs:
            pair = (a, b) if a < b else (b, a)
            if pair in seen:
                continue
            seen.add(pair)
            result = match(groups[a].info, groups[b].info)
            if result is None:
                continue
            score, kind = result
            weak = kind in WEAK or (kind == "exact" and groups[a].info.personal and len(groups[a].info.tokens) == 1)
            if weak and not _supported(groups[a], groups[b]):
                continue
            edges.append((score, pair[0], pair[1], kind))
    clusters = _Clusters(groups)
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    deferred = []
    for score, a, b, kind in edges:
        if kind in UNIQUE:
            deferred.append((a, b))
        elif clusters.can_merge(a, b):
            clusters.merge(a, b)
    # A lone surname, first name or acronym joins a longer name only when one entity in the scope fits.
    options: dict[int, set[int]] = defaultdict(set)
    for a, b in deferred:
        short, long = (a, b) if len(groups[a].info.tokens) <= len(groups[b].info.tokens) else (b, a)
        options[short].add(clusters.find(long))
    for short, roots in sorted(options.items()):
        roots = {clusters.find(r) for r in roots}
        if len(roots) == 1:
            target = next(iter(roots))
            if clusters.can_merge(short, target):
                clusters.merge(short, target)
    members: dict[int, list[_Group]] = defaultdict(list)
    for i, group in enumerate(groups):
        members[clusters.find(i)].append(group)
    return list(members.values())


# --- entities -----------------------------------------------------------------------------------

def _resolve_part(articles: list[Article], gazetteer: Gazetteer | None, options: ResolveOptions,
                  rejected: list[tuple[Mention, str]]) -> list[Entity]:
    prepared = {a.id: _prepare(a, rejected, options.keep_spans) for a in articles}
    _surnames_as_people(prepared.values(), gazetteer)
    _places_as_teams(articles, prepared, gazetteer)
    known = _known_names(m for ms in prepared.values() for m in ms) if options.recover_mentions else None
    scope_votes: dict[str, Counter] = defaultdict(Counter)
    for ms in prepared.values():
        for m in ms:
            entity_type = LABEL_TYPES.get(m.voted)
            if entity_type:
                scope_votes[m.key][entity_type] += LABEL_WEIGHTS[m.voted]
    nodes: list[_Node] = []
    for article in articles:
        mentions = prepared[article.id]
        if known is not None:
            mentions = _with_recovered(article, mentions, known)
        nodes.extend(_article_nodes(article, mentions, gazetteer, options, scope_votes))
    groups = _groups(nodes, gazetteer)
    clusters = _cluster(groups)
    countries = _countries_in(groups)
    outlets = {a.id: a.publisher or a.source or a.id for a in articles}
    entities = []
    for cluster in clusters:
        entity = _entity([n for g in cluster for n in g.nodes], gazetteer, countries, outlets)
        if entity is not None:
            entities.append(entity)
    if options.link_roles:
        _link_role_mentions(articles, entities)
    if options.link_person_nouns:
        entities = _link_person_nouns(articles, entities)
    return entities


def _surnames_as_people(prepared: Iterable[list[_Mention]], gazetteer: Gazetteer | None) -> None:
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


# "in Indianapolis", "to Kansas City": a place name after these is the place, not its team
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|to|from|near|outside|into|around|across|through|of|visit(?:ed|ing|s)?)"
                              r"(?: the)? $", re.I)
# plural last words of organizations that are no team's nickname ("New York Times", "Kosovo Airlines")
_NOT_NICKNAMES = frozenset({"times", "news", "airlines", "airways", "industries", "services", "systems", "studios",
                            "sciences", "arts", "affairs", "nations", "states", "forces", "operations", "relations",
                            "communications", "holdings", "partners", "associates", "brothers", "sons", "records",
                            "pictures", "games", "sports", "motors", "networks", "railways", "works", "hospitals"})


def _places_as_teams(articles: list[Article], prepared: Mapping[str, list[_Mention]],
                     gazetteer: Gazetteer | None) -> None:
    """A place name used for its team: where the scope names one organization "<place> <Nickname>s"
    ("Indianapolis Colts", "Kansas City Chiefs"), the place's bare name not after "in", "at", "to" and
    the like ("Indianapolis beat Miami") is the team (metonymy). The place's other mentions stay the place."""
    if gazetteer is None:
        return
    labels: dict[str, Counter] = defaultdict(Counter)
    for ms in prepared.values():
        for m in ms:
            labels[m.key][m.mention.label] += 1
    teams: dict[str, set[str]] = defaultdict(set)
    for key, said in labels.items():
        words = key.split()
        if len(words) < 2 or said["ORG"] * 2 <= sum(said.values()):
            continue
        nickname, place = words[-1], " ".join(words[:-1])
        # a people's name is no nickname: "Kosovo Serbs", when "Serbs" alone is NORP somewhere in the scope
        if (nickname.endswith("s") and len(nickname) >= 4 and nickname not in ORG_HEADS
                and nickname not in _NOT_NICKNAMES and not labels.get(nickname, Counter())["NORP"]
                and not labels.get(nickname[:-1], Counter())["NORP"] and not nickname[:-1].endswith(DEMONYM_ENDINGS)
                and gazetteer.lookup(place) is not None):
            teams[place].add(key)
    if not teams:
        return
    texts = {a.id: a.text for a in articles}
    for article_id, ms in prepared.items():
        text = texts.get(article_id, "")
        for m in ms:
            team = teams.get(m.key)
            if (team is None or len(team) != 1 or m.mention.label not in ("GPE", "ORG", "LOC")
                    or _LOCATIVE_BEFORE.search(text[max(0, m.mention.start - 20):m.mention.start])):
                continue
            m.key, m.label = next(iter(team)), "ORG"


def _link_person_nouns(articles: list[Article], entities: list[Entity]) -> list[Entity]:
    """Each mention of an entity named only by a lone person noun ("Host", "Suspect") joins the person its
    article names most, when one person is named there more than any other; the rest stays as it was.
    The article's whole text is counted, not only its mentions: a headline's "Star" is often the one
    mention a name-less sentence gives (gold mentions cover a few sentences)."""
    nouns = [e for e in entities if e.lat is None and e.mentions and all(person_noun(m.text) for m in e.mentions)]
    if not nouns:
        return entities
    people = [e for e in entities if e.type == "person" and e not in nouns]
    texts = {a.id: a.text for a in articles}
    patterns = [_spellings_pattern(p) for p in people]
    counts: dict[str, Counter] = {}

    def named_in(article_id: str) -> Counter:
        if article_id not in counts:
            text = texts.get(article_id, "")
            counts[article_id] = Counter({i: n for i, pattern in enumerate(patterns)
                                          if pattern is not None and (n := len(pattern.findall(text)))})
        return counts[article_id]

    for noun in nouns:
        kept = []
        for m in noun.mentions:
            ranked = sorted(named_in(m.article_id).items(), key=lambda kv: (-kv[1], kv[0]))[:2]
            if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) \
                    and _may_be(people[ranked[0][0]], m.text):
                people[ranked[0][0]].mentions.append(m)
            else:
                kept.append(m)
        noun.mentions = kept
    for person in people:
        person.mentions.sort(key=lambda m: (m.article_id, m.start, m.end))
    return [e for e in entities if e.mentions]


# Nouns for someone who deals with the person a report is about, rarely for that person: "Lawyer" and
# "Judge" in a report on an actress's trial are two other people. One goes to the most named person
# only when a role of theirs says it ("President" for the president).
COUNTERPART_NOUNS = frozenset({"lawyer", "attorney", "judge", "prosecutor", "president", "publicist", "rep",
                               "spokesman", "spokeswoman", "spokesperson", "agent", "doctor", "nurse"})


def _may_be(person: Entity, noun: str) -> bool:
    """Whether a lone person noun can be the person: any noun but a counterpart's, or one their roles give."""
    words = fold(noun).split()
    word = re.sub(r"['’]s$", "", words[-1]) if words else ""
    if word not in COUNTERPART_NOUNS:
        return True
    return any(word in re.split(r"[\s-]+", fold(role)) for role in person.roles)


def _spellings_pattern(person: Entity) -> re.Pattern | None:
    """A person's spellings of two or more letters, longest first, as whole words."""
    forms = sorted({f for f in (name_form(m.text, person=True) for m in person.mentions) if len(f) >= 2}
                   | {person.name}, key=len, reverse=True)
    forms = [f for f in forms if not person_noun(f)]
    if not forms:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")


def _countries_in(groups: list[_Group]) -> frozenset[str]:
    return frozenset(g.info.place.country for g in groups
                     if g.info.place is not None and g.info.place.kind == "country")


def _entity(nodes: list[_Node], gazetteer: Gazetteer | None, countries: frozenset[str],
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
    entity.type = _vote(votes, forms, roles, gazetteer, product=sum(node.product for node in nodes))
    written: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        written[m.form].add((outlets or {}).get(m.mention.article_id, m.mention.article_id))
    entity.name = _canonical(forms, entity.type, written, gazetteer)
    entity.aliases = [form for form, _ in forms.most_common() if form != entity.name]
    entity.roles = [role for role, _ in roles.most_common()]
    _place(entity, forms, gazetteer, countries)
    return entity


def _vote(votes: Counter, forms: Counter, roles: Counter, gazetteer: Gazetteer | None, product: float = 0.0) -> str:
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


def _canonical(forms: Counter, entity_type: str, attested: Mapping[str, int | Collection[str]] | None = None,
               gazetteer: Gazetteer | None = None) -> str:
    """The most complete, most frequent correctly spelled form: for people a full name beats a surname,
    for organizations a listed canonical name ("European Union" over "EU"), the long form of an acronym
    or the name with its company suffix ("Quillbyte Systems"). Among forms as complete, a place the
    gazetteer knows beats one it does not, then the spelling whose words more outlets write wins over
    one more mentions give: `attested` gives the outlets writing each form (a set of names, or a count when
    only that is known), so one outlet's repeated "Annalena Bearbock" loses to the "Baerbock" three others
    write; an outlet writing a word in two forms ("Bearbock", "Annalena Bearbock") counts once for it."""
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


def _finish(entity: Entity, gazetteer: Gazetteer | None) -> Entity:
    """Recompute type-dependent fields after a correction changed the mentions."""
    forms = Counter(name_form(m.text, person=entity.type == "person") for m in entity.mentions
                    if m.label != ROLE_LABEL)
    entity.lat = entity.lon = entity.country = None
    _place(entity, forms, gazetteer, frozenset())
    return entity


def _link_role_mentions(articles: list[Article], entities: list[Entity]) -> None:
    """Role phrases met on their own go to the one person of the story who holds that role."""
    by_story: dict[str | None, list[Article]] = defaultdict(list)
    for article in articles:
        by_story[article.story_id].append(article)
    for story_articles in by_story.values():
        ids = {a.id for a in story_articles}
        people = [e for e in entities
                  if e.type == "person" and e.roles and any(m.article_id in ids for m in e.mentions)]
        if not people:
            continue
        index = RoleIndex((role_core(role), str(i)) for i, e in enumerate(people) for role in e.roles)
        for article in story_articles:
            found = index.find(article.text)
            if not found:
                continue
            taken = [(m.start, m.end) for e in entities for m in e.mentions if m.article_id == article.id]
            taken += [(r.start, r.end) for e in people for m in e.mentions if m.article_id == article.id
                      for r in roles_near(article.text, m.start, m.end)]
            for person, role in found:
                if any(s < role.end and role.start < e for s, e in taken):
                    continue
                people[int(person)].mentions.append(Mention(article.id, role.start, role.end, role.text, ROLE_LABEL))
                taken.append((role.start, role.end))
        for e in people:
            e.mentions.sort(key=lambda m: (m.article_id, m.start, m.end))


def entity_key(entity: Entity) -> str:
    """The stable key corrections refer to: type and folded canonical name ("person:jens stoltenberg")."""
    return f"{entity.type}:{fold(entity.name)}"


def _assign_ids(entities: list[Entity], keep_existing: bool = False) -> None:
    """ "e-" + a short hash of the entity's key; a second entity with the same key adds its first mention."""
    used: set[str] = {e.id for e in entities if keep_existing and e.id}
    for entity in sorted(entities, key=lambda e: (-len(e.mentions), e.name)):
        if keep_existing and entity.id:
            continue
        key = entity_key(entity)
        candidate = "e-" + hashlib.sha1(key.encode()).hexdigest()[:12]
        if candidate in used and entity.mentions:
            first = entity.mentions[0]
            candidate = "e-" + hashlib.sha1(f"{key}@{first.article_id}:{first.start}".encode()).hexdigest()[:12]
        used.add(candidate)
        entity.id = candidate
