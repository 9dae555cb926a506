"""What a poll changed per story: new articles and outlets, new or changed figures, new conflicts.

Figures come from the story's stored facts, read as records (`store.results.facts_result`): each
measure is a figure, its value the values of its claims. They are read before and after the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsfuse.format import claim_text
from newsfuse.models import Article
from newsfuse.store import Store
from newsfuse.store.results import ClaimResult, FactsResult, decode_document, facts_result

CONFLICT = "conflicting"  # the measure status that means outlets disagree on the figure


@dataclass(slots=True, frozen=True)
class NewArticle:
    id: str
    title: str
    source: str | None
    url: str | None
    duplicate_of: str | None


@dataclass(slots=True, frozen=True)
class FigureChange:
    """A figure of a story: its values now and, for a changed figure, before."""

    label: str
    values: tuple[str, ...]
    previous: tuple[str, ...] = ()


@dataclass(slots=True)
class StoryChange:
    story_id: str
    title: str
    new_story: bool  # every article of the story arrived in this poll
    articles: list[NewArticle] = field(default_factory=list)
    new_outlets: list[str] = field(default_factory=list)
    new_figures: list[FigureChange] = field(default_factory=list)
    changed_figures: list[FigureChange] = field(default_factory=list)
    new_conflicts: list[FigureChange] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class _Figure:
    key: str
    label: str
    values: tuple[str, ...]
    status: str


def facts_snapshot(store: Store) -> dict[str, FactsResult]:
    """The stored facts of every story, to compare with after a run."""
    return {story.id: facts_result(store, "story", story.id) for story in store.stories()}


def story_changes(store: Store, articles: list[Article], stories: list, known_before: set[str],
                  facts_before: dict[str, FactsResult]) -> list[StoryChange]:
    """Per story touched by the run: the articles that were not in the store before, and what they changed."""
    titles = {story.id: story.title for story in stories}
    by_story: dict[str, list[Article]] = {}
    for article in articles:
        if article.id not in known_before and article.story_id:
            by_story.setdefault(article.story_id, []).append(article)
    changes = []
    for story_id, new in by_story.items():
        new_ids = {a.id for a in new}
        older = [a for a in store.articles(story_id=story_id, with_details=False) if a.id not in new_ids]
        outlets_before = {a.source for a in older if a.source}
        after = facts_result(store, "story", story_id)
        new_figures, changed, conflicts = diff_facts(facts_before.get(story_id), after)
        changes.append(StoryChange(
            story_id, titles.get(story_id) or new[0].title, not older,
            [NewArticle(a.id, a.title, a.source, a.url, a.duplicate_of) for a in new],
            sorted({a.source for a in new if a.source} - outlets_before), new_figures, changed, conflicts,
        ))
    return sorted(changes, key=lambda c: (c.new_story, c.story_id))


def diff_facts(before: FactsResult | dict | None,
               after: FactsResult | dict | None) -> tuple[list[FigureChange], list[FigureChange], list[FigureChange]]:
    """(new figures, changed figures, new conflicts) between two facts results of one story (None: none
    stored); a facts document in the report's shape (a dict) is read as its record first."""
    old = _figures(before)
    old_by_label = {f.label.casefold(): f for f in old.values()}
    new_figures, changed, conflicts = [], [], []
    for figure in _figures(after).values():
        previous = old.get(figure.key) or old_by_label.get(figure.label.casefold())
        if previous is None:
            new_figures.append(FigureChange(figure.label, figure.values))
        elif figure.values != previous.values:
            changed.append(FigureChange(figure.label, figure.values, previous.values))
        if figure.status == CONFLICT and (previous is None or previous.status != CONFLICT):
            conflicts.append(FigureChange(figure.label, figure.values, previous.values if previous else ()))
    return new_figures, changed, conflicts


def _figures(facts: FactsResult | dict | None) -> dict[str, _Figure]:
    if isinstance(facts, dict):
        facts = decode_document("facts", facts)
    if facts is None:
        return {}
    figures = {}
    for number, measure in enumerate(facts.measures):
        values: list[str] = []
        for claim in facts.claims_of(measure):
            text = _value_text(claim)
            if text and text not in values:
                values.append(text)
        key = measure.id or f"#{number}"
        label = measure.label or measure.id or key
        figures[key] = _Figure(key, label, tuple(sorted(values)), measure.status or "")
    return figures


def _value_text(claim: ClaimResult) -> str | None:
    """"at least 25 soldiers", "10–20 dead", "about 1,000": a claim's value as every report shows it."""
    return None if claim.value is None else claim_text(claim)
