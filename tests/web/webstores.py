"""Stores for the web, brief and export tests: a small made-up story set and hostile articles,
written straight into a store (no pipeline run), with analysis documents in the shapes the
story analyzer stores."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from newsfuse.codec import encode
from newsfuse.models import Article, Entity, Mention, Removed, Story, Thread, TimeExpression
from newsfuse.store import Store


@dataclass
class Report:
    """An article as a test writes it: who, when, what, which names and dates to mark."""

    outlet: str | None
    published: str | None
    title: str
    text: str
    names: dict[str, str] = field(default_factory=dict)  # surface -> spaCy label
    dates: dict[str, str] = field(default_factory=dict)  # surface -> TIMEX value
    url: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)  # (text, reason)


def article_from(report: Report) -> Article:
    digest = hashlib.sha256((report.title + report.text + (report.outlet or "")).encode()).hexdigest()[:16]
    raw = report.title + "\n\n" + report.text + "".join("\n\n" + t for t, _ in report.removed)
    article = Article(id=digest, path=f"/in/{digest}.txt", raw=raw, title=report.title, text=report.text,
                      url=report.url, source=report.outlet, published=report.published, language="en",
                      content_hash="h" + digest)
    for surface, label in report.names.items():
        for m in re.finditer(re.escape(surface), report.text):
            article.mentions.append(Mention(digest, m.start(), m.end(), surface, label))
    for surface, value in report.dates.items():
        for m in re.finditer(re.escape(surface), report.text):
            article.times.append(TimeExpression(digest, m.start(), m.end(), surface, "DATE", value))
    article.mentions.sort(key=lambda m: m.start)
    article.times.sort(key=lambda t: t.start)
    for text, reason in report.removed:
        start = raw.rfind(text)
        article.removed.append(Removed(text, reason, start, start + len(text)))
    return article


def build_store(path: Path, stories: dict[str, list[Report]], threads: dict[str, list[str]] | None = None,
                analysis: dict[str, dict] | None = None) -> tuple[Path, dict[str, list[Article]]]:
    """A store with the given stories (id -> reports) and threads (id -> story ids); `analysis` maps a
    story id to {"facts": ..., "timeline": ...} or a callable taking the story's articles."""
    made: dict[str, list[Article]] = {}
    thread_of = {s: t for t, members in (threads or {}).items() for s in members}
    with Store(path) as store:
        story_records, thread_records = [], []
        for story_id, reports in stories.items():
            articles = [article_from(r) for r in reports]
            for a in articles:
                a.story_id = story_id
            made[story_id] = articles
            story_records.append(Story(story_id, reports[0].title, [a.id for a in articles], thread_of.get(story_id)))
        for thread_id, members in (threads or {}).items():
            thread_records.append(Thread(thread_id, f"Thread of {members[0]}", members))
        with store.transaction() as conn:
            store.add_articles([a for group in made.values() for a in group], conn)
            store.save_stories(story_records, thread_records, conn)
        for story_id, articles in made.items():
            store.put_analysis("story", story_id, "entities", encode(entities_of(articles)))
        for story_id, docs in (analysis or {}).items():
            docs = docs(made[story_id]) if callable(docs) else docs
            for kind, body in docs.items():
                store.put_analysis("story", story_id, kind, body)
    return path, made


TYPES = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "NORP": "group"}
COORDINATES = {"Lindmark": (52.1, 9.3, "DE"), "Osterhall": (52.3, 9.6, "DE"), "Kosovo": (42.6, 20.9, "XK")}


def entities_of(articles: list[Article]) -> list[Entity]:
    """The story's entities as the resolver stores them: here, mentions grouped by their text."""
    found: dict[str, Entity] = {}
    for article in articles:
        for mention in article.mentions:
            entity = found.setdefault(mention.text, Entity(id="e-" + hashlib.sha1(mention.text.encode()).hexdigest()[:8],
                                                           name=mention.text, type=TYPES.get(mention.label, "other")))
            entity.mentions.append(mention)
    for entity in found.values():
        if entity.type == "place" and entity.name in COORDINATES:
            entity.lat, entity.lon, entity.country = COORDINATES[entity.name]
    return list(found.values())


def span(article: Article, surface: str) -> dict:
    start = article.text.index(surface)
    return {"article_id": article.id, "text": surface, "start": start, "end": start + len(surface)}


# -- a small, hand-made story set -----------------------------------------------------------------

FLOOD = [
    Report("Valley Gazette", "2023-10-17", "River bursts its banks in Lindmark",
           "The river Drevna burst its banks in Lindmark on Tuesday, forcing about 2,300 residents from their homes. "
           "Mayor Henrike Söllner said the water rose 3.2 metres above normal. "
           "Rescue teams from Osterhall worked through the night.",
           names={"Lindmark": "GPE", "Henrike Söllner": "PERSON", "Osterhall": "GPE", "Drevna": "LOC"},
           dates={"Tuesday": "2023-10-17"}, url="https://gazette.example/flood",
           removed=[("Share this story on social media", "related links")]),
    Report("Lowland Courier", "2023-10-18", "Flood toll rises in Lindmark",
           "More than 2,000 residents of Lindmark were evacuated after the river Drevna burst its banks on Tuesday. "
           "Mayor Henrike Söllner said the water rose 3.2 metres above normal. "
           "One man was found dead on Wednesday, raising the toll to one; officials had earlier reported no deaths.",
           names={"Lindmark": "GPE", "Henrike Söllner": "PERSON", "Drevna": "LOC"},
           dates={"Tuesday": "2023-10-17", "Wednesday": "2023-10-18"}),
    Report("Northwind Agency", "2023-10-18", "Lindmark counts the cost of the flood",
           "Thousands were evacuated in Lindmark when the river Drevna burst its banks on Tuesday, Mayor Henrike "
           "Söllner said. The regional council will meet on 24 October to decide on emergency funds.",
           names={"Lindmark": "GPE", "Henrike Söllner": "PERSON", "Drevna": "LOC"},
           dates={"Tuesday": "2023-10-17", "24 October": "2023-10-24"}),
]
EARNINGS = [
    Report("Ledger Markets", "2023-10-26", "Quillbyte beats forecasts",
           "Quillbyte Systems reported third-quarter revenue of 412 million euros, beating forecasts. "
           "Chief executive Marguerite Oyelaran said cloud revenue grew 27 percent.",
           names={"Quillbyte Systems": "ORG", "Marguerite Oyelaran": "PERSON"}),
]


def flood_analysis(articles: list[Article]) -> dict:
    gazette, courier, agency = articles
    claims = [
        {"id": "c1", "measure": "m1", "value": 2300, "unit": "residents", "qualifier": "about",
         "as_of": "2023-10-17", "sources": [span(gazette, "about 2,300")]},
        {"id": "c2", "measure": "m1", "value": 2000, "unit": "residents", "qualifier": "more than",
         "as_of": "2023-10-18", "sources": [span(courier, "More than 2,000")]},
        {"id": "c3", "measure": "m2", "value": 3.2, "unit": "metres", "qualifier": None, "as_of": "2023-10-17",
         "sources": [span(gazette, "3.2 metres"), span(courier, "3.2 metres")]},
        {"id": "c4", "measure": "m3", "value": 0, "unit": "deaths", "qualifier": None, "as_of": "2023-10-17",
         "sources": [span(courier, "no deaths")]},
        {"id": "c5", "measure": "m3", "value": 1, "unit": "deaths", "qualifier": None, "as_of": "2023-10-18",
         "sources": [span(courier, "toll to one")]},
    ]
    measures = [
        {"id": "m1", "label": "residents evacuated", "status": "conflicting", "claim_ids": ["c1", "c2"]},
        {"id": "m2", "label": "river rise above normal", "status": "agreed", "claim_ids": ["c3"]},
        {"id": "m3", "label": "deaths", "status": "changed", "claim_ids": ["c4", "c5"]},
    ]
    events = [{"id": "e1", "type": "flood", "date": "2023-10-17", "actor1": "River Drevna", "actor2": None,
               "location": "Lindmark", "latitude": 52.1, "longitude": 9.3, "fatalities": 1,
               "sources": [span(courier, "One man was found dead on Wednesday")]}]
    quotes = [{"id": "q1", "text": "the water rose 3.2 metres above normal", "speaker": "Henrike Söllner",
               "outlets": ["Valley Gazette", "Lowland Courier"],
               "sources": [span(gazette, "the water rose 3.2 metres above normal"),
                           span(courier, "the water rose 3.2 metres above normal")]}]
    timeline = [
        {"date": "2023-10-17", "precision": "day", "text": "The river Drevna burst its banks in Lindmark.",
         "article_ids": [gazette.id, courier.id], "evidence": [span(gazette, "Tuesday")],
         "outlets": ["Valley Gazette", "Lowland Courier"], "planned": False,
         "conflicts": [{"date": "2023-10-16", "precision": "day", "article_ids": [agency.id], "outlets": ["Northwind Agency"], "evidence": []}]},
        {"date": "2023-10-18", "precision": "day", "text": "One man was found dead.", "article_ids": [courier.id],
         "evidence": [span(courier, "Wednesday")], "outlets": ["Lowland Courier"], "planned": False, "conflicts": []},
        {"date": "2023-10-24", "precision": "day", "text": "The regional council meets on emergency funds.",
         "article_ids": [agency.id], "evidence": [span(agency, "24 October")], "outlets": ["Northwind Agency"],
         "planned": True, "conflicts": []},
        {"date": "2023-10", "precision": "month", "text": "Flood season.", "article_ids": [agency.id],
         "evidence": [], "outlets": ["Northwind Agency"], "planned": False, "conflicts": []},
    ]
    return {"facts": {"claims": claims, "measures": measures, "events": events, "quotes": quotes},
            "timeline": timeline}


# -- hostile input -----------------------------------------------------------------------------------

XSS = '<script>alert("pwned")</script>'
IMG = '<img src=x onerror="alert(1)">'
LONG_WORD = "A" * 5000
RTL = "\u202eevil\u202c שלום עולם مرحبا بالعالم"


def hostile_reports() -> list[Report]:
    return [
        Report(f"Evil {XSS} Wire", "2023-11-01", f"Breaking {XSS} {IMG}",
               f"Officials in Kosovo said {XSS} nothing. Another sentence with {IMG} inside it for good measure. "
               f"A link: <a href=\"javascript:alert(2)\">click</a> and \"quotes\" & ampersands in Kosovo. "
               f"{LONG_WORD} is a very long word. {RTL} appears here too.",
               names={"Kosovo": "GPE", XSS: "ORG"}, dates={"nothing": "2023-11-01"},
               url="javascript:alert(3)", removed=[(f"{XSS} boilerplate", "comments")]),
        Report(f"{RTL} Times", "2023-11-02", f"{RTL} {IMG}",
               f"Kosovo police said {IMG} on Tuesday. The second report is about the same {XSS} story in Kosovo.",
               names={"Kosovo": "GPE"}, url='https://x.example/"onmouseover="alert(4)'),
    ]


def hostile_analysis(articles: list[Article]) -> dict:
    first, second = articles
    return {
        "facts": {
            "claims": [{"id": f"c{XSS}", "measure": "m1", "value": XSS, "unit": IMG, "qualifier": XSS,
                        "as_of": XSS, "sources": [span(first, "nothing"), {"article_id": XSS, "start": 0, "end": 5}]}],
            "measures": [{"id": f"m{XSS}", "label": f"label {XSS}", "status": "conflicting", "claim_ids": [f"c{XSS}"]},
                         {"id": "m2", "label": IMG, "status": f"agreed{XSS}", "claim_ids": ["missing"]}],
            "events": [{"id": "e1", "type": XSS, "date": XSS, "actor1": IMG, "actor2": XSS, "location": XSS,
                        "latitude": 42.6, "longitude": 21.1, "fatalities": 0, "sources": [span(second, "Kosovo police")]},
                       {"id": "e2", "type": "x", "location": "nowhere", "latitude": "javascript:", "longitude": None}],
            "quotes": [{"id": "q1", "text": XSS, "speaker": IMG, "outlets": [XSS], "sources": [span(first, "Officials")]}],
        },
        "timeline": [{"date": XSS, "precision": "day", "text": f"{XSS} {IMG}", "article_ids": [first.id],
                      "evidence": [span(first, "Officials")], "outlets": [XSS], "planned": False,
                      "conflicts": [{"date": XSS, "precision": "day", "article_ids": [], "outlets": [], "evidence": []}]},
                     {"date": "2023-11-01", "precision": "day", "text": RTL + IMG, "article_ids": [second.id],
                      "evidence": [], "outlets": [], "planned": True, "conflicts": []}],
    }


# -- the demo corpus ----------------------------------------------------------------------------------
