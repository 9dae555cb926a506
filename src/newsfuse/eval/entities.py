"""Benchmark entity detection and resolution on MEANTIME and ECB+ (development data, not tests).

    python -m newsfuse.entities.bench --meantime DIR --ecbplus DIR [--format json] [--scale 10000]

1. Named-mention detection (MEANTIME): spaCy mentions after resolution (so a mention's type is its
   entity's voted type, and recovered mentions count) against gold mentions of syntactic type NAM
   whose entity is a PERSON, ORGANIZATION or LOCATION, in the sentences annotated at document
   level. A prediction is right when its type matches and its span lies between the gold name's
   core (MIN) and the whole gold mention (MAX), the MUC-7 rule; see docs/entities.md.
2. Cross-document coreference with gold mentions as input: MEANTIME NAM mentions (PER/ORG/LOC)
   resolved per corpus; ECB+ entity mentions that are proper names resolved per topic. Scored with
   MUC, B³, CEAF-e and CoNLL F1 (`newsfuse.metrics`), pooled over corpora and topics.
3. The same through the store path (`index_coref_*`): each article resolved alone, then linked
   article by article to a fresh store-wide entity index (`newsfuse.entities.index`) per corpus
   (MEANTIME) or topic (ECB+), so every cross-document link is the index's; for ECB+ also the store run
   with the topic as the story (`story_run_coref_conll_f1`): each arriving article analyses its story again.
4. ECB+ through the store as a user gets it (`store_coref_*`, `newsfuse.eval.entity_store`): no topic
   given; every article grouped into stories by the store's incremental story index, all topics in one
   store, each story resolved and linked to one store-wide entity index, ids read back from the index.
   Grouping errors and cross-topic merges count (`store_coref_*`), a lower bound: ECB+ gold never links
   across topics, so a right link (AP, Sicily) counts as a false merge too. `store_within_topic_coref_
   conll_f1` scores the same ids per topic (a cross-topic link not judged, every link inside one judged).
Rows 2-4 use the same gold mentions; only what groups and links them differs. ECB+ rows are also scored
per split (train / dev topics; the test topics are held out).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newsfuse.eval.datasets import ecbplus, meantime
from newsfuse.eval.metrics import conll
from newsfuse.models import Article, Mention
from newsfuse.entities.gazetteer import Gazetteer
from newsfuse.entities.normalize import fold, name_core
from newsfuse.entities.mentions import LABEL_WEIGHTS
from newsfuse.entities.resolve import ROLE_LABEL, ResolveOptions, resolve

COARSE = ("person", "org", "place")
# Gold types as spaCy labels, for gold mentions spaCy did not tag itself.
MEANTIME_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "PRO": "PRODUCT", "FIN": "PRODUCT"}
ECB_LABELS = {
    "HUMAN_PART_PER": "PERSON", "HUMAN_PART_GENERIC": "PERSON", "HUMAN_PART_ORG": "ORG", "HUMAN_PART_MET": "ORG",
    "HUMAN_PART_GPE": "GPE", "HUMAN_PART_FAC": "FAC", "HUMAN_PART_VEH": "PRODUCT", "LOC_GEO": "GPE",
    "LOC_FAC": "FAC", "LOC_OTHER": "LOC", "NON_HUMAN_PART": "PRODUCT", "NON_HUMAN_PART_GENERIC": "PRODUCT",
}
GOLD_INPUT = ResolveOptions(recover_mentions=False, link_roles=False, keep_spans=True)


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": self.tp, "fp": self.fp,
                "fn": self.fn}


# --- named-mention detection ----------------------------------------------------------------------

def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without a leading "the" or a trailing possessive: conventions differ, the name does not."""
    span = text[start:end]
    if span[:4].lower() == "the ":
        start += 4
    for suffix in ("'s", "’s", "'", "’", "."):
        if text[start:end].endswith(suffix) and end - start > len(suffix):
            end -= len(suffix)
            break
    return start, end


def _min_max(doc_text: str, m: meantime.MeantimeMention) -> tuple[tuple[int, int], tuple[int, int]]:
    core_start, core_end = name_core(m.text, person=m.coarse_type == "person")
    minimum = _trim(doc_text, m.start + core_start, m.start + core_end)
    return minimum, (m.start, m.end)


def _fits(pred: tuple[int, int], minimum: tuple[int, int], maximum: tuple[int, int]) -> bool:
    return maximum[0] <= pred[0] <= minimum[0] and minimum[1] <= pred[1] <= maximum[1]


def score_ner(doc: meantime.MeantimeDocument, predicted: Iterable[tuple[int, int, str]], counts: Counts) -> list:
    """Add one document's detection counts; returns its errors ("fp"/"fn", text, type, context)."""
    predicted = list(predicted)
    scored, ignored = [], []
    for m in doc.mentions:
        if not doc.in_annotated_part(m.start) or m.syntactic_type is None:
            continue
        span = _min_max(doc.text, m)
        if m.syntactic_type == "NAM" and m.coarse_type in COARSE:
            if any(other[0][0] == span[0] and other[1] == m.coarse_type for other in scored):
                continue  # a nested mention with the same name ("Aer Lingus" in "airline Aer Lingus") counts once
            scored.append((span, m.coarse_type, m))
        else:
            ignored.append((span, m.coarse_type))
    unmatched = list(range(len(scored)))
    errors = []
    for start, end, kind in predicted:
        if not doc.in_annotated_part(start):
            continue
        pred = _trim(doc.text, start, end)
        hit = next((i for i in unmatched if scored[i][1] == kind and _fits(pred, *scored[i][0])), None)
        if hit is not None:
            unmatched.remove(hit)
            counts.tp += 1
        elif any(t == kind and _fits(pred, *span) for span, t in ignored):
            continue  # a name MEANTIME annotates but does not score (PRE.NAM, APP, ...): no error
        else:
            counts.fp += 1
            errors.append(("fp", doc.text[start:end], kind, doc.text[max(0, start - 40):end + 40]))
    counts.fn += len(unmatched)
    for i in unmatched:
        (_, maximum), kind, m = scored[i]
        near = [(doc.text[s:e], k) for s, e, k in predicted if s < maximum[1] and maximum[0] < e]
        errors.append(("fn", m.text, kind, f"predicted here: {near}"))
    return errors


# --- MEANTIME -------------------------------------------------------------------------------------

def bench_meantime(root: Path, gazetteer: Gazetteer | None, timing: dict) -> dict:
    from newsfuse.nlp import mentions_from_doc, parse

    docs = meantime.iter_documents(root)
    started = time.perf_counter()
    parsed = list(parse(d.text for d in docs))
    timing["parse_s"] = timing.get("parse_s", 0.0) + time.perf_counter() - started
    timing["articles"] = timing.get("articles", 0) + len(docs)
    by_corpus: dict[str, list[tuple[meantime.MeantimeDocument, object]]] = defaultdict(list)
    for doc, spacy_doc in zip(docs, parsed):
        by_corpus[doc.corpus].append((doc, spacy_doc))

    ner = Counts()
    gold, predicted, through_index, first_links = {}, {}, {}, {}
    errors: list = []
    for corpus, pairs in sorted(by_corpus.items()):
        articles = [_article(f"{corpus}/{doc.name}", doc.text, corpus, mentions_from_doc(f"{corpus}/{doc.name}", sd))
                    for doc, sd in pairs]
        started = time.perf_counter()
        entities = resolve(articles, gazetteer=gazetteer)
        timing["resolve_s"] = timing.get("resolve_s", 0.0) + time.perf_counter() - started
        found: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for entity in entities:
            if entity.type in COARSE:
                for m in entity.mentions:
                    if m.label != ROLE_LABEL:
                        found[m.article_id].append((m.start, m.end, entity.type))
        for (doc, _), article in zip(pairs, articles):
            errors.extend(score_ner(doc, found[article.id], ner))

        # Coreference with gold mentions: NAM mentions of people, organizations and places.
        gold_articles = []
        for (doc, sd), article in zip(pairs, articles):
            mentions = []
            for m in doc.mentions:
                if m.syntactic_type == "NAM" and m.coarse_type in COARSE:
                    label = _spacy_label(sd, m.start, m.end) or MEANTIME_LABELS[m.entity_type]
                    mentions.append(Mention(article.id, m.start, m.end, m.text, label))
                    gold[(article.id, m.start, m.end)] = f"{corpus}/{m.cluster}"
            gold_articles.append(_article(article.id, doc.text, corpus, mentions))
        for entity in resolve(gold_articles, gazetteer=gazetteer, options=GOLD_INPUT):
            for m in entity.mentions:
                predicted[(m.article_id, m.start, m.end)] = f"{corpus}/{entity.id}"
        at_link: dict = {}
        for key, entity_id in linked_through_index(gold_articles, gazetteer, at_link).items():
            through_index[key] = f"{corpus}/{entity_id}"
        first_links.update({key: f"{corpus}/{entity_id}" for key, entity_id in at_link.items()})
    return {"ner": ner.scores(), "coref": conll(gold, predicted), "gold": gold, "predicted": predicted,
            "coref_index": conll(gold, through_index), "predicted_index": through_index,
            "coref_index_at_link": conll(gold, first_links),
            "mentions": len(gold), "documents": len(docs), "errors": errors}


def linked_through_index(articles: list[Article], gazetteer: Gazetteer | None,
                         at_link: dict | None = None) -> dict[tuple[str, int, int], str]:
    """The store path: each article resolved on its own (as a story of one), then linked to the
    store-wide entity index article by article; mention -> canonical entity id in the index once all are
    linked (its `ent_links`, what entity pages and `newsfuse entity` read: a later article may merge two
    entities an earlier one was linked to). `at_link`, when given, gets the id each article was given
    when it was linked."""
    import sqlite3

    from newsfuse.entities.index import SCHEMA, EntityIndex, canonical_entities

    conn = sqlite3.connect(":memory:")
    for statement in SCHEMA:
        conn.execute(statement)
    index = EntityIndex(conn)
    local_of = {}
    for article in articles:
        story_id = f"story:{article.id}"
        local = resolve([article], gazetteer=gazetteer, options=GOLD_INPUT, scope="story")
        for entity in local:
            for m in entity.mentions:
                local_of[(m.article_id, m.start, m.end)] = (story_id, entity.id)
        for entity in canonical_entities(index, story_id, local):
            for m in entity.mentions:
                if at_link is not None:
                    at_link[(m.article_id, m.start, m.end)] = entity.id
    links = index.links()
    conn.close()
    return {key: links.get(link, link[1]) for key, link in local_of.items()}


def linked_through_story_refreshes(articles: list[Article], story_id: str,
                                   gazetteer: Gazetteer | None) -> dict[tuple[str, int, int], str]:
    """The store run when the story is known (the topic, as the batch is given it): the articles arrive one
    at a time, in name order, and each arrival analyses the story again, as `StoryAnalyzer.refresh` does:
    its articles resolved together, then linked to the index (taking back what the story gave before);
    mention -> canonical entity id once all have arrived. What users get when the grouping is right."""
    import sqlite3

    from newsfuse.entities.index import SCHEMA, EntityIndex, link_story

    conn = sqlite3.connect(":memory:")
    for statement in SCHEMA:
        conn.execute(statement)
    index = EntityIndex(conn)
    arrived = sorted(articles, key=lambda a: a.id)
    local: list = []
    for n in range(1, len(arrived) + 1):
        local = resolve(arrived[:n], gazetteer=gazetteer, options=GOLD_INPUT, scope="story")
        link_story(index, story_id, local)
    links = index.links()
    conn.close()
    return {(m.article_id, m.start, m.end): links.get((story_id, e.id), e.id) for e in local for m in e.mentions}


def _article(article_id: str, text: str, source: str, mentions: list[Mention]) -> Article:
    return Article(id=article_id, path=article_id, raw=text, text=text, source=source, mentions=mentions)


def _spacy_label(spacy_doc, start: int, end: int) -> str | None:
    """spaCy's label for the name it tagged inside [start, end); a date or number it tagged there
    ("Bluejays" as DATE, "7 Villages" as CARDINAL) is no name's label, so the gold type's is used."""
    for ent in spacy_doc.ents:
        if ent.start_char >= start and ent.end_char <= end and ent.label_ in LABEL_WEIGHTS:
            return ent.label_
    return None


# --- ECB+ -----------------------------------------------------------------------------------------

# The usual ECB+ split (Cybulska & Vossen 2015, as in Kenyon-Dean et al. 2018 and Barhom et al. 2019):
# topics 36-45 are the test set, held out (not in the development data here); of the rest these are dev.
ECB_DEV_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})
ECB_TEST_TOPICS = frozenset(range(36, 46))


def ecb_split(topic: int) -> str:
    return "test" if topic in ECB_TEST_TOPICS else "dev" if topic in ECB_DEV_TOPICS else "train"

def is_proper_name(spacy_doc, start: int, end: int) -> bool:
    """A mention is a proper name when the syntactic head of its span is a proper noun (PROPN)."""
    span = spacy_doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) > 0 and span.root.pos_ == "PROPN"


@dataclass(slots=True)
class EcbInputs:
    """What the ECB+ rows read, parsed once: gold mention -> cluster, each topic's articles with the gold
    mentions (in name order), and every article as (grouping's view with spaCy's mentions, gold mentions)."""

    documents: int
    gold: dict[tuple[str, int, int], str]
    by_topic: dict[int, list[Article]]
    arriving: list[tuple[Article, Article]]


def bench_ecbplus(root: Path, gazetteer: Gazetteer | None) -> dict:
    return score_ecbplus(ecb_inputs(root), gazetteer)


def ecb_inputs(root: Path) -> EcbInputs:
    from newsfuse.eval.stories import ecb_article
    from newsfuse.nlp import mentions_from_doc, parse

    docs = ecbplus.iter_documents(root)
    annotated = ecbplus.load_annotated_sentences(root)
    gold, predicted = {}, {}
    by_topic: dict[int, list[Article]] = defaultdict(list)
    arriving: list[tuple[Article, Article]] = []  # (as grouping sees it, with the gold mentions), in name order
    for doc, spacy_doc in zip(docs, parse(d.text for d in docs)):
        mentions = []
        for m in doc.mentions:
            if m.kind != "entity" or m.tag.startswith("TIME") or m.tag not in ECB_LABELS:
                continue
            if annotated and m.sentence not in annotated.get(doc.name, ()):
                continue  # the usual protocol: only the sentences annotated for coreference
            if not is_proper_name(spacy_doc, m.start, m.end):
                continue
            label = _spacy_label(spacy_doc, m.start, m.end) or ECB_LABELS[m.tag]
            mentions.append(Mention(doc.name, m.start, m.end, m.text, label))
            gold[(doc.name, m.start, m.end)] = m.cluster
        article = _article(doc.name, doc.text, f"topic {doc.topic}", mentions)
        article.story_id = f"topic-{doc.topic}"  # the topic is given, as in the usual gold-topic setting
        by_topic[doc.topic].append(article)
        found = [(m.start, m.end, m.text, m.label) for m in mentions_from_doc(doc.name, spacy_doc)]
        arriving.append((ecb_article(doc, found), _article(doc.name, doc.text, f"topic {doc.topic}", mentions)))
    return EcbInputs(len(docs), gold, dict(by_topic), arriving)


def score_ecbplus(inputs: EcbInputs, gazetteer: Gazetteer | None) -> dict:
    from newsfuse.eval.entity_store import linked_through_store

    gold, by_topic, predicted = inputs.gold, inputs.by_topic, {}
    through_index, first_links, story_run = {}, {}, {}
    for topic, articles in sorted(by_topic.items()):
        for entity in resolve(articles, gazetteer=gazetteer, options=GOLD_INPUT):
            for m in entity.mentions:
                predicted[(m.article_id, m.start, m.end)] = f"{topic}/{entity.id}"
        at_link: dict = {}
        for key, entity_id in linked_through_index(articles, gazetteer, at_link).items():
            through_index[key] = f"{topic}/{entity_id}"
        first_links.update({key: f"{topic}/{entity_id}" for key, entity_id in at_link.items()})
        for key, entity_id in linked_through_story_refreshes(articles, f"topic-{topic}", gazetteer).items():
            story_run[key] = f"{topic}/{entity_id}"
    in_store, _ = linked_through_store([inputs.arriving], gazetteer, GOLD_INPUT)  # one analyze, every topic
    topic_of = {a.id: topic for topic, articles in by_topic.items() for a in articles}
    # ECB+ gold never links across topics (AP, Sicily, the US are a cluster per topic): scored per topic,
    # a cross-topic link is not judged; the store's grouping and every link inside a topic still are
    store_in_topic = {k: (topic_of[k[0]], v) for k, v in in_store.items()}
    splits = {}  # tune on train, check on dev: each split scored on its own topics' mentions
    for split in sorted({ecb_split(t) for t in by_topic}):
        part = {k: v for k, v in gold.items() if ecb_split(topic_of[k[0]]) == split}
        splits[split] = {"mentions": len(part), **{f"coref_{k}": v for k, v in _within(part, predicted).items()},
                         "index_coref_conll_f1": _within(part, through_index)["conll_f1"],
                         "story_run_coref_conll_f1": _within(part, story_run)["conll_f1"],
                         "store_coref_conll_f1": _within(part, in_store)["conll_f1"],
                         "store_within_topic_coref_conll_f1": _within(part, store_in_topic)["conll_f1"]}
    return {"coref": conll(gold, predicted), "gold": gold, "predicted": predicted, "mentions": len(gold),
            "coref_index": conll(gold, through_index), "predicted_index": through_index,
            "coref_index_at_link": conll(gold, first_links), "coref_story_run": conll(gold, story_run),
            "coref_store": conll(gold, in_store), "predicted_store": in_store,
            "coref_store_within_topic": conll(gold, store_in_topic),
            "documents": inputs.documents, "topics": len(by_topic), "splits": splits}


def _within(part: dict, predicted: dict) -> dict[str, float]:
    """The scores of `predicted` on the gold mentions of `part` only (one split's topics)."""
    return conll(part, {k: v for k, v in predicted.items() if k in part})


# --- speed ----------------------------------------------------------------------------------------

def scale_check(root: Path, n_articles: int, gazetteer: Gazetteer | None, parse_s_per_article: float) -> dict:
    """Resolution time per article over `n_articles` copies of the MEANTIME articles (distinct ids,
    25 articles a story), against the measured spaCy time per article."""
    from newsfuse.nlp import mentions_from_doc, parse

    docs = meantime.iter_documents(root)
    base = [(d, mentions_from_doc(d.name, sd)) for d, sd in zip(docs, parse(d.text for d in docs))]
    articles = []
    for i in range(n_articles):
        doc, mentions = base[i % len(base)]
        article_id = f"{i}/{doc.name}"
        copied = [Mention(article_id, m.start, m.end, m.text, m.label) for m in mentions]
        article = _article(article_id, doc.text, doc.corpus, copied)
        article.story_id = f"story-{i // 25}"
        articles.append(article)
    started = time.perf_counter()
    entities = resolve(articles, gazetteer=gazetteer)
    elapsed = time.perf_counter() - started
    per_article = elapsed / n_articles
    return {"articles": n_articles, "entities": len(entities), "resolve_s": elapsed,
            "resolve_ms_per_article": 1000 * per_article, "parse_ms_per_article": 1000 * parse_s_per_article,
            "resolve_share_of_parse": per_article / parse_s_per_article if parse_s_per_article else None}


SCALE_STORED = (1_000, 100_000)  # `--scale`: the store sizes compared


class _SyntheticNews:
    """Names of synthetic articles, made without NLP: three every article has, four of 5,000 recurring
    people (a few much more often than most), five names never seen before."""

    SYLLABLES = ("ka", "lo", "mi", "ra", "sen", "dor", "vi", "ta", "nu", "bek", "sha", "ro", "li", "gan", "te", "zu")
    COMMON = (("Kosovo", "place"), ("NATO", "org"), ("European Union", "org"))

    def __init__(self, seed: int) -> None:
        import random

        self.rng = random.Random(seed)
        self.recurring = [self.name() for _ in range(5000)]

    def name(self) -> str:
        first = "".join(self.rng.choice(self.SYLLABLES) for _ in range(2)).capitalize()
        return f"{first} {''.join(self.rng.choice(self.SYLLABLES) for _ in range(3)).capitalize()}"

    def article(self, i: int):
        from newsfuse.entities.index import LocalEntity

        people = [self.recurring[min(int(self.rng.paretovariate(1.2)) - 1, 4999)] for _ in range(4)]
        names = dict([*self.COMMON, *((p, "person") for p in people), *((self.name(), "person") for _ in range(5))])
        return [LocalEntity(f"e-{i}-{j}", n, t, {n: 1}, {}, 1, written={n: 1}) for j, (n, t) in enumerate(names.items())]


def _fill(conn, news: _SyntheticNews, first: int, last: int) -> None:
    """Write what linking articles `first`..`last - 1` would leave in the index, straight into its tables
    (a name seen before is the entity it was, a new name a new entity, keys filed as `link` files them),
    so a store of 100,000 articles is built in minutes; only the measured articles go through `link`."""
    from newsfuse.entities.index import blocking_keys

    ids: dict[str, str] = {}
    for name, _ in (*news.COMMON, *((p, "person") for p in news.recurring)):
        row = conn.execute("SELECT entity_id FROM ent_keys WHERE key = ? LIMIT 1", ("k:" + fold(name),)).fetchone()
        if row:
            ids[name] = row[0]
    seq = conn.execute("SELECT COALESCE(MAX(value), 0) FROM ent_meta WHERE key = 'link'").fetchone()[0]
    count = conn.execute("SELECT COALESCE(MAX(value), 0) FROM ent_meta WHERE key = 'entity'").fetchone()[0]
    grown: dict[str, int] = defaultdict(int)
    context: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    entities, keys, aliases, links = [], [], [], []
    for i in range(first, last):
        seq += 1
        locals_ = news.article(i)
        linked = []
        for local in locals_:
            entity_id = ids.get(local.name)
            if entity_id is None:
                count += 1
                entity_id = ids[local.name] = f"x-{i}-{local.local_id}"
                entities.append((entity_id, local.name, local.type, count))
            grown[entity_id] += 1
            keys.extend((key, entity_id, seq) for key in blocking_keys(local))
            links.append((f"story-{i}", local.local_id, entity_id, seq, json.dumps(local.to_dict())))
            linked.append(entity_id)
        for entity_id in linked:
            bag = context[entity_id]
            for other in linked:
                if other != entity_id and (other in bag or len(bag) < 60):
                    bag[other] += 1
    fresh = {e[0]: e for e in entities}
    rows = []
    for entity_id, (_, name, kind, n_seq) in fresh.items():
        profile = {"types": {kind: grown[entity_id]}, "roles": {}, "context": dict(context[entity_id]),
                   "written": {name: grown[entity_id]}}
        rows.append((entity_id, name, kind, grown[entity_id], n_seq, json.dumps(profile)))
        aliases.append((entity_id, name, fold(name), grown[entity_id], grown[entity_id]))
    conn.executemany("INSERT INTO ent_entities VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL, ?)", rows)
    conn.executemany("INSERT OR REPLACE INTO ent_keys VALUES (?, ?, ?)", keys)
    conn.executemany("INSERT OR REPLACE INTO ent_links VALUES (?, ?, ?, ?, ?)", links)
    for entity_id in (e for e in grown if e not in fresh):  # the names seen before this fill
        n = grown[entity_id]
        name, kind, body = conn.execute("SELECT name, type, profile FROM ent_entities WHERE id = ?",
                                        (entity_id,)).fetchone()
        profile = json.loads(body)
        for part, value in (("types", kind), ("written", name)):
            profile.setdefault(part, {})[value] = profile.get(part, {}).get(value, 0) + n
        merged = Counter(profile.get("context", {})) + Counter(context[entity_id])
        profile["context"] = dict(merged.most_common(60))
        conn.execute("UPDATE ent_entities SET mentions = mentions + ?, profile = ? WHERE id = ?",
                     (n, json.dumps(profile), entity_id))
        aliases.append((entity_id, name, fold(name), n, n))
    conn.executemany("INSERT INTO ent_aliases VALUES (?, ?, ?, ?) ON CONFLICT (entity_id, alias) "
                     "DO UPDATE SET n = n + ?", aliases)
    conn.executemany("INSERT OR REPLACE INTO ent_meta VALUES (?, ?)", [("link", seq), ("entity", count)])


def index_scale_check(stored: tuple[int, ...] = SCALE_STORED, window: int = 200, seed: int = 17) -> dict:
    """Cost of linking one article's entities to the store-wide index when the store already holds each
    number of `stored` synthetic articles: `window` more articles linked through `EntityIndex.link`
    (each its own story, one transaction each, as the store run does), in a SQLite file with the store's
    own settings. CPU time (the process's, so other work on the machine does not count) and wall time."""
    import sqlite3
    import tempfile

    from newsfuse.entities.index import SCHEMA, EntityIndex, link_story

    news = _SyntheticNews(seed)
    sizes = []
    with tempfile.TemporaryDirectory() as folder:
        conn = sqlite3.connect(f"{folder}/index.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        for statement in SCHEMA:
            conn.execute(statement)
        index = EntityIndex(conn)
        done = 0
        for size in sorted(stored):
            started = time.perf_counter()
            conn.execute("BEGIN")
            _fill(conn, news, done, size)
            conn.execute("COMMIT")
            fill_s = time.perf_counter() - started
            cpu = wall = 0.0
            before = index.examined
            for i in range(size, size + window):
                locals_ = news.article(i)
                wall_start, cpu_start = time.perf_counter(), time.process_time()
                conn.execute("BEGIN")
                index.link(f"story-{i}", locals_)
                conn.execute("COMMIT")
                cpu += time.process_time() - cpu_start
                wall += time.perf_counter() - wall_start
            done = size + window
            entities = conn.execute("SELECT COUNT(*) FROM ent_entities").fetchone()[0]
            sizes.append({"stored_articles": size, "entities": entities, "fill_s": fill_s,
                          "cpu_ms_per_article": 1000 * cpu / window, "wall_ms_per_article": 1000 * wall / window,
                          "candidate_rows_per_article": (index.examined - before) / window})
        conn.close()
    first, last = sizes[0], sizes[-1]
    return {"window": window, "sizes": sizes,
            "ratio": last["cpu_ms_per_article"] / first["cpu_ms_per_article"] if first["cpu_ms_per_article"] else None,
            "wall_ratio": last["wall_ms_per_article"] / first["wall_ms_per_article"]
            if first["wall_ms_per_article"] else None}


def bench_index_scale(stored: tuple[int, ...] = SCALE_STORED, window: int = 200) -> dict:
    """`newsfuse bench entities --scale`: the figures of `index_scale_check`, one flat row."""
    result = index_scale_check(stored, window)
    figures: dict = {"window_articles": window}
    for size in result["sizes"]:
        n = size["stored_articles"]
        figures.update({f"at_{n}_entities": size["entities"], f"at_{n}_cpu_ms_per_article": size["cpu_ms_per_article"],
                        f"at_{n}_wall_ms_per_article": size["wall_ms_per_article"],
                        f"at_{n}_candidate_rows_per_article": size["candidate_rows_per_article"]})
    figures.update({"cpu_ratio": result["ratio"], "wall_ratio": result["wall_ratio"], "target_ratio": 1.5})
    return figures


def format_scale(result: dict) -> str:
    lines = [f"entity index: linking one article ({result['window']} articles measured at each size)"]
    for s in result["sizes"]:
        lines.append(f"  {s['stored_articles']:>7,} stored articles ({s['entities']:,} entities): "
                     f"{s['cpu_ms_per_article']:.2f} ms CPU, {s['wall_ms_per_article']:.2f} ms wall, "
                     f"{s['candidate_rows_per_article']:.0f} candidate rows read")
    lines.append(f"  ratio largest/smallest: x{result['ratio']:.2f} CPU, x{result['wall_ratio']:.2f} wall (target <= 1.5)")
    return "\n".join(lines)


# --- entry points ---------------------------------------------------------------------------------

def bench_entities(meantime_dir: Path | None, ecbplus_dir: Path | None, *, gazetteer: Gazetteer | None = None,
                   scale: int = 0) -> dict:
    """Scores per dataset and pooled: ner_p/r/f1 (MEANTIME) and coref_{muc,b3,ceafe,conll}_f1."""
    if meantime_dir is None and ecbplus_dir is None:
        raise ValueError("give a MEANTIME folder, an ECB+ folder, or both")
    gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()
    result: dict = {}
    gold, predicted = {}, {}
    timing: dict = {}
    if meantime_dir is not None:
        mt = bench_meantime(Path(meantime_dir), gazetteer, timing)
        result["meantime"] = {"documents": mt["documents"], "coref_mentions": mt["mentions"],
                              **{f"ner_{k}": v for k, v in mt["ner"].items()},
                              **{f"coref_{k}": v for k, v in mt["coref"].items()},
                              **{f"index_coref_{k}": v for k, v in mt["coref_index"].items()},
                              "index_at_link_coref_conll_f1": mt["coref_index_at_link"]["conll_f1"]}
        gold.update({("meantime", *k): v for k, v in mt["gold"].items()})
        predicted.update({("meantime", *k): v for k, v in mt["predicted"].items()})
        result.update({f"ner_{k}": mt["ner"][k] for k in ("p", "r", "f1")})
        result["ner_p"], result["ner_r"] = mt["ner"]["p"], mt["ner"]["r"]
    if ecbplus_dir is not None:
        ecb = bench_ecbplus(Path(ecbplus_dir), gazetteer)
        result["ecbplus"] = {"documents": ecb["documents"], "topics": ecb["topics"], "coref_mentions": ecb["mentions"],
                             **{f"coref_{k}": v for k, v in ecb["coref"].items()},
                             **{f"index_coref_{k}": v for k, v in ecb["coref_index"].items()},
                             "index_at_link_coref_conll_f1": ecb["coref_index_at_link"]["conll_f1"],
                             "story_run_coref_conll_f1": ecb["coref_story_run"]["conll_f1"],
                             **{f"store_coref_{k}": v for k, v in ecb["coref_store"].items()},
                             "store_within_topic_coref_conll_f1": ecb["coref_store_within_topic"]["conll_f1"],
                             "splits": ecb["splits"]}
        gold.update({("ecbplus", *k): ("ecbplus", v) for k, v in ecb["gold"].items()})
        predicted.update({("ecbplus", *k): ("ecbplus", v) for k, v in ecb["predicted"].items()})
    result.update({f"coref_{k}": v for k, v in conll(gold, predicted).items()})
    if timing.get("articles"):
        result["speed"] = {"parse_ms_per_article": 1000 * timing["parse_s"] / timing["articles"],
                           "resolve_ms_per_article": 1000 * timing["resolve_s"] / timing["articles"]}
        if scale and meantime_dir is not None:
            result["speed"]["scale"] = scale_check(Path(meantime_dir), scale, gazetteer,
                                                   timing["parse_s"] / timing["articles"])
    if scale:
        result.setdefault("speed", {})["index_scale"] = index_scale_check((min(1000, scale), scale))
    return result


def format_table(result: dict) -> str:
    rows = [("dataset", "ner P", "ner R", "ner F1", "MUC F1", "B3 F1", "CEAF-e F1", "CoNLL F1")]
    for name in ("meantime", "ecbplus"):
        if name in result:
            r = result[name]
            rows.append((name, *(f"{r[k]:.3f}" if k in r else "-" for k in
                                 ("ner_p", "ner_r", "ner_f1", "coref_muc_f1", "coref_b3_f1", "coref_ceafe_f1",
                                  "coref_conll_f1"))))
            for split, scores in sorted(r.get("splits", {}).items()):  # ECB+ train / dev topics
                rows.append((f"{name} {split}", "-", "-", "-", *(f"{scores[f'coref_{k}']:.3f}" for k in
                                                                 ("muc_f1", "b3_f1", "ceafe_f1", "conll_f1"))))
            if "index_coref_conll_f1" in r:  # the store path: article by article through the entity index
                rows.append((f"{name} (index)", "-", "-", "-", *(f"{r[f'index_coref_{k}']:.3f}" for k in
                                                                 ("muc_f1", "b3_f1", "ceafe_f1", "conll_f1"))))
                for split, scores in sorted(r.get("splits", {}).items()):
                    rows.append((f"{name} {split} (index)", "-", "-", "-", "-", "-", "-",
                                 f"{scores['index_coref_conll_f1']:.3f}"))
            if "story_run_coref_conll_f1" in r:  # each arrival analyses its story again (the topic)
                rows.append((f"{name} (story run)", "-", "-", "-", "-", "-", "-", f"{r['story_run_coref_conll_f1']:.3f}"))
            if "store_coref_conll_f1" in r:  # the store's own grouping, every topic in one store
                rows.append((f"{name} (store)", "-", "-", "-", *(f"{r[f'store_coref_{k}']:.3f}" for k in
                                                                 ("muc_f1", "b3_f1", "ceafe_f1", "conll_f1"))))
                for split, scores in sorted(r.get("splits", {}).items()):
                    rows.append((f"{name} {split} (store)", "-", "-", "-", "-", "-", "-",
                                 f"{scores['store_coref_conll_f1']:.3f}"))
                rows.append((f"{name} (store, per topic)", "-", "-", "-", "-", "-", "-",
                             f"{r['store_within_topic_coref_conll_f1']:.3f}"))
                for split, scores in sorted(r.get("splits", {}).items()):
                    rows.append((f"{name} {split} (store, per topic)", "-", "-", "-", "-", "-", "-",
                                 f"{scores['store_within_topic_coref_conll_f1']:.3f}"))
    rows.append(("overall", *(f"{result[k]:.3f}" if k in result else "-" for k in
                              ("ner_p", "ner_r", "ner_f1", "coref_muc_f1", "coref_b3_f1", "coref_ceafe_f1",
                               "coref_conll_f1"))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)) for row in rows]
    speed = result.get("speed")
    if speed:
        lines.append(f"spaCy {speed['parse_ms_per_article']:.1f} ms/article, resolution "
                     f"{speed['resolve_ms_per_article']:.2f} ms/article")
        if "scale" in speed:
            s = speed["scale"]
            lines.append(f"at {s['articles']} articles: resolution {s['resolve_ms_per_article']:.2f} ms/article "
                         f"= {100 * s['resolve_share_of_parse']:.1f}% of spaCy's time")
    if speed and "index_scale" in speed:
        lines.append(format_scale(speed["index_scale"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsfuse bench entities", description=__doc__.split("\n\n")[0])
    parser.add_argument("--meantime", type=Path, help="MEANTIME folder (with intra_cross-doc_annotation/)")
    parser.add_argument("--ecbplus", type=Path, help="ECB+ folder (topic folders of *.xml)")
    parser.add_argument("--gazetteer", type=Path, help="user gazetteer file (CSV or JSON)")
    parser.add_argument("--scale", type=int, default=0, help="also time resolution over this many articles")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args(argv)
    if args.meantime is None and args.ecbplus is None:
        parser.error("give --meantime DIR, --ecbplus DIR or both")
    from newsfuse.errors import NewsfuseError

    try:
        result = bench_entities(args.meantime, args.ecbplus, gazetteer=Gazetteer.load(args.gazetteer),
                                scale=args.scale)
    except NewsfuseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, sort_keys=True) if args.format == "json" else format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
