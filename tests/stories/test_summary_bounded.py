"""The summary compares sentences pair by pair; a story too long for that (one 1,000,000-character
article, or hundreds of reports) is summarized from each report's opening sentences, so its memory
stays bounded, and a short story is read whole as before."""

from __future__ import annotations

from newsfuse.models import Article
from newsfuse.stories import summary
from newsfuse.stories.summary import MAX_COMPARED, select


def _report(number: int, sentences: int) -> Article:
    lead = f"Flood water reached the old mill of Varn on day {number}, the river authority said at noon today."
    filler = " ".join(f"Volunteers in street {number}-{k} carried sandbags to the low houses near the bank."
                      for k in range(sentences))
    return Article(f"a{number:04d}", "", "", "", f"{lead} {filler}", source=f"Outlet {number % 7}")


def test_a_story_too_long_to_compare_whole_is_summarized_from_each_reports_opening():
    reports = [_report(n, 40) for n in range(120)]  # 4,920 sentences
    compared = summary._sentences(reports)
    assert len(compared) <= MAX_COMPARED
    assert {s.article.id for s in compared} == {r.id for r in reports}  # every report is heard
    assert all(s.index < MAX_COMPARED // len(reports) for s in compared)  # from its opening
    chosen = select(reports)
    assert chosen and all(span[0][0] in {r.id for r in reports} for span in chosen)


def test_a_story_short_enough_is_read_whole():
    reports = [_report(n, 10) for n in range(5)]
    assert len(summary._sentences(reports)) == sum(len(summary.sentence_spans(r.text)) for r in reports)
