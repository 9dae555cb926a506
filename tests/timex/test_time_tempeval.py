"""The TempEval-3 reader, scorer and benchmark, on small hand-made TimeML files."""

from __future__ import annotations

import json

import pytest

from newsfuse.errors import InputError
from newsfuse.eval.tempeval import Span, bench_time, main, read_tml, score

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>{docid}</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-06-09" functionInDocument="CREATION_TIME">June 9</TIMEX3></DCT>
<TEXT>
The board <EVENT eid="e1">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="2021-06-08">yesterday</TIMEX3> &amp; \
agreed to wait <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3>. It reports \
<TIMEX3 tid="t3" type="DATE" value="2021-07">in July</TIMEX3>.
</TEXT>
</TimeML>
"""


def write(tmp_path, docid: str = "DOC1"):
    path = tmp_path / f"{docid}.tml"
    path.write_text(TML.format(docid=docid), encoding="utf-8")
    return path


def test_read_tml_keeps_offsets_into_the_plain_text(tmp_path):
    doc = read_tml(write(tmp_path))
    assert doc.dct == "2021-06-09"
    assert "&amp;" not in doc.text and "<" not in doc.text
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("yesterday", "DATE", "2021-06-08"), ("three days", "DURATION", "P3D"), ("in July", "DATE", "2021-07")]
    for t in doc.timexes:
        assert doc.text[t.start:t.end] == t.text


def test_scorer_on_a_known_pair():
    gold = [Span("d", 0, 9, "2021-06-08"), Span("d", 20, 30, "P3D"), Span("d", 40, 47, "2021-07")]
    predicted = [
        Span("d", 0, 9, "2021-06-08"),  # exact, right value
        Span("d", 25, 30, "P2D"),  # overlaps "three days", wrong value
        Span("d", 60, 65, "PRESENT_REF"),  # spurious
    ]
    s = score(gold, predicted)
    assert s["strict_p"] == pytest.approx(1 / 3) and s["strict_r"] == pytest.approx(1 / 3)
    assert s["relaxed_p"] == pytest.approx(2 / 3) and s["relaxed_r"] == pytest.approx(2 / 3)
    assert s["relaxed_f1"] == pytest.approx(2 / 3)
    assert s["value_f1"] == pytest.approx(1 / 3)


def test_relaxed_matching_is_one_to_one():
    gold = [Span("d", 0, 5, "a"), Span("d", 6, 10, "b")]
    predicted = [Span("d", 0, 10, "a")]  # one long prediction over two gold expressions
    s = score(gold, predicted)
    assert s["relaxed_p"] == 1.0 and s["relaxed_r"] == 0.5


def test_bench_time_reads_a_folder(tmp_path, capsys):
    write(tmp_path, "DOC1")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "DOC2")  # folders are searched recursively
    result = bench_time(tmp_path)
    assert result["documents"] == 2
    for key in ("strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1", "value_f1",
                "sentences_per_s"):
        assert key in result
    assert result["relaxed_f1"] > 0.5
    assert {"value_f1[sub]", "value_f1[.]"} <= result.keys()  # scored per folder too
    assert main([str(tmp_path), "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert {"strict_f1", "relaxed_f1", "value_f1"} <= printed.keys()


def test_bench_time_rejects_a_folder_without_timeml(tmp_path):
    with pytest.raises(InputError):
        bench_time(tmp_path)
    assert main([str(tmp_path / "missing")]) == 2


# Measured 2026-12-03: relaxed 0.9487, strict 0.8904, value 0.8241 (TimeBank 0.8431, AQUAINT
# 0.7836); the floors leave a few tenths of a point for changes that trade one case for another.
FLOORS = {"relaxed_f1": 0.944, "strict_f1": 0.886, "value_f1": 0.82,
          "value_f1[TimeBank]": 0.838, "value_f1[AQUAINT]": 0.779}


def test_quality_gate_on_tempeval3_train(tempeval_dir):
    """The scores on the development data may not drop below the pinned floors."""
    result = bench_time(tempeval_dir, repeat=1)
    for key, floor in FLOORS.items():
        assert result[key] >= floor, f"{key} {result[key]:.3f} fell below {floor}"


CAT = """<?xml version="1.0" ?><Document doc_id="1" doc_name="1_Test" lang="en">
<token number="0" sentence="0" t_id="1">Port</token>
<token number="1" sentence="0" t_id="2">reopens</token>
<token number="2" sentence="1" t_id="3">March</token>
<token number="3" sentence="1" t_id="4">01</token>
<token number="4" sentence="1" t_id="5">,</token>
<token number="5" sentence="1" t_id="6">2008</token>
<token number="6" sentence="2" t_id="7">The</token>
<token number="7" sentence="2" t_id="8">port</token>
<token number="8" sentence="2" t_id="9">reopened</token>
<token number="9" sentence="2" t_id="10">yesterday</token>
<token number="10" sentence="2" t_id="11">after</token>
<token number="11" sentence="2" t_id="12">three</token>
<token number="12" sentence="2" t_id="13">days</token>
<token number="13" sentence="2" t_id="14">.</token>
<Markables>
<TIMEX3 functionInDocument="CREATION_TIME" m_id="20" type="DATE" value="2008-03-01">
<token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/>
</TIMEX3>
<TIMEX3 functionInDocument="NONE" m_id="21" type="DATE" value="2008-02-29"><token_anchor t_id="10"/></TIMEX3>
<TIMEX3 functionInDocument="NONE" m_id="22" type="DURATION" value="P3D">
<token_anchor t_id="12"/><token_anchor t_id="13"/>
</TIMEX3>
<TIMEX3 functionInDocument="NONE" m_id="23" type="DATE" value="2058"/>
</Markables>
</Document>
"""


def test_meantime_reader_and_bench_on_a_hand_made_file(tmp_path):
    from newsfuse.eval.tempeval import bench_meantime_time, read_meantime_timexes

    folder = tmp_path / "corpus_test"
    folder.mkdir()
    (folder / "1_Test.xml").write_text(CAT, encoding="utf-8")
    doc, annotated_end = read_meantime_timexes(folder / "1_Test.xml")
    assert doc.dct == "2008-03-01" and annotated_end == len(doc.text)
    # the DCT and a value without text are not expressions to find
    assert [(t.text, t.value) for t in doc.timexes] == [("yesterday", "2008-02-29"), ("three days", "P3D")]
    result = bench_meantime_time(tmp_path)
    assert result["gold"] == 2 and result["predicted"] == 2  # the date line is neither credited nor spurious
    assert result["value_f1"] == 1.0


# Measured 2026-12-03: MEANTIME (60 Wikinews articles, 145 expressions) value 0.788, relaxed 0.927;
# after clock times in UTC carry "Z", value 0.801.
MEANTIME_FLOORS = {"value_f1": 0.795, "relaxed_f1": 0.92}


def test_quality_gate_on_meantime(meantime_dir):
    from newsfuse.eval.tempeval import bench_meantime_time

    result = bench_meantime_time(meantime_dir)
    for key, floor in MEANTIME_FLOORS.items():
        assert result[key] >= floor, f"MEANTIME {key} {result[key]:.3f} fell below {floor}"
