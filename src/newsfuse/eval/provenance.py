"""The provenance benchmark: publisher and credit detection, copies (`derived_from`) and the
independent sources of each story, on a corpus with the true origins (tests/data/provenance,
written in our own words: agency wires, republishing sites, rewrites with new leads, lifted
paragraphs, independent reports), and the cost per article of the copy index at scale."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from newsfuse.facts.provenance import origin_resolver
from newsfuse.models import Article
from newsfuse.pipeline.stages import MetadataStage
from newsfuse.stories.copies import CopyIndex

CORPUS = Path(__file__).resolve().parents[3] / "tests" / "data" / "provenance" / "corpus.json"


def load_corpus(path: Path = CORPUS) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["articles"]


def analyse(records: list[dict]) -> list[Article]:
    """The corpus through metadata inference and the copy index, in corpus order."""
    stage, index, articles = MetadataStage(), CopyIndex(), []
    for record in records:
        article = Article(id=record["id"], path=record["id"] + ".txt", raw=record["text"], text=record["text"],
                          url=record.get("url"), source=record.get("source"))
        stage.process(article)
        article.derived_from = index.add(article.id, article.text)
        articles.append(article)
    return articles


def _story(article_id: str) -> str:
    return article_id.split("-")[0]


def score(records: list[dict], articles: list[Article]) -> dict[str, float]:
    truth = {r["id"]: r["truth"] for r in records}
    publisher_ok = sum(a.publisher == truth[a.id]["publisher"] for a in articles)
    credits_ok = sum(sorted(a.credits) == sorted(truth[a.id]["credits"]) for a in articles)
    found = {(a.id, d[0]) for a in articles for d in a.derived_from}
    gold = {(aid, d) for aid, t in truth.items() for d in t["derived_from"]}
    origin = origin_resolver(articles)
    origin_ok = sum(origin(a.id, 0) == truth[a.id]["origin"] for a in articles)
    stories: dict[str, tuple[set, set]] = {}
    for a in articles:
        got, want = stories.setdefault(_story(a.id), (set(), set()))
        got.add(origin(a.id, 0))
        want.add(truth[a.id]["origin"])
    n = len(articles)
    return {
        "articles": n,
        "publisher accuracy": round(publisher_ok / n, 3),
        "credits accuracy": round(credits_ok / n, 3),
        "derived_from precision": round(len(found & gold) / len(found), 3) if found else 0.0,
        "derived_from recall": round(len(found & gold) / len(gold), 3) if gold else 1.0,
        "article origin accuracy": round(origin_ok / n, 3),
        "independent_sources exact (stories)": round(sum(g == w for g, w in stories.values()) / len(stories), 3),
    }


def copy_cost(n: int, seed: int = 7) -> dict[str, float]:
    """Milliseconds per article for the copy index over `n` generated articles (a third lift a
    paragraph of an earlier one), first and last thousand: flat cost means the two are alike."""
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(5000)]
    index, texts, times = CopyIndex(), [], []
    for i in range(n):
        text = " ".join(rng.choice(words) for _ in range(250))
        if texts and i % 3 == 0:
            text += " " + rng.choice(texts)[:600]
        texts.append(text)
        start = time.perf_counter()
        index.add(f"a{i}", text)
        times.append(time.perf_counter() - start)
    k = min(1000, n)
    return {"articles indexed": n, "ms per article (first 1,000)": round(1000 * sum(times[:k]) / k, 3),
            "ms per article (last 1,000)": round(1000 * sum(times[-k:]) / k, 3)}


def bench_provenance(path: Path = CORPUS, scale: int = 10_000) -> dict[str, float]:
    records = load_corpus(path)
    figures = score(records, analyse(records))
    if scale:
        figures.update(copy_cost(scale))
    return figures
