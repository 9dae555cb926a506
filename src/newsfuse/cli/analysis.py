"""Commands that read and correct the analysis: story corrections, regroup, entities, timeline, facts.

Added to the CLI by `register()`. Thin: parse, call the library, turn errors into exit code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from newsfuse.cli.common import DbOption, StoryArgument, _existing, _fail, out
from newsfuse.errors import ConfigError, NewsfuseError
from newsfuse.pipeline.grouping import regroup_store, story_index, sync_stories
from newsfuse.models import Entity
from newsfuse.store import DEFAULT_DB, Store
from newsfuse.pipeline.story import StoryAnalyzer
from newsfuse.present.views import story_entities, story_facts, story_timeline, thread_facts

entities_app = typer.Typer(help="List entities (people, organizations, places) with mentions and outlets, and "
                                "correct them.\n\nExample: [bold]newsfuse entities --type place[/bold]",
                           invoke_without_command=True)
EntityArgument = Annotated[str, typer.Argument(help="Entity id, or its name (optionally 'type:Name').",
                                               show_default=False)]
ArticleList = Annotated[str, typer.Option("--articles", help="Comma-separated article ids.")]


def _refresh_after(store: Store, story_ids: set[str]) -> None:
    sync_stories(store, story_index(store), story_ids)
    StoryAnalyzer(store).refresh({s for s in story_ids if store.articles(story_id=s, with_details=False)})


def stories_merge(a: StoryArgument, b: StoryArgument, db: DbOption = Path(DEFAULT_DB)) -> None:
    """Merge story B into story A; the correction survives later ingests and regrouping.

    Example: [bold]newsfuse stories merge s-5841 s-ba19[/bold]
    """
    try:
        with _existing(db) as store:
            first, second = store.story(a).id, store.story(b).id
            with store.transaction():
                kept = story_index(store).merge(first, second)
            _refresh_after(store, {first, second})
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    out.print(f"merged {second} into {kept}", highlight=False)


def stories_split(story: StoryArgument, articles: ArticleList, db: DbOption = Path(DEFAULT_DB)) -> None:
    """Split the given articles out of a story into a story of their own.

    Example: [bold]newsfuse stories split s-5841 --articles 2b1c0e9d4f3a7788,9f8e7d6c5b4a3921[/bold]
    """
    ids = [a.strip() for a in articles.split(",") if a.strip()]
    try:
        with _existing(db) as store:
            old = store.story(story).id
            with store.transaction():
                new = story_index(store).split(old, ids)
            _refresh_after(store, {old, new})
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    out.print(f"split {len(ids)} articles out of {old} into {new}", highlight=False)


def stories_move(article: Annotated[str, typer.Argument(help="Article id.", show_default=False)],
                 to: Annotated[str, typer.Option("--to", help="The story it belongs to.")],
                 db: DbOption = Path(DEFAULT_DB)) -> None:
    """Move one article to another story.

    Example: [bold]newsfuse stories move 2b1c0e9d4f3a7788 --to s-ba19[/bold]
    """
    try:
        with _existing(db) as store:
            target = store.story(to).id
            old = store.article(article).story_id
            with store.transaction():
                story_index(store).move(article, target)
            _refresh_after(store, {s for s in (old, target) if s})
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    out.print(f"moved {article} to {target}", highlight=False)


def regroup(db: DbOption = Path(DEFAULT_DB)) -> None:
    """Recompute every story and thread from scratch, keeping your corrections; report the agreement.

    Example: [bold]newsfuse regroup --db kosovo.db[/bold]
    """
    from newsfuse.eval.metrics import b_cubed

    try:
        with _existing(db) as store:
            before = {a.id: a.story_id for a in store.articles(with_details=False)}
            after = regroup_store(store)
            StoryAnalyzer(store).refresh(set(after.values()))
            score = b_cubed(before, after)
            out.print(f"{len(set(after.values()))} stories from {len(after)} articles; agreement with the "
                      f"incremental grouping: B³ F1 {score.f1:.3f}", highlight=False)
    except NewsfuseError as exc:
        raise _fail(exc) from exc


@entities_app.callback()
def entities_list(ctx: typer.Context, story: Annotated[Optional[str], typer.Option(help="Only this story.")] = None,
                  kind: Annotated[Optional[str], typer.Option("--type", help="person, org, place or group.")] = None,
                  limit: Annotated[int, typer.Option(help="Most entities to show.")] = 50,
                  db: DbOption = Path(DEFAULT_DB)) -> None:
    """List entities with mention counts and outlets.

    Example: [bold]newsfuse entities --story s-5841 --type person[/bold]
    """
    if ctx.invoked_subcommand is not None:
        return
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


def _correct_entities(db: Path, action: str, payload: dict) -> None:
    try:
        with _existing(db) as store:
            store.add_correction("entity", action, payload)
            StoryAnalyzer(store).refresh({s.id for s in store.stories()})
    except NewsfuseError as exc:
        raise _fail(exc) from exc


@entities_app.command("merge")
def entities_merge(a: EntityArgument, b: EntityArgument, db: DbOption = Path(DEFAULT_DB)) -> None:
    """Merge entity B into entity A (kept through re-analysis).

    Example: [bold]newsfuse entities merge "Jens Stoltenberg" "NATO Secretary General"[/bold]
    """
    _correct_entities(db, "merge", {"a": a, "b": b})
    out.print(f"merged {b} into {a}", highlight=False)


@entities_app.command("split")
def entities_split(entity: EntityArgument, db: DbOption = Path(DEFAULT_DB)) -> None:
    """Split an entity into one entity per distinct name (kept through re-analysis).

    Example: [bold]newsfuse entities split e-4f1a2b3c4d5e[/bold]
    """
    _correct_entities(db, "split", {"entity": entity})
    out.print(f"split {entity}", highlight=False)


@entities_app.command("rename")
def entities_rename(entity: EntityArgument, name: Annotated[str, typer.Argument(help="The canonical name to use.")],
                    db: DbOption = Path(DEFAULT_DB)) -> None:
    """Give an entity the canonical name you want (kept through re-analysis).

    Example: [bold]newsfuse entities rename place:Banjska "Banjska (Zvečan)"[/bold]
    """
    _correct_entities(db, "rename", {"entity": entity, "name": name})
    out.print(f"renamed {entity} to {name}", highlight=False)


def _story_view(db: Path, story: str, view, whole_thread: bool = False) -> tuple:
    """(story, what `view` reads of it, article id -> outlet), after printing the story's heading."""
    try:
        with _existing(db) as store:
            found = store.story(story)
            data = view(store, found)
            ids = None if whole_thread else found.article_ids
            outlets = {a.id: a.source or "unknown outlet" for a in store.articles(ids=ids, with_details=False)}
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    out.print(f"[bold]{escape(found.title)}[/bold]  [dim]{found.id}[/dim]")
    return found, data, outlets


def timeline(story: StoryArgument, db: DbOption = Path(DEFAULT_DB)) -> None:
    """A story's dated statements, oldest first, with outlets; date disagreements are shown.

    Example: [bold]newsfuse timeline s-5841[/bold]
    """
    found, entries, outlets = _story_view(db, story, story_timeline)
    for entry in entries:
        names = sorted({outlets.get(a, "?") for a in entry["article_ids"]})
        planned = " (planned)" if entry.get("planned") else ""
        out.print(f"[cyan]{entry['date']}[/cyan]{planned}  {escape(' '.join(entry['text'].split()))}  "
                  f"[dim]— {escape(', '.join(names))}[/dim]", soft_wrap=True)
        for other in entry.get("conflicts", []):
            others = sorted({outlets.get(a, "?") for a in other["article_ids"]})
            out.print(f"    [yellow]but {other['date']}[/yellow] according to {escape(', '.join(others))}",
                      soft_wrap=True)


STATUS_STYLE = {"agreed": "green", "conflicting": "red", "changed": "yellow", "single": "dim"}


def facts(story: StoryArgument, thread: Annotated[bool, typer.Option(
        "--thread", help="Cross-check the figures over the story's whole thread (series over weeks).")] = False,
          db: DbOption = Path(DEFAULT_DB)) -> None:
    """A story's figures by measure, with their status (agreed, conflicting, changed, single) and sources.

    Example: [bold]newsfuse facts s-5841 --thread[/bold]
    """
    view = (lambda store, found: thread_facts(store, found.thread_id)) if thread else story_facts
    found, data, outlets = _story_view(db, story, view, whole_thread=thread)
    claims = {c["id"]: c for c in data["claims"]}
    for measure in data["measures"]:
        style = STATUS_STYLE.get(measure["status"], "")
        out.print(f"[{style}]{measure['status']:>11}[/{style}]  [bold]{escape(measure['label'])}[/bold]")
        for claim_id in measure["claim_ids"]:
            claim = claims.get(claim_id)
            if claim is None:
                continue
            names = sorted({outlets.get(s["article_id"], "?") for s in claim["sources"]})
            out.print(f"             {escape(_figure(claim))}  [dim]{escape(', '.join(names))}"
                      f"{' · as of ' + _partial_date(claim['as_of']) if claim.get('as_of') else ''}[/dim]",
                      soft_wrap=True)


def _partial_date(value: str) -> str:
    """"XXXX-11-28" (a day whose year the text does not give) reads "11-28, year unknown"."""
    return f"{value[5:]}, year unknown" if value.startswith("XXXX-") else value


def _figure(claim: dict) -> str:
    value = claim["value"]
    shown = f"{value[0]:,g}–{value[1]:,g}" if isinstance(value, list) else (f"{value:,g}" if value is not None else "?")
    qualifier = claim.get("qualifier")
    unit = claim.get("unit")
    return " ".join(p for p in ((qualifier or "").replace("_", " ") if qualifier != "exact" else "", shown,
                                unit if unit and unit != "count" else "") if p)


def events(story: Annotated[Optional[str], typer.Option(help="Only this story.")] = None,
           db: DbOption = Path(DEFAULT_DB)) -> None:
    """Events (attack, clash, protest, deployment, meeting, …) with actors, place, date and sources.

    Example: [bold]newsfuse events --story s-ba19[/bold]
    """
    try:
        with _existing(db) as store:
            stories = [store.story(story)] if story else store.stories()
            rows = [(s, e) for s in stories for e in story_facts(store, s)["events"]]
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    table = Table(expand=True)
    for column in ("date", "type", "actor", "target", "place", "killed", "sources", "story"):
        table.add_column(column)
    for story_record, event in rows:
        table.add_row(event.get("date") or "?", event["type"], escape(event.get("actor1") or ""),
                      escape(event.get("actor2") or ""), escape(event.get("location") or event.get("place") or ""),
                      "" if event.get("fatalities") is None else str(event["fatalities"]),
                      str(len({s["article_id"] for s in event["sources"]})), story_record.id)
    out.print(table)


def quotes(story: Annotated[Optional[str], typer.Option(help="Only this story.")] = None,
           db: DbOption = Path(DEFAULT_DB)) -> None:
    """Direct quotes with their speaker and the outlets that carried them.

    Example: [bold]newsfuse quotes --story s-5841[/bold]
    """
    try:
        with _existing(db) as store:
            stories = [store.story(story)] if story else store.stories()
            found = [q for s in stories for q in story_facts(store, s)["quotes"]]
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    for quote in found:
        out.print(f"[bold]{escape(quote.get('speaker') or 'unknown speaker')}[/bold]: "
                  f"“{escape(' '.join(quote['text'].split()))}”  [dim]{escape(', '.join(quote.get('outlets', [])))}[/dim]",
                  soft_wrap=True)


def register(app: typer.Typer, stories_app: typer.Typer) -> None:
    stories_app.command("merge")(stories_merge)
    stories_app.command("split")(stories_split)
    stories_app.command("move")(stories_move)
    app.command()(regroup)
    app.add_typer(entities_app, name="entities")
    app.command()(timeline)
    app.command()(facts)
    app.command()(events)
    app.command()(quotes)

