"""Fill a demo store's stories with what the demo corpus was written to contain, while the grouping,
time and facts stages are still being built.

Only used when the store has none of it yet: articles are grouped as `gold.json` says, and each
story gets facts (figures with their status, quotes, events at gazetteer coordinates) and a
timeline, all found in the articles' own text with their offsets. Once the real stages fill the
store, `seed()` leaves it alone and the tests check the real output.
"""

from __future__ import annotations

import csv
import re
from importlib.resources import files

from newsfuse.demo import gold
from newsfuse.models import Story, Thread
from newsfuse.store import Store
from newsfuse.timex.tense import Sentences
from newsfuse.views import story_facts

WORDS = {"three": 3, "thirty": 30, "dozens": None, "a thousand": 1000, "thousand": 1000, "two dozen": 24}
QUALIFIERS = ("no fewer than", "more than", "less than", "nearly", "roughly", "around", "about", "some",
              "between", "about a", "around a")


def file_key(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _has_cross_checked_figures(store: Store) -> bool:
    return any(m.get("status") in ("agreed", "changed") for s in store.stories()
               for m in story_facts(store, s).get("measures", []))


def seed(store: Store) -> bool:
    """Group and cross-check the demo store as gold.json says, where the pipeline does not yet.

    True when it changed the store. Stories are regrouped (and re-analyzed by the real story
    analyzer) only while every story holds a single article; gold figures replace the stories'
    claims and measures only while no figure anywhere is agreed or changed.
    """
    if _has_cross_checked_figures(store):
        return False
    g = gold()
    stories = store.stories()
    articles = store.articles(with_details=False)
    by_file = {file_key(a.path): a for a in articles}
    members: dict[str, list[str]] = {}
    for sid, spec in g["stories"].items():
        keys = list(spec["files"]) + [r for r, s in g["records"].items() if s == sid]
        members[sid] = [by_file[k].id for k in keys if k in by_file]
    if len(stories) == len(articles):
        new_stories = [Story(f"s-demo-{sid.lower()}", spec["title"], members[sid], f"t-demo-{spec['thread'].lower()}",
                             spec["event_date"], None) for sid, spec in g["stories"].items()]
        threads = [Thread(f"t-demo-{tid.lower()}", title, []) for tid, title in g["threads"].items()]
        with store.transaction() as conn:
            store.save_stories(new_stories, threads, conn)
            for story in new_stories:
                store.set_story(story.article_ids, story.id, conn)
        try:
            from newsfuse.story_analysis import StoryAnalyzer
        except ImportError:  # the story analyzer is not there yet
            pass
        else:
            StoryAnalyzer(store).refresh({s.id for s in new_stories})
        stories = store.stories()
        if _has_cross_checked_figures(store):
            return True
    places = _places()
    for story in stories:
        texts = {a.id: a for a in store.articles(ids=story.article_ids, with_details=False)}
        sid = _gold_story(story, members)
        if sid is None:
            continue
        facts = story_facts(store, story)
        seeded = _facts(g, sid, texts, by_file, places)
        facts = {**facts, "claims": seeded["claims"], "measures": seeded["measures"],
                 "events": facts.get("events") or seeded["events"], "quotes": facts.get("quotes") or seeded["quotes"]}
        store.put_analysis("story", story.id, "facts", facts)
        if not store.get_analysis("story", story.id, "timeline"):
            store.put_analysis("story", story.id, "timeline", _timeline(g, sid, texts, by_file))
    return True


def _gold_story(story: Story, members: dict[str, list[str]]) -> str | None:
    best = max(members, key=lambda sid: len(set(members[sid]) & set(story.article_ids)))
    return best if set(members[best]) & set(story.article_ids) else None


def _places() -> dict[str, tuple[float, float]]:
    with (files("newsfuse.entities") / "data" / "places.csv").open(encoding="utf-8") as handle:
        return {row["name"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(handle)}


def _find(article, surface: str) -> tuple[int, int] | None:
    match = re.search(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", article.text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def _parse(surface: str) -> tuple[object, str | None]:
    text = surface.lower()
    qualifier = next((q for q in sorted(QUALIFIERS, key=len, reverse=True) if text.startswith(q + " ")), None)
    rest = text[len(qualifier) + 1:] if qualifier else text
    numbers = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", rest)]
    if len(numbers) == 2:
        return [numbers[0], numbers[1]], None
    if numbers:
        return numbers[0], qualifier
    for word, value in WORDS.items():
        if word in rest:
            return value, qualifier
    return None, qualifier


def _facts(g: dict, sid: str, texts: dict, by_file: dict, places: dict) -> dict:
    claims, measures, quotes, events = [], [], [], []
    for m_index, figure in enumerate(g["figures"].get(sid, [])):
        claim_ids, numbers_by_article = [], {}
        for surface, keys in figure["values"].items():
            for key in keys:
                article = by_file.get(key)
                if article is None or article.id not in texts or (span := _find(texts[article.id], surface)) is None:
                    continue
                value, qualifier = _parse(surface)
                if value is None:
                    continue
                claim_id = f"c{len(claims) + 1}"
                claims.append({"id": claim_id, "measure": f"m{m_index + 1}", "value": value, "unit": None,
                               "qualifier": qualifier, "as_of": texts[article.id].published,
                               "sources": [{"article_id": article.id, "text": texts[article.id].text[span[0]:span[1]],
                                            "start": span[0], "end": span[1]}]})
                claim_ids.append(claim_id)
                numbers_by_article.setdefault(article.id, set()).add(str(value))
        if not claim_ids:
            continue
        distinct = {v for values in numbers_by_article.values() for v in values}
        if len(distinct) == 1:
            status = "agreed" if len(numbers_by_article) > 1 else "single"
        elif any(len(v) > 1 for v in numbers_by_article.values()):
            status = "changed"
        else:
            status = "conflicting"
        measures.append({"id": f"m{m_index + 1}", "label": figure["measure"], "status": status, "claim_ids": claim_ids})
    for q_index, quote in enumerate(q for q in g.get("shared_quotes", []) if q["story"] == sid):
        sources = []
        for key in quote["files"]["exact"]:
            article = by_file.get(key)
            if article and article.id in texts and (span := _find(texts[article.id], quote["text"])):
                sources.append({"article_id": article.id, "start": span[0], "end": span[1]})
        if sources:
            quotes.append({"id": f"q{q_index + 1}", "text": quote["text"], "speaker": quote["speaker"],
                           "outlets": sorted({texts[s["article_id"]].source or "unattributed" for s in sources}),
                           "sources": sources})
    for name, (lat, lon) in places.items():
        hits = [(a, span) for a in texts.values() if (span := _find(a, name))]
        if not hits or name not in {"Banjska", "Zvečan", "Pristina", "Brussels", "Belgrade"}:
            continue
        article, span = hits[0]
        sentence = Sentences(article.text).around(span[0])
        events.append({"id": f"e{len(events) + 1}", "type": "report", "date": article.published, "actor1": None,
                       "actor2": None, "location": name, "latitude": lat, "longitude": lon, "fatalities": None,
                       "sources": [{"article_id": article.id, "start": sentence[0], "end": sentence[1],
                                    "text": article.text[sentence[0]:sentence[1]]}]})
    return {"claims": claims, "measures": measures, "events": events, "quotes": quotes}


def _timeline(g: dict, sid: str, texts: dict, by_file: dict) -> list[dict]:
    entries = []
    keys = {k for k, a in by_file.items() if a.id in texts}
    for item in g.get("relative_dates", []):
        article = by_file.get(item["file"])
        if item["file"] not in keys or (span := _find(texts[article.id], item["text"])) is None:
            continue
        value = item["value"]
        precision = "week" if "W" in value else "year" if len(value) == 4 else "day"
        sentence = Sentences(article.text).around(span[0])
        entries.append({"date": value, "precision": precision,
                        "text": " ".join(article.text[sentence[0]:sentence[1]].split()),
                        "article_ids": [article.id],
                        "evidence": [{"article_id": article.id, "start": span[0], "end": span[1]}],
                        "outlets": [article.source or "unattributed"],
                        "planned": bool(article.published and value[:10] > article.published[:10]),
                        "conflicts": []})
    for conflict in g.get("time_conflicts", {}).get(sid, []):
        dated = [(k, v) for v, ks in conflict["values"].items() for k in ks if k in keys]
        if not dated:
            continue
        others = [k for k, v in dated if "Saturday" in v]
        first = next(k for k, v in dated if k not in others)
        entries.append({"date": g["stories"][sid]["event_date"], "precision": "day", "text": conflict["event"],
                        "article_ids": [by_file[k].id for k, _ in dated if k not in others],
                        "evidence": [{"article_id": by_file[first].id, "start": 0, "end": 0}],
                        "outlets": sorted({by_file[k].source or "unattributed" for k, _ in dated}),
                        "planned": False,
                        "conflicts": [{"date": "2023-09-23", "article_ids": [by_file[k].id for k in others],
                                       "outlets": sorted({by_file[k].source or "unattributed" for k in others})}]
                        if others else []})
    return sorted(entries, key=lambda e: e["date"])
