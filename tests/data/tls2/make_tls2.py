"""Build each topic's articles.jsonl of tests/data/tls2 from tests/data/longcov2/longcov2.jsonl.

A second, independent key-dates collection of the held-out kind: five real, months-long topics of
2009-2011 (the Haiti earthquake, the BP spill, the Libyan war, the 2009 flu pandemic, the Ivory
Coast crisis), the articles of tests/data/longcov2 (our own sentences, six outlet styles). The
reference timelines (timeline.json) were written by hand from general knowledge of the events and
what the articles report, before newsfuse was run on them, and are not generated here.

As in the news-tls collections, whose articles were retrieved by a keyword query per topic, a
topic's articles are every longcov2 article that matches its query (title or text), so the
distractors that share its keywords come with it (for the BP spill: the Kalamazoo pipeline spill
of July 2010, whose reports name BP's spill, and BP's Rosneft deal of 2011; for Haiti: the UN
envoy of 2009 and the Chilean earthquake of February 2010; for Libya: the Lockerbie release of 2009). The benchmark then reads, as news-tls
does, only the articles published within the span of the reference timeline.

    .venv/bin/python tests/data/tls2/make_tls2.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "longcov2" / "longcov2.jsonl"
QUERIES = {
    "haiti-quake": r"\bHaiti|\bquake|earthquake",
    "bp-spill": r"\bBP\b|oil spill",
    "libya-war": r"\bLibya|Gaddafi",
    "swine-flu": r"\bflu\b|H1N1",
    "ivory-coast": r"Ivory Coast|Gbagbo|Ouattara",
}


def main() -> None:
    rows = [json.loads(line) for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    for topic, query in QUERIES.items():
        pattern = re.compile(query)
        chosen = [r for r in rows if pattern.search(r["title"] + " " + r["text"])]
        with (HERE / topic / "articles.jsonl").open("w", encoding="utf-8") as out:
            for r in chosen:
                out.write(json.dumps({"id": r["id"], "published": r["published"], "source": r["source"],
                                      "title": r["title"], "text": r["text"], "topic": r["topic"]},
                                     ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
