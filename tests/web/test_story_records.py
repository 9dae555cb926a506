"""The story page reads its analysis as the typed records of store/results.py: an event shows each
field it has (casualties with their count and who), none it lacks, and a damaged document reads as
missing instead of failing the page."""

from __future__ import annotations

import json
import sqlite3

import pytest
from webstores import FLOOD, build_store, flood_analysis

from newsfuse.web import create_app

pytestmark = pytest.mark.filterwarnings("ignore:Using .httpx. with .starlette.testclient.:Warning")


def client_for(path):
    from fastapi.testclient import TestClient

    return TestClient(create_app(path, cache_mb=0), base_url="http://127.0.0.1")


def with_casualties(articles):
    docs = flood_analysis(articles)
    event = docs["facts"]["events"][0]
    event["casualties"] = [{"kind": "killed", "value": 3, "qualifier": "at_least", "who": "three <b>officers</b>",
                            "article_id": articles[1].id}]
    event["outlets"] = ["Lowland Courier"]
    return docs


def events_of(page: str) -> str:
    return page[page.index('id="events"'):page.index('id="quotes"')]


def test_an_event_shows_its_casualties_and_no_field_it_lacks(tmp_path):
    path, _ = build_store(tmp_path / "flood.db", {"s-flood": FLOOD}, analysis={"s-flood": with_casualties})
    events = events_of(client_for(path).get("/story/s-flood").text)
    assert "<dt>killed</dt><dd>1</dd>" in events  # the event's fatalities
    assert '<dt>killed</dt><dd dir="auto">at least 3 <bdi>three &lt;b&gt;officers&lt;/b&gt;</bdi></dd>' in events
    assert "<dt>injured</dt>" not in events  # the event has no injuries field
    assert '<dt>outlets</dt><dd dir="auto">["Lowland Courier"]</dd>' in events  # a field without its own row
    assert "<bdi>Lindmark</bdi>" in events  # the place, stored as the ACLED-like `location`


def test_a_damaged_facts_document_reads_as_missing(tmp_path):
    path, _ = build_store(tmp_path / "flood.db", {"s-flood": FLOOD}, analysis={"s-flood": flood_analysis})
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE analysis SET body = ? WHERE key = 's-flood' AND kind = 'facts'",
                     (json.dumps({"claims": [{"id": "c1", "sources": 7}], "measures": "no list"}),))
    client = client_for(path)
    response = client.get("/story/s-flood")
    assert response.status_code == 200
    assert "No figures yet." in response.text and "No events." in response.text
    assert client.get("/api/stories/s-flood").json()["facts"]["claims"] == []
