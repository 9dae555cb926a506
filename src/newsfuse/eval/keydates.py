"""Benchmark: a thread's key dates against reference timelines (timeline summarization).

A collection is a folder of topics, one sub-folder each (docs/time.md, "Key dates benchmark"):
`articles.jsonl` (one article a line: `published`, `source`, `title`, `text`) and
`timeline.json` (`[{"date": "YYYY-MM-DD", "text": "..."}]`, one or more items per date). The
news-tls protocol: the system gives as many dates as the reference timeline has, and per date
the reference's average number of sentences. Scores: Date-F1 (exact days), concat ROUGE-1/2 F1
(all summary text against all reference text) and agreement ROUGE-1/2 F1 (n-grams matched only
on the dates both give), macro-averaged over topics. As in news-tls's evaluation, a topic's input
is the span of its reference timeline (first to last reference day): only the articles published
in it are read and only its days are chosen. Beside newsfuse, a publication-volume baseline (the
days with the most articles, their lead sentences).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from newsfuse.errors import NewsfuseError
from newsfuse.models import Article
from newsfuse.timex import TimeTagger
from newsfuse.timex.anchor import parse_published
from newsfuse.timex.keydates import key_dates

DEV_COLLECTION = Path(__file__).resolve().parents[3] / "tests" / "data" / "tls"
# real 2009-2011 topics in our own words, references written before newsfuse was run (docs/time.md)
SECOND_COLLECTION = DEV_COLLECTION.with_name("tls2")
_TOKEN = re.compile(r"[^\W_]+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“])")


class CollectionError(NewsfuseError):
    """A timeline-summarization folder that cannot be read (names the file)."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


@dataclass(slots=True)
class Topic:
    name: str
    articles: list[Article]
    reference: dict[str, list[str]]  # ISO day -> its sentences


def load_collection(root: Path) -> list[Topic]:
    """Every topic folder of `root` (sorted by name): ours (`articles.jsonl`, `timeline.json`) or
    news-tls's (`articles.preprocessed.jsonl[.gz]`, `timelines.jsonl`: one topic per timeline)."""
    root = Path(root)
    # "_..." and "." folders are not topics (__pycache__ beside the generator script, .git)
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))) if root.is_dir() else []
    if not folders:
        raise CollectionError(f"{root}: no topic folders (each with articles.jsonl and timeline.json)", root)
    topics: list[Topic] = []
    for folder in folders:
        if not (folder / "timeline.json").is_file() and (folder / "timelines.jsonl").is_file():
            topics.extend(load_news_tls_topic(folder))
        else:
            topics.append(load_topic(folder))
    return topics


_NEWS_TLS_ARTICLES = ("articles.preprocessed.jsonl", "articles.preprocessed.jsonl.gz", "articles.jsonl",
                      "articles.jsonl.gz")


def _jsonl_rows(path: Path):
    """(line number, row) of a JSON Lines file, gzipped when its name ends in .gz."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise CollectionError(f"{path}, line {number}: not JSON ({exc})", path) from exc


def load_news_tls_topic(folder: Path) -> list[Topic]:
    """A topic in news-tls's layout (Timeline17, Crisis): the articles' `time` and `text` (the
    preprocessed tokens are not read), and one topic `<folder>#<n>` per line of `timelines.jsonl`
    (`[[date, [sentence, ...]], ...]`), all sharing the articles, as news-tls scores each timeline."""
    articles_path = next((folder / name for name in _NEWS_TLS_ARTICLES if (folder / name).is_file()), None)
    if articles_path is None:
        raise CollectionError(f"{folder}: missing articles.preprocessed.jsonl(.gz) beside timelines.jsonl", folder)
    articles = []
    for number, row in _jsonl_rows(articles_path):
        try:
            published = str(row.get("time") or row["published"])[:10]
            dt.date.fromisoformat(published)
            text = str(row["text"])
        except (KeyError, TypeError, ValueError) as exc:
            raise CollectionError(f"{articles_path}, line {number}: needs time and text ({exc})", articles_path) from exc
        articles.append(Article(id=f"{folder.name}-{number:05d}", path=str(articles_path), raw=text,
                                title=str(row.get("title") or ""), text=text, source=row.get("source"),
                                published=published))
    topics = []
    timelines_path = folder / "timelines.jsonl"
    for number, items in _jsonl_rows(timelines_path):
        reference: dict[str, list[str]] = {}
        try:
            for day, summary in items:
                sentences = [summary] if isinstance(summary, str) else list(summary)
                reference.setdefault(dt.date.fromisoformat(str(day)[:10]).isoformat(), []).extend(
                    str(x).strip() for x in sentences if str(x).strip())
        except (TypeError, ValueError) as exc:
            raise CollectionError(f"{timelines_path}, line {number}: expected [[date, [sentences]], ...] ({exc})",
                                  timelines_path) from exc
        if reference:
            topics.append(Topic(f"{folder.name}#{number}", articles, reference))
    return topics


def load_topic(folder: Path) -> Topic:
    articles_path, timeline_path = folder / "articles.jsonl", folder / "timeline.json"
    for path in (articles_path, timeline_path):
        if not path.is_file():
            raise CollectionError(f"{path}: missing", path)
    articles = []
    for number, line in enumerate(articles_path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            published = str(row["published"])[:10]
            text = str(row["text"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise CollectionError(f"{articles_path}, line {number}: needs published and text ({exc})",
                                  articles_path) from exc
        articles.append(Article(id=f"{folder.name}-{number:03d}", path=str(articles_path), raw=text,
                                title=str(row.get("title") or ""), text=text, source=row.get("source"),
                                published=published))
    try:
        items = json.loads(timeline_path.read_text(encoding="utf-8"))
        reference: dict[str, list[str]] = {}
        for item in items:
            day = dt.date.fromisoformat(str(item["date"])[:10]).isoformat()
            reference.setdefault(day, []).extend(s for s in _SENTENCE.split(str(item["text"]).strip()) if s)
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise CollectionError(f"{timeline_path}: expected [{{date, text}}] ({exc})", timeline_path) from exc
    return Topic(folder.name, articles, reference)


# -- scores ------------------------------------------------------------------------------------
def _ngrams(text: str, n: int) -> Counter:
    words = [w.lower() for w in _TOKEN.findall(text)]
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def _f1(overlap: float, system: float, reference: float) -> float:
    if not overlap or not system or not reference:
        return 0.0
    p, r = overlap / system, overlap / reference
    return 2 * p * r / (p + r)


def rouge_n(system: str, reference: str, n: int) -> float:
    """ROUGE-N F1 of two texts (lowercased word n-grams, clipped counts)."""
    s, r = _ngrams(system, n), _ngrams(reference, n)
    return _f1(sum((s & r).values()), sum(s.values()), sum(r.values()))


def agreement_rouge(system: dict[str, list[str]], reference: dict[str, list[str]], n: int) -> float:
    """Agreement ROUGE-N F1 (Martschat & Markert 2017): n-grams count as matched only on a date
    both timelines give; totals are over all dates of each."""
    overlap = 0
    for day in system.keys() & reference.keys():
        overlap += sum((_ngrams(" ".join(system[day]), n) & _ngrams(" ".join(reference[day]), n)).values())
    total_s = sum(sum(_ngrams(" ".join(v), n).values()) for v in system.values())
    total_r = sum(sum(_ngrams(" ".join(v), n).values()) for v in reference.values())
    return _f1(overlap, total_s, total_r)


def date_f1(system: list[str], reference: list[str]) -> float:
    matched = len(set(system) & set(reference))
    return _f1(matched, len(set(system)), len(set(reference)))


def score_timeline(system: dict[str, list[str]], reference: dict[str, list[str]]) -> dict[str, float]:
    concat_s = " ".join(s for v in system.values() for s in v)
    concat_r = " ".join(s for v in reference.values() for s in v)
    return {"date_f1": date_f1(list(system), list(reference)),
            "rouge1_concat": rouge_n(concat_s, concat_r, 1), "rouge2_concat": rouge_n(concat_s, concat_r, 2),
            "rouge1_agreement": agreement_rouge(system, reference, 1),
            "rouge2_agreement": agreement_rouge(system, reference, 2)}


# -- systems -----------------------------------------------------------------------------------
def tagged(articles: list[Article], tagger: TimeTagger | None = None, done: set[str] | None = None) -> list[Article]:
    """The articles with their time expressions, anchored at their publication dates (those whose
    id is in `done` are tagged already: several timelines of one topic share its articles)."""
    tagger = tagger or TimeTagger()
    for article in articles:
        if done is not None and article.id in done:
            continue
        article.times = tagger.tag(article.text, parse_published(article.published), article_id=article.id)
        if done is not None:
            done.add(article.id)
    return articles


def reference_span(topic: Topic) -> tuple[dt.date, dt.date]:
    """The first and last day of the topic's reference timeline: news-tls's input span
    (`get_input_time_span` with no extension, as for Timeline17 and Crisis)."""
    days = sorted(topic.reference)
    return dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])


def in_span(articles: list[Article], span: tuple[dt.date, dt.date] | None) -> list[Article]:
    """The articles published within `span` (all of them without one)."""
    if span is None:
        return list(articles)
    first, last = span[0].isoformat(), span[1].isoformat()
    return [a for a in articles if a.published and first <= a.published[:10] <= last]


def newsfuse_timeline(articles: list[Article], n: int, k: int,
                      span: tuple[dt.date, dt.date] | None = None) -> dict[str, list[str]]:
    return {d.date: [s.text for s in d.sentences] for d in key_dates(articles, n, k, within=span)}


def volume_timeline(articles: list[Article], n: int, k: int,
                    span: tuple[dt.date, dt.date] | None = None) -> dict[str, list[str]]:
    """The baseline: the `n` days with the most articles published, each with `k` lead sentences."""
    by_day: dict[str, list[Article]] = {}
    for article in in_span(articles, span):
        by_day.setdefault(article.published, []).append(article)
    days = sorted(by_day, key=lambda d: (-len(by_day[d]), d))[:n]
    return {day: [_SENTENCE.split(a.text.strip())[0] for a in by_day[day]][:k] for day in sorted(days)}


def bench_keydates(root: Path = DEV_COLLECTION, *, span: bool = True) -> dict:
    """Date-F1 and ROUGE-1/2 of newsfuse's key dates and of the volume baseline, macro-averaged.
    `span=False` reads every article and lets every day compete (not the published protocol)."""
    started = time.perf_counter()
    topics = load_collection(root)
    tagger = TimeTagger()
    totals: dict[str, dict[str, float]] = {"newsfuse": Counter(), "volume": Counter()}
    per_topic = {}
    read = 0
    done: set[str] = set()
    for topic in topics:
        window = reference_span(topic) if span else None
        articles = tagged(in_span(topic.articles, window), tagger, done)
        read += len(articles)
        n = len(topic.reference)
        k = max(1, round(sum(len(v) for v in topic.reference.values()) / n))
        found = {}
        for name, system in (("newsfuse", newsfuse_timeline), ("volume", volume_timeline)):
            scores = score_timeline(system(articles, n, k, window), topic.reference)
            totals[name].update(scores)
            found[name] = round(scores["date_f1"], 4)
        per_topic[topic.name] = found
    count = len(topics)
    result: dict[str, object] = {"collection": str(root), "topics": count,
                                 "articles": len({id(a) for t in topics for a in t.articles}),
                                 "input": "reference span" if span else "all articles, all days",
                                 "articles_read": read}
    for name in ("newsfuse", "volume"):
        for metric in ("date_f1", "rouge1_concat", "rouge2_concat", "rouge1_agreement", "rouge2_agreement"):
            result[f"{name}_{metric}"] = round(totals[name][metric] / count, 4)
    result["date_f1_by_topic"] = per_topic
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result
