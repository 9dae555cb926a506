"""Corrections from the command line: `stories merge/split/move`, `entities merge/split/rename`, and
`corrections` (the log), `corrections undo N`, `corrections redo N`.

Added to the CLI by `register()`. Thin: `newsfuse.pipeline.corrections` makes, logs and reverses
them; this parses, prints, and turns errors (unknown or ambiguous id or name) into exit code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from newsfuse.cli.common import DEFAULT_DB, DbOption, JsonFlag, StoryArgument, _existing, _fail, err, out, print_json
from newsfuse.errors import NewsfuseError

corrections_app = typer.Typer(
    help="List your corrections (stories and entities), and undo or redo one.\n\n"
         "Example: [bold]newsfuse corrections[/bold]  ·  [bold]newsfuse corrections undo 3[/bold]",
    invoke_without_command=True)
NumberArgument = Annotated[int, typer.Argument(help="The correction's number, as `newsfuse corrections` lists it.",
                                               show_default=False)]
EntityArgument = Annotated[str, typer.Argument(help="Entity id, or its name (optionally 'type:Name').",
                                               show_default=False)]


LaterOption = Annotated[bool, typer.Option(
    "--later", help="Only make the correction; leave the re-analysis of the stories it touches to the next "
                    "run (ingest, analyze, regroup, check --repair or another correction).")]


def _apply(db: Path, make, later: bool = False, json_out: bool = False) -> None:
    """Make one correction (one transaction), say what it did, then analyse the stories it touched.
    With --json the one document comes at the end: {correction, message, stories, analysed}."""
    try:
        with _existing(db) as store:
            applied = make(store)
            if not json_out:
                out.print(escape(applied.message), highlight=False, soft_wrap=True)
            if later and applied.stories and not json_out:
                out.print(f"{len(applied.stories)} stories queued for analysis at the next run", highlight=False)
            if not later:
                from newsfuse.pipeline.corrections import finish
                from newsfuse.present import terminal

                with terminal.progress(err, enabled=not json_out, total=len(applied.stories) or None) as advance:
                    finish(store, progress=advance)
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    if json_out:
        print_json({"correction": applied.number, "message": applied.message, "stories": list(applied.stories),
                    "analysed": not later})


# --- the log ----------------------------------------------------------------------------------------

def corrections_list(ctx: typer.Context, db: DbOption = Path(DEFAULT_DB), json_out: JsonFlag = False) -> None:
    """Every correction you made, numbered: when, what, and whether it is in force or undone.

    Example: [bold]newsfuse corrections --json[/bold]
    """
    if ctx.invoked_subcommand is not None:
        return
    from newsfuse.pipeline.corrections import listed

    try:
        with _existing(db) as store:
            rows = listed(store)
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    if json_out:
        print_json({"corrections": rows})
        return
    if not rows:
        out.print("no corrections yet", highlight=False)
    for row in rows:
        when = (row["at"] or "before the log")[:16].replace("T", " ")
        undone = (row["undone_at"] or "")[:16].replace("T", " ")
        state = f"[dim]undone {undone}[/dim]" if undone else "[green]in force[/green]"
        out.print(f"[cyan]{row['id']:>4}[/cyan]  {when}  {escape(row['what'])}  {state}", soft_wrap=True)


def corrections_undo(number: NumberArgument, db: DbOption = Path(DEFAULT_DB), later: LaterOption = False,
                     json_out: JsonFlag = False) -> None:
    """Undo a correction store-wide: merged entities or stories separate again, a split or move goes back.

    Example: [bold]newsfuse corrections undo 3[/bold]
    """
    from newsfuse.pipeline.corrections import undo

    _apply(db, lambda store: undo(store, number), later, json_out)


def corrections_redo(number: NumberArgument, db: DbOption = Path(DEFAULT_DB), later: LaterOption = False,
                     json_out: JsonFlag = False) -> None:
    """Make an undone correction again.

    Example: [bold]newsfuse corrections redo 3[/bold]
    """
    from newsfuse.pipeline.corrections import redo

    _apply(db, lambda store: redo(store, number), later, json_out)


# --- stories ----------------------------------------------------------------------------------------

def stories_merge(a: StoryArgument, b: StoryArgument, db: DbOption = Path(DEFAULT_DB),
                  later: LaterOption = False, json_out: JsonFlag = False) -> None:
    """Merge story B into story A; the correction survives later ingests and regrouping.

    Example: [bold]newsfuse stories merge s-5841 s-ba19[/bold]
    """
    from newsfuse.pipeline.corrections import merge_stories

    _apply(db, lambda store: merge_stories(store, a, b), later, json_out)


def stories_split(story: StoryArgument, articles: Annotated[str, typer.Option(
        "--articles", help="Comma-separated article ids (or unique prefixes).")],
                  db: DbOption = Path(DEFAULT_DB), later: LaterOption = False, json_out: JsonFlag = False) -> None:
    """Split the given articles out of a story into a story of their own.

    Example: [bold]newsfuse stories split s-5841 --articles 2b1c0e9d4f3a7788,9f8e7d6c5b4a3921[/bold]
    """
    from newsfuse.pipeline.corrections import split_story

    ids = [a.strip() for a in articles.split(",") if a.strip()]
    _apply(db, lambda store: split_story(store, story, ids), later, json_out)


def stories_move(article: Annotated[str, typer.Argument(help="Article id, or a unique prefix of it.",
                                                        show_default=False)],
                 to: Annotated[str, typer.Option("--to", help="The story it belongs to.")],
                 db: DbOption = Path(DEFAULT_DB), later: LaterOption = False, json_out: JsonFlag = False) -> None:
    """Move one article to another story.

    Example: [bold]newsfuse stories move 2b1c0e9d4f3a7788 --to s-ba19[/bold]
    """
    from newsfuse.pipeline.corrections import move_article

    _apply(db, lambda store: move_article(store, article, to), later, json_out)


# --- entities ---------------------------------------------------------------------------------------

def _correct_entities(db: Path, action: str, payload: dict, later: bool, json_out: bool) -> None:
    from newsfuse.pipeline.corrections import correct_entities

    _apply(db, lambda store: correct_entities(store, action, payload), later, json_out)


def entities_merge(a: EntityArgument, b: EntityArgument, db: DbOption = Path(DEFAULT_DB),
                   later: LaterOption = False, json_out: JsonFlag = False) -> None:
    """Merge entity B into entity A store-wide (kept through re-analysis and regroup).

    Example: [bold]newsfuse entities merge "Jens Stoltenberg" "NATO Secretary General"[/bold]
    """
    _correct_entities(db, "merge", {"a": a, "b": b}, later, json_out)


def entities_split(entity: EntityArgument, db: DbOption = Path(DEFAULT_DB), later: LaterOption = False,
                   json_out: JsonFlag = False) -> None:
    """Split an entity into one entity per distinct name, store-wide (kept through re-analysis).

    Example: [bold]newsfuse entities split e-4f1a2b3c4d5e[/bold]
    """
    _correct_entities(db, "split", {"entity": entity}, later, json_out)


def entities_rename(entity: EntityArgument, name: Annotated[str, typer.Argument(help="The canonical name to use.")],
                    db: DbOption = Path(DEFAULT_DB), later: LaterOption = False, json_out: JsonFlag = False) -> None:
    """Give an entity the canonical name you want (kept through re-analysis).

    Example: [bold]newsfuse entities rename place:Banjska "Banjska (Zvečan)"[/bold]
    """
    _correct_entities(db, "rename", {"entity": entity, "name": name}, later, json_out)


def register(app: typer.Typer, stories_app: typer.Typer, entities_app: typer.Typer) -> None:
    corrections_app.callback()(corrections_list)
    corrections_app.command("undo")(corrections_undo)
    corrections_app.command("redo")(corrections_redo)
    app.add_typer(corrections_app, name="corrections")
    stories_app.command("merge")(stories_merge)
    stories_app.command("split")(stories_split)
    stories_app.command("move")(stories_move)
    entities_app.command("merge")(entities_merge)
    entities_app.command("split")(entities_split)
    entities_app.command("rename")(entities_rename)
