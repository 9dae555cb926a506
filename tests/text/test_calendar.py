"""One calendar: the tagger, the figures, grouping and metadata give one text the same dates."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.facts.dates import find_dates as fact_dates
from newsfuse.models import Article
from newsfuse.stories.features import featurize
from newsfuse.text import calendar
from newsfuse.text.metadata import infer_published
from newsfuse.timex import TimeTagger, infer_anchor

# Written for this test: a date line, a day without a year, a weekday ahead.
REPORT = ("Dockers strike at the port\n\nTuesday, 28.11.2023.\n\n"
          "On 24 September, 30 dockers walked off the cranes at the container port. "
          "The union said 200 members will meet the owners on Thursday.")


def tagged(text: str, anchor: dt.date) -> dict[str, str]:
    return {text[t.start:t.end]: t.value for t in TimeTagger().tag(text, anchor)}


def test_one_text_gets_one_date_in_metadata_anchor_tagger_grouping_and_figures():
    published = infer_published(REPORT)
    assert published is not None and published.value == "2023-11-28"
    anchor = infer_anchor(REPORT, None)
    assert anchor.date == dt.date(2023, 11, 28)

    values = tagged(REPORT, anchor.date)
    assert values["24 September"] == "2023-09-24"
    assert values["Thursday"] == "2023-11-30"  # "will meet": the coming Thursday

    article = Article(id="a", path="a.txt", raw=REPORT, text=REPORT, title="Dockers strike at the port")
    assert featurize(article).dates == {"2023-09-24": 1}  # without the tagger: the calendar alone
    article.times = TimeTagger().tag(REPORT, anchor.date, article_id="a")
    features = featurize(article)
    assert features.anchor == "2023-11-28"
    assert "2023-09-24" in features.dates and "2023-11-30" in features.dates

    sentence = REPORT[REPORT.index("On 24"):REPORT.index("The union")]
    assert [d.value for d in fact_dates(sentence, 0, anchor.date)] == ["2023-09-24"]


@pytest.mark.slow
def test_figures_as_of_agrees_with_the_tagger():
    from newsfuse.facts import read_facts
    from newsfuse.nlp import parse

    article = Article(id="a", path="a.txt", raw=REPORT, text=REPORT, published="2023-11-28")
    article.times = TimeTagger().tag(REPORT, dt.date(2023, 11, 28), article_id="a")
    (doc,) = parse([REPORT])
    claims = {c.quantity.value: c for c in read_facts(article, doc).claims}
    assert claims[30].as_of == "2023-09-24"
    assert claims[200].as_of == "2023-11-30" and claims[200].planned


@pytest.mark.parametrize(("anchor", "month", "day", "tense", "year"), [
    (dt.date(2023, 11, 27), 9, 24, None, 2023),  # two months back
    (dt.date(2024, 1, 5), 12, 20, None, 2023),  # across New Year, back
    (dt.date(2023, 12, 10), 1, 3, "future", 2024),  # a meeting ahead
    (dt.date(2023, 6, 1), 9, 24, "past", 2022),  # past tense: last September
    (dt.date(2023, 6, 1), 9, 24, None, 2023),  # no tense: the nearer one
    (dt.date(2023, 3, 1), 10, 24, "future", 2023),  # ahead, under ten months
    (dt.date(2023, 3, 1), 12, 24, "future", 2022),  # ten months ahead is too far: last December
])
def test_one_rule_for_a_year_left_out(anchor, month, day, tense, year):
    assert calendar.year_for(anchor, month, day, tense) == year
    ahead = (dt.date(calendar.year_for(anchor, month, day, tense), month, day) - anchor).days
    assert ahead < 300  # never about ten months or more ahead of the anchor


@pytest.mark.parametrize(("text", "value"), [
    ("28. novembra 2023", "2023-11-28"),  # Serbian, Latin script
    ("28. новембра 2023", "2023-11-28"),  # Serbian, Cyrillic script
    ("28. studenoga 2023", "2023-11-28"),  # Croatian
    ("28 nëntor 2023", "2023-11-28"),  # Albanian
    ("28. November 2023", "2023-11-28"),  # German
    ("28 novembre 2023", "2023-11-28"),  # French, Italian
    ("28 de noviembre de 2023", "2023-11-28"),  # Spanish
    ("November 28, 2023", "2023-11-28"),
    ("24 September", "XXXX-09-24"),
])
def test_month_words_of_the_region(text, value):
    (found,) = calendar.find_dates(f"The ministers met on {text} in Brussels.")
    assert found.value == value


def test_weekday_words_of_the_region():
    for word, number in (("četvrtak", 4), ("четвртак", 4), ("srijeda", 3), ("e enjte".split()[1], 4),
                         ("Donnerstag", 4), ("jeudi", 4), ("jueves", 4), ("giovedì", 4), ("Thursday", 4)):
        assert calendar.weekday_number(word) == number, word


def test_no_word_names_two_months_or_two_weekdays():
    from newsfuse.text.calendar_words import CALENDAR_WORDS

    for kind in ("months", "weekdays"):
        seen: dict[str, int] = {}
        for language, entry in CALENDAR_WORDS.items():
            for key in (kind, kind[:-1] + "_abbreviations"):
                for number, forms in enumerate(entry.get(key, []), start=1):
                    for form in forms:
                        assert seen.setdefault(form, number) == number, (language, form)


def test_a_clock_time_is_not_a_year():
    assert [d.value for d in calendar.find_dates("issued 19 JANUARY, 1815 GMT by the agency")] == ["XXXX-01-19"]
    assert calendar.find_dates("struck at 1653 local time (2153 GMT)", years=True) == []
    assert [d.value for d in calendar.find_dates("founded in 1999 by the council", years=True)] == ["1999"]


def test_the_date_line_detector():
    assert calendar.is_date_line("Utorak, 28. novembra 2023. 14:35") == ("2023-11-28", True)
    assert calendar.is_date_line("05/06/2023") is None  # May or June: a report's date is never a guess
    assert calendar.is_date_line("The ministers met on 28.11.2023 in Brussels.") is None
    lines = calendar.date_lines("Storm hits the coast, 3 March 2024\n\nWaves rose. Roads closed on 2 March 2024.")
    assert [(d.value, d.how) for d in lines] == [("2024-03-03", "headline date")]


def test_a_sentence_that_looks_ahead_gives_the_same_year_everywhere():
    text = "Ferry link agreed\n\nTuesday, 4.7.2023.\n\nThe new ferry would sail for the first time on 10 January."
    anchor = infer_anchor(text, None).date
    assert anchor == dt.date(2023, 7, 4)
    assert tagged(text, anchor)["10 January"] == "2024-01-10"
    assert featurize(Article(id="b", path="b.txt", raw=text, text=text)).dates == {"2024-01-10": 1}
    sentence = text[text.index("The new"):]
    assert [d.value for d in fact_dates(sentence, 0, anchor)] == ["2024-01-10"]
