"""Publisher and credits of a report: the agency table, credit lines, attributions in the text."""

from pathlib import Path

import pytest

from newsfuse.models import Article
from newsfuse.pipeline.stages import MetadataStage
from newsfuse.text.agencies import attributions, load_agencies
from newsfuse.text.metadata import infer_credits, infer_publisher, site_of


def seed(seeds_dir: Path, prefix: str) -> str:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix, credit", [("000", "Beta"), ("001", "RFE/RL"), ("002", "Jurist"), ("003", "time news")])
def test_seed_credits(seeds_dir, prefix, credit):
    assert credit in [c.value for c in infer_credits(seed(seeds_dir, prefix))]


def test_seed_photo_credit_is_not_a_text_credit(seeds_dir):
    # the Belgrade page carries "Tanjug/AP Photo/..." under its headline: a photo credit
    assert [c.value for c in infer_credits(seed(seeds_dir, "000"))] == ["Beta"]


@pytest.mark.parametrize("prefix, agency", [("001", "AP"), ("003", "AFP")])
def test_seed_attributions(seeds_dir, prefix, agency):
    assert agency in {a.agency for a in attributions(seed(seeds_dir, prefix))}


def test_aliases_in_several_languages_name_one_agency():
    table = load_agencies()
    assert {table.lookup(n) for n in ("Agence France-Presse", "France Press", "AFP")} == {"AFP"}
    assert {table.lookup(n) for n in ("REL", "Radio Evropa e Lirë", "Radio Free Europe/Radio Liberty")} == {"RFE/RL"}
    assert table.lookup("the Associated Press agency") == "AP"
    assert table.lookup("rel") is None  # a capitals-only alias matches only as written
    assert table.lookup("Jurist") is None


def test_user_file_extends_the_table(tmp_path):
    extra = tmp_path / "mine.csv"
    extra.write_text("Harbour Wire,XX,HW|Harbour Wire Service\nAP,US,Asoshiejtid Pres\n", encoding="utf-8")
    table = load_agencies(str(extra))
    assert table.lookup("Harbour Wire Service") == "Harbour Wire"
    assert table.lookup("Asoshiejtid Pres") == "AP" and table.lookup("Associated Press") == "AP"


def test_dateline_and_split_credits():
    assert [c.value for c in infer_credits("PORTVILLE (Reuters) - The harbour closed on Monday.")] == ["Reuters"]
    raw = "Storm closes the harbour\n\nIzvor: Tanjug/FoNet\n\nThe harbour closed on Monday."
    assert [c.value for c in infer_credits(raw)] == ["Tanjug", "FoNet"]


def test_odd_credits_are_not_text_credits():
    former = "Harbour closes\n\nBy Jana Petrić, formerly of Reuters\n\nThe harbour closed on Monday."
    assert infer_credits(former) == []
    related = "The harbour closed on Monday.\n\nRelated posts\n\nSource: Reuters\n"
    assert infer_credits(related) == []
    photo = "Harbour closes\nPhoto: AP/Mira Lund\nThe harbour closed on Monday."
    assert infer_credits(photo) == []


def test_attribution_needs_a_known_agency_and_a_reporting_verb():
    text = "The mayor said the bridge will reopen. According to the mayor, it is safe. Reuters reported that 12 boats sank."
    found = attributions(text)
    assert [a.agency for a in found] == ["Reuters"]
    assert text[found[0].sentence_start:found[0].sentence_end] == "Reuters reported that 12 boats sank."
    assert attributions("An AP exam and a rapport on the REL unit.") == []


def test_publisher_from_input_then_url_then_masthead():
    assert infer_publisher("text", "https://www.b92.net/info/x", "B92").value == "B92"
    assert infer_publisher("text", "https://www.b92.net/info/x").value == "b92.net"
    assert site_of("https://m.kosovapress.com/a") == "kosovapress.com"
    assert infer_publisher("Body.\n\n© 2023 Ibar Valley Herald. All rights reserved.").value == "Ibar Valley Herald"
    assert infer_publisher("Body only.") is None


def test_metadata_stage_keeps_publisher_and_credit_apart(seeds_dir):
    article = Article("a1", "x.txt", seed(seeds_dir, "000"), url="https://www.example-belgrade.rs/news/1")
    MetadataStage().process(article)
    assert article.publisher == "example-belgrade.rs" and article.credits == ["Beta"]
    assert article.source == "example-belgrade.rs"  # the publisher when known
    bare = Article("a2", "y.txt", seed(seeds_dir, "000"))
    MetadataStage().process(bare)
    assert bare.publisher is None and bare.source == "Beta"  # else the credit


def test_store_keeps_provenance(store):
    article = Article("p1", "p.txt", "raw", title="t", text="text", content_hash="h", publisher="b92.net",
                      credits=["Beta", "AP"], derived_from=[("p0", 0.62)])
    store.add_articles([article])
    back = store.article("p1")
    assert (back.publisher, back.credits, back.derived_from) == ("b92.net", ["Beta", "AP"], [("p0", 0.62)])


def test_masthead_and_first_appeared():
    raw = "Harbour closes\n\nBAY STREET REVIEW | Europe\n\nBy Mira Lund\n\nThe harbour closed on Monday."
    assert infer_publisher(raw).value == "Bay Street Review"
    moved = "The harbour closed on Monday.\n\nThis report first appeared in the Coast Ledger newsletter."
    assert [c.value for c in infer_credits(moved)] == ["Coast Ledger"]
    staff = "Harbour closes\n\nBy Harbourline News staff\n\nThe harbour closed on Monday."
    assert [c.value for c in infer_credits(staff)] == ["Harbourline News"]
