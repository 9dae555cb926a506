"""The pieces pages are made of: highlighted text, charts, the map."""

from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.web.geo import Place, map_svg, outlines
from newsfuse.web.highlight import Annotation, highlight
from newsfuse.web.svg import Bar, chart, span_of


class Nesting(HTMLParser):
    """Fails on a closing tag that does not close the innermost open tag."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()


def plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


TEXT = "Troops arrived in Zvečan on Monday. About 30 were hurt.\n\nNATO said <b>more</b> would come."


def test_highlighting_keeps_the_text_and_marks_each_annotation():
    marks = [Annotation(18, 24, "place", "Zvečan (place)"), Annotation(28, 34, "date", "date 2023-05-29"),
             Annotation(36, 44, "figure", "injured: about 30"), Annotation(57, 61, "org", "NATO (org)")]
    out = str(highlight(TEXT, marks))
    assert plain(out) == TEXT
    assert '<mark class="ent place" title="Zvečan (place)">Zvečan</mark>' in out
    assert '<mark class="fig" title="injured: about 30">About 30</mark>' in out
    assert "&lt;b&gt;more&lt;/b&gt;" in out  # article text is never markup
    parser = Nesting()
    parser.feed(out)
    assert parser.stack == []


def test_each_sentence_is_an_anchor_named_by_its_offsets():
    out = str(highlight(TEXT, []))
    anchors = re.findall(r'id="c(\d+)-(\d+)"', out)
    assert [TEXT[int(s):int(e)] for s, e in anchors] == [
        "Troops arrived in Zvečan on Monday.", "About 30 were hurt.", "NATO said <b>more</b> would come."]


def test_overlapping_and_bad_annotations_still_nest():
    marks = [Annotation(10, 40, "person", "a"), Annotation(20, 60, "date", "b"),
             Annotation(-5, 3, "org", "outside"), Annotation(5, 500, "org", "too long"),
             Annotation(2, 4, "unknown-kind", "x")]
    out = str(highlight(TEXT, marks))
    assert plain(out) == TEXT
    # where two overlap, the piece carries both; out-of-range and unknown annotations are left out
    assert '<mark class="ent person" title="a">ived in Zv</mark><mark class="date ent person" title="b; a">ečan' in out
    assert "outside" not in out and "too long" not in out and 'title="x"' not in out
    parser = Nesting()
    parser.feed(out)


@given(text=st.text(max_size=200), spans=st.lists(st.tuples(st.integers(0, 220), st.integers(0, 220),
                                                             st.sampled_from(["person", "date", "figure"])),
                                                   max_size=8))
def test_any_text_with_any_annotations_stays_the_same_text(text, spans):
    marks = [Annotation(min(a, b), max(a, b), kind, f"<{kind}>") for a, b, kind in spans]
    out = str(highlight(text, marks))
    assert plain(out) == text
    assert "<script" not in out.replace("&lt;script", "")
    parser = Nesting()
    parser.feed(out)


def test_timex_values_become_spans_of_days():
    assert span_of("2023-05-29") == (date(2023, 5, 29), date(2023, 5, 29))
    assert span_of("2023-05", "month") == (date(2023, 5, 1), date(2023, 5, 31))
    assert span_of("2023-W21") == (date(2023, 5, 22), date(2023, 5, 28))
    assert span_of("2023-W38-WE")[0] == date(2023, 9, 18)
    assert span_of("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert span_of("PRESENT_REF") is None and span_of("") is None and span_of("2023-13-45") is None


def test_chart_draws_one_row_per_bar_with_escaped_labels():
    bars = [Bar("<script>x</script>", date(2023, 5, 29), date(2023, 5, 29), href="/story/a\"b"),
            Bar("planned", date(2023, 6, 5), date(2023, 6, 11), css="planned", marks=(date(2023, 6, 1),))]
    out = str(chart(bars))
    assert out.count('class="row') == 2 and "<script>" not in out and "&lt;script&gt;" in out
    assert 'href="/story/a&#34;b"' in out
    assert '<circle class="conflict"' in out and '<rect class="bar"' in out
    assert chart([]) is None


def test_map_draws_places_over_country_outlines():
    assert len(outlines()) > 150
    out = str(map_svg([Place("Zvečan", 42.91, 20.84), Place("<b>Pristina</b>", 42.67, 21.17),
                       Place("clash", 42.96, 20.79, "event", "clash 2023-09-24"), Place("nowhere", None, None)]))
    assert out.startswith('<svg class="map"') and "Kosovo" in out and "Serbia" in out
    assert out.count("<circle") == 2 and out.count('class="pin event"') == 1
    assert "&lt;b&gt;Pristina&lt;/b&gt;" in out and "<b>" not in out
    assert map_svg([Place("nowhere", None, None), Place("bad", 95.0, 10.0)]) is None


def test_balkan_map_labels_never_run_together():
    from test_workspace import boxes_overlap, texts_of

    from newsfuse.web.geo import fit

    places = [Place("Kosovo", 42.67, 21.17), Place("Pristina", 42.67, 21.17), Place("Serbia", 44.80, 20.47),
              Place("Belgrade", 44.80, 20.47), Place("Banjska", 42.958, 20.789), Place("Zvečan", 42.908, 20.840),
              Place("Europe", 48.7, 9.1, anchor=False), Place("Washington", 38.9, -77.0),
              Place("attack", 42.958, 20.789, "event", href="#ev-0", label="attack · 24 September 2023")]
    shown, left_off = fit(places)
    assert [p.name for p in left_off] == ["Washington"]
    out = str(map_svg(shown))
    labels = texts_of(out)
    names = [t[4] for t in labels]
    assert {"Banjska", "Kosovo", "Serbia", "attack · 24 September 2023"} <= set(names)
    assert "Serbiade" not in "".join(names)
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not boxes_overlap(a, b, 11 if "country" in a[3] + b[3] else 13), (a[4], b[4])
    assert '<a class="pin event" href="#ev-0"' in out
    width = float(re.search(r'viewBox="0 0 (\d+)', out)[1])
    xs = [t[0] for t in labels if t[4] in ("Banjska", "Serbia")]
    assert abs(xs[0] - xs[1]) < width  # fitted: a few degrees across, not the world


def test_hostile_map_labels_and_links_are_text():
    out = str(map_svg([Place('<script>alert(1)</script>', 42.6, 21.1, href='javascript:alert(1)" onclick="x'),
                       Place("<svg onload=alert(2)>", 42.7, 21.2, "event", label="<img src=x onerror=alert(3)>")]))
    assert "<script>" not in out and "<svg onload" not in out and "<img" not in out
    assert '" onclick="' not in out and "&lt;script&gt;" in out and 'href="javascript:' not in out
