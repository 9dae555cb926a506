"""Load the Parquet tables of a Spark run into a newsfuse SQLite store, for the web app and the CLI.

Reads with pyarrow (no Spark needed). Articles keep their analysis (mentions, times, removed
boilerplate, facts); stories, threads, story documents (entities, timeline, facts) and thread
documents (facts) are stored as `newsfuse analyze` stores them, and the story index is rebuilt so
later ingests join these stories.
"""

from __future__ import annotations

import json
from pathlib import Path

from newsfuse.codec import decode
from newsfuse.errors import ConfigError
from newsfuse.pipeline.grouping import PlainRows
from newsfuse.models import Article, Mention, Rejection, Removed, Story, TimeExpression
from newsfuse.stories.features import StoryFeatures
from newsfuse.stories.index import StoryIndex
from newsfuse.store import Store


def _rows(directory: Path, name: str) -> list[dict]:
    import pyarrow.parquet as pq

    path = directory / name
    if not path.exists():
        raise ConfigError(f"{path} is missing: is {directory} the output of `newsfuse spark analyze`?",
                          setting="input")
    return pq.read_table(path).to_pylist()


def import_tables(directory: str | Path, store: Store) -> int:
    """Add the run's articles, rejections, stories, threads and story documents; return articles added."""
    directory = Path(directory)
    rows = sorted(_rows(directory, "articles"), key=lambda r: r["seq"])
    known = store.known_ids(r["id"] for r in rows)
    rows = [r for r in rows if r["id"] not in known]
    mentions: dict[str, list[Mention]] = {}
    for m in _rows(directory, "mentions"):
        mentions.setdefault(m["article_id"], []).append(
            Mention(m["article_id"], m["start"], m["end"], m["text"], m["label"]))
    articles = [_article(r, mentions.get(r["id"], [])) for r in rows]
    with store.transaction() as conn:
        added = store.add_articles(articles, conn)
        store.add_rejections([Rejection(r["path"], r["reason"]) for r in _rows(directory, "rejected")], conn)
        for r in rows:
            if r["facts"] and r["facts"] != "null":
                store.put_analysis("article", r["id"], "facts", json.loads(r["facts"]), conn)
            if r["anchor"]:
                conn.execute("UPDATE articles SET inferred = json_set(inferred, '$.anchor', ?) WHERE id = ?",
                             (r["anchor"], r["id"]))
        for s in _rows(directory, "stories"):
            store.upsert_story(Story(s["id"], s["title"], s["article_ids"], s["thread_id"], s["date_start"],
                                     s["date_end"]), conn)
        for t in _rows(directory, "threads"):
            conn.execute("INSERT OR REPLACE INTO threads VALUES (?, ?)", (t["id"], t["title"]))
        for d in _rows(directory, "story_docs"):
            store.put_analysis("story", d["story_id"], d["kind"], json.loads(d["body"]), conn)
        # thread figures (tables written before they existed have none: `newsfuse regroup` makes them)
        for d in _rows(directory, "thread_docs") if (directory / "thread_docs").exists() else []:
            store.put_analysis("thread", d["thread_id"], d["kind"], json.loads(d["body"]), conn)
        _index(store, rows, conn)
    return added


def _index(store: Store, rows: list[dict], conn) -> None:
    """The story index (`grp_*`) for the imported articles, so incremental ingests continue from it."""
    plain = PlainRows(conn)
    for r in rows:
        features = StoryFeatures.from_bytes(r["features"])
        plain.execute("INSERT OR REPLACE INTO grp_articles (article_id, story_id, seq, published, features) "
                      "VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM grp_articles), ?, ?)",
                      (r["id"], r["story_id"], r["published"], r["features"]))
        index = StoryIndex(plain)
        index._count_df(features)  # noqa: SLF001 - the index's own df bookkeeping
    index = StoryIndex(plain)
    items = index.features()
    index.rebuild(items, index.assignment())


def _article(r: dict, mentions: list[Mention]) -> Article:
    return Article(
        id=r["id"], path=r["path"], raw=r["raw"], title=r["title"], text=r["text"], url=r["url"], source=r["source"],
        published=r["published"], language=r["language"], inferred=json.loads(r["inferred"]),
        removed=decode(list[Removed], json.loads(r["removed"])), content_hash=r["content_hash"],
        duplicate_of=r["duplicate_of"], story_id=r["story_id"],
        mentions=sorted(mentions, key=lambda m: m.start),
        times=decode(list[TimeExpression], json.loads(r["times"])),
        publisher=r.get("publisher"), credits=json.loads(r.get("credits") or "[]"),
        derived_from=[(a, float(share)) for a, share in json.loads(r.get("derived_from") or "[]")],
    )
