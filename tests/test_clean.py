"""The cleaner on the five scraped seed reports and on synthetic text written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.text.clean import REASONS, Cleaned, clean_text, fix_unicode


def seed(seeds_dir: Path, prefix: str) -> str:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return fix_unicode(path.read_text(encoding="utf-8"))


def lines_of(raw: str) -> list[str]:
    return [line.strip() for line in raw.split("\n") if line.strip()]


def removed_as(cleaned: Cleaned, reason: str) -> list[str]:
    return [r.text for r in cleaned.removed if r.reason == reason]


# Boilerplate each seed really carries, with the reason it must be removed for.
SEED_BOILERPLATE = [
    ("000", "Izvor: Beta", "source credit"),
    ("000", "28.11.2023", "date line"),
    ("000", "AP Photo", "photo credit"),
    ("000", "Komentari 3", "comments"),
    ("000", "Pogledaj komentare", "comments"),
    ("000", "3 Komentari", "comments"),
    ("000", "Možda vas zanima", "related links"),
    ("001", "Flash News", "kicker"),
    ("001", "/REL", "agency tag"),
    ("001", "Latest news", "related links"),
    ("002", "Home »", "breadcrumb"),
    ("002", "Featured", "category list"),
    ("002", "Source : Jurist", "source credit"),
    ("003", "by time news", "source credit"),
    ("003", "2023-09-30 10:14:00", "date line"),
    ("003", "#NATO", "hashtags"),
    ("003", "You may also like", "related links"),
    ("003", "Leave a Comment", "comments"),
    ("004", "News:", "kicker"),
    ("004", "Related posts", "related links"),
]


@pytest.mark.parametrize(("prefix", "fragment", "reason"), SEED_BOILERPLATE)
def test_seed_boilerplate_is_removed_with_its_reason(seeds_dir, prefix, fragment, reason):
    cleaned = clean_text(seed(seeds_dir, prefix))
    assert any(fragment in text for text in removed_as(cleaned, reason)), cleaned.removed
    assert fragment not in cleaned.text


# Names and figures from each report's body that must survive cleaning.
SEED_FACTS = {
    "000": ["Stoltenberg", "4,500", "Borrell", "O'Brien"],
    "001": ["Stoltenberg", "4,500", "Bunjaku", "Borrell"],
    "002": ["Stoltenberg", "Blinken", "Bearbock", "150"],
    "003": ["Stoltenberg", "Kirby", "Sullivan", "650"],
    "004": ["Lajcak", "4,000", "1244", "Turkish"],
}


@pytest.mark.parametrize("prefix", sorted(SEED_FACTS))
def test_seed_body_keeps_its_facts_in_clean_paragraphs(seeds_dir, prefix):
    cleaned = clean_text(seed(seeds_dir, prefix))
    for fact in SEED_FACTS[prefix]:
        assert fact in cleaned.text
    paragraphs = cleaned.text.split("\n\n")
    assert len(paragraphs) >= 3
    assert all(p and "\n" not in p and p == p.strip() for p in paragraphs)


@pytest.mark.parametrize("prefix", sorted(SEED_FACTS))
def test_seed_removed_offsets_point_at_the_removed_text(seeds_dir, prefix):
    raw = seed(seeds_dir, prefix)
    for removed in clean_text(raw).removed:
        assert raw[removed.start:removed.end] == removed.text
        assert removed.reason in REASONS


def test_seed_titles(seeds_dir):
    first = {prefix: lines_of(seed(seeds_dir, prefix)) for prefix in SEED_FACTS}
    assert clean_text(seed(seeds_dir, "000")).title == first["000"][0]
    assert clean_text(seed(seeds_dir, "001")).title == first["001"][1]  # under the "Flash News" kicker
    assert clean_text(seed(seeds_dir, "002")).title == first["002"][0].split("»", 1)[1].strip()
    assert clean_text(seed(seeds_dir, "003")).title == first["003"][0]
    assert clean_text(seed(seeds_dir, "004")).title == first["004"][0].removeprefix("News:").strip()


@pytest.mark.parametrize("prefix", ["000", "001", "002"])
def test_seed_repeated_headline_is_removed(seeds_dir, prefix):
    cleaned = clean_text(seed(seeds_dir, prefix))
    repeats = removed_as(cleaned, "repeated headline")
    assert repeats
    assert all(cleaned.title.startswith(r) for r in repeats)
    assert cleaned.title not in cleaned.text


def test_seed_truncated_headline_repeat_is_removed(seeds_dir):
    cleaned = clean_text(seed(seeds_dir, "001"))
    (repeat,) = removed_as(cleaned, "repeated headline")
    assert len(repeat) < len(cleaned.title)
    assert repeat not in cleaned.text


def test_seed_lead_paragraph_above_the_credit_is_body(seeds_dir):
    lines = lines_of(seed(seeds_dir, "000"))
    assert clean_text(seed(seeds_dir, "000")).text.startswith(lines[1])


@pytest.mark.parametrize(("prefix", "heading"), [("000", "Možda vas zanima"), ("004", "Related posts")])
def test_seed_teasers_after_the_heading_are_removed(seeds_dir, prefix, heading):
    raw = seed(seeds_dir, prefix)
    cleaned = clean_text(raw)
    teasers = lines_of(raw[raw.index(heading) + len(heading):])
    assert teasers
    for teaser in teasers:
        assert teaser not in cleaned.text
        assert any(teaser in text for text in removed_as(cleaned, "related links"))


def test_seed_hard_wrapped_sentences_are_rejoined(seeds_dir):
    raw = seed(seeds_dir, "002")
    cleaned = clean_text(raw)
    lines = raw.split("\n")
    wraps = [(line, after) for line, after in zip(lines, lines[1:])
             if len(line) > 100 and line.rstrip()[-1].isalpha() and after.strip()]
    assert wraps
    for line, after in wraps:
        assert f"{line.split()[-1]} {after.split()[0]}" in cleaned.text


def test_seed_agency_tag_leaves_the_sentence_end(seeds_dir):
    cleaned = clean_text(seed(seeds_dir, "001"))
    assert cleaned.text.endswith(".")
    assert "/REL" not in cleaned.text


# --- synthetic inputs --------------------------------------------------------------------------

def test_german_teaser_block_is_removed_to_the_end():
    raw = ("Stadtrat beschließt neues Radwegenetz\n\n"
           "Der Stadtrat hat am Dienstag ein Netz aus zwölf neuen Radwegen beschlossen. "
           "Die Bauarbeiten sollen im Frühjahr beginnen.\n\n"
           "Das könnte Sie auch interessieren:\n\n"
           "Neue Buslinie verbindet den Norden mit dem Hafen\n\n"
           "Hitzewelle: Freibäder verlängern die Öffnungszeiten")
    cleaned = clean_text(raw)
    assert cleaned.title == "Stadtrat beschließt neues Radwegenetz"
    assert cleaned.text.startswith("Der Stadtrat hat am Dienstag")
    assert "Buslinie" not in cleaned.text and "Freibäder" not in cleaned.text
    (teasers,) = removed_as(cleaned, "related links")
    assert teasers.startswith("Das könnte Sie auch interessieren") and teasers.endswith("Öffnungszeiten")


def test_teaser_block_ends_where_body_resumes():
    raw = ("Harbour reopens after storm\n\n"
           "The harbour reopened on Friday morning after three days of closure.\n\n"
           "Read also\n\n"
           "Ferry prices rise for the summer\n\n"
           "Fishermen count their losses\n\n"
           "Port officials said the breakwater held, although two cranes were damaged by the wind. "
           "Repairs are expected to take a month, and cargo ships will be directed to the eastern quay "
           "until then. The mayor thanked the crews who worked through the nights to clear the channel.")
    cleaned = clean_text(raw)
    assert "Ferry prices" not in cleaned.text and "Fishermen" not in cleaned.text
    assert cleaned.text.endswith("to clear the channel.")
    assert cleaned.text.count("\n\n") == 1


def test_inline_read_also_line_is_removed_but_its_neighbours_stay():
    raw = ("Bridge closed for repairs\n\n"
           "Engineers closed the old bridge on Monday after finding cracks in two pillars.\n\n"
           "Read also: Traffic chaos expected on the ring road\n\n"
           "The bridge will stay shut for at least six weeks, the city said.")
    cleaned = clean_text(raw)
    assert removed_as(cleaned, "related links") == ["Read also: Traffic chaos expected on the ring road"]
    assert "cracks in two pillars" in cleaned.text and "six weeks" in cleaned.text


def test_hard_wrapped_paragraph_is_rejoined():
    raw = ("Library extends opening hours\n\n"
           "The central library will stay open until ten in the evening from\n"
           "next month, the culture department announced, after students asked\n"
           "for more space to study during the exam season.\n\n"
           "Weekend hours will not change.")
    cleaned = clean_text(raw)
    assert cleaned.text.split("\n\n") == [
        "The central library will stay open until ten in the evening from next month, the culture department "
        "announced, after students asked for more space to study during the exam season.",
        "Weekend hours will not change.",
    ]


def test_single_newline_between_full_sentences_keeps_paragraphs_apart():
    raw = "Vote postponed\n\nThe vote was postponed to March.\nOpposition parties welcomed the delay."
    assert clean_text(raw).text == "The vote was postponed to March.\n\nOpposition parties welcomed the delay."


def test_person_byline_and_photo_credit_are_removed():
    raw = ("Vineyards count frost damage\n\nBy Mira Kovač\n\nPhoto: Luka Horvat\n\n"
           "Growers in the valley lost up to a third of the harvest to a late frost.")
    cleaned = clean_text(raw)
    assert removed_as(cleaned, "byline") == ["By Mira Kovač"]
    assert removed_as(cleaned, "photo credit") == ["Photo: Luka Horvat"]
    assert cleaned.text == "Growers in the valley lost up to a third of the harvest to a late frost."


def test_sentences_about_news_are_kept():
    raw = ("Village celebrates new school\n\n"
           "The news reached the village late on Sunday, and residents gathered in the square.\n\n"
           "Latest news from the ministry was that the school would open in September.\n\n"
           "Comments from parents were mostly enthusiastic.")
    cleaned = clean_text(raw)
    assert cleaned.removed == ()
    assert len(cleaned.text.split("\n\n")) == 3


@pytest.mark.parametrize("sentence", [
    "Copyright lawsuits against the platform doubled last year.",
    "Sources: two officials said the talks had stalled",
    "By contrast, the northern districts stayed calm",
    "Related talks in Geneva ended without agreement.",
    "Photo exhibitions will reopen in May.",
    "Share prices fell by four percent on Monday.",
])
def test_lines_that_start_like_boilerplate_but_are_sentences_are_kept(sentence):
    cleaned = clean_text(f"{sentence}\n\nThe rest of the report follows here.", title="Talks")
    assert cleaned.removed == ()
    assert cleaned.text.startswith(sentence)


def test_title_case_headline_is_not_a_category_list():
    raw = "Europe Politics Heat Up As Leaders Meet In Rome\n\nLeaders arrived in Rome on Thursday."
    assert clean_text(raw).title == "Europe Politics Heat Up As Leaders Meet In Rome"


def test_given_title_treats_all_text_as_body_and_drops_its_repeat():
    raw = "Flood warning lifted\n\nUtorak, 28. novembra 2023.\n\nRiver levels fell below the alert mark overnight."
    cleaned = clean_text(raw, title="Flood warning lifted")
    assert cleaned.title == "Flood warning lifted"
    assert removed_as(cleaned, "repeated headline") == ["Flood warning lifted"]
    assert removed_as(cleaned, "date line") == ["Utorak, 28. novembra 2023."]
    assert cleaned.text == "River levels fell below the alert mark overnight."


def test_a_long_first_line_is_body_not_a_title():
    body = "Rescue teams worked through the night to reach the climbers. " * 6
    cleaned = clean_text(body.strip())
    assert cleaned.title == ""
    assert cleaned.text == body.strip()


@pytest.mark.parametrize("raw", ["", "   ", "\n\n\n", " \t\n \n"])
def test_empty_input_gives_empty_text(raw):
    assert clean_text(raw) == Cleaned(title="", text="", removed=())


def test_fix_unicode_repairs_mojibake_and_normalises_spaces_and_breaks():
    fixed = fix_unicode("Caf\u00c3\u00a9 de\u00a0la\u202fGare\r\n\u201cquoted\u201d\u200b text\rend")
    assert fixed == "Café de la Gare\n\u201cquoted\u201d text\nend"


# --- properties --------------------------------------------------------------------------------

_BOILERPLATE_LINES = ["Komentari 3", "Home » World » A headline of several words here", "#one #two",
                      "Source: Wire", "by some outlet", "Tuesday, 28.11.2023.", "You may also like",
                      "Agency/AP Photo/Someone", "Flash News", "News: Something happened", "ended./REL",
                      "Politics World News Europe", "Read also: Another story"]
_LINES = st.one_of(st.sampled_from(_BOILERPLATE_LINES), st.text(max_size=80))
_TEXTS = st.one_of(
    st.text(),
    st.lists(st.tuples(_LINES, st.sampled_from(["\n", "\n\n", "\n \n", "\r\n"]))).map(
        lambda parts: "".join(line + sep for line, sep in parts)),
)


@settings(max_examples=300, deadline=None)
@given(raw=_TEXTS, title=st.one_of(st.none(), st.text(max_size=40)))
def test_removed_pieces_always_point_into_raw(raw, title):
    cleaned = clean_text(raw, title)
    previous_end = 0
    for removed in sorted(cleaned.removed, key=lambda r: r.start):
        assert raw[removed.start:removed.end] == removed.text
        assert removed.text and removed.reason in REASONS
        assert removed.start >= previous_end
        previous_end = removed.end
    assert "\n\n\n" not in cleaned.text
    assert cleaned.text == cleaned.text.strip()
