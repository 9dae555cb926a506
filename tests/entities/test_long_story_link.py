"""Linking one long story to the store-wide index (a text read in parts: thousands of entities in one
story) keeps the same co-occurring entities as counting them all (its cost, near-linear since ec5635c, is
measured by benchmarks, not here: docs/pipeline.md)."""

from __future__ import annotations

import json
import random
from collections import Counter

from newsfuse.entities.index import CONTEXT_KEPT, LocalEntity, kept_context

SYLLABLES = ["ka", "ren", "vo", "lis", "dar", "mi", "tas", "bel", "on", "gri", "sa", "hul", "te", "nor", "zi"]


def story_entities(count: int, seed: int = 3, lone: bool = True) -> list[LocalEntity]:
    """`count` distinct made-up people, lone surnames (unless `lone` is False) and places, as a long
    generated report names them."""
    rng = random.Random(seed)

    def name() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    out: list[LocalEntity] = []
    seen: set[tuple[str, str]] = set()
    while len(out) < count:
        draw = rng.random()
        if draw < 0.6 or not lone:
            written, kind = f"{name()} {name()}", "person" if draw < 0.8 else "place"
        else:
            written, kind = name(), "person" if draw < 0.8 else "place"
        if (written, kind) in seen:
            continue
        seen.add((written, kind))
        mentions = rng.randint(1, 4)
        out.append(LocalEntity(f"L{len(out):06d}", written, kind, {written: mentions}, {}, mentions,
                               written={written: 1}, outlets={written: {"wire": 1}}))
    return out


def test_each_entity_keeps_the_co_occurring_entities_counting_them_all_gives(memory_index):
    index = memory_index()
    # full names only, so that no entity is merged into another; the third story repeats the first
    stories = [story_entities(150, seed=s, lone=False) for s in (1, 2, 1)]
    expected: dict[str, Counter] = {}
    for number, locals_ in enumerate(stories):
        linked = index.link(f"s{number}", locals_)
        targets = set(linked.values())
        for target in targets:
            # what is kept after each story, as a story adds its other entities to the kept ones
            counted = Counter(expected.get(target, {}))
            counted.update(targets - {target})
            expected[target] = Counter(kept_context(counted))
    stored = {entity_id: json.loads(profile)["context"]
              for entity_id, profile in index.conn.execute("SELECT id, profile FROM ent_entities")}
    assert len(stored) > CONTEXT_KEPT and all(len(c) == CONTEXT_KEPT for c in stored.values())
    assert stored == {entity_id: dict(context) for entity_id, context in expected.items()}
