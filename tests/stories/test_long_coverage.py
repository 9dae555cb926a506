"""Threads over months: a story that only shares a country or a city with a topic stays out of its
thread, and a development days after an event, dated by its own lead, is a story of its own in
the same thread. Reports written for these tests; every name is invented."""

from __future__ import annotations

from newsfuse.stories.features import featurize

from .conftest import make_article

EPIDEMIC = [("Kelvaria", "GPE"), ("Dorren", "GPE"), ("Marrok", "GPE"), ("Upper Sella", "GPE"),
            ("Ana Sorell", "PERSON"), ("Sorell", "PERSON"), ("World Health Organization", "ORG")]
FOOTBALL = [("Kelvaria", "GPE"), ("Dorren", "GPE"), ("Norland", "GPE"), ("Jonas Pell", "PERSON"),
            ("Milo Farran", "PERSON")]
QUAKE = [("Dalmir", "GPE"), ("Kerrin", "GPE"), ("Ablos", "GPE"), ("Selim Arvan", "PERSON"), ("Emre", "PERSON"),
         ("National Disaster Agency", "ORG")]


def epidemic():
    reports = [
        ("2024-10-10", "Kelvaria confirms cholera and declares a health emergency",
         "Laboratory tests confirmed cholera in Upper Sella on Thursday, and Kelvaria declared a health emergency "
         "as deaths rose to 31. Health Minister Ana Sorell said treatment centres would open in every district. "
         "The World Health Organization sent epidemiologists to Marrok."),
        ("2024-10-11", "Cholera emergency declared as deaths reach 31",
         "Kelvaria declared a cholera emergency on October 10 after samples from Marrok tested positive. "
         "Sorell said rehydration salts and chlorine were on their way to Upper Sella."),
        ("2024-10-28", "Cholera reaches Kelvaria's capital",
         "Twelve cholera patients were admitted in Dorren on Monday, the first cases in the capital. "
         "Ana Sorell urged residents to boil their water; the epidemic has killed 140 people since Marrok."),
        ("2024-10-29", "First cholera cases in Dorren slum",
         "The cholera outbreak spread to Dorren on October 28, officials said, where crowded districts lack sewers. "
         "The World Health Organization said the epidemic could grow quickly."),
    ]
    return [make_article(f"chol{i}", title, text, EPIDEMIC, day) for i, (day, title, text) in enumerate(reports)]


def football():
    reports = [
        ("2024-11-15", "Kelvaria reach their first World Cup play-off",
         "Kelvaria's footballers beat Norland 2-1 in Dorren on Friday with a late header from Jonas Pell, "
         "reaching a World Cup play-off for the first time. Coach Milo Farran praised his team."),
        ("2024-11-16", "Late Pell goal sends Kelvaria through",
         "A stoppage-time goal by striker Jonas Pell gave Kelvaria a 2-1 win over Norland on November 15. "
         "Forty thousand fans filled the stadium in Dorren, and Milo Farran said the players had earned it."),
    ]
    return [make_article(f"ball{i}", title, text, FOOTBALL, day) for i, (day, title, text) in enumerate(reports)]


def quake_and_rescue():
    reports = [
        ("quake0", "2025-06-02", "Powerful earthquake kills hundreds in Dalmir",
         "A magnitude 6.9 earthquake struck Dalmir before dawn on Monday, flattening buildings in Kerrin and Ablos "
         "and killing at least 212 people. Governor Selim Arvan said rescuers were digging with their hands."),
        ("quake1", "2025-06-03", "Death toll climbs after Dalmir earthquake",
         "At least 212 people died when the earthquake hit Dalmir on June 2, collapsing blocks in Kerrin while "
         "families slept. Hospitals in Ablos treated the injured in car parks, Selim Arvan said."),
        ("quake2", "2025-06-04", "Rescuers search collapsed blocks in Kerrin",
         "Rescue teams kept digging in Kerrin after the earthquake that struck Dalmir on June 2. "
         "Selim Arvan said 1,100 people had died in Kerrin and Ablos."),
        ("rescue0", "2025-06-07", "Boy pulled alive from the rubble in Kerrin",
         "Rescuers in Kerrin pulled a nine-year-old boy, Emre, alive from the ruins of his home on Saturday, 120 "
         "hours after the earthquake in Dalmir. Governor Selim Arvan said the search in Kerrin and Ablos would go on."),
        ("rescue1", "2025-06-08", "Rescue in Kerrin five days after the quake",
         "Emre, nine, was rescued from a collapsed building in Kerrin on June 7, five days after the earthquake. "
         "Selim Arvan visited Emre in hospital in Ablos."),
    ]
    return [make_article(a, title, text, QUAKE, day) for a, day, title, text in reports]


def _file(index, articles):
    for article in articles:
        index.assign(article.id, featurize(article), published=article.published)
    return index.assignment(), index.threads()


def test_a_match_in_the_epidemics_capital_is_not_in_the_epidemics_thread(index):
    stories, threads = _file(index, epidemic() + football())
    assert threads[stories["chol0"]] == threads[stories["chol2"]]  # the epidemic is one thread
    assert stories["ball0"] == stories["ball1"]
    assert threads[stories["ball0"]] != threads[stories["chol0"]]


def test_a_rescue_five_days_after_the_quake_is_its_own_story_in_the_quakes_thread(index):
    stories, threads = _file(index, quake_and_rescue())
    assert len({stories[a] for a in ("quake0", "quake1", "quake2")}) == 1
    assert stories["rescue0"] == stories["rescue1"]
    assert stories["rescue0"] != stories["quake0"]
    assert threads[stories["rescue0"]] == threads[stories["quake0"]]
