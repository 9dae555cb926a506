"""A lone person noun ("Driver", "Suspect") goes to the person the text describes with that noun, before
the person the article merely names most; a woman's form of a first name is another person."""

from __future__ import annotations

from newsfuse.entities import ResolveOptions, resolve
from newsfuse.entities.similarity import first_names_compatible
from newsfuse.models import Article, Mention

GOLD_SPANS = ResolveOptions(recover_mentions=False, link_roles=False, keep_spans=True)


def article(article_id: str, text: str, names: list[str], story_id: str = "s1") -> Article:
    mentions, at = [], 0
    for name in names:
        start = text.index(name, at)
        mentions.append(Mention(article_id, start, start + len(name), name, "PERSON"))
        at = start + len(name)
    return Article(id=article_id, path=article_id, raw=text, text=text, source="outlet", story_id=story_id,
                   mentions=mentions)


def holder_of(entities, noun: str) -> str:
    return next(e.name for e in entities if any(m.text == noun for m in e.mentions))


def test_a_noun_joins_the_person_the_article_describes_with_it_not_the_most_named():
    text = ("Driver charged\nMira Kovan, a 59-year-old grandmother, died on Friday. Mira Kovan was "
            "crossing the street. Police arrested the driver, 38-year-old Tavi Rensk, an hour later.")
    a = article("a1", text, ["Driver", "Mira Kovan", "Mira Kovan", "Tavi Rensk"])
    entities = resolve([a], options=GOLD_SPANS)
    assert holder_of(entities, "Driver") == "Tavi Rensk"  # Mira Kovan is named twice, Tavi Rensk once


def test_a_noun_in_an_article_naming_no_one_so_takes_the_story_s_description():
    a = article("a1", "Grandmother killed\nThe crash happened near the temple on Friday night.", ["Grandmother"])
    b = article("a2", "Police named the victim as Mira Kovan, a 59-year-old grandmother. Tavi Rensk and "
                      "Tavi Rensk's lawyer were in court.", ["Mira Kovan", "Tavi Rensk", "Tavi Rensk"])
    entities = resolve([a, b], options=GOLD_SPANS)
    assert holder_of(entities, "Grandmother") == "Mira Kovan"
    # an article of another story describes no one for it
    c = article("a3", "Grandmother killed\nThe crash happened near the temple.", ["Grandmother"], story_id="s2")
    alone = resolve([c, b], options=GOLD_SPANS)
    assert holder_of(alone, "Grandmother") == "Grandmother"


def test_a_counterpart_noun_joins_the_person_described_so():
    text = ("Lawyer speaks\nLindi Varo checked into rehab, said her lawyer, Mark Tessel. "
            "Lindi Varo had been ordered to serve 90 days. Lindi Varo declined to comment.")
    a = article("a1", text, ["Lawyer", "Lindi Varo", "Mark Tessel", "Lindi Varo", "Lindi Varo"])
    entities = resolve([a], options=GOLD_SPANS)
    assert holder_of(entities, "Lawyer") == "Mark Tessel"  # not the most named, whom "lawyer" never was


def test_a_woman_s_form_of_a_first_name_is_another_person():
    for her, him in [("christina", "christopher"), ("danielle", "daniel"), ("roberta", "robert"),
                     ("michelle", "michael"), ("patricia", "patrick")]:
        assert not first_names_compatible(her, him), (her, him)
    # one name's short and long forms still agree
    for a, b in [("alexis", "alexandros"), ("josh", "joshua"), ("chris", "christina"), ("antony", "anthony"),
                 ("alex", "alexander")]:
        assert first_names_compatible(a, b), (a, b)


def test_two_people_with_one_surname_and_gendered_first_names_stay_apart():
    text = "Christopher Lund met Christina Lund in Oslo. Christopher Lund left first."
    a = article("a1", text, ["Christopher Lund", "Christina Lund", "Christopher Lund"])
    entities = resolve([a], options=GOLD_SPANS)
    assert sorted(e.name for e in entities) == ["Christina Lund", "Christopher Lund"]
