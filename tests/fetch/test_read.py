"""Fetched pages and feeds become records through the same readers as files."""

import pytest
from localweb import Reply, full_text, html_page, rss

from newsfuse.fetch import decode_page, read_urls
from newsfuse.ingest import RawRecord
from newsfuse.ingest.extract import article_from_record
from newsfuse.models import Rejection

FLOOD = ["Floodwater reached the old town of Drevna on Tuesday night, the mayor said.",
         "Some 120 residents were moved to the sports hall, and the river is expected to peak on Thursday."]
CLASH = ["Twenty-five KFOR soldiers were injured in clashes in Zvecan on Monday, NATO said.",
         "The mission called on both sides to refrain from further violence."]


def split(items):
    return [i for i in items if isinstance(i, RawRecord)], [i for i in items if isinstance(i, Rejection)]


def test_a_page_goes_through_html_extraction(server, fetcher):
    server.route("/drevna-flood", Reply(200, html_page("Drevna evacuates old town", FLOOD).encode(),
                                        {"Content-Type": "text/html; charset=utf-8"}))
    url = server.url("/drevna-flood")
    records, rejected = split(list(read_urls([url], fetcher)))
    assert not rejected and len(records) == 1
    record = records[0]
    assert (record.kind, record.path, record.url) == ("html", url, url)
    article = article_from_record(record)
    assert article.title == "Drevna evacuates old town"
    assert "120 residents" in article.raw


def test_a_feed_gives_its_entries_and_link_only_entries_are_fetched(server, fetcher):
    feed = rss("Valden Gazette", [
        {"title": "Flood reaches Drevna", "link": server.url("/a/flood"), "text": full_text(*FLOOD)},
        {"title": "KFOR soldiers injured in Zvecan", "link": server.url("/a/clash")},  # link only
    ])
    server.route("/feed.rss", Reply(200, feed.encode(), {"Content-Type": "application/rss+xml"}))
    page = html_page("Page headline that the feed overrides", CLASH)
    server.route("/a/clash", Reply(200, page.encode(), {"Content-Type": "text/html"}))
    records, rejected = split(list(read_urls([server.url("/feed.rss")], fetcher)))
    assert not rejected
    assert [r.title for r in records] == ["Flood reaches Drevna", "KFOR soldiers injured in Zvecan"]
    fetched = records[1]
    assert fetched.url == server.url("/a/clash") and fetched.source == "Valden Gazette"
    assert fetched.published == "2023-11-28"
    article = article_from_record(fetched)
    assert article.title == "KFOR soldiers injured in Zvecan"  # the feed's metadata wins over the page's
    assert "Twenty-five KFOR soldiers" in article.raw
    assert server.hits("/a/flood") == 0  # the entry carried its text: its link is not fetched


def test_a_summary_is_not_the_article_its_link_is_fetched(server, fetcher):
    summary = "Twenty-five KFOR soldiers were injured in Zvecan, NATO said."
    feed = rss("Ibar Valley Herald", [
        {"title": "KFOR soldiers injured", "link": server.url("/a/clash"), "text": summary},
        {"title": "Forbidden page", "link": server.url("/private/clash"), "text": summary},
    ])
    server.route("/feed.rss", Reply(200, feed.encode(), {"Content-Type": "application/rss+xml"}))
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}))
    server.route("/a/clash", Reply(200, html_page("Page title", CLASH).encode(), {"Content-Type": "text/html"}))
    records, rejected = split(list(read_urls([server.url("/feed.rss")], fetcher)))
    assert "refrain from further violence" in article_from_record(records[0]).raw  # the page, not the summary
    assert records[0].title == "KFOR soldiers injured"
    assert records[1].body == summary and records[1].url == server.url("/private/clash")
    assert rejected == [Rejection(server.url("/private/clash"),
                                  "forbidden by robots.txt (the feed's summary is used instead)")]


def test_failures_are_rejections_with_reasons(server, fetcher):
    feed = rss("Wire", [{"title": "Dead link", "link": server.url("/a/missing")}])
    server.route("/feed.rss", Reply(200, feed.encode(), {"Content-Type": "application/rss+xml"}))
    server.route("/logo.png", Reply(200, b"\x89PNG\r\n\x1a\n" + bytes(100), {"Content-Type": "image/png"}))
    urls = [server.url("/feed.rss"), server.url("/nothing"), server.url("/logo.png"), "file:///etc/passwd"]
    records, rejected = split(list(read_urls(urls, fetcher)))
    assert not records
    assert {(r.path, r.reason) for r in rejected} == {
        (server.url("/a/missing"), "HTTP 404 Not Found"),
        (server.url("/nothing"), "HTTP 404 Not Found"),
        (server.url("/logo.png"), "not HTML or a feed (content-type image/png)"),
        ("file:///etc/passwd", "unsupported URL scheme 'file'"),
    }


def test_relative_entry_links_are_resolved_against_the_feed(server, fetcher):
    feed = rss("Wire", [{"title": "Relative", "link": "/a/clash"}])
    server.route("/feeds/wire.xml", Reply(200, feed.encode(), {"Content-Type": "text/xml"}))
    server.route("/a/clash", Reply(200, html_page("Clash", CLASH).encode(), {"Content-Type": "text/html"}))
    records, rejected = split(list(read_urls([server.url("/feeds/wire.xml")], fetcher)))
    assert not rejected and records[0].url == server.url("/a/clash")


CYRILLIC = "Мост через реку Ибар открыт в понедельник утром после ремонта, сообщили власти города. " * 3
CZECH = "Povodeň zasáhla staré město Drevna v úterý večer, řekl starosta. Žádné oběti nejsou hlášeny. " * 3
FRENCH = "Le café de la gare a rouvert ses portes après la crue, a déclaré le maire à l'assemblée. " * 3


@pytest.mark.parametrize("body, header, expected", [
    (FRENCH.encode("cp1252"), "utf-8", "cp1252"),  # the header lies: the bytes are not UTF-8
    (FRENCH.encode("utf-8"), "iso-8859-1", "utf-8"),  # a server default that is wrong for UTF-8 bytes
    (CYRILLIC.encode("cp1251"), "windows-1251", "cp1251"),  # a right header is honoured
    (CZECH.encode("iso8859_2"), "iso-8859-2", "iso8859-2"),
    (FRENCH.encode("utf-8"), "no-such-charset", "utf-8"),
])
def test_charset_header_is_honoured_unless_the_bytes_disagree(body, header, expected):
    text, encoding = decode_page(body, header)
    assert encoding == expected
    assert text.split(".")[0] == body.decode(expected).split(".")[0]


def test_meta_charset_is_used_when_the_header_has_none():
    html = html_page("Мост", [CYRILLIC], charset="windows-1251").encode("cp1251")
    text, encoding = decode_page(html, None)
    assert encoding == "cp1251" and "Мост через реку" in text


def test_feed_in_a_legacy_encoding_with_a_wrong_header(server, fetcher):
    feed = rss("Вести", [{"title": "Мост открыт", "link": "http://example.test/1", "text": CYRILLIC * 4}],
               encoding="windows-1251")
    wrong = {"Content-Type": "application/rss+xml; charset=utf-8"}
    server.route("/vesti.rss", Reply(200, feed.encode("cp1251"), wrong))
    records, rejected = split(list(read_urls([server.url("/vesti.rss")], fetcher)))
    assert not rejected
    assert (records[0].title, records[0].source) == ("Мост открыт", "Вести")
    assert "Мост через реку" in records[0].body
    assert records[0].notes["encoding"] == "cp1251"


def test_page_with_wrong_charset_header_is_read_right(server, fetcher):
    page = html_page("Le café rouvre", [FRENCH], charset="windows-1252").encode("cp1252")
    server.route("/cafe", Reply(200, page, {"Content-Type": "text/html; charset=utf-8"}))
    records, _ = split(list(read_urls([server.url("/cafe")], fetcher)))
    assert "Le café de la gare" in article_from_record(records[0]).raw


def test_read_inputs_accepts_urls_next_to_paths(server, fetcher, tmp_path):
    import inspect

    from newsfuse.ingest import read_inputs

    (tmp_path / "local.txt").write_text("Harbour reopens\n\nThe harbour of Vela reopened on Monday.\n")
    server.route("/drevna-flood", Reply(200, html_page("Drevna evacuates", FLOOD).encode(),
                                        {"Content-Type": "text/html"}))
    items = list(read_inputs([str(tmp_path / "local.txt"), server.url("/drevna-flood"), server.url("/gone"),
                              "file:///etc/passwd"],
                             read_urls=lambda urls: read_urls(urls, fetcher)))
    records, rejected = split(items)
    assert [r.path for r in records] == [str(tmp_path / "local.txt"), server.url("/drevna-flood")]
    assert {r.reason for r in rejected} == {"HTTP 404 Not Found", "unsupported URL scheme 'file'"}


def test_a_long_page_is_read_in_parts_that_keep_its_url(server, sleeps):
    from newsfuse.fetch import Fetcher, FetchSettings
    from newsfuse.ingest.parts import PART_CHARS

    paragraphs = [f"{FLOOD[n % 2]} Report line {n} from the river bank." for n in range(3 * PART_CHARS // 100)]
    server.route("/drevna-long", Reply(200, html_page("Drevna flood, the full record", paragraphs).encode(),
                                       {"Content-Type": "text/html; charset=utf-8"}))
    settings = FetchSettings(contact="newsroom@example.org", timeout=2.0, retries=0, allow_loopback=True,
                             per_host_interval=0.0, max_bytes=8 * 1024 * 1024)
    url = server.url("/drevna-long")
    with Fetcher(settings, sleep=sleeps.append) as fetcher:
        records, rejected = split(list(read_urls([url], fetcher)))
    assert not rejected and len(records) >= 3
    parts = [article_from_record(r) for r in records]
    assert [a.title for a in parts] == [f"Drevna flood, the full record (part {n} of {len(parts)})"
                                        for n in range(1, len(parts) + 1)]
    assert {a.url for a in parts} == {url} and len({a.id for a in parts}) == len(parts)
    assert "\n\n".join(a.raw.strip() for a in parts).count("Report line") == len(paragraphs)
