"""Very long generated articles (plain text and HTML) for the ingest tests and memory measurements.

Sentences are drawn from a small made-up vocabulary with a seeded generator, so the same size and
seed give the same bytes on every machine. Run as a script to write a file:

    python tests/ingest/bigfile.py /tmp/long.txt --mib 50
    python tests/ingest/bigfile.py /tmp/long.html --mib 50 --html
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

HEADLINE = "Harbour authority publishes the full record of the Marrow Bay inquiry"
_SUBJECTS = ["The harbour board", "Inspector Alda Verin", "The port workers' union", "A ferry operator",
             "The regional council", "Witness number twelve", "The coast guard", "An engineer from Kessel"]
_VERBS = ["told the inquiry that", "wrote on Tuesday that", "said in March that", "denied that",
          "confirmed on 14 May that", "could not say whether", "recalled that"]
_CLAUSES = ["the crane had failed twice before", "48 containers were lost overnight",
            "the night shift was understaffed", "repairs cost 2.3 million crowns",
            "the warning lights were switched off", "the pier was closed for nine days",
            "nobody was hurt in the second collapse", "the tide tables were out of date"]


_SYLLABLES = ["ka", "ren", "vo", "lis", "dar", "mi", "tas", "bel", "on", "gri", "sa", "hul", "te", "nor", "zi",
              "pa", "lem", "du", "fer", "ya"]
_THINGS = ["crane", "pier", "ledger", "warehouse", "ferry", "tug", "gate", "berth", "manifest", "shift"]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def sentences(seed: int = 7) -> Iterator[str]:
    """Sentences with made-up names and figures, so that no two long stretches of text are alike
    (a repetitive text would be taken for copies of itself by the dedup stage)."""
    rng = random.Random(seed)
    while True:
        if rng.random() < 0.5:
            yield f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_CLAUSES)}."
        else:
            yield (f"{_name(rng)} {_name(rng)} of {_name(rng)} said the {rng.choice(_THINGS)} at berth "
                   f"{rng.randint(1, 400)} was inspected {rng.randint(2, 90)} times by {_name(rng)}.")


def paragraphs(chars: int, seed: int = 7) -> Iterator[str]:
    """Paragraphs of three to eight sentences, about `chars` characters in all."""
    rng = random.Random(seed + 1)
    source = sentences(seed)
    written = 0
    while written < chars:
        paragraph = " ".join(next(source) for _ in range(rng.randint(3, 8)))
        written += len(paragraph) + 2
        yield paragraph


def long_text(chars: int, seed: int = 7) -> str:
    return HEADLINE + "\n\n" + "\n\n".join(paragraphs(chars, seed)) + "\n"


def write_text(path: Path, chars: int, seed: int = 7) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADLINE + "\n\n")
        for paragraph in paragraphs(chars, seed):
            out.write(paragraph + "\n\n")


def write_html(path: Path, chars: int, seed: int = 7) -> None:
    """A news page: navigation, the headline, `chars` characters of paragraphs, a footer and a script."""
    with path.open("w", encoding="utf-8") as out:
        out.write("<!doctype html>\n<html><head><title>" + HEADLINE + " | Marrow Gazette</title>\n"
                  '<meta property="og:site_name" content="Marrow Gazette">\n'
                  '<meta name="date" content="2024-05-16">\n</head>\n<body>\n'
                  '<nav><a href="/">Home</a> <a href="/port">Port</a> <a href="/sport">Sport</a></nav>\n'
                  "<article><h1>" + HEADLINE + "</h1>\n")
        for paragraph in paragraphs(chars, seed):
            out.write("<p>" + paragraph + "</p>\n")
        out.write("</article>\n<footer>Copyright Marrow Gazette. All rights reserved.</footer>\n"
                  "<script>var tracking = {page: 'inquiry'};</script>\n</body></html>\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--mib", type=float, default=50.0, help="size of the article text, in MiB")
    parser.add_argument("--html", action="store_true", help="write an HTML page instead of plain text")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    (write_html if args.html else write_text)(args.path, int(args.mib * 1024 * 1024), args.seed)


if __name__ == "__main__":
    main()
