"""Credits in odd places are not text credits, and the seeds name their origin (texts written
for these tests; the seeds are read, never copied)."""

from pathlib import Path

import pytest

from newsfuse.models import Article
from newsfuse.pipeline.stages import CleanStage, MetadataStage
from newsfuse.text.agencies import attributions


def ingested(raw: str) -> Article:
    article = Article("x", "x.txt", raw)
    CleanStage().process(article)
    MetadataStage().process(article)
    return article


BODY = "Harbour closes\n\nThe harbour closed on Monday after the storm, officials said.\n\n"


@pytest.mark.parametrize("odd", [
    "Divers search the channel on Tuesday. AP Photo/Lena Berg",  # a photo caption
    "(AP Photo/Lena Berg)",
    "Photo: Reuters/Tomas Vik",
    # an author bio naming agencies he once worked for
    "Mira Lund covers the coast for us. She previously worked for Agence France-Presse in Lisbon.",
    "About the author: Tomas Vik spent ten years at Reuters before joining the paper.",
])
def test_photo_credits_and_author_bios_are_not_credits(odd):
    article = ingested(BODY + odd)
    assert article.credits == [] and article.source is None
    assert attributions(article.text) == []


def test_a_related_block_credits_nothing():
    related = ("Related posts\n\nPORTVILLE (Reuters) - Fishermen count their losses after 40 boats sank\n\n"
               "Coast road reopens /REL\n\nSource: AFP")
    article = ingested(BODY + related)
    assert article.credits == [] and article.source is None
    assert attributions(article.text) == []
    assert "40 boats" not in article.text  # the block went as boilerplate, facts and all


def test_the_real_credit_survives_next_to_a_photo_credit():
    article = ingested("Harbour closes\n\nAP Photo/Lena Berg\n\nThe harbour closed on Monday.\n\nIzvor: Beta")
    assert article.credits == ["Beta"] and article.source == "Beta"


def _seeds(seeds_dir: Path) -> dict[str, Article]:
    found = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        article = Article(path.stem[:3], path.name, path.read_text(encoding="utf-8"))
        CleanStage().process(article)
        MetadataStage().process(article)
        found[article.id] = article
    return found


def test_no_seed_naming_its_origin_is_unknown_outlet(seeds_dir):
    seeds = _seeds(seeds_dir)
    assert {aid: a.credits for aid, a in seeds.items() if a.credits} == {
        "000": ["Beta"], "001": ["RFE/RL"], "002": ["Jurist"], "003": ["time news"]}
    for article in seeds.values():
        names_origin = bool(article.credits) or bool(attributions(article.text))
        assert not names_origin or article.source, f"seed {article.id} names its origin but has no outlet"
    attributed = {a.agency for article in seeds.values() for a in attributions(article.text)}
    assert {"AP", "AFP"} <= attributed  # "the Associated Press", "France Press"


def test_a_former_employer_in_the_byline_is_no_outlet():
    article = ingested("Harbour closes\n\nBy Jana Petrić, formerly of Reuters\n\nThe harbour closed on Monday.")
    assert article.credits == [] and article.source is None
