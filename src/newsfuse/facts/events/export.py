"""Event rows for the exports: ACLED-like CSV rows (`events_csv_rows`) and the JSON report dict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from newsfuse.facts.numbers import Quantity
from newsfuse.facts.records import Event


CSV_COLUMNS = ("event_date", "event_type", "actor1", "actor2", "location", "latitude", "longitude", "fatalities",
               "injuries", "notes", "sources")


def events_csv_rows(events: list[Event], geocode: Callable[[str], tuple[float, float] | None] | None = None,
                    outlet_of: Mapping[str, str] | None = None) -> list[dict]:
    """One row per event with exactly the ACLED-like columns of `CSV_COLUMNS`; the coordinates
    are the event's own (located when merged), else `geocode`'s."""
    rows = []
    for event in events:
        point = (event.latitude, event.longitude) if event.latitude is not None and event.longitude is not None else None
        if point is None and geocode and event.place:
            point = geocode(event.place)
        outlets = sorted({(outlet_of or {}).get(s.article_id, s.article_id) for s in event.sources})
        rows.append({
            "event_date": event.date or "", "event_type": event.type,
            "actor1": event.actor1 or "", "actor2": event.actor2 or "", "location": event.place or "",
            "latitude": point[0] if point else None, "longitude": point[1] if point else None,
            "fatalities": event.fatalities, "injuries": event.injuries,
            "notes": event_notes(event), "sources": "; ".join(outlets),
        })
    return rows


def event_notes(event: Event) -> str:
    """The first sentence reporting the event, and the casualties as stated ("several people (killed)")."""
    notes = " ".join(event.sources[0].text.split()) if event.sources else ""
    stated = [f"{c.who} ({c.kind}{', superseded' if c.status == 'superseded' else ''})" for c in event.casualties]
    if stated:
        notes = f"{notes} Casualties: {'; '.join(dict.fromkeys(stated))}."
    return notes


def event_dict(event: Event, source: Callable[[object], dict]) -> dict:
    """The JSON report of one event (docs/report-schema.md, "events"); `source` turns a `Source`
    into its dict."""
    return {
        "id": event.id, "type": event.type, "date": event.date, "place": event.place,
        "latitude": event.latitude, "longitude": event.longitude, "actor1": event.actor1, "actor2": event.actor2,
        "fatalities": event.fatalities, "injuries": event.injuries,
        "casualties": [{"kind": c.kind, "value": _count(c.quantity), "qualifier": c.quantity.qualifier,
                        "who": c.who, "article_id": c.article_id, "as_of": c.as_of, "status": c.status}
                       for c in event.casualties],
        "sources": [source(s) for s in event.sources],
    }


def _count(quantity: Quantity) -> int | float | None:
    value = quantity.value
    return None if value is None else (int(value) if float(value).is_integer() else value)
