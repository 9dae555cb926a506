"""Links between a dated and an undated report are judged by their groups' years: an undated report
is dated by what its whole group mentions, so the same kind of event years apart stays two stories
even when one report of the old event names no year and links to the new one; and three reports
linked only to each other take their best link out to the rest of their event's coverage."""

from __future__ import annotations

from newsfuse.stories.features import day_number, featurize
from newsfuse.stories.grouping import GROUP_YEARS_LINK, ISLAND_LINK, Units, link_neighbours, nearest_links, regroup
from newsfuse.stories.model import ArticleVector, DocFrequencies

from .conftest import make_article


def _vector(day: str | None = None, years: tuple[str, ...] = ()) -> ArticleVector:
    return ArticleVector(terms={}, names={}, headline={}, numbers=frozenset(years), dates=frozenset(),
                         anchor=day_number(day) if day else None)


# "quiet" is an undated report of the old event that names no year; its group does (2008)
VECTORS = {"quiet": _vector(), "old": _vector(years=("#2003", "#2008")), "older": _vector(),
           "now": _vector("2013-09-18"), "now2": _vector("2013-09-19")}
ORDER = list(VECTORS)


def _links(across: float) -> dict[str, list[tuple[float, str]]]:
    return {"quiet": [(across, "now"), (5.0, "old")], "old": [(5.0, "quiet")], "older": [(4.0, "quiet")],
            "now": [(6.0, "now2")], "now2": [(6.0, "now")]}


def test_an_undated_group_mentioning_another_year_stays_apart_from_the_dated_one():
    # "quiet" comes first and names no year: link by link in order, it would join "now" at once
    groups = link_neighbours(ORDER, VECTORS, Units(ORDER), links=_links(2.0))
    assert groups == [["quiet", "old", "older"], ["now", "now2"]]


def test_a_strong_link_still_joins_them():
    groups = link_neighbours(ORDER, VECTORS, Units(ORDER), links=_links(GROUP_YEARS_LINK + 0.5))
    assert groups == [ORDER]


def test_an_undated_group_naming_the_dated_year_joins():
    vectors = {**VECTORS, "old": _vector(years=("#2008", "#2013"))}
    assert link_neighbours(ORDER, vectors, Units(ORDER), links=_links(2.0)) == [ORDER]


NAMES = [("Banstead", "GPE"), ("Waitrose", "ORG")]


def _fire(article_id: str, lead: str) -> tuple[str, object]:
    text = (f"{lead}\nFirefighters fought the blaze at the Waitrose store in Banstead High Street through the "
            "night and residents of nearby flats were taken to a leisure centre.\nThe roof of the store "
            "collapsed and the cause of the fire is not yet known, Surrey Fire and Rescue said.")
    return article_id, featurize(make_article(article_id, lead, text, NAMES, published="2008-12-05"))


def test_three_reports_linked_only_to_each_other_join_the_rest_of_their_event():
    items = [_fire(f"a{k}", "Huge fire destroys Waitrose store in Banstead") for k in range(3)]
    items += [_fire(f"b{k}", "Residents evacuated as fire guts Banstead supermarket") for k in range(3)]
    order = [a for a, _ in items]
    dfs = DocFrequencies.of(f for _, f in items)
    links = nearest_links(order, {a: ArticleVector.of(f, dfs) for a, f in items})
    # each three are each other's nearest: their links alone make two stories of one fire
    assert all({b[0] for _, b in found} == {a[0]} and len(found) == 2 for a, found in links.items())
    assert max(score for found in links.values() for score, _ in found) >= ISLAND_LINK
    assert len(set(regroup(items).values())) == 1
