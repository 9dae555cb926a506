"""What a user sees when the store is missing, busy or asked for an ambiguous id: one line, exit 2."""

import sqlite3

import pytest
from typer.testing import CliRunner

from newsfuse.cli.main import app
from newsfuse.errors import AmbiguousError, NotFoundError
from newsfuse.models import Story
from newsfuse.store import Store

from .test_store import make_article

runner = CliRunner()

READ_COMMANDS = [
    ["stories"], ["search", "troops"], ["entities"], ["timeline", "s-abcd"], ["facts", "s-abcd"], ["events"],
    ["quotes"], ["brief", "s-abcd"], ["check"], ["stories", "show", "s-abcd"],
]


def one_error_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    return lines[0]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: " ".join(c))
def test_read_commands_never_create_a_store(tmp_path, command):
    missing = tmp_path / "typo.db"
    result = runner.invoke(app, [*command, "--db", str(missing)])
    assert "no store at" in one_error_line(result)
    assert not missing.exists()


def test_export_and_serve_never_create_a_store(tmp_path):
    missing = tmp_path / "typo.db"
    one_error_line(runner.invoke(app, ["export", "--out", str(tmp_path / "x.json"), "--db", str(missing)]))
    pytest.importorskip("fastapi")
    one_error_line(runner.invoke(app, ["serve", "--db", str(missing)]))
    assert not missing.exists()


@pytest.fixture
def two_similar_stories(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as store:
        with store.atomic() as conn:
            store.add_articles([make_article("abcd1111aaaa0000", story_id="s-abcd1111"),
                                make_article("abcd2222bbbb0000", story_id="s-abcd2222")], conn)
            store.upsert_story(Story("s-abcd1111", "Quiet night", [], "t-abcd1111", None, None), conn)
            store.upsert_story(Story("s-abcd2222", "Harbour reopens", [], "t-abcd2222", None, None), conn)
            store.refresh_thread("t-abcd1111", conn)
            store.refresh_thread("t-abcd2222", conn)
    return path


def test_an_ambiguous_prefix_lists_the_candidates(two_similar_stories):
    with Store(two_similar_stories) as store:
        with pytest.raises(AmbiguousError) as caught:
            store.story("s-abcd")
        assert caught.value.candidates == ["s-abcd1111", "s-abcd2222"]
        assert store.story("s-abcd2").id == "s-abcd2222"  # a unique prefix still works
        assert store.story("s-abcd1111").article_ids == ["abcd1111aaaa0000"]
        with pytest.raises(AmbiguousError):
            store.article("abcd")
        assert store.article("abcd2").id == "abcd2222bbbb0000"
        with pytest.raises(AmbiguousError):
            store.thread("t-abcd")
        assert store.thread("t-abcd1").story_ids == ["s-abcd1111"]
        with pytest.raises(NotFoundError):
            store.story("s-a")  # too short to be a prefix
        with pytest.raises(NotFoundError):
            store.story("s-abcd3")
    line = one_error_line(runner.invoke(app, ["timeline", "s-abcd", "--db", str(two_similar_stories)]))
    assert "s-abcd1111" in line and "s-abcd2222" in line


def test_a_busy_store_is_one_line_and_exit_2(tmp_path, monkeypatch):
    path = tmp_path / "busy.db"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    monkeypatch.setenv("NEWSFUSE_BUSY_TIMEOUT", "0.3")
    try:
        result = runner.invoke(app, ["entities", "rename", "Zvečan", "Zvecan", "--db", str(path)])
    finally:
        holder.rollback()
        holder.close()
    line = one_error_line(result)
    assert "busy" in line and "NEWSFUSE_BUSY_TIMEOUT" in line
