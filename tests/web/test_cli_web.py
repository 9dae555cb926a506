"""`newsfuse brief`, `export`, `serve` and `bench web` as a person types them."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from newsfuse.cli import main as cli
from newsfuse.cli.web import register

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    """The newsfuse CLI with these commands, registered the way cli.py registers them."""
    commands = {c.name or c.callback.__name__ for c in cli.app.registered_commands}
    if "brief" in commands:  # cli.py already calls register()
        return cli.app
    app = typer.Typer()
    bench = typer.Typer()
    app.add_typer(bench, name="bench")
    register(app, bench)
    return app


def test_brief_prints_markdown_with_citations(app, small_db):
    path, _ = small_db
    result = runner.invoke(app, ["brief", "s-flood", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# River bursts its banks in Lindmark")
    assert "## Summary" in result.output and "[Lowland Courier]" in result.output
    assert "\\[" not in result.output  # outlets are cited as a reader writes them, not escaped
    assert "| residents evacuated | conflicting |" in result.output


def test_brief_as_html_and_json(app, small_db, tmp_path):
    path, _ = small_db
    result = runner.invoke(app, ["brief", "s-flo", "--db", str(path), "--format", "html", "--out",
                                 str(tmp_path / "b.html")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<style>" in page and 'class="cite"' in page
    result = runner.invoke(app, ["brief", "s-flood", "--db", str(path), "--format", "json", "--sentences", "2"])
    assert len(json.loads(result.output)["summary"]) == 2
    same = runner.invoke(app, ["brief", "s-flood", "--db", str(path), "--json", "--sentences", "2"])
    assert json.loads(same.output) == json.loads(result.output)  # --json is --format json, as on every command


def test_brief_errors_are_messages_with_exit_code_2(app, small_db, tmp_path):
    path, _ = small_db
    for args in (["brief", "s-nothing", "--db", str(path)], ["brief", "s-flood", "--db", str(path), "--format", "pdf"],
                 ["brief", "s-flood", "--db", str(tmp_path / "missing.db")]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and "error:" in result.output, args
    assert not (tmp_path / "missing.db").exists()


def test_export_writes_and_reports_counts(app, small_db, tmp_path):
    path, _ = small_db
    result = runner.invoke(app, ["export", "--format", "csv", "--out", str(tmp_path / "csv"), "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "4 articles" in result.output and "5 claims" in result.output
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "articles.csv", "claims.csv", "entities.csv", "events.csv", "quotes.csv", "stories.csv", "timeline.csv"]
    result = runner.invoke(app, ["export", "--format", "xml", "--out", str(tmp_path / "x"), "--db", str(path)])
    assert result.exit_code == 2


def test_serve_refuses_a_missing_store_before_listening(app, tmp_path):
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2 and "no store" in result.output


def test_every_command_has_help_with_an_example(app):
    for args in (["brief", "--help"], ["serve", "--help"], ["export", "--help"], ["bench", "web", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and "Example:" in result.output, args
