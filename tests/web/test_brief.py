"""The brief says nothing the articles do not say, cites every outlet that says it, and is the same every time."""

import html
import re

import pytest
from webstores import FLOOD, XSS, build_store, hostile_analysis, hostile_reports

from newsfuse.present.brief import brief_dict, build_brief, render_html, render_html_page, render_markdown, summarize
from newsfuse.store import Store


@pytest.fixture
def flood(small_db):
    path, made = small_db
    with Store(path) as store:
        yield store, store.story("s-flood"), made["s-flood"]


def test_every_summary_sentence_is_the_cited_articles_own_text(flood):
    store, story, articles = flood
    texts = {a.id: a.text for a in articles}
    brief = build_brief(store, story)
    assert brief.summary
    for sentence in brief.summary:
        for citation in sentence.citations:
            assert citation.article_id in texts
        own = sentence.citations[0]
        assert " ".join(texts[own.article_id][own.start:own.end].split()) == sentence.text


def test_a_sentence_two_outlets_carry_is_chosen_once_and_cites_both(flood):
    store, story, _ = flood
    brief = build_brief(store, story)
    said_twice = "Mayor Henrike Söllner said the water rose 3.2 metres above normal."
    carrying = [s for s in brief.summary if s.text == said_twice]
    assert len(carrying) == 1, [s.text for s in brief.summary]
    assert {c.outlet for c in carrying[0].citations} >= {"Valley Gazette", "Lowland Courier"}
    assert len(brief.summary) == len({s.text for s in brief.summary})


def test_the_sentence_most_outlets_confirm_comes_first(flood):
    store, story, _ = flood
    first = build_brief(store, story).summary[0]
    assert len({c.outlet for c in first.citations}) >= 2


def test_the_brief_is_deterministic(flood):
    store, story, _ = flood
    assert brief_dict(build_brief(store, story)) == brief_dict(build_brief(store, story))
    assert render_markdown(build_brief(store, story)) == render_markdown(build_brief(store, story))


def test_figures_come_with_status_conflicts_first_and_values_as_said(flood):
    store, story, _ = flood
    figures = build_brief(store, story).figures
    assert [f.status for f in figures] == ["conflicting", "changed", "agreed"]
    evacuated = figures[0]
    assert evacuated.label == "residents evacuated"
    assert [v.text for v in evacuated.values] == ["about 2,300 residents", "more than 2,000 residents"]
    assert [c.outlet for c in evacuated.values[0].citations] == ["Valley Gazette"]
    agreed = figures[2]
    assert {c.outlet for c in agreed.values[0].citations} == {"Valley Gazette", "Lowland Courier"}


def test_timeline_is_in_date_order_with_planned_and_conflicting_dates(flood):
    store, story, _ = flood
    timeline = build_brief(store, story).timeline
    assert [t.date for t in timeline] == ["2023-10", "2023-10-17", "2023-10-18", "2023-10-24"]
    assert [t.planned for t in timeline] == [False, False, False, True]
    assert timeline[1].conflicts == ("2023-10-16",)
    # no evidence offsets: the entry still cites the article it names
    assert [c.outlet for c in timeline[0].citations] == ["Northwind Agency"]


def test_markdown_cites_each_sentence_and_has_the_three_parts(flood):
    store, story, _ = flood
    text = render_markdown(build_brief(store, story))
    summary = text.split("## Summary")[1].split("## Key figures")[0]
    lines = [line for line in summary.splitlines() if line.startswith("- ")]
    assert lines and all(re.search(r"(?<!\\)\[[^\]]+(?<!\\)\]$", line) for line in lines)  # "[Valley Gazette]"
    assert "\\[" not in text
    assert text.index("## Summary") < text.index("## Key figures") < text.index("## Timeline")
    assert "| residents evacuated | conflicting |" in text
    assert "**24 October 2023** (planned)" in text
    assert text.splitlines()[2].startswith("_17–18 October 2023 · 3 outlets: ")  # the span as a reader writes it
    assert "about 2,300 residents" in text


def test_html_brief_links_citations_to_the_sentence(flood):
    store, story, articles = flood
    brief = build_brief(store, story)
    fragment = render_html(brief, href=lambda c: f"/article/{c.article_id}#c{c.start}-{c.end}")
    first = brief.summary[0].citations[0]
    assert f'href="/article/{first.article_id}#c{first.start}-{first.end}"' in fragment
    page = render_html_page(brief)
    assert page.startswith("<!doctype html>") and 'id="src-' in page


def test_hostile_text_is_inert_in_markdown_and_html(tmp_path):
    path, made = build_store(tmp_path / "h.db", {"s-h": hostile_reports()}, analysis={"s-h": hostile_analysis})
    with Store(path) as store:
        brief = build_brief(store, store.story("s-h"))
    markdown = render_markdown(brief)
    assert not re.search(r"(?<!\\)[<>]", markdown), "an unescaped angle bracket reached the Markdown"
    assert "\\<script\\>" in markdown
    page = render_html_page(brief)
    assert "<script>" not in page and "<img" not in page
    assert html.escape(XSS) in page


def test_a_story_of_one_article_still_gets_a_summary():
    from webstores import article_from

    article = article_from(FLOOD[0])
    sentences = summarize([article])
    assert sentences and all(s.citations[0].article_id == article.id for s in sentences)


def test_markdown_escapes_only_what_would_become_markup():
    from newsfuse.present.brief import md_cite, md_escape

    assert md_cite("Beta") == "[Beta]"  # not \[Beta\]
    for plain in ("3.5%", "-5°C", "(AP) said", "#hashtag", "Q&A!", "1990s"):
        assert md_escape(plain) == plain
    assert md_escape("# Breaking") == "\\# Breaking" and md_escape("- item") == "\\- item"
    assert md_escape("12. March") == "12\\. March" and md_escape("[x](javascript:1)") == "\\[x\\](javascript:1)"
