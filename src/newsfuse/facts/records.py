"""The records of the facts stage: what one article says (claims, event mentions, quotes) and what
a story says once outlets are compared (measures with a status, merged events and quotes).

Per-article records point back to their text: `start`/`end` span the figure, trigger or quote in
`Article.text`, `sentence_start`/`sentence_end` the sentence it stands in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsfuse.facts.numbers import Quantity


@dataclass(slots=True, frozen=True)
class Source:
    """One place a story-level fact was read: the article and its sentence (a stored source without
    the sentence or its offsets reads back with them empty, store/results.py)."""

    article_id: str
    text: str = ""
    start: int = 0
    end: int = 0


@dataclass(slots=True, frozen=True)
class FirstReport:
    """Who reported a fact first (facts/provenance.py): the article, its publisher, the independent
    origin it stands for (the agency it credits or is copied from), and the day it came out."""

    article_id: str
    publisher: str
    origin: str
    published: str | None = None


@dataclass(slots=True, frozen=True)
class Claim:
    """A figure in one article, with what it counts and whose, where and when it holds.

    `counted` is the counted phrase as written ("additional troops", "soldiers injured"); `measure`
    the same words lemmatized ("additional troop"), only words of the sentence; `owner` and `place`
    are canonical names (KFOR's owner is NATO); `as_of` an ISO date, maybe partial, and `planned`
    marks figures for the future ("150 additional troops next year"). `change` is "up" or "down"
    when the figure is the size of a rise or a fall ("rose 0.3%"), None for a level ("rose to
    75,000"); `kind` the family of its unit (count, money,
    percent, age, duration, length, ... docs/facts.md).
    """

    article_id: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    sentence: str
    text: str
    quantity: Quantity
    counted: str
    owner: str | None = None
    place: str | None = None
    as_of: str | None = None
    planned: bool = False
    change: str | None = None
    measure: str = ""
    kind: str = "count"
    # the kind of casualty ("injured", "killed") of a total the figure restates ("puts the total at
    # 93", read as the events read it): in a story it continues that kind's earlier figures
    restates: str | None = None

    @property
    def source(self) -> Source:
        return Source(self.article_id, self.sentence, self.sentence_start, self.sentence_end)


@dataclass(slots=True, frozen=True)
class Casualty:
    """People killed, injured or arrested in an event, as one sentence reports them."""

    kind: str  # killed, injured, arrested
    quantity: Quantity
    who: str
    article_id: str
    start: int
    end: int
    # a figure restated as a new total ("puts the total at 93"), as of its date; when merged, the
    # event's latest total is "current" and the older figures of that kind "superseded"
    revised: bool = False
    as_of: str | None = None
    status: str | None = None


@dataclass(slots=True, frozen=True)
class EventMention:
    """One sentence's report of a typed event: its trigger word, who did it to whom, where, when."""

    article_id: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    sentence: str
    type: str  # an ontology type of docs/facts.md: attack, clash, protest, deployment, ...
    trigger: str
    actor1: str | None = None
    actor2: str | None = None
    place: str | None = None
    date: str | None = None
    casualties: tuple[Casualty, ...] = ()
    sentence_index: int = 0
    # the earlier event this one is reported as following ("troops sent after the attack in
    # Banjska": "banjska"), by its specific place or date; mentions following one event merge
    follows: str | None = None

    @property
    def source(self) -> Source:
        return Source(self.article_id, self.sentence, self.sentence_start, self.sentence_end)


@dataclass(slots=True, frozen=True)
class Quote:
    """A direct quote in one article (`start`/`end` span the words inside the quotation marks)."""

    article_id: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    sentence: str
    text: str
    speaker: str | None = None  # as resolved within the article ("Jens Stoltenberg")
    speaker_text: str | None = None  # as written next to the quote ("Stoltenberg", "he")

    @property
    def source(self) -> Source:
        return Source(self.article_id, self.text, self.start, self.end)


@dataclass(slots=True)
class StoryClaim:
    """A figure as the story reports it: the same value, qualifier and date from one or more outlets."""

    id: str
    measure_id: str
    measure: str
    quantity: Quantity
    as_of: str | None
    planned: bool
    sources: list[Source] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    change: str | None = None
    owner: str | None = None
    concept: str = ""  # the lemmatized words of the sentence the figure counts ("additional troop")
    outlets: list[str] = field(default_factory=list)  # publishers carrying the figure
    independent_sources: list[str] = field(default_factory=list)  # origins once copies collapse (facts/provenance.py)
    first_report: FirstReport | None = None  # the earliest article giving this figure


@dataclass(slots=True)
class Measure:
    """One thing that is counted ("NATO troops in Kosovo") with every claim about it and a status:
    agreed, conflicting, changed or single (rules in docs/facts.md)."""

    id: str
    label: str
    key: tuple[str, str, str]  # (what is counted, whose, where), normalized
    status: str
    claim_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    conservative: Quantity | None = None  # the lowest credible current figure
    reason: str = ""  # why the status: "same measure, same day, 1,000 vs 150"
    independent_sources: list[str] = field(default_factory=list)  # origins once copies collapse (facts/provenance.py)
    rests_on: str = ""  # what the status rests on: "agreed by 2 independent sources, 4 outlets"
    first_report: FirstReport | None = None  # the earliest article giving a figure of this measure


@dataclass(slots=True)
class Event:
    """One real-world event, merged from every outlet's report of it."""

    id: str
    type: str
    date: str | None
    place: str | None
    actor1: str | None
    actor2: str | None
    fatalities: int | None
    casualties: list[Casualty] = field(default_factory=list)
    mentions: list[EventMention] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    injuries: int | None = None
    latitude: float | None = None  # of `place`, when the gazetteer knows it
    longitude: float | None = None
    outlets: list[str] = field(default_factory=list)  # publishers reporting it (facts/provenance.py)
    independent_sources: list[str] = field(default_factory=list)

    @property
    def article_ids(self) -> list[str]:
        return sorted({m.article_id for m in self.mentions})


@dataclass(slots=True)
class StoryQuote:
    """One quote, however many outlets carry it; `speaker` is the canonical entity name."""

    id: str
    text: str
    speaker: str | None
    sources: list[Source] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    independent_sources: list[str] = field(default_factory=list)


@dataclass(slots=True)
class StoryFacts:
    """The cross-checked facts of one story."""

    claims: list[StoryClaim] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[StoryQuote] = field(default_factory=list)
