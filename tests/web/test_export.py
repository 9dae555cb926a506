"""Every export format reads back with what the store holds."""

from __future__ import annotations

import csv
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.errors import ConfigError, NotFoundError
from newsfuse.present.export import TABLES, export, read_tables, write_csv, write_json, write_parquet
from newsfuse.store import Store
from newsfuse.present.views import story_entities, story_facts, story_timeline

ACLED = ["event_date", "event_type", "actor1", "actor2", "location", "latitude", "longitude", "fatalities", "injuries", "notes",
         "sources"]


def expected_counts(store: Store, story_id: str | None = None) -> dict[str, int]:
    stories = [store.story(story_id)] if story_id else store.stories()
    facts = [story_facts(store, s) for s in stories]
    return {
        "articles": len(stories[0].article_ids) if story_id else store.count_articles(),
        "stories": len(stories),
        "entities": sum(len(story_entities(store, s)) for s in stories),
        "claims": sum(len(f["claims"]) for f in facts),
        "events": sum(len(f["events"]) for f in facts),
        "timeline": sum(len(story_timeline(store, s)) for s in stories),
        "quotes": sum(len(f["quotes"]) for f in facts),
    }


def out_path(tmp_path: Path, fmt: str) -> Path:
    return tmp_path / ("export" if fmt in ("csv", "parquet") else f"export.{fmt}")


class Counter(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.stories, self.articles = [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("class") == "story":
            self.stories.append(attrs["data-story-id"])
        if tag == "article":
            self.articles.append(attrs["data-article-id"])


def read_counts(path: Path, fmt: str) -> dict[str, int]:
    if fmt in ("json", "csv", "parquet"):
        return {name: len(rows) for name, rows in read_tables(path, fmt).items()}
    text = path.read_text(encoding="utf-8")
    if fmt == "md":
        return {"stories": sum(line.startswith("## Story: ") for line in text.splitlines()),
                "articles": sum(line.startswith("#### ") for line in text.splitlines())}
    counter = Counter(text)
    return {"stories": len(counter.stories), "articles": len(counter.articles)}


@pytest.mark.parametrize("fmt", ["json", "csv", "parquet", "md", "html"])
def test_every_format_round_trips_the_demo_store(demo_db, tmp_path, fmt):
    with Store(demo_db) as store:
        expected = expected_counts(store)
        written = export(store, fmt, out_path(tmp_path, fmt))
    assert expected["articles"] == 23 and expected["stories"] >= 5  # 7 stories written; grouped, not one each
    assert written == expected
    read = read_counts(out_path(tmp_path, fmt), fmt)
    assert read == {k: v for k, v in expected.items() if k in read}


@pytest.mark.parametrize("fmt", ["json", "csv", "parquet", "md", "html"])
def test_every_format_round_trips_a_store_with_facts(small_db, tmp_path, fmt):
    path, _ = small_db
    with Store(path) as store:
        expected = expected_counts(store)
        export(store, fmt, out_path(tmp_path, fmt))
    assert expected == {"articles": 4, "stories": 2, "entities": expected["entities"], "claims": 5, "events": 1,
                        "timeline": 4, "quotes": 1}
    read = read_counts(out_path(tmp_path, fmt), fmt)
    assert read == {k: v for k, v in expected.items() if k in read}


def test_tabular_formats_read_back_the_same_rows(small_db, tmp_path):
    path, _ = small_db
    with Store(path) as store:
        for fmt in ("json", "csv", "parquet"):
            export(store, fmt, out_path(tmp_path, fmt))
    tables = {fmt: read_tables(out_path(tmp_path, fmt), fmt) for fmt in ("json", "csv", "parquet")}
    assert tables["json"] == tables["csv"] == tables["parquet"]
    claims = {c["id"]: c for c in tables["json"]["claims"]}
    assert claims["c1"]["value"] == 2300.0 and claims["c1"]["status"] == "conflicting"
    assert claims["c1"]["value_text"] == "about 2,300 residents" and claims["c1"]["texts"] == ["about 2,300"]


def test_quotes_are_exported_with_speaker_and_outlets(small_db, tmp_path):
    path, _ = small_db
    with Store(path) as store:
        export(store, "csv", tmp_path / "csv")
        export(store, "md", tmp_path / "x.md")
    (quote,) = read_tables(tmp_path / "csv", "csv")["quotes"]
    assert quote["speaker"] == "Henrike Söllner" and quote["text"] == "the water rose 3.2 metres above normal"
    assert quote["story_id"] == "s-flood" and quote["outlets"] and quote["article_ids"]
    document = (tmp_path / "x.md").read_text(encoding="utf-8")
    assert "**Henrike Söllner**: “the water rose 3.2 metres above normal” [" in document
    assert "\\[" not in document.replace("\\[script", "")  # outlets are cited as [Name], not \[Name\]


def test_the_events_csv_has_exactly_the_acled_columns(small_db, tmp_path):
    path, made = small_db
    with Store(path) as store:
        export(store, "csv", tmp_path / "csv")
    with (tmp_path / "csv" / "events.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ACLED
    assert rows[0]["event_date"] == "2023-10-17" and rows[0]["location"] == "Lindmark"
    assert float(rows[0]["latitude"]) == 52.1 and rows[0]["fatalities"] == "1"
    assert rows[0]["sources"] == "Lowland Courier" and rows[0]["notes"] == "One man was found dead on Wednesday"


def test_one_story_exports_only_that_story(small_db, tmp_path):
    path, made = small_db
    with Store(path) as store:
        counts = export(store, "json", tmp_path / "one.json", story_id="s-flood")
        assert counts == expected_counts(store, "s-flood")
    body = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in body["stories"]] == ["s-flood"]
    assert {a["id"] for a in body["articles"]} == {a.id for a in made["s-flood"]}


def test_bad_format_and_unknown_story_are_errors(small_db, tmp_path):
    path, _ = small_db
    with Store(path) as store:
        with pytest.raises(ConfigError):
            export(store, "xlsx", tmp_path / "x")
        with pytest.raises(NotFoundError):
            export(store, "json", tmp_path / "x.json", story_id="s-none")


def test_hostile_text_stays_text_in_documents(hostile_db, tmp_path):
    path, _ = hostile_db
    with Store(path) as store:
        export(store, "html", tmp_path / "h.html")
        export(store, "md", tmp_path / "h.md")
    page = (tmp_path / "h.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page and "&lt;script&gt;" in page
    assert read_counts(tmp_path / "h.md", "md") == {"stories": 1, "articles": 2}


# -- property: the writers and readers agree on any rows ----------------------------------------

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)
VALUES = {
    "str": st.none() | TEXT,
    "int": st.none() | st.integers(-10**12, 10**12),
    "float": st.none() | st.floats(allow_nan=False, allow_infinity=False),
    "bool": st.booleans(),
    "list": st.lists(st.text(max_size=20), max_size=4),
}


def rows_of(name: str):
    return st.lists(st.fixed_dictionaries({c.name: VALUES[c.type] for c in TABLES[name]}), max_size=4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.fixed_dictionaries({name: rows_of(name) for name in TABLES}))
def test_tables_round_trip_through_every_tabular_format(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("rt")
    write_json(data, folder / "x.json")
    write_csv(data, folder / "csv")
    write_parquet(data, folder / "parquet")
    assert read_tables(folder / "x.json", "json") == data
    assert read_tables(folder / "csv", "csv") == data
    assert read_tables(folder / "parquet", "parquet") == data
