"""A text too long for one article is read as parts; article ids do not depend on where the corpus lives."""

import shutil
import sys
from pathlib import Path

import pytest

from newsfuse.ingest import RawRecord, read_inputs
from newsfuse.ingest.extract import article_from_record
from newsfuse.ingest.parts import PART_CHARS, part_bounds
from newsfuse.models import Article, Rejection

sys.path.insert(0, str(Path(__file__).parent))
import bigfile  # noqa: E402


def articles(paths):
    items = [article_from_record(r) if isinstance(r, RawRecord) else r for r in read_inputs(paths)]
    assert not [i for i in items if isinstance(i, Rejection)]
    return items


def corpus(root: Path) -> Path:
    (root / "wire" / "day2").mkdir(parents=True)
    (root / "top.txt").write_text("Ferry strike ends\n\nDock workers returned on Monday after a week.\n")
    (root / "wire" / "day2" / "top.txt").write_text("Ferry strike ends\n\nDock workers returned on Monday after a week.\n")
    (root / "wire" / "page.html").write_text("<html><body><article><h1>Bridge reopens</h1><p>The old bridge "
                                             "over the river reopened to traffic after repairs.</p></article>"
                                             "</body></html>")
    return root


def test_the_same_corpus_in_two_folders_gives_the_same_ids(tmp_path):
    first = corpus(tmp_path / "home" / "ana" / "corpus")
    second = tmp_path / "elsewhere" / "copy"
    shutil.copytree(first, second)
    ids_first = [a.id for a in articles([str(first)])]
    ids_second = [a.id for a in articles([str(second)])]
    assert ids_first == ids_second
    assert len(set(ids_first)) == 3  # the same text at two places in the corpus stays two articles
    assert articles([str(first / "wire" / "page.html")])[0].id == articles([str(second / "wire" / "page.html")])[0].id


def test_the_demo_corpus_ids_do_not_depend_on_the_checkout(tmp_path):
    from newsfuse.demo import corpus_dir

    here = [a.id for a in articles([str(corpus_dir())])]
    moved = tmp_path / "some" / "other" / "checkout"
    shutil.copytree(corpus_dir(), moved)
    assert [a.id for a in articles([str(moved)])] == here and len(set(here)) == len(here)


def test_cuts_fall_between_paragraphs_then_sentences_never_inside_a_word():
    paragraphs = "First paragraph here.\n\nSecond one is longer than that.\n\nThird."
    bounds = part_bounds(paragraphs, 40)
    assert [paragraphs[a:b] for a, b in bounds] == ["First paragraph here.\n\n",
                                                    "Second one is longer than that.\n\nThird."]
    one_paragraph = "Alpha beta gamma. Delta epsilon zeta eta. Theta iota kappa lambda mu."
    pieces = [one_paragraph[a:b] for a, b in part_bounds(one_paragraph, 30)]
    assert "".join(pieces) == one_paragraph and all(len(p) <= 30 for p in pieces)
    assert all(p.rstrip().endswith(".") for p in pieces[:-1])  # after a sentence, not mid-sentence
    words = "word " * 20
    assert all(words[a:b].strip().split() == ["word"] * len(words[a:b].split())
               for a, b in part_bounds(words, 12))


def test_a_long_text_file_becomes_titled_parts_that_keep_all_its_text(tmp_path):
    path = tmp_path / "inquiry.txt"
    bigfile.write_text(path, 4 * PART_CHARS)
    parts = articles([str(path)])
    count = len(parts)
    assert 4 <= count <= 9
    assert [a.title for a in parts] == [f"{bigfile.HEADLINE} (part {n} of {count})" for n in range(1, count + 1)]
    assert all(len(a.raw) <= PART_CHARS for a in parts)
    whole = path.read_text()
    assert "".join(a.raw for a in parts) == whole
    assert all(a.raw[0].isalpha() and a.raw.rstrip()[-1] == "." for a in parts)  # never inside a word
    assert len({a.part_of for a in parts}) == 1 and parts[0].part_of not in {a.id for a in parts}
    assert [(a.part_number, a.part_count) for a in parts] == [(n, count) for n in range(1, count + 1)]
    assert len({a.id for a in parts}) == count
    assert [a.id for a in articles([str(path)])] == [a.id for a in parts]  # read again: the same parts


def test_a_long_html_page_becomes_parts_with_the_pages_metadata(tmp_path):
    path = tmp_path / "inquiry.html"
    bigfile.write_html(path, 3 * PART_CHARS)
    parts = articles([str(path)])
    assert len(parts) >= 3
    assert parts[0].title == f"{bigfile.HEADLINE} (part 1 of {len(parts)})"
    assert {(a.source, a.published) for a in parts} == {("Marrow Gazette", "2024-05-16")}
    text = "".join(a.raw for a in parts)
    assert "Home" not in text.split("\n\n")[0] and "tracking" not in text and "All rights reserved" not in text
    assert text.count("\n\n") + 1 == path.read_text().count("<p>") + 1  # every paragraph, and the headline


def test_a_page_too_large_for_trafilatura_is_read_by_the_streaming_parser(tmp_path, monkeypatch):
    from newsfuse.ingest import extract

    monkeypatch.setattr(extract, "STREAMED_HTML_CHARS", PART_CHARS)  # a smaller page stands for a huge one
    path = tmp_path / "inquiry.html"
    bigfile.write_html(path, 3 * PART_CHARS)
    streamed = articles([str(path)])
    monkeypatch.undo()
    assert [(a.title, a.source, a.published) for a in streamed] == [(a.title, a.source, a.published)
                                                                   for a in articles([str(path)])]
    assert "Home" not in streamed[0].raw and "tracking" not in streamed[-1].raw
    assert "page too large for trafilatura" in streamed[0].inferred["text"]


def test_a_short_page_is_one_article_as_before(tmp_path):
    path = tmp_path / "page.html"
    bigfile.write_html(path, PART_CHARS // 2)
    [article] = articles([str(path)])
    assert article.title == bigfile.HEADLINE and article.part_of is None and article.part_count == 0


@pytest.mark.parametrize("kind", ["text", "html"])
def test_a_json_record_with_a_long_text_becomes_parts(tmp_path, kind):
    import json

    body = bigfile.long_text(2 * PART_CHARS)
    if kind == "html":
        body = "<p>" + body.replace("\n\n", "</p><p>") + "</p>"
    (tmp_path / "records.json").write_text(json.dumps([{"title": "Inquiry record", kind: body,
                                                        "source": "Marrow Gazette", "published": "2024-05-16"}]))
    parts = articles([str(tmp_path)])
    assert len(parts) >= 2 and parts[-1].title == f"Inquiry record (part {len(parts)} of {len(parts)})"
    assert {(a.source, a.published) for a in parts} == {("Marrow Gazette", "2024-05-16")}


def test_a_long_run_without_spaces_is_rejected_not_cut_inside_a_word(tmp_path):
    (tmp_path / "oneline.txt").write_text("x" * (3 * PART_CHARS))
    [rejection] = read_inputs([str(tmp_path / "oneline.txt")])
    assert rejection.reason == ("text too long for one article (600,000 characters) and not prose that can be "
                                "read in parts (no space in 200,000 characters; prose is read up to 52,428,800)")


def test_each_file_record_knows_the_id_the_absolute_path_scheme_gave_it(tmp_path):
    import json

    from newsfuse.ingest import read_file

    root = corpus(tmp_path / "corpus")
    (root / "wire" / "two.jsonl").write_text("\n".join(json.dumps({"title": f"Wire {n}", "text": f"Dock news {n}."})
                                                       for n in (1, 2)))
    new = [r for r in read_inputs([str(root)]) if isinstance(r, RawRecord)]
    old = [r for path in sorted(root.rglob("*.*")) for r in read_file(str(path), path)]
    assert sorted(r.former_id for r in new) == sorted(r.article_id for r in old)
    assert not {r.former_id for r in new} & {r.article_id for r in new}


def test_a_feed_entry_too_long_for_an_article_is_rejected_not_cut(tmp_path):
    body = "&lt;p&gt;" + "word " * 240_000 + "&lt;/p&gt;"
    (tmp_path / "feed.rss").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'
                                       f"<item><title>Huge entry</title><description>{body}</description>"
                                       f"<link>http://example.test/huge</link></item></channel></rss>")
    [record] = read_inputs([str(tmp_path / "feed.rss")])
    assert article_from_record(record).reason.startswith("text too long for one article (1,199,999 characters")


def test_a_large_page_with_a_short_text_stays_one_article_with_its_id(tmp_path, monkeypatch):
    from newsfuse.ingest import extract

    script = "<script>" + "var x = 1;\n" * (PART_CHARS // 10) + "</script>"
    html = (f"<html><head><title>Bridge reopens</title>{script}</head><body><article><h1>Bridge reopens</h1>"
            "<p>The old bridge over the river reopened to traffic after repairs.</p></article></body></html>")
    (tmp_path / "page.html").write_text(html)
    calls = []
    real = extract._html_body
    monkeypatch.setattr(extract, "_html_body", lambda page: calls.append(1) or real(page))
    [record] = read_inputs([str(tmp_path / "page.html")])
    article = article_from_record(record)
    assert len(html) > PART_CHARS and article.title == "Bridge reopens" and "reopened to traffic" in article.raw
    assert calls == [1]  # extracted once, when reading
    assert article.id == RawRecord(path="", identity="page.html", body=html, kind="html").article_id


def test_a_text_longer_than_the_parts_cap_is_refused_with_the_cap_in_the_reason(tmp_path):
    from newsfuse.ingest import IngestLimits
    from newsfuse.ingest.parts import MAX_TOTAL_CHARS

    assert MAX_TOTAL_CHARS >= 50_000_000  # a 50 MB transcript is read (issue #21)
    path = tmp_path / "transcript.txt"
    bigfile.write_text(path, 1_000_000 + PART_CHARS)  # the cap lowered, as for a 50 MB text past the default
    [rejection] = read_inputs([str(path)], limits=IngestLimits(max_text_chars=1_000_000))
    size = len(path.read_text())
    assert rejection.reason == (f"text too long ({size:,} characters; newsfuse reads up to 1,000,000 of one input, "
                                f"in parts of 200,000)")


def test_a_text_of_three_million_characters_is_read_as_parts_not_refused(tmp_path):
    path = tmp_path / "inquiry.txt"
    bigfile.write_text(path, 2_990_000)
    records = list(read_inputs([str(path)]))
    assert all(isinstance(r, RawRecord) for r in records) and len(records) >= 15
    assert "".join(r.body for r in records) == path.read_text()
