"""`newsfuse bench corrections`: how long a correction and its undo take on a big store.

The store is synthetic and built without NLP: a few short reports written for this benchmark (with
their names marked by string search) are recombined by `eval.synthetic` into N articles, grouped
by the story index, and each story's entities are linked to the store-wide entity index (names
grouped by spelling, no spaCy, no gazetteer); its other documents are those of a story without
dates or figures. Then each kind of correction is made and undone
through `newsfuse.pipeline.corrections`, timing apart:
- `answer`: the correction itself (one transaction: index, log, story records, queue), all a user
  waits for with `--later`;
- `finish`: the analysis of the stories it queued (with the gazetteer already loaded; its load,
  once per process, is reported on its own as `gazetteer_load_s`).
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from newsfuse.codec import encode
from newsfuse.entities import Gazetteer
from newsfuse.entities.index import EntityIndex, canonical_entities
from newsfuse.entities.normalize import fold
from newsfuse.eval.synthetic import recombine
from newsfuse.models import Article, Entity, Mention
from newsfuse.pipeline import corrections
from newsfuse.pipeline.grouping import Grouper, story_index, sync_stories
from newsfuse.store import STORY_KINDS, THREAD_KINDS, PlainRows, Store

# Reports written for this benchmark (invented places, people and bodies), three per topic.
TOPICS: dict[str, list[str]] = {
    "flood": [
        "The river Varela burst its banks near Ostrava Nova on Monday. Mayor Lidia Paskova said 2,000 people "
        "left their homes. The Civil Protection Agency sent boats from Kerenza. Engineers from the Delta "
        "Water Board checked the dam at Sul. Lidia Paskova asked the government for help.",
        "Rescue crews in Ostrava Nova worked through the night as the Varela kept rising. The Civil Protection "
        "Agency said two villages near Kerenza were cut off. Minister Tomas Rehak visited the town hall. "
        "Paskova said the schools will stay closed.",
        "Water began to fall in Ostrava Nova on Wednesday. Tomas Rehak promised money for repairs. The Delta "
        "Water Board said the dam at Sul held. Residents of Kerenza returned to clear the mud.",
    ],
    "strike": [
        "Dock workers in Port Aldine walked out on Tuesday, the Harbour Workers Union said. Union leader Marek "
        "Solberg called the pay offer an insult. The Aldine Port Authority said ships would wait offshore. "
        "Marek Solberg said the strike would last a week.",
        "Talks between the Harbour Workers Union and the Aldine Port Authority broke down in Port Aldine. "
        "Labour minister Ines Corvo offered to mediate. Solberg said members would vote on Friday.",
        "Ines Corvo met both sides in Port Aldine on Thursday. The Aldine Port Authority raised its offer. "
        "The Harbour Workers Union will put it to a vote, Marek Solberg said.",
    ],
    "election": [
        "Voters in Belmora chose a new parliament on Sunday. The Civic Union of Anna Dressler led the count. "
        "The Belmora Electoral Commission reported a turnout of 61 percent. Observers from the Northern "
        "Assembly said the vote was calm.",
        "Anna Dressler claimed victory in Belmora as the count ended. Her rival Pavel Osgood of the Farmers "
        "Party conceded. The Belmora Electoral Commission will publish final results on Tuesday.",
        "Talks on a coalition began in Belmora. Dressler met Pavel Osgood at the Civic Union offices. The "
        "Northern Assembly sent a letter of congratulation.",
    ],
    "summit": [
        "Leaders of the Meridian Council met in Castel Auro on Friday. Chair Rui Venter opened the session on "
        "trade. Delegates from Norvaan and Pellia signed a grain agreement.",
        "In Castel Auro, Rui Venter said the Meridian Council would meet again in spring. Norvaan's envoy Sela "
        "Markov praised the grain deal. Pellia asked for a review of tariffs.",
        "The summit in Castel Auro ended with a joint statement. Sela Markov and Rui Venter spoke to reporters. "
        "The Meridian Council will open an office in Norvaan.",
    ],
}
NAMES = {
    "person": ["Lidia Paskova", "Paskova", "Tomas Rehak", "Marek Solberg", "Solberg", "Ines Corvo",
               "Anna Dressler", "Dressler", "Pavel Osgood", "Rui Venter", "Sela Markov"],
    "org": ["Civil Protection Agency", "Delta Water Board", "Harbour Workers Union", "Aldine Port Authority",
            "Civic Union", "Belmora Electoral Commission", "Northern Assembly", "Farmers Party", "Meridian Council"],
    "place": ["Varela", "Ostrava Nova", "Kerenza", "Sul", "Port Aldine", "Belmora", "Castel Auro", "Norvaan",
              "Pellia"],
}
LABELS = {"person": "PERSON", "org": "ORG", "place": "GPE"}
# The analysis of a story is not run at build time (minutes for 10,000 articles): its other documents
# are what it writes for a story with no dates and no figures, so the store counts as analysed.
PLACEHOLDERS = {"timeline": [], "facts": {"claims": [], "measures": [], "events": [], "quotes": []}}


def source_articles() -> tuple[list[Article], dict[str, str]]:
    """The reports above as articles with their names marked, and article id -> topic."""
    articles, topic_of = [], {}
    for topic, texts in TOPICS.items():
        for n, text in enumerate(texts):
            article_id = f"{topic}-{n}"
            articles.append(Article(article_id, f"bench/{article_id}", text, title=text.split(".")[0], text=text,
                                    source=f"outlet-{n}", published=f"2024-0{1 + n}-1{n}", language="en",
                                    mentions=_marked(article_id, text)))
            topic_of[article_id] = topic
    return articles, topic_of


def _marked(article_id: str, text: str) -> list[Mention]:
    found: list[Mention] = []
    for kind, names in NAMES.items():
        for name in sorted(names, key=len, reverse=True):
            start = text.find(name)
            while start >= 0:
                end = start + len(name)
                if not any(m.start < end and start < m.end for m in found):
                    found.append(Mention(article_id, start, end, name, LABELS[kind]))
                start = text.find(name, end)
    return sorted(found, key=lambda m: m.start)


def build_store(path: Path, n: int, seed: int = 0) -> Store:
    """A store of `n` synthetic articles in stories, with each story's entities in the entity index."""
    sources, topic_of = source_articles()
    store = Store(path)
    grouper = Grouper(store)
    batch: list[Article] = []
    for article, _ in recombine(sources, topic_of, n, seed=seed, sentences_per_article=(3, 6)):
        batch.append(article)
        if len(batch) == 500:
            _add(store, grouper, batch)
            batch = []
    if batch:
        _add(store, grouper, batch)
    index = story_index(store)
    kinds = {label: kind for kind, label in LABELS.items()}
    with store.atomic() as conn:
        sync_stories(store, index, sorted({r[0] for r in conn.execute("SELECT DISTINCT story_id FROM grp_articles")}))
        entity_index = EntityIndex(PlainRows(conn))
        for story in store.stories():
            entities = _entities(store.articles(ids=story.article_ids), kinds)
            linked = canonical_entities(entity_index, story.id, entities)
            store.put_analysis("story", story.id, "entities", encode(linked), conn)
            for kind in STORY_KINDS:  # what the analysis writes for stories without dates or figures
                if kind != "entities":
                    store.put_analysis("story", story.id, kind, PLACEHOLDERS.get(kind, {}), conn)
        for thread in store.threads():
            for kind in THREAD_KINDS:
                store.put_analysis("thread", thread.id, kind, PLACEHOLDERS.get(kind, {}), conn)
    return store


def _add(store: Store, grouper: Grouper, batch: list[Article]) -> None:
    with store.atomic() as conn:
        store.add_articles(batch, conn)
        grouper.assign(batch, conn)


def _entities(articles: list[Article], kinds: dict[str, str]) -> list[Entity]:
    """A story's entities, one per spelling (what a resolution without spaCy or gazetteer gives)."""
    by_name: dict[tuple[str, str], Entity] = {}
    for article in articles:
        for mention in article.mentions:
            kind = kinds.get(mention.label, "other")
            key = (kind, fold(mention.text))
            if key not in by_name:
                digest = hashlib.sha1(f"{kind}:{key[1]}".encode()).hexdigest()[:12]
                by_name[key] = Entity(id=f"e-{digest}", name=mention.text, type=kind)
            by_name[key].mentions.append(mention)
    return list(by_name.values())


def bench_corrections(n: int = 10_000, seed: int = 0, path: Path | None = None) -> dict:
    """Seconds per correction and per undo (answer, and analysis of the stories it queued)."""
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = build_store(Path(path or Path(tmp) / "corrections.db"), n, seed)
        figures: dict = {"articles": store.count_articles(), "stories": len(store.stories()),
                         "build_s": round(time.perf_counter() - t0, 1)}
        t0 = time.perf_counter()
        Gazetteer.load()  # loaded once per process; the correction commands pay this once each
        figures["gazetteer_load_s"] = round(time.perf_counter() - t0, 2)
        with store:
            corrections.finish(store)  # nothing pending: the baseline's own cost (a check of the queue)
            stories = sorted(store.stories(), key=lambda s: (-len(s.article_ids), s.id))
            big, other = stories[0], stories[1]
            index = EntityIndex(PlainRows(store.conn))
            people = [r[0] for r in store.conn.execute(
                "SELECT id FROM ent_entities WHERE type = 'person' ORDER BY mentions DESC, id LIMIT 40")]
            a, b, c = (index.entity(i) for i in people[-3:])  # people of typical frequency
            cases: list[tuple[str, Callable[[], corrections.Applied]]] = [
                ("stories_merge", lambda: corrections.merge_stories(store, big.id, other.id)),
                ("stories_split", lambda: corrections.split_story(store, big.id, big.article_ids[:1])),
                ("stories_move", lambda: corrections.move_article(store, big.article_ids[-1], other.id)),
                ("entities_merge", lambda: corrections.correct_entities(store, "merge", {"a": a.id, "b": b.id})),
                ("entities_rename", lambda: corrections.correct_entities(
                    store, "rename", {"entity": c.id, "name": c.name + " (renamed)"})),
            ]
            for name, make in cases:
                figures[name] = _timed(store, make)
                figures[name + "_undo"] = _timed(store, lambda: corrections.undo(store, figures[name]["number"]))
            store.close()
    timed = [v for v in figures.values() if isinstance(v, dict)]
    figures["max_answer_s"] = max(v["answer_s"] for v in timed)
    figures["max_answer_cpu_s"] = max(v["answer_cpu_s"] for v in timed)
    figures["max_answer_and_finish_s"] = max(v["answer_s"] + v["finish_s"] for v in timed)
    return figures


def _timed(store: Store, make: Callable[[], corrections.Applied]) -> dict:
    """Wall-clock and CPU seconds of this process (the machine may be shared) of a correction and its finish."""
    t0, c0 = time.perf_counter(), time.process_time()
    applied = make()
    answer, answer_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    corrections.finish(store)
    return {"number": applied.number, "answer_s": round(answer, 3), "answer_cpu_s": round(answer_cpu, 3),
            "finish_s": round(time.perf_counter() - t0, 3), "finish_cpu_s": round(time.process_time() - c0, 3),
            "stories_queued": len(applied.stories)}
