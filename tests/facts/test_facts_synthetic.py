"""Extraction and cross-checking on small texts written for these tests."""

from newsfuse.facts import CSV_COLUMNS, cross_check, events_csv_rows, facts_to_dicts, read_facts
from newsfuse.facts.measures import status_of
from newsfuse.facts.numbers import parse_quantity
from newsfuse.facts.records import Claim
from newsfuse.models import Article


def analyze(*reports):
    """(id, outlet, published, text) reports -> (articles, per-article facts, story facts)."""
    from newsfuse.nlp import mentions_from_doc, parse

    articles = [Article(id=i, path=f"{i}.txt", raw=t, text=t, source=o, published=p) for i, o, p, t in reports]
    facts = []
    for article, doc in zip(articles, parse(a.text for a in articles)):
        article.mentions = mentions_from_doc(article.id, doc)
        facts.append(read_facts(article, doc))
    story = cross_check(articles, [c for f in facts for c in f.claims], [e for f in facts for e in f.events],
                        [q for f in facts for q in f.quotes])
    return articles, facts, story


def only_claims(text, published="2024-03-01"):
    _, facts, _ = analyze(("a1", "Daily", published, text))
    return facts[0].claims


def test_number_words_are_normalized():
    claims = only_claims("Three soldiers were injured in the ambush. The ministry sent a thousand police officers "
                         "to the capital.")
    values = {c.quantity.value: c for c in claims}
    assert 3 in values and "injured" in values[3].counted
    assert 1000 in values and "police officers" in values[1000].counted


def test_dozens_is_a_vague_twelve():
    claims = only_claims("Dozens of protesters were arrested outside the parliament on Friday.")
    dozens = next(c for c in claims if c.quantity.qualifier == "vague")
    assert dozens.quantity.low == 12 and "protesters" in dozens.counted


def test_ranges_percentages_and_money():
    claims = only_claims("The government will deploy between 200 and 300 troops. About 40% of voters backed the plan. "
                         "The European Union pledged $2.5 million in aid.")
    units = {c.quantity.unit: c for c in claims}
    troops = next(c for c in claims if c.quantity.is_range)
    assert (troops.quantity.low, troops.quantity.high) == (200, 300)
    assert units["percent"].quantity.value == 40 and units["percent"].quantity.qualifier == "about"
    assert units["USD"].quantity.value == 2_500_000


def test_dates_and_ordinals_are_not_claims():
    claims = only_claims("On 12 March 2024 the 5th brigade held its first drill since 2019.")
    assert claims == []


def test_different_figures_for_the_same_day_conflict():
    _, _, story = analyze(
        ("a1", "Alpha", "2024-05-03", "The army deployed 2,000 troops to the border region on Monday."),
        ("a2", "Bravo", "2024-05-04", "The army deployed 3,000 troops to the border region on Monday."),
    )
    measure = next(m for m in story.measures if "troops" in m.label)
    assert measure.status == "conflicting"
    assert measure.conservative.value == 2000  # the lowest credible figure


def test_different_figures_months_apart_are_a_series():
    _, _, story = analyze(
        ("a1", "Alpha", "2024-01-10", "The mission now has 1,200 soldiers in Mali."),
        ("a2", "Bravo", "2024-06-10", "The mission now has 1,500 soldiers in Mali."),
    )
    measure = next(m for m in story.measures if "soldiers" in m.label)  # the label is the sentence's words
    assert measure.status == "changed"
    assert measure.conservative.value == 1500  # the current figure


def test_one_outlet_is_single():
    claim = Claim("a1", 0, 5, 0, 10, "x", "x", parse_quantity("5"), "troops")
    assert status_of([claim, claim], {"a1": "Alpha"}) == "single"


def test_a_quote_carried_by_two_outlets_is_one_quote():
    _, _, story = analyze(
        ("a1", "Alpha", "2024-02-01", "Mayor Jane Doe spoke after the flood. “We will rebuild every house on this "
                                       "street,” Doe said on Tuesday."),
        ("a2", "Bravo", "2024-02-01", "\"We will rebuild every house on this street,\" said Mayor Jane Doe."),
    )
    assert len(story.quotes) == 1
    quote = story.quotes[0]
    assert quote.speaker == "Jane Doe"
    assert {s.article_id for s in quote.sources} == {"a1", "a2"}


def test_surname_and_full_name_are_one_speaker_across_outlets():
    _, _, story = analyze(
        ("a1", "Alpha", "2024-02-01", "\"The talks failed again today,\" said Foreign Minister Ana Kovac."),
        ("a2", "Bravo", "2024-02-01", "\"Talks failed again today,\" Kovac told reporters."),
    )
    assert [q.speaker for q in story.quotes] == ["Ana Kovac"]


def test_the_same_attack_from_two_outlets_is_one_event():
    _, _, story = analyze(
        ("a1", "Alpha", "2024-04-20", "Gunmen attacked a police station in the village of Dolna on April 18, "
                                      "killing two officers."),
        ("a2", "Bravo", "2024-04-21", "Two police officers were killed when armed men stormed a station in Dolna "
                                      "on April 18."),
    )
    attacks = [e for e in story.events if e.type == "attack"]
    assert len(attacks) == 1
    assert set(attacks[0].article_ids) == {"a1", "a2"}
    assert attacks[0].date == "2024-04-18" and attacks[0].fatalities == 2


def test_events_csv_rows_have_exactly_the_acled_like_columns():
    _, _, story = analyze(("a1", "Alpha", "2024-04-20", "Thousands of people protested in Skopje on April 19."))
    rows = events_csv_rows(story.events)
    assert rows
    for row in rows:
        assert list(row) == ["event_date", "event_type", "actor1", "actor2", "location", "latitude", "longitude",
                             "fatalities", "injuries", "notes", "sources"]
        assert tuple(row) == CSV_COLUMNS
    assert rows[0]["event_type"] == "protest" and rows[0]["location"] == "Skopje"
    assert rows[0]["latitude"] is None  # no gazetteer given


def test_report_shape_for_a_range():
    _, _, story = analyze(("a1", "Alpha", "2024-03-01", "Britain sent between 500 and 650 soldiers to Estonia."))
    report = facts_to_dicts(story)
    claim = next(c for c in report["claims"] if isinstance(c["value"], list))
    assert claim["value"] == [500, 650] and claim["qualifier"] == "between"
    assert claim["as_of"] == "2024-03-01"
