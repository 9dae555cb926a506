"""Read the ECB+ corpus as published: token-level XML documents with event and entity mentions.

Each document becomes plain text (tokens joined by spaces, one sentence per line) with every
mention's character offsets into that text and its gold coreference cluster. Cross-document
clusters come from `CROSS_DOC_COREF` (the target's `instance_id`), within-document ones from
`INTRA_DOC_COREF`; a mention in neither is a singleton.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsfuse.errors import InputError
from newsfuse.eval.datasets.tokens import detokenize

# Standard split (Cybulska & Vossen 2015): dev topics; train = the rest of 1-35; test = 36-45.
DEV_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})
FILE_RE = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.xml$")


@dataclass(slots=True, frozen=True)
class EcbMention:
    kind: str  # "event" or "entity"
    tag: str  # ACTION_OCCURRENCE, HUMAN_PART_PER, LOC_GEO, ...
    start: int
    end: int
    text: str
    sentence: int
    cluster: str  # gold cluster id; unique per mention for singletons


@dataclass(slots=True)
class EcbDocument:
    name: str  # e.g. "1_10ecb"
    topic: int
    subtopic: str  # "1ecb" or "1ecbplus": one real-world event
    text: str
    sentence_starts: list[int]
    mentions: list[EcbMention] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.text.split("\n", 1)[0]


def split_topics(split: str) -> frozenset[int] | None:
    """Topics of a named split present in the development data ("all" means every topic)."""
    if split == "dev":
        return DEV_TOPICS
    if split == "train":
        return frozenset(t for t in range(1, 36) if t not in DEV_TOPICS)
    if split == "all":
        return None
    raise InputError(f"unknown ECB+ split '{split}' (use train, dev or all)")


def load_annotated_sentences(root: Path) -> dict[str, set[int]]:
    """Which sentences of each document were fully annotated (ECBplus_coreference_sentences.csv)."""
    path = root / "ECBplus_coreference_sentences.csv"
    annotated: dict[str, set[int]] = {}
    if not path.exists():
        return annotated
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = f"{row['Topic']}_{row['File']}"
            annotated.setdefault(name, set()).add(int(row["Sentence Number"]))
    return annotated


def iter_documents(root: Path | str, topics: Iterable[int] | None = None) -> list[EcbDocument]:
    """All documents of the given topics (all topics when None), sorted by name."""
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"ECB+ folder not found: {root}", path=str(root))
    wanted = set(topics) if topics is not None else None
    docs = []
    for path in sorted(root.glob("*/*.xml")):
        match = FILE_RE.match(path.name)
        if not match or (wanted is not None and int(match.group(1)) not in wanted):
            continue
        docs.append(read_document(path))
    return docs


def read_document(path: Path) -> EcbDocument:
    match = FILE_RE.match(path.name)
    if not match:
        raise InputError(f"not an ECB+ document name: {path.name}", path=str(path))
    topic, kind = int(match.group(1)), match.group(3)
    root = ET.parse(path).getroot()

    text, offsets, sentence_starts = detokenize(root)

    name = path.stem
    clusters = _gold_clusters(root, name)
    mentions = []
    markables = root.find("Markables")
    for markable in markables if markables is not None else []:
        anchors = [offsets[a.get("t_id")] for a in markable.findall("token_anchor") if a.get("t_id") in offsets]
        if not anchors:
            continue  # an instance placeholder, not a mention in the text
        start, end = min(a[0] for a in anchors), max(a[1] for a in anchors)
        tag = markable.tag
        m_id = markable.get("m_id")
        mentions.append(EcbMention(
            kind="event" if "ACTION" in tag else "entity",
            tag=tag, start=start, end=end, text=text[start:end], sentence=anchors[0][2],
            cluster=clusters.get(m_id, f"{name}/singleton/{m_id}"),
        ))
    mentions.sort(key=lambda m: (m.start, m.end))
    return EcbDocument(name=name, topic=topic, subtopic=f"{topic}{kind}", text=text,
                       sentence_starts=sentence_starts, mentions=mentions)


def _gold_clusters(root: ET.Element, name: str) -> dict[str, str]:
    instance_of = {m.get("m_id"): m.get("instance_id") for m in root.iter() if m.get("instance_id")}
    clusters: dict[str, str] = {}
    relations = root.find("Relations")
    for relation in relations if relations is not None else []:
        target = relation.find("target")
        if target is None:
            continue
        target_id = target.get("m_id")
        if relation.tag == "CROSS_DOC_COREF" and instance_of.get(target_id):
            cluster = instance_of[target_id]
        elif relation.tag == "INTRA_DOC_COREF":
            cluster = f"{name}/intra/{target_id}"
        else:
            continue
        for source in relation.findall("source"):
            clusters[source.get("m_id")] = cluster
    return clusters
