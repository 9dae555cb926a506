"""The Python API as a notebook uses it: `import newsfuse` is light, and stories' results come back
as records with attributes (newsfuse/__init__.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import newsfuse
from newsfuse.format import date_text, quantity


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo corpus analysed through the API, then the store opened as a reader opens it."""
    from newsfuse.demo import corpus_dir

    db = tmp_path_factory.mktemp("api") / "demo.db"
    newsfuse.analyze([str(corpus_dir())], db=db)
    with newsfuse.open_store(db) as store:
        yield store


def test_import_loads_no_heavy_part():
    code = ("import sys, newsfuse; newsfuse.StoryResult; "
            "print(sorted(m for m in ('spacy', 'sklearn', 'pandas', 'pyarrow') if m in sys.modules))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert shown.strip() == "[]"


@pytest.mark.slow
def test_stories_and_entities_stay_functions_once_the_store_is_loaded(demo):
    import newsfuse.pipeline.run  # noqa: F401  (imports the subpackages newsfuse.stories and .entities)

    stories = list(newsfuse.stories(demo))
    assert stories and all(s.entities for s in stories[:3])
    assert newsfuse.entities(demo, stories[0])[0].name


@pytest.mark.slow
def test_claims_are_records_with_attributes(demo):
    claims = [c for s in newsfuse.stories(demo) for c in newsfuse.claims(demo, s)]
    assert claims and all(isinstance(c, newsfuse.ClaimResult) for c in claims)
    soldiers = [c for c in claims if "soldier" in c.measure and isinstance(c.value, int)]
    assert soldiers, "the demo reports soldiers injured and deployed"
    assert all(c.sources and c.sources[0].text for c in soldiers)  # every figure cites its sentence
    assert all(f"{c.value:,}" in quantity(c.value, c.unit, c.qualifier) for c in soldiers if c.value < 10**6)


@pytest.mark.slow
def test_measures_events_quotes_and_timeline_are_records(demo):
    story = max(newsfuse.stories(demo), key=lambda s: len(s.article_ids))
    measures = newsfuse.measures(demo, story)
    assert measures and {m.status for m in measures} <= {"agreed", "conflicting", "changed", "single"}
    assert all(isinstance(e, newsfuse.EventResult) and e.type for e in newsfuse.events(demo, story))
    assert all(isinstance(q, newsfuse.QuoteResult) and q.text for q in newsfuse.quotes(demo, story))
    timeline = newsfuse.timeline(demo, story)
    assert timeline and all(isinstance(e, newsfuse.TimelineEntry) for e in timeline)
    assert "undated" not in date_text(timeline[0].date)


@pytest.mark.slow
def test_story_result_by_prefix_holds_every_document(demo):
    story = next(newsfuse.stories(demo))
    result = newsfuse.story_result(demo, story.id[:8])
    assert result.id == story.id and result.version is not None
    assert [e.id for e in result.entities] == [e.id for e in story.entities]
    assert [c.id for c in result.facts.claims] == [c.id for c in newsfuse.claims(demo, story)]
    measure = result.facts.measures[0]
    assert {c.id for c in result.facts.claims_of(measure)} == set(measure.claim_ids)
    thread = newsfuse.thread_result(demo, story.thread_id)
    assert thread.id == story.thread_id and thread.facts.claims


@pytest.mark.slow
def test_an_ambiguous_or_unknown_story_is_an_error(demo):
    with pytest.raises(newsfuse.NewsfuseError):
        newsfuse.claims(demo, "s-no-such-story")
