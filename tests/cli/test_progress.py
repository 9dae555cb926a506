"""Long commands show a bar with its total, the rate and the time left (never a spinner at '5/?'),
rendered here on a fake terminal in place of the CLI's standard error."""

import io
import re

import pytest
from rich.console import Console
from typer.testing import CliRunner

from newsfuse.cli.main import app

runner = CliRunner()


@pytest.fixture
def terminal(monkeypatch):
    """A terminal console for the progress bar of every command module that draws one."""
    console = Console(file=io.StringIO(), force_terminal=True, width=150, color_system=None)
    for module in ("main", "analysis", "web", "corrections"):
        monkeypatch.setattr(f"newsfuse.cli.{module}.err", console)
    return console


def drawn(console: Console) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", console.file.getvalue())


def bar_of(console: Console, what: str) -> tuple[int, int]:
    """(done, total) of the last frame drawn for `what`, after checking it has a rate and time left."""
    frames = [line for line in drawn(console).splitlines() if what in line]
    assert frames, drawn(console)
    last = frames[-1]
    assert "/?" not in last and re.search(r"[\d.]+/s", last) and "left" in last, last
    done, total = re.search(r"(\d[\d,]*)/(\d[\d,]*)", last).groups()
    return int(done.replace(",", "")), int(total.replace(",", ""))


def test_export_regroup_and_a_correction_draw_a_bar_with_their_totals(demo_db, terminal, tmp_path):
    stories = 8  # the demo corpus's stories
    result = runner.invoke(app, ["export", "--format", "json", "--out", str(tmp_path / "x.json"), "--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    assert bar_of(terminal, "stories exported") == (stories, stories)
    terminal.file.truncate(0)
    result = runner.invoke(app, ["regroup", "--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    done, total = bar_of(terminal, "stories analyzed")
    assert done == total >= stories - 1
    terminal.file.truncate(0)
    result = runner.invoke(app, ["entities", "rename", "NATO", "the Alliance", "--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    done, total = bar_of(terminal, "stories analyzed")
    assert done == total > 0


def test_ingest_counts_its_inputs_first(demo_db, terminal, tmp_path):
    folder = tmp_path / "new"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"Flood in Drevna town number {n}\n\nThe river rose by {n + 2} metres on "
                                         "Monday, the mayor said, and 300 people left their homes.\n")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    assert bar_of(terminal, "articles read") == (3, 3)


def test_work_reported_in_one_step_still_shows_its_rate():
    from newsfuse.present.terminal import progress

    console = Console(file=io.StringIO(), force_terminal=True, width=150, color_system=None)
    with progress(console, total=8) as advance:
        advance("analyzed", 8)  # one batch of stories: too few steps for a moving rate
    assert bar_of(console, "stories analyzed") == (8, 8)
