"""Event rows a conflict researcher exports: who acted on whom, where, when, how many killed."""

import datetime as dt

from newsfuse.facts import CSV_COLUMNS, cross_check, events_csv_rows, facts_to_dicts, read_facts
from newsfuse.facts.events import Located
from newsfuse.models import Article
from newsfuse.timex import TimeTagger

PLACES = {"banjska": Located("Banjska", 42.9581, 20.7894, "village"), "dolna": Located("Dolna", 41.9, 21.4, "village"),
          "kosovo": Located("Kosovo", 42.67, 21.17, "country")}


def events(*reports, locate=None):
    """(id, outlet, published, text) reports -> merged events of one story."""
    from newsfuse.nlp import mentions_from_doc, parse

    tagger = TimeTagger()
    articles = [Article(id=i, path=f"{i}.txt", raw=t, text=t, source=o, published=p) for i, o, p, t in reports]
    found = []
    for article, doc in zip(articles, parse(a.text for a in articles)):
        article.mentions = mentions_from_doc(article.id, doc)
        article.times = tagger.tag(article.text, dt.date.fromisoformat(article.published), article_id=article.id)
        found.append(read_facts(article, doc))
    return cross_check(articles, [], [e for f in found for e in f.events], [], locate=locate).events


def one(kind, found):
    rows = [e for e in found if e.type == kind]
    assert len(rows) == 1, [(e.type, e.actor1, e.actor2, e.place) for e in found]
    return rows[0]


def test_passive_voice_puts_the_attacker_first():
    found = events(("a1", "Alpha", "2024-04-20", "A police patrol was attacked by armed men in the village of Dolna "
                                                 "on April 18."))
    attack = one("attack", found)
    assert attack.actor1 == "armed men" and attack.actor2 == "police patrol"
    assert attack.place == "Dolna" and attack.date == "2024-04-18"


def test_active_voice_and_the_two_sides_of_a_clash():
    found = events(("a1", "Alpha", "2023-11-28", "NATO increased its presence after the clash between an armed group "
                                                 "of Serbs and Kosovo police on September 24 in the village of Banjska."))
    clash = one("clash", found)
    assert (clash.actor1, clash.actor2) == ("armed group of Serbs", "Kosovo police")
    assert clash.place == "Banjska" and clash.date == "2023-09-24"


def test_several_killed_stays_vague_with_no_number():
    found = events(("a1", "Alpha", "2023-09-30", "Gunmen stormed the village of Banjska on September 24. "
                                                 "Several people were killed."))
    attack = one("attack", found)
    assert attack.fatalities is None
    assert any(c.kind == "killed" and c.quantity.qualifier == "vague" and c.quantity.value is None
               for c in attack.casualties)


def test_fatalities_and_injuries_as_stated():
    found = events(("a1", "Alpha", "2024-04-20", "Gunmen attacked a police station in the village of Dolna on April 18, "
                                                 "killing two officers. Five people were injured."))
    attack = one("attack", found)
    assert attack.fatalities == 2 and attack.injuries == 5


def test_the_event_noun_is_never_its_own_actor_and_a_bare_mention_is_no_row():
    found = events(("a1", "Alpha", "2023-11-28", "The reinforcement followed the attack. The meeting will also cover "
                                                 "support for Ukraine."))
    assert found == []


def test_the_place_is_the_village_not_the_country_and_carries_coordinates():
    found = events(("a1", "Alpha", "2023-09-30", "Thirty armed Serbs attacked Kosovo police in Banjska, in northern "
                                                 "Kosovo, on September 24."),
                   locate=lambda name: PLACES.get(name.lower()))
    attack = one("attack", found)
    assert attack.place == "Banjska" and (attack.latitude, attack.longitude) == (42.9581, 20.7894)
    assert attack.actor1 == "armed Serbs" and attack.actor2 == "Kosovo police"


def test_a_place_the_gazetteer_does_not_know_is_not_the_event_place():
    found = events(("a1", "Alpha", "2023-09-30", "Police arrested two men in Qwertyville on September 25."),
                   locate=lambda name: PLACES.get(name.lower()))
    arrest = one("arrest", found)
    assert arrest.place is None and arrest.actor1 == "Police"


def test_one_attack_from_two_outlets_is_one_row_with_both_sources():
    found = events(("a1", "Alpha", "2024-04-20", "Gunmen attacked a police station in the village of Dolna on April 18."),
                   ("a2", "Bravo", "2024-04-21", "Armed men stormed a police station in Dolna on April 18."))
    attack = one("attack", found)
    assert attack.article_ids == ["a1", "a2"]


def test_exports_carry_place_coordinates_and_injuries():
    found = events(("a1", "Alpha", "2024-04-20", "Gunmen attacked a police station in the village of Dolna on April 18, "
                                                 "injuring three officers."), locate=lambda name: PLACES.get(name.lower()))
    row = events_csv_rows(found)[0]
    assert tuple(row) == CSV_COLUMNS
    assert row["location"] == "Dolna" and (row["latitude"], row["longitude"]) == (41.9, 21.4)
    assert row["injuries"] == 3 and row["fatalities"] is None
    from newsfuse.facts.records import StoryFacts

    report = facts_to_dicts(StoryFacts(events=found))["events"][0]
    assert report["place"] == "Dolna" and report["latitude"] == 41.9 and report["injuries"] == 3


def test_an_asked_for_or_denied_event_is_no_row():
    found = events(("a1", "Alpha", "2023-09-30", "Washington appealed to Belgrade to withdraw its troops from the border. "
                                                 "President Vucic denied that his country had planned to send troops "
                                                 "across the line. NATO now has 4,500 troops deployed in Kosovo."))
    assert [e.type for e in found] == ["statement"]
    assert (found[0].actor1, found[0].actor2) == ("Washington", "Belgrade")


def test_the_hurt_are_one_side_of_a_clash_and_the_ones_met_the_other():
    found = events(("a1", "Alpha", "2023-05-30", "On May 29, dozens of KFOR members were injured after the "
                                                 "confrontation with the protesters in Zvecan."))
    clash = one("clash", found)
    assert {clash.actor1, clash.actor2} == {"protesters", "KFOR members"}
    assert clash.place == "Zvecan" and clash.date == "2023-05-29" and clash.injuries is None


def test_the_day_before_a_meeting_is_not_its_date():
    found = events(("a1", "Alpha", "2023-11-28", "NATO foreign ministers opened a two-day meeting in Brussels on "
                                                 "Tuesday. Speaking the day before the meeting, Stoltenberg said the "
                                                 "reinforcement had been a direct answer to the violence."))
    meeting = one("meeting", found)
    assert meeting.date == "2023-11-28" and meeting.place == "Brussels" and meeting.actor1 == "NATO foreign ministers"


def test_deployments_after_the_same_attack_are_one_row_weeks_apart():
    found = events(("a1", "Alpha", "2023-09-29", "NATO's North Atlantic Council has approved sending additional forces "
                                                 "to Kosovo after last Sunday's deadly attack in Banjska."),
                   ("a2", "Bravo", "2023-11-29", "NATO sent the 1,000 extra soldiers after the attack on Kosovo police "
                                                 "in Banjska on 24 September."))
    deployment = one("deployment", found)
    assert deployment.article_ids == ["a1", "a2"] and deployment.place == "Kosovo"


def test_a_category_line_parsed_into_the_lead_does_not_hide_who_acts():
    found = events(("a1", "Alpha", "2023-10-01", "Categories: World, Balkans, Security\n\nSerbia said on Sunday it had "
                                                 "started to reduce the number of soldiers stationed near the boundary "
                                                 "with Kosovo."))
    assert one("withdrawal", found).actor1 == "Serbia"


def test_a_subject_of_talks_is_no_event_row():
    found = events(("a1", "Alpha", "2024-03-01", "Foreign ministers gather in Vienna on March 4, alongside the war in "
                                                 "Sudan and the fighting between the army and rebels in Darfur."),
                   ("a2", "Beta", "2024-03-02", "The envoys will discuss the clashes between farmers and herders."))
    assert not [e for e in found if e.type in ("clash", "attack")], [(e.type, e.actor1, e.actor2) for e in found]


def test_fighting_that_is_reported_stays_a_row():
    found = events(("a1", "Alpha", "2024-03-01", "Rebels fought the army in the village of Dolna on February 28."))
    assert one("clash", found).place == "Dolna"


def test_a_hyphenated_name_keeps_all_its_parts():
    from newsfuse.facts.syntax import subtree_span
    from newsfuse.nlp import parse

    doc = next(iter(parse(["The ministers will hold the first meeting of the NATO-Ukraine Council."])))
    council = next(t for t in doc if t.text == "Council")
    assert subtree_span(council) == "NATO-Ukraine Council"


# -- a figure restated as a new total ------------------------------------------------------------

def test_a_raised_number_of_injured_supersedes_the_first_count():
    found = events(("a1", "Alpha", "2024-03-03", "Twelve people were injured when a bomb exploded at the market in "
                                                 "the village of Dolna on March 3."),
                   ("a2", "Beta", "2024-03-05", "A bomb exploded at the market in the village of Dolna on March 3. "
                                                "Hospital officials on Tuesday raised the number of injured to 41."))
    attack = one("attack", found)
    assert attack.injuries == 41
    by_value = {c.quantity.value: c for c in attack.casualties if c.kind == "injured"}
    assert by_value[41].status == "current" and by_value[41].article_id == "a2" and by_value[41].as_of == "2024-03-05"
    assert by_value[12].status == "superseded" and by_value[12].as_of == "2024-03-03"
    row = events_csv_rows([attack])[0]
    assert row["injuries"] == 41 and "superseded" in row["notes"]


def test_a_total_without_its_kind_takes_it_from_the_sentence_before():
    found = events(("a1", "Alpha", "2024-03-03", "Gunmen attacked a police station in the village of Dolna on March 2, "
                                                 "killing two officers."),
                   ("a2", "Beta", "2024-03-06", "Gunmen attacked a police station in the village of Dolna on March 2. "
                                                "More of the wounded officers have since died. "
                                                "A new count from the ministry puts the total at 5."))
    attack = one("attack", found)
    assert attack.fatalities == 5
    assert [c.status for c in attack.casualties if c.kind == "killed" and c.quantity.value == 2] == ["superseded"]


def test_the_toll_rose_and_an_older_figure_repeated_later_does_not_undo_it():
    found = events(("a1", "Alpha", "2024-03-03", "Four people were killed in an attack on a bus in the village of "
                                                 "Dolna on March 2."),
                   ("a2", "Beta", "2024-03-04", "The toll rose to 9 after the attack on a bus in the village of Dolna "
                                                "on March 2."),
                   ("a3", "Gamma", "2024-03-08", "Four people were killed in an attack on a bus in the village of Dolna "
                                                 "on March 2, a court heard."))
    attack = one("attack", found)
    assert attack.fatalities == 9


def test_a_total_of_things_that_are_not_people_is_no_casualty():
    found = events(("a1", "Alpha", "2024-03-03", "Two people were injured in an attack on a bus in the village of Dolna "
                                                 "on March 2, bringing the total to 14 attacks this year."))
    attack = one("attack", found)
    assert attack.injuries == 2 and not any(c.revised for c in attack.casualties)


def test_a_number_of_troops_that_rose_is_no_casualty():
    found = events(("a1", "Alpha", "2024-03-03", "Three soldiers were injured in an attack on a convoy in the village "
                                                 "of Dolna on March 2, and the number of troops in the area rose to "
                                                 "1,500."))
    attack = one("attack", found)
    assert attack.injuries == 3 and not any(c.revised for c in attack.casualties)
