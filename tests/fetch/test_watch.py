"""The watcher against a real local server: only what is new is ingested, and what changed is reported."""

import re
from pathlib import Path

import pytest
from localweb import Reply, conditional, full_text, html_page, rss

from newsfuse.pipeline.run import RunResult
from newsfuse.errors import InputError
from newsfuse.fetch import FetchSettings, Fetcher
from newsfuse.pipeline.changes import diff_facts
from newsfuse.pipeline.watch import (FAILED, NEW, NOT_MODIFIED, UNCHANGED, Watcher, format_report, load_sources,
                                     parse_interval)
from newsfuse.ingest.extract import article_from_record
from newsfuse.models import Rejection, Story
from newsfuse.store import Store

_FIGURE = re.compile(r"(\d+) (residents|soldiers)")


class FakeAnalysis:
    """Stands in for `analyze_records`: stores articles, groups them by topic, and writes the
    facts a facts stage would (one measure per counted noun; outlets disagreeing = conflicting)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls: list[list] = []

    def __call__(self, records):
        self.calls.append(records)
        articles = []
        for record in records:
            article = article_from_record(record)
            article.text = article.raw
            article.story_id = "s-flood" if "flood" in article.title.lower() else "s-clash"
            articles.append(article)
        known = self.store.known_ids(a.id for a in articles)
        with self.store.transaction() as conn:
            added = self.store.add_articles([a for a in articles if a.id not in known], conn)
            for story_id in {a.story_id for a in articles}:
                self.store.put_analysis("story", story_id, "facts", self._facts(story_id), conn)
            stories = {a.story_id: Story(a.story_id, a.story_id, []) for a in self.store.articles(with_details=False)}
            self.store.save_stories(stories.values(), [], conn)
        touched = {a.story_id for a in articles}
        return RunResult(articles, [], added, len(known), [s for s in stories.values() if s.id in touched], [])

    def _facts(self, story_id):
        claims, measures = [], {}
        for article in self.store.articles(story_id=story_id, with_details=False):
            for value, noun in _FIGURE.findall(article.text):
                claim = {"id": f"c{len(claims)}", "measure": noun, "value": int(value), "unit": noun}
                claims.append(claim)
                measures.setdefault(noun, []).append(claim)
        return {"claims": claims, "measures": [
            {"id": f"m-{noun}", "label": f"{noun} affected", "claim_ids": [c["id"] for c in group],
             "status": "conflicting" if len({c["value"] for c in group}) > 1 else "single"}
            for noun, group in measures.items()]}


@pytest.fixture
def watch_store(tmp_path):
    with Store(tmp_path / "watch.db") as opened:
        yield opened


def watcher_for(store, fetcher, lines=None):
    analysis = FakeAnalysis(store)
    clock = iter(range(1_700_000_000, 1_800_000_000, 60)).__next__
    emit = (lines if lines is not None else []).append
    return Watcher(store, fetcher, analysis, clock, lambda seconds: None, emit=emit), analysis


def feed_route(outlet, entries, **options):
    return conditional(lambda: rss(outlet, entries).encode(), "application/rss+xml", **options)


FLOOD_A = {"title": "Flood reaches Drevna", "link": "http://valden.example/1",
           "text": full_text("Floodwater reached the old town of Drevna on Tuesday night, the mayor said.",
                             "Some 120 residents were evacuated to the sports hall before the river peaked.")}
CLASH_B = {"title": "Soldiers injured in Zvecan", "link": "http://lowland.example/1",
           "text": full_text("Clashes in Zvecan left 25 soldiers injured on Monday, NATO said in a statement.",
                             "The mission called on both sides to refrain from further violence in the north.")}
FLOOD_B = {"title": "Drevna flood: more evacuated", "link": "http://lowland.example/2",
           "text": full_text("The flood in Drevna forced 150 residents from their homes, officials said.",
                             "The river is expected to peak on Thursday, and more evacuations may follow.")}


def test_a_feed_that_gains_entries_gives_only_the_new_ones(server, fetcher, watch_store):
    valden, lowland = [FLOOD_A], [CLASH_B]
    server.route("/valden.rss", feed_route("Valden Gazette", valden))
    server.route("/lowland.rss", feed_route("Lowland Courier", lowland))
    sources = [server.url("/valden.rss"), server.url("/lowland.rss")]
    watcher, analysis = watcher_for(watch_store, fetcher)

    first = watcher.poll_once(sources)
    assert [s.outcome for s in first.sources] == [NEW, NEW] and first.added == 2
    assert {c.story_id: c.new_story for c in first.stories} == {"s-flood": True, "s-clash": True}

    quiet = watcher.poll_once(sources)
    assert [s.outcome for s in quiet.sources] == [NOT_MODIFIED, NOT_MODIFIED]
    assert len(analysis.calls) == 1 and quiet.stories == []
    assert all("if-none-match" in h for h in server.headers_of("/lowland.rss")[1:])

    lowland.append(FLOOD_B)
    grown = watcher.poll_once(sources)
    assert [s.outcome for s in grown.sources] == [NOT_MODIFIED, NEW]
    assert [r.title for r in analysis.calls[-1]] == ["Drevna flood: more evacuated"]
    (change,) = grown.stories
    assert change.story_id == "s-flood" and not change.new_story  # joined the existing story
    assert change.new_outlets == ["Lowland Courier"]
    assert [(f.label, f.previous, f.values) for f in change.changed_figures] == [
        ("residents affected", ("120 residents",), ("120 residents", "150 residents"))]
    assert [f.values for f in change.new_conflicts] == [("120 residents", "150 residents")]
    lines = format_report(grown)
    assert "  story s-flood: s-flood" in lines
    assert "    + Drevna flood: more evacuated — Lowland Courier (new outlet)" in lines
    assert "    ! conflict residents affected: 120 residents vs 150 residents" in lines


def test_a_server_without_validators_is_skipped_by_content_hash(server, fetcher, watch_store):
    entries = [FLOOD_A]
    server.route("/plain.rss", lambda request: Reply(200, rss("Valden Gazette", entries).encode(),
                                                     {"Content-Type": "application/rss+xml"}))
    watcher, analysis = watcher_for(watch_store, fetcher)
    assert watcher.poll_once([server.url("/plain.rss")]).sources[0].outcome == NEW
    assert watcher.poll_once([server.url("/plain.rss")]).sources[0].outcome == UNCHANGED
    entries.insert(0, FLOOD_B)  # newest first: positions shift, keys must not
    report = watcher.poll_once([server.url("/plain.rss")])
    assert report.sources[0].new == 1 and [r.title for r in analysis.calls[-1]] == [FLOOD_B["title"]]


def test_a_page_that_changes_is_ingested_again_but_not_for_a_new_ad(server, fetcher, watch_store):
    text = ["Floodwater reached the old town of Drevna on Tuesday night, the mayor said.",
            "Some 120 residents were moved to the sports hall."]
    state = {"text": text, "ad": "Buy shoes"}
    server.route("/live/drevna-flood", lambda request: Reply(200, html_page(
        "Drevna flood live", state["text"], extra=f"<aside>{state['ad']}</aside>").encode(),
        {"Content-Type": "text/html"}))
    url = server.url("/live/drevna-flood")
    watcher, analysis = watcher_for(watch_store, fetcher)
    assert watcher.poll_once([url]).sources[0].outcome == NEW
    state["ad"] = "Buy boots"  # the bytes change, the article does not
    assert watcher.poll_once([url]).sources[0].outcome == UNCHANGED
    state["text"] = text[:1] + ["By Wednesday 180 residents had been moved to the sports hall."]
    changed = watcher.poll_once([url])
    assert changed.sources[0].outcome == NEW and len(analysis.calls) == 2
    (story,) = changed.stories
    assert [(f.previous, f.values) for f in story.changed_figures] == [
        (("120 residents",), ("120 residents", "180 residents"))]


def test_link_only_entries_are_fetched_once_and_failed_links_again_later(server, fetcher, watch_store):
    entries = [{"title": "Flood reaches Drevna", "link": server.url("/a/1")},
               {"title": "Flood: dead link", "link": server.url("/a/missing")}]
    server.route("/links.rss", feed_route("Valden Gazette", entries))
    server.route("/a/1", Reply(200, html_page("x", ["Floodwater reached Drevna; 120 residents left."]).encode(),
                               {"Content-Type": "text/html"}))
    watcher, analysis = watcher_for(watch_store, fetcher)
    first = watcher.poll_once([server.url("/links.rss")])
    assert [r.reason for r in first.rejected] == ["HTTP 404 Not Found"]
    assert watch_store.rejections() == [Rejection(server.url("/a/missing"), "HTTP 404 Not Found")]
    entries.append({"title": "Flood: second report", "link": server.url("/a/2")})
    server.route("/a/2", Reply(200, html_page("y", ["The flood in Drevna moved 150 residents."]).encode(),
                               {"Content-Type": "text/html"}))
    watcher.poll_once([server.url("/links.rss")])
    assert (server.hits("/a/1"), server.hits("/a/2"), server.hits("/a/missing")) == (1, 1, 2)
    assert [r.title for r in analysis.calls[-1]] == ["Flood: second report"]


def test_a_restarted_watcher_resumes_where_it_left_off(server, tmp_path):
    server.route("/valden.rss", feed_route("Valden Gazette", [FLOOD_A], etag=False, last_modified=True))
    sources = [server.url("/valden.rss")]
    settings = FetchSettings(per_host_interval=0.0, timeout=0.5, allow_loopback=True)
    with Store(tmp_path / "w.db") as store, Fetcher(settings) as fetcher:
        watcher, _ = watcher_for(store, fetcher)
        assert watcher.poll_once(sources).added == 1
    with Store(tmp_path / "w.db") as store, Fetcher(settings) as fetcher:
        watcher, analysis = watcher_for(store, fetcher)
        report = watcher.poll_once(sources)
        assert report.sources[0].outcome == NOT_MODIFIED and analysis.calls == []
        assert store.count_articles() == 1
    assert "if-modified-since" in server.headers_of("/valden.rss")[-1]


def test_failed_sources_are_reported_and_recover(server, fetcher, watch_store):
    answers = iter([Reply(500, b"", {}), Reply(200, rss("Valden Gazette", [FLOOD_A]).encode(),
                                                 {"Content-Type": "application/rss+xml"})])
    server.route("/flaky.rss", lambda request: next(answers, Reply(503, b"", {})))
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}))
    sources = [server.url("/gone.rss"), server.url("/private/feed.rss"), server.url("/flaky.rss")]
    watcher, _ = watcher_for(watch_store, fetcher)
    report = watcher.poll_once(sources)
    assert [(s.outcome, s.reason) for s in report.sources] == [
        (FAILED, "HTTP 404 Not Found"), (FAILED, "forbidden by robots.txt"), (NEW, None)]
    assert watcher.state.get(server.url("/gone.rss")).failures == 1
    assert {r.reason for r in watch_store.rejections()} == {"HTTP 404 Not Found", "forbidden by robots.txt"}
    watcher.poll_once(sources)
    state = watcher.state.get(server.url("/gone.rss"))
    assert (state.failures, state.last_error) == (2, "HTTP 404 Not Found")
    assert "rejected " + server.url("/gone.rss") + ": HTTP 404 Not Found" in format_report(report)[-2]


def test_ctrl_c_between_polls_stops_cleanly_and_keeps_what_was_polled(server, fetcher, watch_store):
    server.route("/valden.rss", feed_route("Valden Gazette", [FLOOD_A]))
    lines = []
    watcher, _ = watcher_for(watch_store, fetcher, lines)

    def interrupted(seconds):
        raise KeyboardInterrupt

    watcher._sleep = interrupted
    assert watcher.run([server.url("/valden.rss")], every=600) == 1
    assert lines[-1].startswith("stopped after 1 poll;")
    assert watcher.state.get(server.url("/valden.rss")).etag


def test_ctrl_c_during_the_analysis_leaves_the_poll_to_be_done_again(server, fetcher, watch_store):
    server.route("/valden.rss", feed_route("Valden Gazette", [FLOOD_A]))
    lines = []
    watcher, analysis = watcher_for(watch_store, fetcher, lines)
    real = watcher.analyze_fn

    def interrupted(records):
        raise KeyboardInterrupt

    watcher.analyze_fn = interrupted
    assert watcher.run([server.url("/valden.rss")], every=600) == 0
    assert lines == ["stopped after 0 polls; what was polled is saved, and the next run resumes from there"]
    assert watcher.state.get(server.url("/valden.rss")).etag is None  # nothing of the poll was saved
    watcher.analyze_fn = real
    assert watcher.run([server.url("/valden.rss")], every=600, polls=1) == 1
    assert [r.title for r in analysis.calls[-1]] == ["Flood reaches Drevna"]


def test_run_polls_on_the_interval_and_prints_each_poll(server, fetcher, watch_store):
    server.route("/valden.rss", feed_route("Valden Gazette", [FLOOD_A]))
    lines, waits, now = [], [], [1_700_000_000.0]

    def clock():
        now[0] += 10  # every reading of the clock: ten seconds of polling
        return now[0]

    watcher, _ = watcher_for(watch_store, fetcher, lines)
    watcher._clock, watcher._sleep = clock, waits.append
    assert watcher.run([server.url("/valden.rss")], every=600, polls=3) == 3
    assert len(waits) == 2 and all(500 <= w < 600 for w in waits)  # the interval, less the time polling took
    summaries = [line for line in lines if not line.startswith(" ")]
    assert summaries[0].endswith("1 sources: 1 with news, 0 unchanged; 1 articles added")
    assert summaries[1].endswith("1 sources: 0 with news, 1 unchanged; 0 articles added")


def test_sources_file_and_interval(tmp_path):
    listing = tmp_path / "sources.txt"
    listing.write_text("# Kosovo\nhttps://a.example/feed.xml\n\nhttps://a.example/feed.xml\nfile:///etc/passwd\n"
                       "b.example/rss\n  https://c.example/live  # a live page\nhttps://d.example/ x\n")
    urls, rejected = load_sources(listing)
    assert urls == ["https://a.example/feed.xml", "https://c.example/live"]
    assert [(r.path, r.reason) for r in rejected] == [
        (f"{listing}:5", "unsupported URL scheme 'file': file:///etc/passwd"),
        (f"{listing}:6", "not a URL (it has no http:// or https://): b.example/rss"),
        (f"{listing}:8", "unexpected text after the URL (x): https://d.example/")]
    with pytest.raises(InputError):
        load_sources(tmp_path / "missing.txt")
    assert [parse_interval(t) for t in ("90s", "10m", "1h", "45", "1.5m")] == [90, 600, 3600, 45, 90]
    for bad in ("ten minutes", "0s", "-5m"):
        with pytest.raises(InputError):
            parse_interval(bad)


def facts(*measures):
    claims, out = [], []
    for number, (label, values, status) in enumerate(measures):
        ids = []
        for value in values:
            claims.append({"id": f"c{len(claims)}", "measure": label, "value": value})
            ids.append(claims[-1]["id"])
        out.append({"id": f"m{number}", "label": label, "status": status, "claim_ids": ids})
    return {"claims": claims, "measures": out}


def test_facts_diff_names_new_changed_and_conflicting_figures():
    before = facts(("injured", [25], "single"), ("troops", [150], "single"))
    after = facts(("injured", [25, 30], "conflicting"), ("troops", [150], "agreed"), ("dead", [4], "single"))
    new, changed, conflicts = diff_facts(before, after)
    assert [(f.label, f.values) for f in new] == [("dead", ("4",))]
    assert [(f.label, f.previous, f.values) for f in changed] == [("injured", ("25",), ("25", "30"))]
    assert [f.label for f in conflicts] == ["injured"]
    assert diff_facts(after, after) == ([], [], [])
    assert diff_facts(None, None) == ([], [], [])


@pytest.mark.slow
def test_watch_with_the_real_pipeline_joins_a_reprint_to_its_story_and_reports_its_new_figure(server, tmp_path):
    from newsfuse.pipeline.run import Options, analyze_records

    corpus = Path(__file__).resolve().parents[2] / "src" / "newsfuse" / "demo" / "corpus"
    wire = (corpus / "16_lowland-courier_lindmark-flood-toll.txt").read_text(encoding="utf-8")
    title, _, body = wire.partition("\n")
    html = "".join(f"<p>{p.strip()}</p>" for p in body.split("\n\n") if p.strip())
    original = {"title": title.strip(), "link": server.url("/a/1"), "text": html}
    update = ("<p>Update: by Friday evening the regional authority said 3,500 people had been evacuated from "
              "Lindmark, far more than first reported.</p>")
    reprint = {"title": title.strip(), "link": server.url("/b/1"),
               "text": update + html + "<p>(Reprinted with permission.)</p>"}
    lowland, harbour = [original], [{"title": "Unrelated: harbour fair opens", "link": server.url("/b/0"),
                                     "text": "The harbour fair in Vela opened on Saturday with 40 stalls."}]
    server.route("/lowland.rss", feed_route("Lowland Courier", lowland))
    server.route("/harbour.rss", feed_route("Harbourline News", harbour))
    sources = [server.url("/lowland.rss"), server.url("/harbour.rss")]
    with Store(tmp_path / "live.db") as store, \
            Fetcher(FetchSettings(per_host_interval=0.0, allow_loopback=True)) as fetcher:
        lines = []
        watcher = Watcher(store, fetcher, lambda records: analyze_records(records, store, Options()), emit=lines.append)
        watcher.poll_once(sources)
        harbour.append(reprint)
        report = watcher.poll_once(sources)
        (change,) = report.stories
        assert not change.new_story and change.new_outlets == ["Harbourline News"]
        assert store.article(change.articles[0].id).story_id == change.story_id
        assert change.changed_figures or change.new_conflicts  # the new evacuation figure is reported
        assert any("3,500" in line for line in format_report(report))


def test_figure_values_read_like_the_report():
    before = {"claims": [{"id": "c1", "value": [10, 20], "unit": "dead", "qualifier": None}],
              "measures": [{"id": "m1", "label": "dead", "status": "single", "claim_ids": ["c1"]}]}
    after = {"claims": [{"id": "c1", "value": [10, 20], "unit": "dead", "qualifier": None},
                        {"id": "c2", "value": 25.0, "unit": "dead", "qualifier": "at_least"}],
             "measures": [{"id": "m1", "label": "dead", "status": "conflicting", "claim_ids": ["c1", "c2"]}]}
    _, changed, _ = diff_facts(before, after)
    assert [(f.previous, f.values) for f in changed] == [(("10–20 dead",), ("10–20 dead", "at least 25 dead"))]


def test_sources_are_fetched_at_the_same_time(server, watch_store):
    import threading

    both = threading.Barrier(2, timeout=2)  # passes only when the two requests are in flight together

    def meeting(outlet, entry):
        def route(request):
            both.wait()
            return Reply(200, rss(outlet, [entry]).encode(), {"Content-Type": "application/rss+xml"})
        return route

    server.route("/a.rss", meeting("Valden Gazette", FLOOD_A))
    server.route("/b.rss", meeting("Lowland Courier", CLASH_B))
    settings = FetchSettings(timeout=5, retries=0, per_host_interval=0.0, allow_loopback=True)
    with Fetcher(settings) as fetcher:
        watcher, _ = watcher_for(watch_store, fetcher)
        report = watcher.poll_once([server.url("/a.rss"), server.url("/b.rss")])
    assert [s.outcome for s in report.sources] == [NEW, NEW]


def test_a_source_that_breaks_reading_or_analysis_is_rejected_alone(server, fetcher, watch_store, monkeypatch):
    from newsfuse.errors import StageError
    from newsfuse.pipeline import watch

    server.route("/good.rss", feed_route("Valden Gazette", [FLOOD_A]))
    server.route("/odd.rss", feed_route("Odd Times", [FLOOD_B]))
    server.route("/poison.rss", feed_route("Lowland Courier", [CLASH_B]))
    real_read = watch.read_result

    def read(label, result):
        if label.endswith("/odd.rss"):
            raise RecursionError("maximum recursion depth exceeded")
        return real_read(label, result)

    monkeypatch.setattr(watch, "read_result", read)
    watcher, analysis = watcher_for(watch_store, fetcher)
    real_analysis = watcher.analyze_fn

    def analyze(records):
        if any("Zvecan" in (r.title or "") for r in records):
            raise StageError("nlp", None, None, ValueError("[E088] text too long"))
        return real_analysis(records)

    watcher.analyze_fn = analyze
    urls = [server.url("/good.rss"), server.url("/odd.rss"), server.url("/poison.rss")]
    report = watcher.poll_once(urls)
    reasons = {r.path: r.reason for r in report.rejected}
    assert reasons[urls[1]].startswith("poll failed: RecursionError")
    assert reasons[urls[2]].startswith("analysis failed: StageError")
    assert [a.title for a in watch_store.articles()] == ["Flood reaches Drevna"]  # the good source, stored
    assert watcher.state.get(urls[2]).failures == 1  # polled again next time
    assert {r.path for r in watch_store.rejections()} >= {urls[1], urls[2]}
