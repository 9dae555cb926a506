"""A story of thousands of articles (a long text read in parts, a wire copied by hundreds of sites)
cross-checks its figures with each figure compared once, not each pair of sentences: the same
statuses and reasons as a pair-by-pair comparison, in a number of comparisons that does not grow
with the number of sentences repeating a figure (figures made up for these tests)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.facts import measures
from newsfuse.facts.measures import _clash_reason, _consistent, _meets_all, _spans, build_measures, verdict
from newsfuse.facts.numbers import Quantity
from newsfuse.facts.records import Claim

UNITS = ["count", "percent", "km", "m", "USD"]
QUALIFIERS = ["exact", "about", "more_than", "at_least", "up_to", "between", "vague"]


def claim(article: str, quantity: Quantity, as_of: str | None = "2024-05-16", offset: int = 0) -> Claim:
    return Claim(article, offset, offset + 2, offset, offset + 40, f"Sentence at {offset}.", quantity.text,
                 quantity, "containers lost", owner="Marrow Bay", as_of=as_of)


@st.composite
def quantities(draw) -> Quantity:
    qualifier = draw(st.sampled_from(QUALIFIERS))
    low = draw(st.one_of(st.none(), st.integers(-50, 50).map(float)))
    high = draw(st.one_of(st.none(), st.integers(-50, 50).map(float))) if qualifier == "between" else low
    if qualifier in ("more_than", "at_least", "vague"):
        high = None
    if qualifier == "up_to":
        low = None
    return Quantity(low, high, qualifier, draw(st.sampled_from(UNITS)), f"{low} {high}")


def pairwise(claims: list[Claim]) -> bool:
    return all(a.quantity.compatible(b.quantity) for i, a in enumerate(claims) for b in claims[i + 1:])


@settings(max_examples=400, deadline=None)
@given(st.lists(quantities(), min_size=0, max_size=7), st.lists(st.integers(0, 6), max_size=12))
def test_figures_are_consistent_exactly_when_every_pair_is(distinct, repeats):
    claims = [claim(f"a{i}", q) for i, q in enumerate(distinct)]
    claims += [claim(f"r{i}", distinct[i % len(distinct)]) for i in repeats if distinct]
    assert _consistent(claims) == pairwise(claims)


@settings(max_examples=300, deadline=None)
@given(quantities(), st.lists(quantities(), min_size=1, max_size=6))
def test_a_figure_meets_a_moment_exactly_when_it_meets_each_of_its_figures(figure, moment):
    window = [claim(f"a{i}", q) for i, q in enumerate(moment)]
    assert _meets_all(figure, _spans(window)) == all(figure.compatible(c.quantity) for c in window)


@settings(max_examples=300, deadline=None)
@given(st.lists(quantities(), min_size=2, max_size=8), st.lists(st.integers(0, 7), max_size=10))
def test_the_clash_named_is_the_first_pair_that_clashes(distinct, repeats):
    claims = [claim(f"a{i}", q, offset=i) for i, q in enumerate(distinct)]
    claims += [claim(f"r{i}", distinct[i % len(distinct)], offset=100 + i) for i in repeats]
    pairs = [(a, b) for i, a in enumerate(claims) for b in claims[i + 1:] if not a.quantity.compatible(b.quantity)]
    if pairs:
        a, b = pairs[0]
        assert _clash_reason(claims) == f"same measure, same day, {measures._figure(a.quantity)} vs " \
                                        f"{measures._figure(b.quantity)}"


def _story(copies: int) -> tuple[list[Claim], dict[str, str]]:
    """A figure the outlets agree on (48), one they dispute (9 vs 12 days), one undated (2.3 million),
    each repeated by `copies` articles of three outlets."""
    claims, outlet_of = [], {}
    for i in range(copies):
        for n, outlet in enumerate(("Gazette", "Courier", "Herald")):
            article = f"{outlet}-{i}"
            outlet_of[article] = outlet
            claims.append(claim(article, Quantity(48, 48, "exact", "count", "48"), offset=0))
            days = 9 if outlet != "Herald" else 12
            claims.append(Claim(article, 50, 52, 50, 90, "The pier was closed.", str(days),
                                Quantity(days, days, "exact", "day", str(days)), "pier closure", as_of="2024-05-16",
                                kind="duration"))
            claims.append(Claim(article, 100, 103, 100, 140, "Repairs cost 2.3 million.", "2.3 million",
                                Quantity(2.3e6, 2.3e6, "about", "USD", "2.3 million"), "repairs", kind="money"))
    return claims, outlet_of


def _statuses(claims, outlet_of):
    found, story_claims = build_measures(claims, outlet_of)
    return ([(m.label, m.status, m.reason) for m in found],
            [(c.measure, c.quantity, sorted(c.outlets)) for c in story_claims])


def test_a_story_of_thousands_of_copies_reads_as_the_story_of_a_few(monkeypatch):
    few = _statuses(*_story(2))
    calls = []
    real = Quantity.compatible
    monkeypatch.setattr(Quantity, "compatible", lambda self, other: calls.append(1) or real(self, other))
    many_claims, many_outlets = _story(300)
    many = _statuses(many_claims, many_outlets)
    assert [m[1] for m in many[0]] == [m[1] for m in few[0]] and "conflicting" in [m[1] for m in few[0]]
    assert [m[2].split(";")[0] for m in many[0]] == [m[2].split(";")[0] for m in few[0]]
    assert [c[:2] for c in many[1]] == [c[:2] for c in few[1]]  # one story claim per figure, not per sentence
    # each distinct figure met once: a pair-by-pair check would compare 900 x 900 sentences per measure
    assert len(calls) < 50


def test_a_series_of_many_sentences_per_day_is_cut_into_its_days():
    claims = [claim(f"a{i}", Quantity(40_000 + 5_000 * (i % 7 // 3), None, "more_than", "count", "x"),
                    as_of=f"2024-01-{10 + i % 7 // 3 * 10:02d}") for i in range(3_000)]
    status, reason = verdict(claims, {c.article_id: c.article_id for c in claims})
    assert status == "changed" and reason.count("→") == 2
