"""Docs cannot drift: every CLI command has help with an example and is in the README."""

from pathlib import Path

import click
import pytest
import typer

from newsfuse.cli.main import app

README = Path(__file__).resolve().parents[1] / "README.md"


def commands(group: click.Group, prefix: str = "newsfuse"):
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        yield path, command
        if isinstance(command, click.Group):
            yield from commands(command, path)


ALL = list(commands(typer.main.get_command(app)))


def test_there_are_commands():
    assert {"newsfuse analyze", "newsfuse ingest", "newsfuse search", "newsfuse stories", "newsfuse demo"} <= {
        path for path, _ in ALL}


@pytest.mark.parametrize("path, command", ALL, ids=[p for p, _ in ALL])
def test_command_has_help_with_an_example(path, command):
    assert command.help and len(command.help.strip()) > 20
    if not isinstance(command, click.Group) or command.invoke_without_command:
        assert "Example:" in command.help, f"{path} has no example in its help"


@pytest.mark.parametrize("path", [p for p, _ in ALL])
def test_command_is_in_the_readme(path):
    assert f"`{path}" in README.read_text(encoding="utf-8"), f"{path} is missing from the README"


def test_readme_leads_with_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert text.index("make demo") < 1500 and text.index("make test") < 1500
