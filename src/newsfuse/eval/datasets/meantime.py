"""Read the MEANTIME corpus (CAT XML) as published: text, entity mentions and their coreference.

Each document becomes readable text (tokens detokenized, one sentence per line: the title is
sentence 0 and the date line sentence 1) with every entity mention's character offsets, its
syntactic type (NAM, NOM, PRO, PRE.NAM, APP, ...), the type of the entity it refers to (PER, ORG,
LOC, PRO, FIN) and its gold cluster. A mention points at an entity with `REFERS_TO`; an entity
with an `instance_id` is a corpus-level (cross-document) instance, one without is local to the
document, and a mention that refers to nothing is a singleton.

Document-level annotation covers the first sentences of each article only (`annotated_until`);
mentions further down were added at the corpus level, for cross-document instances, and carry no
syntactic type (`syntactic_type is None`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsfuse.errors import InputError
from newsfuse.eval.datasets.tokens import detokenize

# MEANTIME entity types -> newsfuse entity types (products and financial entities are "other").
COARSE_TYPES = {"PER": "person", "ORG": "org", "LOC": "place", "PRO": "other", "FIN": "other"}



@dataclass(slots=True, frozen=True)
class MeantimeMention:
    m_id: str
    start: int
    end: int
    text: str
    sentence: int
    syntactic_type: str | None  # NAM, NOM, PRO, PRE.NAM, APP, CONJ, ... or None (corpus-level addition)
    entity_type: str | None  # PER, ORG, LOC, PRO, FIN; None when the mention refers to no entity
    cluster: str  # instance_id, a document-local entity id, or a singleton id

    @property
    def coarse_type(self) -> str | None:
        return COARSE_TYPES.get(self.entity_type) if self.entity_type else None


@dataclass(slots=True)
class MeantimeDocument:
    name: str  # file stem, e.g. "100911_Northrop_Grumman_and_Airbus_parent_EADS_defeat_Boeing"
    corpus: str  # e.g. "corpus_airbus"
    text: str
    sentence_starts: list[int]
    annotated_until: int  # last sentence with document-level annotation
    mentions: list[MeantimeMention] = field(default_factory=list)

    def in_annotated_part(self, start: int) -> bool:
        """Whether the character offset lies in the sentences annotated at document level."""
        if self.annotated_until + 1 >= len(self.sentence_starts):
            return True
        return start < self.sentence_starts[self.annotated_until + 1]


def corpus_folders(root: Path | str) -> list[Path]:
    """The corpus folders under a MEANTIME folder, its annotation folder, or a corpus folder itself."""
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"MEANTIME folder not found: {root}", path=str(root))
    for base in (root / "intra_cross-doc_annotation", root):
        folders = sorted(p for p in base.glob("corpus_*") if p.is_dir())
        if folders:
            return folders
    if any(root.glob("*.xml")):
        return [root]
    raise InputError(f"no MEANTIME corpus_* folders with XML files under {root}", path=str(root))


def iter_documents(root: Path | str, corpora: Iterable[str] | None = None) -> list[MeantimeDocument]:
    """All documents of the named corpora (e.g. {"corpus_airbus"}; all when None), sorted by corpus and name."""
    wanted = set(corpora) if corpora is not None else None
    docs = []
    for folder in corpus_folders(root):
        if wanted is not None and folder.name not in wanted:
            continue
        docs.extend(read_document(path) for path in sorted(folder.glob("*.xml")))
    return docs


def read_document(path: Path) -> MeantimeDocument:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"not a MEANTIME XML file: {path} ({exc})", path=str(path)) from exc
    text, offsets, sentence_starts = detokenize(root, glue_punctuation=True)
    markables = root.find("Markables")
    markables = list(markables) if markables is not None else []
    entity_of = _referents(root)
    entities = {m.get("m_id"): m for m in markables if m.tag == "ENTITY"}

    annotated_until = 0
    mentions = []
    for markable in markables:
        if markable.tag != "ENTITY_MENTION":
            continue
        anchors = [offsets[a.get("t_id")] for a in markable.findall("token_anchor") if a.get("t_id") in offsets]
        if not anchors:
            continue
        start, end = min(a[0] for a in anchors), max(a[1] for a in anchors)
        sentence = anchors[0][2]
        syntactic_type = markable.get("syntactic_type")
        if syntactic_type is not None:
            annotated_until = max(annotated_until, sentence)
        m_id = markable.get("m_id")
        entity = entities.get(entity_of.get(m_id, ""))
        if entity is None:
            entity_type, cluster = None, f"{path.stem}/singleton/{m_id}"
        else:
            entity_type = entity.get("ent_type")
            cluster = entity.get("instance_id") or f"{path.stem}/entity/{entity.get('m_id')}"
        mentions.append(MeantimeMention(m_id, start, end, text[start:end], sentence, syntactic_type,
                                        entity_type, cluster))
    mentions.sort(key=lambda m: (m.start, m.end))
    return MeantimeDocument(path.stem, path.parent.name, text, sentence_starts, annotated_until, mentions)


def _referents(root: ET.Element) -> dict[str, str]:
    """Mention m_id -> the m_id of the ENTITY it refers to."""
    referents: dict[str, str] = {}
    relations = root.find("Relations")
    for relation in relations if relations is not None else []:
        target = relation.find("target")
        if relation.tag != "REFERS_TO" or target is None:
            continue
        for source in relation.findall("source"):
            referents[source.get("m_id")] = target.get("m_id")
    return referents

