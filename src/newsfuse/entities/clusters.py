"""Article nodes merged across articles: groups by key, candidate pairs only from shared blocking keys.

Pairs are scored by `similarity.match` and merged best first unless the merge would join two people whose
first names differ, two different gazetteer places or two long names sharing only their initials; a weak
link needs the story or shared context, and a lone surname or acronym joins only the one name that fits.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Set

from newsfuse.entities.gazetteer import Gazetteer
from newsfuse.entities.nodes import Node, block_keys, name_info
from newsfuse.entities.normalize import acronym
from newsfuse.entities.similarity import UNIQUE, WEAK, NameInfo, acronym_conflict, match, person_conflict


_MAX_BLOCK = 400  # candidate blocks larger than this only pair their one-word name with the longer ones


class Group:
    """Article nodes that share a primary key (surname-only people: and a story)."""

    __slots__ = ("key", "nodes", "votes", "stories", "contexts", "info")

    def __init__(self, key: str) -> None:
        self.key = key
        self.nodes: list[Node] = []
        self.votes: Counter = Counter()
        self.stories: set[str] = set()
        # article id -> the names co-occurring there (`Node.context`, one set per article, shared
        # by its nodes): the group's context is their union less its own key, never copied, so it
        # costs nothing per node however many names a long article holds
        self.contexts: dict[str, Set[str]] = {}
        self.info: NameInfo | None = None

    def add(self, node: Node) -> None:
        self.nodes.append(node)
        self.votes.update(node.votes)
        if node.story:
            self.stories.add(node.story)
        self.contexts.setdefault(node.article_id, node.context)

    def in_context(self, key: str) -> bool:
        """Whether `key` names something co-occurring with this group's name in one of its articles."""
        return key != self.key and any(key in names for names in self.contexts.values())

    def context_names(self) -> Iterator[str]:
        """The names of the group's context, each once."""
        contexts = list(self.contexts.values())
        if len(contexts) == 1:
            yield from (key for key in contexts[0] if key != self.key)
            return
        seen = {self.key}
        for names in contexts:
            for key in names:
                if key not in seen:
                    seen.add(key)
                    yield key

    def context_size(self) -> int:
        """An upper bound of the context's size (cheap: the sizes of its articles' sets)."""
        return sum(len(names) for names in self.contexts.values())


class _Clusters:
    """Union-find over groups that refuses merges breaking a cannot-link rule."""

    def __init__(self, groups: list[Group]) -> None:
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
        if any(acronym_conflict(x, y) for x in self.long[ra] for y in self.long[rb]):
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


def groups_of(nodes: list[Node], gazetteer: Gazetteer | None) -> list[Group]:
    groups: dict[tuple[str, str | None], Group] = {}
    for node in nodes:
        single_person = " " not in node.key and node.votes["person"] > 0
        slot = (node.key, node.story if single_person else None)
        group = groups.get(slot)
        if group is None:
            group = groups[slot] = Group(node.key)
        group.add(node)
    out = list(groups.values())
    for group in out:
        group.info = name_info(group.key, group.votes, gazetteer)
    return out


def _supported(a: Group, b: Group) -> bool:
    """Story or context backs a weak link: same story, or at least two shared co-occurring names."""
    if a.stories & b.stories:
        return True
    needed = 1 if a.in_context(b.key) or b.in_context(a.key) else 2
    small, large = (a, b) if a.context_size() <= b.context_size() else (b, a)
    shared = 0
    for key in small.context_names():
        if large.in_context(key):
            shared += 1
            if shared >= needed:
                return True
    return False


def clusters_of(groups: list[Group]) -> list[list[Group]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        for block in block_keys(group.info):
            blocks[block].append(i)
    seen: set[tuple[int, int]] = set()
    edges: list[tuple[float, int, int, str]] = []
    for block, members in sorted(blocks.items()):  # a pair's first block orients it: not by set order
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
    members: dict[int, list[Group]] = defaultdict(list)
    for i, group in enumerate(groups):
        members[clusters.find(i)].append(group)
    return list(members.values())
