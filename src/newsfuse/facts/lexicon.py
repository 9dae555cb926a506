"""Event vocabulary of the event-coreference benchmark (and speech verbs for the extractors).

Each *class* is a set of lemmas that, in news, usually name the same kind of happening (`kill`,
`murder`, `death`, `dead`). The classes were written from general news vocabulary, not mined
from a corpus. `REPORTING` and `LIGHT` list speech and light verbs that rarely name the same
event twice. The event ontology of the extractor (`events.ONTOLOGY`) is coarser than these classes.
"""

from __future__ import annotations

# class name -> lemmas; one lemma belongs to one class at most
EVENT_CLASSES: dict[str, frozenset[str]] = {name: frozenset(words.split()) for name, words in {
    "death": "die death dead kill killing murder slay slaying homicide fatal fatality manslaughter "
             "assassinate assassination massacre behead execute execution strangle stab stabbing "
             "suicide hang hanging overdose drown decease perish",
    "shooting": "shoot shooting shot gunfire gunshot gunman gunmen",
    "attack": "attack assault raid ambush storm bomb bombing blast explosion explode detonate "
              "airstrike strike shell shelling",
    "clash": "clash fight fighting battle skirmish confrontation shootout firefight violence combat "
             "gunbattle",
    "injury": "injure injury wound hurt maim",
    "quake": "earthquake quake temblor tremor",
    "blaze": "blaze inferno burn wildfire flame arson",
    "damage": "damage destroy destruction devastate devastation ravage demolish flatten",
    "arrest": "arrest detain detention capture apprehend nab custody catch",
    "charge": "charge accuse indict indictment prosecute prosecution",
    "convict": "convict conviction guilty",
    "sentence": "sentence imprison imprisonment jail",
    "win": "win victory beat defeat triumph rout lose loss",
    "acquisition": "acquire acquisition buy purchase takeover merger merge",
    "appointment": "appoint appointment name nominate nomination hire hiring pick choose select "
                   "cast replace succeed",
    "resignation": "resign resignation quit",
    "release": "release launch unveil introduce debut issue unveiling",
    "crash": "crash collision collide derail derailment wreck capsize sink",
    "robbery": "rob robbery heist steal theft burglary loot looting",
    "escape": "escape flee breakout",
    "rescue": "rescue evacuate evacuation",
    "hijack": "hijack hijacking",
    "protest": "protest demonstrate demonstration rally march riot",
    "meeting": "meet meeting talk summit session visit",
    "agreement": "agree agreement accord pact treaty deal",
    "deployment": "deploy deployment send dispatch reinforce reinforcement station",
    "withdrawal": "withdraw withdrawal pull retreat",
    "election": "elect election vote ballot",
    "treatment": "rehab rehabilitation treatment therapy detox",
    "repair": "fix patch repair plug mend",
    "lawsuit": "sue lawsuit litigation",
    "wedding": "marry marriage wedding wed",
    "discovery": "find discover discovery uncover locate",
    "admission": "admit admission enter hospitalize hospitalise",
}.items()}

# Multi-word triggers: (head lemma, particle in the mention) -> class ("passed away" is a death).
PHRASES: dict[tuple[str, str], str] = {
    ("pass", "away"): "death", ("catch", "fire"): "blaze", ("set", "fire"): "blaze", ("gun", "down"): "shooting",
    ("open", "fire"): "shooting", ("check", "into"): "admission", ("check", "in"): "admission",
    ("step", "down"): "resignation", ("break", "out"): "escape", ("take", "over"): "acquisition",
}

CLASS_OF: dict[str, str] = {word: name for name, words in EVENT_CLASSES.items() for word in words}

# Speech and light verbs: two of them share a lemma far more often than they share an event.
REPORTING = frozenset(
    "say tell report announce state confirm add claim note explain describe statement comment "
    "write accord speak ask declare insist admit deny reply respond".split()
)
LIGHT = frozenset("be have do make take get give go come put set keep use".split())
