"""Bad input files, records, names and encodings, all in one folder read in one run: each is stored,
rejected with its reason or skipped with its reason, and the good files beside them are all stored."""

from __future__ import annotations

import io
import json

import pytest
from generate import GOOD, REJECTED, SKIPPED, STORED, BODY, cases, unlock, write_cases

from newsfuse.ingest import IngestLimits, RawRecord, read_inputs
from newsfuse.ingest.extract import article_from_record
from newsfuse.ingest.safe import path_label
from newsfuse.models import Article, Rejection


def label_of(folder, case) -> str:
    if not case.name:
        return f"{path_label(folder)}/{case.record}"
    return f"{path_label(folder)}/{path_label(case.name)}{case.record}"


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    """The whole folder through the real pipeline once (spaCy is loaded once for the module)."""
    from newsfuse.pipeline.run import Options, analyze
    from newsfuse.store import Store

    folder = tmp_path_factory.mktemp("probe")
    written = write_cases(folder)
    skipped: list[tuple[str, str]] = []
    try:
        with Store(folder.parent / "probe.db") as store:
            result = analyze([str(folder)], store,
                             Options(limits=IngestLimits(on_skip=lambda path, reason: skipped.append((path, reason)))))
            stored = {a.path: a for a in store.articles()}
            current = store.rejections()
    finally:
        unlock(folder)
    return folder, written, result, stored, skipped, current


def test_there_are_a_hundred_kinds_of_bad_input():
    assert len(cases()) >= 100


@pytest.mark.timeout(240)
def test_every_input_is_stored_rejected_or_skipped_as_expected(probe):
    folder, written, result, stored, skipped, _ = probe
    rejected = {r.path: r.reason for r in result.rejected}
    skips = dict(skipped)
    wrong = []
    for case in written:
        label = label_of(folder, case)
        got = STORED if label in stored else REJECTED if label in rejected else SKIPPED if label in skips else None
        reason = rejected.get(label) or skips.get(label) or ""
        if got != case.expect or (case.reason and case.reason not in reason):
            wrong.append(f"{case.kind}: expected {case.expect} {case.reason!r}, got {got} {reason!r}")
    assert wrong == []
    assert result.exit_code == 1


def test_no_input_is_dropped_silently(probe):
    folder, written, result, stored, skipped, _ = probe
    accounted = set(stored) | {r.path for r in result.rejected} | {p for p, _ in skipped}
    expected = {label_of(folder, c) for c in written}
    assert accounted == expected  # nothing more (a stray record) and nothing less (a silent skip)


def test_no_good_input_is_lost_beside_the_bad_ones(probe):
    folder, _, _, stored, _, _ = probe
    for case in GOOD:
        article = stored[label_of(folder, case)]
        assert "storm wall" in article.text


def test_reasons_are_one_line_and_name_the_step(probe):
    _, _, result, _, _, current = probe
    for rejection in result.rejected:
        assert "\n" not in rejection.reason and "Traceback" not in rejection.reason
        assert len(rejection.reason) < 400
    assert {r.path for r in current} == {r.path for r in result.rejected}  # the store lists what this run rejected


def test_what_is_stored_is_clean_text(probe):
    folder, _, _, stored, _, _ = probe
    for article in stored.values():
        for value in (article.text, article.title, article.path, article.url or "", article.source or ""):
            value.encode("utf-8")  # no lone surrogates
        assert "s3cret" not in (article.url or "")
    creds = stored[f"{path_label(folder)}/creds.json#1"]
    assert creds.url == "https://example.test/quay"
    assert stored[f"{path_label(folder)}/surrogate-source.json#1"].source == "Vela \ufffd Wire"
    sixteen = stored[f"{path_label(folder)}/bom16be.txt"]
    assert sixteen.title == "Quay in UTF-16 BE" and "storm wall" in sixteen.text


def test_a_long_text_is_parsed_in_parts_with_offsets_into_the_whole_text(probe):
    folder, _, _, stored, _, _ = probe
    article = stored[f"{path_label(folder)}/parts.txt"]
    assert len(article.text) > 100_000
    assert article.mentions and article.mentions[-1].start > 100_000  # found in a later part
    for mention in article.mentions:
        assert article.text[mention.start:mention.end] == mention.text


# -- the same checks on records, through the library (no spaCy) ------------------------------------
@pytest.mark.parametrize("data, expect", [
    (b'{"title": "A", "text": "One."}\n{"title": "B", "text": "Two."}\n', ["#1", "#2"]),
    (b'[{"title": "A", "text": "One."}]', ["#1"]),
    (b"[]", "empty JSON array"),
    (b'{"title": "A", "text": ""}', "'text' is empty"),
    (b'[{"a": ' + b"[" * 100_000, "nested too deeply"),
    (b"Plain words on standard input.\n\nAnd a second paragraph.", ["<stdin>"]),
    (b"[Updated] words that are not JSON", ["<stdin>"]),
])
def test_standard_input_is_read_as_json_lines_or_text_as_it_is(data, expect):
    items = list(read_inputs(["-"], stdin=io.BytesIO(data)))
    if isinstance(expect, str):
        assert [type(i) for i in items] == [Rejection] and expect in items[0].reason
    else:
        assert all(isinstance(i, RawRecord) for i in items)
        assert [i.path.removeprefix("<stdin>") or "<stdin>" for i in items] == expect


def test_standard_input_has_the_file_size_limit():
    items = list(read_inputs(["-"], stdin=io.BytesIO(b"x" * 2048), limits=IngestLimits(max_bytes=1024)))
    assert items == [Rejection("<stdin>", "standard input too large (more than 1 KiB; the limit is 1 KiB)")]


def test_a_given_symlink_loop_and_broken_link_say_so(tmp_path):
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "dangling").symlink_to(tmp_path / "gone")
    items = list(read_inputs([str(tmp_path / "loop"), str(tmp_path / "dangling"), str(tmp_path / "missing")]))
    assert [i.reason for i in items] == ["symlink loop (the link leads back to itself)",
                                        "broken symbolic link (its target does not exist)",
                                        "no such file or directory"]


def test_a_hidden_file_named_directly_is_read(tmp_path):
    hidden = tmp_path / ".draft.txt"
    hidden.write_text("Draft\n\n" + BODY)
    [record] = read_inputs([str(hidden)])
    assert isinstance(record, RawRecord)


def test_a_non_utf8_file_name_is_read_and_shown_escaped(tmp_path):
    import os

    name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    try:
        with open(name, "wb") as handle:
            handle.write(("Caf\u00e9 news\n\n" + BODY).encode())
    except OSError:
        pytest.skip("this file system accepts only UTF-8 names")
    items = list(read_inputs([os.fsdecode(tmp_path)]))
    assert [i.path for i in items] == [f"{tmp_path}/caf\\xe9.txt"]
    article = article_from_record(items[0])
    assert isinstance(article, Article) and article.path.encode("utf-8")




def test_any_exception_while_making_an_article_is_that_records_rejection():
    record = RawRecord(path="x.html", identity="x", body="<p>hi</p>", kind="html")
    record.body = None  # a bug anywhere below (HTML extraction here) must not escape
    rejection = article_from_record(record)
    assert isinstance(rejection, Rejection) and rejection.path == "x.html"
    assert "failed: TypeError" in rejection.reason and "\n" not in rejection.reason


def test_json_report_of_a_probe_run_is_valid_json(probe):
    _, _, result, _, _, _ = probe
    json.dumps([r.reason for r in result.rejected])
