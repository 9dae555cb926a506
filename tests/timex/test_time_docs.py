"""docs/time.md cannot drift: every rule of the grammar and the bench command are documented."""

from __future__ import annotations

from pathlib import Path

from newsfuse.timex.grammar import RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "time.md"


def test_every_rule_is_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = [name for name in RULES if f"`{name}`" not in text]
    assert not missing, f"rules missing from docs/time.md: {missing}"


def test_bench_command_is_documented():
    text = DOC.read_text(encoding="utf-8")
    assert "python -m newsfuse.eval.tempeval" in text
    assert "newsfuse bench time --tempeval" in text
