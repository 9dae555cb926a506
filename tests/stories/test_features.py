"""What grouping reads from an article: folded names, dates and a serializable record."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.stories.features import StoryFeatures, entity_keys, featurize, find_dates, fold, skeleton

from .conftest import make_article


def keys(text: str, label: str) -> set[str]:
    return {k for k, _ in entity_keys(text, label)}


def test_spelling_variants_of_a_name_share_a_key():
    assert fold("Zveçan") == "zvecan" and fold("Geoană") == "geoana"
    assert skeleton("stoletenberg") == skeleton("stoltenberg")
    assert skeleton("bearbock") == skeleton("baerbock")
    assert keys("Jens Stoltenberg", "PERSON") & keys("Stoletenberg", "PERSON")
    assert keys("ZVEÇAN", "GPE") == keys("Zvecan", "GPE")


def test_short_names_are_not_collapsed_into_one_another():
    assert skeleton("mali") != skeleton("mole")
    assert not keys("Mali", "GPE") & keys("Malta", "GPE")


def test_an_organization_is_found_by_its_acronym():
    assert "nato" in keys("North Atlantic Treaty Organization", "ORG")
    assert "nato" in keys("NATO", "ORG")


def test_explicit_dates_in_many_writings():
    text = "On September 24, 2023, then 28.11.2023, 2023-09-30 10:14, 05 / 02 / 2013, 13 June 2023 and May 29."
    assert [d.value for d in find_dates(text)] == [
        "2023-09-24", "2023-11-28", "2023-09-30", "2013-05-02", "2023-06-13", "--05-29"]


def test_a_date_line_is_the_report_date_and_earlier_dates_are_event_dates():
    article = make_article(
        "a1", "Council meets on water rights",
        "Council meets on water rights\nTuesday, 28.11.2023.\nThe council met two months after the flood "
        "of September 24 that cut the valley's water supply.", [])
    f = featurize(article)
    assert f.anchor == "2023-11-28"
    assert f.dates == {"2023-09-24": 1}  # the year comes from the report date; the date line is no event


def test_a_birthday_in_the_lead_is_not_the_report_date():
    article = make_article("a2", "Pin-up icon dies at 85",
                           "The model died on Thursday in Los Angeles.\nShe was born on April 22, 1923, in Nashville.", [])
    assert featurize(article).anchor is None


def test_published_wins_over_the_text():
    article = make_article("a3", "Title words here", "Body text, dated 2020-01-02 at the top.", [],
                           published="2024-05-06T10:00:00")
    assert featurize(article).anchor == "2024-05-06"


def test_headline_words_and_names_weigh_more_than_body_words():
    article = make_article("a4", "Flood hits Valencia", "Rain fell for days on the coast. Valencia was flooded.",
                           [("Valencia", "GPE")])
    f = featurize(article)
    assert f.terms["flood"] > f.terms["rain"]
    (key,) = keys("Valencia", "GPE")
    assert f.names[key] == 4.0  # one mention: 2 for being in the lead, 2 more for being in the headline


@given(st.dictionaries(st.text(min_size=1), st.floats(0.1, 50)),
       st.dictionaries(st.text(min_size=1), st.floats(0.1, 50)),
       st.lists(st.text(min_size=1)), st.dictionaries(st.text(min_size=1), st.integers(1, 5)),
       st.none() | st.dates().map(lambda d: d.isoformat()), st.text())
def test_features_round_trip_through_bytes(terms, names, places, dates, anchor, title):
    f = StoryFeatures(terms=terms, names=names, places=places, dates=dates, anchor=anchor, title=title)
    assert StoryFeatures.from_bytes(f.to_bytes()) == f
