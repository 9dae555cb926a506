"""What a reader sees of provenance: how many outlets and independent sources stand behind each
figure (brief and pages), what an article copied from whom, and an outlet's own reports, copies
and credits."""

from __future__ import annotations

import json
import re
import sqlite3
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from webstores import Report, build_store, span

from newsfuse.present.brief import brief_dict, build_brief, render_html, render_markdown
from newsfuse.store import Store
from newsfuse.web.app import create_app

WIRE = ("Northwind Agency", "2023-10-17", "Ferry line to Osterhall suspended",
        "The ferry line to Osterhall was suspended on Tuesday after a storm damaged the pier. About 40 "
        "passengers were stranded overnight, the operator said. Repairs are expected to take two weeks.")
COPY = ("Valley Gazette", "2023-10-17", "Storm stops the Osterhall ferry",
        "Our harbour was quiet on Tuesday. The ferry line to Osterhall was suspended on Tuesday after a storm "
        "damaged the pier. About 40 passengers were stranded overnight, the operator said. Repairs are "
        "expected to take two weeks.")
OWN = ("Lowland Courier", "2023-10-18", "Stranded ferry passengers spend the night in the hall",
       "Some 45 ferry passengers slept in the town hall of Osterhall, the mayor told the Courier. The pier "
       "was damaged by the storm, and the operator gave no date for repairs.")


def analysis(articles):
    wire, copy, own = articles
    claims = [{"id": "c1", "measure": "m1", "value": 40, "unit": "passengers", "qualifier": "about",
               "as_of": "2023-10-17", "sources": [span(wire, "About 40"), span(copy, "About 40")],
               "outlets": ["Northwind Agency", "Valley Gazette"], "independent_sources": ["Northwind Agency"]},
              {"id": "c2", "measure": "m1", "value": 45, "unit": "passengers", "qualifier": "some",
               "as_of": "2023-10-18", "sources": [span(own, "Some 45")],
               "outlets": ["Lowland Courier"], "independent_sources": ["Lowland Courier"]}]
    measures = [{"id": "m1", "label": "passengers stranded", "status": "conflicting", "claim_ids": ["c1", "c2"],
                 "outlets": ["Lowland Courier", "Northwind Agency", "Valley Gazette"],
                 "independent_sources": ["Lowland Courier", "Northwind Agency"],
                 "rests_on": "disputed between 2 independent sources, 3 outlets"}]
    timeline = [{"date": "2023-10-17", "precision": "day", "text": "The ferry line was suspended.",
                 "article_ids": [wire.id, copy.id], "evidence": [span(wire, "The ferry line"), span(copy, "The ferry line")],
                 "outlets": ["Northwind Agency", "Valley Gazette"], "independent_sources": ["Northwind Agency"],
                 "planned": False, "conflicts": []}]
    events = [{"id": "e1", "type": "storm", "date": "2023-10-17", "location": "Osterhall", "sources": [span(wire, "storm")],
               "outlets": ["Northwind Agency", "Valley Gazette"], "independent_sources": ["Northwind Agency"]}]
    return {"facts": {"claims": claims, "measures": measures, "events": events, "quotes": []}, "timeline": timeline}


@pytest.fixture
def ferry(tmp_path):
    path, made = build_store(tmp_path / "ferry.db", {"s-ferry": [Report(*WIRE), Report(*COPY), Report(*OWN)]},
                             threads={"t-ferry": ["s-ferry"]}, analysis={"s-ferry": analysis})
    wire, copy, own = made["s-ferry"]
    with sqlite3.connect(path) as conn:  # provenance as the dedup and credit stages store it
        conn.execute("UPDATE articles SET publisher = 'Valley Gazette', credits = ?, derived_from = ? WHERE id = ?",
                     (json.dumps(["Northwind Agency"]), json.dumps([[wire.id, 0.86]]), copy.id))
        conn.execute("UPDATE articles SET publisher = source WHERE id IN (?, ?)", (wire.id, own.id))
    return path, wire, copy, own


@pytest.fixture
def client(ferry):
    return TestClient(create_app(ferry[0], cache_mb=0), base_url="http://127.0.0.1")


def test_the_brief_says_how_many_outlets_and_independent_sources_stand_behind_a_figure(ferry):
    with Store(ferry[0]) as store:
        brief = build_brief(store, store.story("s-ferry"))
    figure = brief.figures[0]
    assert figure.sources.label == "3 outlets · 2 independent"
    assert "3 outlets · 2 independent" in render_markdown(brief)
    assert re.search(r'class="sources-count" title="disputed between 2 independent sources, 3 outlets">'
                     r'3 outlets · 2 independent<', render_html(brief))
    as_json = brief_dict(brief)
    assert (as_json["figures"][0]["outlet_count"], as_json["figures"][0]["independent_count"]) == (3, 2)
    assert as_json["timeline"][0]["sources"] == "2 outlets · 1 independent"


def test_items_without_provenance_show_no_count(small_db):
    path, _ = small_db  # the flood story's documents carry no outlets / independent_sources
    with Store(path) as store:
        brief = build_brief(store, store.story("s-flood"))
    assert all(f.sources is None for f in brief.figures)
    assert not re.search(r"\d+ outlets? · \d+ independent", render_markdown(brief))
    assert "sources-count" not in render_html(brief)
    assert "independent_count" not in json.dumps(brief_dict(brief))


def test_story_and_thread_pages_show_the_counts(client):
    story = client.get("/story/s-ferry").text
    figures = story[story.index('id="figures"'):story.index('id="who"')]
    assert "3 outlets · 2 independent" in figures
    events = story[story.index('id="events"'):story.index('id="quotes"')]
    assert "2 outlets · 1 independent" in events


def test_an_article_page_shows_what_it_copied_from_whom(client, ferry):
    _, wire, copy, own = ferry
    page = client.get(f"/article/{copy.id}").text
    where = page[page.index('id="h-provenance"'):page.index("</section>", page.index('id="h-provenance"'))]
    assert f'href="/article/{wire.id}"' in where and "86% of its text from" in where
    assert "Northwind Agency" in where and "Valley Gazette" in where  # its credit and its publisher
    assert "no other article" in client.get(f"/article/{own.id}").text


def test_an_outlet_page_lists_its_own_reports_copies_and_credits(client, ferry):
    _, wire, copy, own = ferry
    gazette = client.get("/outlet/" + quote("Valley Gazette")).text
    copies = gazette[gazette.index('id="h-copies"'):gazette.index('id="h-credits"')]
    assert f'data-article-id="{copy.id}"' in copies and f'href="/article/{wire.id}"' in copies
    credits = gazette[gazette.index('id="h-credits"'):]
    assert "Northwind Agency" in credits[:credits.index("Credited by")]
    agency = client.get("/outlet/" + quote("Northwind Agency")).text
    originals = agency[agency.index('id="h-originals"'):agency.index('id="h-copies"')]
    assert f'data-article-id="{wire.id}"' in originals
    credited = agency[agency.index("Credited by"):]
    assert f'data-article-id="{copy.id}"' in credited
    api = client.get("/api/outlets/" + quote("Valley Gazette")).json()
    assert api["copied"][0]["from"] == [{"article_id": wire.id, "share": 0.86, "outlet": "Northwind Agency"}]
    assert api["credits"] == [{"outlet": "Northwind Agency", "articles": 1}]
    assert client.get("/outlet/" + quote("Nobody Press")).status_code == 404


def test_an_article_page_shows_who_copied_it(client, ferry):
    _, wire, copy, own = ferry
    page = client.get(f"/article/{wire.id}").text
    where = page[page.index('id="h-provenance"'):page.index("</section>", page.index('id="h-provenance"'))]
    copied_by = where[where.index("<dt>copied by</dt>"):]
    assert f'data-article-id="{copy.id}"' in copied_by and f'href="/article/{copy.id}"' in copied_by
    assert "Valley Gazette" in copied_by and "86% of its text from this one" in copied_by  # the copy's publisher
    for other in (copy, own):  # nobody copies these
        assert "no later article in this store copies its text" in client.get(f"/article/{other.id}").text
    api = client.get(f"/api/articles/{wire.id}").json()
    assert api["copied_by"] == [{"article_id": copy.id, "share": 0.86, "publisher": "Valley Gazette",
                                 "outlet": "Valley Gazette"}]
    assert client.get(f"/api/articles/{own.id}").json()["copied_by"] == []


def test_a_near_duplicate_is_listed_as_one(ferry):
    path, wire, copy, own = ferry
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", (wire.id, own.id))
    page = TestClient(create_app(path, cache_mb=0), base_url="http://127.0.0.1").get(f"/article/{wire.id}").text
    copied_by = page[page.index("<dt>copied by</dt>"):page.index("</dl>", page.index("<dt>copied by</dt>"))]
    assert f'data-article-id="{own.id}"' in copied_by and "a duplicate of this article" in copied_by
    assert copied_by.index(copy.id) < copied_by.index(own.id)  # oldest first
