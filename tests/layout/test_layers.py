"""The package reads from the bottom up: every import goes down a layer, none goes up or round.

Layers (docs/layout.md): core records and errors → text → ingest → fetch → nlp → the domain
packages (timex, entities, facts, stories; they do no I/O and import none of each other) → store →
pipeline → present → web, spark → eval (benchmarks) → cli. `newsfuse/__init__.py` is the Python
API on top of everything and may import anything, lazily.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "newsfuse"

LAYERS = {
    "models": 0, "errors": 0, "codec": 0, "version": 0, "demo": 0, "format": 0,
    "text": 1, "ingest": 2, "fetch": 3, "nlp": 4,
    "timex": 5, "entities": 5, "facts": 5, "stories": 5,
    "store": 6, "pipeline": 7, "present": 8, "web": 9, "spark": 9, "eval": 10, "cli": 11,
}
# entry scripts run by other programs (spark-submit loads this file alone)
ENTRY_SCRIPTS = {"newsfuse.spark.submit"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


SOURCES = sorted(PACKAGE.rglob("*.py"))
KNOWN = {module_name(p) for p in SOURCES}


def imports(path: Path) -> list[tuple[str, bool]]:
    """(imported newsfuse module, at module level?) for every import outside `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(), str(path))
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                if child.module.startswith("newsfuse"):
                    subs = [f"{child.module}.{a.name}" for a in child.names if f"{child.module}.{a.name}" in KNOWN]
                    found.extend((m, top) for m in subs or [child.module])
            elif isinstance(child, ast.ImportFrom) and child.level:
                raise AssertionError(f"{path}: relative import; write newsfuse.… in full")
            elif isinstance(child, ast.Import):
                found.extend((alias.name, top) for alias in child.names if alias.name.startswith("newsfuse"))
            inner = top and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            visit(child, inner)

    visit(tree, True)
    return found


def layer_of(module: str) -> tuple[str, int] | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None  # the root package: the API on top
    top = parts[1]
    if top not in LAYERS:
        raise AssertionError(f"{module}: package '{top}' has no layer; add it to LAYERS and docs/layout.md")
    return top, LAYERS[top]




def test_every_module_has_a_layer():
    for path in SOURCES:
        layer_of(module_name(path))


def test_imports_only_go_down():
    wrong = []
    for path in SOURCES:
        here = module_name(path)
        mine = layer_of(here)
        if mine is None or here in ENTRY_SCRIPTS:
            continue
        for target, _ in imports(path):
            theirs = layer_of(target)
            if theirs is None:
                wrong.append(f"{here} imports the root package (import from the module itself)")
            elif theirs[0] != mine[0] and theirs[1] >= mine[1]:
                wrong.append(f"{here} (layer {mine[1]}) imports {target} (layer {theirs[1]})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles():
    graph: dict[str, set[str]] = {}
    known = {module_name(p) for p in SOURCES}
    for path in SOURCES:
        edges = set()
        for target, top in imports(path):
            if not top:
                continue
            while target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            edges.add(target)
        here = module_name(path)
        graph[here] = edges - {here}
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            elif nxt in graph and state.get(nxt) is None:
                walk(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if state.get(node) is None:
            walk(node)


def test_cli_modules_import_in_any_order():
    import importlib
    import subprocess
    import sys

    for first in ("newsfuse.cli.web", "newsfuse.cli.analysis", "newsfuse.cli.spark", "newsfuse.cli.main"):
        done = subprocess.run([sys.executable, "-c", f"import {first}"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    importlib.import_module("newsfuse.cli.main")
