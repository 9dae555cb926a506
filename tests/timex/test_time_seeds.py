"""Gold from the seed reports: anchors, normalized values and the story timeline."""

from __future__ import annotations

import datetime as dt

from newsfuse.models import Article, Batch
from newsfuse.pipeline.stages import TimexStage
from newsfuse.timex import build_timeline, infer_anchor

D = dt.date


def value_of(expressions, text: str, phrase: str, occurrence: int = 0) -> str:
    """The value of the expression overlapping the `occurrence`-th `phrase` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    end = start + len(phrase)
    hits = [e for e in expressions if e.start < end and start < e.end]
    assert hits, f"nothing tagged in {phrase!r}"
    return hits[0].value


def test_seed_000_is_anchored_by_its_date_line(tagger, seed_text):
    text = seed_text("000")
    anchor = infer_anchor(text, None)
    assert anchor.date == D(2023, 11, 28)
    assert anchor.inferred
    times = tagger.tag(text, anchor.date)
    assert value_of(times, text, "ministers today") == "2023-11-28"
    assert value_of(times, text, "the day before") == "2023-11-27"


def test_seed_001_anchor_is_the_eve_of_the_meeting(seed_text):
    text = seed_text("001")
    anchor = infer_anchor(text, None, context_anchor=D(2023, 11, 28))
    assert anchor.date == D(2023, 11, 27)
    assert anchor.inferred and "eve" in anchor.how
    # The text gives month and day only: without the story's context the year stays unknown.
    alone = infer_anchor(text, None)
    assert alone.date is None and alone.inferred


def test_seed_001_dates(tagger, seed_text):
    text = seed_text("001")
    times = tagger.tag(text, D(2023, 11, 27))
    assert value_of(times, text, "November 28") == "2023-11-28"
    assert value_of(times, text, "and 29") == "2023-11-29"
    assert value_of(times, text, "September 24") == "2023-09-24"
    assert value_of(times, text, "May 29") == "2023-05-29"
    assert value_of(times, text, "Wednesday afternoon") == "2023-11-29TAF"


def test_seed_002_anchor_is_inferred(seed_text):
    text = seed_text("002")
    assert infer_anchor(text, None).date is None
    anchor = infer_anchor(text, None, context_anchor=D(2023, 11, 28))
    assert anchor.inferred and anchor.date is not None
    assert abs((anchor.date - D(2023, 11, 28)).days) <= 3


def test_seed_003_night_of_september_24(tagger, seed_text):
    text = seed_text("003")
    anchor = infer_anchor(text, None)
    assert anchor.date == D(2023, 9, 30)
    times = tagger.tag(text, anchor.date)
    assert value_of(times, text, "the night of September 24").startswith("2023-09-24")


def test_seed_004_june_5(tagger, seed_text):
    text = seed_text("004")
    anchor = infer_anchor(text, None)
    assert anchor.date == D(2023, 6, 13)
    times = tagger.tag(text, anchor.date)
    assert value_of(times, text, "June 5, 2023") == "2023-06-05"


def test_story_timeline_cites_several_outlets_on_27_and_28_november(seed_text):
    articles = [
        Article(id=f"seed-{n}", path=f"seed-{n}.txt", raw=seed_text(n), text=seed_text(n),
                source=f"outlet-{n}", story_id="nato-ministers")
        for n in ("000", "001", "002")
    ]
    TimexStage()(Batch(articles=articles))
    assert all(a.published for a in articles)
    assert all("published" in a.inferred for a in articles)
    timeline = build_timeline(articles)
    for day in ("2023-11-27", "2023-11-28"):
        cited = [e for e in timeline if e.date == day and len(e.outlets) > 1]
        assert cited, f"no entry on {day} citing more than one outlet"
        for entry in cited:
            for ev in entry.evidence:
                article = next(a for a in articles if a.id == ev.article_id)
                assert article.text[ev.start:ev.end]


def nato_story(seed_text):
    articles = [
        Article(id=f"seed-{n}", path=f"seed-{n}.txt", raw=seed_text(n), text=seed_text(n),
                source=f"outlet-{n}", story_id="nato-ministers")
        for n in ("000", "001", "002")
    ]
    TimexStage()(Batch(articles=articles))
    return articles


def test_story_timeline_keeps_background_years_off(seed_text):
    articles = nato_story(seed_text)
    timeline = build_timeline(articles)
    assert all(e.kind == "event" for e in timeline)
    assert not [e.date for e in timeline if e.date.startswith(("1999", "2008"))]  # KFOR's founding, independence
    with_background = build_timeline(articles, background=True)
    founding = [e for e in with_background if e.date == "1999"]
    assert founding and founding[0].kind == "background" and "1999" in founding[0].text
    # the article still has the time expression: background is kept off the timeline, not deleted
    assert any(t.value == "1999" for a in articles for t in a.times)


def test_story_timeline_flags_thursday_against_28_and_29_november(seed_text):
    timeline = build_timeline(nato_story(seed_text))
    meeting = next(e for e in timeline if e.date == "2023-11-28")
    assert meeting.conflict
    assert [c.date for c in meeting.conflicts] == ["2023-11-30"]
    assert meeting.conflicts[0].outlets == ["outlet-002"]
    assert meeting.dates_by_outlet["outlet-001"] == ["2023-11-28", "2023-11-29"]
    assert meeting.dates_by_outlet["outlet-002"] == ["2023-11-30"]
    assert any("Thursday" in note for note in meeting.notes)
    assert not any(e.date == "2023-11-30" for e in timeline)  # one entry, the majority's date first


def test_the_banjska_attack_is_one_entry_citing_all_three_outlets(seed_text):
    timeline = build_timeline(nato_story(seed_text))
    (attack,) = [e for e in timeline if e.date == "2023-09-24"]
    assert attack.outlets == ["outlet-000", "outlet-001", "outlet-002"]  # "attack" / "clash ... on Sep 24"
