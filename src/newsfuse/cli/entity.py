"""The `entity` command: one store-wide entity's page (names, outlets, roles, stories, company kept).

Added to the CLI by `register()`. Thin: the entity index answers, this prints.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from newsfuse.cli.common import DEFAULT_DB, DbOption, JsonFlag, _existing, _fail, out, print_json
from newsfuse.errors import NewsfuseError


def entity_page(store, reference: str) -> dict:
    """What the store knows of one entity, as a document (raises NotFoundError / AmbiguousEntityError)."""
    from newsfuse.entities.index import EntityIndex
    from newsfuse.pipeline.grouping import PlainRows
    from newsfuse.pipeline.story import stored_entities

    index = EntityIndex(PlainRows(store.conn))
    entity = index.resolve_reference(reference)
    spellings: dict[str, Counter] = {}
    roles: Counter = Counter()
    stories, company = [], Counter()
    outlets = {a.id: a.source or "unknown outlet" for a in store.articles(with_details=False)}
    published = {a.id: a.published for a in store.articles(with_details=False)}
    seen = []
    for story_id in index.stories_of(entity.id):
        here = [e for e in stored_entities(store, story_id) or [] if e.id == entity.id]
        if not here:
            continue
        try:
            story = store.story(story_id)
            title, start, end = story.title, story.date_start, story.date_end
        except NewsfuseError:
            title, start, end = "", None, None
        stories.append({"id": story_id, "title": title, "date_start": start, "date_end": end,
                        "mentions": sum(len(e.mentions) for e in here)})
        for e in here:
            roles.update(e.roles)
            for m in e.mentions:
                if m.label != "ROLE":
                    spellings.setdefault(m.text, Counter())[outlets.get(m.article_id, "?")] += 1
                if published.get(m.article_id):
                    seen.append(published[m.article_id])
        company.update(other.name for other in stored_entities(store, story_id) or [] if other.id != entity.id)
    return {
        "id": entity.id, "name": entity.name, "type": entity.type, "mentions": entity.mentions,
        "lat": entity.lat, "lon": entity.lon, "country": entity.country,
        "spellings": [{"text": text, "count": sum(c.values()), "outlets": sorted(c)}
                      for text, c in sorted(spellings.items(), key=lambda kv: -sum(kv[1].values()))],
        "roles": [role for role, _ in roles.most_common()],
        "stories": stories,
        "co_occurring": [{"name": name, "stories": n} for name, n in company.most_common(10)],
        "first_seen": min(seen) if seen else None, "last_seen": max(seen) if seen else None,
    }


def entity(reference: Annotated[str, typer.Argument(help="Entity id, or a name or spelling (optionally 'type:Name').",
                                                    show_default=False)],
           db: DbOption = Path(DEFAULT_DB), json_out: JsonFlag = False) -> None:
    """One entity across the whole store: every spelling with counts and outlets, roles, stories, company.

    Example: [bold]newsfuse entity Banjska[/bold]
    """
    try:
        with _existing(db) as store:
            page = entity_page(store, reference)
    except NewsfuseError as exc:
        raise _fail(exc) from exc
    if json_out:
        print_json(page)
        return
    where = f" · {page['lat']:.3f}, {page['lon']:.3f} ({page['country']})" if page["lat"] is not None else ""
    out.print(f"[bold]{escape(page['name'])}[/bold]  [dim]{page['type']} · {page['mentions']} mentions{where} · "
              f"{page['id']}[/dim]", soft_wrap=True)
    if page["first_seen"]:
        out.print(f"  seen {page['first_seen'][:10]} … {page['last_seen'][:10]}", highlight=False)
    out.print("  written:", highlight=False)
    for s in page["spellings"]:
        out.print(f"    {escape(s['text'])} ×{s['count']}  [dim]{escape(', '.join(s['outlets']))}[/dim]", soft_wrap=True)
    if page["roles"]:
        out.print("  roles: " + escape(", ".join(page["roles"][:6])), soft_wrap=True)
    out.print(f"  stories ({len(page['stories'])}):", highlight=False)
    for s in page["stories"]:
        dates = (s["date_start"] or "")[:10]
        out.print(f"    [cyan]{s['id']}[/cyan]  {escape(s['title'])}  [dim]{dates} · {s['mentions']} mentions[/dim]",
                  soft_wrap=True)
    if page["co_occurring"]:
        out.print("  with: " + escape(", ".join(c["name"] for c in page["co_occurring"])), soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("entity")(entity)
