"""pytest imports test modules outside a package under their file name: two with one name stop the
whole suite from collecting (the per-folder runs of development do not show it)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_no_two_test_modules_outside_a_package_share_a_name():
    loose = [p for p in TESTS.rglob("test_*.py") if not (p.parent / "__init__.py").exists()]
    shared = [name for name, n in Counter(p.name for p in loose).items() if n > 1]
    assert not shared, shared
