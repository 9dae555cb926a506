"""The sample corpus that ships with newsfuse and that `newsfuse demo` analyzes.

`corpus/` holds 23 short English news reports in 21 files: plain text, two scraped HTML pages,
a JSON Lines export with two records and an RSS 2.0 feed with two items. Five stories follow the
2023 Kosovo–Serbia tensions and NATO's KFOR mission (one thread); two unrelated stories, a flood
and a company's earnings, are distractors. All reports were written for newsfuse: the outlets,
reporters, bystanders, the flood and the company are invented, and quotes attributed to real
officials are illustrative paraphrases, not their words. `gold.json` records the expected
stories, threads, outlets, dates and the figures planted in each story (used by the tests).
"""

from importlib.resources import files
from pathlib import Path


def corpus_dir() -> Path:
    """The folder that holds the demo corpus."""
    return Path(str(files("newsfuse.demo") / "corpus"))


def gold() -> dict:
    """What the corpus was written to contain: stories, threads, outlets, dates, figures."""
    import json

    return json.loads((files("newsfuse.demo") / "gold.json").read_text(encoding="utf-8"))
