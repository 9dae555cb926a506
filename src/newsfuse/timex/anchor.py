"""The anchor date of an article: what "today" and "on Tuesday" count from.

The publication date when the input gives one; otherwise inferred from the text, in this order: a
date line ("Tuesday, 28.11.2023.", "2023-09-30 10:14:00", a title ending in a date), the eve of an
event the text dates ("on the eve of the meeting" + "the meeting ... on November 28" -> November
27), the latest full date the text reports as past, and finally the story's other articles
(`context_anchor`). An inferred anchor says so and how it was found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsfuse.models import Article
from newsfuse.text import calendar
from newsfuse.text.calendar import parse_day, report_date, weekday_date, weekday_number, year_for
from newsfuse.text.memo import RUN_TEXTS, per_text
from newsfuse.timex.normalize import Found
from newsfuse.timex.tagger import TimeTagger
from newsfuse.text.tense import Sentences, looks_ahead, tense_near


@dataclass(slots=True, frozen=True)
class Anchor:
    """An article's anchor date; `inferred` when it was not given, `how` says where it came from."""

    date: dt.date | None
    inferred: bool
    how: str

    @property
    def iso(self) -> str | None:
        return self.date.isoformat() if self.date else None


_YEARLESS_RE = re.compile(r"^XXXX-(\d\d)-(\d\d)$")
_EVE_RE = re.compile(
    r"\bthe\s+eve\s+of\s+(?:the\s+)?(?:(?:beginning|start|opening|launch)\s+of\s+(?:the\s+)?)?"
    r"(?:[A-Za-z-]+\s+){0,2}?(?P<noun>meeting|summit|talks|conference|session|vote|election|visit|trial"
    r"|hearing|ceremony|games|match|anniversary|holiday|negotiations|referendum|congress|assembly|strike"
    r"|march|rally|deadline|debate)\b",
    re.I,
)

_tagger = TimeTagger()


def infer_anchor(text: str, published: str | None, context_anchor: dt.date | None = None) -> Anchor:
    """The anchor of an article with `text`, published on `published` if that is known.

    `context_anchor` (e.g. the median anchor of the other articles of the story) supplies the
    year when the text dates things only by month and day, and is the fallback when the text
    dates nothing at all.
    """
    given = _given_anchor(text, published)
    if given is not None and given.date is not None:
        return given
    unreadable = given.how if given is not None else ""
    found = _found(text)
    for finder in (_eve_of_event, _latest_past_date):
        anchor = finder(text, found, context_anchor)
        if anchor is not None:
            return Anchor(anchor.date, True, anchor.how + unreadable)
    if context_anchor is not None:
        return Anchor(context_anchor, True, "story context" + unreadable)
    return Anchor(None, True, "no date in the text" + unreadable)


def _given_anchor(text: str, published: str | None) -> Anchor | None:
    """The anchor the metadata or the report's own date line give (no context can change it); an
    anchor without a date when `published` is unreadable and the text has no date line (its `how`
    says so), None when neither was there to read."""
    unreadable = ""
    if published:
        date = parse_published(published)
        if date is not None:
            return Anchor(date, False, "published")
        unreadable = f" (published value {published!r} unreadable)"
    line = _date_line(text, [], None)
    if line is not None:
        return Anchor(line.date, True, line.how + unreadable)
    return Anchor(None, True, unreadable) if unreadable else None


@per_text(maxsize=4096, max_chars=100_000, held_chars=RUN_TEXTS)  # an undated article is anchored twice (without, then with context)
def _found(text: str) -> list[Found]:
    return _tagger.find(text, None)


def parse_published(published: str) -> dt.date | None:
    """A publication date from metadata: ISO first, then anything dateparser reads."""
    text = published.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    import dateparser  # slow to import; only odd metadata formats need it

    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date() if parsed else None


def _date_line(text: str, found: list[Found], context: dt.date | None) -> Anchor | None:
    """The report's own date line or headline date (`calendar.report_date`, the one detector)."""
    line = report_date(text)
    day = parse_day(line.value) if line else None
    return Anchor(day, True, line.how) if day else None


def _eve_of_event(text: str, found: list[Found], context: dt.date | None) -> Anchor | None:
    """"On the eve of the meeting" + the date the text gives that meeting: the day before it."""
    sentences = Sentences(text)
    for eve in _EVE_RE.finditer(text):
        noun = eve.group("noun").lower()
        eve_sentence = sentences.around(eve.start())
        options: list[tuple[int, dt.date, str]] = []
        for f in found:
            event_day = _event_day(text, f, context)
            if event_day is None:
                continue
            sentence = sentences.around(f.start)
            same = sentence == eve_sentence
            if same and f.start < eve.end():
                continue
            # The event's own date is the one right after a mention of it ("the meeting being
            # held in Brussels on November 28"), not any date of a sentence that names it.
            distance = _distance_after_noun(text, sentence[0], f.start, noun)
            if distance is None:
                continue
            options.append((distance, event_day, text[f.start:f.end]))
        if options:
            options.sort(key=lambda o: (o[0], o[1]))
            _, event_day, phrase = options[0]
            return Anchor(event_day - dt.timedelta(days=1), True,
                          f"eve of the {noun} on {event_day.isoformat()} ({phrase!r})")
    return None


_NOUN_REACH = 80  # characters between "the meeting" and the date that dates it


def _distance_after_noun(text: str, sentence_start: int, date_start: int, noun: str) -> int | None:
    window = text[max(sentence_start, date_start - _NOUN_REACH):date_start].lower()
    at = window.rfind(noun)
    return None if at < 0 else len(window) - at


def _event_day(text: str, found: Found, context: dt.date | None) -> dt.date | None:
    day = parse_day(found.value)
    if day is not None:
        return day
    yearless = _YEARLESS_RE.match(found.value)
    if yearless and context is not None:
        month, day_n = int(yearless.group(1)), int(yearless.group(2))
        try:
            return dt.date(year_for(context, month, day_n, None), month, day_n)
        except ValueError:
            return None
    weekday = weekday_number(text[found.start:found.end])
    if weekday and context is not None:
        return weekday_date(context, weekday, None)
    return None


def _latest_past_date(text: str, found: list[Found], context: dt.date | None) -> Anchor | None:
    """The latest full date of a sentence that does not look ahead: the article is no older."""
    sentences = Sentences(text)
    best: tuple[dt.date, str] | None = None
    for f in found:
        day = parse_day(f.value) or (_event_day(text, f, context) if _YEARLESS_RE.match(f.value) else None)
        weekday = day is None and context is not None and weekday_number(text[f.start:f.end]) is not None
        if day is None and not weekday:
            continue  # no day to read: its tense need not be (most expressions are not days)
        tense = tense_near(text, sentences.around(f.start), f.start, f.end)
        if tense == "future" or looks_ahead(text, f.start, f.end, tense):
            continue  # "will meet on 20 March", "were due to march on 20 March": not yet
        if day is None:
            day = _reported_weekday(text[f.start:f.end], context, tense)
        if day is None:
            continue
        if best is None or day > best[0]:
            best = (day, text[f.start:f.end])
    if best is None:
        return None
    return Anchor(best[0], True, f"latest date reported as past ({best[1]!r})")


def _reported_weekday(word: str, context: dt.date, tense: str | None) -> dt.date | None:
    """The day a bare weekday the text reports names, seen from a borrowed (story) anchor.

    A borrowed anchor is another article's date, and an undated report is often a day later than
    the one it resembles: "announced in Brussels on Wednesday" beside a Tuesday report is the next
    day, not six days before. So the day ahead wins when it is much nearer than the day behind:
    three times nearer in a past-tense sentence, 1.5 times without a tense (as in `year_for`).
    The day behind is no evidence of the article's own date (None): the borrowed anchor stays.
    """
    weekday = weekday_number(word)
    if weekday is None:
        return None
    back = weekday_date(context, weekday, "past")
    ahead = weekday_date(context, weekday, "future")
    factor = 3 if tense == "past" else 1.5
    return ahead if (ahead - context).days * factor < (context - back).days else None


def anchor_articles(articles: Iterable[Article]) -> dict[str, Anchor]:
    """Anchors of a story's articles: first those the metadata or a date line give, then the rest
    with, as context, the anchor of the dated article whose words they share most (the year of a
    bare "November 28", or the date itself when the text dates nothing), among those near which the
    article's own days without a year fall (within `_CONTEXT_FIT_DAYS`)."""
    articles = list(articles)
    anchors: dict[str, Anchor] = {}
    pending: list[Article] = []
    for article in articles:
        # Only a firm anchor is kept from this pass, and only the metadata and the date line give
        # one: the text's other dates wait for the context (inferring them twice was most of the
        # anchor's time).
        anchor = _given_anchor(article.text, article.published)
        if anchor is not None and anchor.date is not None and anchor.how in _FIRM:
            anchors[article.id] = anchor
        else:
            pending.append(article)
    dated = [(a, _words(a.text)) for a in articles if a.id in anchors]
    for article in pending:
        context = None
        if dated:
            words = _words(article.text)
            # A context must fit the article's own dates: "24 September" said near June 13 would
            # be 263 days away, so a June report cannot anchor an article about that attack.
            days = [d for d in calendar.find_dates(article.text) if d.year is None and d.day is not None]
            fitting = [d for d in dated if _fits(days, anchors[d[0].id].date)] or dated
            nearest = max(fitting, key=lambda d: len(words & d[1]) / (len(words | d[1]) or 1))
            context = anchors[nearest[0].id].date
        anchors[article.id] = infer_anchor(article.text, article.published, context)
    return anchors


_CONTEXT_FIT_DAYS = 90  # a day without a year mostly lies within three months of its article's anchor


def _fits(days: list[calendar.CalendarDate], context: dt.date) -> bool:
    for d in days:
        try:
            when = dt.date(calendar.year_for(context, d.month, d.day), d.month, d.day)
        except ValueError:
            continue
        if abs((when - context).days) > _CONTEXT_FIT_DAYS:
            return False
    return True


_FIRM = ("published", "date line", "timestamp", "headline date")
_WORD_RE = re.compile(r"[A-Za-z]{4,}")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD_RE.findall(text)}


__all__ = ["Anchor", "anchor_articles", "infer_anchor", "parse_published"]


def apply_anchor(article: Article, anchor: Anchor) -> None:
    """Record an inferred anchor as the article's publication date, marked as inferred."""
    if anchor.inferred and anchor.date is not None and not article.published:
        article.published = anchor.date.isoformat()
        article.inferred["published"] = anchor.how
