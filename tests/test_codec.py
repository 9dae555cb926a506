"""Records to JSON-ready values and back (`newsfuse.codec`): what the store writes of a record reads
back as the same record, and values that are not records pass through as they are."""

import json
from dataclasses import dataclass, field
from enum import Enum

from newsfuse.codec import decode, encode
from newsfuse.facts import ArticleFacts
from newsfuse.models import Entity, Mention


class Status(str, Enum):
    AGREED = "agreed"


@dataclass
class Inner:
    label: str
    span: tuple[int, int] = (0, 0)


@dataclass
class Outer:
    name: str
    parts: list[Inner] = field(default_factory=list)
    by_key: dict[str, Inner] = field(default_factory=dict)
    score: float | None = None
    status: Status = Status.AGREED


def test_nested_records_encode_to_plain_json_and_decode_back():
    record = Outer("n", [Inner("a", (1, 2)), Inner("b")], {"k": Inner("c", (3, 4))}, 0.5)
    plain = encode(record)
    assert plain == {"name": "n", "parts": [{"label": "a", "span": [1, 2]}, {"label": "b", "span": [0, 0]}],
                     "by_key": {"k": {"label": "c", "span": [3, 4]}}, "score": 0.5, "status": Status.AGREED}
    assert json.loads(json.dumps(plain))["status"] == "agreed"  # a str enum is written as its value
    assert decode(Outer, json.loads(json.dumps(plain))) == Outer(
        "n", [Inner("a", (1, 2)), Inner("b")], {"k": Inner("c", (3, 4))}, 0.5, "agreed")


def test_values_that_are_not_records_pass_through():
    assert encode(Inner) is Inner  # a record class is not a record
    assert encode([1, "x", None, True, (2.5,)]) == [1, "x", None, True, [2.5]]
    assert encode({"a": [Inner("z")]}) == {"a": [{"label": "z", "span": [0, 0]}]}


def test_the_records_the_store_keeps_round_trip():
    entity = Entity(id="e-1", name="Pristina", type="place", aliases=["Prishtina"], lat=42.67,
                    mentions=[Mention("a", 0, 8, "Pristina", "GPE")])
    assert decode(Entity, json.loads(json.dumps(encode(entity)))) == entity
    facts = ArticleFacts("a")
    assert decode(ArticleFacts, json.loads(json.dumps(encode(facts)))) == facts
