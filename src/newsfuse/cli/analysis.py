"""Commands that read the analysis: regroup, entities, timeline, facts, events, quotes, and `stories show`
(the corrections are in `cli/corrections.py`).

Added to the CLI by `register()`. Thin: parse, call the library, turn errors into exit code 2. Every
command that prints results takes `--json` (one document on stdout, the shapes of the JSON report);
the pipeline, store and views are imported inside the commands, so `newsfuse --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.markup import escape

from newsfuse.cli.common import (DEFAULT_DB, DbOption, JobsOption, JsonFlag, QuietOption, StoryArgument, _env_jobs,
                                 _existing, _fail, err, out, print_json)
from newsfuse.errors import ConfigError, NewsfuseError
from newsfuse.format import date_range, date_text

if TYPE_CHECKING:
    from newsfuse.models import Entity
    from newsfuse.store import Store

entities_app = typer.Typer(help="List entities (people, organizations, places) with mentions and outlets, and "
                                "correct them.\n\nExample: [bold]newsfuse entities --type place[/bold]",
                           invoke_without_command=True)


def _schema() -> str:
    from newsfuse.present.report import SCHEMA

    return SCHEMA


def stories_show(story: StoryArgument, db: DbOption = Path(DEFAULT_DB), json_out: JsonFlag = False) -> None:
    """A story's articles (id, outlet, date, title) and its thread, the story marked among the thread's.

    Example: [bold]newsfuse stories show s-5841[/bold]
    """
    from newsfuse.models import Thread
    from newsfuse.present.report import article_dict, story_dict
    from newsfuse.present.views import story_entities, story_outlets

    try:
        with _existing(db) as store:
            found = store.story(story)
            articles = store.articles(ids=found.article_ids, with_details=False)
            threads = {t.id: t for t in store.threads()}
            thread = threads.get(found.thread_id or "") or Thread(found.thread_id or "", found.title, [found.id])
            siblings = {s.id: s for s in store.stories() if s.id in set(thread.story_ids)}
            if json_out:
                found.entities = story_entities(store, found)
                print_json({"schema": _schema(), "story": story_dict(found, {"outlets": story_outlets(store, found)}),
                            "articles": [article_dict(a) for a in articles],
                            "thread": {"id": thread.id, "title": thread.title, "story_ids": thread.story_ids}})
                return
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    from rich.table import Table

    out.print(f"[bold]{escape(found.title)}[/bold]  [dim]{found.id} · {date_range(found.date_start, found.date_end)}"
              f" · {len(articles)} articles[/dim]", soft_wrap=True)
    table = Table(expand=True)
    for column in ("article", "outlet", "date", "title"):
        table.add_column(column)
    for a in sorted(articles, key=lambda a: (a.published or "", a.id)):
        duplicate = f" (duplicate of {a.duplicate_of})" if a.duplicate_of else ""
        table.add_row(a.id, escape(a.source or "unknown outlet"), date_text(a.published),
                      escape((a.title or "(untitled)") + duplicate))
    out.print(table)
    out.print(f"[bold magenta]Thread[/bold magenta] [bold]{escape(thread.title)}[/bold]  [dim]{thread.id} · "
              f"{len(thread.story_ids)} stories[/dim]", soft_wrap=True)
    for story_id in thread.story_ids:
        sibling = siblings.get(story_id)
        mark = "→" if story_id == found.id else " "
        title = escape(sibling.title) if sibling else ""
        dates = date_range(sibling.date_start, sibling.date_end) if sibling else ""
        out.print(f"  {mark} [cyan]{story_id}[/cyan]  {title}  [dim]{dates}[/dim]", soft_wrap=True)


def regroup(db: DbOption = Path(DEFAULT_DB), quiet: QuietOption = False, json_out: JsonFlag = False,
            jobs: JobsOption = None) -> None:
    """Recompute every story and thread from scratch, keeping your corrections; report the agreement.

    Example: [bold]newsfuse regroup --db kosovo.db[/bold]
    """
    from newsfuse.eval.metrics import b_cubed
    from newsfuse.pipeline.grouping import regroup_store
    from newsfuse.pipeline.run import analyse_pending
    from newsfuse.present import terminal

    try:
        with _existing(db) as store:
            before = {a.id: a.story_id for a in store.articles(with_details=False)}
            after = regroup_store(store)  # the new grouping, with every story queued for analysis
            with terminal.progress(err, enabled=not quiet and not json_out, total=len(set(after.values()))) as advance:
                analyse_pending(store, jobs or _env_jobs(), progress=advance)  # stories analysed by `jobs` processes
            score = b_cubed(before, after)
            entities = rebuild_entities(store)  # the store-wide entity index, from scratch
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    stories = len(set(after.values()))
    if json_out:
        print_json({"stories": stories, "articles": len(after), "agreement_b3_f1": round(score.f1, 4),
                    "entities": entities.entities, "entity_agreement_b3_f1": round(entities.agreement, 4)})
    elif not quiet:
        out.print(f"{stories} stories from {len(after)} articles; agreement with the incremental grouping: "
                  f"B³ F1 {score.f1:.3f}", highlight=False)
        out.print(f"{entities.entities} entities; agreement with the incremental entity links: "
                  f"B³ F1 {entities.agreement:.3f}", highlight=False)


def rebuild_entities(store: Store):
    """Recompute the store-wide entity index from the stories' stored contributions, replaying the user's
    merges and renames; stored story entities take the rebuilt ids."""
    from newsfuse.codec import encode
    from newsfuse.entities.index import EntityIndex, rebuild
    from newsfuse.pipeline.grouping import PlainRows
    from newsfuse.pipeline.story import load_entity_corrections, stored_entities

    corrections = load_entity_corrections(store)
    with store.transaction() as conn:
        index = EntityIndex(PlainRows(conn))
        result = rebuild(index, merges=corrections.merges, renames=corrections.renames,
                         keep={s.id for s in store.stories()})
        for story_id in sorted({story_id for story_id, _ in result.moved}):
            entities = result.apply(story_id, stored_entities(store, story_id) or [], index)
            store.put_analysis("story", story_id, "entities", encode(entities), conn)
    return result


@entities_app.callback()
def entities_list(ctx: typer.Context, story: Annotated[Optional[str], typer.Option(help="Only this story.")] = None,
                  kind: Annotated[Optional[str], typer.Option("--type", help="person, org, place or group.")] = None,
                  limit: Annotated[int, typer.Option(help="Most entities to show.")] = 50,
                  db: DbOption = Path(DEFAULT_DB), json_out: JsonFlag = False) -> None:
    """List entities with mention counts and outlets.

    Example: [bold]newsfuse entities --story s-5841 --type person[/bold]
    """
    if ctx.invoked_subcommand is not None:
        return
    from newsfuse.present.views import story_entities

    if kind and kind not in ("person", "org", "place", "group", "other"):
        raise _fail(ConfigError(f"unknown entity type '{kind}'", setting="type"))
    try:
        with _existing(db) as store:
            stories = [store.story(story)] if story else store.stories()
            entities = merged_entities(story_entities(store, s) for s in stories)
            outlets = {a.id: a.source or "unknown outlet" for a in store.articles(with_details=False)}
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    shown = [e for e in entities if not kind or e.type == kind][:limit]
    if json_out:
        from newsfuse.present.report import entity_dict

        print_json({"schema": _schema(), "entities": [
            {**entity_dict(e), "outlets": sorted({outlets.get(m.article_id, "?") for m in e.mentions})} for e in shown]})
        return
    for entity in shown:
        names = sorted({outlets.get(m.article_id, "?") for m in entity.mentions})
        where = f" · {entity.lat:.3f}, {entity.lon:.3f} ({entity.country})" if entity.lat is not None else ""
        out.print(f"[bold]{escape(entity.name)}[/bold]  [dim]{entity.type} · {len(entity.mentions)} mentions · "
                  f"{len(names)} outlets{where} · {entity.id}[/dim]", soft_wrap=True)
        details = []
        if entity.aliases:
            details.append("also written: " + ", ".join(entity.aliases[:6]))
        if entity.roles:
            details.append("roles: " + ", ".join(entity.roles[:4]))
        details.append("outlets: " + ", ".join(names))
        for line in details:
            out.print("    " + escape(line), soft_wrap=True)


def merged_entities(per_story) -> list[Entity]:
    """One entry per entity id across stories, most mentioned first."""
    merged: dict[str, Entity] = {}
    for entities in per_story:
        for entity in entities:
            if entity.id in merged:
                known = merged[entity.id]
                known.mentions.extend(entity.mentions)
                known.aliases.extend(a for a in entity.aliases if a not in known.aliases)
                known.roles.extend(r for r in entity.roles if r not in known.roles)
            else:
                merged[entity.id] = entity
    return sorted(merged.values(), key=lambda e: (-len(e.mentions), e.name))


def _story_view(db: Path, story: str, view, whole_thread: bool = False, json_out: bool = False) -> tuple:
    """(story, what `view` reads of it, article id -> outlet), after printing the story's heading
    (unless the output is JSON)."""
    try:
        with _existing(db) as store:
            found = store.story(story)
            data = view(store, found)
            ids = None if whole_thread else found.article_ids
            outlets = {a.id: a.source or "unknown outlet" for a in store.articles(ids=ids, with_details=False)}
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    if not json_out:
        out.print(f"[bold]{escape(found.title)}[/bold]  [dim]{found.id}[/dim]")
    return found, data, outlets


def _timeline_of(store, story):
    from newsfuse.store.results import timeline_result

    return timeline_result(store, story.id)


def _timeline_with_background(store, story):
    from newsfuse.codec import decode
    from newsfuse.present.timelines import story_timeline_with_background
    from newsfuse.timex import TimelineEntry

    # computed on read in the report's shape (not stored); read as the same records as the stored one
    return decode(list[TimelineEntry], story_timeline_with_background(store, story))


def timeline(story: Annotated[Optional[str], typer.Argument(help="Story id, or a unique prefix of it.",
                                                            show_default=False)] = None,
             thread: Annotated[Optional[str], typer.Option("--thread", help="Key dates of this thread instead.")] = None,
             dates: Annotated[Optional[int], typer.Option("--dates", min=1, help="How many key dates (default: as "
                                                          "many as two or more articles give, 3 to 12).")] = None,
             sentences: Annotated[int, typer.Option("--sentences", min=0, help="Sentences per key date.")] = 1,
             background: Annotated[bool, typer.Option("--background", help="Include background dates (founding "
                                                      "dates, 'since 1999', anniversaries).")] = False,
             fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
             db: DbOption = Path(DEFAULT_DB), json_out: JsonFlag = False) -> None:
    """A story's dated statements, oldest first, with outlets; date disagreements are shown. With
    --thread, the key dates of the whole thread, ranked by how many outlets and later articles cite them.

    Example: [bold]newsfuse timeline s-5841[/bold]  ·  [bold]newsfuse timeline --thread t-5841 --dates 5 --sentences 2 --format json[/bold]
    """
    json_out = json_out or fmt == "json"
    if thread is not None:
        _key_dates(db, thread, dates, sentences, background, json_out)
        return
    if story is None:
        raise _fail(ConfigError("give a story id, or --thread ID for a thread's key dates", setting="story"))
    found, entries, outlets = _story_view(db, story, _timeline_with_background if background else _timeline_of,
                                          json_out=json_out)
    if json_out:
        from newsfuse.timex import timeline_to_dicts

        print_json({"schema": _schema(), "story": found.id, "timeline": timeline_to_dicts(entries)})
        return
    from newsfuse.present import terminal

    terminal.timeline(out, entries, outlets)


def _key_dates(db: Path, thread: str, n: int | None, k: int, background: bool, json_out: bool) -> None:
    from newsfuse.present.timelines import thread_key_dates
    from newsfuse.timex.keydates import key_dates_to_dicts

    try:
        with _existing(db) as store:
            found = store.thread(thread)
            dates = thread_key_dates(store, found, n, k, background=background)
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    if json_out:
        print_json(key_dates_to_dicts(dates))
        return
    out.print(f"[bold]{escape(found.title)}[/bold]  [dim]{found.id}[/dim]")
    for day in dates:
        out.print(f"[cyan]{escape(date_text(day.date))}[/cyan]  [dim]{len(day.articles)} articles, "
                  f"{len(day.outlets)} outlets, cited later by {day.referring}[/dim]", highlight=False)
        for sentence in day.sentences:
            out.print(f"    {escape(sentence.text)}  [dim]— {escape(sentence.article_id)}[/dim]", soft_wrap=True)


def facts(story: StoryArgument, thread: Annotated[bool, typer.Option(
        "--thread", help="Cross-check the figures over the story's whole thread (series over weeks).")] = False,
          db: DbOption = Path(DEFAULT_DB), json_out: JsonFlag = False) -> None:
    """A story's figures by measure, with their status (agreed, conflicting, changed, single) and sources.

    Example: [bold]newsfuse facts s-5841 --thread[/bold]
    """
    from newsfuse.store.results import facts_result

    def view(store, found):
        return facts_result(store, "thread", found.thread_id) if thread else facts_result(store, "story", found.id)

    found, data, outlets = _story_view(db, story, view, whole_thread=thread, json_out=json_out)
    if json_out:
        from newsfuse.codec import encode

        scope = {"thread": found.thread_id} if thread else {}
        print_json({"schema": _schema(), "story": found.id, **scope, "claims": encode(data.claims),
                    "measures": encode(data.measures)})
        return
    from newsfuse.present import terminal

    terminal.facts(out, data, outlets)


def _each_story(db: Path, story: str | None, read) -> tuple[list, dict[str, str]]:
    """`read(facts)` of one story or of every story, as (story id, item) pairs, and article id -> outlet."""
    from newsfuse.store.results import facts_result

    try:
        with _existing(db) as store:
            stories = [store.story(story)] if story else store.stories()
            outlets = {a.id: a.source or "unknown outlet" for a in store.articles(with_details=False)}
            return [(s.id, item) for s in stories for item in read(facts_result(store, "story", s.id))], outlets
    except NewsfuseError as exc:
        raise _fail(exc) from exc


def _cited(found: list, outlets: dict[str, str]) -> list[dict]:
    """(story id, event or quote) pairs in the report's shape, with the outlets of their sources
    (the names the articles give, as the text output shows them) and their story."""
    from newsfuse.codec import encode
    from newsfuse.present.terminal import cited_outlets

    return [{**encode(item), "outlets": cited_outlets(item, outlets), "story": story_id} for story_id, item in found]


def events(story: Annotated[Optional[str], typer.Option(help="Only this story.")] = None,
           db: DbOption = Path(DEFAULT_DB), json_out: JsonFlag = False) -> None:
    """Events (attack, clash, protest, deployment, meeting, …) with actors, place, date and sources.

    Example: [bold]newsfuse events --story s-ba19[/bold]
    """
    rows, outlets = _each_story(db, story, lambda facts: facts.events)
    if json_out:
        print_json({"schema": _schema(), "events": _cited(rows, outlets)})
        return
    from newsfuse.present import terminal

    terminal.events(out, rows, outlets)


def quotes(story: Annotated[Optional[str], typer.Option(help="Only this story.")] = None,
           db: DbOption = Path(DEFAULT_DB), json_out: JsonFlag = False) -> None:
    """Direct quotes with their speaker and the outlets that carried them.

    Example: [bold]newsfuse quotes --story s-5841[/bold]
    """
    found, outlets = _each_story(db, story, lambda facts: facts.quotes)
    if json_out:
        print_json({"schema": _schema(), "quotes": _cited(found, outlets)})
        return
    from newsfuse.present import terminal

    terminal.quotes(out, found, outlets)


def register(app: typer.Typer, stories_app: typer.Typer) -> None:
    stories_app.command("show")(stories_show)
    app.command()(regroup)
    app.add_typer(entities_app, name="entities")
    app.command()(timeline)
    app.command()(facts)
    app.command()(events)
    app.command()(quotes)
