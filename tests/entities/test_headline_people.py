"""How headlines name a person without the name: a phrase around a person noun ("Mafia Boss", "Hero
Brooklyn Mom", "National Player of the Year"), a noun with an age ("a 23-year-old man"), a kinship noun
("Son" is not "his sister Katie"), a blended nickname ("LiLo"), a pet form's spelling ("Bettie" /
"Betty"), a bracketed given name ("Luis Gerardo (Jerry) Ortiz")."""

from __future__ import annotations

from marks import marked_article

from newsfuse.entities import ResolveOptions, resolve
from newsfuse.entities.normalize import name_form
from newsfuse.entities.roles import person_noun_head
from newsfuse.entities.similarity import first_names_compatible

GOLD_SPANS = ResolveOptions(recover_mentions=False, link_roles=False, keep_spans=True)


def holder_of(marked: list[tuple[str, str]], text: str) -> str:
    """The name of the entity that takes the mention `text`, the articles (id, marked text) resolved together."""
    entities = resolve([marked_article(i, m, story_id="s1") for i, m in marked], options=GOLD_SPANS)
    return next(e.name for e in entities if any(m.text == text for m in e.mentions))


def test_a_headline_phrase_around_a_person_noun_joins_the_person():
    brooklyn = ("Teen arrested in shooting of [Hero Brooklyn Mom|PERSON]\n[Zurana Horton|PERSON] was shot in "
                "[Brooklyn|GPE] while shielding children. [Zurana Horton|PERSON] died in hospital.")
    assert holder_of([("a1", brooklyn)], "Hero Brooklyn Mom") == "Zurana Horton"
    record = ("[Ravi Ostrander|PERSON] scored 20 points. The reigning [National Player of the Year|ORG] passed "
              "the old record. [Ravi Ostrander|PERSON] thanked the fans.")
    assert holder_of([("b1", record)], "National Player of the Year") == "Ravi Ostrander"


def test_a_phrase_is_a_noun_only_when_its_other_words_are_no_one_s_name():
    assert person_noun_head("Mafia Boss", {"mafia"}) == "boss"
    assert person_noun_head("Brooklyn Mother's", {"brooklyn"}) == "mother"
    assert person_noun_head("Mafia Boss") is None  # "Mafia" names nothing else in the scope
    assert person_noun_head("Minnie Driver", {"brooklyn"}) is None
    assert person_noun_head("US Surgeon General", {"us"}) is None  # a title's phrase names the post too
    actress = ("[Minnie Driver|PERSON] arrives\n[Tom Vale|PERSON] met [Minnie Driver|PERSON] in [London|GPE]. "
               "[Tom Vale|PERSON] smiled.")
    assert holder_of([("a1", actress)], "Minnie Driver") == "Minnie Driver"


def test_a_noun_given_an_age_is_the_person_of_that_age():
    murder = ("[Man|PERSON] charged with murdering mother and sister\nA 23-year-old man has been charged. "
              "[John Jenkin|PERSON] is due in court over the murders of [Alice McMeekin|PERSON], 58, and "
              "[Kathryn Jenkin|PERSON], 20. Ms McMeekin and Kathryn Jenkin were found dead on Saturday; "
              "John Jenkin, 23, was arrested.")
    assert holder_of([("a1", murder)], "Man") == "John Jenkin"


def test_a_kinship_noun_is_not_the_person_called_by_another():
    murder = ("[Son|PERSON] suspected of killing mother and sister\n[John Jenkin|PERSON] had been sectioned. "
              "His sister [Katie|PERSON] and mother [Alice McMeekin|PERSON] were found dead at their home.")
    assert holder_of([("a1", murder)], "Son") == "John Jenkin"


def test_a_blended_nickname_is_the_one_person_it_is_made_from():
    rehab = "[Lindsay Lohan|PERSON] checked into rehab. The paper says [LiLo|ORG] left after two minutes."
    assert holder_of([("a1", rehab)], "LiLo") == "Lindsay Lohan"
    # two people it could be made from: it stays a name of its own
    court = "[LiLo|PERSON] is back in court, and [Lila Long|PERSON] watched."
    assert holder_of([("a1", rehab), ("a2", court)], "LiLo") == "LiLo"


def test_pet_forms_spelled_two_ways_and_bracketed_given_names():
    for a, b in [("bettie", "betty"), ("bobbie", "bobby"), ("jodie", "jody")]:
        assert first_names_compatible(a, b)
    assert not first_names_compatible("tony", "toni")
    assert name_form("Luis Gerardo ( Jerry ) Ortiz", person=True) == "Luis Gerardo ( Jerry ) Ortiz"
    assert name_form("Barack Obama (D)", person=True) == "Barack Obama"
    assert name_form("the Bank of the West") == "Bank of the West"
    deputy = "Deputy [Luis Gerardo (Jerry) Ortiz|PERSON] was shot in 2005. [Jerry Ortiz|PERSON] was a gang investigator."
    assert holder_of([("a1", deputy)], "Jerry Ortiz") == "Luis Gerardo (Jerry) Ortiz"


def test_the_other_names_words_are_looked_up_as_the_set_of_them_would_answer():
    # _noun_entities asks "is this word in another entity's name?" without building that set per entity
    # (it was quadratic in the scope's entities); the answer must be the set's, for every entity and word
    import random
    from collections import defaultdict

    from newsfuse.entities.person_links import _OtherNames

    rng = random.Random(5)
    words = [f"w{i}" for i in range(30)]
    names = [rng.sample(words, rng.randint(1, 3)) for _ in range(40)]
    named_by: dict[str, set[int]] = defaultdict(set)
    for i, name in enumerate(names):
        for word in name:
            named_by[word].add(i)
    for i in range(len(names)):
        listed = {w for w, owners in named_by.items() if owners - {i}}
        looked_up = _OtherNames(named_by, i)
        assert {w for w in words + ["absent"] if w in looked_up} == listed
