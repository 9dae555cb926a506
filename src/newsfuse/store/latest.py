"""The schema version this newsfuse writes, known without importing the migrations.

`schema.MIGRATIONS` pulls in the domain packages whose tables it creates (the story and entity
indexes, and through them the calendar's patterns): about a quarter of a second that a command
reading a store already at the latest version does not need. The version is the number of
migrations, read from the list literal in schema.py's source; the migrations themselves are
imported only when a store needs them (`migrations()`).
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path


def migrations() -> list[list[str]]:
    from newsfuse.store.schema import MIGRATIONS

    return MIGRATIONS


@lru_cache(maxsize=1)
def latest_version() -> int:
    """len(schema.MIGRATIONS): counted in the source when MIGRATIONS is a plain list there (it is
    one: migrations are only ever appended), else by importing it."""
    try:
        tree = ast.parse(Path(__file__).with_name("schema.py").read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):  # no source shipped: import it
        return len(migrations())
    if sum(isinstance(n, ast.Name) and n.id == "MIGRATIONS" for n in ast.walk(tree)) != 1:
        return len(migrations())  # changed after its literal (appended to, extended): count what it is
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == "MIGRATIONS" for t in targets):
            value = node.value
            if isinstance(value, ast.List) and not any(isinstance(e, ast.Starred) for e in value.elts):
                return len(value.elts)
            break
    return len(migrations())
