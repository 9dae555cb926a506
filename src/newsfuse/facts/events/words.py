"""The event vocabulary: the ontology's trigger lemmas, their families, and the word lists the
extractors and the pair rules read (docs/facts.md, "Event ontology").
"""

from __future__ import annotations

import re

# ontology type -> trigger lemmas (PLOVER-like; docs/facts.md)
ONTOLOGY: dict[str, frozenset[str]] = {name: frozenset(words.split()) for name, words in {
    "attack": "attack assault raid ambush storm bomb bombing blast explosion explode shooting airstrike "
              "shelling stabbing massacre",
    "clash": "clash fight fighting battle skirmish confrontation shootout firefight gunbattle gunfight riot",
    "protest": "protest demonstrate demonstration rally",
    "deployment": "deploy deployment send dispatch reinforce reinforcement station arrive land",
    "withdrawal": "withdraw withdrawal retreat reduce",
    "meeting": "meet meeting summit talks visit receive host",
    "statement": "warn condemn urge threaten accuse demand appeal",
    "agreement": "agree agreement sign deal accord pact treaty ceasefire truce",
    "arrest": "arrest detain detention capture apprehend",
}.items()}


TYPE_OF: dict[str, str] = {word: name for name, words in ONTOLOGY.items() for word in words}
TRIGGERS = frozenset(TYPE_OF)
# Types that describe the same happening from different sides ("clash" and "attack").
FAMILY = {"attack": "violence", "clash": "violence"}
TYPE_PRIORITY = list(ONTOLOGY)
TROOP_WORDS = frozenset("troops soldiers forces battalion battalions units reinforcements personnel "
                        "peacekeepers brigade contingent servicemen".split())


CASUALTY_LEMMAS = frozenset({"kill", "die", "injure", "wound", "murder", "slay", "hurt", "dead"})
# Verbs whose object is what their subject asks for: "urged Belgrade to withdraw" reports an
# appeal, not a withdrawal; "denied that his country had planned to send troops", no deployment.
REQUEST_LEMMAS = frozenset({"urge", "appeal", "demand", "call", "ask", "press", "plead", "want"})
DENIAL_LEMMAS = frozenset({"deny", "reject", "dismiss", "rule"})
# Verbs whose subject is the event itself and whose clause's place is the event's ("the meeting
# took place in Brussels"); after other verbs ("the meeting would discuss rhetoric in Bosnia")
# a place of the clause is a topic of the event, not where it happens.
HAPPENING_VERBS = frozenset("take be happen occur begin start open end continue break erupt turn escalate "
                            "unfold resume last leave".split())


# Words around a reference point: "the day before the meeting", "on the eve of the summit".
REFERENCE_NOUNS = frozenset({"eve", "day", "start", "beginning", "run", "end", "opening", "wake", "aftermath"})
FOLLOW_WORDS = frozenset({"after", "following", "since"})
# A sentence without one of these words reports no event as following another (`extract._follows`).
FOLLOW_OR_FOLLOWED = FOLLOW_WORDS | {"follow", "follows", "followed"}
# "next year", "next summer's summit": a time still to come
FUTURE_WORDS = frozenset({"next", "upcoming", "coming", "future"})
# Sentences after an anchored event in which an unanchored one of the same family continues it.
CONTINUATION_SENTENCES = 2
PLACE_MATCH = 80  # rapidfuzz ratio of accent-folded names: "Banjska" ~ "Banjské" ~ "Banska"
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Words of talks and their subjects: an event noun hanging from them through "alongside", "about",
# ... is a subject of discussion ("ministers gather ... alongside the fighting in Gaza"), and the
# object of a discussion verb likewise ("will discuss the war").
DISCUSSION_LEMMAS = frozenset("discuss debate address cover review gather convene subject topic agenda issue "
                              "meet meeting talk talks summit session".split())


TOPIC_PREPOSITIONS = frozenset({"about", "alongside", "regarding", "concerning", "on", "including"})
# Heads of noun phrases that name who acts or is acted on; other common nouns ("square",
# "decision", "violence", "sides") are not actors. Named entities and proper nouns always are.
ACTOR_NOUNS = frozenset("""police policeman policemen officer officers sergeant patrol patrols unit units soldier soldiers
    troops force forces army military peacekeeper peacekeepers mission battalion brigade contingent gunmen gunman
    attacker attackers militant militants rebel rebels fighter fighters group groups men man women woman people
    protester protesters demonstrator demonstrators crowd crowds resident residents villager villagers civilian
    civilians government governments authority authorities official officials minister ministers ministry president
    leader leaders diplomat diplomats ally allies alliance council commander commanders spokesman spokeswoman
    serbs albanians monks worker workers student students journalist journalists mayor mayors family families
    guard guards reservist reservists suspect suspects member members delegation envoy envoys country countries
    state states party parties opposition""".split())


# Verbs whose subject does the event their object names ("police engaged in a battle", "staged a
# protest"); after other verbs ("NATO sent troops after the attack") the subject is someone else.
LIGHT_VERBS = frozenset("engage carry launch stage hold lead take join conduct mount begin start organize "
                        "organise fight wage open attend chair host convene authorize authorise approve order "
                        "announce repeat reiterate renew issue voice".split())


# Verbs whose subject is the one a deployment noun reaches: "KFOR received 500 reinforcements".
RECEIVING_VERBS = frozenset({"receive", "get", "welcome", "gain"})
MODALS = frozenset({"would", "could", "might", "may", "should", "can"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "into", "across", "around", "of"})
PERSON_WORDS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})
PRONOUN_WORDS = frozenset({"we", "it", "they", "he", "she", "which", "who", "that", "i", "us", "them", "you", "nobody",
                           "everyone", "this", "what", "those", "these", "one", "others"})


def family_of(kind: str) -> str:
    return FAMILY.get(kind, kind)


# Words of actor names too common to tell two events apart.
GENERIC_ACTOR_WORDS = frozenset("armed group groups people forces troops soldiers men unit units members the of "
                                "and its their".split())


WEAK_DATE_DAYS = 3  # unanchored mentions by the same actor in articles this close in time: one event
