"""News agencies and the names they go by, and the attributions to them inside a report's text.

The table is data (`text/data/agencies.csv`: canonical name, country, aliases in several
languages); a user file in the same format, named by the environment variable NEWSFUSE_AGENCIES
or passed to `load_agencies`, adds agencies or aliases. An alias written in capitals only ("AP",
"REL", "AA") matches only as written, so "ap" or "rel" inside a word or sentence never does.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "agencies.csv"
ENV = "NEWSFUSE_AGENCIES"


@dataclass(slots=True, frozen=True)
class Agency:
    name: str  # canonical: "AP", "RFE/RL"
    country: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(slots=True, frozen=True)
class Attribution:
    """A sentence of the text credited to an agency ("According to the Associated Press, ...").

    `start`/`end` are the offsets of the name in the text; `sentence_start`/`sentence_end` those of
    the sentence the attribution covers."""

    agency: str
    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int


def fold(text: str) -> str:
    """Lower case without accents: "Radio Evropa e Lirë" -> "radio evropa e lire"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def _is_capitals(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and len(letters) <= 4 and all(c.isupper() for c in letters)


@dataclass(slots=True)
class AgencyTable:
    agencies: list[Agency] = field(default_factory=list)
    _folded: dict[str, str] = field(default_factory=dict)  # folded alias -> canonical
    _exact: dict[str, str] = field(default_factory=dict)  # capitals-only alias -> canonical
    _pattern: re.Pattern[str] | None = None
    # text -> its attributions, for texts of at most SAID_CHARS characters (`attributions`)
    _said: dict[str, tuple[Attribution, ...]] = field(default_factory=dict, compare=False, repr=False)

    def add(self, agency: Agency) -> None:
        known = next((a for a in self.agencies if a.name == agency.name), None)
        if known is not None:
            agency = Agency(known.name, agency.country or known.country,
                            tuple(dict.fromkeys((*known.aliases, *agency.aliases))))
            self.agencies.remove(known)
        self.agencies.append(agency)
        for alias in (agency.name, *agency.aliases):
            if _is_capitals(alias):
                self._exact[alias] = agency.name
            else:
                self._folded[fold(alias)] = agency.name
        self._pattern = None
        self._said.clear()

    def lookup(self, name: str) -> str | None:
        """The canonical agency a credit names ("Agence France-Presse" -> "AFP"), else None."""
        name = name.strip().strip(".,;:()[]\"'").strip()
        if name.startswith(("the ", "The ")):
            name = name[4:]
        for suffix in (" news agency", " agency", " agencija", " agjencia"):
            if fold(name).endswith(suffix) and len(name) > len(suffix):
                name = name[:-len(suffix)]
        if name in self._exact:
            return self._exact[name]
        return self._folded.get(fold(name))

    def canonical(self, name: str) -> str:
        """The agency's canonical name, else the name as written (an outlet: "Jurist")."""
        return self.lookup(name) or " ".join(name.split())

    def pattern(self) -> re.Pattern[str]:
        """One regex over every alias, longest first (the folded ones case-insensitively)."""
        if self._pattern is None:
            folded = sorted({a for ag in self.agencies for a in (ag.name, *ag.aliases) if not _is_capitals(a)},
                            key=len, reverse=True)
            exact = sorted(self._exact, key=len, reverse=True)
            parts = [f"(?i:{re.escape(a)})" for a in folded] + [re.escape(a) for a in exact]
            # the letters an alias can start with, looked at before the alternatives are tried one
            # by one at a position (most words start with none of them): the same matches, faster
            starts = [f"(?i:[{''.join(sorted({re.escape(a[0]) for a in folded}))}])"] if folded else []
            starts += [f"[{''.join(sorted({re.escape(a[0]) for a in exact}))}]"] if exact else []
            ahead = f"(?={'|'.join(starts)})" if starts else ""
            self._pattern = re.compile(r"(?<![\w/])" + ahead + r"(?:" + "|".join(parts) + r")(?![\w])")
        return self._pattern


def read_table(path: Path) -> list[Agency]:
    """Agencies of one CSV file: `name,country,alias|alias|...`; lines starting with # are comments."""
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    agencies = []
    for row in csv.reader(rows):
        if not row or not row[0].strip():
            continue
        aliases = tuple(a.strip() for a in (row[2] if len(row) > 2 else "").split("|") if a.strip())
        agencies.append(Agency(row[0].strip(), row[1].strip() if len(row) > 1 else "", aliases))
    return agencies


@lru_cache(maxsize=8)
def load_agencies(user_file: str | None = None) -> AgencyTable:
    """The shipped table, extended by `user_file` or the file named by NEWSFUSE_AGENCIES."""
    table = AgencyTable()
    for agency in read_table(DATA):
        table.add(agency)
    extra = user_file or os.environ.get(ENV)
    if extra and Path(extra).is_file():
        for agency in read_table(Path(extra)):
            table.add(agency)
    return table


def agencies() -> AgencyTable:
    return load_agencies(os.environ.get(ENV) or None)


# --- attributions inside the text ----------------------------------------------------------------
# "according to the Associated Press (agency)", "France Press reported", "told Reuters", "cited by
# Tanjug", "(Reuters) -" at a dateline. The name must be a known agency: "according to the mayor" is
# not an attribution to an outlet.
_BEFORE = re.compile(r"(?:according\s+to|reported\s+by|cited\s+by|quoted\s+by|told|sources?\s+told|"
                     r"prema|sipas|laut|selon|según)\s+(?:the\s+|agenciji\s+|agencija\s+|agjencisë\s+)?$",
                     re.IGNORECASE)
_AFTER = re.compile(r"^(?:\s+(?:news\s+)?agency)?\s*(?:,\s*)?(?:reported|reports|said|wrote|writes|quoted|cited|"
                    r"learned|has\s+learned|javlja|prenosi|raportoi|berichtet|rapporte|informó)\b", re.IGNORECASE)
_DATELINE = re.compile(r"^\s*\)\s*[-–—]")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»’']?\s+(?=[\"“«‘']?[A-ZČĆŠŽĐÇË0-9])|\n")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the sentence of `text` around `start`..`end`."""
    left = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - 600), start + 1):
        if m.end() <= start:
            left = m.end()
    m = _SENTENCE_END.search(text, end)
    return left, (m.start() if m else len(text))


def attributions(text: str, table: AgencyTable | None = None) -> list[Attribution]:
    """Every sentence of `text` that names a known agency as its source."""
    table = table or agencies()
    if len(text) > SAID_CHARS:
        return _attributions(text, table)
    said = table._said.get(text)
    if said is None:  # a story's analysis and its thread's read the same articles: found once
        said = table._said[text] = tuple(_attributions(text, table))
        while len(table._said) > SAID_TEXTS:
            del table._said[next(iter(table._said))]
    return list(said)


SAID_TEXTS = 256  # texts whose attributions a table keeps (the first kept is the first forgotten)
SAID_CHARS = 100_000  # ... each at most this long (a very long article is not held on to)


def _attributions(text: str, table: AgencyTable) -> list[Attribution]:
    found: list[Attribution] = []
    for match in table.pattern().finditer(text):
        before = text[max(0, match.start() - 40):match.start()]
        after = text[match.end():match.end() + 40]
        credited = bool(_BEFORE.search(before) or _AFTER.match(after)
                        or (before.rstrip().endswith("(") and _DATELINE.match(after)))
        if not credited:
            continue
        name = table.lookup(match.group())
        if name is None:
            continue
        left, right = sentence_bounds(text, match.start(), match.end())
        found.append(Attribution(name, match.group(), match.start(), match.end(), left, right))
    return found
