"""The probe through the command line: exit codes as documented, one escaped line per rejection,
`newsfuse rejected` current, URLs refused unless allowed, and `watch` with a poisoned feed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from generate import BODY, article, rss, item
from typer.testing import CliRunner

from newsfuse.cli.main import app

runner = CliRunner()


def ingest(*args: str, **kwargs):
    return runner.invoke(app, ["ingest", *args, "--quiet"], **kwargs)


def rejected_paths(db: Path) -> dict[str, str]:
    listed = runner.invoke(app, ["rejected", "--db", str(db), "--json"])
    assert listed.exit_code == 0, listed.output
    return {r["path"]: r["reason"] for r in json.loads(listed.stdout)["rejected"]}


@pytest.mark.timeout(180)
def test_exit_codes_escaped_names_skips_and_the_current_rejected_list(tmp_path, guard):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(article("Quay reopens"))
    (inputs / "evil\u202etxt.exe").write_text("")
    (inputs / "two\nlines.json").write_text("[]")
    (inputs / ".hidden.txt").write_text(article("Hidden"))
    db = tmp_path / "x.db"
    first = ingest(str(inputs), "--db", str(db))
    assert first.exit_code == 1
    assert "Traceback" not in first.output
    assert "evil\\u202etxt.exe — empty file" in first.output  # the RTL mark shown, not obeyed
    assert "two\\nlines.json — empty JSON array" in first.output  # one line per rejection
    assert ".hidden.txt — hidden" in first.output
    assert set(rejected_paths(db)) == {f"{inputs}/evil\u202etxt.exe", f"{inputs}/two\nlines.json"}
    text = runner.invoke(app, ["rejected", "--db", str(db)])
    assert "evil\\u202etxt.exe" in text.output and "\u202e" not in text.output

    (inputs / "two\nlines.json").write_text(json.dumps([{"title": "Lines fixed", "text": BODY}]))
    second = ingest(str(inputs), "--db", str(db))
    assert second.exit_code == 1  # the empty file is still rejected
    assert set(rejected_paths(db)) == {f"{inputs}/evil\u202etxt.exe"}  # the fixed file dropped out

    (inputs / "evil\u202etxt.exe").unlink()
    assert ingest(str(inputs), "--db", str(db)).exit_code == 0  # everything used
    assert ingest("--db", str(db)).exit_code == 2  # usage error
    (tmp_path / "notes.db").write_text("not a database " * 100)
    broken = ingest(str(inputs), "--db", str(tmp_path / "notes.db"))
    assert broken.exit_code == 2 and "Traceback" not in broken.output


@pytest.mark.timeout(120)
def test_standard_input_json_lines_and_its_size_limit(tmp_path, guard):
    db = str(tmp_path / "x.db")
    lines = "\n".join(json.dumps({"title": f"Wire line {i}", "text": BODY + f" Line {i}."}) for i in range(3))
    result = ingest("-", "--db", db, input=lines + "\n")
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["search", "Wire line", "--db", db, "--json"])
    assert len(json.loads(listed.stdout)["hits"]) == 3  # three articles, not one of raw JSON
    big = ingest("-", "--db", db, input=b"x" * (21 * 1024 * 1024))
    from newsfuse.ingest.parts import MAX_TOTAL_CHARS

    assert big.exit_code == 1 and "text too long" in big.output and f"{MAX_TOTAL_CHARS:,}" in big.output


@pytest.mark.timeout(120)
def test_urls_are_refused_unless_allowed_and_credentials_are_not_stored(tmp_path, hostile, guard):
    db = str(tmp_path / "x.db")
    page = hostile.url("/page").replace("http://", "http://editor:s3cret@")
    refused = ingest(page, hostile.url("/chain/1?to=http://169.254.169.254/"), "--db", db)
    assert refused.exit_code == 1 and "--allow-loopback" in refused.output
    assert hostile.requests == []
    allowed = ingest(page, hostile.url("/chain/1?to=http://169.254.169.254/"), "--db", db, "--allow-loopback")
    assert allowed.exit_code == 1 and "metadata address (never fetched)" in allowed.output
    assert "s3cret" not in allowed.output
    shown = runner.invoke(app, ["search", "storm wall", "--db", db, "--json"])
    assert json.loads(shown.stdout)["hits"]
    with __import__("sqlite3").connect(db) as conn:
        stored = " ".join(str(v) for row in conn.execute("SELECT path, url FROM articles") for v in row)
        listed = " ".join(r[0] for r in conn.execute("SELECT path FROM rejected"))
    assert "s3cret" not in stored and "s3cret" not in listed and hostile.base in stored


@pytest.mark.timeout(240)
def test_watch_ingests_the_good_feed_every_poll_and_reports_the_poisoned_one(tmp_path, hostile, guard):
    sources = tmp_path / "sources.txt"
    sources.write_text("\n".join([hostile.url("/feed-poisoned"), hostile.url("/feed-malformed"),
                                  hostile.url("/trickle-headers"), hostile.url("/feed-good")]) + "\n")
    db = str(tmp_path / "w.db")
    result = runner.invoke(app, ["watch", str(sources), "--polls", "2", "--every", "1s", "--db", db,
                                 "--allow-loopback"],
                           env={"NEWSFUSE_CONTACT": "probe@example.test", "NEWSFUSE_FETCH_DEADLINE": "3"})
    assert result.exit_code == 1, result.output  # something was rejected
    assert "Traceback" not in result.output
    polls = [line for line in result.output.splitlines() if " sources: " in line]
    assert len(polls) == 2 and all("failed" in line for line in polls), result.output
    assert "text too long for one article" in result.output  # the poisoned feed's huge entry, with its reason
    assert "metadata address (never fetched)" in result.output  # its link to the metadata service
    assert "malformed feed" in result.output
    with __import__("sqlite3").connect(db) as conn:
        titles = {r[0] for r in conn.execute("SELECT title FROM articles")}
    assert {f"Good entry {i} of poll {p}" for i in range(2) for p in (1, 2)} <= titles, result.output  # every poll
    assert "Year zero entry" in titles


@pytest.mark.timeout(120)
def test_a_file_name_that_is_not_utf8_given_on_the_command_line(tmp_path):
    name = os.fsencode(tmp_path) + b"/r\xe9sum\xe9.txt"
    try:
        with open(name, "wb") as handle:
            handle.write(article("Latin-1 name").encode())
    except OSError:
        pytest.skip("this file system accepts only UTF-8 names")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    script = os.fsencode(Path(sys.executable).parent / "newsfuse")
    db = tmp_path / "x.db"
    done = subprocess.run([script, b"ingest", name, b"--db", os.fsencode(db)], capture_output=True, env=env, timeout=110)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr
    with __import__("sqlite3").connect(db) as conn:
        assert [r[0] for r in conn.execute("SELECT path FROM articles")] == [f"{tmp_path}/r\\xe9sum\\xe9.txt"]
