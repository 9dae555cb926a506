"""Benchmark caches of parsed mentions are keyed by the NLP package's code: a changed rule is re-parsed."""
import shutil
from pathlib import Path

import newsfuse.nlp as nlp


def test_a_changed_rule_gives_another_cache_key(tmp_path, monkeypatch):
    source = Path(nlp.__file__).parent
    for path in source.glob("*.py"):
        shutil.copy(path, tmp_path / path.name)
    real = nlp.code_key()
    monkeypatch.setattr(nlp, "__file__", str(tmp_path / "__init__.py"))
    assert nlp.code_key() == real  # the same code, wherever it is checked out
    ruler = tmp_path / "ruler.py"
    ruler.write_text(ruler.read_text() + "\n# one more rule\n")
    assert nlp.code_key() != real
