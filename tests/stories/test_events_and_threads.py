"""Stories are events, threads are topics: an attack and the reinforcement it caused a week later
are two stories of one thread; the index revisits its decisions and records its agreement."""

from __future__ import annotations

from newsfuse.stories.features import featurize

from .conftest import make_article

NAMES = [("Kosovo", "GPE"), ("Banjska", "GPE"), ("NATO", "ORG"), ("KFOR", "ORG"), ("Albin Kurti", "PERSON"),
         ("Serbia", "GPE"), ("Zvecan", "GPE")]
BACKGROUND = ("Tension has run high in northern Kosovo since the spring, when KFOR soldiers were hurt in Zvecan. "
              "Prime Minister Albin Kurti accuses Serbia of backing armed groups.")


def attack(n: int, published: str, lead: str):
    text = (f"{lead} A Kosovo police sergeant was killed and two officers were wounded when about 30 armed men "
            f"opened fire near Banjska. The gunmen then barricaded themselves in the monastery. {BACKGROUND}")
    return make_article(f"attack{n}", "Police sergeant killed as gunmen storm Banjska", text, NAMES, published)


def reinforcement(n: int, published: str, lead: str):
    text = (f"{lead} NATO said KFOR would receive additional troops after the attack in Banjska, and Britain "
            f"offered a battalion. The alliance did not say how many soldiers would be sent to Kosovo. {BACKGROUND}")
    return make_article(f"nato{n}", "NATO approves extra troops for KFOR in Kosovo", text, NAMES, published)


def coverage():
    return [
        attack(0, "2023-09-24", "Gunmen attacked a police patrol in northern Kosovo on Sunday."),
        attack(1, "2023-09-25", "Armed men attacked Kosovo police in Banjska on September 24."),
        attack(2, "2023-09-26", "Kosovo is mourning a police officer killed on Sunday in Banjska."),
        reinforcement(0, "2023-09-29", "NATO agreed on Friday to send more troops to Kosovo after last Sunday's attack."),
        reinforcement(1, "2023-09-30", "The alliance approved on Friday extra forces for its Kosovo mission."),
        reinforcement(2, "2023-10-01", "Britain said on September 29 it would put a battalion at NATO's disposal."),
    ]


def test_the_event_day_is_the_leads_not_a_day_it_recalls():
    attack_later, nato = featurize(coverage()[2]), featurize(coverage()[3])
    assert attack_later.anchor == "2023-09-26" and attack_later.event == "2023-09-24"
    assert nato.event == "2023-09-29"  # "after last Sunday's attack" (24 September) is background


def test_an_attack_and_the_reinforcement_a_week_later_are_two_stories_of_one_thread(index):
    for article in coverage():
        index.assign(article.id, featurize(article), published=article.published)
    stories = index.assignment()
    assert len({stories[f"attack{n}"] for n in range(3)}) == 1
    assert len({stories[f"nato{n}"] for n in range(3)}) == 1
    assert stories["attack0"] != stories["nato0"]
    threads = index.threads()
    assert threads[stories["attack0"]] == threads[stories["nato0"]]


def test_regroup_records_how_close_incremental_grouping_stayed(index):
    assert index.stats()["regroup_agreement_b3_f1"] is None
    for article in coverage():
        index.assign(article.id, featurize(article), published=article.published)
    index.regroup()
    stats = index.stats()
    assert stats["articles"] == 6 and stats["stories"] == 2 and stats["threads"] == 1
    assert stats["regroup_agreement_b3_f1"] == 1.0 and stats["regroup_agreement_articles"] == 6


def test_a_later_article_can_merge_two_stories_it_bridges(index):
    """Two reports of one event that share little open two stories; a third that reads like both joins
    one and pulls the other in (as a regroup would)."""
    names = [("Lindmark", "GPE"), ("Drevna", "LOC"), ("Carl Emden", "PERSON")]
    a = make_article("a", "Drevna river bursts its banks at Lindmark",
                     "The Drevna river burst its banks at Lindmark on Tuesday and thousands of residents were "
                     "evacuated from the old town as water rose over the quays.", names, "2023-10-17")
    b = make_article("b", "Mayor Carl Emden orders evacuation",
                     "Mayor Carl Emden ordered schools closed on Tuesday and asked families to leave the low "
                     "streets, as emergency crews stacked sandbags.", names, "2023-10-17")
    c = make_article("c", "Thousands evacuated as Drevna floods Lindmark; mayor Carl Emden closes schools",
                     "The Drevna river burst its banks at Lindmark on Tuesday. Mayor Carl Emden ordered schools "
                     "closed and thousands of residents were evacuated from the old town and the low streets, "
                     "as emergency crews stacked sandbags on the quays.", names, "2023-10-17")
    for article in (a, b):
        index.assign(article.id, featurize(article), published=article.published)
    assert index.story_of("a") != index.story_of("b")
    index.assign(c.id, featurize(c), published=c.published)
    stories = index.assignment()
    assert stories["a"] == stories["b"] == stories["c"]
    assert index.stats()["revisits"] == 1 and index.stats()["stories"] == 1


def test_a_corrected_story_is_not_revisited(index):
    names = [("Lindmark", "GPE"), ("Drevna", "LOC"), ("Carl Emden", "PERSON")]
    a = make_article("a", "Drevna river bursts its banks at Lindmark",
                     "The Drevna river burst its banks at Lindmark on Tuesday and thousands of residents were "
                     "evacuated from the old town as water rose over the quays.", names, "2023-10-17")
    b = make_article("b", "Mayor Carl Emden orders evacuation",
                     "Mayor Carl Emden ordered schools closed on Tuesday and asked families to leave the low "
                     "streets, as emergency crews stacked sandbags.", names, "2023-10-17")
    c = make_article("c", "Thousands evacuated as Drevna floods Lindmark; mayor Carl Emden closes schools",
                     "The Drevna river burst its banks at Lindmark on Tuesday. Mayor Carl Emden ordered schools "
                     "closed and thousands of residents were evacuated from the old town and the low streets, "
                     "as emergency crews stacked sandbags on the quays.", names, "2023-10-17")
    for article in (a, b, c):
        index.assign(article.id, featurize(article), published=article.published)
    index.split(index.story_of("a"), ["a"])  # the user says: a is a story of its own
    d = make_article("d", c.title, c.text.replace("Tuesday", "Tuesday night"), names, "2023-10-17")
    index.assign(d.id, featurize(d), published=d.published)
    assert index.story_of("a") != index.story_of("b") == index.story_of("c")
