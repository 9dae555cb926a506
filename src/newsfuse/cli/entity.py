"""The `entity` command: one store-wide entity's page (names, outlets, roles, stories, company kept).

Added to the CLI by `register()`. Thin: the entity index answers, this prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from newsfuse.cli.common import DEFAULT_DB, DbOption, JsonFlag, _existing, _fail, out, print_json
from newsfuse.errors import NewsfuseError


def entity_page(store, reference: str) -> dict:
    """What the store knows of one entity, as a document (raises NotFoundError / AmbiguousEntityError).

    The same view the web entity page reads (`present.workspace.entity_view`): outlets are the
    articles' publishers, else their source."""
    from newsfuse.entities.index import EntityIndex
    from newsfuse.pipeline.grouping import PlainRows
    from newsfuse.present.workspace import entity_view

    view = entity_view(store, EntityIndex(PlainRows(store.conn)).resolve_reference(reference).id)
    return {
        "id": view.id, "name": view.name, "type": view.type, "mentions": view.mentions,
        "lat": view.lat, "lon": view.lon, "country": view.country,
        "spellings": [{"text": text, "count": n, "outlets": outlets} for text, n, outlets in view.spellings],
        "outlets": [{"name": name, "mentions": n} for name, n in view.outlets],
        "roles": view.roles,
        "stories": [{"id": s.id, "title": s.title, "date_start": s.date_start, "date_end": s.date_end,
                     "mentions": s.mentions} for s in view.stories],
        "co_occurring": [{"id": other, "name": name, "stories": n} for other, name, n in view.company],
        "first_seen": view.first_seen, "last_seen": view.last_seen,
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
