"""The brief of a story: a short extractive summary cited by outlet, its key figures, its timeline.

Nothing in a brief is written by newsfuse: every summary sentence is a sentence of an article,
chosen for centrality (how much of the story it shares with other outlets' reports) and for being
confirmed by several outlets, and cited with every outlet that carries it. Ties are broken by
article order and offset, so the same store always gives the same brief.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from newsfuse.format import claim_text, date_range, date_text
from newsfuse.models import Article, Story
from newsfuse.store import Store
from newsfuse.stories.summary import MAX_SENTENCES, select, sentence_spans, stored_selection
from newsfuse.present.views import story_facts, story_timeline

__all__ = ["Brief", "BriefSentence", "Citation", "Figure", "FigureValue", "TimelineItem", "brief_dict", "brief_from",
           "build_brief", "outlet_name", "render_html", "render_html_page", "render_markdown", "sentence_around",
           "sentence_spans", "source_citations", "sources_of", "summarize", "Sources"]

UNATTRIBUTED = "unattributed"
STATUS_ORDER = {"conflicting": 0, "changed": 1, "agreed": 2, "single": 3}


@dataclass(slots=True, frozen=True)
class Citation:
    """Where a statement comes from: an outlet's article and the sentence's offsets in its text."""

    outlet: str
    article_id: str
    start: int
    end: int


@dataclass(slots=True, frozen=True)
class BriefSentence:
    text: str
    citations: tuple[Citation, ...]  # the sentence itself first, then the outlets that confirm it


@dataclass(slots=True, frozen=True)
class FigureValue:
    text: str  # "about 30 soldiers", as the claim gives it
    as_of: str | None
    citations: tuple[Citation, ...]


@dataclass(slots=True, frozen=True)
class Sources:
    """Who stands behind a fact: the outlets that published it and how many independent origins
    they come down to once copies and agency credits collapse (docs/provenance.md)."""

    outlets: int
    independent: int
    rests_on: str = ""  # "agreed by 2 independent sources, 4 outlets", when the analysis says so

    @property
    def label(self) -> str:
        """"4 outlets · 2 independent"."""
        return f"{self.outlets} outlet{'' if self.outlets == 1 else 's'} · {self.independent} independent"


def sources_of(item: object) -> Sources | None:
    """The `outlets` and `independent_sources` of an analysis item (a measure, claim, timeline
    entry, event or quote), when it has them: lists of names, or counts. None when absent or
    empty (a document from before provenance decodes with empty lists: nothing was counted)."""
    if not isinstance(item, dict) or "outlets" not in item or "independent_sources" not in item:
        return None

    def count(value: object) -> int | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value if value >= 0 else None
        if isinstance(value, (list, tuple)):
            return len(value)
        return None

    outlets, independent = count(item["outlets"]), count(item["independent_sources"])
    if not outlets or not independent:  # a fact stated somewhere has at least one of each
        return None
    rests_on = item.get("rests_on")
    return Sources(outlets, independent, rests_on if isinstance(rests_on, str) else "")


@dataclass(slots=True, frozen=True)
class Figure:
    measure_id: str
    label: str
    status: str  # agreed, conflicting, changed or single
    values: tuple[FigureValue, ...]
    sources: Sources | None = None


@dataclass(slots=True, frozen=True)
class TimelineItem:
    date: str
    precision: str
    text: str
    planned: bool
    citations: tuple[Citation, ...]
    conflicts: tuple[str, ...]  # other dates outlets give for the same statement
    sources: Sources | None = None


@dataclass(slots=True)
class Brief:
    story_id: str
    title: str
    date_start: str | None
    date_end: str | None
    outlets: list[str]
    summary: list[BriefSentence] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    timeline: list[TimelineItem] = field(default_factory=list)
    sources: list[Article] = field(default_factory=list)  # the articles cited, in store order


# -- the summary --------------------------------------------------------------------------------

def outlet_name(article: Article) -> str:
    return article.source or UNATTRIBUTED


def summarize(articles: list[Article], max_sentences: int = MAX_SENTENCES,
              stored: object = None) -> list[BriefSentence]:
    """The most central, most confirmed sentences of the articles, one per thing said, cited.

    `stored` is the story's "summary" document (`newsfuse.stories.summary`): when it was chosen
    from these very articles its selection is used, else the sentences are compared again."""
    selection = stored_selection(stored, articles, max_sentences) if stored is not None else None
    if selection is None:
        selection = select(articles, max_sentences)
    by_id = {a.id: a for a in articles}
    return [BriefSentence(" ".join(by_id[spans[0][0]].text[spans[0][1]:spans[0][2]].split()),
                          tuple(Citation(outlet_name(by_id[a]), a, s, e) for a, s, e in spans))
            for spans in selection]


# -- figures and timeline -----------------------------------------------------------------------

def source_citations(sources: list[dict], articles: dict[str, Article]) -> tuple[Citation, ...]:
    """Citations of an analysis item's sources (claims, events, quotes), to the sentence around each."""
    cited: list[Citation] = []
    for source in sources:
        article = articles.get(source.get("article_id", ""))
        if article is None:
            continue
        start, end = sentence_around(article.text, int(source.get("start", 0)), int(source.get("end", 0)))
        citation = Citation(outlet_name(article), article.id, start, end)
        if citation not in cited:
            cited.append(citation)
    return tuple(cited)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence that holds offsets [start, end), or the span itself when no sentence does."""
    for s, e in sentence_spans(text):
        if s <= start < e or (start == end == s):
            return s, max(e, min(end, len(text)))
    return start, end


def figures(facts: dict, articles: dict[str, Article]) -> list[Figure]:
    claims = {c.get("id"): c for c in facts.get("claims", [])}
    found = []
    for measure in facts.get("measures", []):
        values = []
        for claim_id in measure.get("claim_ids", []):
            claim = claims.get(claim_id)
            if claim is None:
                continue
            values.append(FigureValue(claim_text(claim), claim.get("as_of"),
                                      source_citations(claim.get("sources", []), articles)))
        values.sort(key=lambda v: (v.as_of or "", v.text))
        found.append(Figure(str(measure.get("id", "")), str(measure.get("label", "")),
                            str(measure.get("status", "single")), tuple(values), sources_of(measure)))
    found.sort(key=lambda f: (STATUS_ORDER.get(f.status, 9), -len(f.values), f.label))
    return found


def timeline(entries: list[dict], articles: dict[str, Article]) -> list[TimelineItem]:
    items = []
    for entry in entries:
        evidence = entry.get("evidence") or [{"article_id": a, "start": 0, "end": 0}
                                             for a in entry.get("article_ids", [])]
        items.append(TimelineItem(
            date=str(entry.get("date", "")), precision=str(entry.get("precision", "day")),
            text=str(entry.get("text", "")), planned=bool(entry.get("planned", False)),
            citations=source_citations(evidence, articles),
            conflicts=tuple(str(c.get("date", "")) for c in entry.get("conflicts", [])),
            sources=sources_of(entry),
        ))
    items.sort(key=lambda t: t.date)
    return items


# -- the whole brief ----------------------------------------------------------------------------

def build_brief(store: Store, story: Story, max_sentences: int = MAX_SENTENCES) -> Brief:
    """The brief of one story, from the store's articles and the story's analysis documents."""
    articles = store.articles(ids=story.article_ids, with_details=False)
    return brief_from(story, articles, story_facts(store, story), story_timeline(store, story), max_sentences,
                      stored_summary(store, story))


def stored_summary(store: Store, story: Story) -> object:
    """The story's stored "summary" document (its brief's sentences as the last analysis chose them)."""
    return store.get_analysis("story", story.id, "summary")


def brief_from(story: Story, articles: list[Article], facts: dict, entries: list[dict],
               max_sentences: int = MAX_SENTENCES, summary: object = None) -> Brief:
    """The brief of a story from its articles and analysis documents; `summary` is the stored
    sentence selection, used when it was made from these articles."""
    by_id = {a.id: a for a in articles}
    outlets = [name for name, _ in Counter(outlet_name(a) for a in articles).most_common()]
    dates = sorted(a.published[:10] for a in articles if a.published)
    brief = Brief(story.id, story.title, story.date_start or (dates[0] if dates else None),
                  story.date_end or (dates[-1] if dates else None), outlets)
    brief.summary = summarize(articles, max_sentences, summary)
    brief.figures = figures(facts, by_id)
    brief.timeline = timeline(entries, by_id)
    cited = {c.article_id for part in (brief.summary, brief.figures, brief.timeline) for c in _citations_of(part)}
    brief.sources = [a for a in articles if a.id in cited]
    return brief


def _citations_of(items: list) -> list[Citation]:
    out: list[Citation] = []
    for item in items:
        if isinstance(item, Figure):
            out.extend(c for v in item.values for c in v.citations)
        else:
            out.extend(item.citations)
    return out


def brief_dict(brief: Brief) -> dict:
    """The brief as JSON-ready data (the web API and `newsfuse brief --format json`)."""
    def cites(citations):
        return [{"outlet": c.outlet, "article_id": c.article_id, "start": c.start, "end": c.end} for c in citations]

    def sources(item) -> dict:
        found = item.sources
        return {} if found is None else {"outlet_count": found.outlets, "independent_count": found.independent,
                                         "sources": found.label, "rests_on": found.rests_on}

    return {
        "story_id": brief.story_id, "title": brief.title, "date_start": brief.date_start,
        "date_end": brief.date_end, "outlets": brief.outlets,
        "summary": [{"text": s.text, "citations": cites(s.citations)} for s in brief.summary],
        "figures": [{"measure_id": f.measure_id, "label": f.label, "status": f.status, **sources(f),
                     "values": [{"text": v.text, "as_of": v.as_of, "citations": cites(v.citations)}
                                for v in f.values]} for f in brief.figures],
        "timeline": [{"date": t.date, "precision": t.precision, "text": t.text, "planned": t.planned,
                      "conflicts": list(t.conflicts), **sources(t), "citations": cites(t.citations)}
                     for t in brief.timeline],
    }


# -- rendering ----------------------------------------------------------------------------------

# What makes inline Markdown or HTML out of text ("(" and "!" start nothing once "[" is escaped),
# and what starts a block when the text comes first after our own "- " or "> "
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_BLOCK_START = re.compile(r"^(?:#{1,6}(?=\s|$)|[+-](?=\s|$)|>|\d+(?=[.)](?:\s|$)))")


def md_escape(text: str) -> str:
    """Untrusted text as inert Markdown: one line, every markup character escaped."""
    escaped = _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return _MD_BLOCK_START.sub(lambda m: m[0] + "\\" if m[0][0].isdigit() else "\\" + m[0], escaped)


def md_cite(name: str) -> str:
    """An outlet cited in Markdown: "[Beta]" as a reader writes it. Not a link: no link
    definition can reach the document, as every text in it is escaped."""
    return f"[{md_escape(name)}]"


def _md_cites(citations: tuple[Citation, ...]) -> str:
    return " ".join(md_cite(name) for name in dict.fromkeys(c.outlet for c in citations))


def render_markdown(brief: Brief, key_figures: int = 8, level: int = 1, title_prefix: str = "") -> str:
    """The brief as Markdown; `level` is the title's heading level (sections sit one below)."""
    span = date_range(brief.date_start, brief.date_end)
    h1, h2 = "#" * level, "#" * (level + 1)
    lines = [f"{h1} {title_prefix}{md_escape(brief.title)}", "",
             f"_{span} · {len(brief.outlets)} outlets: {md_escape(', '.join(brief.outlets))}_", "", f"{h2} Summary", ""]
    lines += [f"- {md_escape(s.text)} {_md_cites(s.citations)}" for s in brief.summary] or ["_No sentence to show._"]
    lines += ["", f"{h2} Key figures", ""]
    shown = _key_figures(brief.figures, key_figures)
    if shown:
        lines += ["| figure | status | values | sources |", "|---|---|---|---|"]
        for figure in shown:
            values = "; ".join(f"{md_escape(v.text)}{' (as of ' + md_escape(date_text(v.as_of)) + ')' if v.as_of else ''} "
                               f"{_md_cites(v.citations)}" for v in figure.values)
            counted = md_escape(figure.sources.label) if figure.sources else "—"
            lines.append(f"| {md_escape(figure.label)} | {md_escape(figure.status)} | {values} | {counted} |")
    else:
        lines.append("_No figures yet._")
    lines += ["", f"{h2} Timeline", ""]
    for item in brief.timeline:
        planned = " (planned)" if item.planned else ""
        conflicts = f" — other outlets say {', '.join(md_escape(date_text(c)) for c in item.conflicts)}" if item.conflicts else ""
        counted = f" _({md_escape(item.sources.label)})_" if item.sources else ""
        lines.append(f"- **{md_escape(date_text(item.date, item.precision))}**{planned}: {md_escape(item.text)} "
                     f"{_md_cites(item.citations)}{counted}{conflicts}")
    if not brief.timeline:
        lines.append("_No dated statements yet._")
    if brief.sources:
        lines += ["", f"{h2} Sources", ""]
        lines += [f"- {md_cite(outlet_name(a))} {md_escape(a.title)} ({date_text(a.published)}, "
                  f"article {a.id})" for a in brief.sources]
    return "\n".join(lines) + "\n"


def _key_figures(figures_: list[Figure], limit: int) -> list[Figure]:
    return [f for f in figures_ if f.status != "single"][:limit] or figures_[:limit]


Href = Callable[[Citation], str]


def anchor(citation: Citation) -> str:
    return f"c{citation.start}-{citation.end}"


def _default_href(citation: Citation) -> str:
    return f"#src-{citation.article_id}"


def _html_cites(citations: tuple[Citation, ...], href: Href) -> str:
    seen: set[str] = set()
    links = []
    for c in citations:
        if c.outlet in seen:
            continue
        seen.add(c.outlet)
        links.append(f'<a class="cite" href="{html.escape(href(c))}" data-article-id="{html.escape(c.article_id)}">'
                     f'[<bdi>{html.escape(c.outlet)}</bdi>]</a>')
    return " ".join(links)


def html_sources(sources: Sources | None) -> str:
    """" · 4 outlets · 2 independent" as a small HTML note (how the status rests on them on hover)."""
    if sources is None:
        return ""
    title = f' title="{html.escape(sources.rests_on)}"' if sources.rests_on else ""
    return f' <span class="sources-count"{title}>{html.escape(sources.label)}</span>'


def render_html(brief: Brief, href: Href | None = None, key_figures: int = 8) -> str:
    """The brief as an HTML fragment; every piece of article text is escaped.

    `href` turns a citation into a link (the web app links to the article's sentence); by default
    citations link to the list of sources at the end of the fragment.
    """
    href = href or _default_href
    esc = html.escape
    out = [f'<section class="brief" data-story-id="{esc(brief.story_id)}">', '<h2>Summary</h2>']
    if brief.summary:
        out.append('<ol class="summary">')
        out += [f'<li dir="auto">{esc(s.text)} {_html_cites(s.citations, href)}</li>' for s in brief.summary]
        out.append("</ol>")
    else:
        out.append('<p class="empty">No sentence to show.</p>')
    out.append("<h2>Key figures</h2>")
    shown = _key_figures(brief.figures, key_figures)
    if shown:
        out.append('<ul class="key-figures">')
        for figure in shown:
            values = "; ".join(f"{esc(v.text)} {_html_cites(v.citations, href)}" for v in figure.values)
            out.append(f'<li class="status-{esc(figure.status)}"><span class="label" dir="auto">{esc(figure.label)}</span> '
                       f'<span class="badge {esc(figure.status)}">{esc(figure.status)}</span> {values}'
                       f'{html_sources(figure.sources)}</li>')
        out.append("</ul>")
    else:
        out.append('<p class="empty">No figures yet.</p>')
    out.append("<h2>Timeline</h2>")
    if brief.timeline:
        out.append('<ol class="timeline-list">')
        for number, item in enumerate(brief.timeline):
            planned = ' <span class="badge planned">planned</span>' if item.planned else ""
            conflicts = (f' <span class="badge conflicting">also dated {esc(", ".join(date_text(c) for c in item.conflicts))}</span>'
                         if item.conflicts else "")
            out.append(f'<li id="tl-{number}"><time datetime="{esc(item.date)}">{esc(date_text(item.date, item.precision))}</time>'
                       f'{planned} <span dir="auto">{esc(item.text)}</span> {_html_cites(item.citations, href)}'
                       f'{html_sources(item.sources)}{conflicts}</li>')
        out.append("</ol>")
    else:
        out.append('<p class="empty">No dated statements yet.</p>')
    if href is _default_href and brief.sources:
        out.append('<h2>Sources</h2><ul class="sources">')
        for a in brief.sources:
            out.append(f'<li id="src-{esc(a.id)}" data-article-id="{esc(a.id)}">[<bdi>{esc(outlet_name(a))}</bdi>] '
                       f'<bdi>{esc(a.title)}</bdi> ({esc(date_text(a.published))}){_safe_link(a.url)}</li>')
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)


def _safe_link(url: str | None) -> str:
    if url and re.match(r"https?://", url, re.IGNORECASE):
        return f' <a href="{html.escape(url)}" rel="noopener noreferrer nofollow">{html.escape(url)}</a>'
    return ""


def render_html_page(brief: Brief, css: str = "") -> str:
    """A standalone HTML document of the brief (for `newsfuse brief --format html`)."""
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{html.escape(brief.title)}</title><style>{css}</style></head>\n'
            f'<body><main class="page"><h1 dir="auto">{html.escape(brief.title)}</h1>\n'
            f'<p class="meta">{html.escape(date_range(brief.date_start, brief.date_end))}'
            f' · {len(brief.outlets)} outlets: <bdi>{html.escape(", ".join(brief.outlets))}</bdi></p>\n'
            f'{render_html(brief)}\n</main></body></html>\n')
