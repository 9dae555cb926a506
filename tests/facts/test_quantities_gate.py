"""Quality gate: figures found on our development set and on the Recognizers-Text specs must not
drop below the floors pinned in quantities_floor.json (scores: `newsfuse bench quantities`).

The floors were measured on the data whose digest they carry: a changed dev set or another
Recognizers-Text commit fails here until the floors are measured again and pinned on purpose.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from newsfuse.eval.quantities import (DEV_SET, HOLDOUT_SET, newsfuse_claims, newsfuse_figures, read_dev, read_specs,
                                     score)

FLOOR = json.loads((Path(__file__).parent / "quantities_floor.json").read_text())
SPECS = Path(__file__).resolve().parents[3] / "shared" / "data" / "recognizers-text"


def test_the_dev_set_is_the_one_the_floors_were_measured_on():
    digest = hashlib.sha256(DEV_SET.read_bytes()).hexdigest()[:16]
    assert digest == FLOOR["dev_sha256_16"], "dev.txt changed: run `newsfuse bench quantities` and pin new floors"
    sentences = read_dev()
    assert len(sentences) >= 300
    assert hashlib.sha256(HOLDOUT_SET.read_bytes()).hexdigest()[:16] == FLOOR["holdout_sha256_16"]


@pytest.mark.slow
@pytest.mark.parametrize("name, path", [("dev", DEV_SET), ("holdout", HOLDOUT_SET)])
def test_news_sentence_scores_stay_above_their_floors(name, path):
    sentences = read_dev(path)
    scores = score(sentences, newsfuse_claims([s.text for s in sentences]))
    for check, floor in FLOOR[name].items():
        assert scores[check]["f1"] >= floor, f"{name} {check} fell to {scores[check]['f1']:.3f} (floor {floor})"


@pytest.mark.skipif(not SPECS.is_dir(), reason="../shared/data/recognizers-text is not here")
def test_recognizers_text_scores_stay_above_their_floors():
    assert (SPECS / "COMMIT").read_text().strip() == FLOOR["recognizers_text_commit"]
    specs = read_specs(SPECS)
    for kind, floors in FLOOR["specs"].items():
        items = specs[kind]
        scores = score(items, newsfuse_figures([s.text for s in items]), tuple(floors))
        for check, floor in floors.items():
            assert scores[check]["f1"] >= floor, f"{kind} {check} fell to {scores[check]['f1']:.3f} (floor {floor})"
    ordinals = specs["ordinal"]
    found = sum(len(f) for f in newsfuse_figures([s.text for s in ordinals]))
    assert found <= FLOOR["ordinal_false_figures_at_most"], f"{found} ordinals read as figures"


def test_a_missing_folder_is_a_clear_error(tmp_path):
    from typer.testing import CliRunner

    from newsfuse.cli.main import app

    result = CliRunner().invoke(app, ["bench", "quantities", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert "Recognizers-Text" in result.output and "Traceback" not in result.output
