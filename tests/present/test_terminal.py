"""What the terminal shows on long runs and in search results."""

import io
import json
import re

from rich.console import Console

from newsfuse.cli.main import count_inputs
from newsfuse.present.report import hit_dict, snippet_matches
from newsfuse.present.terminal import highlighted, progress
from newsfuse.store import SearchHit


def terminal() -> Console:
    return Console(file=io.StringIO(), force_terminal=True, width=120, color_system=None)


def shown(console: Console) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", console.file.getvalue())


def test_the_bar_counts_against_the_total_with_a_rate():
    console = terminal()
    with progress(console, total=40) as advance:
        for _ in range(3):
            advance("read", 10)
    text = shown(console)
    assert "articles read" in text and "30/40" in text and "/s" in text
    assert "/?" not in text


def test_without_a_total_it_counts_and_never_reads_n_of_unknown():
    console = terminal()
    with progress(console, total=None) as advance:
        advance("read", 5)
        advance("analyzed", 2)  # a second kind of work gets its own line
    text = shown(console)
    assert "articles read" in text and "stories analyzed" in text and "/?" not in text


def test_a_total_that_proves_too_small_grows():
    console = terminal()
    with progress(console, total=2) as advance:
        advance("read", 5)
    assert "5/5" in shown(console)


def test_no_bar_when_not_a_terminal():
    with progress(Console(file=io.StringIO()), total=10) as advance:
        assert advance is None


def test_inputs_are_counted_before_the_run(tmp_path):
    (tmp_path / "a.txt").write_text("one article")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>another</p>")
    (tmp_path / "wire.jsonl").write_text("\n".join(json.dumps({"text": f"report {i}"}) for i in range(7)) + "\n\n")
    assert count_inputs([str(tmp_path)]) == 9
    assert count_inputs([str(tmp_path / "a.txt"), "-"]) is None  # standard input: no total
    assert count_inputs(["https://example.org/feed.xml"]) is None


def test_search_snippets_carry_offsets_not_control_characters():
    plain, matches = snippet_matches("… NATO sends \x02troops\x03 to \x02Kosovo\x03 …")
    assert plain == "… NATO sends troops to Kosovo …"
    assert [plain[a:b] for a, b in matches] == ["troops", "Kosovo"]
    hit = hit_dict(SearchHit("a1", "KFOR grows", "Beta", "2023-11-28", "more \x02troops\x03\nfor\tKFOR", "s-1"))
    assert hit["snippet"] == "more troops for KFOR" and hit["matches"] == [[5, 11]]
    assert not any(ord(c) < 32 for c in hit["snippet"])
    text = highlighted("more \x02troops\x03 for KFOR")
    assert text.plain == "more troops for KFOR" and [(s.start, s.end) for s in text.spans] == [(5, 11)]


def test_a_storys_figures_read_as_a_reporter_writes_them():
    from newsfuse.facts.records import Source
    from newsfuse.present import terminal as show
    from newsfuse.store.results import ClaimResult, FactsResult, MeasureResult

    cited = [Source("a1", "…", 0, 1)]
    found = FactsResult(
        claims=[ClaimResult("c1", "soldiers", 1_234_567, unit="EUR", qualifier="about", as_of="XXXX-11-28",
                            sources=cited),
                ClaimResult("c2", "soldiers", [500, 650], qualifier="between", as_of="2023-06", sources=cited)],
        measures=[MeasureResult("m1", "NATO soldiers in Kosovo", "conflicting", claim_ids=["c1", "c2", "gone"])])
    console = terminal()
    show.facts(console, found, {"a1": "Balkan Ledger"})
    text = shown(console)
    assert "conflicting  NATO soldiers in Kosovo" in text
    assert "about €1,234,567  Balkan Ledger · as of 28 November, year unknown" in text  # never 1.23457e+06
    assert "500–650  Balkan Ledger · as of June 2023" in text


def test_a_timeline_shows_the_dates_others_give():
    from newsfuse.present import terminal as show
    from newsfuse.timex import DateConflict, TimelineEntry

    entry = TimelineEntry("XXXX-11-28", "day", "The  meeting\nwas held.", ["a1"], [], ["Balkan Ledger"], planned=True,
                          conflicts=[DateConflict("2023-11-29", "day", ["a2"], ["Herald"], [])])
    console = terminal()
    show.timeline(console, [entry], {"a1": "Balkan Ledger", "a2": "Ibar Valley Herald"})
    text = shown(console)
    assert "28 November, year unknown (planned)  The meeting was held.  — Balkan Ledger" in text
    assert "but 29 November 2023 according to Ibar Valley Herald" in text
