"""The whole pipeline on the five seeds and on the demo corpus: every figure dated, the troop
figures owned, and no `conflicting` measure a careful reader would not call a conflict (there
is none in either corpus: each figure pair that differs is a part, a subset, a flow or a series)."""

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli.main import app
from newsfuse.present.views import story_facts, thread_facts
from newsfuse.store import Store

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
pytestmark = pytest.mark.slow


def analyzed(tmp_path, *args):
    db = tmp_path / "facts.db"
    result = CliRunner().invoke(app, [*args, "--db" if args[0] == "analyze" else "--keep", str(db)])
    assert result.exit_code == 0, result.output
    store = Store(db)
    documents = [story_facts(store, s) for s in store.stories()]
    documents += [thread_facts(store, t.id) for t in store.threads()]
    return store, documents


@pytest.mark.skipif(len(list(SEEDS.glob("00[0-4]_*.txt"))) < 5, reason="../shared/seeds is not here")
def test_seed_figures_have_a_date_and_troops_an_owner_and_none_conflict(tmp_path):
    store, documents = analyzed(tmp_path, "analyze", str(SEEDS))
    with store:
        claims = [c for d in documents for c in d["claims"]]
        assert {1000, 4500, 4000, 150, 93, 500, 30, 90} <= {c["value"] for c in claims if not isinstance(c["value"], list)}
        assert all(c["as_of"] for c in claims), [c for c in claims if not c["as_of"]]
        for claim in claims:
            if re.search(r"troops|soldiers|battalion", claim["measure"]) and claim["unit"] == "count":
                assert claim["owner"] and claim["owner"]["name"], claim
        assert not [m for d in documents for m in d["measures"] if m["status"] == "conflicting"]


def test_demo_corpus_has_no_false_conflict_and_shows_a_series(tmp_path):
    store, documents = analyzed(tmp_path, "demo")
    with store:
        measures = [m for d in documents for m in d["measures"]]
        assert not [m for m in measures if m["status"] == "conflicting"], \
            [(m["label"], m["reason"]) for m in measures if m["status"] == "conflicting"]
        changed = [m for m in measures if m["status"] == "changed"]
        assert changed and all("→" in m["reason"] for m in changed)



