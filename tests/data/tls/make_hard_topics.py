"""Write the harder topics of the key-dates development collection (tests/data/tls/<topic>/).

All text is ours: invented places, people and outlets. Each topic runs for months with many
articles a day from several outlets, and is written to be hard in the ways real coverage is:

* busy days nobody recalls later (a ministerial visit, a benefit concert, a televised debate),
  covered by more articles than some key days;
* key days that later reports keep referring back to, by date ("the 4 March collapse"), by
  weekday ("on Tuesday") or as "yesterday", and key days with little coverage at all;
* dates planned and never kept ("a vote set for 2 May", then postponed), anniversaries and
  background years ("the dam built in 1968", "the worst flood since 2011");
* routine updates whose only date is their own publication day.

Run `python tests/data/tls/make_hard_topics.py` to rewrite the folders; the output is
deterministic (a fixed random seed). The reference timelines list the days a desk editor would
pick, in words different from the articles'.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
D = dt.date
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October November December".split()


@dataclass
class Event:
    day: dt.date
    reports: list[str]  # same-day/next-day sentences, {when} is the event's date as seen from the report
    recall: list[str] = field(default_factory=list)  # how later reports name it, {when} as above
    reference: str = ""  # the reference timeline's text; empty: not a key date
    coverage: int = 3  # articles about it
    recall_weight: float = 1.0  # how often later reports recall it
    titles: list[str] = field(default_factory=list)


@dataclass
class Topic:
    name: str
    outlets: list[str]
    events: list[Event]
    background: list[str]  # sentences with background years, anniversaries
    routine: list[str]  # updates whose only date is the publication day
    plans: list[str]  # dates announced that are never kept: {when} is a future day
    routine_days: int = 20


def when(day: dt.date, published: dt.date, rng: random.Random) -> str:
    """How a report published on `published` names `day`."""
    gap = (published - day).days
    explicit = rng.choice([f"on {day.day} {MONTHS[day.month - 1]}", f"on {MONTHS[day.month - 1]} {day.day}"])
    if gap == 0:
        return rng.choice(["today", f"on {WEEKDAYS[day.weekday()]}", explicit, "earlier today"])
    if gap == 1:
        return rng.choice(["yesterday", f"on {WEEKDAYS[day.weekday()]}", explicit])
    if 1 < gap < 6:
        return rng.choice([f"on {WEEKDAYS[day.weekday()]}", explicit, explicit])
    return explicit


def future_when(day: dt.date, published: dt.date, rng: random.Random) -> str:
    gap = (day - published).days
    explicit = rng.choice([f"on {day.day} {MONTHS[day.month - 1]}", f"on {MONTHS[day.month - 1]} {day.day}"])
    if 0 < gap < 6:
        return rng.choice([f"on {WEEKDAYS[day.weekday()]}", explicit])
    return explicit


FRAMES = {
    "since": ["Few things have been normal {x}.", "Officials have held daily briefings {x}.",
              "The mood has changed {x}."],
    "when": ["Many still remember the day {x}.", "People recall where they were {x}."],
    "clause": ["Many people recall that {x}.", "It is not forgotten that {x}.", "Reports confirm that {x}."],
    "noun": ["Critics keep pointing to {x}.", "Many people still talk about {x}.",
             "The consequences of {x} are still felt.", "Officials were asked again about {x}."],
}


def recall_weight(event: Event, published: dt.date) -> float:
    """How likely a report of `published` recalls `event`: its weight, fading over the weeks
    (news looks back most at what happened lately)."""
    weeks = (published - event.day).days / 7
    return event.recall_weight / (1 + weeks / 3)


def recall(event: Event, published: dt.date, rng: random.Random) -> str:
    """A later report's sentence naming an earlier event."""
    phrase = rng.choice(event.recall).format(when=when(event.day, published, rng))
    first = phrase.split()[0]
    kind = ("since" if first == "since" else "when" if first == "when"
            else "noun" if first == "the" or first.endswith("'s") else "clause")
    return rng.choice(FRAMES[kind]).format(x=phrase)


def build(topic: Topic, seed: int) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    articles: list[dict] = []
    first = min(e.day for e in topic.events)
    last = max(e.day for e in topic.events)
    for index, event in enumerate(topic.events):
        earlier = [e for e in topic.events[:index] if e.recall]
        for n in range(event.coverage):
            published = event.day + dt.timedelta(days=0 if n < (event.coverage + 1) // 2 else rng.choice([0, 1, 1, 2]))
            outlet = topic.outlets[(index * 3 + n) % len(topic.outlets)]
            lead = event.reports[n % len(event.reports)].format(when=when(event.day, published, rng))
            body = [lead]
            # later reports refer back to earlier key moments, weighted
            if earlier and rng.random() < 0.8:
                weights = [recall_weight(e, published) for e in earlier]
                picked = rng.choices(earlier, weights=weights, k=rng.choice([1, 1, 2]))
                for back in [e for i, e in enumerate(picked) if e not in picked[:i]]:
                    body.append(recall(back, published, rng))
            if rng.random() < 0.45:
                body.append(rng.choice(topic.background))
            if rng.random() < 0.25:
                body.append(rng.choice(topic.routine))
            title = event.titles[n % len(event.titles)] if event.titles else " ".join(lead.split(",")[0].split()[:9])
            articles.append({"published": published.isoformat(), "source": outlet, "title": title,
                             "text": " ".join(body)})
    # routine updates and broken plans on ordinary days
    span = (last - first).days
    for n in range(topic.routine_days):
        published = first + dt.timedelta(days=rng.randrange(1, span))
        body = [rng.choice(topic.routine)]
        if rng.random() < 0.5:
            planned = published + dt.timedelta(days=rng.randrange(2, 12))
            body.append(rng.choice(topic.plans).format(when=future_when(planned, published, rng)))
        earlier = [e for e in topic.events if e.recall and e.day < published]
        if earlier and rng.random() < 0.6:
            back = rng.choices(earlier, weights=[recall_weight(e, published) for e in earlier])[0]
            body.append(recall(back, published, rng))
        if rng.random() < 0.5:
            body.append(rng.choice(topic.background))
        articles.append({"published": published.isoformat(), "source": rng.choice(topic.outlets),
                         "title": " ".join(body[0].split(",")[0].split()[:8]), "text": " ".join(body)})
    articles.sort(key=lambda a: (a["published"], a["source"], a["title"]))
    timeline = [{"date": e.day.isoformat(), "text": e.reference} for e in topic.events if e.reference]
    return articles, timeline


ORSEN = Topic(
    name="orsen-dam",
    outlets=["Valley Courier", "Northwind Agency", "Radio Kessel", "The Orsen Gazette", "Lowland Daily"],
    background=[
        "The Orsen dam was built in 1968 and holds back the largest reservoir in the province.",
        "The valley has not seen such high water since 2011, when two villages were flooded.",
        "Engineers first warned about seepage in the dam's eastern wall in 2019.",
        "Fifty years ago this spring, the reservoir was filled for the first time.",
    ],
    routine=[
        "Water levels in the Orsen reservoir were unchanged today, the basin authority said.",
        "Volunteers handed out sandbags in Mirel and Tosk, where residents remain on alert.",
        "Schools in the lower valley kept their doors open, but outdoor lessons were cancelled.",
        "The basin authority publishes the reservoir level every morning on its website.",
        "Farmers in the lower valley said the uncertainty was costing them the spring sowing.",
    ],
    plans=[
        "The basin authority said a decision on lowering the reservoir would come {when}.",
        "A public hearing on the dam will be held {when} in the Mirel town hall.",
        "Ministers are due to visit the dam {when}, officials said.",
    ],
    routine_days=26,
    events=[
        Event(D(2025, 2, 10), ["Inspectors found a long crack in the crest of the Orsen dam {when}, the basin authority said.",
                               "A crack about 30 metres long was discovered {when} on top of the Orsen dam.",
                               "The basin authority closed the road across the Orsen dam {when} after inspectors reported a crack."],
              ["the crack found {when}", "inspectors found the crack {when}", "since the crack was discovered {when}"],
              "Inspectors discover a 30-metre crack in the crest of the Orsen dam; the road across it is closed.",
              coverage=3, recall_weight=2.0, titles=["Crack found in Orsen dam", "Orsen dam road closed"]),
        Event(D(2025, 2, 13), ["Engineers began lowering the Orsen reservoir {when} by opening the bottom outlets.",
                               "The basin authority started releasing water from the Orsen reservoir {when}."],
              ["the releases that began {when}"],
              "", coverage=2, recall_weight=0.3),
        Event(D(2025, 2, 18), ["The transport minister toured the Orsen dam {when} and praised the engineers.",
                               "Minister Halla Brenn visited the dam {when}, shaking hands with workers.",
                               "Crowds gathered in Mirel {when} to see the minister arrive by helicopter.",
                               "The minister's visit to the dam {when} drew protesters from the lower valley.",
                               "Photographs of the minister on the dam crest {when} spread quickly online.",
                               "The minister promised {when} that the dam would be safe by summer."],
              [], "", coverage=7),
        Event(D(2025, 3, 4), ["Part of the Orsen dam's spillway collapsed {when}, sending a surge of water into the valley.",
                              "A section of the spillway gave way {when} and the river rose two metres within an hour.",
                              "The spillway of the Orsen dam collapsed {when}; no one was hurt, the authorities said.",
                              "Water tore through the broken spillway {when}, flooding fields below the dam."],
              ["the spillway collapse {when}", "since the spillway gave way {when}", "when part of the spillway collapsed {when}",
               "the collapse of the spillway {when}"],
              "Part of the spillway collapses and a surge of water floods fields below the dam.",
              coverage=5, recall_weight=4.0, titles=["Orsen spillway collapses", "Surge floods valley fields"]),
        Event(D(2025, 3, 5), ["About 6,000 people were evacuated from Mirel and Tosk {when} as the river kept rising.",
                              "Buses carried residents of Mirel and Tosk to shelters {when}.",
                              "The evacuation of Mirel and Tosk ordered {when} was the largest in the province's history."],
              ["the evacuation ordered {when}", "residents evacuated {when}", "since they were evacuated {when}"],
              "About 6,000 residents of Mirel and Tosk are evacuated.",
              coverage=3, recall_weight=3.0),
        Event(D(2025, 3, 14), ["A benefit concert for the evacuees filled the Kessel arena {when}.",
                               "Musicians raised money for the families of Mirel and Tosk at a concert {when}.",
                               "The benefit concert {when} raised 400,000 crowns for the evacuees.",
                               "Thousands sang along at the Kessel arena {when} for the valley's families."],
              [], "", coverage=5),
        Event(D(2025, 3, 21), ["Prime Minister Ivo Saren announced an independent inquiry into the dam {when}.",
                               "The government ordered an independent inquiry into the Orsen dam {when}."],
              ["the inquiry ordered {when}", "the inquiry the government set up {when}"],
              "The government orders an independent inquiry into the dam.", coverage=2, recall_weight=1.5),
        Event(D(2025, 4, 2), ["The first residents of Tosk were allowed to return home {when}.",
                              "Families returned to Tosk {when}, four weeks after they fled."],
              ["residents of Tosk returned {when}"],
              "Residents of Tosk begin returning home.", coverage=2, recall_weight=0.6),
        Event(D(2025, 4, 23), ["Basin authority director Per Lund resigned {when} after a leaked memo showed he had ignored warnings.",
                               "Per Lund stepped down as head of the basin authority {when}.",
                               "The head of the basin authority resigned {when}, saying he took responsibility."],
              ["Lund's resignation {when}", "since the director resigned {when}", "the departure of Per Lund {when}"],
              "The basin authority's director, Per Lund, resigns over ignored warnings.",
              coverage=3, recall_weight=2.0),
        Event(D(2025, 5, 9), ["Repair crews poured the first concrete for a new spillway {when}.",
                              "Work on rebuilding the Orsen spillway began {when}."],
              ["the repairs that began {when}"],
              "Repair work on a new spillway begins.", coverage=2, recall_weight=0.8),
        Event(D(2025, 6, 12), ["The inquiry found {when} that the basin authority had known of the defects for six years.",
                               "Investigators published their report on the Orsen dam {when}, blaming years of neglect.",
                               "The independent inquiry concluded {when} that the collapse could have been prevented."],
              ["the inquiry's report {when}"],
              "The inquiry reports that the authority knew of the defects for six years and the collapse was preventable.",
              coverage=3, recall_weight=1.0),
    ],
)

VELTRIA = Topic(
    name="veltria-election",
    outlets=["Capital Herald", "Northwind Agency", "Veltria Today", "Coastline Times", "Radio Meridian", "The Observer East"],
    background=[
        "Veltria declared independence in 1991 and has held eight parliamentary elections since.",
        "The last disputed vote, in 2008, ended with a recount that took three months.",
        "President Orlan Vasko has led the Unity Party since 2009.",
        "The constitution adopted in 1994 gives the supreme court the final word on election disputes.",
    ],
    routine=[
        "Shops in central Velgrad reopened today after a quiet night.",
        "Opposition supporters kept their tents on Liberty Square, a reporter for the agency saw.",
        "The electoral commission said it was still counting postal ballots.",
        "Diplomats in Velgrad urged all sides to show restraint.",
        "State television broadcast a film about the country's history instead of the news.",
    ],
    plans=[
        "The electoral commission said it would announce final results {when}.",
        "Opposition leaders said they would hold a march {when}.",
        "A court hearing on the complaints will take place {when}.",
    ],
    routine_days=30,
    events=[
        Event(D(2024, 10, 6), ["Veltrians voted {when} in a parliamentary election seen as a test for President Vasko.",
                               "Polling stations closed {when} with turnout near 61 percent.",
                               "Voters queued in the rain {when} to choose a new parliament."],
              ["the election {when}", "the vote held {when}", "since the vote {when}"],
              "Veltria holds a parliamentary election; turnout is about 61 percent.",
              coverage=4, recall_weight=3.0, titles=["Veltria votes", "Turnout high in Veltria poll"]),
        Event(D(2024, 10, 8), ["The electoral commission declared the Unity Party the winner {when} with 52 percent.",
                               "Preliminary results published {when} gave the Unity Party a narrow majority."],
              ["the results announced {when}", "the count published {when}"],
              "Preliminary results give the Unity Party 52 percent; the opposition cries fraud.",
              coverage=3, recall_weight=2.0),
        Event(D(2024, 10, 9), ["Tens of thousands of people marched through Velgrad {when} to protest against the results.",
                               "Protesters filled Liberty Square {when}, demanding a recount.",
                               "The largest protest in a decade took place in Velgrad {when}."],
              ["the protests that began {when}", "since protesters first gathered {when}", "the first mass protest {when}"],
              "Tens of thousands protest in Velgrad and demand a recount.", coverage=3, recall_weight=2.5),
        Event(D(2024, 10, 15), ["The two main candidates faced each other in a televised debate {when}.",
                                "Viewers watched a heated television debate between party leaders {when}.",
                                "The debate on state television {when} ended in shouting.",
                                "Commentators said neither side won the television debate {when}.",
                                "Millions watched the debate {when}, the broadcaster said.",
                                "The debate {when} was the most watched programme of the year."],
              [], "", coverage=6),
        Event(D(2024, 10, 24), ["Riot police cleared Liberty Square {when}; dozens of people were injured.",
                                "Police used tear gas to break up the protest camp {when}.",
                                "At least 40 people were hurt {when} when police stormed the square."],
              ["the police raid {when}", "when police cleared the square {when}", "the crackdown {when}"],
              "Riot police clear the protest camp on Liberty Square; at least 40 people are injured.",
              coverage=3, recall_weight=3.0),
        Event(D(2024, 11, 12), ["The supreme court ordered a recount in 14 districts {when}.",
                                "Judges ruled {when} that votes in 14 districts must be counted again."],
              ["the court's ruling {when}", "the recount ordered {when}"],
              "The supreme court orders a recount in 14 districts.", coverage=2, recall_weight=2.0),
        Event(D(2024, 11, 20), ["The foreign minister of a neighbouring state met President Vasko {when}.",
                                "A visiting delegation held talks in Velgrad {when} about trade."],
              [], "", coverage=3),
        Event(D(2024, 12, 3), ["The recount handed three more seats to the opposition {when}, ending the Unity Party's majority.",
                               "Results of the recount published {when} cost the Unity Party its majority."],
              ["the recount results {when}", "since the recount {when}"],
              "The recount costs the Unity Party its majority.", coverage=3, recall_weight=1.5),
        Event(D(2025, 1, 17), ["Parliament elected opposition leader Mara Istvan as prime minister {when}.",
                               "Mara Istvan was sworn in as prime minister {when} after a coalition deal."],
              ["Istvan's election as prime minister {when}"],
              "Parliament elects opposition leader Mara Istvan prime minister.", coverage=3, recall_weight=0.5),
    ],
)

KELDA = Topic(
    name="kelda-measles",
    outlets=["Kelda Post", "Northwind Agency", "Health Watch", "Radio Kessel", "The Morning Ledger"],
    background=[
        "Kelda was declared free of measles in 2016.",
        "Vaccination rates in the region have fallen every year since 2018.",
        "The region's last large outbreak, in 1997, infected more than 2,000 children.",
    ],
    routine=[
        "Clinics in Kelda reported long queues for vaccinations today.",
        "Health officials repeated their advice to keep children with a fever at home.",
        "The regional health office publishes new case numbers every weekday.",
        "Parents in Orvik said they were worried but calm.",
    ],
    plans=[
        "Health officials said they would decide {when} whether to reopen schools.",
        "A vaccination drive in villages will start {when}.",
        "The regional council is due to discuss the outbreak {when}.",
    ],
    routine_days=22,
    events=[
        Event(D(2025, 9, 2), ["Health officials confirmed three cases of measles in Orvik {when}, the first in Kelda in nine years.",
                              "Three children in Orvik tested positive for measles {when}."],
              ["the first cases confirmed {when}", "since the first cases were found {when}"],
              "Three measles cases in Orvik are the region's first in nine years.", coverage=2, recall_weight=2.5),
        Event(D(2025, 9, 9), ["Kelda's health office closed four schools in Orvik {when} as cases rose to 41.",
                              "Four Orvik schools were shut {when} to slow the outbreak.",
                              "Cases of measles in Kelda reached 41 {when}, and four schools closed."],
              ["the school closures {when}", "since the schools closed {when}"],
              "Four schools close in Orvik as cases reach 41.", coverage=3, recall_weight=2.0),
        Event(D(2025, 9, 12), ["The health minister held a news conference in Orvik {when}.",
                               "The minister urged parents to vaccinate their children {when} during a visit to Orvik.",
                               "Speaking in Orvik {when}, the minister thanked nurses.",
                               "The minister's news conference {when} brought no new measures.",
                               "Reporters crowded a clinic in Orvik {when} to hear the minister."],
              [], "", coverage=5),
        Event(D(2025, 9, 16), ["A mass vaccination campaign began in Kelda {when}, with mobile clinics in 30 villages.",
                               "Nurses started vaccinating children across Kelda {when}."],
              ["the campaign launched {when}", "since vaccinations began {when}"],
              "A mass vaccination campaign starts with mobile clinics in 30 villages.", coverage=2, recall_weight=2.0),
        Event(D(2025, 9, 29), ["A two-year-old boy died of measles in Orvik {when}, the outbreak's first death.",
                               "The outbreak claimed its first life {when}, a boy of two."],
              ["the boy's death {when}", "the death of a child {when}"],
              "A two-year-old boy dies, the outbreak's first death.", coverage=3, recall_weight=2.5),
        Event(D(2025, 10, 8), ["New cases fell for the first time {when}, officials said, to 12 a day.",
                               "The number of new measles cases dropped {when} for the first time since the outbreak began."],
              ["the first fall in cases {when}"],
              "New cases fall for the first time.", coverage=2, recall_weight=0.5),
        Event(D(2025, 10, 20), ["The schools in Orvik reopened {when} after six weeks.",
                                "Pupils returned to Orvik's four schools {when}."],
              [], "Orvik's schools reopen.", coverage=2),
        Event(D(2025, 12, 1), ["Kelda's health office declared the measles outbreak over {when}, after 42 days without a case.",
                               "The outbreak in Kelda ended {when}, officials said, with 388 cases in all."],
              [], "The outbreak is declared over after 388 cases.", coverage=2),
    ],
)


def main() -> None:
    for seed, topic in enumerate((ORSEN, VELTRIA, KELDA), start=16):
        articles, timeline = build(topic, seed)
        folder = HERE / topic.name
        folder.mkdir(exist_ok=True)
        (folder / "articles.jsonl").write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles),
                                               encoding="utf-8")
        (folder / "timeline.json").write_text(json.dumps(timeline, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(topic.name, len(articles), "articles,", len(timeline), "reference dates")


if __name__ == "__main__":
    main()
