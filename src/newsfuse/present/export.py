"""Exports of a store (or one story): articles, stories, entities, claims, events, quotes and timeline.

One set of flat tables feeds every format: JSON (one file, one key per table), CSV and Parquet (a
folder with one file per table), Markdown and HTML (one readable document: each story's brief,
entities and articles). `read_tables` reads the tabular formats back. The events table has the
ACLED-like columns and nothing else, so it loads where ACLED data loads.
"""

from __future__ import annotations

import csv
import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.resources import files
from pathlib import Path

from newsfuse.errors import ConfigError, InputError
from newsfuse.format import date_text, quantity
from newsfuse.models import Article, Story
from newsfuse.present.brief import brief_from, md_cite, md_escape, outlet_name, render_html, render_markdown
from newsfuse.present.views import story_facts, story_timeline
from newsfuse.store import Store
from newsfuse.store.results import EventResult, FactsResult, QuoteResult, story_result

SCHEMA = "newsfuse.export/1"
Progress = Callable[[str, int], None]  # (what was done, how many), as the pipeline reports it
FORMATS = ("json", "csv", "parquet", "md", "html")
TABULAR = ("json", "csv", "parquet")


@dataclass(slots=True, frozen=True)
class Column:
    name: str
    type: str  # str, int, float, bool or list (of strings)


def _columns(spec: str) -> tuple[Column, ...]:
    return tuple(Column(*item.split(":")) if ":" in item else Column(item, "str") for item in spec.split())


TABLES: dict[str, tuple[Column, ...]] = {
    "articles": _columns("id story_id title source published language url path duplicate_of text "
                         "removed:int mentions:int times:int"),
    "stories": _columns("id title thread_id thread_title date_start date_end article_ids:list outlets:list"),
    "entities": _columns("story_id id name type aliases:list roles:list mentions:int article_ids:list "
                         "lat:float lon:float country"),
    "claims": _columns("story_id id measure_id measure status value:float value_high:float value_text unit "
                       "qualifier as_of article_ids:list texts:list"),
    # ACLED-like: exactly these columns, in this order
    "events": _columns("event_date event_type actor1 actor2 location latitude:float longitude:float "
                       "fatalities:int injuries:int notes sources"),
    "timeline": _columns("story_id date precision text planned:bool article_ids:list outlets:list "
                         "conflict_dates:list"),
    "quotes": _columns("story_id id speaker text article_ids:list outlets:list"),
}


# -- building the tables ------------------------------------------------------------------------

def _selection(store: Store, story_id: str | None) -> tuple[list[Story], list[Article]]:
    if story_id is None:
        return store.stories(), store.articles(with_details=True)
    story = store.story(story_id)
    return [story], store.articles(ids=story.article_ids, with_details=True)


def tables(store: Store, story_id: str | None = None, progress: Progress | None = None) -> dict[str, list[dict]]:
    """Every table as rows (dicts keyed by the table's columns), for the store or one story;
    `progress("exported", 1)` after each story."""
    stories, articles = _selection(store, story_id)
    by_id = {a.id: a for a in articles}
    threads = {t.id: t.title for t in store.threads()}
    out: dict[str, list[dict]] = {name: [] for name in TABLES}
    out["articles"] = [{
        "id": a.id, "story_id": a.story_id, "title": a.title, "source": a.source, "published": a.published,
        "language": a.language, "url": a.url, "path": a.path, "duplicate_of": a.duplicate_of, "text": a.text,
        "removed": len(a.removed), "mentions": len(a.mentions), "times": len(a.times)} for a in articles]
    for story in stories:
        members = [by_id[i] for i in story.article_ids if i in by_id]
        outlets = list(dict.fromkeys(outlet_name(a) for a in members))
        out["stories"].append({"id": story.id, "title": story.title, "thread_id": story.thread_id,
                               "thread_title": threads.get(story.thread_id or ""), "date_start": story.date_start,
                               "date_end": story.date_end, "article_ids": list(story.article_ids),
                               "outlets": outlets})
        result = story_result(store, story.id)
        for e in result.entities:
            out["entities"].append({"story_id": story.id, "id": e.id, "name": e.name, "type": e.type,
                                    "aliases": list(e.aliases), "roles": list(e.roles), "mentions": len(e.mentions),
                                    "article_ids": e.article_ids, "lat": e.lat, "lon": e.lon, "country": e.country})
        out["claims"] += _claims(story, result.facts)
        out["events"] += [_event(event, by_id) for event in result.facts.events]
        out["quotes"] += [_quote(story, quote, by_id) for quote in result.facts.quotes]
        out["timeline"] += [{"story_id": story.id, "date": entry.date, "precision": entry.precision,
                             "text": entry.text, "planned": entry.planned, "article_ids": list(entry.article_ids),
                             "outlets": list(entry.outlets), "conflict_dates": [c.date for c in entry.conflicts]}
                            for entry in result.timeline]
        if progress:
            progress("exported", 1)
    return {name: [_typed(row, TABLES[name]) for row in rows] for name, rows in out.items()}


def _claims(story: Story, facts: FactsResult) -> list[dict]:
    measures = {claim_id: measure for measure in facts.measures for claim_id in measure.claim_ids}
    rows = []
    for claim in facts.claims:
        measure = measures.get(claim.id)
        value = claim.value
        low, high = (value[0], value[1]) if isinstance(value, (list, tuple)) and len(value) == 2 else (value, None)
        rows.append({"story_id": story.id, "id": claim.id, "measure_id": measure.id if measure else claim.measure,
                     "measure": measure.label if measure else None, "status": measure.status if measure else None,
                     "value": low if _is_number(low) else None, "value_high": high if _is_number(high) else None,
                     "value_text": quantity(value, claim.unit, claim.qualifier, claim.change), "unit": claim.unit,
                     "qualifier": claim.qualifier, "as_of": claim.as_of,
                     "article_ids": [s.article_id for s in claim.sources], "texts": [s.text for s in claim.sources]})
    return rows


def _event(event: EventResult, articles: dict[str, Article]) -> dict:
    cited = [articles[s.article_id] for s in event.sources if s.article_id in articles]
    notes = next((s.text for s in event.sources if s.text), None)
    return {"event_date": event.date, "event_type": event.type, "actor1": event.actor1, "actor2": event.actor2,
            "location": event.place, "latitude": event.latitude, "longitude": event.longitude,
            "fatalities": event.fatalities, "injuries": event.injuries,
            "notes": " ".join(notes.split()) if notes else None,
            "sources": "; ".join(dict.fromkeys(outlet_name(a) for a in cited)) or None}


def _quote(story: Story, quote: QuoteResult, articles: dict[str, Article]) -> dict:
    ids = list(dict.fromkeys(s.article_id for s in quote.sources))
    return {"story_id": story.id, "id": quote.id, "speaker": quote.speaker, "text": " ".join(quote.text.split()),
            "article_ids": ids, "outlets": list(dict.fromkeys(outlet_name(articles[i]) for i in ids if i in articles))}


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _typed(row: dict, columns: tuple[Column, ...]) -> dict:
    """The row with exactly the table's columns, each of its declared type (None where unknown)."""
    out = {}
    for column in columns:
        value = row.get(column.name)
        if value is None:
            out[column.name] = [] if column.type == "list" else None
        elif column.type == "int":
            out[column.name] = int(value) if _is_number(value) else None
        elif column.type == "float":
            out[column.name] = float(value) if _is_number(value) else None
        elif column.type == "bool":
            out[column.name] = bool(value)
        elif column.type == "list":
            out[column.name] = [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
        else:
            out[column.name] = str(value)
    return out


# -- writing ------------------------------------------------------------------------------------

def export(store: Store, fmt: str, out: Path, story_id: str | None = None,
           progress: Progress | None = None) -> dict[str, int]:
    """Write the store (or one story) in `fmt` to `out` (a file, or a folder for csv and parquet).

    Returns the number of rows of each table.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format '{fmt}' (use one of {', '.join(FORMATS)})", setting="format")
    data = tables(store, story_id, progress)
    writer: Callable = {"json": write_json, "csv": write_csv, "parquet": write_parquet}.get(fmt) or (
        lambda d, o: _write_document(store, d, o, fmt, story_id))
    writer(data, Path(out))
    return {name: len(rows) for name, rows in data.items()}


def write_json(data: dict[str, list[dict]], out: Path) -> None:
    body = {"schema": SCHEMA, "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), **data}
    out.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _cell(value: object, column: Column) -> str:
    if value is None:
        return ""
    if column.type == "list":
        return json.dumps(value, ensure_ascii=False)
    if column.type == "bool":
        return "true" if value else "false"
    if column.type == "float":
        return repr(float(value))
    return str(value)


def write_csv(data: dict[str, list[dict]], out: Path) -> None:
    """One CSV per table (UTF-8, header row); lists are JSON arrays, an empty cell is null."""
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in data.items():
        columns = TABLES[name]
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([c.name for c in columns])
            writer.writerows([_cell(row[c.name], c) for c in columns] for row in rows)


def _arrow_schema(columns: tuple[Column, ...]):
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "list": pa.list_(pa.string())}
    return pa.schema([(c.name, types[c.type]) for c in columns])


def write_parquet(data: dict[str, list[dict]], out: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigError("Parquet export needs the export extra: pip install 'newsfuse[export]'",
                          setting="format") from exc
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in data.items():
        schema = _arrow_schema(TABLES[name])
        table = pa.Table.from_pylist(rows, schema=schema) if rows else schema.empty_table()
        pq.write_table(table, out / f"{name}.parquet")


# -- reading back -------------------------------------------------------------------------------

def read_tables(path: Path, fmt: str) -> dict[str, list[dict]]:
    """The tables of a JSON, CSV or Parquet export, typed as they were written."""
    path = Path(path)
    if fmt == "json":
        body = json.loads(path.read_text(encoding="utf-8"))
        if body.get("schema") != SCHEMA:
            raise InputError(f"{path} is not a newsfuse export ({SCHEMA})", path=str(path))
        return {name: body.get(name, []) for name in TABLES}
    if fmt == "csv":
        return {name: _read_csv(path / f"{name}.csv", TABLES[name]) for name in TABLES}
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return {name: pq.read_table(path / f"{name}.parquet").to_pylist() for name in TABLES}
    raise ConfigError(f"only {', '.join(TABULAR)} exports can be read back", setting="format")


def _read_csv(file: Path, columns: tuple[Column, ...]) -> list[dict]:
    with file.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        if header != [c.name for c in columns]:
            raise InputError(f"{file} has columns {header}, expected {[c.name for c in columns]}", path=str(file))
        return [{c.name: _parse_cell(cell, c) for c, cell in zip(columns, row)} for row in reader]


def _parse_cell(cell: str, column: Column) -> object:
    if column.type == "list":
        return json.loads(cell) if cell else []
    if cell == "":
        return None
    return {"int": int, "float": float, "bool": lambda v: v == "true"}.get(column.type, str)(cell)


# -- readable documents -------------------------------------------------------------------------

def _write_document(store: Store, data: dict[str, list[dict]], out: Path, fmt: str, story_id: str | None) -> None:
    stories, articles = _selection(store, story_id)
    by_id = {a.id: a for a in articles}
    entities, quotes = {}, {}
    for row in data["entities"]:
        entities.setdefault(row["story_id"], []).append(row)
    for row in data["quotes"]:
        quotes.setdefault(row["story_id"], []).append(row)
    sections = []
    for story in stories:
        members = [by_id[i] for i in story.article_ids if i in by_id]
        brief = brief_from(story, members, story_facts(store, story), story_timeline(store, story))
        sections.append((story, brief, members, entities.get(story.id, []), quotes.get(story.id, [])))
    in_stories = {a.id for _, _, members, _, _ in sections for a in members}
    loose = [a for a in articles if a.id not in in_stories] if story_id is None else []
    render = _markdown if fmt == "md" else _html
    out.write_text(render(sections, loose), encoding="utf-8")


def _markdown(sections, loose: list[Article]) -> str:
    count = sum(len(m) for _, _, m, _, _ in sections) + len(loose)
    lines = ["# newsfuse export", "", f"_{len(sections)} stories, {count} articles · {SCHEMA}_", ""]
    for story, brief, members, entities, quotes in sections:
        lines.append(render_markdown(brief, level=2, title_prefix="Story: ").rstrip())
        lines += ["", "### Entities", ""]
        lines += [f"- **{md_escape(e['name'])}** ({e['type']}, {e['mentions']}×)" for e in entities] or ["_None._"]
        lines += ["", "### Quotes", ""]
        lines += [f"- **{md_escape(q['speaker'] or 'unknown speaker')}**: “{md_escape(q['text'])}” "
                  + " ".join(md_cite(o) for o in q["outlets"]) for q in quotes] or ["_None._"]
        lines += ["", "### Articles", ""]
        lines += [line for a in members for line in _md_article(a)]
    if loose:
        lines += ["## Articles outside any story", ""]
        lines += [line for a in loose for line in _md_article(a)]
    return "\n".join(lines) + "\n"


def _md_article(article: Article) -> list[str]:
    lines = [f"#### {md_cite(outlet_name(article))} {md_escape(article.title or '(untitled)')}", "",
             f"`{article.id}` · {date_text(article.published)}", ""]
    for paragraph in article.text.split("\n\n"):
        if paragraph.strip():
            lines += [f"> {md_escape(paragraph)}", ">"]
    if lines[-1] == ">":
        lines.pop()
    return lines + [""]


def _html(sections, loose: list[Article]) -> str:
    esc = html.escape
    css = (files("newsfuse.web") / "static" / "style.css").read_text(encoding="utf-8")
    count = sum(len(m) for _, _, m, _, _ in sections) + len(loose)
    out = ['<!doctype html>\n<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f'<title>newsfuse export</title><style>{css}</style></head><body><main class="page">',
           f'<h1>newsfuse export</h1><p class="meta">{len(sections)} stories, {count} articles · {SCHEMA}</p>']
    for story, brief, members, entities, quotes in sections:
        out.append(f'<section class="story" data-story-id="{esc(story.id)}"><h1 dir="auto">{esc(story.title)}</h1>')
        out.append(render_html(brief))
        out.append('<h2>Entities</h2><ul class="entities">')
        out += [f'<li><span class="ent {esc(e["type"])}"><bdi>{esc(e["name"])}</bdi></span> '
                f'<span class="meta">{esc(e["type"])}, {e["mentions"]}×</span></li>' for e in entities]
        out.append('</ul><h2>Quotes</h2><ul class="quotes">')
        out += [f'<li><strong><bdi>{esc(q["speaker"] or "unknown speaker")}</bdi></strong>: '
                f'“<span dir="auto">{esc(q["text"])}</span>” <span class="meta">'
                f'{" ".join(f"[<bdi>{esc(o)}</bdi>]" for o in q["outlets"])}</span></li>' for q in quotes]
        out.append("</ul><h2>Articles</h2>")
        out += [_html_article(a) for a in members]
        out.append("</section>")
    if loose:
        out.append('<section class="loose"><h1>Articles outside any story</h1>')
        out += [_html_article(a) for a in loose]
        out.append("</section>")
    out.append("</main></body></html>\n")
    return "\n".join(out)


def _html_article(article: Article) -> str:
    esc = html.escape
    return (f'<article id="article-{esc(article.id)}" data-article-id="{esc(article.id)}">'
            f'<h3 dir="auto">[<bdi>{esc(outlet_name(article))}</bdi>] {esc(article.title or "(untitled)")}</h3>'
            f'<p class="meta">{esc(date_text(article.published))} · <code>{esc(article.id)}</code></p>'
            f'<div class="text" dir="auto">{esc(article.text)}</div></article>')
