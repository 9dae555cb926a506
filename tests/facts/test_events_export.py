"""Every field of an extracted event reaches each export (JSON, CSV, Parquet) and the web story page:
type, date, actors, place with its coordinates, fatalities and injuries."""

import datetime as dt
import re

import pytest

from newsfuse.facts import facts_to_dicts, read_facts
from newsfuse.facts.records import StoryFacts
from newsfuse.facts.story import cross_check
from newsfuse.facts.events import Located
from newsfuse.models import Article, Story, Thread
from newsfuse.present.export import export, read_tables
from newsfuse.store import Store
from newsfuse.timex import TimeTagger

TEXT = ("Gunmen attacked a police patrol in the village of Dolna on April 18, killing two officers. "
        "Five people were injured.")
PLACES = {"dolna": Located("Dolna", 41.9, 21.4, "village")}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    from newsfuse.nlp import mentions_from_doc, parse

    article = Article(id="a1", path="a1.txt", raw=TEXT, text=TEXT, source="Alpha", published="2024-04-20",
                      title="Police station attacked in Dolna")
    doc = next(iter(parse([article.text])))
    article.mentions = mentions_from_doc(article.id, doc)
    article.times = TimeTagger().tag(article.text, dt.date(2024, 4, 20), article_id=article.id)
    found = read_facts(article, doc)
    facts = cross_check([article], [], found.events, [], locate=lambda name: PLACES.get(name.lower()))
    assert len(facts.events) == 1
    article.story_id = "s-dolna"
    path = tmp_path_factory.mktemp("events") / "events.db"
    with Store(path) as store:
        with store.transaction() as conn:
            store.add_articles([article], conn)
            store.save_stories([Story("s-dolna", article.title, [article.id], "t-dolna")],
                               [Thread("t-dolna", "Dolna", ["s-dolna"])], conn)
        store.put_analysis("story", "s-dolna", "facts", facts_to_dicts(StoryFacts(events=facts.events)))
    return path


EXPECTED = {"event_date": "2024-04-18", "event_type": "attack", "actor1": "Gunmen", "actor2": "police patrol",
            "location": "Dolna", "latitude": 41.9, "longitude": 21.4, "fatalities": 2, "injuries": 5}


def _same(value, expected) -> bool:
    if isinstance(expected, float):
        return value not in (None, "") and float(value) == expected
    if isinstance(expected, int):
        return value not in (None, "") and int(float(value)) == expected
    return value == expected


@pytest.mark.parametrize("fmt", ["json", "csv", "parquet"])
def test_every_event_field_reaches_the_export(store_path, tmp_path, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / ("events.json" if fmt == "json" else fmt)
    with Store(store_path) as store:
        export(store, fmt, out)
    (row,) = read_tables(out, fmt)["events"]
    wrong = {k: row.get(k) for k, v in EXPECTED.items() if not _same(row.get(k), v)}
    assert not wrong, wrong
    assert "Dolna" in row["notes"] and row["sources"] == "Alpha"


def test_the_web_story_page_shows_the_event_place(store_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from newsfuse.web import create_app

    with TestClient(create_app(store_path, cache_mb=0), base_url="http://127.0.0.1") as client:
        page = client.get("/story/s-dolna")
    assert page.status_code == 200
    heads = re.findall(r'<p class="event-head">(.*?)</p>', page.text, flags=re.S)
    assert heads and "attack" in heads[0] and "Dolna" in heads[0], heads
