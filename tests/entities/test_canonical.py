"""Canonical names: the most complete, most frequent correctly spelled form, story-wide and store-wide."""

from __future__ import annotations

import sqlite3

from marks import marked_article

from newsfuse.models import Article
from newsfuse.entities.index import SCHEMA, EntityIndex, link_story
from newsfuse.entities.resolve import resolve

def article(article_id: str, outlet: str, marked: str) -> Article:
    """A report of `outlet` whose names are marked [like this|LABEL] (marks.py)."""
    return marked_article(article_id, marked, source=outlet)


def names_of(entities, kind: str) -> list[str]:
    return sorted(e.name for e in entities if e.type == kind)


def careless_outlet(article_id: str) -> Article:
    # one outlet writes the minister's name wrong, many times
    return article(article_id, "careless-daily", (
        "The foreign minister [Annalena Bearbock|PERSON] spoke in the morning. Later [Annalena Bearbock|PERSON] "
        "met the press, and [Annalena Bearbock|PERSON] answered questions on trade. Aides said "
        "[Annalena Bearbock|PERSON] would travel again soon, and [Annalena Bearbock|PERSON] agreed."))


def careful_outlets() -> list[Article]:
    return [article(f"c{i}", f"careful-{i}", (
        f"[Annalena Baerbock|PERSON] arrived for the talks on day {i}. [Baerbock|PERSON] said little."))
        for i in range(3)]


def test_a_misspelling_one_outlet_repeats_does_not_name_the_person():
    entities = resolve([careless_outlet("a"), *careful_outlets()])
    people = [e for e in entities if e.type == "person" and "nnalena" in e.name]
    assert [e.name for e in people] == ["Annalena Baerbock"]
    assert "Annalena Bearbock" in people[0].aliases  # still listed as a spelling, not lost


def test_without_other_outlets_the_only_spelling_written_stays():
    entities = resolve([careless_outlet("a")])
    assert "Annalena Bearbock" in names_of(entities, "person")


def test_a_full_name_still_beats_a_surname_more_outlets_write():
    reports = [article(f"s{i}", f"outlet-{i}", f"Talks went on, [Stoltenberg|PERSON] said on day {i}.")
               for i in range(4)]
    reports.append(article("full", "outlet-9", "[Jens Stoltenberg|PERSON] opened the meeting; [Stoltenberg|PERSON] left."))
    assert "Jens Stoltenberg" in names_of(resolve(reports), "person")


def test_a_company_with_and_without_its_suffix_is_one_entity_under_the_full_name():
    report = article("q", "ledger", (
        "[Quillbyte Systems|ORG] posted higher sales on Monday. [Quillbyte|NORP] shares climbed after the "
        "figures, and [Quillbyte|ORG] said demand for its storage kept growing."))
    orgs = [e for e in resolve([report]) if "uillbyte" in e.name]
    assert [(e.name, e.type) for e in orgs] == [("Quillbyte Systems", "org")]
    assert len(orgs[0].mentions) == 3


def test_a_bare_name_two_suffixed_companies_share_stays_apart():
    reports = [article("h1", "ledger", "[Harrowgate Holdings|ORG] sold its stake to [Harrowgate Systems|ORG]."),
               article("h2", "courier", "A spokesman for [Harrowgate|ORG] declined to comment on the sale.")]
    names = [e.name for e in resolve(reports) if "arrowgate" in e.name]
    assert sorted(names) == ["Harrowgate", "Harrowgate Holdings", "Harrowgate Systems"]


def test_store_wide_the_spelling_more_articles_write_names_the_entity():
    conn = sqlite3.connect(":memory:")
    for statement in SCHEMA:
        conn.execute(statement)
    index = EntityIndex(conn)
    # the careless outlet's story first: its spelling names the entity until others write the name
    first = resolve([careless_outlet("a")], scope="story")
    mapping = link_story(index, "story-1", first)
    entity_id = next(mapping[e.id] for e in first if e.type == "person")
    assert index.entity(entity_id).name == "Annalena Bearbock"
    for n, report in enumerate(careful_outlets(), start=2):
        link_story(index, f"story-{n}", resolve([report], scope="story"))
    assert index.entity(entity_id).name == "Annalena Baerbock"
    assert index.resolve_reference("Annalena Bearbock").id == entity_id  # the misspelling still finds it
    conn.close()


# --- spellings of one key: diacritics, the gazetteer's spelling -------------------------------------

def dropping_outlets(name: str, plain: str, kind: str, n: int = 3) -> list[Article]:
    """n outlets that write a name without its diacritics (often), one that writes it as it is spelled."""
    reports = [article(f"plain{i}", f"plain-{i}", f"Reporters saw [{plain}|{kind}] on day {i}. [{plain}|{kind}] "
                       f"was mentioned again, and [{plain}|{kind}] once more.") for i in range(n)]
    return reports + [article("marked", "careful-desk", f"[{name}|{kind}] was named in one careful report.")]


def new_index() -> EntityIndex:
    conn = sqlite3.connect(":memory:")
    for statement in SCHEMA:
        conn.execute(statement)
    return EntityIndex(conn)


def test_a_name_more_outlets_write_without_its_diacritics_keeps_them():
    entities = resolve(dropping_outlets("Aleksandar Vučić", "Aleksandar Vucic", "PERSON"))
    assert [e.name for e in entities if e.type == "person"] == ["Aleksandar Vučić"]


def test_a_place_takes_the_gazetteers_spelling(gazetteer):
    entities = resolve(dropping_outlets("Zvečan", "Zvecan", "GPE"), gazetteer=gazetteer)
    assert [e.name for e in entities if e.type == "place"] == ["Zvečan"]
    # written only as "Zvecan" it is still the gazetteer's Zvečan, but named as the outlets write it
    alone = resolve(dropping_outlets("Zvečan", "Zvecan", "GPE")[:3], gazetteer=gazetteer)
    assert [(e.name, e.country) for e in alone if e.type == "place"] == [("Zvecan", "XK")]


def test_a_name_in_another_script_does_not_name_an_english_report_entity():
    reports = [article(f"c{i}", f"cyrillic-{i}", "[Бањска|GPE] и [Бањска|GPE] у извештају.") for i in range(2)]
    reports.append(article("l", "latin-desk", "Police went to [Banjska|GPE]."))
    assert [e.name for e in resolve(reports, scope="store") if e.aliases] == ["Banjska"]


def test_store_wide_the_diacritics_win_while_a_story_writes_them(gazetteer):
    index = new_index()
    plain, marked = dropping_outlets("Aleksandar Vučić", "Aleksandar Vucic", "PERSON")[:3], \
        dropping_outlets("Aleksandar Vučić", "Aleksandar Vucic", "PERSON")[3:]
    first = resolve(plain, scope="story")
    mapping = link_story(index, "plain-story", first)
    entity_id = next(mapping[e.id] for e in first if e.type == "person")
    assert index.entity(entity_id).name == "Aleksandar Vucic"
    link_story(index, "careful-story", resolve(marked, scope="story"))
    assert index.entity(entity_id).name == "Aleksandar Vučić"
    link_story(index, "careful-story", [])  # the one story writing it analysed again without the name
    assert index.entity(entity_id).name == "Aleksandar Vucic"  # nobody writes "Vučić" now
