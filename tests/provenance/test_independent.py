"""Independent sources behind a figure: copies, credited wires and attributed sentences collapse
into their origin (texts written for these tests)."""

from newsfuse.facts import cross_check, facts_to_dicts, read_facts
from newsfuse.facts.provenance import origin_resolver, root_of
from newsfuse.models import Article

WIRE = "Harbour officials said 40 boats sank in the storm on Monday, and 12 sailors were rescued."


def story(*articles: Article):
    from newsfuse.nlp import mentions_from_doc, parse

    facts = []
    for article, doc in zip(articles, parse(a.text for a in articles)):
        article.mentions = mentions_from_doc(article.id, doc)
        facts.append(read_facts(article, doc))
    return facts_to_dicts(cross_check(list(articles), [c for f in facts for c in f.claims],
                                      [e for f in facts for e in f.events], [q for f in facts for q in f.quotes]))


def report(aid, publisher, text, credits=(), **more):
    more.setdefault("published", "2024-03-04")
    return Article(id=aid, path=f"{aid}.txt", raw=text, text=text, publisher=publisher, source=publisher,
                   credits=list(credits), **more)


def boats(facts):
    return next(m for m in facts["measures"] if "boats" in m["label"])


def test_four_outlets_printing_one_wire_are_one_independent_source():
    facts = story(*(report(f"w{i}", site, WIRE, credits=["Reuters"]) for i, site in
                    enumerate(["Bay Post", "Coast Daily", "Port News", "Isle Times"])))
    measure = boats(facts)
    assert measure["status"] == "agreed" and len(measure["outlets"]) == 4
    assert measure["independent_sources"] == ["Reuters"]
    assert "agreed by 1 independent source, 4 outlets" in measure["reason"]


def test_independent_reports_and_a_copy():
    own = "Fishermen said 40 boats sank at the harbour during the storm on Monday."
    facts = story(report("a", "Bay Post", WIRE), report("b", "Coast Daily", own),
                  report("c", "Port News", WIRE, duplicate_of="a"))
    measure = boats(facts)
    assert measure["independent_sources"] == ["Bay Post", "Coast Daily"]
    assert "agreed by 2 independent sources, 3 outlets" in measure["reason"]


def test_an_attributed_sentence_counts_for_the_agency():
    text = "The storm hit the coast on Monday. According to the Associated Press, 40 boats sank at the harbour."
    facts = story(report("a", "Bay Post", text), report("b", "Coast Daily", "Officials said 40 boats sank on Monday."))
    assert boats(facts)["independent_sources"] == ["AP", "Coast Daily"]


def test_copy_loop_is_one_origin_and_no_crash():
    a = report("a", "Bay Post", WIRE, derived_from=[("b", 0.9)])
    b = report("b", "Coast Daily", WIRE, derived_from=[("a", 0.9)])
    by_id = {"a": a, "b": b}
    assert root_of("a", by_id) == root_of("b", by_id) == "a"
    origin = origin_resolver([a, b])
    assert origin("a", 0) == origin("b", 0)
