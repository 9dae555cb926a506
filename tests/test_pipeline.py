"""The stage contract: order checked when built, one failing article rejected, the run goes on."""

import pytest

from newsfuse.errors import PipelineError, StageError
from newsfuse.models import Article, Batch
from newsfuse.pipeline.contract import ArticleStage, Pipeline


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


def articles(*raws):
    return [Article(id=f"a{i}", path=f"/in/{i}.txt", raw=raw) for i, raw in enumerate(raws)]


def test_order_is_checked_when_the_pipeline_is_built():
    with pytest.raises(PipelineError, match="needs-mentions.*article.mentions"):
        Pipeline([Upper(), NeedsMentions()])


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
        name, requires, assigns = "broken", (), ()

        def __call__(self, batch):
            return None

    with pytest.raises(StageError, match="stage 'broken'"):
        Pipeline([Broken()]).run(Batch(articles("x")))
