"""Build longcov.jsonl from the hand-written reports in the *.txt files of this folder.

Each report starts with a line `@ published | source | topic | story`, then `# title`, then its
text (paragraphs separated by blank lines). The reports were written for newsfuse by hand, in our
own words, about invented places, companies and people; nothing here is generated from templates.

    .venv/bin/python tests/data/longcov/make_longcov.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def reports(path: Path) -> list[dict]:
    out: list[dict] = []
    for block in path.read_text(encoding="utf-8").split("\n@ ")[0:]:
        block = block.removeprefix("@ ").strip()
        if not block:
            continue
        head, title, *body = block.split("\n")
        published, source, topic, story = (part.strip() for part in head.split("|"))
        out.append({"published": published, "source": source, "title": title.removeprefix("# ").strip(),
                    "text": "\n".join(body).strip(), "topic": topic, "story": story})
    return out


def main() -> None:
    records = [r for path in sorted(HERE.glob("*.txt")) for r in reports(path)]
    records.sort(key=lambda r: (r["published"], r["source"], r["title"]))
    with (HERE / "longcov.jsonl").open("w", encoding="utf-8") as handle:
        for n, record in enumerate(records, 1):
            handle.write(json.dumps({"id": f"lc{n:03d}", **record}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
