"""The stage contract: fields and order checked when built, returns checked when run, one failing
article rejected and one failing story recorded while the run goes on."""

import pytest

from newsfuse.errors import PipelineError, StageError
from newsfuse.models import Article, Batch, Story, Thread
from newsfuse.pipeline.contract import INGESTED, ArticleStage, Pipeline, StageFailure, StoryStage, ThreadStage
from newsfuse.pipeline.stages import STORY_INPUT, article_stages, story_stages, thread_pipeline


class Upper(ArticleStage):
    name = "upper"
    requires = ("article.raw",)
    assigns = ("article.text",)

    def process(self, article):
        if "boom" in article.raw:
            raise ValueError("cannot read this one")
        if not article.raw.strip():
            return "nothing to read"
        article.text = article.raw.upper()
        return article


class NeedsMentions(ArticleStage):
    name = "needs-mentions"
    requires = ("article.mentions",)

    def process(self, article):
        return article


class Titles(StoryStage):
    """Titles a story after its first article; fails on a story without articles."""

    name = "titles"
    requires = ("story.articles", "article.title")
    assigns = ("story.title",)

    def process(self, story):
        story.title = story.articles[0].title
        return story


def articles(*raws):
    return [Article(id=f"a{i}", path=f"/in/{i}.txt", raw=raw) for i, raw in enumerate(raws)]


def test_order_is_checked_when_the_pipeline_is_built():
    with pytest.raises(PipelineError, match="needs-mentions.*article.mentions"):
        Pipeline([Upper(), NeedsMentions()])


def test_a_misspelt_field_fails_when_the_pipeline_is_built():
    class Misspelt(ArticleStage):
        name = "misspelt"
        requires = ("article.text",)
        assigns = ("article.mentoins",)

    with pytest.raises(PipelineError, match="stage 'misspelt': 'article.mentoins' is not a field of Article"):
        Pipeline([Upper(), Misspelt()])


def test_a_field_of_no_record_fails_when_the_pipeline_is_built():
    class Nowhere(ArticleStage):
        name = "nowhere"
        requires = ("facts",)

    with pytest.raises(PipelineError, match="stage 'nowhere': 'facts' names no record"):
        Pipeline([Nowhere()])


def test_a_stage_needing_what_nobody_assigns_fails_when_built_even_if_it_is_a_field():
    class NeedsTimeline(StoryStage):
        name = "needs-timeline"
        requires = ("story.timeline",)

    with pytest.raises(PipelineError, match="needs-timeline.*story.timeline.*no earlier stage"):
        Pipeline([Titles(), NeedsTimeline()], provided=STORY_INPUT)
    Pipeline([Titles()], provided=STORY_INPUT)  # what the story holds when loaded is enough


def test_a_stage_cannot_assign_a_record_it_does_not_hold():
    class Reaching(ArticleStage):
        name = "reaching"
        assigns = ("story.title",)

    with pytest.raises(PipelineError, match="reaching.*article scope.*cannot assign story.title"):
        Pipeline([Reaching()])


def test_stages_of_different_units_cannot_share_a_pipeline():
    with pytest.raises(PipelineError, match="cannot share a pipeline"):
        Pipeline([Upper(), Titles()])


def test_a_stage_cannot_appear_twice():
    with pytest.raises(PipelineError, match="twice"):
        Pipeline([Upper(), Upper()])


def test_one_failing_article_is_rejected_with_the_stage_named_and_the_rest_goes_on():
    batch = Pipeline([Upper()]).run(Batch(articles("calm", "boom", "  ", "quiet")))
    assert [a.text for a in batch.articles] == ["CALM", "QUIET"]
    reasons = {r.path: r.reason for r in batch.rejected}
    assert reasons["/in/1.txt"] == "stage 'upper' failed: ValueError: cannot read this one"
    assert reasons["/in/2.txt"] == "nothing to read"


def test_a_batch_stage_returning_the_wrong_thing_is_a_stage_error():
    class Broken:
        name, scope, requires, assigns = "broken", "batch", (), ()

        def __call__(self, batch):
            return None

    with pytest.raises(StageError, match="stage 'broken'.*NoneType, not Batch"):
        Pipeline([Broken()]).run(Batch(articles("x")))


def test_an_article_stage_returning_the_wrong_thing_names_the_stage_and_article():
    class Forgets(ArticleStage):
        name = "forgets"

        def process(self, article):
            article.text = article.raw  # and no return

    with pytest.raises(StageError, match="stage 'forgets' failed on article a0"):
        Pipeline([Forgets()]).run(Batch(articles("x")))


def test_a_story_stage_returning_the_wrong_thing_names_the_stage():
    class Forgets(StoryStage):
        name = "forgets-story"
        requires = ("story.articles",)

        def process(self, story):
            return story.articles

    with pytest.raises(StageError, match="stage 'forgets-story'.*list, not Story"):
        Pipeline([Forgets()], provided=STORY_INPUT).run_one(Story("s-1", "", ["a0"], articles=articles("x")))


def test_a_story_stage_failing_on_one_story_does_not_stop_the_others():
    stories = [Story("s-1", "", ["a0"], articles=[Article("a0", "/in/0.txt", "x", title="Bridge reopens")]),
               Story("s-2", "", []),
               Story("s-3", "", ["a1"], articles=[Article("a1", "/in/1.txt", "y", title="Talks resume")])]
    results = list(Pipeline([Titles()], provided=STORY_INPUT).run_each(stories))
    assert [r.title for r in results if isinstance(r, Story)] == ["Bridge reopens", "Talks resume"]
    [failure] = [r for r in results if isinstance(r, StageFailure)]
    assert (failure.scope, failure.key, failure.stage) == ("story", "s-2", "titles")
    assert "IndexError" in failure.reason and "s-2" in str(failure)


def test_a_thread_stage_failing_is_recorded_for_that_thread():
    class Sizes(ThreadStage):
        name = "sizes"
        requires = ("thread.stories",)
        assigns = ("thread.title",)

        def process(self, thread):
            thread.title = f"{len(thread.stories[0].article_ids)} articles"
            return thread

    pipeline = Pipeline([Sizes()], provided={"thread.stories"})
    ok, failed = pipeline.run_each([Thread("t-1", "", ["s-1"], stories=[Story("s-1", "", ["a", "b"])]),
                                    Thread("t-2", "", [])])
    assert ok.title == "2 articles"
    assert isinstance(failed, StageFailure) and (failed.key, failed.stage) == ("t-2", "sizes")


def test_the_stage_lists_build_and_each_needs_what_the_one_before_provides():
    article = Pipeline(article_stages(None, None))
    assert article.names == ["clean", "language", "metadata", "dedup", "times", "nlp"]
    # a story starts with what the article stages (and ingest) left on its articles
    story_needs = {n for s in story_stages(gazetteer=None) for n in s.requires if n.startswith("article.")}
    assert story_needs - INGESTED <= article.assigns | {"article.facts"}
    assert "article.facts" in Pipeline(article_stages(None, None, consumers=[_facts_reader()])).assigns
    assert Pipeline(story_stages(gazetteer=None), provided=STORY_INPUT).names == [
        "reanchor", "entities", "timeline", "facts"]
    assert thread_pipeline().names == ["thread-facts"]


def _facts_reader():
    from newsfuse.facts import FactsReader
    return FactsReader()
