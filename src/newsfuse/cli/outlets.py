"""The `outlets` command (publishers and the agencies they credit, with counts) and
`bench provenance`. Added to the CLI by `register()`. Thin: the store and eval/provenance answer."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from newsfuse.cli.common import DEFAULT_DB, DbOption, FormatOption, JsonFlag, _existing, _fail, out, print_json
from newsfuse.errors import NewsfuseError


def outlets_document(articles) -> dict:
    """Publishers (articles, originals, copies, what they credit) and credited agencies/outlets."""
    publishers: dict[str, dict] = {}
    credited: Counter[str] = Counter()
    for article in articles:
        name = article.publisher or article.source or "unknown outlet"
        row = publishers.setdefault(name, {"name": name, "articles": 0, "originals": 0, "copies": 0,
                                           "credits": Counter()})
        row["articles"] += 1
        copied = article.duplicate_of is not None or bool(article.derived_from)
        row["copies" if copied else "originals"] += 1
        row["credits"].update(article.credits)
        credited.update(article.credits)
    rows = sorted(publishers.values(), key=lambda r: (-r["articles"], r["name"]))
    return {
        "publishers": [{**r, "credits": dict(r["credits"].most_common())} for r in rows],
        "credited": [{"name": n, "articles": c} for n, c in sorted(credited.items(), key=lambda kv: (-kv[1], kv[0]))],
    }


def outlets(db: DbOption = Path(DEFAULT_DB), json_out: JsonFlag = False) -> None:
    """Publishers and the agencies or outlets they credit, with article counts (originals and copies).

    Example: [bold]newsfuse outlets --json[/bold]
    """
    try:
        with _existing(db) as store:
            document = outlets_document(store.articles(with_details=False))
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    if json_out:
        print_json(document)
        return
    table = Table("publisher", "articles", "originals", "copies", "credits")
    for row in document["publishers"]:
        table.add_row(escape(row["name"]), str(row["articles"]), str(row["originals"]), str(row["copies"]),
                      escape(", ".join(f"{n} ({c})" for n, c in row["credits"].items())))
    out.print(table)
    if document["credited"]:
        out.print("credited: " + escape(", ".join(f"{r['name']} ({r['articles']})" for r in document["credited"])))


def bench_provenance_cmd(corpus: Annotated[Optional[Path], typer.Option(
        help="Provenance corpus (JSON, docs/provenance.md). Default: tests/data/provenance/corpus.json.")] = None,
                         scale: Annotated[int, typer.Option(help="Generated articles for the copy index's cost.")] = 10_000,
                         ecbplus: Annotated[Optional[Path], typer.Option(
                             help="ECB+ folder: its documents join the corpus for the whole-pipeline cost.")] = None,
                         pipeline: Annotated[int, typer.Option(
                             help="ECB+ documents in the whole-pipeline run (with and without provenance); "
                                  "-1 skips that run.")] = 200,
                         repeat: Annotated[int, typer.Option(
                             min=1, help="Runs each way (with and without provenance); the fastest counts.")] = 1,
                         fmt: FormatOption = "table") -> None:
    """Publisher and credit detection, copies (derived_from precision/recall), independent sources on a corpus with true origins, and what provenance adds to the whole pipeline's time.

    Example: [bold]newsfuse bench provenance --ecbplus ../shared/data/ecbplus[/bold]
    """
    from newsfuse.cli.common import _print_figures
    from newsfuse.eval.provenance import CORPUS, bench_provenance

    try:
        figures = bench_provenance(corpus or CORPUS, scale, ecbplus, None if pipeline < 0 else pipeline, repeat)
    except (OSError, ValueError, KeyError) as exc:
        raise typer.BadParameter(f"cannot read the corpus: {exc}") from exc
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    _print_figures("Provenance", figures, fmt)


def register(app: typer.Typer, bench_app: typer.Typer | None = None) -> None:
    app.command("outlets")(outlets)
    if bench_app is not None:
        bench_app.command("provenance")(bench_provenance_cmd)
