"""Documents an older analysis wrote are redone by the next run, found without reading the whole store."""

from newsfuse.pipeline.run import analyze_records
from newsfuse.store import ANALYSIS_VERSION, Store
from newsfuse.store.check import check_store


def _versions(store):
    return {(r[0], r[1]): r[2] for r in store.conn.execute(
        "SELECT scope, key, MIN(version) FROM analysis WHERE scope != 'article' GROUP BY scope, key")}


def test_the_next_run_redoes_what_the_previous_analysis_wrote(store_path):
    with Store(store_path) as store:
        story = max(store.stories(), key=lambda s: len(s.article_ids))
        store.conn.execute("UPDATE analysis SET version = ? WHERE scope = 'story' AND key = ?",
                           (ANALYSIS_VERSION - 1, story.id))
        store.conn.execute("UPDATE analysis SET version = ? WHERE scope = 'thread' AND key = ?",
                           (ANALYSIS_VERSION - 1, story.thread_id))
        stale = check_store(store, full=False)
        assert {(v.rule, v.key) for v in stale} == {("analysis", story.id), ("analysis", story.thread_id)}
        assert all(f"current is {ANALYSIS_VERSION}" in v.message for v in stale)
        result = analyze_records([], store)  # a run with nothing new to read
        assert result.added == 0
        assert set(_versions(store).values()) == {ANALYSIS_VERSION}
        assert check_store(store) == []
        assert store.get_analysis("story", story.id, "timeline")


def test_the_runs_check_reads_no_whole_table(store_path):
    with Store(store_path) as store:
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        check_store(store, full=False)
        store.conn.set_trace_callback(None)
        plans = [" ".join(str(r[3]) for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql))
                 for sql in statements if sql.lstrip().upper().startswith("SELECT")]
        assert plans
        for table in ("articles", "stories", "threads", "analysis", "grp_articles"):
            assert not any(f"SCAN {table}" in plan for plan in plans), plans
