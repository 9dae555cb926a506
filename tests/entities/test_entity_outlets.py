"""`newsfuse entity` on a store where one outlet misspells a name in two reports: the page names the
entity as the two other outlets spell it and lists each spelling's outlets."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsfuse.cli.main import app

pytestmark = pytest.mark.slow
runner = CliRunner()

# Our own sentences: a fictional harbour strike reported by three outlets; the Lantern misspells the
# transport minister's surname in both of its reports and names her more often than the others do.
REPORTS = [
    ("Harbour Lantern", "Dock workers walk out in Norhaven",
     "Transport minister Ilse Vandermeeer said on Monday that the strike at the port of Norhaven would "
     "cost exporters dearly. Vandermeeer met the dock workers' union in the afternoon. Ilse Vandermeeer "
     "later told reporters that talks would resume on Wednesday."),
    ("Harbour Lantern", "Norhaven strike talks to resume",
     "Ilse Vandermeeer, the transport minister, promised the union a new offer for the dock workers of "
     "Norhaven. Vandermeeer said the port would stay closed until the talks end. The union thanked "
     "Ilse Vandermeeer for meeting its members."),
    ("Northern Courier", "Port of Norhaven closed by strike",
     "The port of Norhaven stayed closed on Monday as dock workers went on strike over pay. Transport "
     "minister Ilse Vandermeer met the union and said talks would resume on Wednesday."),
    ("Coastal Gazette", "Minister meets striking dock workers",
     "Dock workers at the port of Norhaven began a strike on Monday. Ilse Vandermeer, the transport "
     "minister, told the union that a new offer would follow later in the week."),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outlets")
    for i, (source, title, text) in enumerate(REPORTS):
        record = {"title": title, "text": text, "source": source, "published": f"2024-03-0{i + 1}"}
        (folder / f"report-{i}.json").write_text(json.dumps(record), encoding="utf-8")
    db = tmp_path_factory.mktemp("outlets-db") / "s.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def test_the_entity_page_names_the_spelling_most_outlets_write(store):
    result = runner.invoke(app, ["entity", "Ilse Vandermeeer", "--db", str(store), "--json"])
    assert result.exit_code == 0, result.output
    page = json.loads(result.output)
    assert page["name"] == "Ilse Vandermeer"
    outlets = {}
    for spelling in page["spellings"]:
        key = "wrong" if "Vandermeeer" in spelling["text"] else "right"
        outlets.setdefault(key, set()).update(spelling["outlets"])
    assert outlets == {"wrong": {"Harbour Lantern"}, "right": {"Northern Courier", "Coastal Gazette"}}


def test_the_entity_page_names_publishers_not_the_agency_an_article_carries(store, tmp_path):
    """An article's outlet is who published it; its `source` may be the wire it credits (a store
    written before provenance, or an API user's Article). The CLI page and the web page agree."""
    import shutil
    import sqlite3

    from newsfuse.cli.entity import entity_page
    from newsfuse.present.workspace import entity_view
    from newsfuse.store import Store

    db = tmp_path / "copy.db"
    shutil.copy(store, db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET source = 'Wire Service' WHERE publisher = 'Coastal Gazette'")
    result = runner.invoke(app, ["entity", "Ilse Vandermeer", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    page = json.loads(result.output)
    named = {o for s in page["spellings"] for o in s["outlets"]}
    assert "Coastal Gazette" in named and "Wire Service" not in named
    assert {o["name"] for o in page["outlets"]} == named
    with Store(db) as opened:
        view = entity_view(opened, page["id"])
        assert entity_page(opened, page["id"])["spellings"] == [
            {"text": t, "count": n, "outlets": o} for t, n, o in view.spellings]
    assert {o for _, _, outlets in view.spellings for o in outlets} == named
