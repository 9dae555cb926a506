"""Typed events: who did what to whom, where, when, with how many killed and injured.

Per article, each trigger word of the ontology (docs/facts.md, "Event ontology") makes an
`EventMention` with its arguments read from the parse (`extract`, `arguments`, `casualties`).
Across articles, mentions of one event (`coreference`) merge into one `Event` with several
sources (`merge`); `events_csv_rows` exports them with ACLED-like columns (`export`).
Modules, each importing only those listed before it: words → arguments → casualties → extract;
words → coreference → merge → export.
"""

from newsfuse.facts.events.casualties import TOTAL_WORDS, fatalities, injuries, restated_totals, with_status
from newsfuse.facts.events.coreference import coreferent_groups, same_event
from newsfuse.facts.events.export import CSV_COLUMNS, event_dict, event_notes, events_csv_rows
from newsfuse.facts.events.extract import Candidates, extract_events
from newsfuse.facts.events.merge import Located, merge_events
from newsfuse.facts.events.words import CASUALTY_LEMMAS, FAMILY, ONTOLOGY, TRIGGERS, TYPE_OF

__all__ = [
    "CASUALTY_LEMMAS", "CSV_COLUMNS", "Candidates", "FAMILY", "Located", "ONTOLOGY", "TOTAL_WORDS", "TRIGGERS", "TYPE_OF",
    "coreferent_groups", "event_dict", "event_notes", "events_csv_rows", "extract_events", "fatalities", "injuries",
    "merge_events", "restated_totals", "same_event", "with_status",
]
