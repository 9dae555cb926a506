"""Resolution on hand-made mentions: places with and without coordinates, corrections, scopes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.entities import Corrections, entity_key, resolve, resolve_with_report
from newsfuse.entities.normalize import fold
from newsfuse.models import Article, Mention


def article(article_id: str, text: str, labels: dict[str, str], story_id: str | None = None) -> Article:
    """An article whose mentions are every occurrence of the given names, with the given labels."""
    mentions = [Mention(article_id, m.start(), m.end(), m.group(), label)
                for name, label in labels.items() for m in re.finditer(re.escape(name), text)]
    mentions.sort(key=lambda m: m.start)
    return Article(id=article_id, path=article_id, raw=text, text=text, source=f"outlet-{article_id}",
                   story_id=story_id, mentions=mentions)


def by_name(entities, name):
    return next(e for e in entities if e.name == name)


def test_an_unknown_place_stays_a_place_without_coordinates(gazetteer):
    a = article("a1", "Convoys left Pristina for Xyvrani and then went on to Belgrade.",
                {"Pristina": "GPE", "Xyvrani": "GPE", "Belgrade": "GPE"})
    entities = resolve([a], gazetteer=gazetteer)
    unknown = by_name(entities, "Xyvrani")
    assert unknown.type == "place" and unknown.lat is None and unknown.country is None
    assert by_name(entities, "Pristina").country == "XK" and by_name(entities, "Pristina").lat is not None
    assert by_name(entities, "Belgrade").country == "RS"


def test_a_user_gazetteer_entry_places_a_village(tmp_path):
    from newsfuse.entities import Gazetteer

    user = tmp_path / "villages.csv"
    user.write_text("name,lat,lon,country\nXyvrani,42.5,20.5,XK\n", encoding="utf-8")
    a = article("a1", "Convoys left Pristina for Xyvrani.", {"Pristina": "GPE", "Xyvrani": "GPE"})
    village = by_name(resolve([a], gazetteer=Gazetteer.load(user)), "Xyvrani")
    assert (village.lat, village.lon, village.country) == (42.5, 20.5, "XK")


def test_no_gazetteer_means_no_coordinates_but_places_remain():
    a = article("a1", "Convoys left Pristina.", {"Pristina": "GPE"})
    entity = by_name(resolve([a]), "Pristina")
    assert entity.type == "place" and entity.lat is None


CORPUS = [
    article("c1", "Mayor Ilir Dacaj of Vushtrri met Ardian Gashi. Dacaj said the talks went well.",
            {"Ilir Dacaj": "PERSON", "Dacaj": "PERSON", "Vushtrri": "GPE", "Ardian Gashi": "PERSON"}, "s1"),
    article("c2", "Ilir Dacaj and the Vushtrri Council agreed on a plan. Gashi was absent.",
            {"Ilir Dacaj": "PERSON", "Vushtrri Council": "ORG", "Gashi": "PERSON"}, "s1"),
]


def snapshot(entities):
    return sorted((e.id, e.name, e.type, tuple(sorted((m.article_id, m.start) for m in e.mentions)))
                  for e in entities)


def test_corrections_survive_re_analysis():
    first = resolve(CORPUS)
    dacaj = next(e for e in first if e.name == "Ilir Dacaj")
    gashi = next(e for e in first if e.name == "Ardian Gashi")
    council = next(e for e in first if e.name == "Vushtrri Council")
    assert "Dacaj" in dacaj.aliases
    corrections = Corrections(merges=[(entity_key(council), "place:Vushtrri")], splits=[dacaj.id],
                              renames={entity_key(gashi): "Ardian Gashi (mayor's aide)"})
    corrected = resolve(CORPUS, corrections=corrections)
    names = {e.name for e in corrected}
    assert {"Ilir Dacaj", "Dacaj", "Ardian Gashi (mayor's aide)"} <= names and "Vushtrri" not in names
    merged = by_name(corrected, "Vushtrri Council")
    assert merged.id == council.id and "Vushtrri" in merged.aliases
    assert by_name(corrected, "Ardian Gashi (mayor's aide)").id == gashi.id
    # the same corrections on a fresh analysis give the same entities
    assert snapshot(resolve(list(reversed(CORPUS)), corrections=corrections)) == snapshot(corrected)
    # and still apply when new articles arrive
    more = CORPUS + [article("c3", "Ilir Dacaj spoke in Vushtrri.", {"Ilir Dacaj": "PERSON", "Vushtrri": "GPE"}, "s2")]
    grown = resolve(more, corrections=corrections)
    assert "Vushtrri" not in {e.name for e in grown}
    assert {m.article_id for m in by_name(grown, "Vushtrri Council").mentions} == {"c1", "c2", "c3"}


def test_a_correction_that_finds_no_entity_is_reported():
    report = resolve_with_report(CORPUS, corrections=Corrections(splits=["person:nobody"]))
    assert report.unapplied == ["split person:nobody: no such entity"]


def test_scope_story_keeps_stories_apart():
    articles = [article("x1", "Ilir Dacaj spoke.", {"Ilir Dacaj": "PERSON"}, "s1"),
                article("x2", "Ilir Dacaj spoke again.", {"Ilir Dacaj": "PERSON"}, "s2")]
    assert len(resolve(articles, scope="story")) == 2
    assert len(resolve(articles, scope="store")) == 1
    assert len(resolve(articles, scope="thread", threads={"s1": "t", "s2": "t"})) == 1
    with pytest.raises(ValueError):
        resolve(articles, scope="planet")


def test_unusable_mentions_are_rejected_with_a_reason():
    a = Article(id="r1", path="r1", raw="", text="Flash News\n\nTensions rise. tri",
                mentions=[Mention("r1", 0, 22, "Flash News\n\nTensions", "ORG"), Mention("r1", 29, 32, "tri", "ORG")])
    report = resolve_with_report([a])
    assert report.entities == []
    assert [reason for _, reason in report.rejected] == [
        "rejected: spans a line break (title or boilerplate run into the text)", "rejected: not capitalized"]


NAMES = st.lists(st.sampled_from(["Ilir Dacaj", "Dacaj", "Vushtrri", "NATO", "Nato", "KFOR", "Ardian Gashi",
                                  "Mitrovica", "EU", "European Union"]), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None)
@given(NAMES)
def test_every_mention_lands_in_exactly_one_entity(names):
    text = ". ".join(names) + "."
    mentions, position = [], 0
    for name in names:
        mentions.append(Mention("h1", position, position + len(name), name, "PERSON" if "a" in name else "ORG"))
        position += len(name) + 2
    entities = resolve([Article(id="h1", path="h1", raw=text, text=text, mentions=mentions)])
    placed = sorted((m.start, m.end) for e in entities for m in e.mentions)
    assert placed == sorted((m.start, m.end) for m in mentions)
    assert len({e.id for e in entities}) == len(entities)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


# --- a headline's lone person noun ("Host", "Coach") ------------------------------------------------

GOLD_SPANS = dict(recover_mentions=False, link_roles=False, keep_spans=True)  # as the ECB+ benchmark runs


def test_a_headline_person_noun_joins_the_person_its_article_is_about():
    from newsfuse.entities import ResolveOptions

    # only the headline's "Coach" is a mention (gold mentions cover a few sentences); the body names her
    a = article("a1", "Coach resigns after cup defeat\nMarta Ilves stepped down on Sunday. Ilves had led the "
                "club for six years, and Marta Ilves thanked the players. Club owner Dan Ortiz wished her well.",
                {"Coach": "PERSON"})
    b = article("a2", "Marta Ilves leaves the club after the cup final.", {"Marta Ilves": "PERSON"})
    entities = resolve([a, b], options=ResolveOptions(**GOLD_SPANS))
    ilves = by_name(entities, "Marta Ilves")
    assert {m.text for m in ilves.mentions} == {"Coach", "Marta Ilves"}
    assert len(entities) == 1


def test_a_person_noun_stays_apart_when_no_one_person_dominates_its_article():
    from newsfuse.entities import ResolveOptions

    a = article("a1", "Host and guest argue on air\nMara Quill and Tom Berg traded insults on the show.",
                {"Host": "PERSON", "Mara Quill": "PERSON", "Tom Berg": "PERSON"})
    entities = resolve([a], options=ResolveOptions(**GOLD_SPANS))
    assert {e.name for e in entities} == {"Host", "Mara Quill", "Tom Berg"}
    # with the option off, a noun that would otherwise be linked stays as spaCy gave it
    b = article("a2", "Host apologises\nMara Quill said sorry on Monday.", {"Host": "PERSON", "Mara Quill": "PERSON"})
    off = resolve([b], options=ResolveOptions(**GOLD_SPANS, link_person_nouns=False))
    on = resolve([b], options=ResolveOptions(**GOLD_SPANS))
    assert len(off) == 2 and len(on) == 1 and by_name(on, "Mara Quill").mentions[0].text == "Host"
