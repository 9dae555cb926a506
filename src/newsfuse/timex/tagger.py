"""The temporal tagger: find time expressions in a text and normalize them to TIMEX3 values.

Rules only by default (compiled regexes and a hand-written normalizer, fast enough for thousands of
sentences a second); given a parsed spaCy `Doc`, its verb tags decide the tense and its DATE/TIME
entities add candidates the rules missed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from newsfuse.models import TimeExpression
from newsfuse.timex.grammar import find_candidates, select
from newsfuse.timex.normalize import Found, Normalizer
from newsfuse.text.tense import Sentences, tense_from_doc, tense_near


class TimeTagger:
    """Finds and normalizes time expressions relative to an anchor date.

    `nlp` is an optional spaCy `Language`; when given, `tag` parses texts it is not handed a `doc`
    for, and uses the parse for tense and for extra candidates (spaCy DATE/TIME entities).
    """

    def __init__(self, nlp=None, *, use_entities: bool = True) -> None:  # noqa: ANN001 - spaCy is optional
        self.nlp = nlp
        self.use_entities = use_entities

    def tag(self, text: str, anchor: dt.date | None, *, article_id: str = "",
            doc=None) -> list[TimeExpression]:  # noqa: ANN001
        """Time expressions of `text`, in order; each points into it (`text[start:end] == expr.text`)."""
        if doc is None and self.nlp is not None:
            doc = self.nlp(text)
        found = self.find(text, anchor, doc=doc)
        return [TimeExpression(article_id, f.start, f.end, text[f.start:f.end], f.type, f.value) for f in found]

    def find(self, text: str, anchor: dt.date | None, *, doc=None) -> list[Found]:  # noqa: ANN001
        sentences = Sentences(text)
        if doc is not None:
            def tense(start: int, end: int) -> str | None:
                return tense_from_doc(doc, start, end)
        else:
            cache: dict[tuple[int, int], str | None] = {}

            def tense(start: int, end: int) -> str | None:
                key = (start, end)
                if key not in cache:
                    cache[key] = tense_near(text, sentences.around(start), start, end)
                return cache[key]

        candidates = find_candidates(text)
        normalizer = Normalizer(text, anchor, tense)
        results: list[Found] = []
        for cand in select(candidates, normalizer.viable):
            results.extend(normalizer.normalize(cand))
        if doc is not None and self.use_entities:
            results = _entity_expressions(results, doc, anchor, tense)
        return results


def _entity_expressions(found: list[Found], doc, anchor: dt.date | None,  # noqa: ANN001
                        tense: Callable[[int, int], str | None]) -> list[Found]:
    """`found` plus the spaCy DATE/TIME entities no rule covered, normalized by dateparser.

    Only entities naming a calendar point (a month or weekday word, or a number next to a word)
    are tried: dateparser reads "two weeks" as a date two weeks ago, which is wrong for a
    duration, and spaCy labels ages ("44") DATE. An entity dateparser cannot read is left out
    rather than given a made-up value.
    """
    if anchor is None:
        return found
    taken = [(f.start, f.end) for f in found]
    extra: list[Found] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME") or not _CALENDAR_RE.search(ent.text):
            continue
        if any(ent.start_char < e and s < ent.end_char for s, e in taken):
            continue
        direction = tense(ent.start_char, ent.end_char)
        value = _dateparser_value(ent.text, anchor, "future" if direction == "future" else "past")
        if value is not None:
            extra.append(Found(ent.start_char, ent.end_char, "TIME" if "T" in value else "DATE", value, "spacy"))
    return sorted(found + extra, key=lambda f: f.start) if extra else found


# A calendar word, or a number with a word next to it ("4 in the morning"); bare numbers are ages.
_CALENDAR_RE = re.compile(r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)"
                          r"|\d+\s+[a-z]{2,}")


@lru_cache(maxsize=64)
def _date_data_parser(anchor: dt.date, prefer: str):  # noqa: ANN202 - dateparser is slow to import
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={
        "PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True,
        "RELATIVE_BASE": dt.datetime.combine(anchor, dt.time(12)),
    })


def _dateparser_value(text: str, anchor: dt.date, prefer: str) -> str | None:
    data = _date_data_parser(anchor, prefer).get_date_data(text)
    when = data.date_obj
    if when is None:
        return None
    if data.period == "year":
        return f"{when.year:04d}"
    if data.period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if data.period == "week":
        iso_year, week, _ = when.isocalendar()
        return f"{iso_year:04d}-W{week:02d}"
    if data.period == "time":
        return when.strftime("%Y-%m-%dT%H:%M")
    return when.date().isoformat()
