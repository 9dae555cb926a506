"""Per-article work of the Spark job: records -> analyzed article rows, one partition at a time.

Pure Python (no pyspark import): `analyze_partition` runs inside `mapPartitions` on the executors.
It runs the store run's article stages (`pipeline.stages.article_stages`) with no duplicate index:
the dedup stage signs each article (hash, MinHash, band keys) and the job links copies across
partitions with a join over those keys (`cluster.find_duplicates`). The spaCy pipeline is loaded
once per executor process (`newsfuse.nlp.load_pipeline` caches it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from newsfuse.codec import encode
from newsfuse.facts import FactsReader
from newsfuse.ingest import read_file
from newsfuse.ingest.extract import article_from_record
from newsfuse.ingest.readers import _record_from_json
from newsfuse.ingest.records import RawRecord
from newsfuse.models import Article, Batch, Rejection
from newsfuse.pipeline.contract import Pipeline
from newsfuse.pipeline.stages import article_stages, batch_of, sign
from newsfuse.stories.features import featurize


CHUNK = 64
# Fields of an analyzed-article row, in order (see docs/spark.md, table `articles`).
ARTICLE_FIELDS = ("id", "seq", "path", "url", "title", "text", "raw", "source", "published", "language",
                  "inferred", "removed", "mentions", "times", "facts", "content_hash", "minhash", "bands",
                  "features", "publisher", "credits", "derived_from")


def records_of_file(seq_base: int, path: str, where: str | None = None,
                    identity: str | None = None) -> Iterator[tuple[int, RawRecord | Rejection]]:
    """(seq, record) for each record of one text/HTML/JSON file, as `newsfuse analyze` reads it;
    `where` is the path as the user gave it (the records' label), `path` the one to open, `identity`
    its place in the corpus (`ingest.list_inputs`; the article ids come from it)."""
    for n, item in enumerate(read_file(where or path, Path(path), identity=identity)):
        yield seq_base + n, item


def record_of_row(seq: int, where: str, row: dict) -> RawRecord | Rejection:
    """A record from one Parquet/JSON Lines row with the fields of the JSON reader."""
    if row.pop("_corrupt_record", None) is not None:
        return Rejection(where, "malformed JSON line")
    return _record_from_json(where, where, row)


def analyze_partition(items: Iterable[tuple[int, RawRecord | Rejection]], options=None) -> Iterator[tuple]:
    """Analyzed-article rows (`ARTICLE_FIELDS`) and rejections as ("!rejected", path, reason).

    `options` (a `job.SparkOptions`) gives the spaCy model and batch size."""
    pipeline = Pipeline(article_stages(options, None, consumers=[FactsReader()]))
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK)):
        seqs: dict[str, int] = {}
        batch = batch_of(chunk, seqs)
        if batch.articles:
            batch = pipeline.run(batch)
        for article in batch.articles:
            yield article_row(article, seqs[article.id])
        for rejection in batch.rejected:
            yield rejection_row(rejection)


def article_row(article: Article, seq: int, found=None) -> tuple:
    """The row of an analyzed article; its facts are `found` or those the stages left on it.
    An article no dedup stage signed (the benchmark's synthetic ones) is signed here."""
    if not article.minhash:
        sign(article)
    found = found if found is not None else article.facts
    return (article.id, seq, article.path, article.url, article.title, article.text, article.raw, article.source,
            article.published, article.language, _json(article.inferred), _json(encode(article.removed)),
            _json(encode(article.mentions)), _json(encode(article.times)), _json(encode(found)),
            article.content_hash, article.minhash, [f"{b}:{h}" for b, h in article.bands],
            featurize(article).to_bytes(), article.publisher, _json(article.credits),
            _json([list(d) for d in article.derived_from]))


def rejection_row(rejection: Rejection) -> tuple:
    """A rejection in the article rows: id "!rejected", its reason in `title`."""
    return ("!rejected", -1, rejection.path, None, rejection.reason) + (None,) * (len(ARTICLE_FIELDS) - 5)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)
