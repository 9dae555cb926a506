"""The analyst's workspace on the demo store: a thread told at a glance, the story page's parts in
order, the fitted map, entity and outlet pages, search filters, and answers to bad input."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import pytest
from webstores import IMG, XSS

from newsfuse.store import Store

pytestmark = pytest.mark.filterwarnings("ignore:Using .httpx. with .starlette.testclient.:Warning")

def client_for(db):
    from fastapi.testclient import TestClient

    from newsfuse.web import create_app

    return TestClient(create_app(db, cache_mb=0), base_url="http://127.0.0.1")


@pytest.fixture(scope="module")
def demo(demo_db):
    client = client_for(demo_db)
    threads = client.get("/api/threads").json()
    kosovo = next(t for t in threads if len(t["story_ids"]) > 2)
    stories = client.get("/api/stories").json()["stories"]
    # the Banjska attack of 24 September 2023 (its title depends on which report the grouping picks)
    attack = max((s for s in stories if (s["date_start"] or "").startswith("2023-09")), key=lambda s: s["article_count"])
    return client, kosovo, attack


def links(page: str, prefix: str) -> list[str]:
    return sorted({html.unescape(h) for h in re.findall(rf'href="({prefix}[^"#]*)"', page)})


def texts_of(svg: str) -> list[tuple[float, float, str, str, str]]:
    """(x, y, anchor, class, text) of every label drawn on a map."""
    found = []
    for attrs, text in re.findall(r"<text([^>]*)>([^<]*)</text>", svg):
        get = lambda name: (re.search(rf'{name}="([^"]*)"', attrs) or [None, ""])[1]  # noqa: E731
        found.append((float(get("x")), float(get("y")), get("text-anchor"), get("class"), html.unescape(text)))
    return found


def boxes_overlap(a, b, size=13, width=0.6) -> bool:
    def box(x, y, anchor, text):
        w = len(text) * size * width
        left = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
        return left, y - size * 0.8, left + w, y + size * 0.2
    ax1, ay1, ax2, ay2 = box(a[0], a[1], a[2], a[4])
    bx1, by1, bx2, by2 = box(b[0], b[1], b[2], b[4])
    return not (ax2 <= bx1 or bx2 <= ax1 or ay2 <= by1 or by2 <= ay1)


# -- the thread ---------------------------------------------------------------------------------

def test_thread_page_tells_the_development_at_a_glance(demo):
    client, kosovo, _ = demo
    page = client.get(f"/thread/{quote(kosovo['id'], safe='')}").text
    for heading in ("Key dates", "Stories, in order", "Figures that changed over time", "Open conflicts",
                    "People, places, organizations", "Outlets covering it"):
        assert f">{heading}</h2>" in page, heading
    key_dates = re.search(r'<ol class="key-dates">(.*?)</ol>', page, re.S)[1]
    days = re.findall(r'<time datetime="([^"]+)"', key_dates)
    assert len(days) >= 3 and days == sorted(days)
    # the troop figure that grew from about 4,000 to 4,500 is a chart with each outlet's value and date
    trend = next(f for f in re.findall(r'<figure class="trend card".*?</figure>', page, re.S) if "4,500" in f)
    assert "<svg" in trend and "4,000" in trend and "<polyline" in trend
    rows = re.findall(r"<tr><td>([^<]+)</td><td><a class=\"outlet\"", trend)
    assert len(rows) >= 3 and "2023" in rows[0]
    # every story of the thread, oldest first
    ids = re.findall(r'<li class="story-row" data-story-id="([^"]+)"', page)
    assert sorted(ids) == sorted(kosovo["story_ids"])
    people = links(page, "/entity/")
    assert len(people) >= 5 and all(client.get(u).status_code == 200 for u in people[:8])
    assert links(page, "/outlet/")


# -- the story ----------------------------------------------------------------------------------

def test_story_page_puts_the_brief_first_and_has_every_part(demo):
    client, _, attack = demo
    page = client.get(f"/story/{quote(attack['id'], safe='')}").text
    order = [page.index(f'id="{part}"') for part in
             ("brief", "figures", "who", "timeline", "events", "quotes", "entities", "outlets", "map", "articles")]
    assert order == sorted(order)
    who = re.search(r'<table class="who">.*?</table>', page, re.S)[0]
    outlets = re.findall(r'<th scope="col"><a class="outlet"', who)
    assert len(outlets) >= 3
    assert 'class="omitted"' in who and 'class="gave"' in who  # who gave a value, who left it out
    for row in re.findall(r"<tr data-measure-id.*?</tr>", who, re.S):
        assert row.count("<td") == len(outlets)


def test_timeline_axis_fits_the_story_and_marks_what_it_leaves_off(demo):
    client, _, attack = demo
    page = client.get(f"/story/{quote(attack['id'], safe='')}").text
    chart = re.search(r'<svg class="chart".*?</svg>', page, re.S)[0]
    years = {int(y) for y in re.findall(r"\b(20\d\d)\b", " ".join(t[4] for t in texts_of(chart) if t[3] == "tick-label"))}
    assert years <= {2023}  # the story is September 2023: no axis stretched back to an old date
    off = re.search(r'<ul class="off-axis">(.*?)</ul>', page, re.S)
    assert off and re.search(r'data-why="(background|long before the story|too vague for the axis)"', off[1])


def test_events_show_their_fields_and_the_map_opens_them(demo):
    client, _, attack = demo
    page = client.get(f"/story/{quote(attack['id'], safe='')}").text
    events = re.findall(r'<li id="(ev-\d+)" class="event card".*?</li>', page, re.S)
    assert events
    assert "<dt>reported by</dt>" in page and "<dt>actor</dt>" in page
    svg = re.search(r'<svg class="map".*?</svg>', page, re.S)[0]
    event_links = re.findall(r'<a class="pin event" href="#(ev-\d+)"', svg)
    assert event_links and set(event_links) <= set(events)
    assert re.findall(r'<a class="pin place" href="/entity/', svg)


def test_the_map_is_fitted_to_the_story_with_readable_labels(demo):
    client, _, attack = demo
    page = client.get(f"/story/{quote(attack['id'], safe='')}").text
    svg = re.search(r'<svg class="map".*?</svg>', page, re.S)[0]
    labels = texts_of(svg)
    names = [t[4] for t in labels]
    assert "Banjska" in names and any(n in names for n in ("Serbia", "Belgrade")) and "Kosovo" in names
    assert "Washington" not in names and "United States of America" not in names  # not world-scale
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            size = 11 if "country" in (a[3] + b[3]) else 13
            assert not boxes_overlap(a, b, size), (a[4], b[4])
    if ">Washington</a>" in page:  # named in the story, but an ocean away
        assert "too far away for this map" in page


# -- entities, outlets --------------------------------------------------------------------------

def test_every_entity_and_outlet_link_on_a_story_opens_its_page(demo):
    client, _, attack = demo
    page = client.get(f"/story/{quote(attack['id'], safe='')}").text
    entities, outlets = links(page, "/entity/"), links(page, "/outlet/")
    assert len(entities) >= 10 and len(outlets) >= 3
    for url in entities + outlets:
        response = client.get(url)
        assert response.status_code == 200, url
    banjska = next(u for u in entities if "Banjska" in client.get(u).text.split("</h1>")[0])
    body = client.get(banjska).text
    assert attack["id"] in body and "Written as" in body and links(body, "/outlet/")
    outlet = client.get(outlets[0]).text
    assert re.findall(r'data-story-id="([^"]+)"', outlet) and re.findall(r'data-article-id="([^"]+)"', outlet)
    api = client.get("/api" + banjska.replace("/entity/", "/entities/")).json()
    assert api["name"] == "Banjska" and any(s["id"] == attack["id"] for s in api["stories"])


# -- search -------------------------------------------------------------------------------------

def story_ids(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:300])
    return re.findall(r'<li class="story-row" data-story-id="([^"]+)"', response.text)


def test_search_filters_and_groups_results_by_story(demo):
    client, kosovo, attack = demo
    everything = story_ids(client, "/")
    in_thread = story_ids(client, f"/?thread={quote(kosovo['id'])}")
    assert sorted(in_thread) == sorted(kosovo["story_ids"]) and len(everything) > len(in_thread)
    assert story_ids(client, "/?entity=Banjska") and attack["id"] in story_ids(client, "/?entity=Banjska")
    assert set(story_ids(client, "/?entity=Banjska")) <= set(kosovo["story_ids"])
    autumn = story_ids(client, "/?q=Kosovo&date_from=2023-09-01&date_to=2023-10-31")
    assert attack["id"] in autumn and len(autumn) < len(story_ids(client, "/?q=Kosovo"))
    rows = {s["id"]: s for s in client.get("/api/stories").json()["stories"]}
    assert all("2023-09-01" <= (rows[i]["date_end"] or "") and rows[i]["date_start"] <= "2023-10-31" for i in autumn)
    assert story_ids(client, f"/?q=Kosovo&story={quote(attack['id'])}") == [attack["id"]]
    page = client.get("/?q=Kosovo+police").text
    first = page.index(f'data-story-id="{attack["id"]}"')
    group = page[first:page.index("</ul>", page.index('<ul class="hits">', first))]
    assert group.count('<li class="hit">') >= 2 and "<mark>" in group  # several matching articles under one story


# -- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("url, status", [
    ("/story/nope", 404), ("/thread/nope", 404), ("/article/nope", 404), ("/entity/nope", 404),
    ("/outlet/No%20Such%20Outlet", 404), ("/no/such/page", 404),
    ("/?date_from=2023-02-30", 400), ("/?date_from=2023-12-01&date_to=2023-01-01", 400), ("/?date_to=soon", 400),
    ("/?outlet=Nobody", 200), ("/?entity=Zzyzxq", 400), ("/?thread=t-nope", 400), ("/?story=s-nope", 400),
    ("/?page=0", 400), ("/?page=abc", 400), ("/?q=%22unbalanced", 200), ("/?q=AND+OR+NOT", 200),
    ("/?q=*", 200), ("/?q=%00%01", 200),
])
def test_bad_input_is_a_clear_page_never_a_500(demo, url, status):
    client, _, _ = demo
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:300])
    assert "text/html" in response.headers["content-type"]
    if status != 200:
        assert '<p class="error"' in response.text and "Traceback" not in response.text
    if "outlet=Nobody" in url:  # a name that matches nothing, said so
        assert "No outlet named" in response.text and 'data-total="0"' in response.text


@pytest.mark.parametrize("url, status", [
    ("/api/stories/nope", 404), ("/api/threads/nope", 404), ("/api/articles/nope", 404),
    ("/api/entities/nope", 404), ("/api/outlets/Nobody", 404), ("/api/stories?date_from=x", 400),
    ("/api/stories?outlet=Nobody", 200), ("/api/stories?entity=Zzyzxq", 400), ("/api/search", 400),
    ("/api/search?q=x&limit=0", 400), ("/api/search?q=%22", 200), ("/api/stories?page=-1", 400),
])
def test_bad_api_requests_answer_json_errors(demo, url, status):
    client, _, _ = demo
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:300])
    body = response.json()
    if status != 200:
        assert isinstance(body["detail"], str) and body["detail"]


def test_hostile_entities_render_as_text_on_entity_pages(hostile_db):
    from newsfuse.codec import encode
    from newsfuse.entities.index import EntityIndex, canonical_entities
    from newsfuse.pipeline.grouping import PlainRows
    from newsfuse.pipeline.story import stored_entities

    path, made = hostile_db
    with Store(path) as store:
        index = EntityIndex(PlainRows(store.conn))
        for story_id in made:
            entities = canonical_entities(index, story_id, stored_entities(store, story_id))
            store.put_analysis("story", story_id, "entities", encode(entities))
    client = client_for(path)
    story = client.get(f"/story/{quote(next(iter(made)), safe='')}").text
    entity_pages = links(story, "/entity/")
    assert entity_pages
    for url in entity_pages + links(story, "/outlet/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<script>" not in response.text.replace('<script src="/static/app.js"></script>', "")
        assert "<img" not in response.text and " onerror=" not in response.text.replace("&#34;", '"').split("<body>")[0]
    hostile = next(client.get(u).text for u in entity_pages if "&lt;script&gt;" in client.get(u).text)
    assert XSS not in hostile and html.escape(XSS, quote=False) in hostile.replace("&#34;", '"').replace("&#39;", "'")
    assert IMG not in hostile
