"""`newsfuse corrections`: every correction listed, undone store-wide, redone; a killed one finishes later."""

import json

from typer.testing import CliRunner

from newsfuse.cli.main import app

runner = CliRunner()


def run(*args, code=0):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == code, result.output
    return result


def as_json(*args):
    return json.loads(run(*args, "--json").stdout)


def people(db) -> dict[str, set[str]]:
    """Canonical person -> the names it is written as, store-wide."""
    return {e["name"]: {e["name"], *e["aliases"]} for e in as_json("entities", "--type", "person", "--limit", "500",
                                                                   "--db", db)["entities"]}


def memberships(db) -> set[frozenset]:
    return {frozenset(s["article_ids"]) for s in as_json("stories", "--db", db)["stories"]}


def test_an_entity_merge_is_listed_and_undone_so_the_names_separate_again(demo_db):
    before = people(demo_db)
    assert "Albin Kurti" in before and "Josep Borrell" in before
    made = as_json("entities", "merge", "Albin Kurti", "Josep Borrell", "--db", demo_db)
    assert made["correction"] == 1 and made["stories"] and made["analysed"]
    merged = people(demo_db)
    assert "Josep Borrell" not in merged and "Josep Borrell" in merged["Albin Kurti"]
    (listed,) = as_json("corrections", "--db", demo_db)["corrections"]
    assert listed["in_force"] and listed["target"] == "entity" and "Josep Borrell" in listed["what"]

    said = run("corrections", "undo", "1", "--db", demo_db).output
    assert said.startswith("undid correction 1")
    assert people(demo_db) == before  # the names are two entities again, with their own spellings
    run("regroup", "--db", demo_db)  # which replays the corrections in force, not an undone one
    assert people(demo_db) == before
    assert not as_json("corrections", "--db", demo_db)["corrections"][0]["in_force"]
    assert "undone" in run("corrections", "--db", demo_db).output

    again = run("corrections", "undo", "1", "--db", demo_db, code=2).output
    assert len(again.strip().splitlines()) == 1 and "already undone" in again and "redo" in again
    run("corrections", "redo", "1", "--db", demo_db)
    assert "Josep Borrell" in people(demo_db)["Albin Kurti"]


def test_undoing_a_rename_brings_the_old_name_back_and_keeps_a_merge_in_force(demo_db):
    run("entities", "merge", "Albin Kurti", "Josep Borrell", "--db", demo_db)
    run("entities", "rename", "Albin Kurti", "Kurti (PM)", "--db", demo_db)
    assert "Kurti (PM)" in people(demo_db)
    run("corrections", "undo", "2", "--db", demo_db)
    now = people(demo_db)
    assert "Kurti (PM)" not in now and "Josep Borrell" in now["Albin Kurti"]  # the merge still holds


def test_story_merge_split_and_move_are_undone_store_wide(demo_db):
    original = memberships(demo_db)
    stories = sorted(as_json("stories", "--db", demo_db)["stories"], key=lambda s: -len(s["article_ids"]))
    big, small = stories[0], stories[-1]
    run("stories", "merge", big["id"], small["id"], "--db", demo_db)
    assert frozenset(big["article_ids"] + small["article_ids"]) in memberships(demo_db)
    merged = [s["id"] for s in as_json("stories", "--db", demo_db)["stories"] if big["article_ids"][0] in s["article_ids"]]
    run("stories", "split", merged[0], "--articles", big["article_ids"][0], "--db", demo_db)
    run("stories", "move", big["article_ids"][-1], "--to", stories[1]["id"], "--db", demo_db)
    assert memberships(demo_db) != original
    for number in (3, 2, 1):  # newest first, as a user walks back
        run("corrections", "undo", number, "--db", demo_db)
    assert memberships(demo_db) == original
    assert {s["id"] for s in as_json("stories", "--db", demo_db)["stories"]} == {s["id"] for s in stories}
    assert run("check", "--db", demo_db).exit_code == 0  # records, analysis and the queue agree


def test_an_unknown_correction_is_one_line_and_exit_2(demo_db):
    said = run("corrections", "undo", "42", "--db", demo_db, code=2).output
    assert said.strip().splitlines() == ["error: no correction '42' in the store"]
    run("corrections", "undo", "x", "--db", demo_db, code=2)  # not a number: a usage error
    assert as_json("corrections", "--db", demo_db) == {"corrections": []}


def test_a_correction_left_for_later_is_queued_and_the_next_run_finishes_it(demo_db):
    before = people(demo_db)
    said = run("entities", "merge", "Albin Kurti", "Josep Borrell", "--later", "--db", demo_db).output
    assert "queued for analysis at the next run" in said
    stale = run("check", "--db", demo_db, code=1).output
    assert "correction 1: entities merge" in stale
    run("check", "--repair", "--db", demo_db)
    assert "Josep Borrell" in people(demo_db)["Albin Kurti"]

    from newsfuse.pipeline.corrections import undo
    from newsfuse.store import Store

    with Store(demo_db) as store:  # the undo's transaction commits, then the process dies before the analysis
        undo(store, 1)
    assert "correction 1 undone" in run("check", "--db", demo_db, code=1).output
    run("check", "--repair", "--db", demo_db)
    assert people(demo_db) == before
