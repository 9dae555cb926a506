"""Rules for lengths and repetitions and vague references: "three days", "recent months",
"daily", "every Thursday", "now", "recently", "the future"."""

from __future__ import annotations

import re

import datetime as dt

from newsfuse.timex.grammar import Candidate
from newsfuse.timex.lexicon import DAY_PARTS, MONTHS, SEASONS, WEEKDAYS, parse_number
from newsfuse.timex.rulebase import Found, RuleBase
from newsfuse.timex.values import RATE_BEFORE, combine_durations, duration_value, preceded_by, unit_code

Date = dt.date


_SOMEDAY_BEFORE = r"\b(?:will|would|could|might|may|can|shall|should|must|to)\s+$"
_SOMEDAY_AFTER = re.compile(r"\s+(?!(?:after|before|later|earlier|ago|of|and|or|in|at|to|a|an|the)\b)[a-z]+\b")


# Nouns of a happening or a state that lasts, after an age ("the 17-year-old civil war"), with at
# most two words between.
_HAPPENING_AFTER = re.compile(
    r"\s+(?:[a-z][\w-]*\s+){0,2}?(?:truce|cease-?fire|armistice|war|conflict|fighting|insurgency|rebellion|uprising"
    r"|revolt|occupation|siege|blockade|embargo|sanctions|boycott|ban|moratorium|freeze|shutdown|lockdown|curfew"
    r"|strike|walkout|protests?|campaign|crisis|standoff|stand-off|stalemate|deadlock|impasse|dispute|feud|row"
    r"|slump|recession|downturn|boom|rally|drought|famine|epidemic|outbreak|unrest|violence|investigation|inquiry"
    r"|probe|search|manhunt|trial|case|talks|negotiations|peace\s+process|state\s+of\s+emergency)\b")


class AmountRules(RuleBase):
    """Durations, sets and the PRESENT_REF / PAST_REF / FUTURE_REF references."""

    def _duration(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        n_text = g["n"].strip().lower().rstrip("-").strip()
        unit_text = g["unit"].lower()
        if unit_text.startswith("second") and n_text in ("a", "an"):
            return None  # "a second round"
        if n_text in ("a", "an") and unit_text.endswith("s"):
            return None  # "a months-long dispute": the article is the noun's
        number = parse_number(n_text)
        unit = unit_code(unit_text)
        if number is not None and "half" in g:
            number += 0.5
        if number == 1 and n_text in ("a", "an", "per") and preceded_by(self.text, cand.start, RATE_BEFORE):
            return None  # "$500 million a year", "four flights a week": a rate, not a time
        if (n_text == "one" and unit == "D" and "approx" not in g and "rel" not in g
                and preceded_by(self.text, cand.start, _SOMEDAY_BEFORE) and _SOMEDAY_AFTER.match(self.text, cand.end)):
            return "DATE", "FUTURE_REF"  # "Islam will one day be ...": someday, not a length
        value = duration_value(number, unit)
        if "n2" in g and "unit2" in g and number is not None:
            extra = parse_number(g["n2"])
            if extra is not None:
                value = combine_durations(value, duration_value(extra, unit_code(g["unit2"])))
        return "DURATION", value

    def _long_adj(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        """"a year-long inquiry" P1Y, "a decades-long dispute" PXDE, "a several-year tenure" PXY."""
        if "several" in g:
            return "DURATION", duration_value(None, unit_code(g["sunit"].lower()))
        unit_text = g["unit"].lower()
        plural = unit_text.endswith(("s", "ies"))
        return "DURATION", duration_value(None if plural else 1, unit_code(unit_text))

    def _age_adj(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        """"the 8-month-old truce" P8M, "the 17-year-old civil war" P17Y: how long a happening or
        a state has lasted. Not "a 44-year-old man" or "a 136-year-old bank": a person's or a
        thing's age is no time of the story (TimeBank tags neither)."""
        if _HAPPENING_AFTER.match(self.text, cand.end) is None:
            return None
        number = parse_number(g["n"].lower())
        if number is None:
            return None
        return "DURATION", duration_value(number, unit_code(g["unit"].lower()))

    def _vague_duration(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        rel = " ".join(g.get("rel", "").lower().split())
        unit = unit_code(g["unit"].lower())
        if "ahead" in g and rel == "the":
            rel = "the next"
        elif rel == "the" and not preceded_by(self.text, cand.start, r"\b(?:over|for|in|through|throughout)\s+$"):
            return None
        if not rel and unit in ("H", "MIN", "Q"):
            return None
        if unit == "Y" and rel in ("recent", "past", "in recent"):
            return "DATE", "PAST_REF"  # "in recent years" is a vague past, not a length
        return "DURATION", duration_value(None, unit)

    def _set(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        if "word" in g:
            word = g["word"].lower().replace("-", "")
            if word == "daily" and preceded_by(self.text, cand.start, r"\b(?:party|people's|the)\s+$"):
                return None  # "the Communist Party daily Granma": a newspaper
            return "SET", {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M",
                           "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "biweekly": "P2W",
                           "semiannually": "P6M"}[word]
        if "pwd" in g:
            part = "T" + DAY_PARTS[g["ppart"].lower()] if "ppart" in g else ""
            values = [f"XXXX-WXX-{WEEKDAYS[g[k].lower()]}{part}" for k in ("pwd2", "pwd") if k in g]
            if len(values) == 1:
                return "SET", values[0]
            # "Monday and Tuesday nights": two sets, each on its own words
            first_end = cand.group_spans["pwd2"][1]
            return [Found(cand.start, first_end, "SET", values[0]),
                    Found(cand.group_spans["pwd"][0], cand.end, "SET", values[1])]
        unit_text = (g.get("unit") or g.get("unit2") or g.get("unit3") or "").lower().rstrip(".")
        if unit_text.endswith("s") and unit_text[:-1] in WEEKDAYS:
            unit_text = unit_text[:-1]
        if unit_text in WEEKDAYS:
            return "SET", f"XXXX-WXX-{WEEKDAYS[unit_text]}"
        if unit_text in MONTHS:
            return "SET", f"XXXX-{MONTHS[unit_text]:02d}"
        if unit_text in SEASONS:
            return "SET", f"XXXX-{SEASONS[unit_text]}"
        if unit_text in ("morning", "afternoon", "evening", "night"):
            return "SET", "XXXX-XX-XXT" + DAY_PARTS[unit_text]
        if unit_text == "weekend":
            return "SET", "XXXX-WXX-WE"
        if unit_text == "annum":
            unit_text = "year"
        number = parse_number(g["n"]) if "n" in g else 1.0
        return "SET", duration_value(number or 1.0, unit_code(unit_text))

    def _ref(self, cand: Candidate, g: dict) -> tuple[str, str] | None:
        if "present" in g:
            return "DATE", "PRESENT_REF"
        if "past" in g:
            return "DATE", "PAST_REF"
        return "DATE", "FUTURE_REF"
