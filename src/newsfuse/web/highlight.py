"""An article's text as HTML with its entities, dates and figures marked, built from offsets.

The text is cut at every annotation and sentence boundary and each piece is escaped on its own;
markup is never spliced into the text. Each sentence is a `<span id="c{start}-{end}">`, the
anchor the brief's citations link to.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from newsfuse.present.brief import sentence_spans

# the only class names that reach the page; annotation kinds map onto them
KINDS = {"person": "ent person", "org": "ent org", "place": "ent place", "group": "ent group", "other": "ent other",
         "date": "date", "figure": "fig"}


@dataclass(slots=True, frozen=True)
class Annotation:
    start: int
    end: int
    kind: str  # a key of KINDS
    note: str  # tooltip: "Jens Stoltenberg (person)", "date 2023-11-28", ...


def highlight(text: str, annotations: list[Annotation]) -> Markup:
    """The text as HTML: sentences as anchored spans, annotated pieces as `<mark>`s with tooltips."""
    n = len(text)
    marks = [a for a in annotations if 0 <= a.start < a.end <= n and a.kind in KINDS]
    sentences = sentence_spans(text)
    cuts = {0, n}
    for a in marks:
        cuts.update((a.start, a.end))
    for s, e in sentences:
        cuts.update((s, e))
    points = sorted(cuts)
    starts = {s: e for s, e in sentences}
    ends = {e for _, e in sentences}
    out: list[str] = []
    pending: tuple[frozenset, str] | None = None  # the open <mark>'s key and its text so far

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            active, piece = pending
            out.append(_mark(active, piece))
            pending = None

    for left, right in zip(points, points[1:]):
        if left in ends:
            flush()
            out.append("</span>")
        if left in starts:
            flush()
            end = starts[left]
            out.append(f'<span class="sent" id="c{left}-{end}" data-start="{left}" data-end="{end}">')
        active = frozenset(a for a in marks if a.start <= left and right <= a.end)
        piece = text[left:right]
        if pending is not None and pending[0] == active:
            pending = (active, pending[1] + piece)
        else:
            flush()
            pending = (active, piece)
    flush()
    if n in ends:
        out.append("</span>")
    return Markup("".join(out))


def _mark(active: frozenset, piece: str) -> str:
    if not active:
        return str(escape(piece))
    ordered = sorted(active, key=lambda a: (a.kind, a.start, a.note))
    classes = " ".join(dict.fromkeys(KINDS[a.kind] for a in ordered))
    note = "; ".join(dict.fromkeys(a.note for a in ordered))
    return f'<mark class="{classes}" title="{escape(note)}">{escape(piece)}</mark>'
