"""Publication date and outlet inferred from the seed reports and from synthetic text."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.text.clean import clean_text, fix_unicode
from newsfuse.text.metadata import Inferred, infer_published, infer_source, looks_like_person


def seed(seeds_dir: Path, prefix: str) -> str:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return fix_unicode(path.read_text(encoding="utf-8"))


SEED_PUBLISHED = {
    "000": Inferred("2023-11-28", "date line"),
    "001": None,  # only event dates in the body
    "002": None,
    "003": Inferred("2023-09-30", "timestamp"),
    "004": Inferred("2023-06-13", "headline date"),
}
SEED_SOURCE = {
    "000": Inferred("Beta", "source credit"),
    "001": Inferred("REL", "agency tag"),
    "002": Inferred("Jurist", "source credit"),
    "003": Inferred("time news", "byline"),
    "004": None,
}


@pytest.mark.parametrize("prefix", sorted(SEED_PUBLISHED))
def test_seed_published(seeds_dir, prefix):
    raw = seed(seeds_dir, prefix)
    assert infer_published(raw) == SEED_PUBLISHED[prefix]
    # as the pipeline calls it: after cleaning, with the cleaned headline
    assert infer_published(raw, clean_text(raw).title) == SEED_PUBLISHED[prefix]


@pytest.mark.parametrize("prefix", sorted(SEED_SOURCE))
def test_seed_source(seeds_dir, prefix):
    assert infer_source(seed(seeds_dir, prefix)) == SEED_SOURCE[prefix]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_seed_credit_used_as_outlet_is_also_removed_from_the_text(seeds_dir, prefix):
    raw = seed(seeds_dir, prefix)
    outlet = infer_source(raw)
    cleaned = clean_text(raw)
    reason = "agency tag" if outlet.how == "agency tag" else "source credit"
    assert any(outlet.value in r.text for r in cleaned.removed if r.reason == reason)


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_seed_date_line_used_as_published_is_also_removed_from_the_text(seeds_dir, prefix):
    cleaned = clean_text(seed(seeds_dir, prefix))
    assert [r.reason for r in cleaned.removed].count("date line") == 1


@pytest.mark.parametrize(("line", "expected"), [
    ("28 November 2023", Inferred("2023-11-28", "date line")),
    ("November 28, 2023", Inferred("2023-11-28", "date line")),
    ("Nov. 28, 2023 at 9:30 a.m.", Inferred("2023-11-28", "timestamp")),
    ("2023-11-28", Inferred("2023-11-28", "date line")),
    ("2023-11-28T09:30:00Z", Inferred("2023-11-28", "timestamp")),
    ("Tuesday, 28.11.2023.", Inferred("2023-11-28", "date line")),
    ("Utorak, 28. novembra 2023. 14:35", Inferred("2023-11-28", "timestamp")),
    ("Dienstag, 28. November 2023", Inferred("2023-11-28", "date line")),
    ("Published: 28.11.2023 14:35", Inferred("2023-11-28", "timestamp")),
    ("13/06/2023", Inferred("2023-06-13", "date line")),
    ("Уторак, 28. новембра 2023.", Inferred("2023-11-28", "date line")),  # Serbian, Cyrillic
    ("Utorak, 28. studenoga 2023. u 14:35", Inferred("2023-11-28", "timestamp")),  # Croatian
    ("E martë, 28 nëntor 2023", Inferred("2023-11-28", "date line")),  # Albanian
    ("Mardi 28 novembre 2023, 14h35", Inferred("2023-11-28", "timestamp")),
    ("martes, 28 de noviembre de 2023", Inferred("2023-11-28", "date line")),
    ("2023 - 11 - 28", Inferred("2023-11-28", "date line")),  # tokenized corpora
    ("05/06/2023", None),  # May or June: cannot tell
    ("31.02.2023.", None),  # not a day of the year
])
def test_date_line_formats(line, expected):
    raw = f"Council approves budget\n\n{line}\n\nThe council approved the budget by a wide margin."
    assert infer_published(raw) == expected


def test_event_date_in_a_body_sentence_is_not_the_publication_date():
    raw = ("Border crossing reopens\n\n"
           "On September 24, 2023, police closed the crossing after a night of clashes.\n\n"
           "It reopened on Monday, officials said.")
    assert infer_published(raw) is None


def test_standalone_date_far_below_the_top_is_a_teaser_date_unless_labelled():
    body = "\n\n".join(f"Paragraph {n} of the report says something new." for n in range(10))
    assert infer_published(f"Harvest begins early\n\n{body}\n\n27.11.2023.") is None
    assert infer_published(f"Harvest begins early\n\n{body}\n\nPublished: 27.11.2023.") == \
        Inferred("2023-11-27", "date line")


def test_date_in_given_headline():
    assert infer_published("Body only.", title="Storm hits coast, 3 March 2024") == \
        Inferred("2024-03-03", "headline date")


@pytest.mark.parametrize(("line", "expected"), [
    ("By Mira Kovač", None),
    ("By Mira Kovač and Luka Horvat", None),
    ("By Mira Kovač, Reuters", Inferred("Reuters", "byline")),
    ("by city desk", Inferred("city desk", "byline")),
    ("Izvor: Tanjug", Inferred("Tanjug", "source credit")),
    ("Quelle: dpa", Inferred("dpa", "source credit")),
    ("Source: a ministry official who did not want to be named said it twice.", None),
])
def test_source_credits_and_bylines(line, expected):
    raw = f"Council approves budget\n\n{line}\n\nThe council approved the budget by a wide margin."
    assert infer_source(raw) == expected


def test_credit_line_wins_over_agency_tag():
    raw = "Ports reopen\n\nThe ports reopened on Tuesday./XYZ\n\nSource: Harbour Wire"
    assert infer_source(raw) == Inferred("Harbour Wire", "source credit")


@pytest.mark.parametrize(("name", "person"), [
    ("Mira Kovač", True),
    ("Jean-Luc van der Berg", True),
    ("Ana María López", True),
    ("time news", False),
    ("Reuters", False),
    ("BBC News", False),
    ("The Associated Press", False),
    ("Staff Reporter", False),
])
def test_person_names_are_told_from_outlets(name, person):
    assert looks_like_person(name) is person


def test_empty_text_has_no_metadata():
    assert infer_published("") is None
    assert infer_source("  \n ") is None


def test_outlet_from_a_copyright_line_when_nothing_else_credits_one():
    from newsfuse.text.metadata import infer_source

    text = ("Ferry strike ends\n\nCrews returned to work on Monday after a two-day strike.\n\n"
            "© 2024 Harbour Evening Post. All rights reserved.\n")
    found = infer_source(text)
    assert (found.value, found.how) == ("Harbour Evening Post", "copyright line")
    credited = "Source: Coastline Agency\n\n" + text
    assert infer_source(credited).value == "Coastline Agency"  # an explicit credit wins
