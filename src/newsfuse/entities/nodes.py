"""One article's mentions of one entity as a node: same key, surname to full name, acronym to long form.

Each node carries the type votes of its mentions and of the words around them (a name's shape, "retailer
Best Buy", "Papermaster, 49,"), the roles written next to a person and the names it co-occurs with;
`ScopeNames` keeps what every article of the scope shares about a name, computed once.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping

from newsfuse.models import Article
from newsfuse.entities.gazetteer import Gazetteer
from newsfuse.entities.known import known_org
from newsfuse.entities.mentions import LABEL_WEIGHTS, PreparedMention, ResolveOptions
from newsfuse.entities.normalize import LABEL_TYPES, fold, name_core
from newsfuse.entities.roles import roles_near
from newsfuse.entities.similarity import NameInfo, match


CORPORATE_ROLE = re.compile(
    r"(?:'s|’s)? (?:CEO|CFO|COO|chief executive|chairman|chairwoman|shareholders|shares|stock)\b")
ORG_NOUN_BEFORE = re.compile(
    r"\b(?:airline|carrier|company|firm|maker|manufacturer|airframer|retailer|bank|broadcaster|newspaper|"
    r"magazine|publisher|conglomerate|automaker|carmaker|supplier|operator|insurer|lender|giant|agency),? $")
# "Papermaster, 49,": an age in apposition is said of a person
AGE_AFTER = re.compile(r",? (?:aged )?\d{1,2},")
# what is said of a product, not of its maker: "Mac OS", "Macintosh users", "MacBook Air laptops" after
# the name; "version of", "web browser", "unveiled" before it. A maker named this way ("Airbus
# aircraft") has the votes of its other mentions.
PRODUCT_AFTER = re.compile(
    r"(?:'s|’s)? (?:OS\b|operating system|software|laptops?|notebooks?|computers?|desktops?|smartphones?|"
    r"handsets?|tablets?|devices?|browser|users|line(?:up)? of|models?|range)\b")
PRODUCT_BEFORE = re.compile(
    r"\b(?:versions? of|(?:web )?browser|operating system|software|suite|(?:unveil|launch|releas|introduc)(?:ed|es|e|ing)"
    r"(?: (?:the|its|a|their))?(?: (?:new|newest|latest|first))?) $")
MODEL_BEFORE = re.compile(r"(?<![\w-])(?:[A-Z]{0,2}\d{2,}[A-Z0-9-]*) ?(?:``|\"|“)?$")


class Node:
    """The mentions of one entity inside one article."""

    __slots__ = ("article_id", "story", "mentions", "keys", "votes", "product", "roles", "key", "context")

    def __init__(self, article_id: str, story: str | None) -> None:
        self.article_id = article_id
        self.story = story
        self.mentions: list[PreparedMention] = []
        self.keys: Counter = Counter()
        self.votes: Counter = Counter()
        self.product = 0.0  # of the "other" votes, those a product's context gave ("Mac OS", "version of")
        self.roles: list[str] = []
        self.key = ""
        self.context: frozenset[str] = frozenset()

    def add(self, m: PreparedMention) -> None:
        self.mentions.append(m)
        self.keys[m.key] += 1
        entity_type = LABEL_TYPES.get(m.voted)
        if entity_type and not m.recovered:
            self.votes[entity_type] += LABEL_WEIGHTS.get(m.voted, 0.5)

    def absorb(self, other: "Node") -> None:
        self.mentions.extend(other.mentions)
        self.keys.update(other.keys)
        self.votes.update(other.votes)
        self.product += other.product
        self.roles.extend(other.roles)


class ScopeNames:
    """What the articles of one scope share about each name, computed once for all of them: its evidence
    (from the labels pooled over the scope), its blocking keys and how two names match."""

    __slots__ = ("votes", "gazetteer", "infos", "keys", "matches")

    def __init__(self, votes: Mapping[str, Counter], gazetteer: Gazetteer | None) -> None:
        self.votes = votes
        self.gazetteer = gazetteer
        self.infos: dict[str, NameInfo] = {}
        self.keys: dict[str, set[str]] = {}
        self.matches: dict[tuple[str, str], tuple[float, str] | None] = {}

    def info(self, key: str, own: Counter) -> NameInfo:
        """The name's evidence: the scope's votes, or the article's own for a name only recovered there."""
        pooled = self.votes.get(key)
        if not pooled:
            return name_info(key, own, self.gazetteer)
        info = self.infos.get(key)
        if info is None:
            info = self.infos[key] = name_info(key, pooled, self.gazetteer)
        return info

    def blocks(self, key: str, info: NameInfo) -> set[str]:
        if self.infos.get(key) is not info:
            return block_keys(info)
        keys = self.keys.get(key)
        if keys is None:
            keys = self.keys[key] = block_keys(info)
        return keys

    def match(self, a: str, b: str, info: Mapping[str, NameInfo]) -> tuple[float, str] | None:
        if self.infos.get(a) is not info[a] or self.infos.get(b) is not info[b]:
            return match(info[a], info[b])
        pair = (a, b)
        if pair not in self.matches:
            self.matches[pair] = match(info[a], info[b])
        return self.matches[pair]


def article_nodes(article: Article, mentions: list[PreparedMention], options: ResolveOptions,
                   cache: ScopeNames) -> list[Node]:
    by_key: dict[str, Node] = {}
    first_seen: dict[str, int] = {}
    for m in mentions:
        node = by_key.get(m.key)
        if node is None:
            node = by_key[m.key] = Node(article.id, article.story_id)
            first_seen[m.key] = m.mention.start
        node.add(m)
    # Labels pooled over the whole scope: spaCy may call a name FAC here and PERSON elsewhere.
    info = {key: cache.info(key, node.votes) for key, node in by_key.items()}
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
        for block in cache.blocks(key, info[key]):
            blocks[block].append(key)
    candidates: dict[str, list[tuple[float, str, str]]] = defaultdict(list)
    for keys in blocks.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                result = cache.match(a, b, info)
                if result is None or result[1] == "exact":
                    continue
                short, long = (a, b) if len(info[a].tokens) <= len(info[b].tokens) else (b, a)
                candidates[short].append((result[0], result[1], long))
    # every order below is by the text, never by the blocks' (set) order: equal-length shorts in the order
    # written, and among longs as good the one written first, so the nodes are the same whatever the hash seed
    def written(key: str) -> tuple[int, str]:
        return first_seen[key], key

    for short in sorted(candidates, key=lambda k: (len(k), *written(k))):
        options_ = {long: (score, kind) for score, kind, long in candidates[short]}
        if len(options_) > 1:
            people = [long for long, (_, kind) in options_.items() if kind in {"surname", "person"}]
            if len(people) > 1:
                before = [long for long in people if first_seen[long] <= first_seen[short]]
                pool = before or people
                chosen = max(pool, key=written) if before else min(pool, key=written)
                options_ = {chosen: options_[chosen]}
        best = max(options_, key=lambda k: (options_[k][0], len(k), -first_seen[k], k))
        ra, rb = find(short), find(best)
        if ra != rb:
            parent[ra] = rb
    nodes: dict[str, Node] = {}
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
    # one set of the article's names shared by its nodes (each node's own key is left out where the
    # context is read, `clusters.Group`): a set per node was quadratic in a long article's names
    names = frozenset(node.key for node in out)
    for node in out:
        node.context = names
    return out


def _shape_votes(text: str, node: Node) -> None:
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


def _primary_key(node: Node) -> str:
    personal = node.votes["person"] > 0
    return max(node.keys, key=lambda k: ((len(k.split()) if personal else 0), node.keys[k], len(k), k))


def _attach_roles(text: str, nodes: list[Node]) -> None:
    for node in nodes:
        if node.votes["person"] <= 0 or node.votes["person"] < max(node.votes.values()):
            continue
        for m in node.mentions:
            if m.recovered:
                continue
            start, _ = name_core(m.mention.text, person=True)
            for role in roles_near(text, m.mention.start, m.mention.end, m.mention.start + start):
                node.roles.append(role.text)


def name_info(key: str, votes: Counter, gazetteer: Gazetteer | None) -> NameInfo:
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


def block_keys(info: NameInfo) -> set[str]:
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
