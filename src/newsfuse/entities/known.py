"""Organizations whose names and acronyms the news writes many ways (data/orgs.csv).

The list gives their canonical name ("European Union", with "EU"), their type and the aliases no
rule could link ("France Press" / "AFP"); a nationality before the name ("Palestinian Hamas")
does not hide it.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from newsfuse.entities.normalize import fold

ORGS = Path(__file__).with_name("data") / "orgs.csv"
_DEMONYM_ENDINGS = ("ian", "ish", "ese", "an", "i", "ic")


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, str]]:
    index: dict[str, tuple[str, str]] = {}
    with ORGS.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            entry = (row["name"], row["type"])
            for name in [row["name"], *(row.get("aliases") or "").split(";")]:
                if name.strip():
                    index.setdefault(fold(name), entry)
    return index


def known_org(name: str) -> tuple[str, str] | None:
    """(canonical name, type) of a listed organization the name means, else None."""
    key = fold(name)
    index = _index()
    if key in index:
        return index[key]
    first, _, rest = key.partition(" ")
    if rest and first.endswith(_DEMONYM_ENDINGS) and rest in index and len(rest) >= 4:
        return index[rest]
    return None


def aliases_of(canonical: str) -> list[str]:
    """The folded spellings of a listed organization (canonical first); [] when it is not listed."""
    keys = [key for key, (name, _) in _index().items() if name == canonical]
    return sorted(keys, key=lambda k: (k != fold(canonical), k))
