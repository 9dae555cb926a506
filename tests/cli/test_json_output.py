"""Every command that prints results takes `--json` and prints one JSON document that parses.

The commands are found by walking the Typer app, so a new command fails here until it takes `--json`
(and is run below) or is listed, with the reason, among those whose output is something else.
"""

import json

import typer.main
from typer.testing import CliRunner

from newsfuse.cli.main import app

runner = CliRunner()

# command -> why it has no --json (their JSON is `--format json`, or they print no result document)
OTHER_OUTPUT = {
    "watch": "streams what changed at each poll, for as long as it runs",
    "serve": "a web server",
    "export": "writes files in the --format asked, json among them",
    "bench spark": "always prints one JSON object",
}
NEEDS_MORE = {  # take --json but need what the demo store is not: a Spark job's output, Spark itself
    "import": "reads a Spark job's output folder",
    "spark analyze": "runs Apache Spark",
}


def commands() -> dict[str, list[str]]:
    """'stories show' -> its option names, for every command and every group that runs on its own."""
    found: dict[str, list[str]] = {}

    def walk(command, path):
        subcommands = getattr(command, "commands", None)
        if path and (subcommands is None or getattr(command, "invoke_without_command", False)):
            found[" ".join(path)] = [o for p in command.params if p.param_type_name == "option" for o in p.opts]
        for name, sub in (subcommands or {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


def test_every_command_is_accounted_for():
    for name, options in commands().items():
        if name.startswith("bench ") and name not in OTHER_OUTPUT:
            assert "--format" in options, f"`newsfuse {name}` prints figures: give it --format json"
        elif name not in OTHER_OUTPUT:
            assert "--json" in options, f"`newsfuse {name}` prints results but takes no --json"
            assert name in NEEDS_MORE or name in RUN_ORDER, f"`newsfuse {name}`: add it to RUN in this test"


# Run in this order on one copy of the demo store: reads first, then corrections, regroup last.
RUN = [
    ("stories", []), ("stories show", ["{story}"]), ("entities", []), ("entity", ["NATO"]),
    ("timeline", ["{story}"]), ("facts", ["{story}"]), ("events", []), ("quotes", []), ("search", ["Kosovo"]),
    ("brief", ["{story}"]), ("outlets", []), ("rejected", []), ("check", []), ("corrections", []),
    ("stories split", ["{other}", "--articles", "{article}"]), ("stories move", ["{article}", "--to", "{story}"]),
    ("stories merge", ["{story}", "{other}"]), ("corrections undo", ["3"]), ("corrections redo", ["3"]),
    ("entities rename", ["NATO", "the Alliance"]), ("entities merge", ["the Alliance", "KFOR"]),
    ("entities split", ["the Alliance"]), ("regroup", []), ("analyze", ["{file}"]), ("ingest", ["{file}"]),
    ("demo", []),
]
RUN_ORDER = [name for name, _ in RUN]


def test_each_prints_one_json_document_that_parses(demo_db):
    from newsfuse.demo import corpus_dir

    listed = json.loads(runner.invoke(app, ["stories", "--db", str(demo_db), "--json"]).stdout)["stories"]
    story, other = sorted(listed, key=lambda s: -len(s["article_ids"]))[:2]
    values = {"story": story["id"], "other": other["id"], "article": other["article_ids"][-1],
              "file": str(sorted(corpus_dir().iterdir())[0])}
    for name, arguments in RUN:
        args = [*name.split(), *(a.format(**values) for a in arguments)]
        # ingest and analyze take the report's path: '-' writes it on standard output
        json_option = ["--json", "-"] if name in ("ingest", "analyze") else ["--json"]
        store = [] if name == "demo" else ["--db", str(demo_db)]
        result = runner.invoke(app, [*args, *json_option, *store, *(["-q"] if name in ("ingest", "analyze") else [])])
        assert result.exit_code == 0, f"newsfuse {' '.join(args)}: {result.output}"
        try:
            document = json.loads(result.stdout)
        except json.JSONDecodeError as exc:
            raise AssertionError(f"newsfuse {' '.join(args)} --json printed no one JSON document: "
                                 f"{result.stdout[:300]!r}") from exc
        assert isinstance(document, dict) and document, name
