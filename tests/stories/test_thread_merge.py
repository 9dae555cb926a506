"""Two threads that started apart merge when later stories show they follow one topic, and only then.

A cracked dam is reported from two sides for weeks: the operator's (inspections, the reservoir) and
the town's below it (evacuation, the shelter). Written for these tests.
"""

from __future__ import annotations

from newsfuse.stories.features import featurize

from .conftest import make_article

NAMES = [("Orsa Valley", "LOC"), ("Brenholt", "GPE"), ("Vessa Dam", "FAC"), ("Hydra Nord", "ORG"),
         ("Maren Toll", "PERSON"), ("Toll", "PERSON"), ("Lukas Feld", "PERSON"), ("Feld", "PERSON"),
         ("Brenholt Rovers", "ORG"), ("Jonas Heller", "PERSON")]

DAM = [
    ("Cracks found in Vessa Dam wall",
     "Engineers of Hydra Nord found cracks in the concrete wall of the Vessa Dam above the Orsa Valley, the company "
     "said. Chief executive Lukas Feld said the reservoir would be lowered while inspectors examine the spillway.",
     "2025-02-03"),
    ("Hydra Nord lowers Vessa reservoir after inspection",
     "Hydra Nord began lowering the reservoir behind the Vessa Dam on Monday after inspectors confirmed cracks in the "
     "concrete wall. Lukas Feld said the spillway gates were opened to release water slowly.", "2025-02-10"),
    ("Inspectors widen Vessa Dam survey",
     "Inspectors hired by Hydra Nord drilled cores from the concrete wall of the Vessa Dam to measure how deep the "
     "cracks run. Feld said the company would publish the survey of the spillway and the wall.", "2025-02-24"),
]
TOWN = [
    ("Brenholt residents told to prepare to leave",
     "Mayor Maren Toll asked families in the lower streets of Brenholt to pack bags and be ready to evacuate, and "
     "the school gym was turned into a shelter for residents.", "2025-02-04"),
    ("Brenholt evacuation drill draws hundreds",
     "Hundreds of residents of Brenholt walked to the shelter in the school gym in an evacuation drill on Saturday. "
     "Toll thanked families for packing bags and said buses would wait in the lower streets.", "2025-02-15"),
    ("Brenholt shops close as families leave",
     "Shops in the lower streets of Brenholt closed their shutters as families left to stay with relatives. Mayor "
     "Maren Toll said the shelter in the school gym had beds for residents who stay.", "2025-03-01"),
]
BOTH = [
    ("Vessa Dam cracks: Brenholt residents evacuated as Hydra Nord lowers reservoir",
     "Residents of Brenholt were evacuated from the lower streets as Hydra Nord kept lowering the reservoir behind "
     "the cracked Vessa Dam. Mayor Maren Toll and Lukas Feld met at the school gym shelter; inspectors said the "
     "concrete wall and the spillway were holding.", "2025-03-08"),
    ("Hydra Nord to pay Brenholt families evacuated over Vessa Dam",
     "Hydra Nord will pay families of Brenholt who left their homes in the lower streets while the cracked concrete "
     "wall of the Vessa Dam is repaired, Lukas Feld and Mayor Maren Toll said at the shelter.", "2025-03-15"),
    ("Brenholt families return as Vessa Dam repairs end",
     "Families of Brenholt returned to the lower streets after Hydra Nord said inspectors had finished repairing the "
     "cracks in the concrete wall and spillway of the Vessa Dam. Toll closed the school gym shelter; Feld said the "
     "reservoir would be refilled slowly.", "2025-03-29"),
]
FOOTBALL = [  # the same town, another topic
    ("Brenholt Rovers win derby in stoppage time",
     "Brenholt Rovers beat their neighbours 2-1 with a header in stoppage time. Coach Jonas Heller praised the "
     "defence and said the club would keep its place at the top of the league.", "2025-02-09"),
    ("Heller signs new contract with Brenholt Rovers",
     "Coach Jonas Heller signed a new three-year contract with Brenholt Rovers after the club's best start to a "
     "league season in a decade. The striker who scored in the derby was named player of the month.", "2025-02-20"),
    ("Brenholt Rovers lose top spot after away defeat",
     "Brenholt Rovers lost 3-0 away and dropped from the top of the league. Heller said his defence had its worst "
     "match of the season and the club would train twice a day this week.", "2025-03-09"),
]


def reports(prefix: str, rows) -> list:
    return [make_article(f"{prefix}{i}", title, text, NAMES, published) for i, (title, text, published) in enumerate(rows)]


def feed(index, articles) -> None:
    for article in sorted(articles, key=lambda a: a.published):
        index.assign(article.id, featurize(article), published=article.published)


def threads_of(index, article_ids) -> set[str]:
    stories, threads = index.assignment(), index.threads()
    return {threads[stories[a]] for a in article_ids}


def test_two_sides_of_one_topic_start_as_two_threads_and_merge_when_reports_bridge_them(index):
    dam, town, both = reports("dam", DAM), reports("town", TOWN), reports("both", BOTH)
    feed(index, dam + town)
    assert threads_of(index, [a.id for a in dam]) != threads_of(index, [a.id for a in town])
    index.take_revisited()
    feed(index, both)
    assert len(threads_of(index, [a.id for a in dam + town + both])) == 1
    stats = index.stats()
    assert stats["thread_merges"] == 1 and stats["threads"] == 1
    # the stories that changed thread are reported, so the store copies their new thread
    moved = set(index.take_revisited())
    assert {index.story_of("town0"), index.story_of("town2")} <= moved or \
           {index.story_of("dam0"), index.story_of("dam2")} <= moved


def test_a_shared_town_alone_merges_no_threads(index):
    football = reports("ball", FOOTBALL)
    town = reports("town", TOWN)
    feed(index, football + town + reports("both", BOTH))
    assert threads_of(index, [a.id for a in football]).isdisjoint(threads_of(index, [a.id for a in town]))
    assert index.stats()["thread_merges"] == 0


def test_a_thread_holding_a_corrected_story_is_not_merged(index):
    dam, town = reports("dam", DAM), reports("town", TOWN)
    feed(index, dam + town)
    index.move("town2", index.story_of("town1"))  # the user put town2 in town1's story
    feed(index, reports("both", BOTH))
    assert threads_of(index, [a.id for a in dam]).isdisjoint(threads_of(index, [a.id for a in town]))
    assert index.stats()["thread_merges"] == 0


def test_a_placement_reads_each_other_thread_once(index, monkeypatch):
    """Placing a story and then checking its thread for a merge look at the same neighbouring threads:
    each neighbour's stored profile is decoded once per placement, not once per look."""
    from newsfuse.stories.model import StoryProfile
    from newsfuse.stories.thread_index import ThreadPlacement

    decoded: list[bytes] = []
    from_bytes, place = StoryProfile.from_bytes.__func__, ThreadPlacement._place_in_thread
    twice: list[str] = []

    def recording(cls, blob):
        decoded.append(blob)
        return from_bytes(cls, blob)

    def placing(self, *args):
        stored = dict(self.conn.execute("SELECT profile, thread_id FROM grp_threads").fetchall())
        decoded.clear()
        thread = place(self, *args)
        again = {b for b in decoded if decoded.count(b) > 1}
        twice.extend(stored[b] for b in again if stored.get(b) not in (None, thread))
        return thread

    monkeypatch.setattr(StoryProfile, "from_bytes", classmethod(recording))
    monkeypatch.setattr(ThreadPlacement, "_place_in_thread", placing)
    feed(index, reports("ball", FOOTBALL) + reports("dam", DAM) + reports("town", TOWN) + reports("both", BOTH))
    assert index.stats()["threads"] >= 2
    assert twice == []
