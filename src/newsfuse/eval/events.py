"""Benchmark: cross-document event coreference on ECB+ with gold event mentions.

Input are the gold event mentions (`ACTION_*`, `NEG_ACTION_*`) of the annotated sentences; the
system first clusters the documents itself (no gold topics: TF-IDF of each document's lead and
names, average-link agglomerative clustering), then clusters the mentions within each document
cluster by how likely each pair names one event: their triggers (lemma, stem, event-synonym class
of `lexicon`, one word family, speech and light verbs down-weighted) and their contexts (names and
content words the two sentences share, the trigger's agents and patients from the parse, the
sentences' dates and places, same document or sentence, and how alike the two documents are),
weighed by a logistic model fitted once on the ECB+ train topics (`PAIR_WEIGHTS`). Scored with
MUC, B³, CEAF-e and CoNLL F1 (`newsfuse.metrics`).

    python -m newsfuse.eval.events DIR [--split all|train|dev] [--format table|json]
    python -m newsfuse.eval.events DIR --fit    # refit the pair model on the train topics
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsfuse.eval.datasets.ecbplus import EcbDocument, iter_documents, load_annotated_sentences, split_topics
from newsfuse.errors import NewsfuseError
from newsfuse.eval.metrics import conll
from newsfuse.facts.lexicon import CLASS_OF, LIGHT, PHRASES, REPORTING

# Document clustering: cosine distance at which two document groups stop merging, how many
# lines of lead are read, and how often names and numbers of the lead are repeated (weight).
DOC_DISTANCE = 0.8
LEAD_LINES = 6
NAME_WEIGHT = 2
# Mention clustering: trigger scores (same stem 1, same class SYNONYM, speech/light verbs SPEECH)
# and argument overlaps make a pair probability; merged by average linkage while the mean
# probability is at least MENTION_SIMILARITY.
SYNONYM = 0.8
SPEECH = 0.3
MENTION_SIMILARITY = 0.4
# Logistic weights of the pair features (`pair_features`: 5 trigger kinds, then each kind times 9
# context overlaps), fitted on the ECB+ train topics only by `python -m newsfuse.eval.events DIR
# --fit` (192,569 pairs inside the system's document clusters); MENTION_SIMILARITY chosen on the
# dev topics (0.30-0.55 tried). SIMILARITY_PRIOR: the mean document cosine of those pairs, used
# when a caller has no documents to compare.
PAIR_WEIGHTS = (0.492, 1.108, -0.294, 0.369, -2.713,
                -1.005, 1.343, -2.039, -2.307, -0.416, 1.515, -0.005, 0.844, 4.61,
                -0.009, -1.377, -1.29, -1.54, -0.092, 2.39, 0.972, -0.575, 2.461,
                -0.09, 1.531, -0.355, -0.441, 2.516, 1.181, -0.92, 0.927, 0.477,
                0.543, 0.418, -0.033, -0.124, 0.024, 0.131, 0.261, -0.092, 0.098,
                -0.662, 0.256, 0.278, -1.477, 1.857, 3.417, 0.296, 0.364, 0.043)
PAIR_BIAS = -1.172
SIMILARITY_PRIOR = 0.336


@dataclass(slots=True, frozen=True)
class EventToken:
    """One gold event mention with what the clustering reads of it."""

    id: str
    document: str
    gold: str
    lemma: str
    stems: frozenset[str]
    event_class: str | None
    names: frozenset[str] = frozenset()  # named entities of the mention's sentence, lowercased
    words: frozenset[str] = frozenset()  # its nouns, proper nouns and numbers (lemmas, no stop words)
    agents: frozenset[str] = frozenset()  # content words of the trigger's agent (subject, "by" phrase, owner)
    patients: frozenset[str] = frozenset()  # ... of what it acts on (object, passive subject, "of" phrase)
    times: frozenset[str] = frozenset()  # the sentence's DATE and TIME names
    places: frozenset[str] = frozenset()  # the sentence's GPE, LOC and FAC names
    sentence: int = -1  # the sentence number in its document
    pos: str = ""  # the trigger's part of speech and its dependency label
    dep: str = ""


def stem(word: str) -> str:
    """A crude inflectional stem: "shootings" and "shooting" and "shoot" meet at "shoot"."""
    word = word.lower()
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def cluster_documents(documents: list[EcbDocument]) -> dict[str, int]:
    """Document name -> cluster, from the documents alone (a local stand-in for the story grouper)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(documents) < 2:
        return {d.name: 0 for d in documents}

    def lead(doc: EcbDocument) -> str:
        text = " ".join(line for line in doc.text.split("\n")[:LEAD_LINES])
        names = " ".join(w for w in text.split() if w[:1].isupper() or w[:1].isdigit())
        return " ".join([text] + [names] * NAME_WEIGHT)

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([lead(d) for d in documents])
    labels = AgglomerativeClustering(n_clusters=None, distance_threshold=DOC_DISTANCE, metric="cosine",
                                     linkage="average").fit(matrix.toarray()).labels_
    return {d.name: int(label) for d, label in zip(documents, labels)}


def _head(span):
    """The syntactic head of a mention span, preferring verbs and nouns."""
    heads = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]
    for token in heads:
        if token.pos_ in ("VERB", "NOUN", "PROPN", "ADJ"):
            return token
    return heads[0] if heads else span[0]


def event_tokens(documents: list[EcbDocument], annotated: dict[str, set[int]], nlp) -> list[EventToken]:
    """The gold event mentions of the annotated sentences, read with spaCy sentence by sentence."""
    wanted = []
    for doc in documents:
        sentences = annotated.get(doc.name, set())
        for mention in doc.mentions:
            if mention.kind == "event" and mention.sentence in sentences:
                wanted.append((doc, mention))
    lines: dict[tuple[str, int], tuple[int, str]] = {}
    for doc, mention in wanted:
        key = (doc.name, mention.sentence)
        if key not in lines:
            start = max(s for s in doc.sentence_starts if s <= mention.start)
            end = doc.text.find("\n", start)
            lines[key] = (start, doc.text[start: end if end != -1 else len(doc.text)])
    keys = list(lines)
    parsed = dict(zip(keys, nlp.pipe((lines[k][1] for k in keys), batch_size=256)))
    out = []
    for doc, mention in wanted:
        key = (doc.name, mention.sentence)
        offset = lines[key][0]
        parse = parsed[key]
        span = parse.char_span(mention.start - offset, mention.end - offset, alignment_mode="expand")
        words = mention.text.lower().split()
        if span is None or not len(span):
            lemma, pos, dep = (words[0] if words else ""), "", ""
        else:
            token = _head(span)
            lemma, pos, dep = (token.lemma_ or token.text).lower(), token.pos_, token.dep_
        event_class = CLASS_OF.get(lemma) or CLASS_OF.get(stem(lemma)) or (CLASS_OF.get(words[0]) if words else None)
        for (head, particle), name in PHRASES.items():
            if stem(lemma) == stem(head) and particle in words[1:]:
                event_class = name
        if lemma == "fire":
            event_class = "blaze" if pos in ("NOUN", "PROPN") else None
        stems = frozenset({lemma, stem(lemma)} | ({stem(words[0])} if words else set()))
        agents, patients = _roles(token) if span is not None and len(span) else (frozenset(), frozenset())
        out.append(EventToken(f"{doc.name}:{mention.start}-{mention.end}", doc.name, mention.cluster, lemma,
                              stems, event_class, *_arguments(parse), agents, patients, *_when_where(parse),
                              mention.sentence, pos, dep))
    return out


def _arguments(parse) -> tuple[frozenset[str], frozenset[str]]:
    """What a mention's sentence says the event is about: its names and its content words."""
    names = frozenset(e.text.lower() for e in parse.ents if e.label_ not in ("CARDINAL", "ORDINAL"))
    words = frozenset(t.lemma_.lower() for t in parse if t.pos_ in ("PROPN", "NOUN", "NUM") and not t.is_stop)
    return names, words


def _when_where(parse) -> tuple[frozenset[str], frozenset[str]]:
    times = frozenset(e.text.lower() for e in parse.ents if e.label_ in ("DATE", "TIME"))
    places = frozenset(e.text.lower() for e in parse.ents if e.label_ in ("GPE", "LOC", "FAC"))
    return times, places


AGENT_DEPS = frozenset({"nsubj", "csubj", "poss"})
PATIENT_DEPS = frozenset({"dobj", "nsubjpass", "csubjpass", "attr", "oprd"})


def _content(token) -> set[str]:
    return {t.lemma_.lower() for t in token.subtree if t.pos_ in ("PROPN", "NOUN", "NUM") and not t.is_stop}


def _roles(trigger) -> tuple[frozenset[str], frozenset[str]]:
    """Who acts and what is acted on, from the trigger's dependents: the subject (or the "by"
    phrase of a passive, or the owner of a noun: "Apple's release") and the object (or the passive
    subject, or the "of" phrase of a noun: "the arrest of Smith")."""
    agents: set[str] = set()
    patients: set[str] = set()
    for child in trigger.children:
        if child.dep_ in AGENT_DEPS:
            agents |= _content(child)
        elif child.dep_ in PATIENT_DEPS:
            patients |= _content(child)
        elif child.dep_ in ("agent", "prep") and child.lower_ in ("by", "of"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    (agents if child.lower_ == "by" else patients).update(_content(pobj))
    if not agents and trigger.dep_ in ("xcomp", "conj", "advcl") and trigger.head is not trigger:
        for child in trigger.head.children:  # "police moved to arrest him": police arrest
            if child.dep_ == "nsubj":
                agents |= _content(child)
    return frozenset(agents), frozenset(patients)


def pair_score(a: EventToken, b: EventToken) -> float:
    """How likely two mentions name the same event, from their triggers alone."""
    if a.lemma == b.lemma or a.stems & b.stems:
        return SPEECH if a.lemma in REPORTING or a.lemma in LIGHT else 1.0
    if a.event_class and a.event_class == b.event_class:
        return SYNONYM
    return 0.0


def derived(a: str, b: str) -> bool:
    """Two different lemmas of one word family by their spelling: "negotiate" and "negotiation",
    "stop" and "stoppage" (a shared start of five letters, or the whole of the shorter one)."""
    if a == b:
        return False
    shared = 0
    for x, y in zip(a, b):
        if x != y:
            break
        shared += 1
    shorter = min(len(a), len(b))
    return shared >= 5 or (shorter >= 4 and shared == shorter)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def pair_features(a: EventToken, b: EventToken, similarity: float | None = None) -> tuple[float, ...]:
    """The trigger agreement of two mentions (same lemma, same class, same speech verb, one word
    family, none: one of five), and that kind times each of what their contexts share: names and
    content words of the sentences, agents, patients, dates and places (Jaccard), one document,
    one sentence, and the TF-IDF cosine of their documents (`similarity`, `SIMILARITY_PRIOR` when
    unknown)."""
    score = pair_score(a, b)
    family = float(score == 0 and derived(a.lemma, b.lemma))
    kinds = (float(score >= 1.0), float(0.5 < score < 1.0), float(0 < score <= 0.5), family,
             float(score == 0 and not family))
    same_doc = a.document == b.document
    if similarity is None:
        similarity = 1.0 if same_doc else SIMILARITY_PRIOR
    context = (_overlap(a.names, b.names), _overlap(a.words, b.words), float(same_doc),
               float(same_doc and a.sentence == b.sentence), _overlap(a.agents, b.agents),
               _overlap(a.patients, b.patients), _overlap(a.times, b.times), _overlap(a.places, b.places), similarity)
    return kinds + tuple(kind * value for kind in kinds for value in context)


def pair_probability(a: EventToken, b: EventToken, similarity: float | None = None) -> float:
    """How likely two mentions name the same event (`PAIR_WEIGHTS` over `pair_features`)."""
    z = PAIR_BIAS + sum(w * x for w, x in zip(PAIR_WEIGHTS, pair_features(a, b, similarity)))
    return 1.0 / (1.0 + float(np.exp(-z)))


def document_similarity(documents: list[EcbDocument]) -> Callable[[str, str], float]:
    """Cosine of the TF-IDF vectors of two documents' whole texts, by document name."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not documents:
        return lambda a, b: 0.0
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([d.text for d in documents])
    cosine = (matrix @ matrix.T).toarray()
    row = {d.name: i for i, d in enumerate(documents)}
    return lambda a, b: float(cosine[row[a], row[b]])


def _groups(tokens: list[EventToken], doc_cluster: dict[str, int]) -> dict[int, list[EventToken]]:
    groups: dict[int, list[EventToken]] = defaultdict(list)
    for token in tokens:
        groups[doc_cluster[token.document]].append(token)
    return groups


def cluster_mentions(tokens: list[EventToken], doc_cluster: dict[str, int],
                     similarity: Callable[[str, str], float] | None = None) -> dict[str, tuple[int, int]]:
    """Mention id -> predicted cluster: average-link clustering inside each document cluster."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    predicted: dict[str, tuple[int, int]] = {}
    for group, members in _groups(tokens, doc_cluster).items():
        if len(members) == 1:
            predicted[members[0].id] = (group, 0)
            continue
        n = len(members)
        distance = np.ones((n, n))
        for i in range(n):
            distance[i, i] = 0.0
            for j in range(i + 1, n):
                a, b = members[i], members[j]
                shared = similarity(a.document, b.document) if similarity else None
                distance[i, j] = distance[j, i] = 1.0 - pair_probability(a, b, shared)
        labels = fcluster(linkage(squareform(distance, checks=False), "average"),
                          t=1.0 - MENTION_SIMILARITY, criterion="distance")
        for token, label in zip(members, labels):
            predicted[token.id] = (group, int(label))
    return predicted


def fit_pair_model(ecbplus_dir: Path, nlp=None) -> dict:
    """Fit `PAIR_WEIGHTS` and `PAIR_BIAS` on the ECB+ train topics only: every pair of gold event
    mentions inside one of the system's document clusters, a logistic regression (scikit-learn,
    C=1) on `pair_features`. `MENTION_SIMILARITY` is then chosen on the dev topics with the bench
    (`--split dev`); the test topics are never read."""
    from sklearn.linear_model import LogisticRegression

    root = Path(ecbplus_dir)
    documents = iter_documents(root, split_topics("train"))
    if nlp is None:
        from newsfuse.nlp import load_pipeline
        nlp = load_pipeline(None, ())
    tokens = event_tokens(documents, load_annotated_sentences(root), nlp)
    similarity = document_similarity(documents)
    features, same, cross = [], [], []
    for members in _groups(tokens, cluster_documents(documents)).values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                shared = similarity(a.document, b.document)
                if a.document != b.document:
                    cross.append(shared)
                features.append(pair_features(a, b, shared))
                same.append(a.gold == b.gold)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(np.array(features), np.array(same))
    return {"PAIR_WEIGHTS": tuple(round(float(w), 3) for w in model.coef_[0]),
            "PAIR_BIAS": round(float(model.intercept_[0]), 3),
            "SIMILARITY_PRIOR": round(float(np.mean(cross)) if cross else 0.0, 3), "pairs": len(features)}


def bench_events(ecbplus_dir: Path, split: str = "all", nlp=None) -> dict:
    """Event coreference scores over the topics of `split` (all, train, dev), with the system's
    own document clusters."""
    started = time.perf_counter()
    root = Path(ecbplus_dir)
    documents = iter_documents(root, split_topics(split))
    annotated = load_annotated_sentences(root)
    if nlp is None:
        from newsfuse.nlp import load_pipeline
        nlp = load_pipeline(None, ())  # the lemmatizer for triggers, NER for the names they share
    doc_cluster = cluster_documents(documents)
    tokens = event_tokens(documents, annotated, nlp)
    gold = {t.id: t.gold for t in tokens}
    scores = conll(gold, cluster_mentions(tokens, doc_cluster, document_similarity(documents)))
    subtopics = {d.name: d.subtopic for d in documents}
    doc_scores = conll(subtopics, doc_cluster)
    return {
        "split": split, "topics": len({d.topic for d in documents}), "documents": len(documents),
        "event_mentions": len(tokens), "document_clusters": len(set(doc_cluster.values())),
        "document_conll_f1": round(doc_scores["conll_f1"], 4),
        "event_muc_f1": round(scores["muc_f1"], 4), "event_b3_f1": round(scores["b3_f1"], 4),
        "event_ceafe_f1": round(scores["ceafe_f1"], 4), "event_conll_f1": round(scores["conll_f1"], 4),
        "seconds": round(time.perf_counter() - started, 1),
    }


# -- event rows against our gold ---------------------------------------------------------------
GOLD_DIR = Path(__file__).resolve().parents[3] / "tests" / "data" / "events"
DEMO_CORPUS = Path(__file__).resolve().parents[1] / "demo" / "corpus"
FIELDS = ("type", "actor1", "actor2", "place", "date", "fatalities", "injuries")
VIOLENCE = frozenset({"attack", "clash"})


def load_gold(path: Path) -> list[dict]:
    """Gold events, one JSON object a line: `type` (accepted types), `date` (ISO or null), `place`,
    `actor1`, `actor2` (accepted names; `null` in the list: none is right too), `fatalities`,
    `sides` (true: the two actors are the two sides of a clash, in either order), `note`."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise NewsfuseError(f"{path}, line {number}: not JSON ({exc})") from exc
    return rows


def _fold(text) -> str:
    from newsfuse.facts.vocab import fold

    return " ".join(fold(str(text)).replace("the ", " ").split())


def _name_ok(value, accepted: list) -> bool:
    if not accepted:
        return not value
    if not value:
        return None in accepted
    return any(a is not None and _fold(a) == _fold(value) for a in accepted)


def field_right(row: dict, gold: dict) -> dict[str, bool]:
    """Which fields of a system event row agree with a gold event."""
    swapped = gold.get("sides") and (_name_ok(row.get("actor1"), gold["actor2"])
                                     and _name_ok(row.get("actor2"), gold["actor1"]))
    return {
        "type": row.get("type") in gold["type"],
        "actor1": bool(_name_ok(row.get("actor1"), gold["actor1"]) or swapped),
        "actor2": bool(_name_ok(row.get("actor2"), gold["actor2"]) or swapped),
        "place": bool(_name_ok(row.get("place"), gold["place"])),
        "date": (row.get("date") or None) == gold.get("date"),
        "fatalities": row.get("fatalities") == gold.get("fatalities"),
        "injuries": row.get("injuries") == gold.get("injuries"),
    }


def _family(kinds) -> set[str]:
    return {"violence" if k in VIOLENCE else k for k in kinds}


def score_event_rows(rows: list[dict], gold: list[dict]) -> dict:
    """Each gold event is paired with at most one system row (greedy, most fields right first,
    same type family and at least three fields right); other rows are spurious or duplicates,
    unpaired gold events are missed. `fields_right` counts the seven fields of every paired event,
    and all seven as wrong for each missed event and each spurious row."""
    pairs = []
    for i, row in enumerate(rows):
        for j, event in enumerate(gold):
            if not _family([row.get("type")]) & _family(event["type"]):
                continue
            right = field_right(row, event)
            if sum(right.values()) >= 3:  # the type and two more
                pairs.append((sum(right.values()), i, j, right))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_rows, used_gold, matched = set(), set(), []
    for total, i, j, right in pairs:
        if i not in used_rows and j not in used_gold:
            used_rows.add(i)
            used_gold.add(j)
            matched.append((i, j, right))
    right_total = sum(sum(r.values()) for _, _, r in matched)
    spurious, missed = len(rows) - len(matched), len(gold) - len(matched)
    per_field = {f: (round(sum(r[f] for _, _, r in matched) / len(matched), 4) if matched else 0.0) for f in FIELDS}
    return {
        "gold_events": len(gold), "rows": len(rows), "matched": len(matched), "spurious_or_duplicate": spurious,
        "missed": missed,
        "row_precision": round(len(matched) / len(rows), 4) if rows else 0.0,
        "row_recall": round(len(matched) / len(gold), 4) if gold else 0.0,
        "fields_right_of_matched": round(right_total / (len(FIELDS) * len(matched)), 4) if matched else 0.0,
        "fields_right": round(right_total / (len(FIELDS) * (len(matched) + spurious + missed)), 4)
        if matched or spurious or missed else 0.0,
        **{f"field_{f}": v for f, v in per_field.items()},
        "all_fields_right": sum(1 for _, _, r in matched if all(r.values())),
        "missed_events": [gold[j]["note"] for j in range(len(gold)) if j not in used_gold],
        "wrong_fields": [f"{gold[j]['note']}: {f} {rows[i].get(f)!r}" for i, j, r in matched for f in FIELDS if not r[f]],
        "spurious_rows": [f"{rows[i].get('type')} {rows[i].get('date')} {rows[i].get('place')} | {rows[i].get('actor1')} | "
                          f"{rows[i].get('actor2')}" for i in range(len(rows)) if i not in used_rows],
    }


def corpus_event_rows(inputs: list[Path]) -> list[dict]:
    """The event rows of a corpus as a user gets them: ingested into a fresh store, each thread's
    events merged over all its stories and outlets."""
    import tempfile

    from newsfuse.pipeline.run import Options, analyze
    from newsfuse.present.views import thread_facts
    from newsfuse.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "events.db") as store:
        analyze([str(p) for p in inputs], store, Options())
        return [event for thread in store.threads() for event in thread_facts(store, thread.id)["events"]]


def bench_event_rows(seeds: Path | None = None, gold_dir: Path = GOLD_DIR) -> dict:
    """Event rows scored against our gold on the demo corpus and, when given, the seed reports."""
    result: dict[str, object] = {}
    corpora = [("demo", [DEMO_CORPUS], gold_dir / "demo_gold.jsonl")]
    if seeds is not None:
        corpora.append(("seeds", sorted(Path(seeds).glob("00[0-4]_*.txt")), gold_dir / "seeds_gold.jsonl"))
    for name, inputs, gold_path in corpora:
        if not inputs:
            continue
        for key, value in score_event_rows(corpus_event_rows(inputs), load_gold(gold_path)).items():
            result[f"{name}_{key}"] = value
    return result


def _table(result: dict) -> str:
    width = max(len(k) for k in result)
    return "\n".join(f"{key:<{width}}  {value}" for key, value in result.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsfuse.eval.events",
                                     description="Cross-document event coreference on ECB+ (gold event mentions).")
    parser.add_argument("ecbplus", type=Path, help="the ECB+ folder (topic folders and ECBplus_coreference_sentences.csv)")
    parser.add_argument("--split", default="all", choices=["all", "train", "dev"], help="which topics to score")
    parser.add_argument("--format", default="table", choices=["table", "json"], help="a table or one JSON object")
    parser.add_argument("--fit", action="store_true", help="fit the pair model on the train topics and print its "
                                                           "constants (PAIR_WEIGHTS, PAIR_BIAS, SIMILARITY_PRIOR)")
    args = parser.parse_args(argv)
    try:
        result = fit_pair_model(args.ecbplus) if args.fit else bench_events(args.ecbplus, args.split)
    except NewsfuseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result) if args.format == "json" else _table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
