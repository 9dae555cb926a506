"""Attributions to news agencies: every alias of the table is found as the text writes it, and the
answer for a text is the same however often it is asked."""

import pytest

from newsfuse.text import agencies as module
from newsfuse.text.agencies import Agency, AgencyTable, attributions


def _names(text, table):
    return [(a.agency, a.text) for a in attributions(text, table)]


def test_every_alias_is_credited_as_written():
    table = module.agencies()
    for agency in table.agencies:
        for alias in (agency.name, *agency.aliases):
            if table.lookup(alias) != agency.name:  # "Associated Press (AP)": a credit's form, not a name in text
                continue
            text = f"The bridge was closed, according to {alias}. Traffic stopped."
            assert _names(text, table)[:1] == [(agency.name, alias)], alias
            if alias.lower() != alias and not module._is_capitals(alias):  # folded aliases match in any case
                assert _names(text.replace(alias, alias.lower()), table)[:1] == [(agency.name, alias.lower())]


def test_capitals_only_aliases_do_not_match_inside_words_or_in_lower_case():
    table = AgencyTable()
    table.add(Agency("AP", "US", ("Associated Press",)))
    assert _names("Shops reopened, ap reported. A map reported nothing.", table) == []
    assert _names("Shops reopened, AP reported.", table) == [("AP", "AP")]
    assert _names("Shops reopened, the associated press reported.", table) == [("AP", "associated press")]


def test_asking_again_gives_the_same_answer_and_a_new_alias_is_seen():
    table = AgencyTable()
    table.add(Agency("Reuters", "GB", ()))
    text = "Two were hurt, Reuters reported. Later Beta said the road was open."
    first = attributions(text, table)
    first.clear()  # a caller changing its list changes nothing for the next
    assert [a.agency for a in attributions(text, table)] == ["Reuters"]
    table.add(Agency("Beta", "RS", ()))
    assert [a.agency for a in attributions(text, table)] == ["Reuters", "Beta"]


@pytest.mark.parametrize("size", [10, module.SAID_CHARS + 10])
def test_long_and_short_texts_alike(size, monkeypatch):
    monkeypatch.setattr(module, "SAID_TEXTS", 2)
    table = AgencyTable()
    table.add(Agency("Tanjug", "RS", ()))
    texts = [("x" * size) + f" {i}. According to Tanjug, {i} roads closed." for i in range(4)]
    assert [len(attributions(t, table)) for t in texts * 2] == [1] * 8
    assert len(table._said) <= 2
