"""Bad input is normal input: reasons on the terminal, the rest goes on, exit codes tell."""

import json

from typer.testing import CliRunner

from newsfuse.cli.main import app

runner = CliRunner()


def write_inputs(folder):
    (folder / "good.txt").write_text(
        "Harbour reopens after storm repairs\n\nThe harbour of Vela reopened on Monday after two weeks of "
        "repairs, the port authority said. Ferries resumed their normal timetable.\n")
    (folder / "empty.txt").write_text("")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8)
    (folder / "bad.json").write_text('{"title": "x", "text": ')
    (folder / "broken.html").write_text("<html><body><div><p>Unclosed <b>tags everywhere")
    (folder / "boiler.txt").write_text("Leave a Comment\n\nComments 3\n")


def test_rejections_are_listed_and_the_good_file_is_stored(tmp_path):
    write_inputs(tmp_path)
    report = tmp_path / "r.json"
    result = runner.invoke(app, ["analyze", str(tmp_path), str(tmp_path / "missing.txt"),
                                 "--db", str(tmp_path / "x.db"), "--json", str(report), "--quiet"])
    assert result.exit_code == 1
    data = json.loads(report.read_text())
    assert [a["title"] for a in data["articles"]] == ["Harbour reopens after storm repairs"]
    reasons = {r["path"].rsplit("/", 1)[-1]: r["reason"] for r in data["rejected"]}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["photo.jpg"] == "binary file"
    assert reasons["bad.json"].startswith("malformed JSON")
    assert reasons["missing.txt"] == "no such file or directory"
    assert reasons["boiler.txt"] == "empty after cleaning"
    assert "broken.html" in reasons  # no article text in it
    for name in reasons:
        assert name in result.output  # one line per rejection on the terminal
    assert "Traceback" not in result.output


def test_clean_run_exits_zero_and_usage_error_exits_two(tmp_path):
    (tmp_path / "a.txt").write_text("Bridge opens\n\nThe new bridge over the river opened to traffic today.")
    ok = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "x.db"), "--quiet"])
    assert ok.exit_code == 0
    assert runner.invoke(app, ["ingest", "--db", str(tmp_path / "x.db")]).exit_code == 2
    assert runner.invoke(app, ["ingest", str(tmp_path), "--no-such-flag"]).exit_code == 2


def test_unreadable_store_is_a_message_not_a_traceback(tmp_path):
    (tmp_path / "a.txt").write_text("Bridge opens\n\nThe new bridge opened to traffic today.")
    bad_db = tmp_path / "notes.db"
    bad_db.write_text("not a database " * 200)
    result = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(bad_db)])
    assert result.exit_code == 2
    assert "error:" in result.output and "Traceback" not in result.output


def test_unknown_spacy_pipeline_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text("Bridge opens\n\nThe new bridge opened to traffic today.")
    result = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "x.db"),
                                 "--model", "no_such_pipeline_xx"])
    assert result.exit_code == 2
    assert "no_such_pipeline_xx" in result.output and "not installed" in result.output


def test_search_shows_matching_articles(tmp_path):
    (tmp_path / "a.txt").write_text("Troops arrive\n\nMore troops arrived in Kosovo on Tuesday.")
    (tmp_path / "b.txt").write_text("Harbour opens\n\nThe harbour reopened after storm repairs.")
    db = str(tmp_path / "x.db")
    runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "--quiet"])
    result = runner.invoke(app, ["search", "troops Kosovo", "--db", db])
    assert result.exit_code == 0
    assert "Troops arrive" in result.output and "Harbour opens" not in result.output


def test_standard_input(tmp_path):
    result = runner.invoke(app, ["ingest", "-", "--db", str(tmp_path / "x.db")],
                           input="Flood warning\n\nRiver levels rose sharply overnight in the valley towns.\n")
    assert result.exit_code == 0 and "1 new" in result.output


def test_duplicate_file_is_linked_to_its_original(tmp_path):
    body = ("Dam inspection\n\nEngineers inspected the old dam above the town on Friday and found two "
            "cracks in the spillway that must be sealed before the winter rains arrive. The mayor said the "
            "repairs would be paid from the flood fund and that the road across the dam stays open to cars "
            "but closes to lorries until the work is finished. Residents downstream were told there is no "
            "danger, but the council will test the sirens next week as a precaution, and a public meeting "
            "about the repairs is planned at the school hall on Thursday evening.\n")
    (tmp_path / "a.txt").write_text(body)
    (tmp_path / "copy.txt").write_text(body)
    (tmp_path / "near.txt").write_text(body.replace("Friday", "Friday morning"))
    report = tmp_path / "r.json"
    runner.invoke(app, ["analyze", str(tmp_path), "--db", str(tmp_path / "x.db"), "--json", str(report), "-q"])
    articles = {a["path"].rsplit("/", 1)[-1]: a for a in json.loads(report.read_text())["articles"]}
    original = articles["a.txt"]["id"]
    assert articles["a.txt"]["duplicate_of"] is None
    assert articles["copy.txt"]["duplicate_of"] == original
    assert articles["near.txt"]["duplicate_of"] == original


def test_rejected_lists_nothing_for_a_clean_store_and_errors_without_one(tmp_path):
    (tmp_path / "a.txt").write_text("Bridge opens\n\nThe new bridge opened to traffic today.")
    db = str(tmp_path / "x.db")
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", db, "--quiet"]).exit_code == 0
    clean = runner.invoke(app, ["rejected", "--db", db, "--json"])
    assert clean.exit_code == 0 and json.loads(clean.stdout)["rejected"] == []
    missing = runner.invoke(app, ["rejected", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no store at" in missing.output and "Traceback" not in missing.output
    assert not (tmp_path / "none.db").exists()  # reading never creates a store
