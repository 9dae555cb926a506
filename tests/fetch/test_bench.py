"""The watch benchmark runs end to end on a tiny set (its figures are measured, not tested)."""

from newsfuse.eval.watch import bench_watch


def test_bench_watch_polls_everything_then_nothing():
    figures = bench_watch(feeds=3, entries=4)
    assert figures["full_poll"]["records"] == 12
    assert figures["failed_sources"] == 0 and figures["rejected"] == 0  # no entry's link was followed
    assert figures["unchanged_poll"]["not_modified"] == 3
    assert figures["conditional_requests_only"]["not_modified"] == 3
    assert figures["peak_rss_mb"] > 0
