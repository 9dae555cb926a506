"""Reading a large store stays bounded: search ranks the newest matches only (and says so), the
story list comes a page at a time, and a page's threads are read without listing them all."""

import json

import pytest
from typer.testing import CliRunner

import newsfuse.store as store_module
from newsfuse.cli.main import app
from newsfuse.errors import NotFoundError
from newsfuse.models import Article, Story, Thread
from newsfuse.store import Store


def _article(n: int, text: str, story_id: str | None = None) -> Article:
    return Article(id=f"a{n:03d}", path=f"/in/{n}.txt", raw=text, title=f"Report {n}", text=text,
                   source="Example Wire", published=f"2023-09-{1 + n % 28:02d}", language="en",
                   content_hash=f"h{n}", story_id=story_id)


def _stories_store(path, stories: int = 12) -> Store:
    store = Store(path)
    with store.atomic() as conn:
        made, records, threads = [], [], []
        for s in range(stories):
            # dates repeat and some are missing, so the list order needs its id tie-break
            date = None if s % 5 == 4 else f"2023-10-{1 + s // 3:02d}"
            members = [_article(s * 3 + k, f"Story {s} report {k} on the bridge.", f"s-{s:02d}") for k in range(2)]
            made += members
            records.append(Story(f"s-{s:02d}", f"Story {s}", [a.id for a in members], f"t-{s % 3}", date, date))
        records.append(Story("s-empty", "No articles left", [], "t-0", "2023-01-01", "2023-01-01"))
        threads = [Thread(f"t-{t}", f"Thread {t}", []) for t in range(3)]
        store.add_articles(made, conn)
        store.add_records(records, threads, conn)
    return store


def test_pages_of_stories_follow_each_other_in_list_order(tmp_path):
    with _stories_store(tmp_path / "s.db") as store:
        everything = store.stories()
        assert "s-empty" not in [s.id for s in everything]  # a record without articles is not listed
        pages, after = [], None
        while True:
            page = store.stories(limit=5, after=after)
            if not page:
                break
            pages.append(page)
            after = page[-1].id
        assert [len(p) for p in pages] == [5, 5, 2]
        assert [s for p in pages for s in p] == everything  # same stories, members and order
        with pytest.raises(NotFoundError):
            store.stories(limit=5, after="s-nonexistent")


def test_a_page_reads_only_its_threads(tmp_path):
    with _stories_store(tmp_path / "s.db") as store:
        every = {t.id: t for t in store.threads()}
        assert set(every) == {"t-0", "t-1", "t-2"}
        assert every["t-0"].story_ids == [s.id for s in store.stories() if s.thread_id == "t-0"]
        assert store.threads(["t-1"]) == [every["t-1"]]
        assert store.threads([]) == []
        assert store.thread("t-2") == every["t-2"]


def test_the_story_command_lists_a_page_and_says_how_to_get_the_next(tmp_path):
    path = tmp_path / "s.db"
    _stories_store(path).close()
    runner = CliRunner()
    first = runner.invoke(app, ["stories", "--db", str(path), "--limit", "10"])
    assert first.exit_code == 0, first.output
    assert "More stories follow: newsfuse stories --after " in first.output
    after = first.output.rsplit("--after ", 1)[1].split()[0]
    rest = runner.invoke(app, ["stories", "--db", str(path), "--limit", "10", "--after", after])
    assert rest.exit_code == 0 and "More stories follow" not in rest.output
    listed = lambda out: [line.split()[0] for line in out.splitlines() if line.startswith("  s-")]  # noqa: E731
    with Store(path) as store:  # each page is shown by thread; together they are every story, once
        every = [s.id for s in store.stories()]
        assert sorted(listed(first.output)) == sorted(every[:10]) and sorted(listed(rest.output)) == sorted(every[10:])
    as_json = json.loads(runner.invoke(app, ["stories", "--db", str(path), "--json"]).output)
    assert len(as_json["stories"]) == 12  # the JSON lists every story unless asked for a page


def test_search_ranks_the_newest_matches_and_says_when_more_match(tmp_path, monkeypatch):
    with Store(tmp_path / "s.db") as store:
        with store.atomic() as conn:
            # the word once in old articles, three times in the newest: the old ones rank lower
            store.add_articles([_article(n, ("bridge " * (3 if n >= 6 else 1)) + f"report {n}") for n in range(10)],
                               conn)
        every = store.search("bridge", limit=50)
        assert every.notice == "" and len(every) == 10 and every.matching == 10
        monkeypatch.setattr(store_module, "SEARCH_CANDIDATES", 4)
        bounded = store.search("bridge", limit=50)
        assert sorted(h.article_id for h in bounded) == ["a006", "a007", "a008", "a009"]  # the newest four
        assert [h.article_id for h in bounded] == [h.article_id for h in every if h.article_id in set(
            h.article_id for h in bounded)]  # in the order a full ranking gives them
        assert "newest 4 matching articles (10 match" in bounded.notice
        assert all("\x02" in h.snippet for h in bounded)
        assert store.search("bridge", limit=2) == bounded[:2]
        assert store.search("nowhere").notice == ""


def test_the_search_command_passes_the_notice_on(tmp_path, monkeypatch):
    path = tmp_path / "s.db"
    with Store(path) as store, store.atomic() as conn:
        store.add_articles([_article(n, f"bridge report {n}") for n in range(6)], conn)
    monkeypatch.setattr(store_module, "SEARCH_CANDIDATES", 2)
    runner = CliRunner()
    text = runner.invoke(app, ["search", "bridge", "--db", str(path)])
    assert text.exit_code == 0 and "newest 2 matching articles (6 match" in text.output
    found = json.loads(runner.invoke(app, ["search", "bridge", "--db", str(path), "--json"]).output)
    assert len(found["hits"]) == 2 and "6 match" in found["notice"]


def test_reading_indexes_are_made_when_a_store_opens(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    with Store(path) as store:
        names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert set(store_module.READ_INDEXES) <= names
        plan = " ".join(str(tuple(r)) for r in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM stories s ORDER BY coalesce(date_start, ''), id LIMIT 5"))
        assert "stories_listed" in plan and "TEMP B-TREE" not in plan  # a page is read, not sorted
