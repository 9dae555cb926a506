"""Build longcov2.jsonl from the topic files (*.txt) of this folder.

The collection follows real-world-style long topics (an earthquake and its aftermath, an oil spill
over five months, a war over a year, an epidemic season, an election crisis) and distractors that
share their places, companies or words. Every sentence was written for newsfuse in our own words
(facts of public record, no sentence of any published article). Articles are composed, not typed
one by one: each topic file holds, per phase (one gold story), a dateline, the headlines (one
article each) and a pool of sentences; per topic, background sentences recalling earlier phases,
a local angle and an opinion pool. Each article takes a deterministic sample of its phase's pool
(so articles of one story share part of their wording, as wire copy does, and differ in the rest),
two to four background sentences, and the frame of its outlet (wire dateline and sign-off,
broadsheet paragraphs, a blogger's first person, a local paper's angle, a broadcaster's short
paragraphs). Outlet names are invented.

Topic file format (blank lines ignored):
    % topic <gold topic>
    % background | % local | % view     then one sentence a line; a background line may start
                                          with "<day> | ": recalled only by articles from that day
    % phase <gold story> | <first day> | <last day> | <DATELINE CITY>
    # <headline>                          one line per article of the phase
    <sentence>                            one a line: the phase's pool

    .venv/bin/python tests/data/longcov2/make_longcov2.py            -> longcov2.jsonl
    .venv/bin/python tests/data/longcov2/make_longcov2.py --recap 0  -> longcov2_norecap.jsonl
(--recap 0: no article recalls a background sentence, so only central names tie a topic's phases;
closer to real coverage, whose reports recap in their own words)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
# (name, style, reporters); the style decides the frame in `compose`
OUTLETS = [
    ("Harbour Wire", "wire", ["Dana Merrit", "Oscar Bele", "Ines Faro"]),
    ("The Morning Ledger", "broadsheet", ["Helen Ashby", "Tomas Reyna"]),
    ("Globe Review", "analysis", ["Martin Cole", "Priya Vance"]),
    ("World Bulletin", "broadcast", ["Sam Okoro", "Lea Brandt"]),
    ("Coastline Herald", "local", ["Jo Tarrant", "Rick Dumas"]),
    ("The Open Desk", "blog", ["Kit Lawrence"]),
]
# background sentences an article of each style recalls: real reports recap a topic in their own
# words, so a sentence repeated word for word across months is rare (a wire's boilerplate line)
RECALLED = {"wire": 1, "broadcast": 0, "local": 1, "blog": 1, "broadsheet": 2, "analysis": 2}
BLOG_OPENERS = [
    "I have been reading the coverage all week, and one thing keeps nagging at me.",
    "A quick note before the weekend, because the headlines are moving faster than the facts.",
    "Readers keep writing in to ask what is really going on, so here is my best attempt.",
    "Let me start with what we actually know, which is less than the cable channels suggest.",
]
BLOG_CLOSERS = [
    "As always, the comments are open, and I read every one of them.",
    "I will update this post as more becomes clear.",
    "Tell me where I am wrong; I would rather be corrected than comfortable.",
]
BROADCAST_CLOSERS = [
    "Our correspondent will have more on the evening bulletin.",
    "You can follow the latest on our live page.",
]
BROADSHEET_CLOSERS = [
    "Additional reporting was contributed by the foreign desk.",
    "A version of this article appears in the print edition.",
]


@dataclass
class Phase:
    story: str
    first: date
    last: date
    dateline: str
    heads: list[str] = field(default_factory=list)
    pool: list[str] = field(default_factory=list)


@dataclass
class Topic:
    name: str
    background: list[str] = field(default_factory=list)
    # background sentence -> the first day an article may recall it (it tells of a later phase)
    since: dict[str, date] = field(default_factory=dict)
    local: list[str] = field(default_factory=list)
    view: list[str] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)


def read_topics(path: Path) -> list[Topic]:
    """Every `% topic` of a file, in file order (a file may hold several: distractors.txt)."""
    topics: list[Topic] = []
    topic: Topic | None = None
    target: list[str] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("% topic "):
            topic = Topic(line.removeprefix("% topic ").strip())
            topics.append(topic)
        elif line.startswith("% phase "):
            story, first, last, dateline = (p.strip() for p in line.removeprefix("% phase ").split("|"))
            topic.phases.append(Phase(story, date.fromisoformat(first), date.fromisoformat(last), dateline))
            target = topic.phases[-1].pool
        elif line.startswith("% "):
            target = getattr(topic, line.removeprefix("% ").strip())
        elif line.startswith("# "):
            topic.phases[-1].heads.append(line.removeprefix("# ").strip())
        elif target is topic.background and line[:4].isdigit() and " | " in line:
            day, _, sentence = line.partition(" | ")
            topic.since[sentence] = date.fromisoformat(day)
            target.append(sentence)
        else:
            target.append(line)
    return topics


def _rng(*parts: str) -> random.Random:
    return random.Random(int(hashlib.sha1("|".join(parts).encode()).hexdigest()[:12], 16))


def _paragraphs(sentences: list[str], per: int) -> list[str]:
    return [" ".join(sentences[i:i + per]) for i in range(0, len(sentences), per)]


def compose(topic: Topic, phase: Phase, n: int, outlet: tuple[str, str, list[str]], recap: bool = True) -> dict:
    name, style, reporters = outlet
    rng = _rng(topic.name, phase.story, str(n), name)
    span = (phase.last - phase.first).days
    day = phase.first + timedelta(days=round(span * n / max(1, len(phase.heads) - 1)))
    pool = phase.pool[:]
    lead, rest = pool[0] if n % 2 == 0 else pool[1], pool[2:]
    rng.shuffle(rest)
    take = {"wire": 9, "broadcast": 8, "local": 9, "blog": 8, "broadsheet": 12, "analysis": 11}[style]
    body = [lead] + rest[:take]
    known = [s for s in topic.background if topic.since.get(s, day) <= day]
    background = rng.sample(known, min(len(known), RECALLED[style]))
    if not recap:
        background = []
    reporter = reporters[n % len(reporters)]
    when = f"{day.strftime('%b')} {day.day}"
    if style == "wire":
        body[0] = f"{phase.dateline}, {when} (Harbour Wire) - {body[0]}"
        paras = _paragraphs(body[:6] + background + body[6:], 2) + [f"Reporting by {reporter}; editing by Ann Lowe"]
    elif style == "broadcast":
        paras = _paragraphs(body[:4] + background + body[4:], 1) + [rng.choice(BROADCAST_CLOSERS)]
    elif style == "local":
        local = rng.sample(topic.local, min(2, len(topic.local)))
        paras = _paragraphs(local[:1] + body[:5] + background + local[1:] + body[5:], 3)
        paras = [f"By {reporter}, Herald staff"] + paras
    elif style == "blog":
        view = rng.sample(topic.view, min(3, len(topic.view)))
        paras = _paragraphs([rng.choice(BLOG_OPENERS)] + body[:4] + view[:2] + background + body[4:] + view[2:], 2)
        paras.append(rng.choice(BLOG_CLOSERS))
    else:
        paras = [f"By {reporter}"] + _paragraphs(body[:5] + background + body[5:], 3) + [rng.choice(BROADSHEET_CLOSERS)]
    return {"published": day.isoformat(), "source": name, "title": phase.heads[n],
            "text": "\n\n".join(paras), "topic": topic.name, "story": phase.story}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recap", type=int, choices=(0, 1), default=1,
                        help="0: no background sentence (writes longcov2_norecap.jsonl)")
    recap = bool(parser.parse_args().recap)
    records = []
    topics = [topic for path in sorted(HERE.glob("*.txt")) for topic in read_topics(path)]
    for topic in topics:
        for k, phase in enumerate(topic.phases):
            for n in range(len(phase.heads)):
                # outlets rotate over the topic's articles, so each topic is told by several of them
                outlet = OUTLETS[(sum(len(p.heads) for p in topic.phases[:k]) + n + len(topic.name)) % len(OUTLETS)]
                records.append(compose(topic, phase, n, outlet, recap))
    records.sort(key=lambda r: (r["published"], r["source"], r["title"]))
    with (HERE / ("longcov2.jsonl" if recap else "longcov2_norecap.jsonl")).open("w", encoding="utf-8") as handle:
        for n, record in enumerate(records, 1):
            handle.write(json.dumps({"id": f"lcb{n:03d}", **record}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
