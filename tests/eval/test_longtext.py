"""`newsfuse bench longtext`: the long input it writes and the per-stage figures it reports."""

import io
import json

from newsfuse.eval import longtext
from newsfuse.eval.longtext import StagePeaks, paragraphs

SENTENCES = [f"Sentence number {i} of the made-up inquiry record, read aloud in the hall." for i in range(40)]


def test_the_long_input_is_about_the_size_asked_and_the_same_for_a_seed():
    first = list(paragraphs(SENTENCES, 50_000, seed=3))
    assert 50_000 <= sum(len(p) + 2 for p in first) < 50_000 + 8 * 80
    assert first == list(paragraphs(SENTENCES, 50_000, seed=3))
    assert first != list(paragraphs(SENTENCES, 50_000, seed=4))
    assert len(set(first)) > len(first) * 0.9  # parts differ, so dedup keeps them


def test_the_written_input_never_exceeds_the_size_asked(tmp_path, monkeypatch):
    # `--mb 50` must stay within the 50 MiB newsfuse reads of one input, not overshoot by a paragraph
    monkeypatch.setattr(longtext, "ecb_sentences", lambda _folder: SENTENCES)
    path = tmp_path / "long.txt"
    written = longtext.write_long_text("unused", path, 50_000, seed=3)
    text = path.read_text(encoding="utf-8")
    assert written == len(text) <= 50_000
    assert written > 50_000 - 8 * 80 - 2


def test_each_stage_is_reported_as_it_ends_with_its_peak_and_cpu():
    log = io.StringIO()
    peaks = StagePeaks(log)
    for stage in ["clean", "nlp", "store", "clean", "nlp", "store", "stories"]:
        peaks(stage)
    peaks(None)
    lines = [json.loads(line) for line in log.getvalue().splitlines()]
    assert [line["stage"] for line in lines] == ["clean", "nlp", "store", "clean", "nlp", "store", "stories"]
    assert set(peaks.peak_mb) == set(peaks.cpu) == {"clean", "nlp", "store", "stories"}
    assert all(line["peak_rss_mb"] > 0 for line in lines)
    assert [line["cpu_seconds"] for line in lines] == sorted(line["cpu_seconds"] for line in lines)
