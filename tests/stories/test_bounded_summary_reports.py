"""A story of more reports than the summary can compare two sentences of (past MAX_COMPARED // 2)
is summarized from the first reports' leads: the matrix of similarities stays MAX_COMPARED wide."""

from __future__ import annotations

from newsfuse.models import Article
from newsfuse.stories import summary
from newsfuse.stories.summary import MAX_COMPARED, select


def _report(number: int) -> Article:
    text = (f"Flood water reached the old mill of Varn on day {number}, the river authority said at noon. "
            f"Volunteers in street {number} carried sandbags to the low houses near the bank of the river.")
    return Article(f"a{number:05d}", "", "", "", text, source=f"Outlet {number % 9}")


def test_thousands_of_reports_compare_no_more_than_the_cap():
    reports = [_report(n) for n in range(MAX_COMPARED + 500)]  # two sentences each: 5,000
    compared = summary._sentences(reports)
    assert len(compared) == MAX_COMPARED
    assert [s.article.id for s in compared[:2]] == [reports[0].id, reports[0].id]  # in the story's order
    chosen = select(reports)
    assert chosen and all(spans[0][0] in {r.id for r in reports} for spans in chosen)


def test_up_to_half_the_cap_every_report_keeps_its_share():
    reports = [_report(n) for n in range(MAX_COMPARED // 2)]
    assert len(summary._sentences(reports)) == MAX_COMPARED
    assert {s.article.id for s in summary._sentences(reports)} == {r.id for r in reports}
