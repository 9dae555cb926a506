"""Bad input is normal input: every file or record is either read or rejected with a reason."""

import io
import json

from newsfuse.ingest import IngestLimits, RawRecord, read_inputs
from newsfuse.models import Rejection


def split(items):
    records = [i for i in items if isinstance(i, RawRecord)]
    rejected = [i for i in items if isinstance(i, Rejection)]
    return records, rejected


def test_directory_is_read_recursively_and_every_file_accounted_for(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b").mkdir()
    (tmp_path / "one.txt").write_text("Headline one\n\nA body sentence about a river flood.\n")
    (tmp_path / "a" / "b" / "two.txt").write_text("Headline two\n\nAnother body about a harbour.\n")
    (tmp_path / "a" / "empty.txt").write_text("")
    (tmp_path / "a" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    records, rejected = split(list(read_inputs([str(tmp_path)])))
    assert sorted(r.body.split("\n")[0] for r in records) == ["Headline one", "Headline two"]
    assert {r.reason for r in rejected} == {"empty file", "binary file"}


def test_missing_path_and_oversized_file_are_rejected_with_reasons(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 300_000)
    records, rejected = split(list(read_inputs([str(tmp_path / "nope"), str(big)],
                                               limits=IngestLimits(max_bytes=1_000_000))))
    assert not records
    reasons = {r.path: r.reason for r in rejected}
    assert reasons[str(tmp_path / "nope")] == "no such file or directory"
    assert reasons[str(big)] == "file too large (1.4 MiB; the limit is 976.6 KiB)"


def test_file_over_the_limit_is_rejected_without_reading_it(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: no disk used, 300 MiB on stat
    _, rejected = split(list(read_inputs([str(big)])))
    assert [r.reason for r in rejected] == ["file too large (300 MiB; the limit is 64 MiB)"]


def test_latin1_text_is_decoded_and_garbage_bytes_are_rejected(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\u00e9 owners in Priz\u00ebn reopened after the storm.\n".encode("latin-1") * 3)
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes([0x81, 0x8d, 0x8f, 0x90, 0x9d, 0xc3, 0x28, 0xa0, 0xa1]) * 50)
    records, rejected = split(list(read_inputs([str(latin), str(garbage)])))
    assert records and "Caf\u00e9" in records[0].body
    assert [r.path for r in rejected] == [str(garbage)]
    assert rejected[0].reason.startswith(("undecodable bytes", "binary file"))


def test_json_lines_keep_given_metadata_and_reject_bad_records(tmp_path):
    path = tmp_path / "wire.jsonl"
    good = {"title": "Bridge reopens", "text": "The bridge reopened on Monday.", "url": "https://example.org/b",
            "source": "Example Wire", "published": "2023-09-25", "language": "en"}
    lines = [json.dumps(good), "{not json", json.dumps({"title": "no body"}), json.dumps([1, 2]),
             json.dumps({"title": "html one", "html": "<p>Ferry service resumed after repairs.</p>"})]
    path.write_text("\n".join(lines) + "\n")
    records, rejected = split(list(read_inputs([str(path)])))
    assert [(r.title, r.source, r.published, r.kind) for r in records] == [
        ("Bridge reopens", "Example Wire", "2023-09-25", "text"), ("html one", None, None, "html")]
    assert {r.path: r.reason.split(":")[0] for r in rejected} == {
        f"{path}#2": "malformed JSON line",
        f"{path}#3": "JSON record has neither 'text' nor 'html'",
        f"{path}#4": "JSON record is a list, not an object",
    }


def test_malformed_json_document_is_one_rejection(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"title": "a", "text": "b"}, {"title": ')
    records, rejected = split(list(read_inputs([str(path)])))
    assert not records and rejected[0].reason.startswith("malformed JSON")


def test_rss_feed_entries_become_records_with_outlet_and_date(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text("""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>
      <item><title>Quay repaired</title><link>https://example.org/q</link>
        <pubDate>Mon, 25 Sep 2023 10:00:00 GMT</pubDate>
        <description>&lt;p&gt;Workers finished repairing the quay on Sunday.&lt;/p&gt;</description></item>
      <item><title>Only a link</title><link>https://example.org/l</link></item>
    </channel></rss>""")
    records, rejected = split(list(read_inputs([str(path)])))
    assert [(r.title, r.source, r.published, r.url) for r in records] == [
        ("Quay repaired", "Harbour Gazette", "2023-09-25", "https://example.org/q")]
    assert rejected == [Rejection(f"{path}#2", "feed entry has no text (it carries only a link)")]


def test_malformed_feed_is_rejected(tmp_path):
    broken = tmp_path / "bad.rss"
    broken.write_text("<rss><channel><title>x</title></chan")
    truncated = tmp_path / "truncated.rss"
    truncated.write_text("<rss><channel><title>x</title><item><title>unclosed")
    records, rejected = split(list(read_inputs([str(broken), str(truncated)])))
    assert not records
    assert rejected[0].path == str(broken) and rejected[0].reason.startswith("malformed feed")
    # what a lenient parser recovers from a truncated feed is still accounted for, item by item
    assert rejected[1].path == f"{truncated}#1"


def test_standard_input_is_read_and_sniffed():
    records, _ = split(list(read_inputs(["-"], stdin=io.BytesIO(b"<html><body><p>Hi there</p></body></html>"))))
    assert records[0].path == "<stdin>" and records[0].kind == "html"


def test_same_input_gives_same_id_and_different_paths_differ(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nSame body text.")
    (tmp_path / "b.txt").write_text("Title\n\nSame body text.")
    first = [r.article_id for r in read_inputs([str(tmp_path)])]
    second = [r.article_id for r in read_inputs([str(tmp_path)])]
    assert first == second and len(set(first)) == 2


def test_thousands_of_files(tmp_path):
    for i in range(2000):
        (tmp_path / f"{i:04d}.txt").write_text(f"Report {i}\n\nBody {i} about a local council vote.")
    records, rejected = split(list(read_inputs([str(tmp_path)])))
    assert len(records) == 2000 and not rejected
